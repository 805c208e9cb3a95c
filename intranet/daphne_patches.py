"""Fixes to daphne 4.2 that clean WebSocket closes and shutdowns need (docs/realtime.md).

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

   Before any of that it stops listening: daphne kept accepting sockets while
   it shut down, and a client that reconnected at once after its 1001 could
   land on the stopping process again (nginx still sent it there) and be cut
   off without a close frame (1006) when the process exited. With the port
   closed nginx sends it to the other process; a socket whose handshake was
   already under way when the signal came sees ``stopping()`` and closes with
   1001 itself. Last, the process waits a moment for the close frames still in
   Twisted's write buffers: the reactor's exit drops unsent data.
3. A frame sent to a socket that is already closing (the client left while
   the consumer was answering it, e.g. a flood client that hung up after its
   bad frame) made autobahn raise ``Disconnected`` inside the application,
   logged as a server error. Such a frame has nobody to go to: it is dropped.
4. The ASGI "websocket.http.response" extension (a handshake denied with an
   HTTP status of the application's choice; daphne only knew 403 and 500), so
   an outage can refuse a handshake with 503 (intranet.ws_outage).
5. A close with ``"linger": seconds`` (Koers' own key; other servers ignore
   it) stops reading from the socket and sends the close frame that much
   later: a client that sent a bad frame cannot make the server do a new
   handshake per bad frame as fast as it reconnects (the cost of a flood).
"""

import asyncio
import gc
import logging
from collections.abc import Awaitable, Callable

from autobahn.websocket.types import ConnectionDeny
from daphne.server import Server
from daphne.ws_protocol import WebSocketProtocol
from twisted.internet import defer, reactor

logger = logging.getLogger("daphne.server")

GRACE_SECONDS = 5
#: gc.set_threshold for a serving daphne (tune_collector).
GC_THRESHOLDS = (50_000, 20, 10)
#: Time for the last close frames to leave the write buffers.
FLUSH_SECONDS = 0.3
_hooks: list[Callable[[], Awaitable[None]]] = []
_ports: list = []
_stopping = False


def stopping() -> bool:
    """Whether this process is shutting down (a new socket should close at once)."""
    return _stopping


def on_shutdown(hook: Callable[[], Awaitable[None]]) -> None:
    """Run ``hook()`` when daphne is told to stop, before anything is cancelled."""
    _hooks.append(hook)


def _server_close(self, code=None):
    self.sendCloseFrame(code=1000 if code is None else code, isReply=False)


def _server_send(self, content, binary=False):
    if self.state in (self.STATE_CLOSING, self.STATE_CLOSED):
        return
    _original_server_send(self, content, binary)


def _handle_reply(self, message):
    kind = message.get("type")
    if kind == "websocket.close" and message.get("linger"):
        if self.state == self.STATE_OPEN:
            self.transport.pauseProducing()
            reactor.callLater(message["linger"], _close_late, self, message.get("code"))
        return None
    if kind == "websocket.http.response.start":
        if self.state == self.STATE_CONNECTING:
            self.denial_status = message["status"]
        return None
    if kind == "websocket.http.response.body":
        status = getattr(self, "denial_status", None)
        deferred = getattr(self, "handshake_deferred", None)
        if status and deferred is not None and not message.get("more_body"):
            del self.handshake_deferred
            deferred.errback(ConnectionDeny(code=status, reason=_reason(status)))
            self.server.protocol_disconnected(self)
        return None
    return _original_handle_reply(self, message)


def _close_late(protocol, code) -> None:
    if protocol.state == protocol.STATE_OPEN:
        protocol.transport.resumeProducing()  # to read the client's close reply
        protocol.serverClose(code)


def _reason(status: int) -> str:
    return {503: "Service Unavailable"}.get(status, "Refused")


def _listen_success(self, port):
    _ports.append(port)
    tune_collector()
    return _original_listen_success(self, port)


def tune_collector() -> None:
    """Python's cyclic garbage collector, tuned for thousands of sockets.

    With 2,500 sockets per process every broadcast allocates tens of thousands
    of short-lived objects (a task, futures and a frame per socket); with the
    default thresholds (700, 10, 10) that set off a full collection every few
    broadcasts, each one walking every object of the process, Django and the
    sockets alike: py-spy on a daphne fanning out to 2,500 sockets saw about
    40 % of its time there, and one broadcast in three took 0.85 s of CPU
    instead of 0.3 s (docs/benchmarks.md). So: what was loaded at start is
    frozen (never walked again), young collections run less often, and full
    ones only after ``GC_THRESHOLDS[2]`` middle ones. Cyclic garbage is still
    collected; memory stays flat (the flood test watches it).
    """
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


async def _stop(server) -> None:
    global _stopping
    _stopping = True
    for port in _ports:
        port.stopListening()
    try:
        await asyncio.wait_for(
            asyncio.gather(*(hook() for hook in _hooks), return_exceptions=True),
            GRACE_SECONDS,
        )
    except TimeoutError:
        logger.warning("shutdown hooks took longer than %ss", GRACE_SECONDS)
    running = _running(server)
    if running:
        await asyncio.wait(running, timeout=GRACE_SECONDS)
    # Anything that started meanwhile (a handshake under way at the signal).
    left = _running(server)
    for instance in left:
        instance.cancel()
    logger.info("Killed %i pending application instances", len(left))
    await asyncio.gather(*left, return_exceptions=True)
    await asyncio.sleep(FLUSH_SECONDS)


def _running(server) -> list:
    return [
        details["application_instance"]
        for details in server.connections.values()
        if details.get("application_instance") is not None
        and not details["application_instance"].done()
    ]


def _kill_all_applications(self):
    return defer.Deferred.fromFuture(asyncio.ensure_future(_stop(self)))


_original_listen_success = Server.listen_success
_original_server_send = WebSocketProtocol.serverSend
_original_handle_reply = WebSocketProtocol.handle_reply


def apply() -> None:
    WebSocketProtocol.serverClose = _server_close
    Server.listen_success = _listen_success
    WebSocketProtocol.serverSend = _server_send
    WebSocketProtocol.handle_reply = _handle_reply
    Server.kill_all_applications = _kill_all_applications
