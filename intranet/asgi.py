"""ASGI entry point: HTTP through Django, WebSockets through Channels (daphne)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.dev")
# Django must be set up before any routing (and so any model) is imported.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from daphne.ws_protocol import WebSocketProtocol  # noqa: E402

import feed.routing  # noqa: E402


def _server_close(self, code=None):
    """Close with the code the consumer gave. RFC 6455 lets a server send 1001,
    1003, 1008, 1009; autobahn's sendClose accepts only 1000 and 3000-4999, and
    daphne 4.2 hands the ASGI code to it, so such a close raised instead of
    closing (docs/realtime.md)."""
    self.sendCloseFrame(code=1000 if code is None else code, isReply=False)


WebSocketProtocol.serverClose = _server_close

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(feed.routing.websocket_urlpatterns))
        ),
    }
)
