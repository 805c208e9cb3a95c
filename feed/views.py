"""Feed pages and actions. Thin: forms validate input, services write, selectors read."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.contributions import contribution_offer_response
from intranet.audience import can_see, is_community_manager
from intranet.media import protected_file_response
from intranet.redirects import redirect_back
from intranet.viewer_state import page_owned_by, personal, personal_page

from . import cards, contributions, selectors, services
from .forms import CommentForm, DigestForm, PostEditForm, PostForm, ReportForm
from .models import Comment, DigestPreference, Post, Reaction
from .people_picker import people_named, person_choice


def _error_message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _back(request, fallback: str):
    return redirect_back(request, fallback, use_referer=True)


def _visible_post(request, pk) -> Post:
    return get_object_or_404(Post.objects.visible_to(request.user), pk=pk)


def _feed_context(request, *, form=None):
    filters = selectors.FeedFilters.from_query(request.GET)
    if filters.filter == "following":
        personal_page(request)  # whom this member follows: their own list
    page = selectors.feed_page(
        viewer=request.user, filters=filters, cursor=request.GET.get("cursor", "")
    )
    cards.attach_card_bodies([*page.pinned, *page.posts], request.user)
    query = request.GET.copy()
    query.pop("cursor", None)
    query.pop("fragment", None)
    fragment = request.GET.get("fragment") == "1"
    options = {} if fragment else selectors.filter_options(request.user)
    if form is None and request.user.is_authenticated and not fragment:
        form = PostForm(user=request.user, options=options)
    return {
        "page": page,
        "filters": filters,
        "form": form,
        "base_query": query.urlencode(),
        "options": options,
        "filter_tabs": [
            ("", _("Everything")),
            ("following", _("Following")),
            ("results", _("Results")),
            ("ideas", _("Ideas")),
            ("questions", _("Questions")),
        ],
    }


def feed(request):
    try:
        context = _feed_context(request)
    except selectors.UnknownFilter as exc:
        return render(request, "400.html", {"message": str(exc)}, status=400)
    if request.GET.get("fragment") == "1":
        return render(request, "feed/includes/feed_page.html", context)
    return render(request, "feed/feed.html", context)


@login_required
@require_POST
def post_create(request):
    form = PostForm(request.POST, request.FILES, user=request.user)
    if form.is_valid():
        try:
            post = services.post_create(author=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form.add_error(None, _error_message(exc))
        else:
            messages.success(request, _("Posted."))
            return redirect(post.get_absolute_url())
    context = _feed_context(request, form=form)
    return render(request, "feed/feed.html", context, status=400)


def post_image(request, pk, name):
    """A post's image, to those who may see the post (404 to anyone else)."""
    post = _visible_post(request, pk)
    if not post.image or post.image_basename != name:
        raise Http404
    return protected_file_response(post.image.name, storage=post.image.storage)


def post_detail(request, pk):
    post = get_object_or_404(
        selectors.card_queryset(Post.objects.visible_to(request.user)), pk=pk
    )
    selectors.load_cards([post], request.user)
    # Its author sees edit and delete instead of "report": a copy of their own.
    page_owned_by(request, post.author_id)
    return render(
        request,
        "feed/post_detail.html",
        {
            "post": post,
            "comments": selectors.post_comments(post=post, viewer=request.user),
            "comment_form": CommentForm(),
            "is_manager": is_community_manager(request.user),
        },
    )


@login_required
def post_edit(request, pk):
    post = _visible_post(request, pk)
    if post.author_id != request.user.pk:
        raise PermissionDenied(_("Only the author can edit a post."))
    status = 200
    if request.method == "POST":
        form = PostEditForm(request.POST)
        if form.is_valid():
            try:
                services.post_update(
                    post=post,
                    editor=request.user,
                    body=form.cleaned_data["body"],
                    figure=form.cleaned_data["figure"],
                )
            except ValidationError as exc:
                form.add_error("body", _error_message(exc))
            else:
                messages.success(request, _("Your post was updated."))
                return redirect(post.get_absolute_url())
        status = 400
    else:
        form = PostEditForm(initial={"body": post.body, "figure": post.figure})
    return render(
        request, "feed/post_edit.html", {"post": post, "form": form}, status=status
    )


@login_required
@require_POST
def post_delete(request, pk):
    post = _visible_post(request, pk)
    services.post_delete(post=post, actor=request.user)
    messages.success(request, _("The post was deleted."))
    return redirect("feed:feed")


@login_required
@require_POST
def comment_create(request, pk):
    post = _visible_post(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        message = " ".join(e for errors in form.errors.values() for e in errors)
        return _bad_request(request, message)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(
            pk=form.cleaned_data["parent"], post=post
        ).first()
        if parent is None:
            return _bad_request(request, _("That comment does not exist."))
    try:
        comment = services.comment_create(
            post=post,
            author=request.user,
            body=form.cleaned_data["body"],
            parent=parent,
            language=form.cleaned_data.get("language", ""),
        )
    except ValidationError as exc:
        return _bad_request(request, _error_message(exc))
    if _wants_json(request):
        return JsonResponse({"id": comment.pk}, status=201)
    return redirect(comment.get_absolute_url())


def _bad_request(request, message: str):
    if _wants_json(request):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "feed/error.html", {"message": message}, status=400)


@require_POST
def react(request, pk):
    post = _visible_post(request, pk)
    if not request.user.is_authenticated:
        # Contribute first, sign up after: the reaction is kept through sign-up.
        kind = request.POST.get("kind", "")
        if kind not in Reaction.Kind.values:
            return _bad_request(request, _("Unknown reaction."))
        return contribution_offer_response(
            request,
            kind=contributions.REACTION,
            target={"post": post.pk},
            payload={"kind": kind},
            next_url=post.get_absolute_url(),
        )
    try:
        given = services.reaction_toggle(
            post=post, user=request.user, kind=request.POST.get("kind", "")
        )
    except ValidationError as exc:
        return _bad_request(request, _error_message(exc))
    if _wants_json(request):
        return JsonResponse({"given": given, "reaction_counts": post.reaction_counts})
    return _back(request, post.get_absolute_url())


@login_required
@require_POST
def report(request, pk=None, comment_pk=None):
    post = comment = None
    if comment_pk is not None:
        comment = get_object_or_404(Comment, pk=comment_pk)
        if not can_see(request.user, comment.post):
            raise Http404
    else:
        post = _visible_post(request, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, _("Say why you report this."))
    try:
        services.report_create(
            reporter=request.user,
            reason=form.cleaned_data["reason"],
            post=post,
            comment=comment,
        )
    except ValidationError as exc:
        return _bad_request(request, _error_message(exc))
    messages.success(request, _("Thank you. A community manager will take a look."))
    return _back(request, (post or comment.post).get_absolute_url())


@login_required
@require_POST
def curate(request, pk):
    if not is_community_manager(request.user):
        raise PermissionDenied(_("Only community managers curate the feed."))
    post = get_object_or_404(Post, pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "pin":
            day = request.POST.get("until", "")
            try:
                until = timezone.make_aware(
                    datetime.combine(
                        datetime.strptime(day, "%Y-%m-%d").date(), time.max
                    )
                )
            except ValueError:
                return _bad_request(request, _("Give a valid date to pin until."))
            services.post_pin(post=post, actor=request.user, until=until)
            done = _("Pinned to the top of the feed until %(day)s.") % {
                "day": date_format(until, "DATE_FORMAT")
            }
        elif action == "unpin":
            services.post_pin(post=post, actor=request.user, until=None)
            done = _("Unpinned: the post takes its place in the feed again.")
        elif action in ("feature", "unfeature"):
            services.post_feature(
                post=post, actor=request.user, featured=action == "feature"
            )
            done = (
                _("Featured on the home page.")
                if action == "feature"
                else _("No longer featured on the home page.")
            )
        elif action in ("lock", "unlock"):
            services.post_lock_comments(
                post=post, actor=request.user, locked=action == "lock"
            )
            done = (
                _("Comments locked: nobody can add a comment now.")
                if action == "lock"
                else _("Comments open again.")
            )
        elif action == "hide":
            services.post_hide(
                post=post, actor=request.user, reason=request.POST.get("reason", "")
            )
            done = _(
                "Post hidden: only its author and managers see it; the author was told why."
            )
        elif action == "unhide":
            services.post_unhide(post=post, actor=request.user)
            done = _("Post restored: everyone who may see it sees it again.")
        else:
            return _bad_request(request, _("Unknown curation action."))
    except ValidationError as exc:
        return _bad_request(request, _error_message(exc))
    messages.success(request, done)
    return _back(request, post.get_absolute_url())


@login_required
@require_POST
def comment_curate(request, comment_pk):
    """A manager hides or restores a comment in place, on the post's page."""
    if not is_community_manager(request.user):
        raise PermissionDenied(_("Only community managers curate the feed."))
    comment = get_object_or_404(Comment.objects.select_related("post"), pk=comment_pk)
    action = request.POST.get("action", "")
    if action == "hide":
        services.comment_hide(
            comment=comment, actor=request.user, reason=request.POST.get("reason", "")
        )
        done = _(
            "Comment hidden: only its author and managers see it; the author was told."
        )
    elif action == "unhide":
        services.comment_unhide(comment=comment, actor=request.user)
        done = _("Comment restored.")
    else:
        return _bad_request(request, _("Unknown curation action."))
    messages.success(request, done)
    return _back(request, comment.get_absolute_url())


@personal
@login_required
def notifications(request):
    preference, _created = DigestPreference.objects.get_or_create(user=request.user)
    if request.method == "POST":
        form = DigestForm(request.POST, instance=preference)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your e-mail digest setting was saved."))
            return redirect("feed:notifications")
        return render(
            request,
            "feed/notifications.html",
            {
                "notifications": selectors.group_notifications(
                    selectors.notifications_for(request.user)
                ),
                "digest_form": form,
            },
            status=400,
        )
    return render(
        request,
        "feed/notifications.html",
        {
            "notifications": selectors.group_notifications(
                selectors.notifications_for(request.user)
            ),
            "digest_form": DigestForm(instance=preference),
        },
    )


@login_required
@require_POST
def notifications_read(request):
    services.notifications_mark_read(user=request.user)
    if _wants_json(request):
        return JsonResponse({"unread": 0})
    return redirect("feed:notifications")


@login_required
def mention_suggestions(request):
    """People to mention or give kudos to: members whose name starts with ?q=."""
    q = request.GET.get("q", "").strip().lstrip("@")
    return JsonResponse({"results": [person_choice(u) for u in people_named(q)]})
