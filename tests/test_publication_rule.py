"""One sweep over every public surface: only published items whose time has come appear.

Each kind of content gets three items: published (yesterday), scheduled (next week) and
draft. Their titles carry a unique marker, so a leak anywhere shows up as that marker.
"""

import pytest

from tests.factories import (
    make_area,
    make_countries,
    make_event,
    make_key_figure,
    make_project,
    make_result,
)

STATES = ["published", "scheduled", "draft"]


@pytest.fixture
def content_in_every_state(db):
    laos = next(country for country in make_countries() if country.slug == "laos")
    area = make_area(name="Water resources", slug="water-resources")
    items = {}
    for state in STATES:
        marker = f"zq{state}marker"
        project = make_project(
            state=state,
            title=f"Railway {marker}",
            slug=f"project-{state}",
            featured=True,
            countries=[laos],
            areas=[area],
        )
        make_result(project, label=f"Length {marker}result")
        event = make_event(
            state=state, title=f"Meeting {marker}", slug=f"event-{state}", countries=[laos]
        )
        make_key_figure(state=state, label=f"figure {marker}figure")
        items[state] = {"marker": marker, "project": project, "event": event}
    return items


# Each public page, and what shows the published item on it: its marker, or where a page
# names no titles, its address (sitemaps) or its count (the countries' list, for Laos).
PUBLIC_PAGES = {
    "/": "zqpublishedmarker",
    "/projects/": "zqpublishedmarker",
    "/projects/?q=Railway": "zqpublishedmarker",
    "/projects/?country=laos&area=water-resources": "zqpublishedmarker",
    "/timeline/": "zqpublishedmarker",
    "/timeline/?country=laos": "zqpublishedmarker",
    "/outcomes/": "zqpublishedmarker",
    "/countries/": "1 project",
    "/countries/laos/": "zqpublishedmarker",
    "/search/?q=Railway": "zqpublishedmarker",
    "/search/?q=Meeting": "zqpublishedmarker",
    "/sitemap-projects.xml": "/projects/project-published/",
    "/sitemap-timeline.xml": "/timeline/event-published/",
}


@pytest.mark.parametrize(("url", "published"), PUBLIC_PAGES.items())
def test_each_public_page_shows_the_published_item_and_hides_the_others(
    client, content_in_every_state, url, published
):
    content = client.get(url).content.decode()

    assert published in content
    assert "zqscheduledmarker" not in content
    assert "zqdraftmarker" not in content
    for hidden in ["scheduled", "draft"]:
        assert f"/project-{hidden}/" not in content
        assert f"/event-{hidden}/" not in content


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", ["Railway zqpublishedmarker", "figure zqpublishedmarkerfigure"]),
        ("/projects/", ["Railway zqpublishedmarker"]),
        ("/timeline/", ["Meeting zqpublishedmarker"]),
        ("/outcomes/", ["Length zqpublishedmarkerresult", "figure zqpublishedmarkerfigure"]),
        ("/countries/laos/", ["Railway zqpublishedmarker", "Meeting zqpublishedmarker"]),
        ("/search/?q=Railway", ["Railway zqpublishedmarker"]),
        ("/search/?q=Meeting", ["Meeting zqpublishedmarker"]),
        ("/sitemap-projects.xml", ["/projects/project-published/"]),
        ("/sitemap-timeline.xml", ["/timeline/event-published/"]),
    ],
)
def test_published_items_appear_on_public_pages(client, content_in_every_state, url, expected):
    content = client.get(url).content.decode()

    for text in expected:
        assert text in content


@pytest.mark.parametrize("state", STATES)
def test_detail_pages_answer_only_for_published_items(client, content_in_every_state, state):
    item = content_in_every_state[state]
    expected_status = 200 if state == "published" else 404

    assert client.get(item["project"].get_absolute_url()).status_code == expected_status
    assert client.get(item["event"].get_absolute_url()).status_code == expected_status


@pytest.mark.parametrize("state", ["scheduled", "draft"])
def test_staff_preview_unpublished_items_with_a_banner_never_cached(
    staff_client, content_in_every_state, state
):
    response = staff_client.get(content_in_every_state[state]["project"].get_absolute_url())

    assert response.status_code == 200
    assert "Draft preview, not public" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
