"""An event's lead image and gallery on its page, with renditions, text and a fixed number
of queries; a draft event's pictures do not make it reachable."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_event
from tests.images.pictures import make_image
from timeline.models import EventImage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def temporary_media(media_root):
    return media_root


def event_with_pictures(gallery_size=2, **fields):
    event = make_event(lead_image=make_image(size=(1600, 1200)), **fields)
    for position in range(gallery_size):
        EventImage.objects.create(
            event=event,
            image=make_image(size=(500, 500), alt_text=f"Meeting picture {position}"),
            position=position,
        )
    return event


def test_the_event_page_shows_the_lead_image_and_the_gallery(client):
    event = event_with_pictures(gallery_size=2)
    urls = {r.width: r.url for r in event.lead_image.renditions.all()}

    content = client.get(event.get_absolute_url()).content.decode()

    lead = re.findall(r"<img [^>]*>", content)[0]
    assert f'src="{urls[800]}"' in lead
    assert f'srcset="{urls[400]} 400w, {urls[800]} 800w, {urls[1600]} 1600w"' in lead
    assert 'width="800" height="600"' in lead
    assert 'alt="A test picture of a river"' in lead
    assert "Licence: CC BY 4.0." in content
    gallery = content[content.index('<ul class="gallery">') :]
    assert 'alt="Meeting picture 0"' in gallery and 'alt="Meeting picture 1"' in gallery
    assert 'width="500" height="500"' in gallery


def test_a_draft_events_pictures_do_not_make_it_reachable(client):
    draft = event_with_pictures(state="draft", title="Secret draft meeting")

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Secret draft meeting" not in client.get(reverse("timeline:index")).content.decode()


@pytest.mark.parametrize("gallery_size", [1, 5])
def test_query_count_does_not_grow_with_the_pictures(
    client, django_assert_num_queries, gallery_size
):
    event = event_with_pictures(gallery_size=gallery_size)
    # The 7 queries of a page without pictures, and the renditions of the lead image and of
    # the gallery's images, one query each.
    with django_assert_num_queries(9):
        response = client.get(event.get_absolute_url())
    assert response.content.decode().count("<figure") == gallery_size + 1
