"""Production settings refuse to start insecurely; development needs no environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_development_settings_start_without_any_environment():
    result = run_check()
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check(DJANGO_ENV="production", DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert result.stderr.strip() == "Refusing to start: set DJANGO_SECRET_KEY for production."


def test_production_refuses_debug():
    result = run_check(DJANGO_ENV="production", DJANGO_SECRET_KEY="k" * 60, DJANGO_DEBUG="1")
    assert result.returncode != 0
    assert "DJANGO_DEBUG=1 is not allowed in production" in result.stderr


def test_production_starts_with_a_secret_key_and_debug_off():
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEBUG)"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "lmc_site.settings",
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": "k" * 60,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_wsgi_entry_point_selects_production_settings():
    result = subprocess.run(
        [sys.executable, "-c", "import lmc_site.wsgi"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "set DJANGO_SECRET_KEY for production" in result.stderr
