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
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from intranet import viewer_state
from intranet.audience import can_see, link_visible_to

from .models import Reaction

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


def _profile_visible(viewer, user) -> bool:
    """Whether ``visible_profile_url(viewer, user)`` gives a link, without building it."""
    profile = getattr(user, "profile", None) if user is not None else None
    return profile is not None and can_see(viewer, profile)


def _links(post, viewer) -> tuple:
    """Which names and titles on the card link for this viewer (audience_links)."""
    item = post.roadmap_item
    return (
        _profile_visible(viewer, post.author),
        _profile_visible(viewer, post.kudos_to),
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
        [(c.slug, c.name) for c in post.card_competences],
        _links(post, viewer),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def attach_card_bodies(posts, viewer) -> None:
    """Give each post a rendered ``card_body``, from the cache where it is.

    Call it with posts loaded by ``card_data.load_cards`` (or the same
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
_FOOTER = (
    '<footer class="post-card__footer">'
    '<div class="post-card__reactions cluster">{}</div>'
    '<a class="post-card__comments small" href="{}#comments">{} '
    '<span class="reaction__count" data-comment-count>{}</span></a> '
    '<a class="small" href="{}">{}</a></footer>'
)

#: An id no post has yet, reversed once to learn where a post's id sits in its URLs.
_PLACEHOLDER_PK = 2_147_483_647
_url_patterns: dict[tuple, tuple[str, str]] = {}
_labels: dict[str, tuple] = {}


def _post_url(name: str, pk: int) -> str:
    """``reverse(name, args=[pk])``, HTML-escaped, without resolving per card.

    The route is reversed once per URL name, script prefix and URL conf (all
    three can change the address); a card only puts its id in between.
    """
    key = (name, get_script_prefix(), get_urlconf())
    pattern = _url_patterns.get(key)
    if pattern is None:
        url = escape(reverse(name, args=[_PLACEHOLDER_PK]))
        head, found, tail = url.partition(str(_PLACEHOLDER_PK))
        if not found:  # a route that does not show the id: resolve per card
            return escape(reverse(name, args=[pk]))
        pattern = _url_patterns[key] = (head, tail)
    return f"{pattern[0]}{int(pk)}{pattern[1]}"


def _footer_labels() -> tuple:
    """The footer's words in the active language, escaped once per process:
    ``((kind, label), ...)`` for the reactions, then "Comments" and "Permalink"."""
    language = get_language()
    labels = _labels.get(language)
    if labels is None:
        labels = _labels[language] = (
            # str() first: escape() of a lazy label stays lazy (translated at each use).
            tuple((kind, escape(str(label))) for kind, label in Reaction.Kind.choices),
            escape(_("Comments")),
            escape(_("Permalink")),
        )
    return labels


def _reaction_summary(post, reactions) -> list[dict]:
    """``post.reaction_summary()`` with escaped labels and whole-number counts."""
    mine = getattr(post, "viewer_reaction_kinds", ())
    counts = post.reaction_counts or {}
    return [
        {
            "kind": kind,
            "label": label,
            "count": int(counts.get(kind, 0)),
            "mine": kind in mine,
        }
        for kind, label in reactions
    ]


#: A reaction button's attributes, pressed or not (the fill keeps one of the two).
PRESSED = mark_safe(' class="reaction reaction--mine" aria-pressed="true"')
NOT_PRESSED = mark_safe(' class="reaction" aria-pressed="false"')


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

    Plain string formatting of values escaped here, not a template and not
    format_html: twenty cards' footers (four small forms each) were a third of a
    feed page's CPU, first in the template engine, then in format_html_join
    (an escape and a translation per value). The words are translated and escaped
    once per language, the URLs reversed once per route; what varies per card is
    a number or one of the reaction kinds.
    """
    reactions, comments_label, permalink_label = _footer_labels()
    summary = _reaction_summary(post, reactions)
    if can_react:
        token = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
            if csrf_token and csrf_token != CSRF_NOT_PROVIDED
            else ""
        )
        react_url = _post_url("feed:react", post.pk)
        reactions = "".join(
            _REACTION_FORM.format(
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
        )
    else:
        reactions = "".join(
            _REACTION_COUNT.format(r["label"], r["label"], r["kind"], r["count"])
            for r in summary
        )
    url = _post_url("feed:post", post.pk)
    return mark_safe(  # noqa: S308 - every value above is escaped or a number
        _FOOTER.format(
            reactions,
            url,
            comments_label,
            int(post.comment_count),
            url,
            permalink_label,
        )
    )


_ARTICLE = (
    '\n<article class="card post-card post-card--{kind}{pinned}{hidden}" id="post-{pk}"'
    ' data-post-id="{pk}" data-post-kind="{kind}">\n  {body}\n  {footer}\n</article>\n'
)


def card_html(post, footer: str) -> str:
    """``feed/includes/post_card.html`` for a post with its ``card_body``, built
    here: a list of twenty cards without twenty template includes (their context
    pushes, lookups and conditions were most of what the cached bodies left)."""
    return mark_safe(  # noqa: S308 - the body and footer are HTML, the rest escaped
        _ARTICLE.format(
            kind=escape(post.kind),
            pinned=" post-card--pinned" if post.is_pinned else "",
            hidden=" post-card--hidden" if post.is_hidden else "",
            pk=int(post.pk),
            body=post.card_body,
            footer=footer,
        )
    )
