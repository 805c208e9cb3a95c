"""Helpers for driving the live feed socket with Channels' WebsocketCommunicator."""

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from feed import services
from intranet.asgi import application
from tests.factories import make_member

ORIGIN = (b"origin", b"http://testserver")


@database_sync_to_async
def member(kind):
    return make_member(kind)


@database_sync_to_async
def session_client(user) -> Client:
    """A signed-in test client: its session cookie opens the socket, and
    ``client.logout()`` ends that very session."""
    client = Client()
    client.force_login(user)
    return client


async def connect(
    user=None, app=application, origin=ORIGIN, client=None, check_hello=True
):
    headers = [origin] if origin else []
    if user is not None or client is not None:
        client = client or await session_client(user)
        cookie = f"sessionid={client.cookies['sessionid'].value}"
        headers.append((b"cookie", cookie.encode()))
    communicator = WebsocketCommunicator(app, "/ws/feed/", headers=headers)
    connected, _code = await communicator.connect()
    if connected and check_hello:
        hello = await communicator.receive_json_from()
        assert hello["type"] == "hello" and isinstance(hello["cursor"], int)
    return communicator, connected


async def drain(communicator, timeout=0.5):
    """Everything the socket receives until it is quiet."""
    received = []
    # receive_nothing waits without cancelling the app (a receive timeout would).
    while not await communicator.receive_nothing(timeout=timeout):
        received.append(await communicator.receive_json_from())
    return received


async def until_resumed(communicator, timeout=10):
    """The frames of a replay, up to and including its "resumed" (or "reload")."""
    frames = []
    while not frames or frames[-1]["type"] not in ("resumed", "reload"):
        frames.append(await communicator.receive_json_from(timeout=timeout))
    return frames


@database_sync_to_async
def post(author, audience, kind="update", body="Hello", network=None):
    return services.post_create(
        author=author, kind=kind, body=body, audience=audience, network=network
    )
