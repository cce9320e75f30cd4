"""The starter content as corrected against the shared facts' "Corrections of 2026-12-01":
claims no stronger than their sources, original sources instead of mirrors, results
under their own country."""

import copy
import re
import subprocess

import pytest
import yaml
from reversion.models import Version

from projects.models import CooperationArea, KeyFigure, Project, ProjectResult, Source
from starter_content.content_loader import DATA_FILE, load_content, read_data_file
from tests.shared_facts import REPO_ROOT, facts_file, read_shared
from timeline.models import Event

# The host of each address the corrections list as a mirror or repost.
MIRROR_HOST = re.compile(r"`(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)`")
FUNDED_ON_THE_INTERVIEW_ALONE = [
    "lancang-mekong-sweet-spring",
    "lmc-bumper-harvest",
    "green-lancang-mekong-initiative",
]
# The content as it stood before the corrections.
PREVIOUS_CONTENT_COMMIT = "fe23969"


def words(text):
    """The text with its line breaks and runs of spaces as single spaces."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def corrections():
    """The corrections section of the shared facts, which the checks below rest on."""
    facts = read_shared(facts_file())
    start = facts.index("## Corrections of 2026-12-01")
    return facts[start : facts.index("\n---", start)]


@pytest.fixture(scope="module")
def data():
    return read_data_file()


@pytest.fixture
def loaded(db, data):
    return load_content(copy.deepcopy(data))


@pytest.fixture
def mirror_hosts(corrections):
    listed = corrections.split("**Sources to replace.**")[1].split("- Recoverable")[0]
    return set(MIRROR_HOST.findall(listed))


@pytest.fixture
def spam_host(corrections):
    """The one mirror the corrections say now carries spam; named only there."""
    return re.search(r"one \(`(?:www\.)?([^`]+)`\) now carries spam", corrections).group(1)


def test_the_corrections_list_the_mirrors_and_the_spam_address(mirror_hosts, spam_host):
    assert len(mirror_hosts) == 13
    assert spam_host in mirror_hosts


def test_no_project_states_the_special_fund_as_funder_on_the_interview_alone(loaded, corrections):
    assert "only the interview links it to the LMC Special Fund" in corrections
    for slug in [
        "lancang-mekong-sweet-spring",
        "lmc-bumper-harvest",
        "green-lancang-mekong-initiative",
    ]:
        project = Project.objects.get(slug=slug)
        assert project.funding_source is None, slug
        assert "according to" in project.body.lower() or "Liu Qing" in project.body, slug
    sweet_spring = Project.objects.get(slug="lancang-mekong-sweet-spring")
    assert "China-Asia Cooperation Fund" in words(sweet_spring.body)


def test_the_2019_special_fund_figure_is_the_sourced_one(loaded, corrections):
    assert "19 projects in 2019 totaling $7.2 million" in corrections
    fund = Project.objects.get(slug="lmc-special-fund")
    assert "7.378" not in fund.body
    assert "19 projects in 2019 totaling $7.2 million" in words(fund.body)
    assert fund.sources.filter(url="http://en.people.cn/n3/2020/0527/c90000-9694816.html").exists()


def test_the_special_funds_date_is_shown_as_its_pledge(loaded):
    fund = Project.objects.get(slug="lmc-special-fund")
    assert fund.start_date is None
    assert "pledged" in fund.summary


def test_the_water_centre_is_operating(loaded):
    centre = Project.objects.get(slug="water-resources-cooperation-center-and-platform")
    assert centre.end_date is None
    assert centre.status != Project.Status.COMPLETED


def test_the_over_700_figure_is_labelled_as_liu_qings(loaded):
    figure = KeyFigure.objects.get(value="over 700")
    assert "according to Liu Qing" in figure.label


def test_the_x_areas_cite_the_2020_fact_sheet(loaded):
    fact_sheet = "http://www.lmcchina.org/eng/2020-08/25/content_41451162.html"
    for slug in ["digital-economy", "environment", "customs", "youth"]:
        area = CooperationArea.objects.get(slug=slug)
        assert area.sources.filter(url=fact_sheet).exists(), slug


def test_the_3rd_and_10th_ministers_meetings_are_worded_as_the_sources_allow(loaded):
    third = Event.objects.get(slug="3rd-foreign-ministers-meeting")
    assert "ended with" not in third.body
    tenth = Event.objects.get(slug="10th-foreign-ministers-meeting")
    assert "In the mechanism's 10th anniversary year" not in tenth.summary
    assert "China's foreign ministry called" in tenth.summary + tenth.body
    assert "Golden Decade" in tenth.summary + tenth.body


def test_the_telecom_fraud_meeting_shows_both_reported_venues(loaded):
    meeting = Event.objects.get(slug="telecom-fraud-ministerial-meeting")
    assert meeting.place == ""
    assert "Vientiane" in meeting.body and "Kunming" in meeting.body


def test_a_result_about_myanmar_names_myanmar(loaded):
    result = ProjectResult.objects.get(label="Solar table lamps in Myanmar")
    assert result.country.slug == "myanmar"


def test_no_source_address_is_a_mirror_unless_marked_as_a_copy(loaded, mirror_hosts):
    for source in Source.objects.all():
        if any(host in source.url for host in mirror_hosts):
            assert source.is_copy, source.url


def test_the_spam_address_appears_nowhere_in_the_project(spam_host):
    tracked = subprocess.run(
        ["git", "grep", "-l", "-i", "-F", spam_host.split(".")[0]],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    assert tracked.stdout == ""
    assert spam_host not in DATA_FILE.read_text(encoding="utf-8")


def test_no_5th_leaders_meeting_is_published():
    text = DATA_FILE.read_text(encoding="utf-8")
    assert not re.search(r"5th Leaders|fifth Leaders", text, re.IGNORECASE)


def test_the_chinese_name_is_on_the_home_and_about_pages(client, db):
    for path in ["/", "/about/"]:
        content = client.get(path).content.decode()
        assert "澜沧江-湄公河合作" in content, path
        assert "澜湄合作" in content, path


def test_the_about_page_quotes_all_around_from_the_original(client, db):
    content = client.get("/about/").content.decode()
    assert "all-around cooperation" in content
    assert "all-round" not in content
    assert "61ed.com" not in content or "copy at" in content


def test_outcomes_and_cambodias_page_list_the_myanmar_lamps_under_myanmar_only(client, loaded):
    outcomes = client.get("/outcomes/").content.decode()
    cambodia_page = client.get("/countries/cambodia/").content.decode()

    def section(content, heading_id):
        start = content.index(f'aria-labelledby="{heading_id}"')
        return content[start : content.index("</section>", start)]

    lamps = "Solar table lamps in Myanmar"
    assert lamps in section(outcomes, "country-myanmar")
    assert lamps not in section(outcomes, "country-cambodia")
    assert lamps not in cambodia_page
    assert lamps in client.get("/countries/myanmar/").content.decode()


@pytest.fixture(scope="module")
def previous_content():
    """The starter content as it stood before the corrections, from the repository's history."""
    previous = subprocess.run(
        ["git", "show", f"{PREVIOUS_CONTENT_COMMIT}:content/lmc_content.yaml"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return yaml.safe_load(previous)


def test_loading_the_corrections_over_the_previous_content_updates_and_keeps_revisions(
    db, previous_content
):
    load_content(copy.deepcopy(previous_content))
    fund = Project.objects.get(slug="lmc-special-fund")
    figure = KeyFigure.objects.get(value="over 700")
    before = {item: Version.objects.get_for_object(item).count() for item in (fund, figure)}

    report = load_content(read_data_file())

    assert report.updated > 0
    fund.refresh_from_db()
    figure.refresh_from_db()
    assert "7.378" not in fund.body
    assert "according to Liu Qing" in figure.label
    for item, count in before.items():
        assert Version.objects.get_for_object(item).count() == count + 1, item


def test_loading_over_the_previous_content_removes_the_sources_it_dropped(
    db, previous_content, spam_host
):
    load_content(copy.deepcopy(previous_content))
    assert Source.objects.filter(url__contains=spam_host).exists()

    load_content(read_data_file())

    assert not Source.objects.filter(url__contains=spam_host).exists()
    assert not Source.objects.filter(url__contains="jhlbryj.cn").exists()
