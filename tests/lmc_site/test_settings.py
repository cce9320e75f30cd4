"""Production settings refuse to start insecurely; development needs no environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "a-strong-test-key-" + "0123456789abcdefghijklmnopqrstuvwxyz"


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
    result = run_check(DJANGO_ENV="production", DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_DEBUG="1")
    assert result.returncode != 0
    assert "DJANGO_DEBUG=1 is not allowed in production" in result.stderr


def test_production_starts_with_a_secret_key_and_debug_off():
    assert production_setting("DEBUG") == "False"


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


KEY_MESSAGE = (
    "Refusing to start: DJANGO_SECRET_KEY must be at least 50 random characters"
    " and must not start with 'django-insecure'."
)


@pytest.mark.parametrize(
    "key",
    [
        "short-key",
        "k" * 60,
        "django-insecure-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ",
    ],
    ids=["short", "too-few-distinct-characters", "django-insecure-prefix"],
)
def test_production_refuses_to_start_with_a_weak_secret_key(key):
    result = run_check(
        DJANGO_ENV="production", DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS="example.org"
    )

    assert result.returncode != 0
    assert result.stderr.strip() == KEY_MESSAGE


def test_production_settings_pass_the_deploy_check_with_no_warning():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": STRONG_KEY,
            "DJANGO_ALLOWED_HOSTS": "lmc.example.org",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def production_setting(name, **env):
    result = subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings; print(settings.{name})"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "lmc_site.settings",
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": STRONG_KEY,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_defaults_redirect_to_https_with_a_year_of_hsts():
    assert production_setting("SECURE_SSL_REDIRECT") == "True"
    assert production_setting("SECURE_HSTS_SECONDS") == "31536000"
    assert production_setting("SECURE_HSTS_INCLUDE_SUBDOMAINS") == "True"
    assert production_setting("SESSION_COOKIE_SECURE") == "True"
    assert production_setting("CSRF_COOKIE_SECURE") == "True"
    assert production_setting("SECURE_PROXY_SSL_HEADER") == "None"


def test_production_requires_two_factor_sign_in_for_publishers_by_default():
    assert production_setting("ADMIN_REQUIRE_2FA") == "True"


def test_a_tls_terminating_proxy_is_trusted_only_when_configured():
    assert production_setting("SECURE_PROXY_SSL_HEADER", DJANGO_BEHIND_PROXY="1") == (
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )
    assert production_setting("SECURE_SSL_REDIRECT", DJANGO_SSL_REDIRECT="0") == "False"


def test_the_admin_path_is_configurable():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.urls import reverse; "
            "print(reverse('admin:index'))",
        ],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "lmc_site.settings",
            "DJANGO_ADMIN_PATH": "/editing-desk/",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/editing-desk/"
