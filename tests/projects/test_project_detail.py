import datetime
import re
from decimal import Decimal

import pytest

from projects.models import Project
from tests.factories import (
    make_area,
    make_countries,
    make_event,
    make_funding_source,
    make_project,
    make_result,
    make_source,
)

pytestmark = pytest.mark.django_db


def page(client, project):
    return client.get(f"/projects/{project.slug}/")


def test_shows_the_project_facts(client):
    cambodia, china, *_ = make_countries()
    project = make_project(
        title="Railway",
        summary="A railway.",
        status=Project.Status.COMPLETED,
        status_as_of=datetime.date(2024, 4, 22),
        countries=[cambodia, china],
        areas=[make_area(name="Connectivity", slug="connectivity")],
        start_date=datetime.date(2016, 12, 1),
        start_precision="month",
        end_date=datetime.date(2021, 12, 3),
        end_precision="day",
        funding_source=make_funding_source(name="Special Fund"),
        funding_amount=Decimal("300000000.00"),
        funding_currency="usd",
        place_name="Kunming to Vientiane",
        latitude=Decimal("17.96667"),
        longitude=Decimal("102.60000"),
        body="It **runs**.",
    )
    response = page(client, project)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Railway</h1>" in content
    assert "Completed or in operation, as of 22 April 2024" in content
    assert '<a href="/countries/cambodia/">Cambodia</a>, <a href="/countries/china/">China</a>' in (
        content
    )
    assert '<a href="/projects/?area=connectivity">Connectivity</a>' in content
    assert "December 2016" in content
    assert "3 December 2021" in content
    assert "Special Fund: " in content
    assert "300,000,000 USD" in content
    assert "Kunming to Vientiane" in content
    assert "Latitude 17.96667, longitude 102.60000" in content
    assert "It <strong>runs</strong>." in content
    assert response.context["page_title"] == "Railway"
    assert response.context["page_description"] == "A railway."


def test_shows_key_results_with_their_sources(client):
    project = make_project()
    source = make_source(title="Railway report", url="https://example.org/railway")
    make_result(project, label="Length", value="1,035", unit="km", as_of="2021", source=source)
    content = page(client, project).content.decode()
    assert '<th scope="row">Length</th>' in content
    assert "1,035 km" in content
    assert '<a href="https://example.org/railway" rel="noopener nofollow">Railway report</a>' in (
        content
    )


def test_shows_sources_and_sourcing_note(client):
    source = make_source(title="The interview")
    project = make_project(sources=[source], sourcing_note="From a single secondary source.")
    content = page(client, project).content.decode()
    assert "The interview</a>" in content
    assert "From a single secondary source." in content


def test_shows_only_published_related_events(client):
    project = make_project()
    make_event(title="Public launch", projects=[project])
    make_event(state="draft", title="Draft meeting", projects=[project])
    make_event(state="scheduled", title="Future meeting", projects=[project])
    content = page(client, project).content.decode()
    assert "Public launch</a>" in content
    assert "Draft meeting" not in content
    assert "Future meeting" not in content


def test_last_updated_is_in_bangkok_time(client):
    project = make_project()
    updated = datetime.datetime(2025, 1, 2, 3, 4, tzinfo=datetime.UTC)
    Project.objects.filter(pk=project.pk).update(updated_at=updated)
    content = page(client, project).content.decode()
    assert "2 January 2025, 10:04</time>" in content
    assert "Bangkok time (UTC+07:00)" in content


def test_body_markup_is_sanitised(client):
    project = make_project(body="<script>alert(1)</script>\n\n[x](javascript:alert(1))")
    content = page(client, project).content.decode()
    assert "<script>alert(1)" not in content
    assert "javascript:" not in content


def test_a_link_written_on_a_line_of_raw_html_stays_text(client):
    # A line opening with an HTML tag is raw HTML in CommonMark: the sanitiser keeps
    # its words as escaped text, never as a link.
    project = make_project(body="<script>alert(1)</script> [x](javascript:alert(1))")
    content = page(client, project).content.decode()
    assert "<script>alert(1)" not in content
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", content, re.IGNORECASE)


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_unpublished_project_is_not_found_by_anonymous_visitors(client, state):
    project = make_project(state=state)
    assert page(client, project).status_code == 404


@pytest.mark.parametrize(
    "state, banner", [("draft", "This is a draft."), ("scheduled", "Scheduled, not yet public.")]
)
def test_staff_preview_unpublished_project_with_a_banner(staff_client, state, banner):
    project = make_project(state=state, title="Secret railway")
    response = page(staff_client, project)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Secret railway" in content
    assert banner in content
    assert "no-cache" in response["Cache-Control"]


def test_published_project_has_no_banner(staff_client):
    response = page(staff_client, make_project())
    assert "preview_banner" not in response.context


def test_old_slug_redirects_permanently(client):
    project = make_project(slug="old-name")
    project.slug = "new-name"
    project.save()
    response = client.get("/projects/old-name/")
    assert response.status_code == 301
    assert response["Location"] == "/projects/new-name/"


def test_old_slug_of_a_draft_is_not_found(client):
    project = make_project(state="draft", slug="old-draft")
    project.slug = "new-draft"
    project.save()
    assert client.get("/projects/old-draft/").status_code == 404


@pytest.mark.parametrize(
    "slug", ["no-such-project", "x" * 5000, "%3Cscript%3E", "%E9%93%81%E8%B7%AF", "-1", "1e30"]
)
def test_unknown_slug_is_not_found(client, slug):
    make_project()
    assert client.get(f"/projects/{slug}/").status_code == 404


def make_full_project(related):
    countries = make_countries()
    project = make_project(
        countries=countries[:2],
        areas=[make_area()],
        funding_source=make_funding_source(),
        sources=[make_source() for _ in range(related)],
    )
    for _ in range(related):
        make_result(project)
        make_event(projects=[project])
        make_event(state="draft", projects=[project])
    return project


@pytest.mark.parametrize("related", [5, 200])
def test_query_count_does_not_grow_with_content(client, django_assert_num_queries, related):
    project = make_full_project(related)
    # The project with its funding source and lead image, then countries, areas, sources,
    # results, events and the gallery (tests/projects/test_project_images.py has pictures).
    with django_assert_num_queries(7):
        response = page(client, project)
    assert response.status_code == 200
    assert len(response.context["project"].public_events) == related
