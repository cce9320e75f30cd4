"""Superusers and Publishers give a code from an authenticator app after their password;
the first time they set the app up and get recovery codes. Editors do not need it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from editorial.roles import EDITOR, PUBLISHER
from tests.factories import make_staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.ADMIN_REQUIRE_2FA = True


@pytest.fixture
def superuser(client):
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "x" * 16)
    client.force_login(user)
    return user


def current_code(user):
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def set_up_two_factor(client, user):
    client.get(reverse("two_factor"))
    response = client.post(reverse("two_factor"), {"code": current_code(user)})
    assert response.status_code == 200
    return re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())


def test_a_superuser_is_sent_to_set_up_two_factor_sign_in(client, superuser):
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('two_factor')}?next=/admin/"
    page = client.get(response["Location"]).content.decode()
    assert "<h1>Set up two-factor sign-in</h1>" in page
    assert "otpauth://totp/LMC%20site%3Achief?secret=" in page


def test_setting_up_gives_ten_recovery_codes_and_opens_the_admin(client, superuser):
    codes = set_up_two_factor(client, superuser)

    assert len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=superuser).confirmed
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_wrong_code_is_refused(client, superuser):
    client.get(reverse("two_factor"))

    response = client.post(reverse("two_factor"), {"code": "000000x"})

    assert "That code is not right" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_next_sign_in_asks_for_the_app_code(client, superuser):
    set_up_two_factor(client, superuser)
    client.post(reverse("admin:logout"))
    client.force_login(superuser)

    assert client.get(reverse("admin:index")).status_code == 302
    page = client.get(reverse("two_factor")).content.decode()
    assert "<h1>Two-factor sign-in</h1>" in page
    assert "otpauth" not in page
    device = TOTPDevice.objects.get(user=superuser)
    device.last_t = -1  # the set-up used this time step's code already
    device.save()
    response = client.post(
        f"{reverse('two_factor')}?next=/admin/", {"code": current_code(superuser)}
    )
    assert response["Location"] == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_recovery_code_works_once(client, superuser):
    codes = set_up_two_factor(client, superuser)
    client.post(reverse("admin:logout"))

    client.force_login(superuser)
    client.post(reverse("two_factor"), {"code": codes[0]})
    assert client.get(reverse("admin:index")).status_code == 200

    client.post(reverse("admin:logout"))
    client.force_login(superuser)
    client.post(reverse("two_factor"), {"code": codes[0]})
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_publisher_needs_the_second_step_and_an_editor_does_not(client):
    client.force_login(make_staff_user("pub", PUBLISHER))
    assert client.get(reverse("admin:index")).status_code == 302

    client.force_login(make_staff_user("ed", EDITOR))
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_code_page_ignores_an_outside_next_address(client, superuser):
    codes = set_up_two_factor(client, superuser)
    client.post(reverse("admin:logout"))
    client.force_login(superuser)

    response = client.post(
        f"{reverse('two_factor')}?next=https://evil.example/", {"code": codes[0]}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
