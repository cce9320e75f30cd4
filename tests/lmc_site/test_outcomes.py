import pytest

from tests.factories import (
    make_area,
    make_countries,
    make_key_figure,
    make_linked_content,
    make_project,
    make_result,
    make_source,
)

pytestmark = pytest.mark.django_db

URL = "/outcomes/"


def content_of(response):
    return response.content.decode()


def section(content, heading_id):
    """The HTML of the result group whose heading has `heading_id`."""
    start = content.index(f'aria-labelledby="{heading_id}"')
    return content[start : content.index("</section>", start)]


def test_outcomes_shows_only_published_key_figures_with_sources(client):
    source = make_source(title="Interview", url="https://example.org/interview")
    make_key_figure(value="over 700", label="cooperative projects", sources=[source])
    make_key_figure(state="draft", label="draft figure")
    make_key_figure(state="scheduled", label="scheduled figure")

    response = client.get(URL)

    assert response.status_code == 200
    content = content_of(response)
    assert content.count("<h1>") == 1
    assert "over 700" in content
    assert (
        '<a href="https://example.org/interview" rel="noopener nofollow">Interview</a>' in content
    )
    assert "draft figure" not in content
    assert "scheduled figure" not in content


def test_results_of_unpublished_projects_are_not_shown(client):
    area = make_area(name="Water resources", slug="water-resources")
    for state in ("published", "draft", "scheduled"):
        project = make_project(state=state, title=f"{state} project", areas=[area])
        make_result(project, label=f"{state} result")

    content = content_of(client.get(URL))

    assert "published result" in content
    assert "draft result" not in content
    assert "scheduled result" not in content
    assert "draft project" not in content
    assert "scheduled project" not in content


def test_results_are_grouped_by_area_and_by_country_with_project_and_source_links(client):
    _, china, laos, *_ = make_countries()
    water = make_area(name="Water resources", slug="water-resources")
    railway = make_project(title="China-Laos Railway", countries=[china, laos], areas=[water])
    source = make_source(title="Xinhua report", url="https://example.org/xinhua")
    make_result(railway, label="Railway length", value="1,035", unit="km", source=source)

    content = content_of(client.get(URL))

    for heading_id in ("area-water-resources", "country-china", "country-laos"):
        group = section(content, heading_id)
        assert "Railway length" in group
        assert "1,035 km" in group
        assert f'<a href="{railway.get_absolute_url()}">China-Laos Railway</a>' in group
        assert (
            '<a href="https://example.org/xinhua" rel="noopener nofollow">Xinhua report</a>'
            in group
        )
    assert '<a href="/projects/?area=water-resources">' in content
    assert '<a href="/projects/?country=laos">' in content
    assert 'aria-labelledby="country-thailand"' not in content


def test_each_group_shows_at_most_ten_results_and_links_to_the_rest(client):
    _, _, laos, *_ = make_countries()
    area = make_area(name="Connectivity", slug="connectivity")
    for i in range(12):
        make_result(make_project(countries=[laos], areas=[area]), label=f"Result {i:02}")

    content = content_of(client.get(URL))

    for heading_id in ("area-connectivity", "country-laos"):
        group = section(content, heading_id)
        assert group.count("<tr>") == 11  # the header row and ten results
        assert "Showing the first 10 results." in group


@pytest.mark.parametrize("count", [5, 200])
def test_outcomes_query_count_does_not_grow_with_content(client, django_assert_num_queries, count):
    make_linked_content(count)

    # Key figures and their sources, then per grouping the ids of its groups and
    # the first results of every group.
    with django_assert_num_queries(6):
        response = client.get(URL)

    assert response.status_code == 200
