"""What every kind of content shares in the database: old addresses, and the right to publish."""

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models


class PublishingRights(models.Model):
    """Holds the permission to publish (`core.publish_content`); its table stays empty.

    A permission needs a model to hang on; the editorial roles give this one to Publishers.
    """

    class Meta:
        default_permissions = ()
        permissions = [("publish_content", "Can publish, schedule and unpublish content")]

    def __str__(self):
        return "publishing rights"


class OldSlug(models.Model):
    """A slug an item had before an editor renamed it: its old address answers 301."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    slug = models.SlugField(max_length=200)

    class Meta:
        # The table the projects app made before the model moved here.
        db_table = "projects_oldslug"
        constraints = [
            models.UniqueConstraint(fields=["content_type", "slug"], name="unique_old_slug")
        ]

    def __str__(self):
        return self.slug

    @classmethod
    def remember(cls, item, old_slug):
        content_type = ContentType.objects.get_for_model(item)
        cls.objects.filter(content_type=content_type, slug__in=[old_slug, item.slug]).delete()
        cls.objects.create(content_type=content_type, object_id=item.pk, slug=old_slug)

    @classmethod
    def find(cls, model, slug):
        """The item of `model` that used to be called `slug`, or None."""
        old = cls.objects.filter(
            content_type=ContentType.objects.get_for_model(model), slug=slug
        ).first()
        return model.objects.filter(pk=old.object_id).first() if old else None


class SlugHistoryModel(models.Model):
    """Remembers earlier slugs so that shared links keep working after a rename."""

    old_slugs = GenericRelation(OldSlug)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        loaded_slug = getattr(self, "_loaded_slug", None)
        super().save(*args, **kwargs)
        if loaded_slug and loaded_slug != self.slug:
            OldSlug.remember(self, loaded_slug)
        self._loaded_slug = self.slug

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_slug = instance.__dict__.get("slug")
        return instance
