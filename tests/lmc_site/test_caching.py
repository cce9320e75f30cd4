import datetime
import io
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as settings_module
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from core.publishing import publish, unpublish
from lmc_site.cache import (
    PruningFileCache,
    PublicPageCacheMiddleware,
    SafeRedisCache,
    current_generation,
    never_cached_prefixes,
)
from projects.models import Project
from tests.factories import make_countries, make_project

pytestmark = pytest.mark.django_db

URL = "/projects/"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    for alias in ("default", "pages"):
        caches[alias].clear()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()


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
def test_content_changes_forget_the_stored_pages(
    client, change, django_capture_on_commit_callbacks
):
    project = make_project(title="Old title")
    before = client.get(URL).content
    with django_capture_on_commit_callbacks(execute=True):
        change(project)
    assert client.get(URL).content != before


def test_pages_are_retired_when_the_change_commits_and_not_before(
    client, django_capture_on_commit_callbacks
):
    project = make_project(title="Old title")
    client.get(URL)
    generation = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        project.title = "Renamed"
        project.save()
        assert current_generation() == generation
    assert current_generation() != generation
    assert "Renamed" in client.get(URL).content.decode()


def test_a_rolled_back_change_retires_nothing(
    client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    project = make_project(title="Old title")
    client.get(URL)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        project.title = "Held change"
        project.save()
        raise RuntimeError("the change is refused")
    with django_assert_num_queries(0):
        assert "Old title" in client.get(URL).content.decode()


def test_a_render_that_began_before_a_change_cannot_store_the_old_page(
    client, rf, django_capture_on_commit_callbacks
):
    project = make_project(title="Old title")

    def render_while_the_title_changes(request):
        page = HttpResponse(f"<p>{Project.objects.get(pk=project.pk).title}</p>")
        with django_capture_on_commit_callbacks(execute=True):
            project.title = "New title"
            project.save()
        return page

    PublicPageCacheMiddleware(render_while_the_title_changes)(rf.get(URL))
    assert "New title" in client.get(URL).content.decode()


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


def test_a_head_request_is_answered_from_the_get_entry(client, django_assert_num_queries):
    make_project(title="Railway")
    page = client.get(URL)
    with django_assert_num_queries(0):
        head = client.head(URL)
    assert head.status_code == 200
    assert head["ETag"] == page["ETag"]


def test_the_never_cached_paths_come_from_the_url_configuration(settings):
    prefixes = never_cached_prefixes()
    for path in (f"/{settings.ADMIN_PATH}", "/preview/", "/healthz", "/readyz"):
        assert path in prefixes
    assert "/editorial/" not in prefixes
    assert "/projects/" not in prefixes


def test_the_admin_is_never_cached(client):
    response = client.get("/admin/login/")
    assert "public" not in response.get("Cache-Control", "")


def test_nothing_is_cached_when_the_page_cache_is_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    make_project()
    client.get(URL)
    response = client.get(URL)
    assert "ETag" not in response


def test_the_file_cache_keeps_the_page_read_most_recently_through_a_burst(tmp_path):
    store = PruningFileCache(tmp_path, {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}})
    store.set("home", "home page")
    for number in range(60):
        store.set(f"random-address-{number}", "page")
        assert store.get("home") == "home page"
    assert len(list(tmp_path.glob("*.djcache"))) <= 10


def cache_settings(**env):
    """The CACHES setting of a fresh process started with `env`."""
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.CACHES, default=str))"
    )
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "lmc_site.settings",
        **env,
    }
    environment.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings_module.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


PRODUCTION = {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": "k" + "0123456789abcdef" * 4}


def test_production_caches_are_files_shared_by_the_workers_of_one_host():
    caches_setting = cache_settings(**PRODUCTION)
    assert {alias: entry["BACKEND"] for alias, entry in caches_setting.items()} == {
        "default": "lmc_site.cache.PruningFileCache",
        "pages": "lmc_site.cache.PruningFileCache",
    }
    assert caches_setting["pages"]["OPTIONS"]["MAX_ENTRIES"] >= 20_000


def test_sites_on_different_databases_never_share_cache_entries(tmp_path):
    first = cache_settings(**PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path}/one.sqlite3")
    second = cache_settings(**PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path}/two.sqlite3")
    assert first["pages"]["KEY_PREFIX"] != second["pages"]["KEY_PREFIX"]


def test_the_retire_pages_command_starts_a_new_generation():
    generation = current_generation()
    call_command("retire_pages", stdout=io.StringIO())
    assert current_generation() != generation


def test_an_unreachable_redis_serves_pages_uncached(client, settings):
    settings.CACHES = {
        alias: {
            "BACKEND": "lmc_site.cache.SafeRedisCache",
            # A port nothing listens on.
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
        for alias in ("default", "pages")
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
        alias: {
            "BACKEND": "lmc_site.cache.SafeRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": alias,
        }
        for alias in ("default", "pages")
    }
    make_project(title="Railway")
    first = client.get(URL)
    second = client.get(URL, headers={"if-none-match": first["ETag"]})
    assert second.status_code == 304
    backend.clear()
