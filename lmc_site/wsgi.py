"""WSGI entry point. Serving through it means production settings."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lmc_site.settings")
os.environ.setdefault("DJANGO_ENV", "production")

application = get_wsgi_application()
