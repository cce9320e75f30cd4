"""A project's lead image and gallery on its page and in the list: renditions in srcset,
width, height and alt set, caption, credit and licence shown; drafts stay hidden; the number
of queries does not grow with the pictures; versions keep the pictures."""

import re

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from reversion.models import Version

from editorial import review, revisions
from editorial.models import ReviewRequest
from projects.models import Project, ProjectImage
from tests.factories import make_countries, make_project
from tests.images.pictures import make_image
from tests.projects.test_admin import project_change_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def temporary_media(media_root):
    return media_root


def img_tags(content):
    return re.findall(r"<img [^>]*>", content)


def attribute(tag, name):
    match = re.search(rf'\b{name}="([^"]*)"', tag)
    return match and match.group(1)


def project_with_pictures(gallery_size=2, **fields):
    project = make_project(lead_image=make_image(size=(2000, 1000)), **fields)
    for position in range(gallery_size):
        ProjectImage.objects.create(
            project=project,
            image=make_image(size=(900, 600), alt_text=f"Gallery picture {position}"),
            position=position,
        )
    return project


def test_the_page_shows_the_lead_image_with_srcset_sizes_and_text(client):
    project = project_with_pictures(gallery_size=0)
    image = project.lead_image
    urls = {r.width: r.url for r in image.renditions.all()}

    content = client.get(project.get_absolute_url()).content.decode()

    lead = img_tags(content)[0]
    assert attribute(lead, "src") == urls[800]
    assert attribute(lead, "srcset") == f"{urls[400]} 400w, {urls[800]} 800w, {urls[1600]} 1600w"
    assert attribute(lead, "width") == "800" and attribute(lead, "height") == "400"
    assert attribute(lead, "alt") == "A test picture of a river"
    assert attribute(lead, "sizes") and attribute(lead, "decoding") == "async"
    assert attribute(lead, "loading") == "eager"
    assert "style=" not in lead
    caption = content[content.index("<figcaption>") : content.index("</figcaption>")]
    assert "The river at dawn." in caption
    assert "Credit: Test photographer." in caption and "Licence: CC BY 4.0." in caption


def test_the_gallery_shows_its_pictures_in_order_loading_lazily(client):
    project = project_with_pictures(gallery_size=3)
    ProjectImage.objects.filter(position=0).update(position=9)

    content = client.get(project.get_absolute_url()).content.decode()

    gallery = content[content.index('<ul class="gallery">') :]
    alts = [attribute(tag, "alt") for tag in img_tags(gallery)]
    assert alts == ["Gallery picture 1", "Gallery picture 2", "Gallery picture 0"]
    assert all(attribute(tag, "loading") == "lazy" for tag in img_tags(gallery))
    assert all("400w" in attribute(tag, "srcset") for tag in img_tags(gallery))


def test_a_project_without_pictures_shows_no_figure(client):
    content = client.get(make_project().get_absolute_url()).content.decode()
    assert "<figure" not in content and 'class="gallery"' not in content


def test_the_list_shows_the_400_pixel_thumbnail_with_its_alt_text(client):
    project = project_with_pictures(gallery_size=0, title="Pictured railway")
    make_project(title="Unpictured railway")
    thumbnail = project.lead_image.rendition(400)

    content = client.get(reverse("projects:index")).content.decode()

    tags = [tag for tag in img_tags(content) if 'class="card-picture"' in tag]
    assert len(tags) == 1
    assert attribute(tags[0], "src") == thumbnail.url
    assert attribute(tags[0], "width") == "400" and attribute(tags[0], "height") == "200"
    assert attribute(tags[0], "alt") == "A test picture of a river"


def test_the_search_results_show_the_thumbnail_too(client):
    project_with_pictures(gallery_size=0, title="Pictured railway")

    content = client.get(reverse("projects:index"), {"q": "railway"}).content.decode()

    assert 'class="card-picture"' in content


def test_a_drafts_pictures_do_not_make_the_draft_reachable(client):
    draft = project_with_pictures(state="draft", title="Secret draft project")
    draft.lead_image.alt_text = "Secret draft picture"
    draft.lead_image.save()

    assert client.get(draft.get_absolute_url()).status_code == 404
    listing = client.get(reverse("projects:index")).content.decode()
    assert "Secret draft" not in listing
    assert draft.lead_image.rendition(400).url not in listing
    assert "Secret draft" not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("gallery_size", [1, 6])
def test_detail_query_count_does_not_grow_with_the_pictures(
    client, django_assert_num_queries, gallery_size
):
    project = project_with_pictures(gallery_size=gallery_size)
    # The 7 queries of a page without pictures, and the renditions of the lead image, of
    # the gallery's images: one query each, however many pictures.
    with django_assert_num_queries(9):
        response = client.get(project.get_absolute_url())
    assert response.content.decode().count("<figure") == gallery_size + 1


@pytest.mark.parametrize("count", [2, 8])
def test_list_query_count_does_not_grow_with_the_thumbnails(
    client, django_assert_num_queries, count
):
    countries = make_countries()
    for _ in range(count):
        project_with_pictures(gallery_size=0, countries=countries[:1])
    # The 5 queries of the list without pictures, and one for the lead images' renditions.
    with django_assert_num_queries(6):
        response = client.get(reverse("projects:index"))
    assert response.content.decode().count('class="card-picture"') == count


def test_a_saved_version_keeps_the_lead_image_and_the_gallery(staff_client):
    project = make_project("draft")
    lead, extra = make_image(), make_image(alt_text="Second picture")
    data = project_change_data(
        project,
        lead_image=lead.pk,
        **{"gallery-TOTAL_FORMS": "1", "gallery-0-image": extra.pk, "gallery-0-position": "1"},
    )

    response = staff_client.post(reverse("admin:projects_project_change", args=[project.pk]), data)

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.lead_image == lead
    assert list(project.gallery.values_list("image", flat=True)) == [extra.pk]
    version = Version.objects.get_for_object(project).latest("pk")
    assert version.field_dict["lead_image_id"] == lead.pk
    kept = version.revision.version_set.get_for_model(ProjectImage)
    assert [item.field_dict["image_id"] for item in kept] == [extra.pk]


def test_restoring_a_version_brings_back_its_gallery_and_lead_image(admin_user):
    project = make_project("draft")
    first, second = make_image(alt_text="First picture"), make_image(alt_text="Second picture")
    with reversion.create_revision():
        project.lead_image = first
        project.save()
        ProjectImage.objects.create(project=project, image=first, position=0)
    version = Version.objects.get_for_object(project).latest("pk")
    project.lead_image = second
    project.save()
    project.gallery.update(image=second)

    rows = {row["label"]: row for row in revisions.compare(Project, *compared(version, project))}
    assert rows["Gallery"]["changed"] and "First picture" in rows["Gallery"]["old"]
    revisions.restore(version, user=admin_user)

    project.refresh_from_db()
    assert project.lead_image == first
    assert [item.image for item in project.gallery.all()] == [first]


def test_a_restore_is_refused_when_a_gallery_picture_was_deleted_since(admin_user):
    project = make_project("draft")
    gone = make_image(alt_text="Deleted later")
    with reversion.create_revision():
        project.save()
        ProjectImage.objects.create(project=project, image=gone, position=0)
    version = Version.objects.get_for_object(project).latest("pk")
    project.gallery.all().delete()
    gone.delete()

    with pytest.raises(ValidationError, match="deleted since"):
        revisions.restore(version, user=admin_user)
    assert not project.gallery.exists()


def test_an_editors_new_gallery_picture_on_a_published_project_waits_for_approval(
    editor_client, publisher_client
):
    project = make_project()
    picture = make_image(alt_text="Proposed picture")
    data = project_change_data(
        project,
        **{"gallery-TOTAL_FORMS": "1", "gallery-0-image": picture.pk, "gallery-0-position": "0"},
    )

    response = editor_client.post(reverse("admin:projects_project_change", args=[project.pk]), data)

    assert response.status_code == 302
    assert not project.gallery.exists()
    request = ReviewRequest.objects.get(object_id=project.pk)
    review.approve(request, user=get_user_model().objects.get(username="publisher"))
    assert [item.image for item in project.gallery.all()] == [picture]


def compared(version, obj):
    return revisions.version_values(version), revisions.current_values(obj)
