"""Shared pieces of the REST API that every app's endpoints use (lowest layer).

Errors have one shape, ``{"detail": "..."}``; a query parameter that cannot be used is a
400 that says which and why, never silently ignored or a 500.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from intranet.strict_input import has_control_characters

# What has_control_characters refuses, said as a JSON Schema pattern: no C0 control
# characters but tab, newline and carriage return.
TEXT_PATTERN = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]*$"
# A text field in a JSON body: no such control characters and no lone surrogates
# (DRF's CharField refuses them); a required one also holds more than whitespace
# (DRF trims it and refuses blank).
_BODY_CHAR = "[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ud800-\\udfff]"
BODY_TEXT_PATTERN = f"^{_BODY_CHAR}*$"
REQUIRED_BODY_TEXT_PATTERN = (
    f"^{_BODY_CHAR}*[^\\s\\x00-\\x1f\\ud800-\\udfff]{_BODY_CHAR}*$"
)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


def text_schema(max_length: int) -> dict:
    """The OpenAPI schema of a text query parameter that query_text accepts."""
    return {"type": "string", "maxLength": max_length, "pattern": TEXT_PATTERN}


def _check_text(name: str, value: str, limit: int) -> str:
    if has_control_characters(value):
        raise ParseError(
            _("%(name)s: contains control characters (such as NUL).") % {"name": name}
        )
    if len(value) > limit:
        raise ParseError(
            _("%(name)s: at most %(limit)s characters.")
            % {"name": name, "limit": limit}
        )
    return value


def query_text(request, name: str, *, limit: int) -> str:
    """One text parameter, "" when absent; 400 when it is too long or has NUL."""
    return _check_text(name, request.query_params.get(name, ""), limit)


def query_list(request, name: str, *, limit: int, count: int) -> list[str]:
    values = request.query_params.getlist(name)
    if len(values) > count:
        raise ParseError(
            _("%(name)s: at most %(count)s values.") % {"name": name, "count": count}
        )
    return [_check_text(name, v, limit) for v in values]


def page_number(request) -> int:
    """``page``: a whole number from 1; absent means 1."""
    raw = request.query_params.get("page")
    if raw is None:
        return 1
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise ParseError(_("page: must be a whole number from 1."))
    return int(raw)


def paginate(paginator, number: int):
    """The page, or 404 past the last one (the first page always exists)."""
    if number > paginator.num_pages:
        raise NotFound(
            _("page: there are %(pages)s pages.") % {"pages": paginator.num_pages}
        )
    return paginator.page(number)


def _scaled(rate: str) -> str:
    count, period = rate.split("/")
    return f"{int(int(count) * settings.KOERS_RATE_LIMIT_SCALE)}/{period}"


class KoersAnonThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, rate read per request and scaled by
    KOERS_RATE_LIMIT_SCALE (so settings overrides apply)."""

    def get_rate(self):
        return _scaled(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope])


class KoersUserThrottle(UserRateThrottle):
    def get_rate(self):
        return _scaled(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope])


def exception_handler(exc, context):
    """DRF's handler, with every error body carrying ``detail`` (field errors stay
    under ``errors``)."""
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict | list):
        data = response.data
        if not (isinstance(data, dict) and "detail" in data):
            response.data = {"detail": _first_message(data), "errors": data}
    return response


def _first_message(data) -> str:
    while isinstance(data, dict | list) and data:
        data = next(iter(data.values())) if isinstance(data, dict) else data[0]
    return str(data) if data else _("Invalid input.")
