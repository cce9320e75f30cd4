"""An event title a spreadsheet program would run as a formula is neutralised in the admin's
CSV and XLSX exports, and an export imports back unchanged."""

import pytest
from openpyxl.utils.escape import unescape

from projects.models import Country
from tests.factories import make_countries, make_event
from tests.projects.test_export_formulas import (
    CSV_FORMAT,
    DANGEROUS_TITLES,
    XLSX_FORMAT,
    csv_rows,
    export,
    reimport,
    titles_by_slug,
    xlsx_cells,
)
from timeline.models import Event

ADMIN_NAME = "timeline_event"

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    make_countries()
    china = Country.objects.filter(slug="china")
    made = [
        make_event("draft", countries=china, slug=f"dangerous-{i}", title=title)
        for i, title in enumerate(DANGEROUS_TITLES)
    ]
    made.append(make_event("draft", countries=china, slug="plain", title="Summit", place=""))
    return made


def test_csv_export_puts_an_apostrophe_before_each_formula_title(staff_client, events):
    rows = csv_rows(export(staff_client, ADMIN_NAME, CSV_FORMAT))

    titles = {row["slug"]: row["title"] for row in rows}
    for i, title in enumerate(DANGEROUS_TITLES):
        assert titles[f"dangerous-{i}"] == "'" + title
    [plain] = [row for row in rows if row["slug"] == "plain"]
    assert (plain["title"], plain["place"]) == ("Summit", "")


def test_xlsx_export_writes_each_formula_title_as_a_string_cell(staff_client, events):
    rows = xlsx_cells(export(staff_client, ADMIN_NAME, XLSX_FORMAT))

    titles = {row["slug"].value: row["title"] for row in rows}
    for i, title in enumerate(DANGEROUS_TITLES):
        cell = titles[f"dangerous-{i}"]
        # A carriage return is stored as _x000D_, as the format writes it.
        assert (cell.data_type, unescape(cell.value)) == ("s", title)
    [plain] = [row for row in rows if row["slug"].value == "plain"]
    assert plain["place"].value is None


@pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT])
def test_an_export_imports_back_unchanged(staff_client, events, file_format):
    before = titles_by_slug(Event)
    exported = export(staff_client, ADMIN_NAME, file_format)

    result = reimport(staff_client, ADMIN_NAME, exported, file_format)

    assert result.totals["skip"] == len(before)
    assert titles_by_slug(Event) == before
