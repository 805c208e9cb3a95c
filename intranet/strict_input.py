"""Strict input: ASCII-digit ids, no control characters, bounded JSON nesting.

Every id or number from a request goes through `parse_id` (not `str.isdigit()`,
which accepts "²" and "٣", nor `int()`, which also accepts " +3_0 "). Control
characters never reach the ORM: PostgreSQL refuses NUL in text, so a NUL in a
query string or a path would otherwise be a 500.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# Largest value a BigAutoField (PostgreSQL bigint) holds.
MAX_ID = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
# C0 controls except tab, newline and carriage return (which textareas legitimately send).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# How deep API JSON may nest; Koers's own payloads are two or three levels deep.
MAX_JSON_DEPTH = 32


def parse_id(value) -> int | None:
    """A positive id from ASCII digits (or an int), or None for anything else, also too large."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _ASCII_DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 0 < number <= MAX_ID else None


def has_control_characters(value: str) -> bool:
    return bool(_CONTROL.search(value))


def _request_has_control_characters(request) -> bool:
    if has_control_characters(request.path_info):
        return True
    for key, values in request.GET.lists():
        if has_control_characters(key) or any(map(has_control_characters, values)):
            return True
    if request.method == "POST" and request.content_type in _FORM_TYPES:
        for key, values in request.POST.lists():
            if has_control_characters(key) or any(map(has_control_characters, values)):
                return True
    return False


class RejectControlCharactersMiddleware:
    """400 for control characters in the path, the query string or posted form fields."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _request_has_control_characters(request):
            message = _(
                "The address or a form field contains control characters "
                "(such as NUL), which are not allowed."
            )
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


def json_problem(data, limit: int) -> str:
    """Why parsed JSON is refused ("" when it is fine): nested deeper than `limit`, or
    a control character in a key or string. Iterative, so deep input cannot recurse."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if has_control_characters(value):
                return _("The JSON contains control characters (such as NUL).")
            continue
        if isinstance(value, dict):
            children = [*value.keys(), *value.values()]
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return _("JSON nested more than %(depth)s levels deep is not accepted.") % {
                "depth": limit
            }
        stack.extend((child, depth + 1) for child in children)
    return ""


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, bounded: deep JSON (a RecursionError) or a NUL is a 400."""

    max_depth = MAX_JSON_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(
                _("JSON nested more than %(depth)s levels deep is not accepted.")
                % {"depth": self.max_depth}
            ) from exc
        problem = json_problem(data, self.max_depth)
        if problem:
            raise ParseError(problem)
        return data


class IdsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose values must be ids (``parse_id``): anything else
    is the field's own "not one of the choices" error before the database sees it
    (SQLite raises OverflowError, a 500, for an integer past 64 bits in an IN list)."""

    def clean(self, value):
        if isinstance(value, (list, tuple)):
            for pk in value:
                if parse_id(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super().clean(value)
