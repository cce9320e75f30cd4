"""The search cases both engines must pass alike.

`make test` runs this module on SQLite (FTS5) and `make test-postgres` on PostgreSQL (tsvector
and trigrams): each case compares the set of matches, and that title matches come first, never
the full order.
"""

import datetime
from importlib import import_module

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from core.publishing import PublicationStatus
from projects.models import Country, Project
from search.engine import ranked_ids as ranked_event_ids
from search.engine import ranked_ids as ranked_project_ids
from search.engine import search as search_events
from search.engine import search as search_projects
from search.snippets import highlight, snippet
from search.upkeep import restore_sqlite_triggers, triggers_paused
from search.words import query_words
from tests.factories import make_area, make_countries, make_event, make_project, make_result
from timeline.models import Event

# The frozen migration that rebuilds an index older code made.
search_upgrade = import_module("lmc_site.migrations.0002_search_pairs_and_titles")
PROJECTS, upgrade_migration = search_upgrade.PROJECTS, search_upgrade.upgrade_migration

pytestmark = pytest.mark.django_db


def found(query):
    """The projects matching `query`: the same through the full search and the result window."""
    matches = set(search_projects(Project.objects.published(), query))
    window = ranked_project_ids(Project.objects.published(), query, 100)
    assert sorted(window) == sorted(project.pk for project in matches)
    return matches


@pytest.fixture
def catalogue():
    cambodia, china, laos, _, thailand, vietnam = make_countries()
    return {
        "meeting": make_project(title="Annual Meeting of water experts", countries=[thailand]),
        "chinese": make_project(
            title="Training centre", summary="澜湄合作职业教育中心", countries=[china]
        ),
        "thai": make_project(
            title="Thai language course", summary="ความร่วมมือแม่โขง-ล้านช้าง", countries=[thailand]
        ),
        "lao": make_project(title="Lao course", summary="ການຮ່ວມມືແມ່ຂອງ-ລ້ານຊ້າງ"),
        "accented": make_project(
            title="Cầu Hà Nội bridge", summary="Xây dựng ở Việt Nam", countries=[vietnam]
        ),
        "cambodia": make_project(title="Rice mill", summary="Milling rice", countries=[cambodia]),
        "railway": make_project(
            title="Railway", summary="Near the border", body="Trains to **Vientiane**."
        ),
        "laos": make_project(title="Power line", countries=[laos]),
    }


def test_a_chinese_word_of_two_characters(catalogue):
    assert found("澜湄") == found("合作") == {catalogue["chinese"]}


def test_a_longer_chinese_word(catalogue):
    assert found("职业教育") == {catalogue["chinese"]}
    assert found("教育部") == set()


def test_a_thai_word(catalogue):
    assert found("ร่วมมือ") == {catalogue["thai"]}
    assert found("แม่โขง") == {catalogue["thai"]}


def test_a_lao_word(catalogue):
    assert found("ຮ່ວມມື") == {catalogue["lao"]}


def test_a_plural_finds_the_singular(catalogue):
    assert found("meetings") == found("MEETING") == {catalogue["meeting"]}
    assert found("experts meetings") == {catalogue["meeting"]}


def test_a_typo_finds_the_word(catalogue):
    assert found("Cambodai") == {catalogue["cambodia"]}
    assert found("railwya") == {catalogue["railway"]}


def test_a_word_unlike_any_finds_nothing(catalogue):
    assert found("zzyzx") == set()


def test_a_known_word_is_not_widened_to_its_neighbours(catalogue):
    # "rice" is indexed, so "ride" or "rich" are not looked for instead.
    make_project(title="Ride share")
    assert found("rice") == {catalogue["cambodia"]}


@pytest.mark.parametrize("query", ["Viet Nam", "Việt Nam", "viet nam", "VIETNAM"])
def test_accents_are_optional(catalogue, query):
    assert found(query) == {catalogue["accented"]}


def test_accented_words_are_found_without_their_accents(catalogue):
    assert found("Ha Noi") == found("hà nội") == found("xay dung") == {catalogue["accented"]}


def test_a_query_of_only_stop_words_searches_nothing(catalogue):
    assert query_words("the of and to it") == []
    queryset = Project.objects.published()
    assert search_projects(queryset, "The of AND to it") is queryset


def test_both_engines_drop_the_same_stop_words(catalogue):
    assert query_words("the railway of Vientiane") == ["railway", "vientiane"]
    assert found("the railway of Vientiane") == found("railway vientiane")
    assert found("railway vientiane") == {catalogue["railway"]}


@pytest.mark.parametrize(
    "query",
    [
        '"railway',
        "railway*",
        "NEAR(railway border)",
        "railway AND border",
        "-railway",
        "title:railway",
        "(railway)",
        "railway OR",
        '"" * : ( ) ^ {title}',
        "rail\x00way",
        "' OR 1=1 --",
        "%_\\",
    ],
)
def test_fts_operators_are_searched_as_text(catalogue, query):
    assert found(query) <= {catalogue["railway"]}


def test_near_and_operators_are_plain_words(catalogue):
    assert found("NEAR border") == {catalogue["railway"]}
    assert found("railway AND border") == {catalogue["railway"]}
    assert found("railway*") == found("(railway)") == {catalogue["railway"]}


def test_a_very_long_query_does_not_fail(catalogue):
    assert found("railway " * 700) == {catalogue["railway"]}
    assert isinstance(found("x" * 5000), set)


def test_every_word_must_match(catalogue):
    assert found("railway meeting") == set()


def test_title_matches_come_first():
    in_body = make_project(title="Border post", body="The new bridge spans the river.")
    in_title = make_project(title="New bridge", summary="Over the river.")
    in_summary = make_project(title="Ferry", summary="Replaced by a bridge.")
    results = list(search_projects(Project.objects.published(), "bridge"))
    assert results[0] == in_title
    assert set(results[1:]) == {in_body, in_summary}


def test_the_window_puts_title_matches_first_then_the_most_recently_added():
    older_title = make_project(title="Old bridge")
    body = make_project(title="Ferry", body="Replaced by a bridge.")
    newer_title = make_project(title="New bridge")
    newest_body = make_project(title="Border post", summary="Near the bridge.")
    make_project(title="Bridge plans", state="draft")
    ids = ranked_project_ids(Project.objects.published(), "bridges", 10)
    assert ids == [newer_title.pk, older_title.pk, newest_body.pk, body.pk]


def test_the_window_stops_at_its_limit_and_keeps_title_matches_first():
    in_body = [make_project(title=f"Post {n}", body="A bridge.") for n in range(4)]
    in_title = [make_project(title=f"Bridge {n}") for n in range(3)]
    published = Project.objects.published()
    assert ranked_project_ids(published, "bridge", 2) == [in_title[2].pk, in_title[1].pk]
    assert ranked_project_ids(published, "bridge", 5) == [
        *[project.pk for project in reversed(in_title)],
        in_body[3].pk,
        in_body[2].pk,
    ]


def test_the_window_fills_up_with_newer_matches_outside_the_title():
    in_title = [make_project(title=f"Bridge {n}") for n in range(2)]
    in_body = [make_project(title=f"Post {n}", body="A bridge.") for n in range(4)]
    published = Project.objects.published()
    assert ranked_project_ids(published, "bridge", 5) == [
        in_title[1].pk,
        in_title[0].pk,
        in_body[3].pk,
        in_body[2].pk,
        in_body[1].pk,
    ]


def test_the_window_keeps_the_filters_of_its_queryset():
    cambodia, *_ = make_countries()
    in_cambodia = make_project(title="Bridge", countries=[cambodia])
    make_project(title="Bridge too")
    window = ranked_project_ids(Project.objects.filter(countries=cambodia), "bridge", 10)
    assert window == [in_cambodia.pk]


def test_the_window_finds_words_of_scripts_without_spaces_in_the_title_first():
    in_summary = make_project(title="Training centre", summary="澜湄合作中心")
    in_title = make_project(title="澜湄 centre")
    ranked = ranked_project_ids(Project.objects.published(), "澜湄", 10)
    assert ranked == [in_title.pk, in_summary.pk]


def test_the_window_follows_publishing_scheduling_and_unpublishing():
    soon = timezone.now() + datetime.timedelta(hours=1)
    scheduled = make_project(title="Bridge", published_at=soon)
    draft = make_project(title="Bridge", state="draft")

    assert ranked_project_ids(Project.objects.published(), "bridge", 10) == []
    with time_machine.travel(soon + datetime.timedelta(minutes=1)):
        assert ranked_project_ids(Project.objects.published(), "bridge", 10) == [scheduled.pk]
    draft.publication_status = PublicationStatus.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()
    scheduled.publication_status = PublicationStatus.DRAFT
    scheduled.save()
    assert ranked_project_ids(Project.objects.published(), "bridge", 10) == [draft.pk]


def test_a_two_character_word_ending_the_text_is_found():
    at_the_end = make_project(title="Centre", body="Vocational school of 澜湄")
    assert found("澜湄") == {at_the_end}


def test_two_characters_are_found_where_they_meet_across_words_and_scripts():
    inside = make_project(title="Centre", summary="合作中心")
    across_a_script = make_project(title="Centre", summary="Mekong合作 office")
    assert found("作中") == {inside}
    assert found("g合") == {across_a_script}
    assert found("心合") == set()


def test_items_deleted_while_the_upkeep_was_paused_leave_the_index():
    kept = make_project(title="First bridge")
    deleted = make_project(title="Second bridge")
    with triggers_paused(PROJECTS):
        Project.objects.filter(pk=deleted.pk).delete()
    assert indexed_project_ids() == {kept.pk}
    assert found("bridge") == {kept}


def indexed_project_ids():
    if connection.vendor == "postgresql":
        sql = "SELECT id FROM projects_project_search"
    else:
        sql = "SELECT rowid FROM projects_project_fts"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {row[0] for row in cursor.fetchall()}


def test_events_have_a_window_too():
    older = make_event(title="Ministers' meeting")
    newer = make_event(title="Leaders' meeting")
    assert ranked_event_ids(Event.objects.published(), "meetings", 10) == [newer.pk, older.pk]


def test_countries_areas_and_results_are_searched():
    countries = make_countries()
    by_country = make_project(countries=[countries[3]])
    by_area = make_project(areas=[make_area(name="Public health")])
    by_result = make_project()
    make_result(by_result, label="Cataract surgeries", value="800", unit="patients")
    assert found("myanmar") == {by_country}
    assert found("health") == {by_area}
    assert found("surgery") == found("patient") == {by_result}


def test_the_index_follows_changes_made_by_any_route():
    project = make_project(title="Solar village")
    assert found("solar") == {project}
    Project.objects.filter(pk=project.pk).update(title="Wind farm")
    assert found("solar") == set()
    assert found("wind") == {project}
    bulk = Project.objects.bulk_create(
        [Project(title="Bulk dam", slug="bulk-dam", summary="s", **_published(project))]
    )
    assert found("dam") == set(bulk)
    Project.objects.filter(pk=project.pk).delete()
    assert found("wind") == set()


def _published(project):
    return {"publication_status": project.publication_status, "published_at": project.published_at}


def test_renaming_a_country_or_area_updates_the_index():
    country = make_countries()[0]
    area = make_area(name="Fisheries")
    project = make_project(countries=[country], areas=[area])
    Country.objects.filter(pk=country.pk).update(name="Kampuchea")
    area.name = "Aquaculture"
    area.save()
    assert found("kampuchea") == found("aquaculture") == {project}
    assert found("fisheries") == set()


def test_events_are_searched_alike():
    thailand = make_countries()[4]
    meeting = make_event(title="Foreign ministers' meeting", place="Chiang Mai")
    in_thailand = make_event(title="Launch", countries=[thailand], summary="การประชุม")
    make_event(title="Other")
    events = Event.objects.published()
    assert set(search_events(events, "meetings chiang")) == {meeting}
    assert set(search_events(events, "Thailnd")) == {in_thailand}
    assert set(search_events(events, "ประชุม")) == {in_thailand}


def test_highlight_marks_matching_words_and_escapes_the_rest():
    html = highlight("Meetings of <b>experts</b> in Việt Nam", "meeting viet nam")
    assert html == (
        "<mark>Meetings</mark> of &lt;b&gt;experts&lt;/b&gt; in <mark>Việt</mark> <mark>Nam</mark>"
    )


def test_highlight_marks_words_of_scripts_without_spaces():
    assert "<mark>" in highlight("澜湄合作职业教育中心", "合作")


def test_a_snippet_is_short_and_centred_on_the_first_match():
    text = " ".join(["filler"] * 100) + " the railway arrives " + " ".join(["filler"] * 100)
    html = snippet("railways", "Nothing here", text)
    assert "<mark>railway</mark>" in html
    assert html.startswith("… ") and html.endswith(" …")
    assert len(html) < 300


def test_a_snippet_leaves_out_markdown_markup():
    assert snippet("vientiane", "Summary", "Trains to **Vientiane**.") == (
        "Trains to <mark>Vientiane</mark>."
    )


def test_the_project_list_shows_highlighted_snippets(client, catalogue):
    response = client.get("/projects/", {"q": "milled"})
    assert "<mark>Milling</mark> rice" in response.content.decode()


def test_the_site_search_shows_highlighted_snippets(client, catalogue):
    make_event(title="Border event", summary="At the border crossing.")
    response = client.get("/search/", {"q": "border"})
    page = response.content.decode()
    assert "<mark>border</mark>" in page


@pytest.mark.parametrize("query", ["澜", "x", "-", "'", '"', "\x00", "a" * 5000, "the of"])
def test_bad_input_never_fails_on_the_pages(client, catalogue, query):
    # An over-long query is first redirected to its shortened canonical address.
    for url in ["/projects/", "/search/"]:
        assert client.get(url, {"q": query}, follow=True).status_code == 200


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite drops triggers on table rebuilds")
def test_triggers_lost_in_a_table_rebuild_come_back_after_migrating():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER projects_project_search_insert")
    restore_sqlite_triggers()
    assert found_after_insert("Rebuilt railway")


def found_after_insert(title):
    project = make_project(title=title)
    return project in found(title)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own tables")
def test_migrating_gives_an_older_index_its_pairs_of_characters_and_titles_table():
    chinese = make_project(title="Centre", summary="澜湄合作")
    bridge = make_project(title="Bridge")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE projects_project_title_search")
        cursor.execute("ALTER TABLE projects_project_search DROP COLUMN pairs")
    with connection.schema_editor() as schema_editor:
        upgrade_migration(PROJECTS)(None, schema_editor)
    assert found("澜湄") == {chinese}
    assert ranked_project_ids(Project.objects.published(), "bridge", 10) == [bridge.pk]
