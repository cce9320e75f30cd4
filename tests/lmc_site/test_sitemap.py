import html
import re

import pytest
from django.core.cache import cache

from lmc_site.sitemaps import ContentSitemap
from projects.models import Project
from tests.factories import (
    _publication,
    make_countries,
    make_event,
    make_linked_content,
    make_project,
)

pytestmark = pytest.mark.django_db


def content_of(response):
    return response.content.decode()


def every_sitemap_page(client):
    """The content of each page the sitemap index lists."""
    index = content_of(client.get("/sitemap.xml"))
    addresses = re.findall(r"<loc>http://testserver([^<]+)</loc>", index)
    return [content_of(client.get(html.unescape(address))) for address in addresses]


def test_sitemap_lists_static_pages_and_published_content_only(client):
    countries = make_countries()
    items = {
        state: (make_project(state=state), make_event(state=state))
        for state in ("published", "draft", "scheduled")
    }

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    content = "".join(every_sitemap_page(client))
    assert "<urlset" in content
    for path in ("/", "/about/", "/outcomes/", "/projects/", "/timeline/", "/countries/"):
        assert f"<loc>http://testserver{path}</loc>" in content
    for country in countries:
        assert f"<loc>http://testserver{country.get_absolute_url()}</loc>" in content
    project, event = items["published"]
    assert f"<loc>http://testserver{project.get_absolute_url()}</loc>" in content
    assert f"<loc>http://testserver{event.get_absolute_url()}</loc>" in content
    for state in ("draft", "scheduled"):
        for item in items[state]:
            assert item.get_absolute_url() not in content


def test_sitemap_is_always_an_index_of_its_sections(client):
    make_project()

    index = content_of(client.get("/sitemap.xml"))

    assert "<sitemapindex" in index
    for section in ("pages", "projects", "timeline", "countries"):
        assert f"<loc>http://testserver/sitemap-{section}.xml</loc>" in index


def test_sitemap_index_lists_each_page_of_a_long_section(client, monkeypatch):
    monkeypatch.setattr(ContentSitemap, "limit", 2)
    projects = [make_project() for _ in range(3)]
    make_project(state="draft")

    index = content_of(client.get("/sitemap.xml"))
    second = content_of(client.get("/sitemap-projects.xml", {"p": "2"}))

    assert "<loc>http://testserver/sitemap-projects.xml</loc>" in index
    assert "<loc>http://testserver/sitemap-projects.xml?p=2</loc>" in index
    assert "sitemap-projects.xml?p=3" not in index
    assert projects[2].get_absolute_url() in second
    assert projects[0].get_absolute_url() not in second


def test_no_sitemap_page_lists_more_than_1000_addresses(client):
    published = _publication("published")
    Project.objects.bulk_create(
        Project(title=f"Bulk {i}", slug=f"bulk-{i}", summary="Made in bulk.", **published)
        for i in range(2500)
    )

    pages = every_sitemap_page(client)

    counts = [page.count("<url>") for page in pages]
    assert max(counts) <= 1000
    assert sum(counts) >= 2500
    assert len([page for page in pages if "/projects/bulk-" in page]) == 3


def test_a_sitemap_address_with_a_parameter_is_redirected_to_the_sitemap(client):
    response = client.get("/sitemap.xml?x=1")

    assert response.status_code == 301
    assert response["Location"] == "/sitemap.xml"


def test_a_section_sitemap_lists_its_published_items(client):
    published = make_event()
    draft = make_event(state="draft")

    response = client.get("/sitemap-timeline.xml")

    assert response.status_code == 200
    content = content_of(response)
    assert published.get_absolute_url() in content
    assert draft.get_absolute_url() not in content


def test_an_unknown_section_is_not_found(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.parametrize(
    "page", ["abc", "0", "-1", "2", str(10**30), "\x00", "9" * 5000, "湄公河", "<b>1</b>"]
)
def test_a_bad_or_missing_sitemap_page_is_not_found(client, page):
    make_project()

    # An over-long number is first cut to its canonical form, which is not a page either.
    assert client.get("/sitemap-projects.xml", {"p": page}, follow=True).status_code == 404


@pytest.mark.parametrize("count", [5, 200])
def test_sitemap_page_query_count_does_not_grow_with_content(
    client, django_assert_num_queries, count
):
    make_linked_content(count)

    # A count and a page of items.
    with django_assert_num_queries(2):
        response = client.get("/sitemap-projects.xml")

    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_sitemap_index_query_count_does_not_grow_with_content(
    client, django_assert_num_queries, monkeypatch, count
):
    monkeypatch.setattr(ContentSitemap, "limit", 2)
    make_linked_content(count)

    # A count and the latest change for each of projects, events and countries.
    with django_assert_num_queries(6):
        response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert "<sitemapindex" in content_of(response)


def test_the_sitemap_index_and_its_pages_are_served_from_the_page_cache(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    make_project()
    for path in ("/sitemap.xml", "/sitemap-projects.xml"):
        first = client.get(path)

        with django_assert_num_queries(0):
            second = client.get(path)

        assert second.status_code == 200
        assert second.content == first.content
    cache.clear()
