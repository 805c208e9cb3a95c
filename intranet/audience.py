"""The audience model, in one place: who may see which content.

Every piece of user content and every profile field has an audience:
``public`` < ``community`` < ``staff`` < ``private``. Views, the API, search,
feeds and the WebSocket fan-out all ask this module; nothing filters by
audience by hand. Wagtail pages use page privacy for the same levels:
no restriction = public, "login" = community, the Employees group = staff.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.decorators import user_passes_test
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction

EMPLOYEES_GROUP = "Employees"
COMMUNITY_MANAGERS_GROUP = "Community managers"


class Audience(models.TextChoices):
    PUBLIC = "public", _("Public: anyone on the web")
    COMMUNITY = "community", _("Community: signed-in members")
    STAFF = "staff", _("Staff: employees only")
    PRIVATE = "private", _("Private: only me and community managers")


#: Audiences that content (posts, comments, networks) may choose; ``private`` is for profile fields.
CONTENT_AUDIENCE_CHOICES = [c for c in Audience.choices if c[0] != Audience.PRIVATE]
AUDIENCE_ORDER = [Audience.PUBLIC, Audience.COMMUNITY, Audience.STAFF, Audience.PRIVATE]


def _group_names(user) -> frozenset[str]:
    """The user's group names, fetched once per user object (one query per request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_koers_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._koers_group_names = cached
    return cached


def forget_cached_groups(user) -> None:
    """Call after changing a user's groups so the next check reads them again."""
    if hasattr(user, "_koers_group_names"):
        del user._koers_group_names


def is_community_manager(user) -> bool:
    return bool(
        getattr(user, "is_superuser", False)
    ) or COMMUNITY_MANAGERS_GROUP in _group_names(user)


def community_managers_only(view):
    """Decorate a curation view in the Wagtail admin: managers pass, anyone else
    is sent to the admin login."""
    return user_passes_test(is_community_manager, login_url="wagtailadmin_login")(view)


def is_employee(user) -> bool:
    return is_community_manager(user) or EMPLOYEES_GROUP in _group_names(user)


def membership_kind(user) -> str:
    """One of ``visitor``, ``external``, ``employee``, ``manager``."""
    if not getattr(user, "is_authenticated", False):
        return "visitor"
    if is_community_manager(user):
        return "manager"
    if is_employee(user):
        return "employee"
    return "external"


def audiences_for(user) -> frozenset[str]:
    """The audiences whose content this user may see (not counting their own content)."""
    kind = membership_kind(user)
    levels = {"visitor": 1, "external": 2, "employee": 3, "manager": 4}[kind]
    return frozenset(AUDIENCE_ORDER[:levels])


class _LeastViewer:
    """The least-privileged viewer who may see an audience: for what is rendered once
    and sent to everyone of that audience (a live feed fragment), so that it links only
    to what every recipient may open. Holds no rights of its own: no pk, and no groups
    but the audience's (a visitor for ``public``)."""

    is_superuser = False
    is_active = True
    pk = id = None

    def __init__(self, audience: str):
        self.is_authenticated = audience != Audience.PUBLIC
        self.is_anonymous = not self.is_authenticated
        self._koers_group_names = (
            frozenset({EMPLOYEES_GROUP}) if audience == Audience.STAFF else frozenset()
        )


def least_viewer(audience: str) -> _LeastViewer:
    """A stand-in viewer with exactly the rights that ``audience`` implies."""
    return _LeastViewer(audience)


def audience_allows(user, audience: str, *, owner=None) -> bool:
    """May ``user`` see something with this audience (owned by ``owner``)?"""
    if owner is not None and getattr(user, "is_authenticated", False):
        owner_pk = getattr(owner, "pk", owner)
        if owner_pk == user.pk:
            return True
    return audience in audiences_for(user)


def member_network_ids(user):
    """A subquery of the networks the user is an active member of (``network_id``)."""
    membership = apps.get_model("profiles", "NetworkMembership")
    return membership.objects.filter(user=user, status=membership.Status.ACTIVE).values(
        "network_id"
    )


def audience_signature(user) -> str:
    """Everything this module uses to decide what ``user`` may see, as one short digest.

    Two members with the same signature see the same content of every audience: the
    page cache (intranet/cache.py) lets them share one copy of a page, with their own
    state filled in afterwards (intranet/viewer_state.py). Too coarse would be a leak,
    so it holds the membership kind, superuser, every group (page privacy admits by
    group), direct permissions (Wagtail's user bar), and the networks whose restricted
    content they read. A member who sees something of their own that their audience
    alone would not show them (a hidden post, a staff role they kept) gets a signature
    of their own. A few queries: the page cache keeps the result per member version.
    """
    if not getattr(user, "is_authenticated", False):
        return "visitor"
    if owns_beyond_audience(user):
        return f"member-{user.pk}"
    networks = sorted(member_network_ids(user).values_list("network_id", flat=True))
    permissions = sorted(user.user_permissions.values_list("pk", flat=True))
    parts = (
        membership_kind(user),
        bool(user.is_superuser),
        bool(user.is_staff),
        sorted(_group_names(user)),
        networks,
        permissions,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def owns_beyond_audience(user) -> bool:
    """Does ``user`` own anything they see only because it is theirs?

    Every model whose default queryset answers ``owned_beyond_audience(user)`` (an
    ``AudienceQuerySet`` with an ``owner_field`` does) is asked; one small query each.
    """
    for model in apps.get_models():
        queryset = model._default_manager.all()
        ask = getattr(queryset, "owned_beyond_audience", None)
        if callable(ask) and ask(user).exists():
            return True
    return False


class AudienceQuerySet(models.QuerySet):
    """A queryset that knows its model's audience rule.

    Subclasses say where the rule's fields are:
    ``audience_field`` (required), ``owner_field`` (the owner always sees
    their own item) and ``network_field`` (if set on a row, only the
    network's members see it, on top of the audience level).
    """

    audience_field = "audience"
    owner_field: str | None = None
    network_field: str | None = None

    def visible_to(self, user):
        return self.filter(self.visibility_q(user))

    def owned_beyond_audience(self, user):
        """The rows ``user`` sees only because they own them (none without an owner)."""
        if not self.owner_field or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(**{self.owner_field: user}).exclude(
            self.visibility_q(user, as_owner=False)
        )

    def visibility_q(self, user, *, as_owner: bool = True) -> Q:
        """The rule as a Q object, for callers that combine it with other conditions.

        ``as_owner=False`` leaves out the owner's exception (audience_signature)."""
        allowed = Q(**{f"{self.audience_field}__in": audiences_for(user)})
        if self.network_field and not is_community_manager(user):
            in_network = Q(**{f"{self.network_field}__isnull": True})
            if getattr(user, "is_authenticated", False):
                in_network |= Q(
                    **{f"{self.network_field}__in": member_network_ids(user)}
                )
            allowed &= in_network
        if as_owner and self.owner_field and getattr(user, "is_authenticated", False):
            allowed |= Q(**{self.owner_field: user})
        return allowed


def _network_admits(user, network_id) -> bool:
    if network_id is None or is_community_manager(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return member_network_ids(user).filter(network_id=network_id).exists()


def can_see(user, obj) -> bool:
    """May ``user`` see this object? Pages use page privacy; models their queryset's rule."""
    if isinstance(obj, Page):
        return page_visible_to(user, obj)
    custom = getattr(obj, "is_visible_to", None)
    if callable(custom):
        return custom(user)
    qs_class = type(obj)._default_manager.get_queryset().__class__
    owner_field = getattr(qs_class, "owner_field", None)
    if owner_field and getattr(user, "is_authenticated", False):
        if getattr(obj, f"{owner_field}_id", None) == user.pk:
            return True
    audience = getattr(obj, getattr(qs_class, "audience_field", "audience"))
    if audience not in audiences_for(user):
        return False
    network_field = getattr(qs_class, "network_field", None)
    if network_field:
        return _network_admits(user, getattr(obj, f"{network_field}_id"))
    return True


def visible_profile_url(viewer, user) -> str:
    """The address of ``user``'s profile if ``viewer`` may see it, else '' (a name is
    then shown as plain text: no link leads anyone to a 404)."""
    profile = getattr(user, "profile", None)
    if profile is None or not can_see(viewer, profile):
        return ""
    return profile.get_absolute_url()


# --- Wagtail pages ---------------------------------------------------------------


@dataclass(frozen=True)
class _Restriction:
    """A page privacy restriction as plain values: its type, the restricted
    page's tree path and its groups' names (no Wagtail page objects to build)."""

    kind: str
    path: str
    group_names: frozenset[str]


def _restriction_admits(restriction: _Restriction, user) -> bool:
    if restriction.kind == PageViewRestriction.LOGIN:
        return bool(getattr(user, "is_authenticated", False))
    if restriction.kind == PageViewRestriction.GROUPS:
        if is_community_manager(user):
            return True
        if EMPLOYEES_GROUP in restriction.group_names and is_employee(user):
            return True
        return bool(restriction.group_names & _group_names(user))
    return False  # shared passwords are not used in Koers


def _restrictions(page=None) -> list[_Restriction]:
    """Every restriction, or those on ``page`` and its ancestors: two small queries."""
    qs = PageViewRestriction.objects.all()
    if page is not None:
        qs = qs.filter(page__in=page.get_ancestors(inclusive=True))
    rows = list(qs.values_list("pk", "restriction_type", "page__path"))
    groups: dict[int, set[str]] = {}
    with_groups = [pk for pk, kind, _ in rows if kind == PageViewRestriction.GROUPS]
    if with_groups:
        through = PageViewRestriction.groups.through.objects
        for pk, name in through.filter(
            pageviewrestriction_id__in=with_groups
        ).values_list("pageviewrestriction_id", "group__name"):
            groups.setdefault(pk, set()).add(name)
    return [
        _Restriction(kind, path, frozenset(groups.get(pk, ())))
        for pk, kind, path in rows
    ]


def pages_visible_to(user, queryset):
    """Exclude pages under a privacy restriction the user does not pass."""
    hidden = Q()
    for restriction in _restrictions():
        if not _restriction_admits(restriction, user):
            hidden |= Q(path__startswith=restriction.path)
    return queryset.exclude(hidden) if hidden else queryset


def _viewer_restrictions(user):
    """Every page privacy restriction, read once per viewer object (kept on it)."""
    restrictions = getattr(user, "_koers_restrictions", None)
    if restrictions is None:
        restrictions = _restrictions()
        try:
            user._koers_restrictions = restrictions
        except AttributeError:  # an object that takes no attributes: no memo
            pass
    return restrictions


def link_visible_to(user, obj) -> bool:
    """``can_see`` for deciding whether to link: for Wagtail pages it reads every
    privacy restriction once per viewer object (two queries for a whole page of
    cards, however many link to pages) and checks the page's ancestors in memory."""
    if not hasattr(obj, "path") or not hasattr(obj, "depth"):
        return can_see(user, obj)
    restrictions = _viewer_restrictions(user)
    return all(
        _restriction_admits(r, user)
        for r in restrictions
        if obj.path.startswith(r.path)
    )


def page_visible_to(user, page) -> bool:
    return all(_restriction_admits(r, user) for r in _restrictions(page))


def page_paths_visible_to(user, paths) -> set[str]:
    """The tree paths (``Page.path`` values) of the pages ``user`` may see:
    ``pages_visible_to`` for pages read as plain values, with every privacy
    restriction read once per viewer object (as ``link_visible_to``)."""
    restrictions = _viewer_restrictions(user)
    hidden = tuple(r.path for r in restrictions if not _restriction_admits(r, user))
    return {path for path in paths if not path.startswith(hidden)}


def page_audience(page) -> str:
    """The strictest audience that page privacy gives this page."""
    level = Audience.PUBLIC
    for restriction in _restrictions(page):
        if restriction.kind == PageViewRestriction.GROUPS:
            return Audience.STAFF
        if restriction.kind == PageViewRestriction.LOGIN:
            level = Audience.COMMUNITY
    return level


def set_page_audience(page, audience: str) -> None:
    """Give a page the privacy restriction that matches an audience level."""
    PageViewRestriction.objects.filter(page=page).delete()
    if audience == Audience.COMMUNITY:
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )
    elif audience in (Audience.STAFF, Audience.PRIVATE):
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set(
            Group.objects.filter(name__in=[EMPLOYEES_GROUP, COMMUNITY_MANAGERS_GROUP])
        )
