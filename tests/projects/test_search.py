import datetime

import pytest
from django.utils import timezone

from projects.models import Project
from search.engine import search as search_events
from search.engine import search as search_projects
from search.words import (
    MAX_QUERY_LENGTH,
    MAX_QUERY_WORDS,
    cut_query,
    query_is_cut,
    query_words,
    word_variants,
)
from tests.factories import (
    make_area,
    make_countries,
    make_event,
    make_project,
    make_result,
)
from timeline.models import Event

pytestmark = pytest.mark.django_db


def found(query):
    return list(search_projects(Project.objects.published(), query))


def test_query_words_are_lower_case_and_distinct():
    assert query_words("  Railway railway RAILWAY  Laos ") == ["railway", "laos"]


def test_query_words_normalise_synonyms_to_one_token():
    assert query_words("Viet Nam") == query_words("Việt Nam") == query_words("vietnam")
    assert query_words("Lao PDR") == query_words("Lao People’s Democratic Republic")
    assert query_words("Mekong-Lancang") == query_words("MLC") == query_words("lmc")
    assert query_words("Lancang–Mekong") == ["lmc"]


def test_query_words_drop_surrounding_punctuation():
    assert query_words('"railway," (Laos)') == ["railway", "laos"]


def test_empty_or_blank_query_has_no_words():
    assert query_words("") == query_words("   \t\n") == query_words(None) == []


def test_query_is_cut_to_the_maximum_length():
    long_query = "a" * (MAX_QUERY_LENGTH + 50)
    assert len(cut_query(long_query)) == MAX_QUERY_LENGTH
    assert query_words(long_query) == ["a" * MAX_QUERY_LENGTH]
    assert query_is_cut(long_query)


def test_query_is_cut_to_the_maximum_number_of_words():
    many = " ".join(f"w{i}" for i in range(MAX_QUERY_WORDS + 5))
    assert query_words(many) == [f"w{i}" for i in range(MAX_QUERY_WORDS)]
    assert query_is_cut(many)


def test_short_query_is_not_cut():
    assert not query_is_cut("  China   Laos railway ")
    assert not query_is_cut("")


def test_variants_of_a_non_ascii_word_include_other_letter_cases():
    assert {"việt nam", "VIỆT NAM", "Việt Nam"} <= set(word_variants("vietnam"))


def test_blank_query_leaves_the_queryset_alone():
    make_project()
    queryset = Project.objects.published()
    assert search_projects(queryset, "  ") is queryset


def test_every_word_must_match():
    railway = make_project(title="Railway", summary="Crossing the border")
    make_project(title="Railway station", summary="A town")
    assert found("railway border") == [railway]


def test_word_order_does_not_matter():
    project = make_project(title="Border railway")
    assert found("railway border") == found("border railway") == [project]


def test_search_ignores_letter_case():
    project = make_project(title="Solar Village")
    assert found("SOLAR village") == [project]


def test_words_may_match_different_fields():
    project = make_project(title="Railway", summary="s", body="Built with **care**")
    project.countries.set([make_countries()[2]])
    assert found("railway care laos") == [project]


@pytest.mark.parametrize(
    "field, value",
    [
        ("title", "Sweet spring"),
        ("summary", "A sweet spring of water."),
        ("body", "Clean water from a *sweet spring*."),
        ("place_name", "Sweet spring valley"),
    ],
)
def test_project_text_fields_are_searched(field, value):
    project = make_project(**{field: value})
    make_project()
    assert found("sweet spring") == [project]


def test_result_label_value_and_unit_are_searched():
    project = make_project()
    make_result(project, label="Track laid", value="1,035", unit="kilometres")
    make_project()
    assert found("track") == found("1,035") == found("kilometres") == [project]


def test_country_name_and_official_name_are_searched():
    countries = make_countries()
    project = make_project(countries=[countries[0]])
    make_project(countries=[countries[1]])
    assert found("Cambodia") == found("kingdom of cambodia") == [project]


def test_area_names_are_searched():
    project = make_project(areas=[make_area(name="Water resources")])
    make_project(areas=[make_area(name="Agriculture")])
    assert found("water") == [project]


def test_no_match_gives_nothing():
    make_project(title="Railway")
    assert found("airport") == []


def test_many_matching_related_rows_do_not_repeat_a_project():
    countries = make_countries()
    project = make_project(title="Regional", countries=countries)
    make_result(project, label="Regional one")
    make_result(project, label="Regional two")
    assert found("regional") == [project]


def test_viet_nam_and_vietnam_find_each_other():
    spaced = make_project(title="Viet Nam border gate")
    joined = make_project(title="Vietnam border gate")
    accented = make_project(title="Cửa khẩu Việt Nam")
    for query in ["Vietnam", "Viet Nam", "VIET NAM", "Việt Nam", "việt nam"]:
        assert set(found(query)) == {spaced, joined, accented}, query


def test_lao_pdr_and_laos_find_each_other():
    short = make_project(title="Laos power line")
    official = make_project(title="Power line in the Lao People's Democratic Republic")
    initials = make_project(title="Lao PDR power line")
    for query in ["Laos", "Lao PDR", "lao people's democratic republic"]:
        assert set(found(query)) == {short, official, initials}, query


def test_laos_matches_the_country_name_through_its_official_name():
    laos = make_countries()[2]
    project = make_project(countries=[laos])
    assert found("Lao PDR") == [project]


def test_mlc_and_lmc_find_each_other():
    projects = {
        make_project(title="LMC training"),
        make_project(title="MLC training"),
        make_project(title="Mekong-Lancang training"),
        make_project(title="Lancang-Mekong training"),
    }
    for query in ["LMC", "mlc", "Mekong-Lancang", "lancang-mekong"]:
        assert set(found(query + " training")) == projects, query


def test_title_matches_come_first_then_newest():
    now = timezone.now()
    body_new = make_project(title="A", body="dam", published_at=now - datetime.timedelta(hours=1))
    title_old = make_project(title="Dam old", published_at=now - datetime.timedelta(days=9))
    title_new = make_project(title="Dam new", published_at=now - datetime.timedelta(days=2))
    results = found("dam")
    assert results == [title_new, title_old, body_new]
    assert [project.title_match for project in results] == [1, 1, 0]


def test_title_match_needs_every_word_in_the_title():
    partly = make_project(title="Dam", summary="On the river")
    fully = make_project(
        title="River dam", published_at=timezone.now() - datetime.timedelta(days=30)
    )
    assert found("dam river") == [fully, partly]


def test_search_respects_the_given_queryset():
    make_project(state="draft", title="Hidden railway")
    make_project(state="scheduled", title="Future railway")
    public = make_project(title="Public railway")
    assert found("railway") == [public]


def test_event_search_covers_text_place_and_countries():
    thailand = make_countries()[4]
    by_place = make_event(place="Chiang Mai")
    by_country = make_event(countries=[thailand])
    by_body = make_event(body="Held in **Chiang Mai**.")
    make_event()
    results = search_events(Event.objects.published(), "chiang mai")
    assert set(results) == {by_place, by_body}
    assert list(search_events(Event.objects.published(), "Kingdom of Thailand")) == [by_country]


def test_event_search_puts_title_matches_first():
    in_body = make_event(body="The clean air initiative.")
    in_title = make_event(
        title="Clean air initiative", published_at=timezone.now() - datetime.timedelta(days=9)
    )
    assert list(search_events(Event.objects.published(), "clean air")) == [in_title, in_body]
