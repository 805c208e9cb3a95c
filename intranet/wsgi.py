"""WSGI entry point (gunicorn) for HTTP only; WebSockets go to daphne (asgi.py)."""

import os

from django.core.wsgi import get_wsgi_application

# Servers run production settings unless told otherwise (manage.py defaults to dev).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.production")
application = get_wsgi_application()
