"""Sanitising member-written HTML with nh3 (Ammonia): the one place the allow-list lives."""

import nh3

#: Links, emphasis and lists: the safe subset members may use.
ALLOWED_TAGS = {
    "p",
    "br",
    "a",
    "strong",
    "b",
    "em",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_html(value: str) -> str:
    """Return HTML that cannot run script: unknown tags and attributes stripped,
    only http(s)/mailto links, every link rel="noopener noreferrer nofollow"."""
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).strip()


def plain_text(value: str) -> str:
    """Strip every tag: for titles, e-mail subjects, notifications and search snippets."""
    return nh3.clean(value or "", tags=set()).strip()
