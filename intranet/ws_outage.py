"""WebSockets while the database or Redis is down: refuse the handshake with 503.

A socket that cannot be opened properly (the session, the member's groups or
the cursor cannot be read; the channel layer cannot be joined) used to fail
inside the application, so daphne answered the handshake with 500 and logged
a server error. ``RefuseWhenUnavailable`` wraps the WebSocket application and
answers such a handshake with 503 instead (the ASGI "websocket.http.response"
denial, which intranet.daphne_patches teaches daphne), with one warning line.
Clients retry with backoff (static/js/feed.js) and resume from their cursor
once the service is back. A socket already open when an outage starts is
closed by its consumer with 1013 (try again later, feed.consumers).
"""

from __future__ import annotations

import logging

from redis.exceptions import RedisError

from intranet.outage import database_unavailable

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10


def service_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` means Redis or the database cannot serve right now (an
    outage, not a bug)."""
    return isinstance(exc, RedisError | OSError) or database_unavailable(exc)


class RefuseWhenUnavailable:
    """ASGI middleware for the ``websocket`` scope (see the module docstring)."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        answered = False

        async def watched_send(message):
            nonlocal answered
            answered = True
            await send(message)

        try:
            return await self.application(scope, receive, watched_send)
        except Exception as exc:
            if answered or not service_unavailable(exc):
                raise
            logger.warning(
                "WebSocket handshake refused with 503: %s: %s",
                exc.__class__.__name__,
                exc,
            )
            await send(
                {
                    "type": "websocket.http.response.start",
                    "status": 503,
                    "headers": [(b"retry-after", str(RETRY_AFTER_SECONDS).encode())],
                }
            )
            await send({"type": "websocket.http.response.body", "body": b""})
            return None
