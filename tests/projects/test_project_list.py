import datetime
import functools
import re

import pytest
from django.utils import timezone

from projects.models import Project
from search.window import ResultWindowPaginator
from tests.factories import (
    make_area,
    make_countries,
    make_funding_source,
    make_project,
    make_result,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """A client that follows redirects: the list first sends a non-canonical address (such
    as the parameters in the order a test gives them) to its canonical one."""
    client.get = functools.partial(client.get, follow=True)
    return client


URL = "/projects/"

BAD_VALUES = [
    "abc",
    "-1",
    str(10**30),
    "bad\x00value",
    "x" * 5000,
    "<script>alert(1)</script>",
    "铁路",
    "รถไฟ",
    "Đường sắt",
]


def listed(response):
    """The titles of the projects listed on a page, in order."""
    return [project.title for project in response.context["projects"]]


def make_catalogue(count):
    """`count` published projects, with everything the list shows, and hidden ones."""
    countries = make_countries()
    area = make_area(name="Connectivity")
    fund = make_funding_source(name="Special Fund", slug="special-fund")
    for i in range(count):
        project = make_project(
            title=f"Railway {i}",
            countries=countries[i % 3 : i % 3 + 2],
            areas=[area],
            funding_source=fund,
            status=Project.Status.choices[i % 3][0],
        )
        make_result(project)
    make_project(state="draft", title="Draft railway", countries=countries, areas=[area])
    make_project(state="scheduled", title="Future railway", countries=countries, areas=[area])


def test_lists_published_projects_newest_first(client):
    now = timezone.now()
    make_project(title="Old", published_at=now - datetime.timedelta(days=3))
    make_project(title="New", published_at=now - datetime.timedelta(days=1))
    response = client.get(URL)
    assert response.status_code == 200
    assert listed(response) == ["New", "Old"]
    assert response.context["page_title"] == "Projects"


def test_draft_and_scheduled_projects_are_not_listed_counted_or_faceted(client):
    countries = make_countries()
    area = make_area(name="Hidden area")
    for state in ["draft", "scheduled"]:
        make_project(state=state, title=f"{state} project", countries=countries, areas=[area])
    make_project(title="Public project", countries=countries[:1])
    response = client.get(URL)
    assert listed(response) == ["Public project"]
    assert response.context["paginator"].count == 1
    assert [c.name for c in response.context["facets"]["countries"]] == ["Cambodia"]
    assert list(response.context["facets"]["areas"]) == []
    content = response.content.decode()
    assert "draft project" not in content
    assert "scheduled project" not in content
    assert "Hidden area</a>" not in content


def test_draft_projects_are_not_listed_for_staff_either(staff_client):
    make_project(state="draft", title="Draft project")
    assert listed(staff_client.get(URL)) == []


def test_result_count_says_one_project_or_several(client):
    make_project()
    assert "1 project\n" in client.get(URL).content.decode()
    make_project()
    assert "2 projects" in client.get(URL).content.decode()


def test_result_count_is_capped(client, monkeypatch):
    monkeypatch.setattr(ResultWindowPaginator, "cap", 3)
    for _ in range(5):
        make_project()
    response = client.get(URL)
    assert "3+ projects" in response.content.decode()
    assert response.context["paginator"].is_capped


def test_facets_count_only_the_window_and_say_so(client, monkeypatch):
    monkeypatch.setattr(ResultWindowPaginator, "cap", 3)
    for _ in range(5):
        make_project(title="Bridge", status=Project.Status.COMPLETED)
    response = client.get(URL, {"q": "bridge"})
    statuses = response.context["facets"]["statuses"]
    assert [status["count"] for status in statuses] == [3]
    assert "Counted among the first 3 results." in response.content.decode()


def test_facets_are_exact_within_the_window(client):
    for _ in range(2):
        make_project(title="Bridge", status=Project.Status.COMPLETED)
    make_project(title="Bridge", status=Project.Status.PLANNED)
    response = client.get(URL, {"q": "bridge"})
    counts = {status["value"]: status["count"] for status in response.context["facets"]["statuses"]}
    assert counts == {"completed": 2, "planned": 1}
    assert "Counted among the first" not in response.content.decode()


def test_twenty_projects_a_page(client):
    for _ in range(25):
        make_project()
    first = client.get(URL)
    second = client.get(URL, {"page": 2})
    assert len(first.context["projects"]) == 20
    assert len(second.context["projects"]) == 5
    assert not set(listed(first)) & set(listed(second))


@pytest.mark.parametrize("page", ["abc", "-1", "0", str(10**30), "1.5", "\x00", "x" * 5000])
def test_bad_page_numbers_give_a_valid_page(client, page):
    for _ in range(25):
        make_project()
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number in {1, 2}
    assert len(response.context["projects"]) in {20, 5}


def test_search_narrows_the_list_and_names_the_page(client):
    make_project(title="Railway")
    make_project(title="Airport")
    response = client.get(URL, {"q": "railway"})
    assert listed(response) == ["Railway"]
    assert response.context["page_title"] == "Projects matching “railway”"
    assert "<h1>Projects matching &ldquo;railway&rdquo;</h1>" in response.content.decode()


def test_markup_in_the_search_is_escaped(client):
    response = client.get(URL, {"q": "<script>alert(1)</script>"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_long_search_is_cut_and_the_page_says_so(client):
    make_project(title="Railway")
    response = client.get(URL, {"q": "railway " + "x" * 5000})
    assert response.status_code == 200
    assert "only its first 200 characters, and at most 12 words," in response.content.decode()
    assert len(response.context["form"].cleaned_data["q"]) <= 200


def test_search_with_null_character_is_ignored_with_a_notice(client):
    make_project(title="Railway")
    make_project(title="Airport")
    response = client.get(URL, {"q": "rail\x00way"})
    assert response.status_code == 200
    assert len(listed(response)) == 2
    assert "<strong>Words</strong>: Null characters are not allowed." in response.content.decode()


def test_country_filter_accepts_several_countries_as_any_of(client):
    cambodia, china, laos, *_ = make_countries()
    make_project(title="In Cambodia", countries=[cambodia])
    make_project(title="In China and Laos", countries=[china, laos])
    make_project(title="In Laos", countries=[laos])
    response = client.get(URL, {"country": ["cambodia", "laos"], "sort": "title"})
    assert listed(response) == ["In Cambodia", "In China and Laos", "In Laos"]
    assert listed(client.get(URL, {"country": "china"})) == ["In China and Laos"]


def test_country_filter_does_not_repeat_a_project_in_several_chosen_countries(client):
    countries = make_countries()
    make_project(title="Everywhere", countries=countries)
    response = client.get(URL, {"country": ["china", "laos", "thailand"]})
    assert listed(response) == ["Everywhere"]
    assert response.context["paginator"].count == 1


def test_area_filter(client):
    water = make_area(name="Water", slug="water")
    make_project(title="Dam", areas=[water])
    make_project(title="Road", areas=[make_area()])
    assert listed(client.get(URL, {"area": "water"})) == ["Dam"]


def test_status_filter(client):
    make_project(title="Planned", status=Project.Status.PLANNED)
    make_project(title="Done", status=Project.Status.COMPLETED)
    assert listed(client.get(URL, {"status": "completed"})) == ["Done"]


def test_funding_filter(client):
    fund = make_funding_source(slug="special-fund")
    make_project(title="Funded", funding_source=fund)
    make_project(title="Other", funding_source=make_funding_source())
    make_project(title="Unknown")
    assert listed(client.get(URL, {"funding": "special-fund"})) == ["Funded"]


def project_spanning(title, start, end):
    return make_project(
        title=title,
        start_date=datetime.date(start, 6, 1) if start else None,
        end_date=datetime.date(end, 6, 1) if end else None,
    )


def test_years_select_projects_active_in_them(client):
    project_spanning("2010-2012", 2010, 2012)
    project_spanning("2015-2017", 2015, 2017)
    project_spanning("2016-ongoing", 2016, None)
    project_spanning("2020-2021", 2020, 2021)
    project_spanning("Start unknown", None, None)
    params = {"year_from": 2016, "year_to": 2018, "sort": "title"}
    assert listed(client.get(URL, params)) == ["2015-2017", "2016-ongoing"]
    assert listed(client.get(URL, {"year_from": 2017, "sort": "title"})) == [
        "2015-2017",
        "2016-ongoing",
        "2020-2021",
        "Start unknown",
    ]
    assert listed(client.get(URL, {"year_to": 2012, "sort": "title"})) == ["2010-2012"]


def test_years_include_the_whole_boundary_years(client):
    make_project(
        title="Ends 1 January",
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2015, 1, 1),
        end_precision="day",
    )
    make_project(
        title="Starts 31 December",
        start_date=datetime.date(2020, 12, 31),
        start_precision="day",
    )
    assert listed(client.get(URL, {"year_from": 2015, "year_to": 2015})) == ["Ends 1 January"]
    assert listed(client.get(URL, {"year_from": 2020, "year_to": 2020})) == ["Starts 31 December"]


def test_year_to_before_year_from_is_ignored_with_a_notice(client):
    project_spanning("2010-2012", 2010, 2012)
    project_spanning("2020-2021", 2020, 2021)
    response = client.get(URL, {"year_from": 2020, "year_to": 2011})
    assert listed(response) == ["2020-2021"]
    assert "<strong>To year</strong>: it comes before" in response.content.decode()


def test_filters_combine(client):
    cambodia, china, *_ = make_countries()
    water = make_area(slug="water")
    make_project(title="Water in China", countries=[china], areas=[water])
    make_project(title="Water in Cambodia", countries=[cambodia], areas=[water])
    make_project(title="Road in China", countries=[china])
    assert listed(client.get(URL, {"country": "china", "area": "water"})) == ["Water in China"]
    assert listed(client.get(URL, {"country": "china", "q": "road"})) == ["Road in China"]


def test_sorts(client):
    now = timezone.now()
    make_project(title="Beta dam", published_at=now - datetime.timedelta(days=1))
    make_project(title="Alpha", body="dam", published_at=now - datetime.timedelta(hours=1))
    make_project(title="Gamma dam", published_at=now - datetime.timedelta(days=5))
    assert listed(client.get(URL)) == ["Alpha", "Beta dam", "Gamma dam"]
    assert listed(client.get(URL, {"sort": "newest"})) == ["Alpha", "Beta dam", "Gamma dam"]
    assert listed(client.get(URL, {"sort": "oldest"})) == ["Gamma dam", "Beta dam", "Alpha"]
    assert listed(client.get(URL, {"sort": "title"})) == ["Alpha", "Beta dam", "Gamma dam"]
    # Best match: the word in the title first, then the most recently added.
    assert listed(client.get(URL, {"q": "dam"})) == ["Gamma dam", "Beta dam", "Alpha"]
    assert listed(client.get(URL, {"q": "dam", "sort": "relevance"})) == [
        "Gamma dam",
        "Beta dam",
        "Alpha",
    ]
    assert listed(client.get(URL, {"q": "dam", "sort": "oldest"})) == [
        "Gamma dam",
        "Beta dam",
        "Alpha",
    ]
    assert listed(client.get(URL, {"sort": "relevance"})) == ["Alpha", "Beta dam", "Gamma dam"]


@pytest.mark.parametrize(
    "name, label",
    [
        ("country", "Countries"),
        ("area", "Cooperation area"),
        ("status", "Status"),
        ("year_from", "From year"),
        ("year_to", "To year"),
        ("funding", "Funding"),
        ("sort", "Sort by"),
    ],
)
@pytest.mark.parametrize("value", BAD_VALUES)
def test_bad_filter_value_is_ignored_with_a_notice(client, name, label, value):
    make_countries()
    make_project(title="Railway")
    make_project(title="Airport")
    response = client.get(URL, {name: value, "q": "railway"})
    content = response.content.decode()
    assert response.status_code == 200
    assert f"<strong>{label}</strong>:" in content
    assert listed(response) == ["Railway"]
    assert "<script>alert(1)</script>" not in content


def test_filter_controls_show_the_choices_made_and_mark_the_ignored_ones(client):
    make_countries()
    make_area(name="Water", slug="water")
    content = client.get(
        URL, {"country": ["china", "atlantis"], "area": "water", "year_from": "19x"}
    ).content.decode()
    assert (
        '<input type="checkbox" name="country" value="china" id="id_country_1" '
        'aria-invalid="true" checked>' in content
    )
    assert '<option value="water" selected>Water</option>' in content
    assert 'value="19x" aria-invalid="true" aria-describedby="id_year_from_error">' in content
    assert '<p class="field-error" id="id_year_from_error">' in content
    assert 'id="id_status">' in content


@pytest.mark.parametrize("value", BAD_VALUES)
def test_any_search_text_gives_a_page(client, value):
    make_project(title="Railway")
    response = client.get(URL, {"q": value})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_repeated_parameters_give_a_page(client):
    make_countries()
    make_project(title="Railway", status=Project.Status.COMPLETED)
    query = "q=x&q=railway&status=planned&status=completed&sort=title&sort=bogus&page=1&page=x"
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert listed(response) == ["Railway"]


def test_unknown_country_among_known_ones_ignores_the_country_filter(client):
    make_countries()
    response = client.get(URL, {"country": ["china", "atlantis"]})
    assert response.status_code == 200
    assert "<strong>Countries</strong>: not one of the six countries." in (
        response.content.decode()
    )


def test_active_filters_link_to_remove_just_that_one(client):
    cambodia, china, *_ = make_countries()
    make_area(slug="water", name="Water")
    response = client.get(URL, {"q": "dam", "country": ["china", "cambodia"], "area": "water"})
    links = {
        item["value"]: item["params"].urlencode() for item in response.context["active_filters"]
    }
    assert links == {
        "dam": "country=cambodia&country=china&area=water",
        "China": "q=dam&country=cambodia&area=water",
        "Cambodia": "q=dam&country=china&area=water",
        "Water": "q=dam&country=cambodia&country=china",
    }
    assert 'href="/projects/?q=dam&amp;country=cambodia&amp;area=water" rel="nofollow"' in (
        response.content.decode()
    )


def test_removing_the_last_filter_links_to_the_plain_list(client):
    make_countries()
    response = client.get(URL, {"country": "china", "page": "2"})
    assert 'href="/projects/" aria-label="Remove the filter Country: China"' in (
        response.content.decode()
    )


def test_links_leave_out_ignored_values(client):
    make_countries()
    make_project(title="Railway", countries=[make_countries()[1]])
    response = client.get(URL, {"country": "china", "status": "bogus", "page": "x"})
    content = response.content.decode()
    assert 'href="/projects/?country=china&amp;status=under_way" rel="nofollow"' in content
    assert "bogus" not in content


def test_facets_count_the_current_results(client):
    cambodia, china, laos, *_ = make_countries()
    water = make_area(name="Water", slug="water")
    roads = make_area(name="Roads", slug="roads")
    make_project(countries=[china, laos], areas=[water], status=Project.Status.PLANNED)
    make_project(countries=[china], areas=[water, roads], status=Project.Status.PLANNED)
    make_project(countries=[cambodia], areas=[roads], status=Project.Status.COMPLETED)
    facets = client.get(URL, {"area": "water"}).context["facets"]
    assert {c.name: c.project_count for c in facets["countries"]} == {"China": 2, "Laos": 1}
    assert {a.name: a.project_count for a in facets["areas"]} == {"Water": 2, "Roads": 1}
    assert facets["statuses"] == [{"value": "planned", "label": "Planned", "count": 2}]


def test_facet_links_add_their_filter(client):
    cambodia, china, *_ = make_countries()
    make_project(countries=[china, cambodia], areas=[make_area(slug="water")])
    content = client.get(URL, {"country": "china"}).content.decode()
    assert 'href="/projects/?country=cambodia&amp;country=china" rel="nofollow">Cambodia' in content
    assert 'href="/projects/?country=china&amp;area=water" rel="nofollow">' in content
    assert 'href="/projects/?country=china&amp;status=under_way" rel="nofollow">' in content
    assert "China (1, selected)" in content


def test_links_to_one_filter_are_followable_and_combinations_are_not(client):
    cambodia, china, *_ = make_countries()
    make_project(countries=[china, cambodia])
    for _ in range(40):
        make_project(countries=[china])

    plain = client.get(URL).content.decode()
    one_filter = client.get(URL, {"country": "china"}).content.decode()

    assert 'href="/projects/?country=china">China</a>' in plain
    assert 'href="/projects/?country=china&amp;page=2" rel="next">' in one_filter
    assert 'href="/projects/?country=cambodia&amp;country=china" rel="nofollow">' in one_filter


def test_empty_result_suggests_what_to_remove(client):
    make_countries()
    make_project(title="Railway bridge")
    response = client.get(URL, {"q": "railway tunnel", "country": "laos"})
    content = response.content.decode()
    assert listed(response) == []
    assert "No published project matches all of these" in content
    assert (
        'href="/projects/?q=tunnel&amp;country=laos" rel="nofollow">Leave out &ldquo;railway'
        in (content)
    )
    assert (
        'href="/projects/?q=railway&amp;country=laos" rel="nofollow">Leave out &ldquo;tunnel'
        in (content)
    )
    assert 'aria-label="Remove the filter Country: Laos"' in content


def test_each_result_shows_its_details(client):
    cambodia, china, *_ = make_countries()
    make_project(
        title="Railway",
        summary="A railway across the border.",
        status=Project.Status.COMPLETED,
        countries=[cambodia, china],
        areas=[make_area(name="Connectivity")],
        start_date=datetime.date(2016, 1, 1),
        end_date=datetime.date(2021, 1, 1),
    )
    content = client.get(URL).content.decode()
    assert '<a href="/projects/project-' in content
    assert "A railway across the border." in content
    assert "Completed or in operation" in content
    assert "<li>Cambodia</li><li>China</li>" in content
    assert "<li>Connectivity</li>" in content
    assert "2016&ndash;2021" in content


def test_every_form_field_has_a_label(client):
    make_countries()
    make_area()
    make_funding_source()
    content = client.get(URL).content.decode()
    form = content[content.index('<form class="filter-form"') :]
    form = form[: form.index("</form>")]
    ids = re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', form)
    assert len(ids) == 13
    for field_id in ids:
        assert f'<label for="{field_id}">' in form, field_id


QUERY_COUNTS = [
    # the result window's ids, the page, its countries and areas in one query, the three
    # facets in one query, and the country, area and funding choices in one query (a chosen
    # one is checked against them)
    ({}, 5),
    # ...and, with words, the typo check of the words
    ({"q": "railway"}, 6),
    ({"q": "railway", "country": ["china", "laos"], "area": "connectivity"}, 6),
    ({"status": "planned", "funding": "special-fund", "year_from": 2000, "year_to": 2030}, 5),
    ({"page": 3, "sort": "title"}, 5),
]


@pytest.mark.parametrize("count", [5, 200])
@pytest.mark.parametrize("params, queries", QUERY_COUNTS)
def test_query_count_does_not_grow_with_content(
    client, django_assert_num_queries, count, params, queries
):
    make_catalogue(count)
    area = Project.objects.first().areas.get()
    area.slug = "connectivity"
    area.save()
    with django_assert_num_queries(queries):
        response = client.get(URL, params)
    assert response.status_code == 200
    assert response.context["projects"]
