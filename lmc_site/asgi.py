"""ASGI entry point. Serving through it means production settings."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lmc_site.settings")
os.environ.setdefault("DJANGO_ENV", "production")

application = get_asgi_application()
