"""The live feed socket: authenticate, join the groups the member may see, validate
client messages, forward events, replay what a reconnecting client missed."""

from __future__ import annotations

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header

from intranet.audience import audiences_for

from . import events

MAX_MESSAGE_BYTES = 2_000


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


class FeedConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.user = self.scope.get("user")
        self.language = scope_language(self.scope)
        self.groups_joined = await database_sync_to_async(events.groups_for)(self.user)
        self.audiences = await database_sync_to_async(
            lambda: set(audiences_for(self.user))
        )()
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello"})

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        # Refuse what is not a small JSON text frame before parsing it.
        if text_data is None or len(text_data) > MAX_MESSAGE_BYTES:
            await self._error(
                _("Messages must be JSON text of at most %(bytes)s bytes."),
                bytes=MAX_MESSAGE_BYTES,
            )
            return
        try:
            content = await self.decode_json(text_data)
        except ValueError:
            await self._error(_("Messages must be valid JSON."))
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self._error(_('Messages are JSON objects with a "type".'))
            return
        kind = content["type"]
        if kind == "ping":
            await self.send_json({"type": "pong"})
        elif kind == "resume":
            last_id = content.get("last_event_id")
            if not isinstance(last_id, int) or isinstance(last_id, bool) or last_id < 0:
                await self._error(
                    _('"resume" needs "last_event_id", a whole number ≥ 0.')
                )
                return
            await self._replay(last_id)
        else:
            await self._error(_("Unknown message type: %(type)s"), type=kind[:40])

    async def _error(self, message, **values):
        """An error frame in the socket's language (the browser's, as for pages)."""
        with translation.override(getattr(self, "language", settings.LANGUAGE_CODE)):
            text = str(message) % values if values else str(message)
        await self.send_json({"type": "error", "message": text})

    async def _replay(self, last_id: int):
        limit = settings.KOERS_FEED_REPLAY_LIMIT
        missed = await database_sync_to_async(events.replay_since)(
            self.user, last_id, limit
        )
        if missed is None:
            await self.send_json({"type": "reload", "reason": "too_many_missed"})
            return
        for envelope in missed:
            await self.send_json(envelope)
        await self.send_json({"type": "resumed", "count": len(missed)})

    async def dispatch(self, message):
        # Channels closes stale DB connections through one shared thread before
        # every event; broadcast events touch no database, and at 1,000 sockets
        # per process that hop was a third of daphne's time (docs/benchmarks.md).
        if message["type"].startswith("feed."):
            handler = getattr(self, get_handler_name(message), None)
            if handler is not None:
                return await handler(message)
        return await super().dispatch(message)

    # Channel-layer events (type "feed.<name>" → method feed_<name>).
    async def _forward(self, event):
        envelope = event["envelope"]
        # A network group carries every audience level of that network's posts.
        audience = envelope.get("audience")
        if audience and audience not in self.audiences:
            return
        await self.send_json(envelope)

    feed_post_created = _forward
    feed_post_updated = _forward
    feed_post_deleted = _forward
    feed_comment_created = _forward
    feed_reactions_changed = _forward
    feed_notification = _forward
