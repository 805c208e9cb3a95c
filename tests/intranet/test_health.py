"""/healthz answers while the process runs; /readyz only when database and channel layer answer."""

import pytest
from channels.layers import channel_layers

pytestmark = pytest.mark.django_db


def test_healthz_is_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ok_when_database_and_channel_layer_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content


def test_readyz_is_503_with_the_reason_when_the_channel_layer_is_down(client, settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "intranet.channel_layer.KoersPubSubChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    channel_layers.backends.clear()
    try:
        response = client.get("/readyz")
    finally:
        channel_layers.backends.clear()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert any(problem.startswith("channel layer") for problem in body["problems"])
