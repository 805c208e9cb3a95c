"""Post cards: the part every viewer sees alike is rendered once and kept in the cache.

A card has two parts. ``post_card_body.html`` (author, roles, kind, audience,
date, body, image, links, competences) is the same for everyone who may see the
post in one language and may open the same of its links (a name links to a profile
only for who may see it); the footer (reaction buttons with the viewer's own
state, the CSRF token, the counts) is rendered for each request.

The body is kept under a key made from everything it shows: the post's fields,
the author's name and the roles this viewer may see, the network, roadmap item,
promise, kudos recipient and competences, and the language. Any change to any of
them gives a new key, so there is nothing to invalidate and no viewer can be
shown text rendered from data they were not given; old entries simply expire.
Rendering twenty cards was most of a signed-in feed page's time (the Django
template engine, not the queries: see docs/benchmarks.md).
"""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from intranet import viewer_state
from intranet.audience import link_visible_to, visible_profile_url

from .viewer_state import NOT_PRESSED, PRESSED

logger = logging.getLogger(__name__)

BODY_TEMPLATE = "feed/includes/post_card_body.html"
# What Django's csrf context processor gives when the request has no token.
CSRF_NOT_PROVIDED = "NOTPROVIDED"  # noqa: S105 - a marker, not a secret
KEY_PREFIX = "postcard:v2:"
SECONDS = 6 * 3600


def _profile_name(user) -> tuple:
    if user is None:
        return ()
    profile = getattr(user, "profile", None)
    return (user.username, getattr(profile, "display_name", ""))


def _links(post, viewer) -> tuple:
    """Which names and titles on the card link for this viewer (audience_links)."""
    item = post.roadmap_item
    return (
        bool(visible_profile_url(viewer, post.author)),
        bool(post.kudos_to and visible_profile_url(viewer, post.kudos_to)),
        bool(item and link_visible_to(viewer, item)),
    )


def _fingerprint(post, viewer) -> str:
    """A digest of every value the card body shows, the viewer's links included."""
    author_profile = getattr(post.author, "profile", None)
    roles = getattr(author_profile, "card_roles", None) or []
    item = post.roadmap_item
    parts = (
        get_language(),
        post.pk,
        post.kind,
        post.body,
        post.language,
        post.audience,
        post.figure,
        post.image.name if post.image else "",
        post.created_at,
        post.edited_at,
        post.hidden_reason if post.is_hidden else None,
        post.is_pinned,
        _profile_name(post.author),
        [a.role.name for a in roles[:2]],
        (post.network.pk, post.network.name) if post.network else None,
        (item.pk, item.title, item.url_path) if item else None,
        (post.promise.pk, post.promise.title) if post.promise else None,
        _profile_name(post.kudos_to),
        [(c.slug, c.name) for c in post.competences.all()],
        _links(post, viewer),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def attach_card_bodies(posts, viewer) -> None:
    """Give each post a rendered ``card_body``, from the cache where it is.

    Call it with posts loaded by ``selectors.with_card_data`` (or the same
    prefetches): the fingerprint reads the prefetched relations. One cache round
    trip for the page; the missing bodies are rendered and stored together.
    """
    posts = list(posts)
    if not posts:
        return
    keys = {post.pk: KEY_PREFIX + _fingerprint(post, viewer) for post in posts}
    try:
        found = cache.get_many(list(keys.values()))
    except Exception:  # noqa: BLE001 - a cache outage renders the cards as usual
        return
    rendered = {}
    for post in posts:
        key = keys[post.pk]
        html = found.get(key)
        if html is None:
            html = render_to_string(BODY_TEMPLATE, {"post": post, "viewer": viewer})
            rendered[key] = html
        post.card_body = mark_safe(html)  # noqa: S308 - our own template's output
    if rendered:
        try:
            cache.set_many(rendered, SECONDS)
        except Exception:  # noqa: BLE001 - serve the page even if it cannot be kept
            logger.warning(
                "post cards: could not store %d rendered bodies", len(rendered)
            )


_REACTION_FORM = (
    '<form method="post" action="{}" class="reaction-form" data-reaction-form>{}'
    '<input type="hidden" name="kind" value="{}">'
    '<button type="submit"{} title="{}">{} '
    '<span class="reaction__count" data-reaction-count="{}">{}</span></button></form>'
)
_REACTION_COUNT = (
    '<span class="reaction" title="{}">{} '
    '<span class="reaction__count" data-reaction-count="{}">{}</span></span>'
)


def _pressed(post, kind: str, mine: bool, markers: bool):
    if markers:  # filled per viewer after the page cache (feed/viewer_state.py)
        return viewer_state.switch("reacted", f"{post.pk}.{kind}", PRESSED, NOT_PRESSED)
    return PRESSED if mine else NOT_PRESSED


def card_footer(
    post, *, can_react: bool, csrf_token: str | None, markers: bool = False
) -> str:
    """The footer of a card: reaction buttons, counts, the comments and permalink
    links. With ``markers`` (a page, filled per viewer) which reactions are the
    viewer's own is a marker, so the footer is the same for everyone who sees it;
    without (a live fragment, an e-mail) it is read from ``viewer_reaction_kinds``.

    Built with format_html rather than a template: twenty cards' footers (four
    small forms each) cost more than a third of a signed-in feed page in the
    template engine; this is the same markup, escaped the same way.
    """
    summary = post.reaction_summary()
    if can_react:
        token = (
            format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">',
                csrf_token,
            )
            if csrf_token and csrf_token != CSRF_NOT_PROVIDED
            else ""
        )
        react_url = reverse("feed:react", args=[post.pk])
        reactions = format_html_join(
            "",
            _REACTION_FORM,
            (
                (
                    react_url,
                    token,
                    r["kind"],
                    _pressed(post, r["kind"], r["mine"], markers),
                    r["label"],
                    r["label"],
                    r["kind"],
                    r["count"],
                )
                for r in summary
            ),
        )
    else:
        reactions = format_html_join(
            "",
            _REACTION_COUNT,
            ((r["label"], r["label"], r["kind"], r["count"]) for r in summary),
        )
    url = post.get_absolute_url()
    return format_html(
        '<footer class="post-card__footer">'
        '<div class="post-card__reactions cluster">{}</div>'
        '<a class="post-card__comments small" href="{}#comments">{} '
        '<span class="reaction__count" data-comment-count>{}</span></a> '
        '<a class="small" href="{}">{}</a></footer>',
        reactions,
        url,
        _("Comments"),
        post.comment_count,
        url,
        _("Permalink"),
    )
