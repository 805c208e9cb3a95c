"""Picking a person by name, for @mentions and kudos: members never type (or see
asked for) a username; they type the start of a name and pick from the list.

The text of a mention keeps the member's handle (``@handle``) because that is what
the post stores and notifies on; the picker inserts it, the person is chosen by name.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from intranet.person_names import person_name

MAX_QUERY = 50


def people_named(q: str, *, limit: int = 8) -> list:
    """Active members whose name (any word of it) or handle starts with ``q``,
    ordered by name; their profile loaded (one query)."""
    q = " ".join((q or "").split())[:MAX_QUERY]
    if not q:
        return []
    match = (
        Q(profile__display_name__istartswith=q)
        | Q(profile__display_name__icontains=" " + q)
        | Q(username__istartswith=q)
    )
    return list(
        get_user_model()
        .objects.filter(match, is_active=True)
        .select_related("profile")
        .order_by("profile__display_name", "pk")[:limit]
    )


def person_choice(user) -> dict:
    """How a suggestion reads: the name, and what a pick fills in."""
    return {
        "id": user.pk,
        "name": person_name(user),
        "username": user.username,
    }


class PersonNotFound(Exception):  # noqa: N818 - a message for the form
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def person_by_name(name: str, *, picked_id=None):
    """The one active member called ``name`` (as shown), or the one picked from the
    suggestions (``picked_id``, checked against the name). Raises PersonNotFound with
    a message that asks to pick by name, never for a username."""
    name = " ".join((name or "").split()).lstrip("@")[:150]
    if not name:
        return None
    people = get_user_model().objects.filter(is_active=True)
    if picked_id:
        picked = people.filter(pk=picked_id, profile__display_name__iexact=name).first()
        if picked is not None:
            return picked
    named = list(people.filter(profile__display_name__iexact=name)[:2])
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise PersonNotFound(
            _(
                "Several members are called %(name)s: type the name and pick the "
                "right person from the suggestions."
            )
            % {"name": name}
        )
    # A handle still works (a mention copied from a post), but is never asked for.
    by_handle = people.filter(username=name).first()
    if by_handle is not None:
        return by_handle
    raise PersonNotFound(
        _("No member called %(name)s: type the start of their name and pick them.")
        % {"name": name}
    )
