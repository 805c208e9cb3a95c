"""Contribute first, sign up after: a visitor's vote, offer to help or idea is kept
through sign-up and applied once the address they gave is verified.

A visitor who presses Vote gets a signed, expiring token that says what they asked
for (:func:`offer_token`). The sign-up or sign-in form carries it; on sign-up it
becomes a :class:`~accounts.models.PendingContribution` tied to the new member and
the address being verified (:func:`contribution_keep`), applied when that address is
confirmed (:func:`contribution_apply_pending`, from allauth's ``email_confirmed``);
on sign-in to a verified account it is applied at once.

Apps register the kinds a visitor may contribute in their own ``contributions.py``
(found at start-up, as the inbox finds ``inbox_items``): each kind describes the
contribution and applies it through that app's own services, raising
:class:`ContributionRefused` with a message when it can no longer be done (the item
was deleted, the role filled, voting closed). Accounts never imports those apps.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.core import signing
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from intranet.ratelimit import RateLimited

from .models import PendingContribution

SALT = "koers.accounts.contribution"
#: From pressing Vote to sending the sign-up form.
TOKEN_MAX_AGE = datetime.timedelta(days=1)
#: From sign-up to confirming the address (allauth's link lives 3 days; a new link
#: can be asked for).
KEEP_FOR = datetime.timedelta(days=7)
#: Name of the form field and query parameter that carries the token.
FIELD = "contribution"


class ContributionRefused(Exception):
    """The contribution cannot be (or no longer be) made; ``message`` says why to the
    member, ``url`` is where they land (the item, when it still exists)."""

    def __init__(self, message: str, url: str = ""):
        self.message = message
        self.url = url
        super().__init__(message)


@dataclass(frozen=True)
class Applied:
    """What a kind's ``apply`` returns: a confirmation and where the member lands."""

    message: str
    url: str


@dataclass(frozen=True)
class Kind:
    """A contribution a visitor may make before signing up.

    ``describe(target, payload)`` says what it is for the sign-up page ("Your vote
    for “Online appointments”") and raises :class:`ContributionRefused` when the
    target is gone; ``apply(user=, target=, payload=)`` makes it through the owning
    app's services and returns :class:`Applied`, or raises ContributionRefused.
    """

    key: str
    describe: Callable[[dict, dict], str]
    apply: Callable[..., Applied]


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    _kinds[kind.key] = kind
    return kind


def kind_for(key: str) -> Kind | None:
    return _kinds.get(key)


@dataclass(frozen=True)
class Offer:
    """A verified token: which kind, on what, with what, and where to return."""

    token: str
    kind: Kind
    target: dict
    payload: dict = field(default_factory=dict)
    next_url: str = ""

    @property
    def description(self) -> str:
        return self.kind.describe(self.target, self.payload)


def safe_next(url: str) -> str:
    """A path on this site, or "" (never an open redirect)."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=()):
        return url
    return ""


def offer_token(*, kind: str, target: dict, payload: dict | None = None, next_url=""):
    """A signed token for a contribution a visitor asked to make."""
    if kind not in _kinds:
        raise ValueError(f"unknown contribution kind {kind!r}")
    data = {"k": kind, "t": target, "p": payload or {}, "n": safe_next(next_url)}
    return signing.dumps(data, salt=SALT, compress=True)


def offer_read(token: str) -> Offer:
    """The offer in a token; refused with a message when expired or tampered with."""
    try:
        data = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ContributionRefused(
            _(
                "The link for your contribution has expired. Your account is not "
                "affected: please make your contribution again."
            )
        ) from exc
    except signing.BadSignature as exc:
        raise ContributionRefused(
            _("This contribution link is not valid, so nothing was kept.")
        ) from exc
    kind = _kinds.get(data.get("k")) if isinstance(data, dict) else None
    if kind is None:
        raise ContributionRefused(
            _("This contribution link is not valid, so nothing was kept.")
        )
    return Offer(
        token=token,
        kind=kind,
        target=dict(data.get("t") or {}),
        payload=dict(data.get("p") or {}),
        next_url=safe_next(data.get("n") or ""),
    )


def entrance_url(name: str, *, token: str = "", next_url: str = "") -> str:
    """The sign-up or sign-in page (``name``: an allauth URL name) carrying the
    return address and, when there is one, the contribution token."""
    query = {}
    if next_url := safe_next(next_url):
        query["next"] = next_url
    if token:
        query[FIELD] = token
    url = reverse(name)
    return f"{url}?{urlencode(query)}" if query else url


def contribution_offer_response(
    request, *, kind: str, target: dict, payload: dict | None = None, next_url: str
):
    """Answer a visitor who pressed Vote (Volunteer, Send idea, ...): the short
    sign-up in place (htmx), or the sign-up page, both carrying the signed offer."""
    token = offer_token(kind=kind, target=target, payload=payload, next_url=next_url)
    signup_url = entrance_url("account_signup", token=token, next_url=next_url)
    if not getattr(request, "htmx", False):
        return redirect(signup_url)
    offer = offer_read(token)
    response = TemplateResponse(
        request,
        "accounts/includes/contribute_signup.html",
        {
            "offer": offer,
            "next_url": offer.next_url,
            "signup_url": entrance_url("account_signup", next_url=next_url),
            "login_url": entrance_url("account_login", token=token, next_url=next_url),
            "code_url": entrance_url(
                "account_request_login_code", token=token, next_url=next_url
            ),
        },
    )
    # Swapped in place of the part the button was in, whatever that part selects.
    response["HX-Reselect"] = "#contribute-signup"
    return response


def pending_descriptions(*, user, email: str) -> list[str]:
    """What waits on ``email``'s confirmation, for the confirmation mail."""
    described = []
    rows = PendingContribution.objects.filter(
        user=user, email__iexact=email, applied_at__isnull=True
    ).order_by("created_at", "pk")
    for row in rows[:5]:
        kind = _kinds.get(row.kind)
        if kind is None:
            continue
        try:
            described.append(kind.describe(row.target, row.payload))
        except ContributionRefused:
            continue
    return described


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def contribution_keep(*, user, email: str, token: str) -> PendingContribution:
    """Keep the contribution in ``token`` for ``user`` until ``email`` is verified.

    Each token is kept once: a second use (a replayed form) is refused.
    """
    offer = offer_read(token)
    try:
        with transaction.atomic():
            return PendingContribution.objects.create(
                user=user,
                email=email,
                token_digest=_digest(token),
                kind=offer.kind.key,
                target=offer.target,
                payload=offer.payload,
                next_url=offer.next_url,
                expires_at=timezone.now() + KEEP_FOR,
            )
    except IntegrityError as exc:
        raise ContributionRefused(
            _("This contribution was already made."), offer.next_url
        ) from exc


@dataclass(frozen=True)
class Outcome:
    """The result of applying one kept contribution, for the member's message."""

    ok: bool
    message: str
    url: str


def contribution_apply_pending(*, user, email: str) -> list[Outcome]:
    """Apply ``user``'s kept contributions for the verified address ``email``, each at
    most once (the row is locked and marked applied in the same transaction)."""
    outcomes = []
    now = timezone.now()
    with transaction.atomic():
        rows = PendingContribution.objects.select_for_update().filter(
            user=user, email__iexact=email, applied_at__isnull=True
        )
        for row in rows.order_by("created_at", "pk"):
            outcome = _apply_row(row, now=now)
            row.applied_at = now
            row.outcome = outcome.message[:300]
            row.save(update_fields=["applied_at", "outcome"])
            outcomes.append(outcome)
    return outcomes


def _apply_row(row: PendingContribution, *, now) -> Outcome:
    kind = _kinds.get(row.kind)
    if kind is None:
        return Outcome(False, _("This contribution can no longer be made."), "")
    if row.expires_at <= now:
        return Outcome(
            False,
            _(
                "Your contribution was kept for %(days)d days and has expired: "
                "please make it again."
            )
            % {"days": KEEP_FOR.days},
            row.next_url,
        )
    try:
        # A savepoint: a refusal inside the app's service rolls back only its part.
        with transaction.atomic():
            applied = kind.apply(user=row.user, target=row.target, payload=row.payload)
    except ContributionRefused as exc:
        return Outcome(False, exc.message, exc.url or row.next_url)
    except RateLimited as exc:
        return Outcome(False, exc.message, row.next_url)
    return Outcome(True, applied.message, applied.url or row.next_url)


def contribution_apply_token(*, user, token: str) -> list[Outcome]:
    """A member who signed in (address verified) with a token: keep, then apply."""
    try:
        contribution_keep(user=user, email=user.email, token=token)
    except ContributionRefused as exc:
        return [Outcome(False, exc.message, exc.url)]
    return contribution_apply_pending(user=user, email=user.email)


#: Session key: where a member lands after their contribution was applied.
RETURN_KEY = "koers_contribution_return"
#: Session key: the token of a visitor who asked for a sign-in code, applied once
#: the code is entered (accounts.login.KoersRequestLoginCodeForm).
CODE_LOGIN_KEY = "koers_contribution_code_login"


def contribution_apply_after_code_login(request, user) -> None:
    """A member who signed in with a code sent by e-mail (which verified their
    address) gets the contribution they asked the code for applied, once."""
    if not hasattr(request, "session"):
        return
    token = request.session.pop(CODE_LOGIN_KEY, "")
    if token:
        contribution_announce(request, contribution_apply_token(user=user, token=token))


def contribution_announce(request, outcomes: list[Outcome]) -> str:
    """Tell the member what became of their contributions (a message each) and
    remember where to send them; returns that address ("" when none)."""
    url = ""
    for outcome in outcomes:
        level = messages.SUCCESS if outcome.ok else messages.WARNING
        messages.add_message(request, level, outcome.message)
        url = safe_next(outcome.url) or url
    if url and hasattr(request, "session"):
        request.session[RETURN_KEY] = url
    return url


def contribution_return_url(request) -> str:
    """Where the member's applied contribution lives, once ("" when none)."""
    if not hasattr(request, "session"):
        return ""
    return safe_next(request.session.pop(RETURN_KEY, "") or "")
