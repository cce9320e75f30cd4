"""Editors upload pictures in the admin; a bad file is a form error naming the problem,
never a 500; a picture in use cannot be deleted; only Publishers delete pictures."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from editorial.roles import EDITOR, PUBLISHER
from images.models import Image
from tests.factories import make_project
from tests.images.pictures import make_image, one_bit_png, picture_bytes, png_declaring, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def temporary_media(media_root):
    return media_root


def url(view, *args):
    return reverse(f"admin:images_image_{view}", args=args)


def image_data(**fields):
    return {
        "file": upload(size=(1200, 800)),
        "alt_text": "Workers laying track near Luang Prabang",
        "caption": "Track laying.",
        "credit": "Test photographer",
        "licence": "CC BY 4.0",
        "_save": "Save",
        **fields,
    }


@pytest.mark.parametrize("role", [EDITOR, PUBLISHER])
def test_both_roles_may_add_and_change_images(role):
    codenames = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
    assert {"add_image", "change_image", "view_image"} <= codenames
    assert {"add_projectimage", "add_eventimage"} <= codenames


def test_only_publishers_may_delete_images():
    assert Group.objects.get(name=PUBLISHER).permissions.filter(codename="delete_image").exists()
    assert not Group.objects.get(name=EDITOR).permissions.filter(codename="delete_image").exists()


def test_an_editor_uploads_a_picture_with_its_text(
    editor_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url("add"), image_data())

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.alt_text == "Workers laying track near Luang Prabang"
    assert (image.width, image.height) == (1200, 800)
    assert [r.width for r in image.renditions.all()] == [400, 800, 1200]


def test_the_alt_text_is_required(editor_client):
    response = editor_client.post(url("add"), image_data(alt_text=""))

    assert response.status_code == 200
    assert "alt_text" in response.context["adminform"].form.errors
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    "data, name, words",
    [
        (b"#!/bin/sh\necho owned\n", "photo.jpg", "not an image"),
        (b"", "empty.jpg", "empty"),
        (picture_bytes("GIF"), "moving.gif", "GIF"),
        (b"\xff\xd8" + b"\x00" * (11 * 1024 * 1024), "huge.jpg", "at most 10 MB"),
        (one_bit_png((8000, 6000)), "wide.png", "at most 40 megapixels"),
        (png_declaring(10000, 10000), "bomb.png", "decompression bomb"),
    ],
)
def test_a_bad_upload_is_a_form_error_naming_the_problem(editor_client, data, name, words):
    response = editor_client.post(url("add"), image_data(file=upload(data, name=name)))

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["file"])
    assert words in errors
    assert not Image.objects.exists()


def test_a_bad_new_file_leaves_the_stored_picture_as_it_was(editor_client):
    image = make_image()
    stored_name = image.file.name

    response = editor_client.post(
        url("change", image.pk),
        image_data(file=upload(b"<script>alert(1)</script>", name="new.jpg")),
    )

    assert response.status_code == 200
    assert "not an image" in " ".join(response.context["adminform"].form.errors["file"])
    image.refresh_from_db()
    assert image.file.name == stored_name
    assert image.file.storage.exists(stored_name)
    assert image.renditions.count() == 3


def test_the_list_shows_a_thumbnail_and_finds_pictures_by_alt_text(editor_client):
    make_image(alt_text="A green train at Vientiane station")
    make_image(alt_text="A village water tower")

    response = editor_client.get(url("changelist"), {"q": "train"})

    content = response.content.decode()
    assert 'alt="A green train at Vientiane station"' in content
    assert "/media/images/renditions/" in content
    assert "water tower" not in content


def test_a_picture_in_use_is_not_deleted_and_the_page_says_why(publisher_client):
    image = make_image(alt_text="Lead picture")
    project = make_project(lead_image=image, title="Test railway")

    page = publisher_client.get(url("delete", image.pk))
    response = publisher_client.post(url("delete", image.pk), {"post": "yes"})

    assert page.status_code == 200
    assert "protected" in page.content.decode()
    assert "Test railway" in page.content.decode()
    assert response.status_code == 200
    assert Image.objects.filter(pk=image.pk).exists()
    project.refresh_from_db()
    assert project.lead_image == image


def test_a_publisher_deletes_a_picture_nothing_uses(publisher_client):
    image = make_image()

    response = publisher_client.post(url("delete", image.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Image.objects.exists()


def test_an_editor_cannot_change_a_picture_on_a_published_page(editor_client):
    image = make_image(alt_text="Lead picture")
    make_project(lead_image=image)

    page = editor_client.get(url("change", image.pk))
    response = editor_client.post(url("change", image.pk), image_data(alt_text="Changed"))

    assert "only a publisher can change it" in page.content.decode()
    assert response.status_code == 403
    image.refresh_from_db()
    assert image.alt_text == "Lead picture"


def test_an_editor_changes_a_picture_used_only_by_drafts(editor_client):
    image = make_image(alt_text="Lead picture")
    make_project(lead_image=image, state="draft")

    response = editor_client.post(url("change", image.pk), image_data(alt_text="Changed"))

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.alt_text == "Changed"


def test_a_publisher_changes_a_picture_on_a_published_page(publisher_client):
    image = make_image(alt_text="Lead picture")
    make_project(lead_image=image)

    response = publisher_client.post(url("change", image.pk), image_data(alt_text="Changed"))

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.alt_text == "Changed"


def test_a_new_file_gets_new_renditions_and_a_text_change_keeps_them(
    publisher_client, django_capture_on_commit_callbacks
):
    image = make_image(size=(1200, 800))
    before = list(image.renditions.values_list("pk", flat=True))
    text_only = {
        key: value for key, value in image_data(alt_text="New text").items() if key != "file"
    }

    with django_capture_on_commit_callbacks(execute=True):
        publisher_client.post(url("change", image.pk), text_only)
    image.refresh_from_db()
    assert image.alt_text == "New text"
    assert list(image.renditions.values_list("pk", flat=True)) == before

    with django_capture_on_commit_callbacks(execute=True):
        publisher_client.post(url("change", image.pk), image_data(file=upload(size=(500, 250))))
    assert [r.width for r in image.renditions.all()] == [400, 500]
