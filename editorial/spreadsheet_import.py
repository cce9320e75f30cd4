"""Spreadsheet import of publishable content (django-import-export): the rules every
content resource shares.

An import matches rows to items by slug, validates every row as the admin form would
(`clean_model_instances`) and saves all rows or none. It never publishes or unpublishes:
the publication columns are exported for reference and ignored on import, so new items
arrive as drafts and existing ones keep their state. An Editor's row that changes a
published or scheduled item does not change the live page: like a change made in its form,
it becomes (or extends) the item's pending change, applied when a Publisher approves it.
"""

import datetime
from decimal import InvalidOperation

import reversion
from diff_match_patch import diff_match_patch
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.encoding import force_str
from django.utils.html import format_html_join
from import_export import fields, resources, widgets
from import_export.results import RowResult

from core.dates import normalise_to_precision
from core.permissions import can_publish
from core.publishing import PublicationStatus
from editorial import review, revisions

MAX_ROWS = 5000
SEPARATOR = "|"
PUBLICATION_COLUMNS = ["publication_status", "published_at"]
TOO_MANY_ROWS_MESSAGE = (
    "This file has {count} rows; at most {limit} can be imported at once. "
    "Split it into smaller files. Nothing was imported."
)
IMPORT_COMMENT = "Imported from a spreadsheet."
HELD_ROW_NOTE = "Waits for a publisher's approval: the live page stays as it is until then."
WITHDRAWN_ROW_NOTE = "The same as the live page: its pending change is withdrawn."
HELD_ROWS_MESSAGE = (
    "{count} of the rows change published or scheduled {names}: they wait for a "
    "publisher's approval, and the live pages stay as they are until then."
)


def find_by_any(model, lookups, value):
    """The one item whose `lookups` field (tried in order) equals `value`, ignoring case."""
    for lookup in lookups:
        found = model.objects.filter(Q(**{f"{lookup}__iexact": value}))[:2]
        if len(found) == 1:
            return found[0]
    return None


class DateWidget(widgets.DateWidget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            # An XLSX date cell reads as a datetime at midnight.
            return value.date()
        try:
            return super().clean(value, row=row, **kwargs)
        except ValueError:
            raise ValueError(f"“{value}” is not a date: write it as YYYY-MM-DD.") from None


class DecimalWidget(widgets.DecimalWidget):
    def render(self, value, obj=None, **kwargs):
        # A number, not its text, so that a negative one is not taken for a formula in CSV
        # (core/spreadsheets.py leaves only real numbers unmarked).
        return "" if value is None else value

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except (InvalidOperation, ValueError):
            raise ValueError(f"“{value}” is not a number: write it like 1250000.50.") from None


class BooleanWidget(widgets.BooleanWidget):
    """Yes or no, refusing anything else rather than reading it as no."""

    WORDS = {
        "": False,
        "0": False,
        "false": False,
        "no": False,
        "1": True,
        "true": True,
        "yes": True,
    }

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        word = str("" if value is None else value).strip().lower()
        if word not in self.WORDS:
            raise ValueError(f"“{value}” is not yes or no: write TRUE or FALSE.")
        return self.WORDS[word]


class LookupWidget(widgets.ForeignKeyWidget):
    """A related item named in a cell by any of several fields, e.g. slug or name."""

    def __init__(self, model, lookups, **kwargs):
        self.lookups = lookups
        super().__init__(model, field=lookups[0], **kwargs)

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if not value:
            return None
        item = find_by_any(self.model, self.lookups, value)
        if item is None:
            raise ValueError(unknown_message(self.model, [value], self.lookups))
        return item


class LookupManyWidget(widgets.ManyToManyWidget):
    """Related items named in one cell, separated by '|', each by any of several fields."""

    def __init__(self, model, lookups, **kwargs):
        self.lookups = lookups
        super().__init__(model, separator=SEPARATOR, field=lookups[0], **kwargs)

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in str(value or "").split(SEPARATOR) if name.strip()]
        items, unknown = [], []
        for name in names:
            item = find_by_any(self.model, self.lookups, name)
            if item is None:
                unknown.append(name)
            elif item not in items:
                items.append(item)
        if unknown:
            raise ValueError(unknown_message(self.model, unknown, self.lookups))
        return items


def unknown_message(model, values, lookups):
    quoted = ", ".join(f"“{value}”" for value in values)
    by = " or ".join(model._meta.get_field(lookup).verbose_name for lookup in lookups)
    return f"Unknown {model._meta.verbose_name}: {quoted}. Give its {by}, as stored on the site."


def lookup_field(name, model, lookups, many=False):
    widget_class = LookupManyWidget if many else LookupWidget
    return fields.Field(attribute=name, column_name=name, widget=widget_class(model, lookups))


def publication_field(name):
    """A publication column: exported so a sheet shows what is live, never imported."""
    return fields.Field(attribute=name, column_name=name, readonly=True)


class StyleFreeDiff(resources.Diff):
    """The dry run's per-field changes as plain <ins> and <del>: the library's own version
    writes inline styles, which the Content-Security-Policy blocks."""

    TAGS = {-1: "del", 0: "span", 1: "ins"}

    def as_html(self):
        matcher = diff_match_patch()
        cells = []
        for before, after in zip(self.left, self.right, strict=False):
            if before != after and self.new:
                before = ""
            diff = matcher.diff_main(force_str(before), force_str(after))
            matcher.diff_cleanupSemantic(diff)
            parts = ((self.TAGS[op], text) for op, text in diff)
            cells.append(format_html_join("", "<{0}>{1}</{0}>", parts))
        return cells


class DraftImportResource(resources.ModelResource):
    """Checks the file's size and columns, names unknown related items per field, and keeps
    the publication state out of the import's reach."""

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "DateField": DateWidget,
        "DecimalField": DecimalWidget,
        "BooleanField": BooleanWidget,
    }
    # Columns that must be present in every file, besides the slug that matches rows.
    required_columns = []
    # Dates stored at the precision given in another column, as the model's save() does.
    precision_dates = {}

    def get_diff_class(self):
        return StyleFreeDiff

    def import_data(self, dataset, *args, **kwargs):
        # With any invalid row, nothing is saved: the whole file is one transaction.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, *args, **kwargs)

    def import_data_inner(self, dataset, dry_run, *args, **kwargs):
        self.held_rows = 0
        if dry_run:
            return super().import_data_inner(dataset, dry_run, *args, **kwargs)
        # Inside the import's transaction, so a file that fails leaves no version behind.
        with reversion.create_revision(atomic=False):
            if kwargs.get("user") is not None:
                reversion.set_user(kwargs["user"])
            reversion.set_comment(IMPORT_COMMENT)
            return super().import_data_inner(dataset, dry_run, *args, **kwargs)

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        # An Editor's rows for published items become pending changes (see import_row).
        self.holds_live_changes = self.user is not None and not can_publish(self.user)
        if len(dataset) > MAX_ROWS:
            count = len(dataset)
            # Emptied so that no row is read: the file is refused as a whole.
            del dataset[0:count]
            raise ValueError(TOO_MANY_ROWS_MESSAGE.format(count=count, limit=MAX_ROWS))
        self.check_columns(dataset.headers or [])

    def check_columns(self, headers):
        known = [field.column_name for field in self.get_import_fields()]
        unknown = [header for header in headers if header not in known]
        missing = [column for column in self.required_columns if column not in headers]
        problems = []
        if unknown:
            problems.append("Unknown columns: " + ", ".join(f"“{h}”" for h in unknown) + ".")
        if missing:
            problems.append("Missing columns: " + ", ".join(f"“{c}”" for c in missing) + ".")
        if problems:
            problems.append("The columns are: " + ", ".join(known) + ".")
            raise ValueError(" ".join(problems))

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Many-to-many values are saved after validation; they are checked here so that an
        # unknown country is reported on its field in the dry run.
        for field in self.get_import_fields():
            if not isinstance(field.widget, widgets.ManyToManyWidget):
                continue
            if field.column_name not in row:
                continue
            try:
                values = field.clean(row)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
                continue
            if not values and not self._meta.model._meta.get_field(field.attribute).blank:
                name = self._meta.model._meta.get_field(field.attribute).verbose_name
                errors[field.attribute] = ValidationError(f"Give at least one of the {name}.")
        for date_field, precision_field in self.precision_dates.items():
            value = normalise_to_precision(
                getattr(instance, date_field), getattr(instance, precision_field)
            )
            setattr(instance, date_field, value)
        if errors:
            raise ValidationError(errors)

    def import_row(self, row, instance_loader, **kwargs):
        live_item = None
        if getattr(self, "holds_live_changes", False):
            live_item = self.live_item_of(row, instance_loader)
        if live_item is None:
            return super().import_row(row, instance_loader, **kwargs)
        return self.import_row_as_pending_change(live_item, row, instance_loader, **kwargs)

    def live_item_of(self, row, instance_loader):
        """The published or scheduled item the row matches, if any."""
        try:
            item = instance_loader.get_instance(row)
        except (ValueError, ValidationError, KeyError):
            return None  # The row's own import reports what is wrong with it.
        if item is None or item.publication_status == PublicationStatus.DRAFT:
            return None
        return item

    def import_row_as_pending_change(self, live_item, row, instance_loader, **kwargs):
        """An Editor's row for a published item, held as its pending change, as the change
        form holds one: the row is saved on top of the pending change, copied out, and
        rolled back, so the live item stays as it is."""
        pending = review.pending_change(live_item)
        rows = None
        with transaction.atomic():
            # Outside the import's revision: the history must not say the live item changed.
            with reversion.create_revision(manage_manually=True, atomic=False):
                if pending is not None:
                    apply_if_possible(live_item, pending)
                row_result = super().import_row(row, instance_loader, **kwargs)
                if row_result.import_type == RowResult.IMPORT_TYPE_UPDATE:
                    saved = type(live_item)._default_manager.get(pk=live_item.pk)
                    rows = revisions.stored_rows(saved)
            transaction.set_rollback(True)
        if rows is None:
            return row_result
        if review.propose_change(live_item, rows, user=self.user) is None:
            row_result.pending_change_note = WITHDRAWN_ROW_NOTE
        else:
            row_result.pending_change_note = HELD_ROW_NOTE
            self.held_rows += 1
        return row_result

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        request = kwargs.get("request")
        if self.held_rows and not kwargs.get("dry_run") and request is not None:
            names = self._meta.model._meta.verbose_name_plural
            messages.info(request, HELD_ROWS_MESSAGE.format(count=self.held_rows, names=names))


def apply_if_possible(live_item, pending):
    """Start from the pending change; from the live item if it can no longer be applied
    (e.g. a result's source was deleted since), which the row then replaces."""
    try:
        with transaction.atomic():
            review.apply_pending_change(live_item, pending)
    except (ValidationError, IntegrityError):
        pass
