"""The live feed socket: authenticate, join the groups the member may see, validate
client messages, forward events, replay what a reconnecting client missed, follow
the session, and leave cleanly on shutdown. The protocol is docs/realtime.md."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import weakref
from importlib import import_module
from typing import ClassVar

from channels.auth import get_user
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header

from intranet import daphne_patches
from intranet.audience import audiences_for
from intranet.ws_outage import service_unavailable

from . import events, replay
from .topics import TopicSubscriptions

logger = logging.getLogger(__name__)

#: The largest client frame, in bytes; daphne runs with the same
#: --websocket-max-message-size, so this check matters for other servers.
MAX_MESSAGE_BYTES = 4096
MAX_CURSOR = 2**63 - 1
#: Where a broadcast event keeps its envelope's JSON text once encoded.
ENCODED = "_koers_text"

# Close codes (RFC 6455 and one of ours; docs/realtime.md).
CLOSE_GOING_AWAY = 1001
CLOSE_UNSUPPORTED_DATA = 1003
CLOSE_POLICY = 1008
CLOSE_TOO_BIG = 1009
CLOSE_TRY_AGAIN_LATER = 1013
CLOSE_SESSION_ENDED = 4401


def scope_language(scope) -> str:
    """The socket's language, as LocaleMiddleware picks a page's: the language
    cookie, else the browser's Accept-Language, else the site's default."""
    supported = {code for code, _name in settings.LANGUAGES}
    cookie = (scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in supported:
        return cookie
    headers = dict(scope.get("headers") or [])
    accept = headers.get(b"accept-language", b"").decode("latin-1")
    for code, _quality in parse_accept_lang_header(accept[:500]):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class MessageBudget:
    """A token bucket: ``burst`` messages at once, ``rate`` per second after that."""

    def __init__(self, *, burst: int, rate: float):
        self.burst = burst
        self.rate = rate
        self.tokens = float(burst)
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class FeedConsumer(TopicSubscriptions, AsyncJsonWebsocketConsumer):
    groups_joined: frozenset[str] = frozenset()
    accepted = False
    closing = False
    #: The open sockets of this process, for a graceful shutdown.
    live: ClassVar[weakref.WeakSet] = weakref.WeakSet()

    @classmethod
    async def close_all(cls) -> None:
        """The server is stopping: every socket says 1001 and leaves its groups."""
        await asyncio.gather(*(c._going_away() for c in list(cls.live)))

    async def __call__(self, scope, receive, send):
        try:
            await super().__call__(scope, receive, send)
        except asyncio.CancelledError:
            # Servers that only cancel (daphne without intranet.daphne_patches'
            # shutdown hook): still say goodbye and try to leave the groups.
            await self._going_away()
            raise
        except Exception as exc:
            # Redis or the database went away under an open socket (the channel
            # layer's receive, a replay): close 1013, not 1011 and an error log.
            # Before the handshake is answered, intranet.ws_outage answers 503.
            if not (self.accepted and service_unavailable(exc)):
                raise
            await self._unavailable(exc)

    async def connect(self):
        self.user = self.scope.get("user")
        self.language = scope_language(self.scope)
        self.session = events.session_digest(self._session_key())
        self.resumed = False
        self.budget = MessageBudget(
            burst=settings.KOERS_FEED_MESSAGE_BURST,
            rate=settings.KOERS_FEED_MESSAGE_RATE,
        )
        await self._follow_rights(self.user)
        await self.accept()
        self.accepted = True
        if daphne_patches.stopping():
            # Opened while the server shuts down: go at once, as the others did.
            await self._going_away()
            return
        cursor = await database_sync_to_async(events.current_cursor)()
        await self.send_json({"type": "hello", "cursor": cursor})
        self.live.add(self)

    async def disconnect(self, code):
        self.live.discard(self)
        await self._leave_groups()

    # --- groups ---------------------------------------------------------------------

    async def _follow_rights(self, user):
        """Join exactly the groups ``user`` may see now, leaving the others."""
        wanted, audiences = await database_sync_to_async(self._rights)(user)
        if getattr(self, "topics", None):
            # Private topics (feed/topics.py) are kept only while still allowed.
            wanted |= await database_sync_to_async(self.topic_groups_allowed)(user)
        for group in self.groups_joined - wanted:
            await self.channel_layer.group_discard(group, self.channel_name)
        for group in wanted - self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        self.user = user
        self.groups_joined = wanted
        self.audiences = audiences

    @staticmethod
    def _rights(user):
        return frozenset(events.groups_for(user)), set(audiences_for(user))

    async def _leave_groups(self):
        joined, self.groups_joined = self.groups_joined, frozenset()
        try:
            for group in joined:
                await self.channel_layer.group_discard(group, self.channel_name)
        except Exception as exc:
            if not service_unavailable(exc):
                raise
            # A pub/sub membership ends with the process's Redis connection.
            logger.warning("feed socket: could not leave its groups (%s)", exc)

    async def _going_away(self):
        self.live.discard(self)
        try:
            if not self.closing:
                self.closing = True
                await self.close(code=CLOSE_GOING_AWAY)
            await self._leave_groups()
        except Exception:  # noqa: BLE001 - shutting down: log, never hang the exit
            logger.exception("feed socket: could not leave cleanly")

    async def _unavailable(self, exc: BaseException | str) -> None:
        """Redis or the database is down: say so and close with 1013; the client
        comes back later and resumes from its cursor, so nothing committed
        meanwhile is missed."""
        logger.warning(
            "feed socket: Redis or the database unavailable, closing (%s)", exc
        )
        self.live.discard(self)
        if self.closing:
            return
        self.closing = True
        with translation.override(self.language):
            text = str(_("Live updates are paused for a moment; reconnect shortly."))
        await self.send_json({"type": "error", "code": "unavailable", "message": text})
        await self.close(code=CLOSE_TRY_AGAIN_LATER)
        await self._leave_groups()

    async def channel_layer_lost(self, event):
        """The channel layer's Redis connection failed or was made again: events
        published meanwhile never reached this socket (intranet.channel_layer).
        Close with 1013; the client resumes from its cursor and replays them."""
        if self.accepted:
            await self._unavailable("the channel layer lost its Redis connection")

    # --- the session ------------------------------------------------------------------

    def _session_key(self) -> str | None:
        session = self.scope.get("session")
        return getattr(session, "session_key", None) if session is not None else None

    async def feed_rights_changed(self, event):
        """The member's groups, networks or session changed: re-read them."""
        key = self._session_key()
        if key is not None:
            # A fresh store: the scope's copy was loaded when the socket opened.
            store = import_module(settings.SESSION_ENGINE).SessionStore
            self.scope["session"] = store(session_key=key)
        user = await get_user(self.scope)
        was = getattr(self.user, "pk", None)
        if was is not None and getattr(user, "pk", None) != was:
            await self._end(CLOSE_SESSION_ENDED)
            return
        await self._follow_rights(user)

    async def feed_session_ended(self, event):
        if event.get("session") == self.session:
            await self._end(CLOSE_SESSION_ENDED)

    async def _end(self, code, linger: float = 0.0):
        """Close with ``code``; ``linger``: the server holds the socket that long,
        reading nothing, before the close frame (intranet.daphne_patches)."""
        if self.closing:
            return
        self.closing = True
        await self._leave_groups()
        message = {"type": "websocket.close", "code": code}
        if linger:
            message["linger"] = linger
        await self.base_send(message)

    # --- client messages --------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if self.closing:
            return
        if text_data is None:
            await self._refuse(
                "binary", _("Messages must be JSON text."), CLOSE_UNSUPPORTED_DATA
            )
            return
        if len(text_data) > MAX_MESSAGE_BYTES or (
            len(text_data) * 4 > MAX_MESSAGE_BYTES
            and len(text_data.encode()) > MAX_MESSAGE_BYTES
        ):
            await self._refuse(
                "too_big",
                _("Messages must be at most %(bytes)s bytes."),
                CLOSE_TOO_BIG,
                bytes=MAX_MESSAGE_BYTES,
            )
            return
        if not self.budget.take():
            await self._refuse(
                "too_many_messages", _("Too many messages: slow down."), CLOSE_POLICY
            )
            return
        try:
            content = json.loads(text_data)
        except (ValueError, RecursionError):  # RecursionError: nested too deep
            await self._refuse(
                "malformed", _("Messages must be valid JSON."), CLOSE_POLICY
            )
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self._refuse(
                "malformed", _('Messages are JSON objects with a "type".'), CLOSE_POLICY
            )
            return
        kind = content["type"]
        if kind == "ping":
            await self.send_json({"type": "pong"})
        elif kind == "resume":
            cursor = content.get("cursor")
            if (
                not isinstance(cursor, int)
                or isinstance(cursor, bool)
                or not 0 <= cursor <= MAX_CURSOR
            ):
                await self._refuse(
                    "bad_cursor",
                    _('"resume" needs "cursor", a whole number ≥ 0.'),
                    CLOSE_POLICY,
                )
                return
            if self.resumed:
                await self._refuse(
                    "resume_once",
                    _('"resume" may be sent once per connection.'),
                    CLOSE_POLICY,
                )
                return
            self.resumed = True
            await self._replay(cursor)
        elif kind == "subscribe":
            await self.topic_subscribe(content)
        else:
            await self._refuse(
                "unknown_type",
                _("Unknown message type: %(type)s"),
                CLOSE_POLICY,
                type=kind[:40],
            )

    async def _refuse(self, code: str, message, close_code: int, **values):
        """An error frame in the socket's language (the browser's, as for pages),
        then the close: a client that sends a bad frame is broken or hostile."""
        with translation.override(self.language):
            text = str(message) % values if values else str(message)
        await self.send_json({"type": "error", "code": code, "message": text})
        await self._end(close_code, linger=settings.KOERS_FEED_REFUSE_LINGER)

    async def _replay(self, cursor: int):
        result = await database_sync_to_async(replay.replay_since)(
            self.user,
            cursor,
            limit=settings.KOERS_FEED_REPLAY_LIMIT,
            overlap=settings.KOERS_FEED_REPLAY_OVERLAP,
            language=self.language,
        )
        if result is None:
            await self.send_json({"type": "reload", "reason": "too_many_missed"})
            return
        missed, top = result
        for envelope in missed:
            await self.send_json(envelope)
        await self.send_json({"type": "resumed", "count": len(missed), "cursor": top})

    # --- channel-layer events -----------------------------------------------------------

    async def dispatch(self, message):
        # Channels closes stale DB connections through one shared thread before
        # every event; broadcast events touch no database, and at 1,000 sockets
        # per process that hop was a third of daphne's time (docs/benchmarks.md).
        if message["type"].startswith("feed."):
            handler = getattr(self, get_handler_name(message), None)
            if handler is not None:
                return await handler(message)
        return await super().dispatch(message)

    # Type "feed.<name>" → method feed_<name>.
    async def _forward(self, event):
        if self.closing or event.get("group") not in self.groups_joined:
            return
        envelope = event["envelope"]
        # A network group carries every audience level of that network's posts.
        audience = envelope.get("audience")
        if audience and audience not in self.audiences:
            return
        # channels-redis hands one message dict to every consumer of this process
        # that the group reaches: encode it once, not once per socket.
        text = event.get(ENCODED)
        if text is None:
            text = event[ENCODED] = await self.encode_json(envelope)
        await self.send(text_data=text)

    feed_post_created = _forward
    feed_post_updated = _forward
    feed_post_deleted = _forward
    feed_comment_created = _forward
    feed_comment_deleted = _forward
    feed_reactions_changed = _forward
    feed_notification = _forward


daphne_patches.on_shutdown(FeedConsumer.close_all)
