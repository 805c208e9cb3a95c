"""The site's chrome (stylesheets, main menu, footer and scripts of ``base.html``),
rendered once per language, membership kind and section, and reused.

These parts are the same for every request of one language, kind of member and
section, except two values in the footer's language switcher: the CSRF token and
the page to come back to (``next``). A :class:`Fragment` renders its template once
per key, with a placeholder for each such per-request value (a "hole"), keeps the
pieces in process memory and joins them with the request's escaped values: no
template work per request. The pieces depend only on the code, the translations
and the settings, so a process keeps them until it restarts (a deploy); a settings
change (``override_settings`` in tests) forgets them.

Nothing of the viewer reaches a fragment's template but its key (the language, the
membership kind, the section): its context is built here, never the request's.
"""

from __future__ import annotations

import secrets
import threading

from django.core.signals import setting_changed
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

#: The main menu: (section, label, URL).
NAVIGATION = [
    ("home", _("Home"), "/"),
    ("feed", _("Feed"), "/feed/"),
    ("people", _("People"), "/people/"),
    ("roadmaps", _("Roadmaps"), "/roadmaps/"),
    ("purpose", _("Purpose"), "/purpose/"),
    ("gatherings", _("Gatherings"), "/gatherings/"),
    ("search", _("Search"), "/search/"),
]


def active_section(path: str) -> str:
    """The menu section a path belongs to ("" for none)."""
    for key, _label, url in reversed(NAVIGATION):
        if url != "/" and path.startswith(url):
            return key
    return "home" if path == "/" else ""


class Fragment:
    """A template rendered once per key; per-request values fill its holes."""

    def __init__(self, template_name: str, holes: tuple[str, ...] = ()):
        self.template_name = template_name
        self.holes = holes
        self._pieces: dict[tuple, tuple[str, ...]] = {}
        self._lock = threading.Lock()
        #: How many times the template was rendered (tests: once per key).
        self.renders = 0

    def forget(self) -> None:
        with self._lock:
            self._pieces.clear()
            self.renders = 0

    def _render(self, key: tuple, context: dict) -> tuple[str, ...]:
        """The template's output split at the holes: literal, hole, literal, …"""
        # Letters and digits only: escaping leaves them as they are.
        marks = {name: f"koershole{secrets.token_hex(8)}{name}" for name in self.holes}
        html = get_template(self.template_name).render({**context, **marks})
        pieces: list[str] = [html]
        for name, mark in marks.items():
            split: list[str] = []
            for index, piece in enumerate(pieces):
                if index % 2:  # a hole already found
                    split.append(piece)
                    continue
                parts = piece.split(mark)
                for i, part in enumerate(parts):
                    if i:
                        split.append(name)
                    split.append(part)
            pieces = split
        self.renders += 1
        return tuple(pieces)

    def render(self, key: tuple, context: dict, **values) -> SafeString:
        """The fragment for ``key`` (``context`` is used on the first render only),
        with ``values`` escaped into its holes."""
        pieces = self._pieces.get(key)
        if pieces is None:
            pieces = self._render(key, context)
            with self._lock:
                self._pieces[key] = pieces
        out = [
            conditional_escape(values[piece]) if index % 2 else piece
            for index, piece in enumerate(pieces)
        ]
        return mark_safe("".join(out))  # noqa: S308 - our template, values escaped


HEAD = Fragment("includes/site_head.html")
MENU = Fragment("includes/site_menu.html")
FOOTER = Fragment("includes/site_footer.html", holes=("csrf_input", "next"))
FRAGMENTS = (HEAD, MENU, FOOTER)


def _forget_all(**kwargs) -> None:
    for fragment in FRAGMENTS:
        fragment.forget()


setting_changed.connect(_forget_all, dispatch_uid="koers-chrome-setting-changed")


def head() -> SafeString:
    """The stylesheet links: the same on every page."""
    return HEAD.render((), {})


def menu(*, kind: str, section: str) -> SafeString:
    """The main menu for a kind of member, with ``section`` marked current."""
    return MENU.render(
        (get_language(), kind, section),
        {"koers_nav": NAVIGATION, "koers_section": section, "koers_membership": kind},
    )


def footer(*, csrf_token, next_path: str) -> SafeString:
    """The footer (language switcher, links) and the site's scripts.

    ``csrf_token`` is the context's (as ``{% csrf_token %}`` reads it: asking for
    it is what gives the visitor a CSRF cookie)."""
    csrf_input = ""
    if csrf_token and csrf_token != "NOTPROVIDED":  # noqa: S105 - Django's marker
        csrf_input = format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token
        )
    return FOOTER.render(
        (get_language(),),
        {"koers_set_language_url": reverse("set_language")},
        csrf_input=csrf_input,
        next=next_path,
    )
