"""A profile"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from intranet.audience import membership_kind
from intranet.media import protected_file_response
from intranet.ratelimit import rate_limit_check
from intranet.viewer_state import page_owned_by

from .. import selectors, services
from ..models import (
    Network,
    NetworkMembership,
    ProfileCompetence,
)
from .common import (
    PAGE_SIZE,
    _error_text,
    _visible_profile,
)

# --- a profile ----------------------------------------------------------------


@require_GET
def photo(request, image_id, size):
    """A profile photo, to those who may see the profile (404 to anyone else)."""
    rendition = selectors.photo_rendition(
        viewer=request.user, image_id=image_id, size=size
    )
    if rendition is None:
        raise Http404
    return protected_file_response(rendition.file.name, storage=rendition.file.storage)


def detail(request, username):
    profile = selectors.profile_for_page(viewer=request.user, username=username)
    if profile is None:
        raise Http404
    viewer = request.user
    # The owner sees their private fields and owner controls: a copy of their own.
    # Everyone else shares one; follow and endorse are filled per viewer.
    page_owned_by(request, profile.user_id)
    is_owner = viewer.is_authenticated and viewer.pk == profile.user_id
    links = list(profile.competence_links.all())
    for link in links:  # the first few endorsers are named, the rest counted
        link.more_endorsers = link.endorsement_count - len(link.endorsers)
    current_roles = [a for a in profile.all_roles if a.is_current]
    past_roles = [a for a in profile.all_roles if not a.is_current]
    networks = (
        Network.objects.visible_to(viewer)
        .filter(
            memberships__user_id=profile.user_id,
            memberships__status=NetworkMembership.Status.ACTIVE,
        )
        .order_by("name")
    )
    context = {
        "profile": profile,
        "is_owner": is_owner,
        "fields": profile.visible_fields(viewer),
        "competence_links": links,
        "current_roles": current_roles,
        "past_roles": past_roles,
        "learning_links": list(profile.learning_links.all()),
        "networks": networks,
        "counts": selectors.follow_counts(user=profile.user),
        "teachers": selectors.teachers_for(viewer=viewer, profile=profile),
        "membership_kind": membership_kind(profile.user),
    }
    if is_owner:
        context["completeness"], context["missing"] = profile.completeness()
    return render(request, "profiles/profile_detail.html", context)


@require_GET
def follow_list(request, username, which):
    profile = _visible_profile(request, username)
    if which == "followers":
        people = selectors.followers_of(viewer=request.user, user=profile.user)
        title = _("Followers of %(name)s") % {"name": profile.display_name}
    else:
        people = selectors.following_of(viewer=request.user, user=profile.user)
        title = _("%(name)s follows") % {"name": profile.display_name}
    page = Paginator(people.order_by("display_name"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "profiles/follow_list.html",
        {"profile": profile, "page_obj": page, "title": title, "which": which},
    )


@login_required
@require_POST
def follow(request, username):
    profile = _visible_profile(request, username)
    rate_limit_check(user=request.user, action="follow")
    try:
        services.follow_create(follower=request.user, followed=profile.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect(profile.get_absolute_url())
    messages.success(
        request, _("You now follow %(name)s.") % {"name": profile.display_name}
    )
    return redirect(profile.get_absolute_url())


@login_required
@require_POST
def unfollow(request, username):
    profile = _visible_profile(request, username)
    services.follow_delete(follower=request.user, followed=profile.user)
    messages.success(
        request,
        _("You no longer follow %(name)s.") % {"name": profile.display_name},
    )
    return redirect(profile.get_absolute_url())


@login_required
@require_POST
def endorse(request, username, slug):
    profile = _visible_profile(request, username)
    link = get_object_or_404(
        ProfileCompetence.objects.select_related("content_object", "tag"),
        content_object=profile,
        tag__slug=slug,
    )
    rate_limit_check(user=request.user, action="endorse")
    if request.POST.get("undo"):
        services.endorsement_delete(endorser=request.user, profile_competence=link)
        messages.success(request, _("Your endorsement was withdrawn."))
    else:
        try:
            services.endorsement_create(endorser=request.user, profile_competence=link)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return redirect(profile.get_absolute_url())
        messages.success(
            request,
            _("You endorsed %(name)s for %(competence)s.")
            % {"name": profile.display_name, "competence": link.tag.name},
        )
    return redirect(f"{profile.get_absolute_url()}#competences")
