import copy
import datetime

import pytest
from django.core.management import CommandError, call_command

from core.dates import DatePrecision
from projects.models import (
    ContentFingerprint,
    CooperationArea,
    Country,
    FundingSource,
    KeyFigure,
    Project,
    ProjectResult,
    Source,
)
from starter_content.content_loader import ContentError, check_data, load_content, read_data_file
from tests.factories import make_project
from timeline.models import Event, PlanPeriod

MODELS = [
    Source,
    Country,
    CooperationArea,
    FundingSource,
    PlanPeriod,
    Project,
    ProjectResult,
    Event,
    KeyFigure,
    ContentFingerprint,
]
PUBLISHABLE = [Project, Event, KeyFigure]


@pytest.fixture(scope="module")
def data():
    return read_data_file()


@pytest.fixture
def loaded(db, data):
    return load_content(copy.deepcopy(data))


def snapshot():
    """Every row of every loaded model, with its updated_at where it has one."""
    rows = {}
    for model in MODELS:
        fields = ["pk", "updated_at"] if hasattr(model, "updated_at") else ["pk"]
        rows[model.__name__] = sorted(model.objects.values_list(*fields))
    return rows


def project_entry(data, slug):
    return next(entry for entry in data["projects"] if entry["slug"] == slug)


def test_loads_the_six_countries(loaded):
    assert sorted(Country.objects.values_list("slug", "iso_code")) == [
        ("cambodia", "KH"),
        ("china", "CN"),
        ("laos", "LA"),
        ("myanmar", "MM"),
        ("thailand", "TH"),
        ("vietnam", "VN"),
    ]
    assert Country.objects.get(slug="vietnam").name == "Viet Nam"
    assert not Country.objects.filter(profile="").exists()
    assert not Country.objects.filter(sources=None).exists()


def test_loads_three_pillars_and_five_priority_areas_under_a_pillar(loaded):
    areas = CooperationArea.objects
    assert areas.filter(kind=CooperationArea.Kind.PILLAR, pillar=None).count() == 3
    assert areas.filter(kind=CooperationArea.Kind.PRIORITY, pillar__kind="pillar").count() == 5
    assert set(areas.filter(kind=CooperationArea.Kind.FURTHER).values_list("slug", flat=True)) >= {
        "customs",
        "health",
        "youth",
    }
    assert not areas.filter(sources=None).exists()


def test_loads_all_ten_projects_of_the_facts_file(loaded):
    assert Project.objects.count() >= 10
    assert Project.objects.filter(featured=True).count() in {3, 4}


def test_loads_at_least_25_events_and_some_key_figures(loaded):
    assert Event.objects.count() >= 25
    assert KeyFigure.objects.count() >= 5
    assert PlanPeriod.objects.count() == 2
    assert FundingSource.objects.filter(slug="lmc-special-fund").exists()


@pytest.mark.parametrize("model", PUBLISHABLE, ids=lambda model: model.__name__)
def test_every_loaded_item_is_published_with_a_source(loaded, model):
    assert model.objects.published().count() == model.objects.count()
    assert not model.objects.filter(sources=None).exists()


def test_every_result_cites_one_of_its_projects_sources(loaded):
    results = ProjectResult.objects.select_related("project", "source")
    assert results.count() > 0
    for result in results:
        assert result.source in result.project.sources.all(), result


def test_every_source_has_a_title_a_publisher_and_an_address(loaded):
    assert not Source.objects.filter(title="").exists()
    assert not Source.objects.filter(publisher="").exists()
    assert not Source.objects.filter(url="").exists()


def test_every_source_is_cited_by_something(loaded):
    uncited = Source.objects.filter(
        projects=None,
        events=None,
        keyfigures=None,
        countries=None,
        areas=None,
        plan_periods=None,
        results=None,
    )
    assert list(uncited) == []


def test_every_project_gives_its_status_as_of_a_date(loaded):
    assert not Project.objects.filter(status_as_of=None).exists()


def test_single_secondary_source_items_say_so(loaded):
    assert Project.objects.get(slug="lmc-bumper-harvest").sourcing_note
    assert Project.objects.get(slug="green-lancang-mekong-initiative").sourcing_note
    assert Event.objects.get(slug="thailand-proposes-sub-regional-initiative").sourcing_note


def test_dates_keep_their_precision_and_multi_day_events_their_end(loaded):
    initiative = Event.objects.get(slug="thailand-proposes-sub-regional-initiative")
    assert (initiative.date, initiative.date_precision) == (
        datetime.date(2012, 1, 1),
        DatePrecision.YEAR,
    )
    second_officials = Event.objects.get(slug="2nd-senior-officials-meeting")
    assert second_officials.date_precision == DatePrecision.MONTH
    week = Event.objects.get(slug="first-lancang-mekong-week")
    assert (week.date, week.end_date) == (datetime.date(2018, 3, 19), datetime.date(2018, 3, 23))


def test_the_railway_opening_is_related_to_its_project(loaded):
    opening = Event.objects.get(slug="china-laos-railway-opens")
    assert list(opening.related_projects.values_list("slug", flat=True)) == ["china-laos-railway"]


def test_the_special_fund_pledge_is_loaded_as_an_amount(loaded):
    fund = Project.objects.get(slug="lmc-special-fund")
    assert (fund.funding_amount, fund.funding_currency) == (300_000_000, "USD")


def test_the_command_prints_a_one_line_summary(db, capsys):
    call_command("load_lmc_content")
    output = capsys.readouterr().out.strip()
    assert "\n" not in output
    assert output.startswith(f"{ContentFingerprint.objects.count()} created, 0 updated")


def test_running_twice_changes_nothing(loaded, data):
    before = snapshot()
    report = load_content(copy.deepcopy(data))
    assert snapshot() == before
    assert (report.created, report.updated, report.kept) == (0, 0, [])
    assert report.unchanged == ContentFingerprint.objects.count()


def test_a_changed_entry_updates_a_row_nobody_edited(loaded, data):
    changed = copy.deepcopy(data)
    project_entry(changed, "china-laos-railway")["place_name"] = "Kunming to Vientiane, by rail"
    project_entry(changed, "china-laos-railway")["results"].pop()

    report = load_content(changed)

    railway = Project.objects.get(slug="china-laos-railway")
    assert railway.place_name == "Kunming to Vientiane, by rail"
    assert railway.results.count() == len(project_entry(data, "china-laos-railway")["results"]) - 1
    assert railway.is_public
    assert report.updated == 1
    assert load_content(changed).updated == 0


def test_an_editors_change_survives_a_rerun_with_a_changed_entry(loaded, data):
    railway = Project.objects.get(slug="china-laos-railway")
    railway.title = "The China-Laos Railway (edited)"
    railway.save()
    changed = copy.deepcopy(data)
    project_entry(changed, "china-laos-railway")["summary"] = "Changed in the data file."

    report = load_content(changed)

    railway.refresh_from_db()
    assert railway.title == "The China-Laos Railway (edited)"
    assert railway.summary != "Changed in the data file."
    assert report.kept == ["projects/china-laos-railway: changed by an editor"]


def test_an_editors_change_to_a_result_survives_a_rerun(loaded, data):
    result = ProjectResult.objects.filter(project__slug="china-laos-railway").first()
    result.value = "1,035 (edited)"
    result.save()
    changed = copy.deepcopy(data)
    project_entry(changed, "china-laos-railway")["summary"] = "Changed in the data file."

    load_content(changed)

    result.refresh_from_db()
    assert result.value == "1,035 (edited)"


def test_a_deleted_item_is_not_resurrected(loaded, data):
    Project.objects.get(slug="lancang-mekong-bright-journey").delete()
    Event.objects.get(slug="2nd-senior-officials-meeting").delete()

    report = load_content(copy.deepcopy(data))

    assert not Project.objects.filter(slug="lancang-mekong-bright-journey").exists()
    assert not Event.objects.filter(slug="2nd-senior-officials-meeting").exists()
    assert report.created == 0
    assert len(report.kept) == 2


def test_an_item_an_editor_made_first_is_left_alone(db, data):
    editors = make_project(slug="china-laos-railway", title="Editor's railway", state="draft")

    report = load_content(copy.deepcopy(data))

    editors.refresh_from_db()
    assert editors.title == "Editor's railway"
    assert not editors.is_public
    assert "projects/china-laos-railway: made by an editor" in report.kept
    assert Event.objects.get(slug="china-laos-railway-opens").related_projects.get() == editors


def test_an_invalid_entry_fails_naming_the_item_and_writes_nothing(db, data):
    wrong = copy.deepcopy(data)
    wrong["countries"][0]["iso_code"] = "KHM"

    with pytest.raises(ContentError, match="countries/cambodia: iso_code"):
        load_content(wrong)

    assert Source.objects.count() == 0


def test_a_reference_to_a_missing_item_fails_naming_the_item(data):
    wrong = copy.deepcopy(data)
    project_entry(wrong, "china-laos-railway")["countries"].append("lao")

    with pytest.raises(ContentError, match="projects/china-laos-railway: countries names 'lao'"):
        check_data(wrong)


def test_a_result_whose_source_the_item_does_not_cite_fails(data):
    wrong = copy.deepcopy(data)
    project_entry(wrong, "china-laos-railway")["results"][0]["source"] = "interview-zh"

    with pytest.raises(ContentError, match="projects/china-laos-railway, result 1"):
        check_data(wrong)


def test_a_bad_date_fails_naming_the_item(db, data):
    wrong = copy.deepcopy(data)
    wrong["events"][0]["date"] = "spring 2012"

    with pytest.raises(ContentError, match="events/thailand-proposes-sub-regional-initiative"):
        load_content(wrong)


def test_the_command_reports_a_wrong_file_as_an_error(db, tmp_path):
    path = tmp_path / "content.yaml"
    path.write_text("sources: {}\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Missing sections"):
        call_command("load_lmc_content", file=path)
