"""An Editor's spreadsheet row that changes a published item becomes that item's pending
change, exactly like a change made in its form: the dry run says so on the row, the live
item and its public page stay as they are, and a Publisher's approval applies it."""

import pytest
from reversion.models import Version

from editorial.models import ReviewRequest
from editorial.roles import EDITOR
from editorial.spreadsheet_import import HELD_ROW_NOTE, IMPORT_COMMENT
from projects.models import Country, Project
from projects.resources import ProjectResource
from tests.editorial.test_pending_changes import reopen_and_save, review_url
from tests.factories import (
    make_area,
    make_countries,
    make_project,
    make_result,
    make_source,
    make_staff_user,
)
from tests.projects.test_import_export import confirm, csv_file, dry_run, project_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(source):
    project = make_project(
        "published",
        slug="live",
        title="Live title",
        countries=Country.objects.filter(slug="china"),
        areas=[make_area()],
        sources=[source],
    )
    make_result(project, label="Villages served", source=source)
    return project


@pytest.fixture
def source(db):
    make_countries()
    return make_source(url="https://example.org/report", title="Annual report")


def page_text(response):
    return response.content.decode().replace("&#x27;", "'")


def test_the_dry_run_says_the_row_waits_for_approval(editor_client, live):
    rows = [project_row(0, slug="live", title="Imported title"), project_row(1)]

    response = dry_run(editor_client, csv_file(rows))

    assert "confirm_form" in response.context
    [held, new] = response.context["result"].valid_rows()
    assert (held.import_type, held.pending_change_note) == ("update", HELD_ROW_NOTE)
    assert (new.import_type, getattr(new, "pending_change_note", None)) == ("new", None)
    assert page_text(response).count(HELD_ROW_NOTE) == 1
    assert not ReviewRequest.objects.exists()


def test_an_editors_row_becomes_a_pending_change_and_the_page_stays(editor_client, client, live):
    rows = [project_row(0, slug="live", title="Imported title", summary="Imported summary.")]

    response = confirm(editor_client, dry_run(editor_client, csv_file(rows)))

    live.refresh_from_db()
    assert live.title == "Live title"
    page = client.get(live.get_absolute_url()).content.decode()
    assert "Live title" in page
    assert "Imported title" not in page
    review = ReviewRequest.objects.for_item(live).awaiting().get()
    assert review.requested_by.username == "writer"
    assert review.proposed.field_dict["title"] == "Imported title"
    messages = page_text(editor_client.get(response["Location"]))
    assert "1 of the rows change published or scheduled projects" in messages


def test_approving_an_imported_change_applies_it_and_keeps_the_results(
    editor_client, publisher_client, live, source
):
    rows = [project_row(0, slug="live", title="Imported title", countries="Viet Nam")]
    confirm(editor_client, dry_run(editor_client, csv_file(rows)))

    publisher_client.post(review_url("approve", ReviewRequest.objects.get()))

    live.refresh_from_db()
    assert live.title == "Imported title"
    assert [country.slug for country in live.countries.all()] == ["vietnam"]
    assert [result.label for result in live.results.all()] == ["Villages served"]
    assert live.is_public


def test_an_imported_row_extends_the_pending_change_made_in_the_form(editor_client, live):
    reopen_and_save(editor_client, live, place_name="Boten")
    rows = [project_row(0, slug="live", title="Imported title")]

    confirm(editor_client, dry_run(editor_client, csv_file(rows)))

    review = ReviewRequest.objects.for_item(live).awaiting().get()
    proposed = review.proposed.field_dict
    assert (proposed["title"], proposed["place_name"]) == ("Imported title", "Boten")


def test_a_held_row_is_not_recorded_as_a_change_of_the_live_item(editor_client, live):
    rows = [project_row(0, slug="live", title="Imported title"), project_row(1)]

    confirm(editor_client, dry_run(editor_client, csv_file(rows)))

    imported = Version.objects.filter(revision__comment=IMPORT_COMMENT)
    assert [version.object_repr for version in imported] == ["Imported project 1"]


def test_an_unchanged_row_of_a_published_item_makes_no_pending_change(live):
    editor = make_staff_user("careful-editor", EDITOR)
    exported = ProjectResource().export(Project.objects.filter(pk=live.pk))

    result = ProjectResource().import_data(exported, dry_run=False, user=editor)

    assert [row.import_type for row in result.rows] == ["skip"]
    assert not ReviewRequest.objects.exists()
