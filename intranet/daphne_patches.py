"""Two fixes to daphne 4.2 that a clean WebSocket shutdown needs (docs/realtime.md).

1. Close codes: RFC 6455 lets a server close with 1001, 1003, 1008, 1009, but
   autobahn's ``sendClose`` accepts only 1000 and 3000-4999 and daphne hands the
   ASGI code to it, so such a close raised instead of closing.
2. SIGTERM: ``Server.kill_all_applications`` read ``details["application_instance"]``
   for every connection, but daphne removes that key when an application
   finishes while its connection stays open (an HTTP keep-alive); the KeyError
   aborted the shutdown step, so no consumer heard of it (clients saw 1006, the
   channel-layer groups kept them). And cancelling a consumer in the middle of
   its channels-redis receive can leave the Redis connection unusable for the
   goodbye. So the replacement first runs the shutdown hooks applications
   registered (``on_shutdown``: close sockets, leave groups) while everything
   still works, waits up to ``GRACE_SECONDS`` for the applications to end, and
   only then cancels what is left.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable

from daphne.server import Server
from daphne.ws_protocol import WebSocketProtocol
from twisted.internet import defer

logger = logging.getLogger("daphne.server")

GRACE_SECONDS = 5
_hooks: list[Callable[[], Awaitable[None]]] = []


def on_shutdown(hook: Callable[[], Awaitable[None]]) -> None:
    """Run ``hook()`` when daphne is told to stop, before anything is cancelled."""
    _hooks.append(hook)


def _server_close(self, code=None):
    self.sendCloseFrame(code=1000 if code is None else code, isReply=False)


async def _stop(server) -> None:
    try:
        await asyncio.wait_for(
            asyncio.gather(*(hook() for hook in _hooks), return_exceptions=True),
            GRACE_SECONDS,
        )
    except TimeoutError:
        logger.warning("shutdown hooks took longer than %ss", GRACE_SECONDS)
    running = [
        details["application_instance"]
        for details in server.connections.values()
        if details.get("application_instance") is not None
        and not details["application_instance"].done()
    ]
    if running:
        await asyncio.wait(running, timeout=GRACE_SECONDS)
    left = [instance for instance in running if not instance.done()]
    for instance in left:
        instance.cancel()
    logger.info("Killed %i pending application instances", len(left))
    await asyncio.gather(*left, return_exceptions=True)


def _kill_all_applications(self):
    return defer.Deferred.fromFuture(asyncio.ensure_future(_stop(self)))


def apply() -> None:
    WebSocketProtocol.serverClose = _server_close
    Server.kill_all_applications = _kill_all_applications
