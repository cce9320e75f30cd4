"""How each section of content/lmc_content.yaml maps onto a model: the sections (`KINDS`),
the fields an entry may have, and how an entry's values become a row's field values."""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from core.dates import DatePrecision
from projects.models import (
    CooperationArea,
    Country,
    FundingSource,
    KeyFigure,
    Project,
    ProjectResult,
    Source,
)
from timeline.models import Event, PlanPeriod

MULTIPLIERS = {"": 1, "million": 10**6, "billion": 10**9}
AMOUNT = re.compile(r"(\d+(?:\.\d+)?)(?: (million|billion))?")


class ContentError(Exception):
    """The data file is wrong. The message names the item."""


def partial_date(value, default_precision=DatePrecision.DAY):
    """(date, precision) from 2016-03-23, "2015-08" or 2012, as written in the data file."""
    if value is None:
        return None, default_precision
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    if match := re.fullmatch(r"(\d{4})(?:-(\d{2}))?", str(value)):
        year, month = match.groups()
        if month is None:
            return datetime.date(int(year), 1, 1), DatePrecision.YEAR
        if 1 <= int(month) <= 12:
            return datetime.date(int(year), int(month), 1), DatePrecision.MONTH
    raise ValueError(f"{value!r} is not a date: write 2016-03-23, 2015-08 or 2012.")


def amount(value):
    """A Decimal from "300 million", the way sources write amounts."""
    if value is None:
        return None
    match = AMOUNT.fullmatch(str(value))
    if match is None:
        raise ValueError(f"{value!r} is not an amount: write e.g. 7.3 million.")
    number, multiplier = match.groups()
    return Decimal(number) * MULTIPLIERS[multiplier or ""]


def describe(error):
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def validate(row, label):
    try:
        row.full_clean()
    except ValidationError as error:
        raise ContentError(f"{label}: {describe(error)}") from error


class Rows:
    """The row each data-file item ended up as, by section and key (None if deleted)."""

    def __init__(self):
        self.by_section = {}

    def add(self, section, key, row):
        self.by_section.setdefault(section, {})[key] = row

    def one(self, section, key):
        return self.by_section.get(section, {}).get(key) if key else None

    def many(self, section, keys):
        rows = (self.one(section, key) for key in keys)
        return [row for row in rows if row is not None]


def source_fields(entry, rows):
    date, precision = partial_date(entry.get("date"))
    return {
        "title": entry.get("title", ""),
        "publisher": entry.get("publisher", ""),
        "date": date,
        "date_precision": precision,
        "url": entry.get("url", ""),
        "is_copy": entry.get("is_copy", False),
        "quote": entry.get("quote", ""),
    }


def country_fields(entry, rows):
    return {
        "name": entry.get("name", ""),
        "official_name": entry.get("official_name", ""),
        "iso_code": entry.get("iso_code", ""),
        "slug": entry.get("slug", ""),
        "profile": entry.get("profile", ""),
    }


def area_fields(entry, rows):
    return {
        "name": entry.get("name", ""),
        "slug": entry.get("slug", ""),
        "kind": entry.get("kind", ""),
        "pillar": rows.one("areas", entry.get("pillar")),
        "description": entry.get("description", ""),
        "position": entry.get("position", 0),
    }


def funding_source_fields(entry, rows):
    return {
        "name": entry.get("name", ""),
        "slug": entry.get("slug", ""),
        "description": entry.get("description", ""),
    }


def plan_period_fields(entry, rows):
    return {
        "name": entry.get("name", ""),
        "slug": entry.get("slug", ""),
        "start_year": entry.get("start_year"),
        "end_year": entry.get("end_year"),
        "summary": entry.get("summary", ""),
    }


def project_fields(entry, rows):
    start, start_precision = partial_date(entry.get("start"), DatePrecision.YEAR)
    end, end_precision = partial_date(entry.get("end"), DatePrecision.YEAR)
    return {
        "title": entry.get("title", ""),
        "slug": entry.get("slug", ""),
        "summary": entry.get("summary", ""),
        "body": entry.get("body", ""),
        "status": entry.get("status", ""),
        "status_as_of": entry.get("status_as_of"),
        "funding_source": rows.one("funding_sources", entry.get("funding_source")),
        "funding_amount": amount(entry.get("funding_amount")),
        "funding_currency": entry.get("funding_currency", ""),
        "start_date": start,
        "start_precision": start_precision,
        "end_date": end,
        "end_precision": end_precision,
        "place_name": entry.get("place_name", ""),
        "sourcing_note": entry.get("sourcing_note", ""),
        "featured": entry.get("featured", False),
    }


def event_fields(entry, rows):
    date, precision = partial_date(entry.get("date"))
    return {
        "title": entry.get("title", ""),
        "slug": entry.get("slug", ""),
        "date": date,
        "date_precision": precision,
        "end_date": entry.get("end_date"),
        "kind": entry.get("kind", ""),
        "place": entry.get("place", ""),
        "summary": entry.get("summary", ""),
        "body": entry.get("body", ""),
        "sourcing_note": entry.get("sourcing_note", ""),
    }


def key_figure_fields(entry, rows):
    return {
        "value": entry.get("value", ""),
        "label": entry.get("label", ""),
        "context": entry.get("context", ""),
        "area": rows.one("areas", entry.get("area")),
    }


def replace_results(project, entry, rows, label):
    project.results.all().delete()
    for position, result in enumerate(entry.get("results", [])):
        source = rows.one("sources", result.get("source"))
        if source is None:
            continue  # an editor deleted its source, and a figure is never shown unsourced
        row = ProjectResult(
            project=project,
            label=result.get("label", ""),
            value=result.get("value", ""),
            unit=result.get("unit", ""),
            as_of=result.get("as_of", ""),
            source=source,
            country=rows.one("countries", result.get("country")),
            position=position,
        )
        result_label = f"{label}, result {position + 1}"
        validate(row, result_label)
        try:
            row.check_country(project.countries.all())
        except ValidationError as error:
            raise ContentError(f"{result_label}: {describe(error)}") from error
        row.save()


def results_changed_since(project, loaded_at):
    return project.results.filter(updated_at__gt=loaded_at).exists()


@dataclass(frozen=True)
class Kind:
    """How one section of the data file maps onto a model."""

    section: str
    model: type[models.Model]
    fields: Callable  # (entry, rows) -> the row's field values
    allowed: frozenset
    links: dict = field(default_factory=dict)  # many-to-many field -> the section it names
    foreign_keys: dict = field(default_factory=dict)  # entry field -> the section it names
    key_field: str = "slug"
    # (key, entry) -> the lookup that finds a row an editor made for the same item.
    same_item: Callable | None = None
    publishable: bool = False
    children: Callable | None = None  # (row, entry, rows, label): rows belonging to the item
    children_changed: Callable | None = None  # (row, loaded_at): did an editor change them?

    def key(self, entry):
        return str(entry.get(self.key_field, "")) if isinstance(entry, dict) else ""

    def find_editors_row(self, key, entry):
        lookup = self.same_item(key, entry) if self.same_item else {self.key_field: key}
        return self.model.objects.filter(**lookup).first()


SOURCE_LINK = {"sources": "sources"}
KINDS = [
    Kind(
        "sources",
        Source,
        source_fields,
        frozenset({"title", "publisher", "date", "url", "is_copy", "quote"}),
        key_field="url",
    ),
    Kind(
        "countries",
        Country,
        country_fields,
        frozenset({"slug", "name", "official_name", "iso_code", "profile", "sources"}),
        links=SOURCE_LINK,
    ),
    Kind(
        "areas",
        CooperationArea,
        area_fields,
        frozenset({"slug", "name", "kind", "pillar", "position", "description", "sources"}),
        links=SOURCE_LINK,
        foreign_keys={"pillar": "areas"},
    ),
    Kind(
        "funding_sources",
        FundingSource,
        funding_source_fields,
        frozenset({"slug", "name", "description"}),
    ),
    Kind(
        "plan_periods",
        PlanPeriod,
        plan_period_fields,
        frozenset({"slug", "name", "start_year", "end_year", "summary", "sources"}),
        links=SOURCE_LINK,
    ),
    Kind(
        "projects",
        Project,
        project_fields,
        frozenset(
            {
                "slug",
                "title",
                "summary",
                "body",
                "status",
                "status_as_of",
                "countries",
                "areas",
                "funding_source",
                "funding_amount",
                "funding_currency",
                "start",
                "end",
                "place_name",
                "sourcing_note",
                "featured",
                "sources",
                "results",
            }
        ),
        links={"countries": "countries", "areas": "areas", "sources": "sources"},
        foreign_keys={"funding_source": "funding_sources"},
        publishable=True,
        children=replace_results,
        children_changed=results_changed_since,
    ),
    Kind(
        "events",
        Event,
        event_fields,
        frozenset(
            {
                "slug",
                "title",
                "date",
                "end_date",
                "kind",
                "place",
                "countries",
                "summary",
                "body",
                "related_projects",
                "sourcing_note",
                "sources",
            }
        ),
        links={"countries": "countries", "related_projects": "projects", "sources": "sources"},
        publishable=True,
    ),
    Kind(
        "key_figures",
        KeyFigure,
        key_figure_fields,
        frozenset({"key", "value", "label", "context", "area", "sources"}),
        links=SOURCE_LINK,
        foreign_keys={"area": "areas"},
        key_field="key",
        same_item=lambda key, entry: {"value": entry.get("value"), "label": entry.get("label")},
        publishable=True,
    ),
]
RESULT_FIELDS = frozenset({"label", "value", "unit", "as_of", "source", "country"})
