"""Revisions of content, kept by django-reversion: how versions compare with
the current item, and restoring or recovering a version.

The models are registered by their admins (`EditorialAdmin` is reversion's
`VersionAdmin`): a project with its results, since they are edited inline. The
collections of rows an item's versions keep with it (a project's results, a gallery)
are registered by the content apps with `register_part()`.

Restoring and recovering never change whether an item is public: a restore
keeps the item's current publication, and a recovered item comes back a draft.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.formats import date_format
from reversion.models import Version

from core.publishing import PublicationStatus, PublishableModel, check_publishable

# Never compared: they change on every save, or they are the item's identity.
NOT_COMPARED = {"id", "created_at", "updated_at"}
PUBLICATION_FIELDS = ["publication_status", "published_at"]


@dataclass(frozen=True)
class Part:
    """Rows that an item's versions keep with it, compared and restored as one value."""

    name: str
    # The item's rows as stored now, as sorted lines of text.
    current: Callable
    # The rows a version kept for its item, as the same lines.
    kept: Callable
    # Gives the item the rows a version kept: replace(version, obj, *, keep_ids).
    replace: Callable


_parts = {}


def register_part(model, name, *, current, kept, replace):
    """Have `model`'s versions compare and restore a collection of its rows, e.g. a
    project's results; called by the content apps from their `AppConfig.ready()`."""
    parts = [part for part in parts_of(model) if part.name != name]
    _parts[model._meta.label_lower] = [*parts, Part(name, current, kept, replace)]


def parts_of(model):
    """The parts registered for `model`, in the order they were registered."""
    return _parts.get(model._meta.label_lower, [])


def compared_fields(model):
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
    return [field for field in fields if field.name not in NOT_COMPARED]


def current_values(obj):
    """The item's stored values, keyed and shaped like a version's `field_dict`."""
    values = {}
    for field in compared_fields(type(obj)):
        if field.many_to_many:
            values[field.attname] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
        else:
            values[field.attname] = getattr(obj, field.attname)
    values.update(current_parts(obj))
    return values


def version_values(version):
    values = dict(version.field_dict)
    for field in compared_fields(version.content_type.model_class()):
        if field.many_to_many:
            values[field.attname] = sorted(values.get(field.attname) or [])
    values.update(version_parts(version))
    return values


def current_parts(obj):
    return {part.name: part.current(obj) for part in parts_of(type(obj))}


def version_parts(version):
    return {part.name: part.kept(version) for part in parts_of(version.content_type.model_class())}


def display(field, value):
    if value in (None, "", []):
        return "(empty)"
    if field is None:
        return "\n".join(value)
    if field.many_to_many:
        related = field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(sorted(str(item) for item in related)) or "(deleted items)"
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else f"(deleted, id {value})"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    return str(value)


def comparable(value):
    # Versions are stored as JSON, which keeps times to the millisecond only.
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def compare(model, old, new):
    """Rows of (label, old, new, changed) for every compared field, in the model's order.

    `old` or `new` is None when there is nothing to compare with, e.g. a deleted item.
    """
    rows = []
    labelled = [(field.attname, field, str(field.verbose_name)) for field in compared_fields(model)]
    labelled += [(part.name, None, part.name) for part in parts_of(model)]
    for key, field, label in labelled:
        old_value = old.get(key) if old is not None else None
        new_value = new.get(key) if new is not None else None
        rows.append(
            {
                "label": label[:1].upper() + label[1:],
                "old": display(field, old_value) if old is not None else "",
                "new": display(field, new_value) if new is not None else "",
                "changed": (
                    old is not None
                    and new is not None
                    and comparable(old_value) != comparable(new_value)
                ),
            }
        )
    return rows


def changes_since(version, obj):
    """The rows that differ between `version` and the item as stored now."""
    rows = compare(type(obj), version_values(version), current_values(obj))
    return [row for row in rows if row["changed"]]


def same_values(version, other):
    """Whether two versions of one item hold the same compared values and parts."""
    rows = compare(
        version.content_type.model_class(), version_values(version), version_values(other)
    )
    return not any(row["changed"] for row in rows)


def restore(version, *, user, comment=None):
    """Bring back the version's values and parts as a new version; the publication stays."""
    model = version.content_type.model_class()
    with transaction.atomic(), reversion.create_revision():
        current = model._default_manager.select_for_update().get(pk=version.object_id)
        apply_version(version, current)
        reversion.set_user(user)
        reversion.set_comment(comment or f"Restored the version of {when(version)}.")
    return current


def refers_to_existing_row(field, pk):
    return pk is None or field.related_model._default_manager.filter(pk=pk).exists()


def apply_version(version, obj, *, keep_part_ids=False):
    """Give `obj` the version's values, relations and parts, keeping its publication.

    Written out field by field rather than by reverting the stored rows, so that the
    item's own saving rules apply (e.g. remembering an old slug) and a project's results
    are created afresh instead of reusing ids that may since belong to other rows.
    `keep_part_ids` keeps a result's stored id (where no other row has it) and last-saved
    time: an edit form opened on a pending change and the save of that form must see the
    same result rows.
    """
    values = version.field_dict
    keep = PUBLICATION_FIELDS if isinstance(obj, PublishableModel) else []
    m2m = {}
    for field in compared_fields(type(obj)):
        if field.attname not in values or field.name in keep:
            continue
        if field.many_to_many:
            m2m[field] = values[field.attname]
            continue
        if field.many_to_one and not refers_to_existing_row(field, values[field.attname]):
            raise ValidationError(
                f"The {field.verbose_name} of that version has been deleted since: "
                "choose another one in the form instead."
            )
        setattr(obj, field.attname, values[field.attname])
    obj.save()
    for field, pks in m2m.items():
        getattr(obj, field.name).set(field.related_model._default_manager.filter(pk__in=pks))
    for part in parts_of(type(obj)):
        part.replace(version, obj, keep_ids=keep_part_ids)
    if isinstance(obj, PublishableModel) and obj.publication_status == PublicationStatus.PUBLISHED:
        check_publishable(obj)


def recover(version, *, user):
    """Bring a deleted item back from its last version; a publishable item returns a draft."""
    model = version.content_type.model_class()
    with transaction.atomic(), reversion.create_revision():
        version.revision.revert(delete=False)
        recovered = model._default_manager.get(pk=version.object_id)
        if isinstance(recovered, PublishableModel):
            recovered.publication_status = PublicationStatus.DRAFT
        recovered.save()
        reversion.set_user(user)
        reversion.set_comment(f"Recovered after deletion from the version of {when(version)}.")
    return recovered


def keep_before_deleting(objs, *, user):
    """Save a version of each item about to be deleted, so that every deletion can be undone."""
    with reversion.create_revision():
        for obj in objs:
            reversion.add_to_revision(obj)
        reversion.set_user(user)
        reversion.set_comment("Kept before deletion.")


def stored_rows(obj):
    """The item as stored now, with what its versions follow (a project's results), as the
    rows a version keeps (see `review.snapshot()`), without saving a revision."""
    rows = []
    for item, options in followed_with_options(obj):
        rows.append(
            {
                "content_type_id": ContentType.objects.get_for_model(type(item)).pk,
                "object_id": force_str(getattr(item, options.object_id_field)),
                "db": item._state.db,
                "format": options.format,
                "serialized_data": serializers.serialize(
                    options.format,
                    (item,),
                    fields=options.fields,
                    use_natural_foreign_keys=options.use_natural_foreign_keys,
                ),
                "object_repr": force_str(item),
            }
        )
    return rows


def followed_with_options(obj):
    """`obj` and every item its versions follow, each with its model's registration options
    (fields, format, id field), as django-reversion itself reads them when it saves a version.

    django-reversion has no public call for either, and a nested revision block would merge
    its rows into an enclosing one (an import's), so these two private functions are used
    here and nowhere else. Checked against django-reversion 6.4.0: look again on upgrading.
    """
    from reversion.revisions import _follow_relations_recursive, _get_options

    return [(item, _get_options(type(item))) for item in _follow_relations_recursive(obj)]


def latest_version(obj):
    return (
        Version.objects.get_for_object(obj)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
        .first()
    )


def when(version):
    return date_format(timezone.localtime(version.revision.date_created), "j F Y, H:i")
