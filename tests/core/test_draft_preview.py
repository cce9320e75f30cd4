"""Drafts and scheduled items at their public addresses: shown only to a user who may change
the item and, when the second factor is required of them, has given it this session."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from editorial.roles import PUBLISHER
from tests.factories import make_event, make_project, make_staff_user

pytestmark = pytest.mark.django_db

ITEMS = [("project", make_project), ("event", make_event)]


@pytest.fixture(params=ITEMS, ids=[name for name, _ in ITEMS])
def draft(request):
    _, make = request.param
    return make(state="draft")


def signed_in(user, verified=False):
    client = Client()
    client.force_login(user)
    if verified:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def with_change_permission(user, item):
    codename = f"change_{item._meta.model_name}"
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label=item._meta.app_label, codename=codename)
    )
    return user


def test_anonymous_visitors_do_not_find_a_draft(client, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_without_the_right_to_change_the_item_do_not_see_its_draft(draft):
    client = signed_in(make_staff_user("reader"))

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_who_may_change_the_item_see_its_draft(draft):
    user = with_change_permission(make_staff_user("writer"), draft)

    response = signed_in(user).get(draft.get_absolute_url())

    assert response.status_code == 200
    assert "This is a draft." in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_a_publisher_who_has_not_given_the_second_factor_does_not_see_drafts(settings, draft):
    settings.ADMIN_REQUIRE_2FA = True
    client = signed_in(make_staff_user("publisher", PUBLISHER))

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_publisher_who_has_given_the_second_factor_sees_drafts(settings, draft):
    settings.ADMIN_REQUIRE_2FA = True
    client = signed_in(make_staff_user("publisher", PUBLISHER), verified=True)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert "This is a draft." in response.content.decode()


def test_without_a_required_second_factor_a_publisher_sees_drafts(settings, draft):
    settings.ADMIN_REQUIRE_2FA = False
    client = signed_in(make_staff_user("publisher", PUBLISHER))

    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_scheduled_item_is_hidden_the_same_way(settings):
    settings.ADMIN_REQUIRE_2FA = True
    scheduled = make_project(state="scheduled")

    unverified = signed_in(make_staff_user("publisher", PUBLISHER))
    verified = signed_in(make_staff_user("chief", PUBLISHER), verified=True)

    assert unverified.get(scheduled.get_absolute_url()).status_code == 404
    assert verified.get(scheduled.get_absolute_url()).status_code == 200
