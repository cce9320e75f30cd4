import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from lmc_site.cache import SafeRedisCache
from lmc_site.publishing import publish, unpublish
from projects.models import Project
from tests.factories import make_countries, make_project

pytestmark = pytest.mark.django_db

URL = "/projects/"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_an_anonymous_page_is_served_from_the_cache(client, django_assert_num_queries):
    make_project(title="Railway")
    first = client.get(URL)
    with django_assert_num_queries(0):
        second = client.get(URL)
    assert second.status_code == 200
    assert second.content == first.content
    assert "Railway" in second.content.decode()


def test_anonymous_responses_are_public_with_validators_and_no_cookies(client):
    make_project()
    for _ in range(2):  # the stored response and the one served from the cache
        response = client.get(URL)
        assert "public" in response["Cache-Control"]
        assert "max-age=300" in response["Cache-Control"]
        assert response["ETag"]
        assert response["Last-Modified"]
        assert not response.cookies
        assert "cookie" not in response.get("Vary", "").lower()


def test_a_matching_conditional_request_gets_304(client):
    make_project()
    etag = client.get(URL)["ETag"]
    response = client.get(URL, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_a_matching_last_modified_gets_304(client):
    make_project()
    last_modified = client.get(URL)["Last-Modified"]
    response = client.get(URL, headers={"if-modified-since": last_modified})
    assert response.status_code == 304


def test_a_stale_etag_gets_the_page(client):
    make_project()
    client.get(URL)
    assert client.get(URL, headers={"if-none-match": '"old"'}).status_code == 200


def test_each_address_is_cached_apart(client):
    make_project(title="Railway")
    make_project(title="Airport")
    assert "Airport" not in client.get(URL, {"q": "railway"}).content.decode()
    assert "Airport" in client.get(URL, {"q": "airport"}).content.decode()


@pytest.mark.parametrize(
    "change",
    [
        lambda project: publish(make_project(state="draft", title="Fresh railway")),
        lambda project: Project.objects.filter(pk=project.pk).get().delete(),
        lambda project: unpublish(project),
        lambda project: setattr(project, "title", "Renamed") or project.save(),
        lambda project: project.countries.add(make_countries()[0]),
    ],
)
def test_content_changes_forget_the_stored_pages(client, change):
    project = make_project(title="Old title")
    before = client.get(URL).content
    change(project)
    assert client.get(URL).content != before


def test_a_scheduled_item_appears_when_it_comes_due(client, monkeypatch):
    soon = timezone.now() + datetime.timedelta(minutes=5)
    make_project(title="Scheduled railway", state="published", published_at=soon)
    assert "Scheduled railway" not in client.get(URL).content.decode()
    later = soon + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr("lmc_site.cache.time.time", lambda: later.timestamp())
    assert "Scheduled railway" in client.get(URL).content.decode()


def test_a_page_is_kept_no_longer_than_until_the_next_item_is_due(client):
    make_project(published_at=timezone.now() + datetime.timedelta(seconds=100), state="published")
    max_age = int(client.get(URL)["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 90 <= max_age <= 100


def test_requests_with_a_session_cookie_bypass_the_cache(staff_client):
    make_project(title="Railway")
    Client().get(URL)
    response = staff_client.get(URL)
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response


def test_a_draft_preview_never_enters_the_shared_cache(staff_client):
    draft = make_project(title="Secret draft", state="draft")
    url = draft.get_absolute_url()
    assert "Secret draft" in staff_client.get(url).content.decode()
    assert Client().get(url).status_code == 404


def test_the_admin_is_never_cached(client):
    response = client.get("/admin/login/")
    assert "public" not in response.get("Cache-Control", "")


def test_nothing_is_cached_when_the_page_cache_is_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    make_project()
    client.get(URL)
    response = client.get(URL)
    assert "ETag" not in response


def test_an_unreachable_redis_serves_pages_uncached(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "lmc_site.cache.SafeRedisCache",
            # A port nothing listens on.
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    make_project(title="Railway")
    response = client.get(URL)
    assert response.status_code == 200
    assert "Railway" in response.content.decode()


def test_the_safe_redis_cache_reads_as_empty_when_unreachable():
    backend = SafeRedisCache("redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    assert backend.get("key", "default") == "default"
    assert backend.set("key", "value") is None
    assert backend.get_many(["a", "b"]) == {}
    assert backend.add("key", "value") is False


def test_pages_are_shared_through_redis_when_it_runs(client, settings):
    backend = SafeRedisCache("redis://127.0.0.1:6379/15", {"OPTIONS": {"socket_timeout": 0.5}})
    if backend.set("lmc-probe", 1) is False or backend.get("lmc-probe") != 1:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    backend.clear()
    settings.CACHES = {
        "default": {
            "BACKEND": "lmc_site.cache.SafeRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        }
    }
    make_project(title="Railway")
    first = client.get(URL)
    second = client.get(URL, headers={"if-none-match": first["ETag"]})
    assert second.status_code == 304
    backend.clear()
