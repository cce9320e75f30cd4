"""Saving an image strips its EXIF, turns it upright and makes its renditions once;
deleting it removes its files; one in use cannot be deleted."""

import pytest
from django.core.files.storage import default_storage
from django.db.models import ProtectedError
from PIL import Image as PillowImage

from images.models import Image, Rendition
from images.services import make_renditions_on_commit
from tests.factories import make_event, make_project
from tests.images.pictures import (
    GPS_IFD,
    gps_exif,
    make_image,
    picture_bytes,
    rotated_exif,
    save_with_renditions,
    upload,
)
from timeline.models import EventImage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def temporary_media(media_root):
    return media_root


def stored_picture(file):
    file.open("rb")
    picture = PillowImage.open(file)
    picture.load()
    file.close()
    return picture


def save_upload(data, name="photo.jpg"):
    return save_with_renditions(Image(file=upload(data, name=name), alt_text="A picture"))


def test_the_gps_location_and_camera_data_are_gone_from_the_stored_file():
    original = picture_bytes("JPEG", exif=gps_exif())
    assert GPS_IFD in PillowImage.open(upload(original)).getexif()

    image = save_upload(original)

    exif = stored_picture(image.file).getexif()
    assert GPS_IFD not in exif
    assert len(exif) == 0
    for rendition in image.renditions.all():
        assert len(stored_picture(rendition.file).getexif()) == 0


def test_a_turned_photo_is_stored_upright_with_its_real_width_and_height():
    image = save_upload(picture_bytes("JPEG", size=(600, 300), exif=rotated_exif()))

    assert (image.width, image.height) == (300, 600)
    assert stored_picture(image.file).size == (300, 600)


def test_renditions_are_made_at_400_800_and_1600_pixels_wide_in_proportion():
    image = make_image(size=(2000, 1000))

    sizes = [(r.width, r.height) for r in image.renditions.all()]
    assert sizes == [(400, 200), (800, 400), (1600, 800)]
    for rendition in image.renditions.all():
        assert default_storage.exists(rendition.file.name)
        assert rendition.file.name.startswith("images/renditions/")
        assert stored_picture(rendition.file).size == (rendition.width, rendition.height)


def test_a_small_picture_is_never_enlarged():
    image = make_image(size=(300, 200))

    assert [(r.width, r.height) for r in image.renditions.all()] == [(300, 200)]
    assert image.rendition(800).width == 300
    assert image.srcset() == f"{image.renditions.get().url} 300w"


def test_a_picture_between_sizes_gets_the_smaller_sizes_and_its_own():
    image = make_image(size=(1000, 500))

    assert [r.width for r in image.renditions.all()] == [400, 800, 1000]
    assert image.rendition(800).width == 800
    assert image.rendition(400).width == 400


@pytest.mark.parametrize("format_name", ["PNG", "WEBP"])
def test_png_and_webp_keep_their_format_in_the_file_and_its_renditions(format_name):
    image = make_image(size=(900, 600), format_name=format_name)

    assert stored_picture(image.file).format == format_name
    assert {stored_picture(r.file).format for r in image.renditions.all()} == {format_name}


def test_a_second_save_does_not_make_the_renditions_again():
    image = make_image(size=(1800, 900))
    before = list(image.renditions.values_list("pk", "file"))

    image.caption = "A new caption."
    image.save()
    Image.objects.get(pk=image.pk).save()

    assert list(image.renditions.values_list("pk", "file")) == before
    assert Rendition.objects.count() == 3


def test_the_srcset_lists_each_rendition_with_its_width():
    image = make_image(size=(1800, 900))
    urls = [r.url for r in image.renditions.all()]

    assert image.srcset() == f"{urls[0]} 400w, {urls[1]} 800w, {urls[2]} 1600w"
    assert all(url.startswith("/media/images/renditions/") for url in urls)


def test_a_new_file_replaces_the_old_file_and_its_renditions(django_capture_on_commit_callbacks):
    image = make_image(size=(1000, 500))
    old_names = [image.file.name, *image.renditions.values_list("file", flat=True)]

    with django_capture_on_commit_callbacks(execute=True):
        image.file = upload(size=(500, 250))
        image.save()
        make_renditions_on_commit(image)

    assert [r.width for r in image.renditions.all()] == [400, 500]
    assert not any(default_storage.exists(name) for name in old_names)
    assert default_storage.exists(image.file.name)


def test_deleting_an_image_removes_its_file_and_renditions(django_capture_on_commit_callbacks):
    image = make_image(size=(1000, 500))
    names = [image.file.name, *image.renditions.values_list("file", flat=True)]
    assert all(default_storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()

    assert not any(default_storage.exists(name) for name in names)
    assert not Rendition.objects.exists()


def test_an_image_leading_a_project_cannot_be_deleted_and_keeps_its_files(
    django_capture_on_commit_callbacks,
):
    image = make_image()
    make_project(lead_image=image)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ProtectedError):
        image.delete()

    assert Image.objects.filter(pk=image.pk).exists()
    assert default_storage.exists(image.file.name)
    assert image.renditions.count() == 3


def test_an_image_in_an_event_gallery_cannot_be_deleted():
    image = make_image()
    EventImage.objects.create(event=make_event(), image=image)

    with pytest.raises(ProtectedError):
        image.delete()

    assert Image.objects.filter(pk=image.pk).exists()


def test_stored_files_get_random_names_not_the_uploaded_ones():
    first = save_with_renditions(
        Image(alt_text="Draft picture", file=upload(name="secret-dam-plan.jpg"))
    )
    second = make_image()

    names = [first.file.name, *(r.file.name for r in first.renditions.all())]
    assert not any("secret-dam-plan" in name for name in names)
    assert first.file.name != second.file.name


def test_saving_an_image_makes_no_renditions_until_they_are_asked_for(
    django_capture_on_commit_callbacks,
):
    image = Image(file=upload(size=(1000, 500)), alt_text="A picture")
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    assert not image.renditions.exists()

    with django_capture_on_commit_callbacks(execute=True):
        make_renditions_on_commit(image)
    assert [r.width for r in image.renditions.all()] == [400, 800, 1000]


def test_renditions_are_not_made_before_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    image = make_image(size=(1000, 500))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image.file = upload(size=(500, 250))
        image.save()
        make_renditions_on_commit(image)

    assert [r.width for r in image.renditions.all()] == [400, 800, 1000]
    assert callbacks


def show(image, make_item, role, state):
    if role == "lead":
        return make_item(state=state, lead_image=image)
    item = make_item(state=state)
    item.gallery.create(image=image)
    return item


@pytest.mark.parametrize("make_item", [make_project, make_event])
@pytest.mark.parametrize("role", ["lead", "gallery"])
def test_an_image_is_on_published_pages_once_a_published_item_shows_it(make_item, role):
    image = make_image()
    show(image, make_item, role, "draft")
    assert not image.appears_on_published_pages()

    show(image, make_item, role, "published")
    assert image.appears_on_published_pages()
