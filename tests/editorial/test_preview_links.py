import datetime

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from editorial.models import PREVIEW_SALT, PreviewLink
from tests.factories import make_event, make_key_figure, make_project, make_staff_user

pytestmark = pytest.mark.django_db


def admin_url(item, view, *args):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[item.pk, *args])


def make_link(item):
    return PreviewLink.create_for(item, user=make_staff_user("sharer"))


def test_a_valid_link_shows_the_draft_marked_preview_never_cached_never_indexed(client):
    project = make_project("draft", title="Secret draft project")

    response = client.get(make_link(project).get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "Secret draft project" in page
    assert "Draft preview, not public." in page
    assert "Shared preview link, valid until" in page
    assert '<meta name="robots" content="noindex">' in page
    assert response["X-Robots-Tag"] == "noindex"
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))


def test_a_valid_link_shows_a_draft_event(client):
    event = make_event("draft", title="Secret draft meeting")

    response = client.get(make_link(event).get_absolute_url())

    assert response.status_code == 200
    assert "Secret draft meeting" in response.content.decode()


def test_the_draft_stays_hidden_at_its_public_address(client):
    project = make_project("draft")
    make_link(project)

    assert client.get(project.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "",
        "a" * 500,
        signing.Signer(salt="another-salt").sign_object({"link": 1, "expires": 2**40}),
        signing.Signer(salt=PREVIEW_SALT).sign_object(["not", "a", "mapping"]),
        "%00",
    ],
)
def test_a_tampered_link_is_refused(client, token):
    make_link(make_project("draft"))

    response = client.get(f"/preview/{token}/")

    assert response.status_code == 404


def test_a_link_with_a_changed_signature_is_refused_with_a_reason(client):
    link = make_link(make_project("draft", title="Secret draft project"))
    token = link.token
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = client.get(reverse("editorial:preview", kwargs={"token": tampered}))

    page = response.content.decode()
    assert response.status_code == 404
    assert "This preview link is not valid." in page
    assert "Secret draft project" not in page
    assert '<meta name="robots" content="noindex">' in page


def test_a_link_expires_after_seven_days(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        link = make_link(make_project("draft", title="Secret draft project"))
        url = link.get_absolute_url()
    with time_machine.travel(start + datetime.timedelta(days=6, hours=23), tick=False):
        still_open = client.get(url).status_code
    with time_machine.travel(start + datetime.timedelta(days=7, minutes=1), tick=False):
        response = client.get(url)

    assert still_open == 200
    assert response.status_code == 404
    assert "This preview link has expired." in response.content.decode()
    assert "Secret draft project" not in response.content.decode()


def test_a_revoked_link_is_refused(client):
    link = make_link(make_project("draft", title="Secret draft project"))
    url = link.get_absolute_url()

    link.revoke(user=None)
    response = client.get(url)

    assert response.status_code == 404
    assert "withdrawn" in response.content.decode()


def test_a_link_to_a_deleted_item_is_refused(client):
    project = make_project("draft")
    url = make_link(project).get_absolute_url()
    project.delete()

    assert client.get(url).status_code == 404


def test_a_link_to_something_without_a_page_is_refused(client):
    url = make_link(make_key_figure("draft")).get_absolute_url()

    assert client.get(url).status_code == 404


def test_a_link_signed_for_a_missing_record_is_refused(client):
    token = signing.Signer(salt=PREVIEW_SALT).sign_object({"link": 987654, "expires": 2**40})

    assert client.get(f"/preview/{token}/").status_code == 404


def test_an_editor_makes_a_preview_link_from_the_change_page_of_a_draft(editor_client, client):
    project = make_project("draft", title="Secret draft project")

    page = editor_client.get(admin_url(project, "change")).content.decode()
    response = editor_client.post(admin_url(project, "preview_link"), follow=True)

    assert "Make a preview link" in page
    link = PreviewLink.objects.get()
    assert link.item == project
    lifetime = link.expires_at - link.created_at
    assert abs(lifetime - datetime.timedelta(days=7)) < datetime.timedelta(seconds=1)
    assert link.get_absolute_url() in response.content.decode()
    assert "Secret draft project" in client.get(link.get_absolute_url()).content.decode()


def test_the_change_page_lists_active_links_and_withdraws_one(editor_client, client):
    project = make_project("draft")
    link = make_link(project)
    url = link.get_absolute_url()

    page = editor_client.get(admin_url(project, "change")).content.decode()
    editor_client.post(admin_url(project, "revoke_preview_link", link.pk))

    assert "Withdraw this link" in page
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert client.get(url).status_code == 404


def test_a_public_item_gets_no_preview_link(staff_client):
    project = make_project("published")

    page = staff_client.get(admin_url(project, "change")).content.decode()
    staff_client.post(admin_url(project, "preview_link"))

    assert "Make a preview link" not in page
    assert not PreviewLink.objects.exists()


def test_making_a_link_needs_a_post_and_change_rights(client):
    project = make_project("draft")
    viewer = make_staff_user("viewer")
    client.force_login(viewer)

    assert client.get(admin_url(project, "preview_link")).status_code == 405
    assert client.post(admin_url(project, "preview_link")).status_code == 403
    assert not PreviewLink.objects.exists()
