"""Projects import from CSV and XLSX in the admin, as drafts, all rows or none; the
changelist's current filter exports to CSV and XLSX."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version
from tablib import Dataset

from core.publishing import PublicationStatus
from editorial.spreadsheet_import import IMPORT_COMMENT, MAX_ROWS, PUBLICATION_COLUMNS
from projects.models import Project
from projects.resources import ProjectResource
from tests.factories import make_countries, make_project, make_source
from tests.lmc_site.test_headers import EVENT_HANDLER, INLINE_SCRIPT, INLINE_STYLE_ATTRIBUTE

HEADER = ["slug", "title", "summary", "countries", "start_date", "start_precision", "sources"]
CSV_FORMAT, XLSX_FORMAT = "0", "1"
IMPORT_URL = reverse("admin:projects_project_import")
PROCESS_URL = reverse("admin:projects_project_process_import")


@pytest.fixture
def source(db):
    make_countries()
    return make_source(url="https://example.org/report", title="Annual report")


def project_row(i, **fields):
    row = {
        "slug": f"imported-{i}",
        "title": f"Imported project {i}",
        "summary": f"Summary {i}.",
        "countries": "china|Viet Nam",
        "start_date": "2019-01-01",
        "start_precision": "year",
        "sources": "https://example.org/report",
    }
    row.update(fields)
    return row


def csv_file(rows, header=None):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header or list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile("projects.csv", out.getvalue().encode(), content_type="text/csv")


def xlsx_file(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("projects.xlsx", out.getvalue())


def dry_run(client, upload, file_format=CSV_FORMAT):
    return client.post(IMPORT_URL, {"import_file": upload, "format": file_format})


def confirm(client, response):
    form = response.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    return client.post(PROCESS_URL, data)


def as_dataset(rows):
    dataset = Dataset(headers=list(rows[0]))
    for row in rows:
        dataset.append(list(row.values()))
    return dataset


def test_a_good_csv_creates_drafts_after_the_dry_run(staff_client, source):
    rows = [project_row(i) for i in range(3)]

    response = dry_run(staff_client, csv_file(rows))

    assert response.status_code == 200
    assert response.context["result"].totals["new"] == 3
    assert not Project.objects.exists()
    confirm(staff_client, response)
    projects = Project.objects.order_by("slug")
    assert [p.slug for p in projects] == ["imported-0", "imported-1", "imported-2"]
    assert {p.publication_status for p in projects} == {PublicationStatus.DRAFT}
    assert sorted(projects[0].countries.values_list("slug", flat=True)) == ["china", "vietnam"]
    assert list(projects[0].sources.all()) == [source]


def test_one_bad_row_imports_nothing_and_names_the_row_and_field(staff_client, source):
    rows = [project_row(i) for i in range(3)] + [project_row(3, start_date="31/02/2019")]

    response = dry_run(staff_client, csv_file(rows))

    assert "confirm_form" not in response.context
    invalid = response.context["result"].invalid_rows
    assert [(row.number, list(row.error_dict)) for row in invalid] == [(4, ["start_date"])]
    assert "<td>4 </td>" in response.text
    assert '<span class="validation-error-field-label">start_date</span>' in response.text
    assert not Project.objects.exists()


def test_an_import_outside_the_admin_is_also_all_or_nothing(source):
    rows = [project_row(i) for i in range(3)] + [project_row(3, start_date="not a date")]

    result = ProjectResource().import_data(as_dataset(rows), dry_run=False)

    assert result.has_validation_errors()
    assert not Project.objects.exists()


def test_importing_the_same_file_again_reports_every_row_unchanged(source):
    rows = [project_row(i, start_date="2019-06-15") for i in range(3)]
    ProjectResource().import_data(as_dataset(rows), dry_run=False)

    result = ProjectResource().import_data(as_dataset(rows), dry_run=True)

    assert result.totals["skip"] == 3
    assert result.totals["new"] == result.totals["update"] == 0


def test_a_changed_row_is_reported_as_changed(source):
    rows = [project_row(i) for i in range(2)]
    ProjectResource().import_data(as_dataset(rows), dry_run=False)
    rows[1]["title"] = "Renamed"

    result = ProjectResource().import_data(as_dataset(rows), dry_run=False)

    assert (result.totals["skip"], result.totals["update"]) == (1, 1)
    assert Project.objects.get(slug="imported-1").title == "Renamed"


def test_an_unknown_country_is_named_in_the_error(staff_client, source):
    rows = [project_row(0, countries="china|Atlantis")]

    response = dry_run(staff_client, csv_file(rows))

    errors = response.context["result"].invalid_rows[0].error_dict
    assert "Atlantis" in errors["countries"][0]
    assert "Unknown country: “Atlantis”" in response.text
    assert not Project.objects.exists()


def test_an_unknown_source_is_named_in_the_error(source):
    rows = [project_row(0, sources="https://example.org/missing")]

    result = ProjectResource().import_data(as_dataset(rows), dry_run=True)

    assert "https://example.org/missing" in result.invalid_rows[0].error_dict["sources"][0]


def test_a_wrong_column_is_refused_by_name(staff_client, source):
    rows = [{**project_row(0), "colour": "red"}]

    response = dry_run(staff_client, csv_file(rows))

    assert "Unknown columns: “colour”" in response.text
    assert "confirm_form" not in response.context


def test_a_file_over_the_row_limit_is_refused_with_a_message(staff_client, source):
    rows = [project_row(i) for i in range(MAX_ROWS + 1)]

    response = dry_run(staff_client, csv_file(rows))

    assert f"This file has {MAX_ROWS + 1} rows; at most {MAX_ROWS}" in response.text
    assert "confirm_form" not in response.context
    assert not Project.objects.exists()


def test_an_xlsx_file_imports(staff_client, source):
    rows = [project_row(i) for i in range(2)]

    response = dry_run(staff_client, xlsx_file(rows), XLSX_FORMAT)
    confirm(staff_client, response)

    assert Project.objects.filter(publication_status=PublicationStatus.DRAFT).count() == 2


def test_an_editor_cannot_publish_through_a_publication_column(editor_client, source):
    rows = [project_row(0, publication_status="published", published_at="2020-01-01 00:00")]

    response = dry_run(editor_client, csv_file(rows))
    confirm(editor_client, response)

    project = Project.objects.get(slug="imported-0")
    assert project.publication_status == PublicationStatus.DRAFT
    assert project.published_at is None


def test_an_editors_import_of_a_published_project_waits_for_approval(editor_client, source):
    live = make_project(slug="live", title="Live title")
    rows = [project_row(0, slug="live", title="Changed title")]

    response = dry_run(editor_client, csv_file(rows))
    confirm(editor_client, response)

    assert "Waits for a publisher" in response.text.replace("&#x27;", "'")
    live.refresh_from_db()
    assert live.title == "Live title"


def test_a_publisher_changes_a_published_project_and_it_stays_published(publisher_client, source):
    live = make_project(slug="live", title="Live title")
    published_at = live.published_at
    rows = [project_row(0, slug="live", title="Changed title", publication_status="draft")]

    confirm(publisher_client, dry_run(publisher_client, csv_file(rows)))

    live.refresh_from_db()
    assert live.title == "Changed title"
    assert (live.publication_status, live.published_at) == ("published", published_at)


def export(client, query, file_format=CSV_FORMAT):
    """Posts the export form as the changelist's Export button opens it, every column ticked."""
    url = reverse("admin:projects_project_export") + query
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if name != "export_items"}
    return client.post(url, {**data, "format": file_format})


def test_export_contains_only_the_filtered_rows(staff_client, db):
    make_project(slug="done", status=Project.Status.COMPLETED)
    make_project(slug="going", status=Project.Status.UNDER_WAY)

    response = export(staff_client, "?status__exact=completed")

    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["slug"] for row in rows] == ["done"]
    assert rows[0]["publication_status"] == "published"


def test_export_to_xlsx_contains_only_the_filtered_rows(staff_client, db):
    make_project(slug="done", status=Project.Status.COMPLETED)
    make_project(slug="going", status=Project.Status.UNDER_WAY)

    response = export(staff_client, "?status__exact=completed", XLSX_FORMAT)

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.values)
    slug_column = header.index("slug")
    assert [row[slug_column] for row in rows] == ["done"]


def test_the_import_and_export_pages_have_nothing_inline_for_the_policy_to_block(
    staff_client, source
):
    make_project(slug="done")
    pages = [
        staff_client.get(IMPORT_URL),
        dry_run(staff_client, csv_file([project_row(0)])),
        staff_client.get(reverse("admin:projects_project_export")),
        staff_client.get(reverse("admin:projects_project_changelist")),
    ]
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        assert "<style" not in html
        assert not INLINE_SCRIPT.search(html)
        assert not INLINE_STYLE_ATTRIBUTE.search(html)
        assert not EVENT_HANDLER.search(html)


def test_the_documented_template_has_every_importable_column():
    with open("content/import_template_projects.csv", encoding="utf-8") as template:
        header = next(csv.reader(template))

    importable = [field.column_name for field in ProjectResource().get_import_fields()]
    assert header == [column for column in importable if column not in PUBLICATION_COLUMNS]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("start_date", "31/02/2019", "“31/02/2019” is not a date: write it as YYYY-MM-DD."),
        ("funding_amount", "lots", "“lots” is not a number"),
        ("featured", "perhaps", "“perhaps” is not yes or no"),
        ("status", "maybe", "Value 'maybe' is not a valid choice."),
    ],
)
def test_a_bad_value_is_named_on_its_field(source, column, value, message):
    rows = [project_row(0, funding_currency="USD", **{column: value})]

    result = ProjectResource().import_data(as_dataset(rows), dry_run=True)

    errors = result.invalid_rows[0].error_dict
    assert message in errors[column][0]


def test_an_import_keeps_a_version_of_each_item_with_who_imported_it(staff_client, source):
    confirm(staff_client, dry_run(staff_client, csv_file([project_row(0)])))

    project = Project.objects.get(slug="imported-0")
    [version] = Version.objects.get_for_object(project)
    assert version.revision.comment == IMPORT_COMMENT
    assert version.revision.user.username == "editor"


def test_a_refused_file_leaves_no_version_behind(source):
    rows = [project_row(0), project_row(1, start_date="not a date")]

    ProjectResource().import_data(as_dataset(rows), dry_run=False)

    assert not Version.objects.exists()


def test_the_export_button_carries_the_changelist_filter(staff_client, db):
    query = "?status__exact=completed"

    html = staff_client.get(reverse("admin:projects_project_changelist") + query).text

    assert f'href="{reverse("admin:projects_project_export")}{query}"' in html
