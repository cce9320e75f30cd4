"""Load the sourced starter content in content/lmc_content.yaml into the database.

The data file is where the content starts, not its master copy: editors change it on
the site. Every item the loader writes is fingerprinted (its data-file entry's hash and
the row's updated_at), so that a rerun creates what is missing and updates what the data
file changed, but leaves alone whatever an editor has changed, deleted or made since.
"""

import datetime
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import reversion
import yaml
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction

from core.dates import DatePrecision
from core.publishing import publish
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
from timeline.models import Event, PlanPeriod

DATA_FILE = settings.BASE_DIR / "content" / "lmc_content.yaml"

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
LOAD_COMMENT = "Loaded from the starter content file."


def read_data_file(path=DATA_FILE):
    try:
        with open(path, encoding="utf-8") as file:
            data = yaml.safe_load(file)
    except (OSError, yaml.YAMLError) as error:
        raise ContentError(f"Cannot read {path}: {error}") from error
    check_data(data)
    return data


def entries(data, kind):
    """(how other items refer to it, entry) for each item of the section, in loading order.

    Sources are referred to by their id in the data file; other items by their key.
    """
    if kind.section == "sources":
        return list(data["sources"].items())
    pairs = [(kind.key(entry), entry) for entry in data[kind.section]]
    if kind.model is CooperationArea:
        # Pillars first, so that the areas under them can refer to them.
        pairs.sort(key=lambda pair: pair[1].get("kind") != CooperationArea.Kind.PILLAR)
    return pairs


def check_data(data):
    """Check the file's shape and references before anything is written."""
    if not isinstance(data, dict):
        raise ContentError("The data file must be a mapping of sections.")
    sections = [kind.section for kind in KINDS]
    if unknown := set(data) - set(sections):
        raise ContentError(f"Unknown sections: {', '.join(sorted(map(str, unknown)))}.")
    if missing := set(sections) - set(data):
        raise ContentError(f"Missing sections: {', '.join(sorted(missing))}.")
    for kind in KINDS:
        expected = dict if kind.section == "sources" else list
        if not isinstance(data[kind.section], expected):
            raise ContentError(f"{kind.section}: give a {expected.__name__} of items.")
        items = data[kind.section].values() if expected is dict else data[kind.section]
        if not all(isinstance(entry, dict) for entry in items):
            raise ContentError(f"{kind.section}: give each item as a mapping of fields.")
    refs = {kind.section: {ref for ref, _ in entries(data, kind)} for kind in KINDS}
    for kind in KINDS:
        natural_keys = set()
        for ref, entry in entries(data, kind):
            label = f"{kind.section}/{ref}"
            key = kind.key(entry)
            if not key:
                raise ContentError(f"{label}: give its {kind.key_field}.")
            if key in natural_keys:
                raise ContentError(f"{label}: its {kind.key_field} {key!r} appears twice.")
            natural_keys.add(key)
            check_entry(kind, label, entry, refs)


def check_entry(kind, label, entry, keys):
    if unknown := set(entry) - kind.allowed:
        raise ContentError(f"{label}: unknown fields {', '.join(sorted(map(str, unknown)))}.")
    references = [
        (name, section, entry[name]) for name, section in kind.foreign_keys.items() if name in entry
    ]
    for name, section in kind.links.items():
        values = entry.get(name, [])
        if not isinstance(values, list):
            raise ContentError(f"{label}: {name} must be a list.")
        references += [(name, section, value) for value in values]
    results = entry.get("results", [])
    for number, result in enumerate(results, start=1):
        if not isinstance(result, dict) or set(result) - RESULT_FIELDS:
            raise ContentError(f"{label}, result {number}: use only {sorted(RESULT_FIELDS)}.")
        if "source" not in result:
            raise ContentError(f"{label}, result {number}: every result needs a source.")
        if result["source"] not in entry.get("sources", []):
            raise ContentError(
                f"{label}, result {number}: list its source {result['source']!r} in the "
                "item's sources too."
            )
        references.append(("results", "sources", result["source"]))
        if "country" in result and result["country"] not in entry.get("countries", []):
            raise ContentError(
                f"{label}, result {number}: its country {result['country']!r} is not one of "
                "the item's countries."
            )
    for name, section, value in references:
        if value not in keys[section]:
            raise ContentError(f"{label}: {name} names {value!r}, which is not in {section}.")
    if kind.publishable and not entry.get("sources"):
        raise ContentError(f"{label}: cite at least one source.")


def digest(entry, source_urls):
    """The entry's hash, with source ids replaced by addresses, so a new address counts."""

    def resolve(value, name=""):
        if isinstance(value, dict):
            return {key: resolve(item, key) for key, item in value.items()}
        if isinstance(value, list):
            return [resolve(item, name) for item in value]
        if name in {"source", "sources"}:
            return source_urls[value]
        return value

    text = json.dumps(resolve(entry), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


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


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    kept: list = field(default_factory=list)

    def summary(self):
        kept = f" ({', '.join(self.kept)})" if self.kept else ""
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} dropped sources removed, "
            f"{len(self.kept)} kept editor's changes{kept}."
        )


class Loader:
    def __init__(self, data):
        self.data = data
        self.rows = Rows()
        self.report = Report()
        self.source_urls = {key: entry.get("url", "") for key, entry in data["sources"].items()}

    def load(self):
        for kind in KINDS:
            content_type = ContentType.objects.get_for_model(kind.model)
            fingerprints = {
                fingerprint.natural_key: fingerprint
                for fingerprint in ContentFingerprint.objects.filter(content_type=content_type)
            }
            for ref, entry in entries(self.data, kind):
                key = kind.key(entry)
                label = f"{kind.section}/{ref}"
                row = self.sync(kind, key, label, entry, fingerprints.get(key), content_type)
                self.rows.add(kind.section, ref, row)
        self.remove_dropped_sources()
        return self.report

    def remove_dropped_sources(self):
        """Delete the sources the file no longer has (a mirror replaced by its original, say)
        when nothing cites them any more and no editor has changed them since."""
        content_type = ContentType.objects.get_for_model(Source)
        dropped = ContentFingerprint.objects.filter(content_type=content_type).exclude(
            natural_key__in=set(self.source_urls.values())
        )
        for fingerprint in dropped:
            uncited = Source.objects.filter(
                pk=fingerprint.object_id,
                updated_at=fingerprint.loaded_updated_at,
                projects=None,
                events=None,
                keyfigures=None,
                countries=None,
                areas=None,
                plan_periods=None,
                results=None,
            )
            if uncited.exists():
                uncited.delete()
                fingerprint.delete()
                self.report.removed += 1

    def sync(self, kind, key, label, entry, fingerprint, content_type):
        """Create, update or keep the item, and return its row (None if an editor deleted it)."""
        entry_digest = digest(entry, self.source_urls)
        if fingerprint is None:
            row = kind.find_editors_row(key, entry)
            if row is not None:
                self.report.kept.append(f"{label}: made by an editor")
                return row
            row = self.create(kind, entry, label)
            ContentFingerprint.objects.create(
                content_type=content_type,
                natural_key=key,
                object_id=row.pk,
                digest=entry_digest,
                loaded_updated_at=row.updated_at,
            )
            self.report.created += 1
            return row
        row = kind.model.objects.filter(pk=fingerprint.object_id).first()
        if row is None:
            self.report.kept.append(f"{label}: deleted by an editor")
            return None
        if fingerprint.digest == entry_digest:
            self.report.unchanged += 1
            return row
        if self.changed_by_editor(kind, row, fingerprint.loaded_updated_at):
            self.report.kept.append(f"{label}: changed by an editor")
            return row
        self.update(kind, row, entry, label)
        fingerprint.digest = entry_digest
        fingerprint.loaded_updated_at = row.updated_at
        fingerprint.save(update_fields=["digest", "loaded_updated_at"])
        self.report.updated += 1
        return row

    def changed_by_editor(self, kind, row, loaded_at):
        if row.updated_at != loaded_at:
            return True
        return bool(kind.children_changed and kind.children_changed(row, loaded_at))

    def build(self, kind, entry, label):
        try:
            return kind.fields(entry, self.rows)
        except ValueError as error:
            raise ContentError(f"{label}: {error}") from error

    def relate(self, kind, row, entry, label):
        for name, section in kind.links.items():
            getattr(row, name).set(self.rows.many(section, entry.get(name, [])))
        if kind.children:
            kind.children(row, entry, self.rows, label)

    def create(self, kind, entry, label):
        row = kind.model(**self.build(kind, entry, label))
        validate(row, label)
        row.save()
        self.relate(kind, row, entry, label)
        if kind.publishable:
            try:
                publish(row)
            except ValidationError as error:
                raise ContentError(f"{label}: {describe(error)}") from error
        return row

    def update(self, kind, row, entry, label):
        for name, value in self.build(kind, entry, label).items():
            setattr(row, name, value)
        validate(row, label)
        self.relate(kind, row, entry, label)
        # Saved after its results, so that a result newer than the row is an editor's.
        row.save()


@transaction.atomic
def load_content(data):
    """Load checked data (see read_data_file) in one transaction; return a Report.

    What it creates or updates is kept as one revision, so an item's history shows the
    content file's versions beside the editors' ones.
    """
    with reversion.create_revision(atomic=False):
        reversion.set_comment(LOAD_COMMENT)
        return Loader(data).load()
