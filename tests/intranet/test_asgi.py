"""The ASGI application serves WebSockets at /ws/feed/ behind the Origin check."""

import pytest
from channels.testing import WebsocketCommunicator

from intranet.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


async def test_websocket_handshake_on_ws_feed_is_accepted_from_an_allowed_origin():
    communicator = WebsocketCommunicator(
        application,
        "/ws/feed/",
        headers=[(b"origin", b"http://localhost"), (b"host", b"localhost")],
    )
    connected, _ = await communicator.connect()
    assert connected
    await communicator.disconnect()


async def test_websocket_from_a_foreign_origin_is_refused():
    communicator = WebsocketCommunicator(
        application,
        "/ws/feed/",
        headers=[(b"origin", b"https://evil.test"), (b"host", b"localhost")],
    )
    connected, _ = await communicator.connect()
    assert not connected
