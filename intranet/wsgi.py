"""WSGI entry point (gunicorn) for HTTP only; WebSockets go to daphne (asgi.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.dev")
application = get_wsgi_application()
