import datetime

import pytest

from tests.factories import (
    make_countries,
    make_event,
    make_key_figure,
    make_linked_content,
    make_project,
    make_source,
)

pytestmark = pytest.mark.django_db


def content_of(response):
    return response.content.decode()


def test_home_introduces_the_cooperation_with_linked_sources(client):
    response = client.get("/")

    assert response.status_code == 200
    content = content_of(response)
    assert content.count("<h1>") == 1
    assert "Sanya, China, on 23 March 2016" in content
    assert "http://www.china.org.cn/china/Off_the_Wire/2016-03/23/content_38096975.htm" in content
    assert (
        "http://isi.irtces.org/isi/NewsEvents/news/webinfo/2024/04/1713247713864276.htm" in content
    )


def test_home_shows_only_published_key_figures_with_their_sources(client):
    source = make_source(title="Liu Qing interview", url="https://example.org/interview")
    make_key_figure(value="over 700", label="cooperative projects", sources=[source])
    make_key_figure(state="draft", value="draft 1", label="draft figure")
    make_key_figure(state="scheduled", value="scheduled 1", label="scheduled figure")

    content = content_of(client.get("/"))

    assert "over 700" in content
    assert "cooperative projects" in content
    assert (
        '<a href="https://example.org/interview" rel="noopener nofollow">Liu Qing interview</a>'
        in content
    )
    assert "draft figure" not in content
    assert "scheduled figure" not in content


def test_home_features_at_most_six_published_featured_projects(client):
    featured = [make_project(title=f"Featured {i}", featured=True) for i in range(7)]
    make_project(title="Not featured")
    make_project(state="draft", title="Draft featured", featured=True)
    make_project(state="scheduled", title="Scheduled featured", featured=True)

    content = content_of(client.get("/"))

    shown = [project for project in featured if f">{project.title}</a>" in content]
    assert len(shown) == 6
    assert "Not featured" not in content
    assert "Draft featured" not in content
    assert "Scheduled featured" not in content


def test_home_lists_the_five_latest_published_events(client):
    events = [
        make_event(title=f"Meeting {year}", date=datetime.date(year, 5, 1))
        for year in range(2015, 2022)
    ]
    make_event(state="draft", title="Draft meeting", date=datetime.date(2025, 1, 1))
    make_event(state="scheduled", title="Scheduled meeting", date=datetime.date(2025, 1, 1))

    content = content_of(client.get("/"))

    assert [e.title for e in events if f">{e.title}</a>" in content] == [
        f"Meeting {year}" for year in range(2017, 2022)
    ]
    assert content.index("Meeting 2021") < content.index("Meeting 2017")
    assert "Draft meeting" not in content
    assert "Scheduled meeting" not in content


def test_home_links_the_six_countries(client):
    countries = make_countries()

    content = content_of(client.get("/"))

    for country in countries:
        assert f'<a href="{country.get_absolute_url()}">{country.name}</a>' in content


@pytest.mark.parametrize("count", [5, 200])
def test_home_query_count_does_not_grow_with_content(client, django_assert_num_queries, count):
    make_linked_content(count)

    # Key figures and their sources; featured projects and their countries;
    # the latest events; the countries.
    with django_assert_num_queries(6):
        response = client.get("/")

    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/", "/about/", "/outcomes/"])
@pytest.mark.parametrize(
    "value", ["-1", str(10**30), "\x00", "9" * 5000, "<script>alert(1)</script>", "湄公河"]
)
def test_pages_without_parameters_redirect_any_given_to_their_clean_address(client, path, value):
    response = client.get(path, {"page": value, "q": value, "country": value})

    assert response.status_code == 301
    assert response["Location"] == path
