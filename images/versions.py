"""An item's gallery as its versions keep it (editorial/revisions.py): compared as one line
per picture, in gallery order, and put back as rows when a version is restored or a
proposed change approved. A content app registers these for each model with a gallery
(its rows' `related_name` is "gallery")."""

from django.core.exceptions import ValidationError

from images.models import Image

LABEL = "gallery"


def current_gallery(obj):
    return gallery_lines(obj.gallery.all())


def version_gallery(version):
    return gallery_lines(kept_rows(version, version.content_type.model_class()))


def kept_rows(version, model):
    """The gallery rows `version`'s revision kept for its item, as unsaved instances."""
    relation = model._meta.get_field(LABEL)
    link = relation.field.attname
    rows = []
    for part in version.revision.version_set.get_for_model(relation.related_model):
        fields = part.field_dict
        if str(fields.get(link)) == version.object_id:
            rows.append(relation.related_model(**fields))
    return rows


def gallery_lines(items):
    """One line per picture, in gallery order: "1. A train at Vientiane (image 12)"."""
    ordered = sorted(items, key=lambda item: (item.position, item.pk or 0))
    names = dict(
        Image.objects.filter(pk__in=[item.image_id for item in ordered]).values_list(
            "pk", "alt_text"
        )
    )
    return [
        f"{item.position}. {names.get(item.image_id, '(deleted picture)')} (image {item.image_id})"
        for item in ordered
    ]


def replace_gallery(version, obj, *, keep_ids=False):
    """Give `obj` the gallery that `version` kept; refused if one of its pictures is gone.

    `keep_ids` keeps a row's stored id where no other row has it, as for results.
    """
    relation = type(obj)._meta.get_field(LABEL)
    rows = kept_rows(version, type(obj))
    wanted = {row.image_id for row in rows}
    if wanted - set(Image.objects.filter(pk__in=wanted).values_list("pk", flat=True)):
        raise ValidationError("A picture of that version's gallery has been deleted since.")
    obj.gallery.all().delete()
    for row in rows:
        if not keep_ids or relation.related_model.objects.filter(pk=row.pk).exists():
            row.pk = None
        setattr(row, relation.field.attname, obj.pk)
        row.save(force_insert=True)
