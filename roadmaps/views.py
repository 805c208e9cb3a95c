"""Views behind the routes of roadmap and item pages; thin: selectors read, services write.

They are reached through Wagtail's page serving, so page privacy and the
staff-404 hook (home/wagtail_hooks.py, via intranet.audience) have already
decided that the user may see the page before any of these run.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from accounts.contributions import contribution_offer_response
from accounts.feed_tokens import private_feed
from intranet.conditional import conditional_feed, validators
from intranet.html import plain_text
from intranet.page_routing import serve
from intranet.paging import paged
from intranet.redirects import redirect_back
from intranet.site_url import absolute_url, page_url
from intranet.viewer_state import page_owned_by

from . import contributions, selectors, services, similar
from .forms import CommentForm, ProposalForm, VolunteerForm
from .models import IdeaProposal, Moderation, OpenRole, RoadmapChange, Status, Volunteer
from .services import RoadmapError

IDEAS_PER_PAGE = 20  # a roadmap's idea list grows with its community: paged


def _render(request, page, template, context, status=200):
    base = page.get_context(request)
    base.update(context)
    return TemplateResponse(request, template, base, status=status)


def _offer_if_open(request, page, check, **offer):
    """A visitor's vote or offer to help: refused at once (with ``check``'s reason) when
    it could no longer be applied, otherwise kept for after sign-up."""
    try:
        check()
    except RoadmapError as exc:
        return _problem(request, page, exc.message, exc.status)
    return contribution_offer_response(request, **offer)


def _problem(request, page, message, status=400):
    return _render(
        request,
        page,
        "roadmaps/problem.html",
        {"message": message, "back_url": page.url},
        status=status,
    )


def _login_redirect(request):
    return redirect_to_login(request.get_full_path())


def _back(request, default: str):
    return redirect_back(request, default)


def _roadmap_filters(request, roadmap, visible):
    lanes = selectors.roadmap_lanes(roadmap, request.user, visible)
    return lanes, selectors.Filters.from_query(request.GET, lanes)


# --- Roadmap pages -----------------------------------------------------------------


def _roadmap_common(request, roadmap, view: str):
    return {
        "view": view,
        "promises": list(roadmap.promises.all()),
        "statuses": Status,
        "can_contribute": request.user.is_authenticated,
    }


def roadmap_index(request, index):
    """The roadmap index page: its own template, with the visible roadmaps."""
    roadmaps = selectors.roadmaps_for_index(user=request.user, index=index)
    return index.render(request, context_overrides={"roadmaps": roadmaps})


def roadmap_board(request, roadmap):
    visible = selectors.items_visible_to(request.user, roadmap)  # page privacy, once
    try:
        lanes, filters = _roadmap_filters(request, roadmap, visible)
    except selectors.UnknownFilter as exc:
        return _problem(request, roadmap, str(exc))
    board = selectors.roadmap_board(
        user=request.user,
        roadmap=roadmap,
        filters=filters,
        lanes=lanes,
        visible=visible,
    )
    context = _roadmap_common(request, roadmap, "board")
    context.update(
        {
            "board": board,
            "lanes": lanes,
            "filters": filters,
            "sort_choices": selectors.sort_choices(),
        }
    )
    return _render(request, roadmap, "roadmaps/roadmap_page.html", context)


def roadmap_timeline(request, roadmap):
    visible = selectors.items_visible_to(request.user, roadmap)  # page privacy, once
    try:
        lanes, filters = _roadmap_filters(request, roadmap, visible)
    except selectors.UnknownFilter as exc:
        return _problem(request, roadmap, str(exc))
    periods = selectors.roadmap_timeline(
        user=request.user,
        roadmap=roadmap,
        filters=filters,
        lanes=lanes,
        visible=visible,
    )
    context = _roadmap_common(request, roadmap, "timeline")
    context.update({"periods": periods, "lanes": lanes, "filters": filters})
    return _render(request, roadmap, "roadmaps/roadmap_timeline.html", context)


def roadmap_changes(request, roadmap):
    changes = list(selectors.roadmap_changes(user=request.user, roadmap=roadmap))
    # An item is a child of its roadmap: its link is the roadmap's plus its slug,
    # without working out each item's URL from the site's root paths.
    base = roadmap.url
    for change in changes:
        change.link = f"{base}{change.item.slug}/" if change.item_id else base
    context = _roadmap_common(request, roadmap, "changes")
    context["changes"] = changes
    return _render(request, roadmap, "roadmaps/roadmap_changes.html", context)


def change_title(change: RoadmapChange) -> str:
    item = change.item.title if change.item_id else ""
    if change.kind == RoadmapChange.Kind.STATUS:
        return _("%(item)s: %(old)s → %(new)s") % {
            "item": item,
            "old": change.get_old_status_display(),
            "new": change.get_new_status_display(),
        }
    if change.kind == RoadmapChange.Kind.RESULT:
        return _("New result for %(item)s") % {"item": item}
    if change.kind == RoadmapChange.Kind.ROLE_FILLED:
        return _("%(item)s: volunteer accepted as %(role)s") % {
            "item": item,
            "role": change.summary,
        }
    if change.kind == RoadmapChange.Kind.IDEA:
        return _("Idea became an item: %(item)s") % {"item": item}
    return _("New item: %(item)s") % {"item": item}


def _atom_validators(request, roadmap):
    rows = list(
        selectors.roadmap_changes(user=request.user, roadmap=roadmap).values_list(
            "pk", "created_at"
        )
    )
    return validators(
        viewer=request.user,
        rows=[roadmap.pk, roadmap.last_published_at, *rows],
        times=[roadmap.last_published_at, *(created for _pk, created in rows)],
    )


@conditional_feed(_atom_validators)
def roadmap_atom_feed(request, roadmap):
    feed = Atom1Feed(
        title=roadmap.title,
        link=page_url(roadmap, request),
        description=plain_text(roadmap.intro),
        subtitle=plain_text(roadmap.intro) or None,
        author_name=selectors.roadmap_author_name(roadmap),
        language=getattr(request, "LANGUAGE_CODE", "en"),
        feed_url=absolute_url(request.path),
    )
    for change in selectors.roadmap_changes(user=request.user, roadmap=roadmap):
        link = page_url(change.item if change.item_id else roadmap, request)
        feed.add_item(
            title=change_title(change),
            link=link,
            description=change.summary,
            unique_id=f"{link}#change-{change.pk}",
            pubdate=change.created_at,
            updateddate=change.created_at,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


# --- Ideas ---------------------------------------------------------------------------


def roadmap_ideas(request, roadmap):
    similar_url = roadmap.sub_url("similar_ideas")
    form = ProposalForm(similar_url=similar_url)
    if request.method == "POST":
        form = ProposalForm(request.POST, similar_url=similar_url)
        if form.is_valid() and not request.user.is_authenticated:
            # Contribute first, sign up after: the idea is kept through sign-up.
            return contribution_offer_response(
                request,
                kind=contributions.IDEA,
                target={"roadmap": roadmap.pk},
                payload=form.cleaned_data,
                next_url=roadmap.sub_url("ideas"),
            )
        if form.is_valid():
            try:
                proposal = services.proposal_create(
                    author=request.user, roadmap=roadmap, **form.cleaned_data
                )
            except RoadmapError as exc:
                return _problem(request, roadmap, exc.message, exc.status)
            if proposal.state == IdeaProposal.State.PENDING:
                messages.info(
                    request,
                    _(
                        "Thank you! Your idea is waiting for a community manager; "
                        "it is public once approved."
                    ),
                )
            else:
                messages.success(request, _("Your idea is on the roadmap's idea list."))
            return redirect(roadmap.sub_url("ideas"))
    context = _roadmap_common(request, roadmap, "ideas")
    context.update(
        {
            "proposals": paged(
                request,
                selectors.proposals_visible(request.user, roadmap),
                per_page=IDEAS_PER_PAGE,
            ),
            "form": form,
        }
    )
    return _render(
        request,
        roadmap,
        "roadmaps/roadmap_ideas.html",
        context,
        status=400 if form.errors else 200,
    )


def roadmap_similar_ideas(request, roadmap):
    """Ideas like the one being typed (``?title=``): a page of its own, and the part
    of it the idea form swaps in while the member types."""
    text = request.GET.get("title", "")[:300]
    context = _roadmap_common(request, roadmap, "ideas")
    context.update(
        {
            "text": text,
            "similar": similar.similar_ideas(
                user=request.user, roadmap=roadmap, text=text
            ),
        }
    )
    return _render(request, roadmap, "roadmaps/similar_ideas.html", context)


def _proposal(request, roadmap, pk):
    proposal = selectors.proposals_visible(request.user, roadmap).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


def idea_detail(request, roadmap, pk):
    kept = selectors.merged_idea_target(roadmap, pk)
    if kept is not None:
        # A merged duplicate points to the idea that stays (its votes are there).
        messages.info(request, _("This idea was merged into a similar one."))
        return redirect(roadmap.sub_url("idea", kept.pk))
    proposal = _proposal(request, roadmap, pk)
    user = request.user
    context = _roadmap_common(request, roadmap, "ideas")
    context.update(
        {
            "proposal": proposal,
            "comments": selectors.comments_visible(user, proposal=proposal),
            "comment_form": CommentForm(),
        }
    )
    return _render(request, roadmap, "roadmaps/idea_detail.html", context)


def idea_vote(request, roadmap, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    proposal = _proposal(request, roadmap, pk)
    if not request.user.is_authenticated:
        return _offer_if_open(
            request,
            roadmap,
            lambda: services.vote_check_open(proposal=proposal),
            kind=contributions.IDEA_VOTE,
            target={"proposal": proposal.pk},
            next_url=roadmap.sub_url("idea", pk),
        )
    return _vote(request, roadmap, roadmap.sub_url("idea", pk), proposal=proposal)


def idea_comment(request, roadmap, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return _login_redirect(request)
    proposal = _proposal(request, roadmap, pk)
    return _comment(request, roadmap, roadmap.sub_url("idea", pk), proposal=proposal)


# --- Items -----------------------------------------------------------------------------


def item_detail(request, item):
    # Its owner decides on volunteers here: a copy of their own. Votes, follows and
    # one's own volunteering are filled per viewer (roadmaps/viewer_state.py).
    page_owned_by(request, item.owner_user_id)
    roadmap = selectors.roadmap_of(item)
    context = selectors.item_detail(user=request.user, item=item)
    context.update(
        {
            "roadmap": roadmap,
            "comment_form": CommentForm(),
            "volunteer_form": VolunteerForm(),
            "may_decide": services.may_decide_volunteers(request.user, item),
        }
    )
    return _render(request, item, "roadmaps/roadmap_item_page.html", context)


def _vote(request, page, back, **target):
    action = request.POST.get("action", "vote")
    try:
        if action == "retract":
            services.vote_retract(user=request.user, **target)
            messages.success(request, _("Your vote is withdrawn."))
        elif action == "vote":
            services.vote_cast(user=request.user, **target)
            messages.success(request, _("Thank you for your vote."))
        else:
            raise RoadmapError(_("Unknown action."))
    except RoadmapError as exc:
        return _problem(request, page, exc.message, exc.status)
    return _back(request, back)


def _comment(request, page, back, **target):
    form = CommentForm(request.POST)
    if not form.is_valid():
        message = " ".join(error for errors in form.errors.values() for error in errors)
        return _problem(request, page, message, 400)
    try:
        comment = services.comment_create(
            author=request.user,
            body=form.cleaned_data["body"],
            language=form.cleaned_data.get("language", ""),
            **target,
        )
    except RoadmapError as exc:
        return _problem(request, page, exc.message, exc.status)
    if comment.moderation == Moderation.PENDING:
        messages.info(
            request,
            _(
                "Thank you! As a new member your first comment waits for a community "
                "manager before others see it."
            ),
        )
    return _back(request, back)


def item_vote(request, item):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return _offer_if_open(
            request,
            item,
            lambda: services.vote_check_open(item=item),
            kind=contributions.ITEM_VOTE,
            target={"item": item.pk},
            next_url=item.url,
        )
    return _vote(request, item, item.url, item=item)


def item_follow(request, item):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return _login_redirect(request)
    if request.POST.get("action") == "unfollow":
        services.item_unfollow(user=request.user, item=item)
        messages.success(request, _("You no longer follow this item."))
    else:
        services.item_follow(user=request.user, item=item)
        messages.success(
            request, _("You follow this item: we e-mail you about its progress.")
        )
    return _back(request, item.url)


def item_comment(request, item):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return _login_redirect(request)
    return _comment(request, item, item.url + "#comments", item=item)


def role_volunteer(request, item, role_id):
    role = get_object_or_404(OpenRole, pk=role_id, item=item)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = VolunteerForm(request.POST)
    if not form.is_valid():
        return _problem(request, item, " ".join(form.errors.get("message", [])), 400)
    if not request.user.is_authenticated:
        return _offer_if_open(
            request,
            item,
            lambda: services.volunteer_check_open(role=role),
            kind=contributions.VOLUNTEER,
            target={"role": role.pk},
            payload={"message": form.cleaned_data["message"]},
            next_url=item.url,
        )
    try:
        services.volunteer_create(
            user=request.user, role=role, message=form.cleaned_data["message"]
        )
    except RoadmapError as exc:
        return _problem(request, item, exc.message, exc.status)
    messages.success(
        request,
        _("Thank you for offering to help as %(role)s. The owner will answer you.")
        % {"role": role.title},
    )
    return redirect(item.url + f"#role-{role.pk}")


def volunteer_decide(request, item, pk):
    volunteer = get_object_or_404(
        Volunteer.objects.select_related("user"), pk=pk, role__item=item
    )
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return _login_redirect(request)
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):
        return _problem(request, item, _("Choose accept or decline."), 400)
    try:
        services.volunteer_decide(
            volunteer=volunteer, by=request.user, accept=decision == "accept"
        )
    except RoadmapError as exc:
        return _problem(request, item, exc.message, exc.status)
    messages.success(request, _("Your answer was sent to the volunteer."))
    return _back(request, item.url + f"#role-{volunteer.role_id}")


@private_feed
def atom_feed_by_slug(request, slug):
    """/roadmaps/<slug>/feed.atom, served through Wagtail's page serving so page
    privacy and the staff-404 hook apply exactly as to the roadmap page itself."""
    return serve(request, f"roadmaps/{slug}/feed.atom/")
