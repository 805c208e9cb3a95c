"""Two server processes share one fan-out through the real Redis channel layer."""

import asyncio
import json
import uuid

import pytest
import requests
import websockets
from django.test import Client

from tests.factories import make_member

from .servers import daphne

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def test_post_created_on_process_a_reaches_a_socket_on_process_b(redis_url):
    author = make_member("employee")
    reader = make_member("external")
    author_session = _session_cookie(author)
    reader_session = _session_cookie(reader)
    shared = {
        "REDIS_URL": redis_url,
        "CHANNEL_LAYER_PREFIX": f"koersfanout{uuid.uuid4().hex[:8]}",
        "CACHE_KEY_PREFIX": f"koersfanout{uuid.uuid4().hex[:8]}",
    }
    with daphne(extra_env=shared, log_name="fanout-a") as process_a:
        with daphne(extra_env=shared, log_name="fanout-b") as process_b:

            def post_through_a():
                http = requests.Session()
                http.cookies.set("sessionid", author_session)
                http.get(f"{process_a}/feed/", timeout=10).raise_for_status()
                response = http.post(
                    f"{process_a}/feed/posts/new/",
                    data={
                        "kind": "result",
                        "body": "<p>Across processes</p>",
                        "audience": "community",
                        "figure": "+2",
                    },
                    headers={"X-CSRFToken": http.cookies["csrftoken"]},
                    allow_redirects=False,
                    timeout=10,
                )
                assert response.status_code == 302, response.text[:500]
                return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])

            async def scenario():
                ws_url = process_b.replace("http://", "ws://") + "/ws/feed/"
                async with websockets.connect(
                    ws_url,
                    origin=process_b,
                    additional_headers={"Cookie": f"sessionid={reader_session}"},
                ) as socket:
                    assert json.loads(await socket.recv())["type"] == "hello"
                    post_id = await asyncio.to_thread(post_through_a)
                    while True:
                        message = json.loads(
                            await asyncio.wait_for(socket.recv(), timeout=10)
                        )
                        if message["type"] == "post_created":
                            return post_id, message

            post_id, message = asyncio.run(scenario())
    assert message["post_id"] == post_id
    assert "Across processes" in message["html"]
