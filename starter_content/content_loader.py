"""Load the sourced starter content in content/lmc_content.yaml into the database.

The data file is where the content starts, not its master copy: editors change it on
the site. Every item the loader writes is fingerprinted (its data-file entry's hash and
the row's updated_at), so that a rerun creates what is missing and updates what the data
file changed, but leaves alone whatever an editor has changed, deleted or made since.
"""

import hashlib
import json
from dataclasses import dataclass, field

import reversion
import yaml
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from core.publishing import publish
from projects.models import (
    ContentFingerprint,
    CooperationArea,
    Source,
)
from starter_content.entries import (
    KINDS,
    RESULT_FIELDS,
    ContentError,
    Rows,
    describe,
    validate,
)

DATA_FILE = settings.BASE_DIR / "content" / "lmc_content.yaml"
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
