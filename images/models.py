"""Pictures that projects and events show, with their text and their smaller renditions.

An upload is checked (images/validation.py) and stored without its EXIF metadata when it is
saved: whatever route saves it, a location never reaches the public. Its renditions are made
once, by images/services.py, so no page request resizes anything. Files go through the default
storage, so they live in MEDIA_ROOT in development and wherever STORAGES["default"] says in
production.
"""

import uuid

from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Prefetch

from core.publishing import PublicationStatus, PublishableModel, TimestampedModel
from images import files
from images.processing import without_metadata
from images.validation import ALLOWED_NAMES, MAX_PIXELS, inspect_image_file, validate_image_file

LEAD_WIDTH = 800
THUMBNAIL_WIDTH = 400


class Image(TimestampedModel):
    file = models.ImageField(
        "image file",
        upload_to="images/",
        max_length=255,
        validators=[validate_image_file],
        help_text=(
            f"A {ALLOWED_NAMES} file of at most 10 MB and {MAX_PIXELS // 1_000_000} megapixels. "
            "Its EXIF data, including any GPS location, is removed when it is saved."
        ),
    )
    alt_text = models.CharField(
        "alt text",
        max_length=300,
        help_text=(
            "What the picture shows, for people who cannot see it, e.g. 'A green train "
            "leaving Vientiane station'. Required."
        ),
    )
    caption = models.CharField(
        max_length=500, blank=True, help_text="Optional: shown under the picture."
    )
    credit = models.CharField(
        max_length=200, blank=True, help_text="Who made the picture, as they ask to be named."
    )
    licence = models.CharField(
        max_length=200,
        blank=True,
        help_text="The terms the site may show it under, e.g. 'CC BY 4.0' or 'With permission'.",
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.alt_text

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The stored file's name, so that a new upload's save can remove the old file.
        instance._stored_name = instance.__dict__.get("file")
        return instance

    def save(self, *args, **kwargs):
        new_upload = bool(self.file) and not self.file._committed
        if new_upload:
            self.strip_metadata()
        super().save(*args, **kwargs)
        if new_upload:
            self.forget_replaced_file()

    def strip_metadata(self):
        """Check the new upload, then replace it by an upright copy with no EXIF."""
        facts = inspect_image_file(self.file)
        data, self.width, self.height = without_metadata(self.file)
        # A random name: a draft's picture is not to be found by guessing its address.
        self.file = ContentFile(data, name=f"{uuid.uuid4().hex}.{facts.extension}")

    def forget_replaced_file(self):
        stored = getattr(self, "_stored_name", None)
        if stored and stored != self.file.name:
            files.delete_after_commit(self.file.storage, stored)
        self._stored_name = self.file.name

    def appears_on_published_pages(self):
        """Whether a published or scheduled project or event shows this picture.

        Its text and file are then public content: only a publisher changes them.
        """
        return any(uses.exists() for uses in self.published_uses())

    def published_uses(self):
        """A queryset per kind of published item showing this picture: the items it leads,
        then the galleries. Found from the relations other apps' models declare to Image,
        so this app names none of them."""
        published = PublicationStatus.PUBLISHED
        leads, galleries = [], []
        for relation in self._meta.related_objects:
            model = relation.related_model
            uses = getattr(self, relation.get_accessor_name())
            if issubclass(model, PublishableModel):
                leads.append(uses.filter(publication_status=published))
            elif issubclass(model, GalleryItem):
                item = model.item_field().name
                galleries.append(uses.filter(**{f"{item}__publication_status": published}))
        return leads + galleries

    @property
    def url(self):
        return self.file.url

    def rendition(self, width=LEAD_WIDTH):
        """The widest rendition no wider than `width` (else the narrowest), or the original.

        Reads `renditions.all()`, so a prefetch of `renditions` serves it without a query.
        """
        renditions = list(self.renditions.all())
        fitting = [rendition for rendition in renditions if rendition.width <= width]
        if fitting:
            return fitting[-1]
        return renditions[0] if renditions else self

    def thumbnail(self):
        return self.rendition(THUMBNAIL_WIDTH)

    def srcset(self):
        """The `srcset` attribute's value: each rendition's address and width."""
        return ", ".join(
            f"{rendition.url} {rendition.width}w" for rendition in self.renditions.all()
        )


class Rendition(models.Model):
    """A smaller copy of an image, made once when its file is stored (images/services.py)."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(upload_to="images/renditions/", max_length=255)

    class Meta:
        ordering = ["width"]
        constraints = [
            models.UniqueConstraint(fields=["image", "width"], name="unique_rendition_width")
        ]

    def __str__(self):
        return f"{self.image} at {self.width} px"

    @property
    def url(self):
        return self.file.url


class GalleryItem(models.Model):
    """One picture of an item's gallery, in the editor's order; subclasses add the item."""

    image = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        related_name="%(class)s_uses",
        help_text="Type to search by alt text or caption.",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the gallery: lower numbers first."
    )

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return str(self.image)

    @classmethod
    def item_field(cls):
        """The foreign key to the item whose gallery this is."""
        return next(
            field
            for field in cls._meta.get_fields()
            if field.many_to_one and issubclass(field.related_model, PublishableModel)
        )


def with_pictures(queryset):
    """Items of `queryset` with their lead image and gallery, in a number of queries that
    does not grow with the pictures: the lead image is joined, its renditions, the gallery
    (with its images joined) and the gallery's renditions come in one query each."""
    gallery_model = queryset.model.gallery.rel.related_model
    gallery = gallery_model.objects.select_related("image").prefetch_related("image__renditions")
    return queryset.select_related("lead_image").prefetch_related(
        "lead_image__renditions", Prefetch("gallery", queryset=gallery)
    )
