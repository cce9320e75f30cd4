import datetime

import pytest
from django.utils import timezone

from tests.factories import make_countries, make_event, make_project, make_source

pytestmark = pytest.mark.django_db


def test_list_shows_the_six_countries_with_published_project_counts(client):
    cambodia, china, laos, *_ = make_countries()
    make_project(countries=[cambodia, china])
    make_project(countries=[china])
    make_project(state="draft", countries=[cambodia, laos])
    make_project(state="scheduled", countries=[laos])
    response = client.get("/countries/")
    content = response.content.decode()
    assert response.status_code == 200
    counts = [(country.name, country.project_count) for country in response.context["countries"]]
    assert counts == [
        ("Cambodia", 1),
        ("China", 2),
        ("Laos", 0),
        ("Myanmar", 0),
        ("Thailand", 0),
        ("Viet Nam", 0),
    ]
    assert "Socialist Republic of Viet Nam" in content
    assert '<a href="/projects/?country=china">2 projects</a>' in content
    assert '<a href="/projects/?country=cambodia">1 project</a>' in content
    assert response.context["page_title"] == "Countries"


def test_detail_shows_the_country(client):
    laos = make_countries()[2]
    laos.profile = "A *landlocked* country."
    laos.save()
    laos.sources.set([make_source(title="Country profile source")])
    response = client.get("/countries/laos/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Laos</h1>" in content
    assert "Lao People&#x27;s Democratic Republic" in content
    assert "<dd>LA</dd>" in content
    assert "A <em>landlocked</em> country." in content
    assert "Country profile source</a>" in content
    assert response.context["page_title"] == "Laos"
    assert "preview_banner" not in response.context


def test_detail_lists_only_published_projects_newest_first(client):
    laos = make_countries()[2]
    now = timezone.now()
    make_project(title="Older", countries=[laos], published_at=now - datetime.timedelta(days=5))
    make_project(title="Newer", countries=[laos], published_at=now - datetime.timedelta(days=1))
    make_project(title="Elsewhere")
    make_project(state="draft", title="Draft project", countries=[laos])
    make_project(state="scheduled", title="Future project", countries=[laos])
    response = client.get("/countries/laos/")
    assert [p.title for p in response.context["projects"]] == ["Newer", "Older"]
    content = response.content.decode()
    assert "Draft project" not in content
    assert "Future project" not in content
    assert '<a href="/projects/?country=laos">' in content


def test_detail_lists_at_most_twenty_projects_and_events(client):
    laos = make_countries()[2]
    for _ in range(21):
        make_project(countries=[laos])
        make_event(countries=[laos])
    response = client.get("/countries/laos/")
    assert len(response.context["projects"]) == 20
    assert len(response.context["events"]) == 20


def test_detail_lists_only_published_events(client):
    laos = make_countries()[2]
    make_event(title="Public meeting", countries=[laos])
    make_event(state="draft", title="Draft meeting", countries=[laos])
    make_event(state="scheduled", title="Future meeting", countries=[laos])
    content = client.get("/countries/laos/").content.decode()
    assert "Public meeting</a>" in content
    assert "Draft meeting" not in content
    assert "Future meeting" not in content
    assert '<a href="/timeline/?country=laos">' in content


def test_old_country_slug_redirects_permanently(client):
    laos = make_countries()[2]
    laos.slug = "lao-pdr"
    laos.save()
    response = client.get("/countries/laos/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/lao-pdr/"


@pytest.mark.parametrize("slug", ["atlantis", "x" * 5000, "%3Cb%3E", "%E4%B8%AD%E5%9B%BD", "0"])
def test_unknown_country_is_not_found(client, slug):
    make_countries()
    assert client.get(f"/countries/{slug}/").status_code == 404


@pytest.mark.parametrize("count", [5, 200])
def test_list_query_count_does_not_grow_with_content(client, django_assert_num_queries, count):
    countries = make_countries()
    for i in range(count):
        make_project(countries=countries[i % 6 :])
    with django_assert_num_queries(1):
        response = client.get("/countries/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_detail_query_count_does_not_grow_with_content(client, django_assert_num_queries, count):
    laos = make_countries()[2]
    laos.sources.set([make_source() for _ in range(count)])
    for _ in range(count):
        make_project(countries=[laos])
        make_event(countries=[laos])
    # The country, its sources, its projects, its events and its projects' results.
    with django_assert_num_queries(5):
        response = client.get("/countries/laos/")
    assert response.status_code == 200
