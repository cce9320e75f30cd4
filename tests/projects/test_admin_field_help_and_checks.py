"""Field rules and help the admin forms show: a source's address, the address help of slugs."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.models import Source
from tests.factories import make_source

pytestmark = pytest.mark.django_db

SOURCE_URL_MESSAGE = "A source's address must start with http:// or https://"


def source_data(**fields):
    return {
        "title": "A report",
        "publisher": "A publisher",
        "date": "2020-01-01",
        "date_precision": "day",
        "url": "https://example.org/report",
        "quote": "",
        **fields,
    }


@pytest.mark.parametrize("url", ["ftp://x.example/", "ftps://x.example/report"])
def test_a_source_added_with_another_scheme_is_refused_with_a_message(staff_client, url):
    response = staff_client.post(reverse("admin:projects_source_add"), source_data(url=url))

    assert response.status_code == 200
    assert SOURCE_URL_MESSAGE in " ".join(response.context["adminform"].form.errors["url"])
    assert not Source.objects.exists()


def test_a_source_changed_to_another_scheme_is_refused_with_a_message(staff_client):
    source = make_source(url="https://example.org/kept")
    url = reverse("admin:projects_source_change", args=[source.pk])
    loaded_at = staff_client.get(url).context["adminform"].form["loaded_at"].value()

    response = staff_client.post(
        url, source_data(url="ftp://x.example/", loaded_at=loaded_at, loaded_version="")
    )

    assert response.status_code == 200
    assert SOURCE_URL_MESSAGE in " ".join(response.context["adminform"].form.errors["url"])
    assert Source.objects.get().url == "https://example.org/kept"


def test_the_model_refuses_another_scheme_on_the_address_field():
    source = Source(title="T", publisher="P", url="ftp://x.example/")

    with pytest.raises(ValidationError) as refused:
        source.full_clean()

    assert SOURCE_URL_MESSAGE in " ".join(refused.value.message_dict["url"])


@pytest.mark.parametrize(
    "page, shown",
    [
        ("admin:projects_project_add", "/projects/&lt;slug&gt;/"),
        ("admin:timeline_event_add", "/timeline/&lt;slug&gt;/"),
        ("admin:projects_country_add", "/countries/&lt;slug&gt;/"),
        ("admin:projects_cooperationarea_add", "/projects/?area=&lt;slug&gt;"),
    ],
)
def test_the_slug_help_shows_the_address_pattern(staff_client, page, shown):
    html = staff_client.get(reverse(page)).content.decode()

    assert shown in html
