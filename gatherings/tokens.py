"""The signed one-link cancel address that every registration mail carries.

The link signs the registration's ``key`` (renewed when someone signs up again), so it
cannot be guessed or altered, and an old mail never cancels a newer sign-up."""

from __future__ import annotations

import uuid

from django.core import signing
from django.urls import reverse

from intranet.site_url import absolute_url

from .models import Registration

SALT = "koers.gatherings.cancel"


def cancel_token(registration: Registration) -> str:
    return signing.Signer(salt=SALT).sign(registration.key.hex)


def cancel_url(registration: Registration) -> str:
    token = cancel_token(registration)
    return absolute_url(reverse("gatherings:cancel_link", kwargs={"token": token}))


def registration_from_token(token: str) -> Registration | None:
    """The registration a cancel link is for, or None when the link is not valid."""
    try:
        key = uuid.UUID(hex=signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return (
        Registration.objects.select_related("gathering", "user").filter(key=key).first()
    )
