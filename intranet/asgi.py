"""ASGI entry point: HTTP through Django, WebSockets through Channels (daphne)."""

import os

from django.core.asgi import get_asgi_application

# Servers run production settings unless told otherwise (manage.py defaults to dev).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.production")
# Django must be set up before any routing (and so any model) is imported.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

import feed.routing  # noqa: E402
from intranet import daphne_patches  # noqa: E402
from intranet.ws_outage import RefuseWhenUnavailable  # noqa: E402

daphne_patches.apply()


application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Outermost: a handshake during a database or Redis outage gets 503.
        "websocket": RefuseWhenUnavailable(
            AllowedHostsOriginValidator(
                AuthMiddlewareStack(URLRouter(feed.routing.websocket_urlpatterns))
            )
        ),
    }
)
