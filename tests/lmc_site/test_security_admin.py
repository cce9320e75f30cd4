"""Admin protection: lockout after 5 failed sign-ins (django-axes), password length,
session lifetime, and session keys that change at sign-in and die at sign-out."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

PASSWORD = "a-long-enough-password"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


def sign_in(client, username="editor", password=PASSWORD, address="203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def signed_in(response):
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_the_right_password_signs_in(client, editor):
    assert signed_in(sign_in(client))


def test_the_sixth_attempt_is_refused_even_with_the_right_password(client, editor):
    for _ in range(5):
        response = sign_in(client, password="wrong-password")
        assert response.status_code in {200, 429}
        assert not signed_in(response)

    response = sign_in(client)

    assert response.status_code == 429
    content = response.content.decode()
    assert "<h1>Sign-in locked for 30 minutes</h1>" in content
    assert "5 failed attempts" in content
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock_the_account(client, editor):
    for _ in range(4):
        sign_in(client, password="wrong-password")

    assert signed_in(sign_in(client))


def test_the_lock_is_for_that_username_from_that_address_only(client, editor):
    get_user_model().objects.create_superuser("other", "other@example.org", PASSWORD)
    for _ in range(5):
        sign_in(client, password="wrong-password")

    assert signed_in(sign_in(Client(), address="198.51.100.9"))
    assert signed_in(sign_in(Client(), username="other"))
    assert sign_in(Client()).status_code == 429


def test_the_lock_lasts_30_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_the_lockout_page_carries_the_security_headers(client, editor):
    for _ in range(5):
        sign_in(client, password="wrong-password")

    response = sign_in(client)

    assert response.status_code == 429
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<style" not in response.content.decode()


@pytest.mark.parametrize("password", ["Short-pass1", "lmc-editor", "123456789012345"])
def test_short_common_or_numeric_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_twelve_character_password_is_accepted():
    validate_password("river-cobalt")


def test_signing_in_gives_a_new_session_key(client, editor):
    client.get(reverse("admin:login"))
    session = client.session
    session["before"] = "sign-in"
    session.save()
    key_before = session.session_key

    assert signed_in(sign_in(client))

    assert client.session.session_key != key_before
    assert not SessionStore().exists(key_before)


def test_signing_out_ends_the_session(client, editor):
    sign_in(client)
    key = client.session.session_key
    assert SessionStore().exists(key)

    client.post(reverse("admin:logout"))

    assert not SessionStore().exists(key)
    assert client.get(reverse("admin:index")).status_code == 302


def test_admin_sessions_last_12_hours_and_end_with_the_browser(client, editor):
    response = sign_in(client)

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    assert client.session.get_expiry_age() == 12 * 60 * 60
