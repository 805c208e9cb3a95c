"""OpenAPI schema hooks: document only Koers's public API, and every error it can give."""

from django.utils.translation import gettext_lazy as _

from intranet.api import (
    BODY_TEXT_PATTERN,
    REQUIRED_BODY_TEXT_PATTERN,
    TEXT_PATTERN,
)


def only_public_api(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


ERRORS = {
    "400": _("A parameter or field cannot be used; detail says which and why."),
    "401": _("Not signed in, or the access token is unknown, expired or revoked."),
    "403": _("Signed in, but not allowed to do this (e.g. a read-only token)."),
    "404": _("Not found, or not visible to the caller."),
    "429": _("Too many requests; retry after the number of seconds in Retry-After."),
}


def document_errors(result, generator, request, public):
    """Every operation can answer with the shared error shape ``{"detail": "..."}``;
    reads need no credentials (what they show depends on who asks)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    }
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            for parameter in operation.get("parameters", []):
                _declare_text_pattern(parameter.get("schema", {}))
            _declare_body_text_patterns(operation, schemas)
            if method == "get":  # every read is open to visitors, by audience
                security = operation.setdefault("security", [])
                if {} not in security:
                    security.append({})
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "description": str(description),
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Error"}
                            }
                        },
                    },
                )
    return result


def _declare_text_pattern(schema):
    """Say what the server enforces for every text parameter, path ones included:
    control characters are a 400 (intranet/strict_input.py)."""
    for target in (schema, schema.get("items", {})):
        if target.get("type") == "string" and not {"pattern", "enum"} & set(target):
            target["pattern"] = TEXT_PATTERN


def _declare_body_text_patterns(operation, schemas):
    """Say what a JSON body's text fields accept: no control characters (the parser
    refuses them) and no lone surrogates; required ones not blank (DRF trims)."""
    content = operation.get("requestBody", {}).get("content", {})
    ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
    schema = schemas.get(ref.rsplit("/", 1)[-1]) if ref else None
    if not schema:
        return
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        if prop.get("type") == "string" and not {"pattern", "enum"} & set(prop):
            prop["pattern"] = (
                REQUIRED_BODY_TEXT_PATTERN if name in required else BODY_TEXT_PATTERN
            )
        items = prop.get("items", {})
        if items.get("type") == "string" and not {"pattern", "enum"} & set(items):
            items["pattern"] = REQUIRED_BODY_TEXT_PATTERN
