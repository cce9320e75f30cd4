"""A project result may name the one country it concerns: it is then listed under that
country only, on the outcomes page and on the country pages."""

import copy

import pytest

from projects.models import Project, ProjectResult
from starter_content.content_loader import ContentError, check_data, load_content, read_data_file
from tests.factories import (
    make_countries,
    make_linked_content,
    make_project,
    make_result,
    make_source,
)
from tests.projects.test_admin import admin_url, project_data, result_row

pytestmark = pytest.mark.django_db


def result_group(content, heading_id):
    start = content.index(f'aria-labelledby="{heading_id}"')
    return content[start : content.index("</section>", start)]


def country_page_results(content):
    return result_group(content, "results-heading")


@pytest.fixture
def sun_village():
    """A Cambodia-Myanmar project with a result about Myanmar and one about both."""
    countries = {country.slug: country for country in make_countries()}
    project = make_project(
        title="Sun Village", countries=[countries["cambodia"], countries["myanmar"]]
    )
    make_result(project, label="Solar table lamps in Myanmar", country=countries["myanmar"])
    make_result(project, label="People benefiting in both", country=None)
    return project


def test_outcomes_lists_a_result_under_its_own_country_only(client, sun_village):
    content = client.get("/outcomes/").content.decode()

    myanmar = result_group(content, "country-myanmar")
    cambodia = result_group(content, "country-cambodia")
    assert "Solar table lamps in Myanmar" in myanmar
    assert "Solar table lamps in Myanmar" not in cambodia
    assert "People benefiting in both" in myanmar
    assert "People benefiting in both" in cambodia


def test_country_pages_list_a_result_under_its_own_country_only(client, sun_village):
    cambodia = country_page_results(client.get("/countries/cambodia/").content.decode())
    myanmar = country_page_results(client.get("/countries/myanmar/").content.decode())

    assert "Solar table lamps in Myanmar" in myanmar
    assert "Solar table lamps in Myanmar" not in cambodia
    assert "People benefiting in both" in cambodia
    assert "People benefiting in both" in myanmar


@pytest.mark.parametrize("count", [5, 200])
def test_country_page_query_count_does_not_grow_with_results(
    client, django_assert_num_queries, count
):
    content = make_linked_content(count)
    laos = Project.objects.get(pk=content["projects"][0].pk).countries.get(slug="laos")
    for project in content["projects"]:
        make_result(project, country=laos)
    # The country, its sources, its projects, its events and its results.
    with django_assert_num_queries(5):
        response = client.get("/countries/laos/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_outcomes_query_count_does_not_grow_with_own_country_results(
    client, django_assert_num_queries, count
):
    content = make_linked_content(count)
    laos = content["projects"][0].countries.get(slug="laos")
    for project in content["projects"]:
        make_result(project, country=laos)
    with django_assert_num_queries(6):
        response = client.get("/outcomes/")
    assert response.status_code == 200


@pytest.fixture(scope="module")
def data():
    return read_data_file()


def sun_village_entry(data):
    return next(e for e in data["projects"] if e["slug"] == "sun-village-along-mekong-river")


def test_the_loader_sets_a_results_country(data):
    load_content(copy.deepcopy(data))

    result = ProjectResult.objects.get(label="Solar table lamps in Myanmar")
    assert result.country.slug == "myanmar"


def test_the_loader_refuses_a_country_the_project_does_not_name(data):
    changed = copy.deepcopy(data)
    sun_village_entry(changed)["results"][0]["country"] = "laos"

    with pytest.raises(ContentError, match="sun-village-along-mekong-river, result 1.*laos"):
        check_data(changed)


def test_the_admin_refuses_a_results_country_outside_the_project(staff_client):
    source = make_source()
    cambodia, china, laos = make_countries()[:3]

    response = staff_client.post(
        admin_url(Project, "add"),
        project_data(
            countries=[cambodia.pk, china.pk],
            sources=[source.pk],
            **result_row(source, **{"results-0-country": laos.pk}),
        ),
    )

    assert response.status_code == 200
    assert "one of the project&#x27;s countries" in response.content.decode()
    assert not Project.objects.exists()


def test_the_admin_accepts_a_results_country_chosen_in_the_same_form(staff_client):
    source = make_source()
    cambodia, china = make_countries()[:2]

    response = staff_client.post(
        admin_url(Project, "add"),
        project_data(
            countries=[cambodia.pk, china.pk],
            sources=[source.pk],
            **result_row(source, **{"results-0-country": cambodia.pk}),
        ),
    )

    assert response.status_code == 302
    assert ProjectResult.objects.get().country == cambodia
