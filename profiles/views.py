"""People pages: directory, profiles, competences, networks, and the member's own settings.

Views stay thin: reads come from selectors, writes from services.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from intranet import personal_data
from intranet.audience import membership_kind
from intranet.cache_control import mark_private
from intranet.media import protected_file_response
from intranet.paging import paged
from intranet.ratelimit import rate_limit_check

from . import selectors, services
from .forms import (
    AccountDeleteForm,
    CompetenceForm,
    LearningInterestForm,
    ProfileForm,
    RoleClaimForm,
)
from .models import (
    Competence,
    Network,
    NetworkMembership,
    Profile,
    ProfileCompetence,
    Role,
)

PAGE_SIZE = 24
NETWORKS_PER_PAGE = 24
MEMBERS_SHOWN = 100  # a network page lists this many; bigger circles say "and more"


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _visible_profile(request, username) -> Profile:
    profile = get_object_or_404(
        Profile.objects.visible_to(request.user).select_related("user"),
        user__username=username,
    )
    return profile


# --- directory ----------------------------------------------------------------


class DirectoryPaginator(Paginator):
    """Counts at most COUNT_CAP people ("1,000+ people" past it).

    Counting every member who matches a filter grows with the community; the
    cap keeps the count, like the page itself, bounded.
    """

    COUNT_CAP = 1000
    capped = False

    @cached_property
    def count(self):
        n = self.object_list.order_by()[: self.COUNT_CAP + 1].count()
        self.capped = n > self.COUNT_CAP
        return min(n, self.COUNT_CAP)

    @property
    def count_label(self) -> str:
        text = number_format(self.count, force_grouping=True)
        return f"{text}+" if self.capped else text


@require_GET
def directory(request):
    q = request.GET.get("q", "")[:200]
    competence_slugs = [s[:100] for s in request.GET.getlist("competence")][:5]
    role_slug = request.GET.get("role", "")[:120]
    kind = request.GET.get("kind", "")[:16]
    profiles, notes = selectors.profiles_for_directory(
        viewer=request.user,
        q=q,
        competence_slugs=competence_slugs,
        role_slug=role_slug,
        kind=kind,
    )
    page = DirectoryPaginator(profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    filter_notes = []
    for what, values in notes:
        names = ", ".join(values)
        if what == "competence":
            filter_notes.append(_("No competence is called “%(n)s”.") % {"n": names})
        elif what == "role":
            filter_notes.append(_("No role is called “%(n)s”.") % {"n": names})
        else:
            filter_notes.append(_("“%(n)s” is not a kind of member.") % {"n": names})
    roles = Role.objects.visible_to(request.user)
    popular = selectors.popular_competences()
    chosen = list(Competence.objects.filter(slug__in=competence_slugs))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "profiles/directory.html",
        {
            "page_obj": page,
            "q": q,
            "chosen_competences": chosen,
            "role_slug": role_slug,
            "kind": kind,
            "roles": roles,
            "popular_competences": popular,
            "filter_notes": filter_notes,
            "querystring": query.urlencode(),
            "kinds": [
                ("external", _("External members")),
                ("employee", _("Employees")),
                ("manager", _("Community managers")),
            ],
            "suggestions": selectors.people_you_may_know(viewer=request.user),
        },
    )


# --- a profile ----------------------------------------------------------------


@require_GET
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
    is_owner = viewer.is_authenticated and viewer.pk == profile.user_id
    links = list(profile.competence_links.all())
    endorsed_ids = set()
    if viewer.is_authenticated:
        endorsed_ids = {
            link.pk
            for link in links
            for e in link.endorsements.all()
            if e.endorser_id == viewer.pk
        }
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
        "endorsed_ids": endorsed_ids,
        "current_roles": current_roles,
        "past_roles": past_roles,
        "learning_links": list(profile.learning_links.all()),
        "networks": networks,
        "counts": selectors.follow_counts(user=profile.user),
        "is_following": selectors.is_following(follower=viewer, followed=profile.user),
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


# --- the member's own pages ---------------------------------------------------


@login_required
def me(request):
    return redirect("profiles:detail", username=request.user.username)


@login_required
def edit(request):
    profile = services.profile_ensure(user=request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in ProfileForm.Meta.fields}
            # the ModelForm already copied cleaned values onto the instance; the
            # service re-applies them so the bio is sanitised in one place, and
            # saves fields and photo in one transaction
            try:
                services.profile_save(
                    profile=profile,
                    fields=fields,
                    photo=form.cleaned_data.get("photo_upload"),
                    remove_photo=form.cleaned_data.get("remove_photo", False),
                )
            except ValidationError as exc:
                form.add_error("photo_upload", exc)
                profile.refresh_from_db()
            if not form.errors:
                messages.success(request, _("Your profile was saved."))
                return redirect("profiles:edit")
        status = 400
    else:
        form = ProfileForm(instance=profile)
        status = 200
    return render(
        request,
        "profiles/profile_edit.html",
        _edit_context(profile, form=form),
        status=status,
    )


def _edit_context(profile, **extra):
    context = {
        "profile": profile,
        "form": None,
        "competence_form": CompetenceForm(),
        "learning_form": LearningInterestForm(),
        "competence_links": profile.competence_links.select_related("tag")
        .annotate(n=Count("endorsements"))
        .order_by("tag__name"),
        "learning_links": profile.learning_links.select_related("tag").order_by(
            "tag__name"
        ),
    }
    context.update(extra)
    if context["form"] is None:
        context["form"] = ProfileForm(instance=profile)
    return context


@login_required
@require_POST
def competence_add(request):
    profile = services.profile_ensure(user=request.user)
    form = CompetenceForm(request.POST)
    if form.is_valid():
        try:
            link = services.profile_competence_set(
                profile=profile,
                name=form.cleaned_data["name"],
                level=form.cleaned_data["level"],
            )
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            messages.success(
                request,
                _("%(competence)s is on your profile (%(level)s).")
                % {"competence": link.tag.name, "level": link.get_level_display()},
            )
            return redirect("profiles:edit")
    return render(
        request,
        "profiles/profile_edit.html",
        _edit_context(profile, competence_form=form),
        status=400,
    )


@login_required
@require_POST
def competence_remove(request, competence_id):
    profile = services.profile_ensure(user=request.user)
    services.profile_competence_remove(profile=profile, competence_id=competence_id)
    messages.success(request, _("The competence was removed from your profile."))
    return redirect("profiles:edit")


@login_required
@require_POST
def learning_add(request):
    profile = services.profile_ensure(user=request.user)
    form = LearningInterestForm(request.POST)
    if form.is_valid():
        try:
            services.learning_interest_add(
                profile=profile, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            messages.success(request, _("Added to what you want to learn."))
            return redirect("profiles:edit")
    return render(
        request,
        "profiles/profile_edit.html",
        _edit_context(profile, learning_form=form),
        status=400,
    )


@login_required
@require_POST
def learning_remove(request, competence_id):
    profile = services.profile_ensure(user=request.user)
    services.learning_interest_remove(profile=profile, competence_id=competence_id)
    messages.success(request, _("Removed from what you want to learn."))
    return redirect("profiles:edit")


@login_required
def claim_role(request):
    profile = services.profile_ensure(user=request.user)
    status = 200
    if request.method == "POST":
        form = RoleClaimForm(request.POST)
        if form.is_valid():
            try:
                services.role_claim_create(
                    profile=profile,
                    role=form.cleaned_data["role"],
                    motivation=form.cleaned_data["motivation"],
                )
            except ValidationError as exc:
                form.add_error("role", exc)
            else:
                messages.success(
                    request,
                    _(
                        "Your claim was sent. A community manager will decide; "
                        "you will get an e-mail either way."
                    ),
                )
                return redirect("profiles:claim_role")
        status = 400
    else:
        form = RoleClaimForm(initial={"role": request.GET.get("role") or None})
    claims = profile.role_claims.select_related("role").order_by("-created_at")
    return render(
        request,
        "profiles/claim_role.html",
        {"form": form, "claims": claims, "profile": profile},
        status=status,
    )


@login_required
@require_GET
def export(request):
    """The member's data download: every app's registered section
    (intranet/personal_data.py), as JSON."""
    services.profile_ensure(user=request.user)
    data = personal_data.export_for(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="koers-{request.user.username}.json"'
    )
    return mark_private(response)


@login_required
def delete_account(request):
    """Confirm with the account's e-mail address; the page lists what happens to
    each kind of data (the same register as the download)."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            user = request.user
            logout(request)
            services.account_delete(user=user)
            messages.success(request, _("Your account and profile were deleted."))
            return redirect("/")
        status = 400
    summary = personal_data.deletion_summary()
    groups = [
        (personal_data.ERASURE_LABELS[key], summary[key])
        for key in (personal_data.DELETED, personal_data.ANONYMISED, personal_data.KEPT)
        if summary[key]
    ]
    return render(
        request,
        "profiles/account_delete.html",
        {"form": form, "groups": groups},
        status=status,
    )


# --- competences --------------------------------------------------------------


@require_GET
def competence_autocomplete(request):
    results = [
        {"name": c.name, "slug": c.slug, "uses": c.uses}
        for c in selectors.competences_autocomplete(q=request.GET.get("q", "")[:100])
    ]
    return JsonResponse({"results": results})


@require_GET
def competence_list(request):
    competences = (
        Competence.objects.annotate(
            uses=Count("profile_links", distinct=True),
            learners=Count("learner_links", distinct=True),
        )
        .filter(uses__gt=0)
        .order_by("-uses", "name")
    )
    page = paged(request, competences, per_page=60)
    return render(request, "profiles/competence_list.html", {"page_obj": page})


@require_GET
def competence_detail(request, slug):
    competence = get_object_or_404(Competence, slug=slug)
    knowers, learners = selectors.competence_people(
        viewer=request.user, competence=competence
    )
    return render(
        request,
        "profiles/competence_detail.html",
        {
            "competence": competence,
            "knowers": knowers,
            "learners": learners,
        },
    )


# --- networks -----------------------------------------------------------------


@require_GET
def network_list(request):
    networks = selectors.networks_for(viewer=request.user)
    mine = set()
    if request.user.is_authenticated:
        mine = set(
            NetworkMembership.objects.filter(user=request.user).values_list(
                "network_id", flat=True
            )
        )
    page = paged(request, networks, per_page=NETWORKS_PER_PAGE)
    return render(
        request,
        "profiles/network_list.html",
        {"networks": page.object_list, "page_obj": page, "mine": mine},
    )


def _visible_network(request, slug) -> Network:
    return get_object_or_404(Network.objects.visible_to(request.user), slug=slug)


@require_GET
def network(request, slug):
    network = _visible_network(request, slug)
    member_qs = selectors.network_members(viewer=request.user, network=network)
    members = list(member_qs[:MEMBERS_SHOWN])
    is_host = selectors.is_network_host(user=request.user, network=network)
    pending = []
    if is_host:
        pending = NetworkMembership.objects.filter(
            network=network, status=NetworkMembership.Status.PENDING
        ).select_related("user__profile")
    return render(
        request,
        "profiles/network_detail.html",
        {
            "network": network,
            "members": members,
            "member_count": len(members)
            if len(members) < MEMBERS_SHOWN
            else member_qs.count(),
            "hosts": [m for m in members if m.role == NetworkMembership.Role.HOST],
            "membership": selectors.membership_of(user=request.user, network=network),
            "is_host": is_host,
            "pending": pending,
        },
    )


@login_required
@require_POST
def network_join(request, slug):
    network = _visible_network(request, slug)
    membership = services.network_join(network=network, user=request.user)
    if membership.status == NetworkMembership.Status.ACTIVE:
        messages.success(
            request, _("Welcome to %(network)s.") % {"network": network.name}
        )
    else:
        messages.info(
            request,
            _("Your request to join %(network)s waits for a host's approval.")
            % {"network": network.name},
        )
    return redirect(network.get_absolute_url())


@login_required
@require_POST
def network_leave(request, slug):
    network = _visible_network(request, slug)
    services.network_leave(network=network, user=request.user)
    messages.success(request, _("You left %(network)s.") % {"network": network.name})
    return redirect(network.get_absolute_url())


@login_required
@require_POST
def network_approve(request, slug, membership_id):
    network = _visible_network(request, slug)
    membership = get_object_or_404(NetworkMembership, pk=membership_id, network=network)
    try:
        services.network_membership_approve(membership=membership, host=request.user)
    except ValidationError as exc:
        raise PermissionDenied(_error_text(exc)) from exc
    messages.success(request, _("The member was let in."))
    return redirect(network.get_absolute_url())
