"""The Koers Django project: settings, URLs, ASGI/WSGI entry points and shared rules."""
