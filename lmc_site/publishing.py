"""The publication rule, shared by every kind of public content.

An item is public when it is published and its publish time has come: a
published item with a future time is scheduled and stays hidden until then,
with no job needed. `published()` is the only way public views read content,
and `publish()` is the only way anything becomes published.

`publish()` and `unpublish()` take the user who asks: only a Publisher or a
superuser may. `user=None` is a trusted call by the system itself, such as the
content loader; every route an editor can reach passes the editor.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from editorial.roles import can_publish

MISSING_SOURCE_MESSAGE = "Cite at least one source before publishing: every public fact needs one."
PUBLISHER_ONLY_MESSAGE = "Only a publisher can publish, schedule or unpublish."


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


def published_condition(prefix=""):
    """The publication rule as a condition, on a related item through `prefix` (e.g.
    "project__"), so that a query can join that item instead of listing its ids."""
    return models.Q(
        **{
            f"{prefix}publication_status": PublicationStatus.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
        }
    )


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_condition())


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublishableModel(TimestampedModel):
    """Content that is a draft or published, and must cite a source to be published."""

    publication_status = models.CharField(
        "publication",
        max_length=10,
        choices=PublicationStatus,
        default=PublicationStatus.DRAFT,
        db_index=True,
        help_text="Drafts are never shown to the public. Publish with the action or this field.",
    )
    published_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        db_index=True,
        help_text="When it goes public. A future time schedules it; empty means now.",
    )
    sources = models.ManyToManyField(
        "projects.Source",
        blank=True,
        related_name="%(class)ss",
        help_text="The sources this item's facts come from. At least one is needed to publish.",
    )

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self):
        return (
            self.publication_status == PublicationStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.publication_status == PublicationStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )


def check_publishable(item, sources=None):
    """Raise ValidationError unless `item` (with `sources`, if given) may be published."""
    if sources is None:
        sources = item.sources.all() if item.pk else []
    if not sources:
        raise ValidationError({"sources": MISSING_SOURCE_MESSAGE})


def check_may_publish(user):
    """Raise PermissionDenied unless `user` may publish; None is the system itself."""
    if user is not None and not can_publish(user):
        raise PermissionDenied(PUBLISHER_ONLY_MESSAGE)


@transaction.atomic
def publish(item, *, user=None, at=None):
    """Publish `item` now, or at `at`; the one route by which anything becomes public."""
    check_may_publish(user)
    check_publishable(item)
    item.publication_status = PublicationStatus.PUBLISHED
    item.published_at = at or item.published_at or timezone.now()
    item.save(update_fields=["publication_status", "published_at", "updated_at"])
    return item


@transaction.atomic
def unpublish(item, *, user=None):
    check_may_publish(user)
    item.publication_status = PublicationStatus.DRAFT
    item.save(update_fields=["publication_status", "updated_at"])
    return item


class SlugHistoryModel(models.Model):
    """Remembers earlier slugs so that shared links keep working after a rename."""

    old_slugs = GenericRelation("projects.OldSlug")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        loaded_slug = getattr(self, "_loaded_slug", None)
        super().save(*args, **kwargs)
        if loaded_slug and loaded_slug != self.slug:
            from projects.models import OldSlug

            OldSlug.remember(self, loaded_slug)
        self._loaded_slug = self.slug

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_slug = instance.__dict__.get("slug")
        return instance
