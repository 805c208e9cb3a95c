"""Member-written text: sanitised HTML (nh3, the one allow-list) and plain text.

Text is stored as the member typed it and escaped once, at output (templates, the feed
generator, JSON); nothing here returns HTML-escaped plain text.
"""

import html
import re

import nh3

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

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
    """The text of a piece of HTML, tags stripped and entities decoded (`&amp;` -> `&`):
    for titles, e-mail subjects, notifications and search snippets made from HTML."""
    return html.unescape(nh3.clean(value or "", tags=set())).strip()


def clean_text(value: str) -> str:
    """Plain text exactly as typed (`R&D: 5 < 6`), only control characters removed and
    the ends stripped. Never HTML-escaped here: output escapes it once."""
    return _CONTROL.sub("", value or "").strip()
