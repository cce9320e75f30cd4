"""Events import from CSV and XLSX in the admin as drafts, all rows or none, and the
changelist's current filter exports."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tablib import Dataset

from core.publishing import PublicationStatus
from editorial.spreadsheet_import import PUBLICATION_COLUMNS
from tests.factories import make_countries, make_event, make_project, make_source
from timeline.models import Event
from timeline.resources import EventResource

IMPORT_URL = reverse("admin:timeline_event_import")
PROCESS_URL = reverse("admin:timeline_event_process_import")
EXPORT_URL = reverse("admin:timeline_event_export")


@pytest.fixture
def related(db):
    make_countries()
    make_source(url="https://example.org/statement", title="Joint statement")
    return make_project(slug="railway", title="Railway")


def event_row(i, **fields):
    row = {
        "slug": f"meeting-{i}",
        "title": f"Meeting {i}",
        "kind": "ministers",
        "date": "2016-03-23",
        "date_precision": "day",
        "countries": "china|thailand",
        "summary": f"Summary {i}.",
        "related_projects": "railway",
        "sources": "Joint statement",
    }
    row.update(fields)
    return row


def csv_file(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile("events.csv", out.getvalue().encode(), content_type="text/csv")


def import_csv(client, rows):
    """The dry run, then its confirmation if the dry run offered one."""
    response = client.post(IMPORT_URL, {"import_file": csv_file(rows), "format": "0"})
    form = response.context.get("confirm_form")
    if form is not None:
        client.post(PROCESS_URL, {name: form[name].value() for name in form.fields})
    return response


def as_dataset(rows):
    dataset = Dataset(headers=list(rows[0]))
    for row in rows:
        dataset.append(list(row.values()))
    return dataset


def test_a_good_csv_creates_draft_events_with_their_relations(staff_client, related):
    import_csv(staff_client, [event_row(0), event_row(1)])

    events = Event.objects.order_by("slug")
    assert [e.slug for e in events] == ["meeting-0", "meeting-1"]
    assert {e.publication_status for e in events} == {PublicationStatus.DRAFT}
    assert list(events[0].related_projects.all()) == [related]
    assert sorted(events[0].countries.values_list("slug", flat=True)) == ["china", "thailand"]


def test_one_bad_row_imports_no_event_and_names_the_row_and_field(staff_client, related):
    rows = [event_row(0), event_row(1), event_row(2), event_row(3, kind="party")]

    response = import_csv(staff_client, rows)

    invalid = response.context["result"].invalid_rows
    assert [(row.number, list(row.error_dict)) for row in invalid] == [(4, ["kind"])]
    assert not Event.objects.exists()


def test_an_unknown_related_project_is_named(related):
    rows = [event_row(0, related_projects="railway|bridge-to-nowhere")]

    result = EventResource().import_data(as_dataset(rows), dry_run=True)

    assert "bridge-to-nowhere" in result.invalid_rows[0].error_dict["related_projects"][0]


def test_reimporting_the_same_events_reports_them_unchanged(related):
    rows = [event_row(0), event_row(1, date="2018-05-17", date_precision="month")]
    EventResource().import_data(as_dataset(rows), dry_run=False)

    result = EventResource().import_data(as_dataset(rows), dry_run=True)

    assert result.totals["skip"] == 2


def test_an_editor_imports_a_published_column_and_gets_a_draft(editor_client, related):
    import_csv(editor_client, [event_row(0, publication_status="published")])

    assert Event.objects.get(slug="meeting-0").publication_status == PublicationStatus.DRAFT


def test_an_editors_import_of_a_scheduled_event_waits_for_approval(editor_client, related):
    make_event(state="scheduled", slug="meeting-0", title="As scheduled")

    response = import_csv(editor_client, [event_row(0)])

    assert "Waits for a publisher" in response.text.replace("&#x27;", "'")
    assert Event.objects.get(slug="meeting-0").title == "As scheduled"


def test_export_contains_only_the_filtered_events(staff_client, db):
    make_event(slug="summit", kind="leaders")
    make_event(slug="meeting", kind="ministers")
    url = EXPORT_URL + "?kind__exact=leaders"
    form = staff_client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if name != "export_items"}

    response = staff_client.post(url, {**data, "format": "0"})

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["slug"] for row in rows] == ["summit"]


def test_the_documented_template_has_every_importable_column():
    with open("content/import_template_events.csv", encoding="utf-8") as template:
        header = next(csv.reader(template))

    importable = [field.column_name for field in EventResource().get_import_fields()]
    assert header == [column for column in importable if column not in PUBLICATION_COLUMNS]
