"""OpenAPI schema hooks: document only Koers's public API, not Wagtail's internal admin API."""


def only_public_api(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
