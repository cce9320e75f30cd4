"""The publication rule, shared by every kind of public content.

An item is public when it is published and its publish time has come: a
published item with a future time is scheduled and stays hidden until then,
with no job needed. `published()` is the only way public views read content,
and `publish()` is the only way anything becomes published.

`publish()` and `unpublish()` take the user who asks: only a Publisher or a
superuser may. `user=None` is a trusted call by the system itself, such as the
content loader; every route an editor can reach passes the editor.
"""

import operator

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from core.permissions import can_publish

MISSING_SOURCE_MESSAGE = "Cite at least one source before publishing: every public fact needs one."
PUBLISHER_ONLY_MESSAGE = "Only a publisher can publish, schedule or unpublish."


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


# The rule, written once: a published item is public once its time has come ("lte": at or
# before now) and scheduled before then ("gt"). Queries and the Python properties both read it.
PUBLIC_TIME, SCHEDULED_TIME = "lte", "gt"
COMPARISONS = {PUBLIC_TIME: operator.le, SCHEDULED_TIME: operator.gt}


def _time_condition(comparison, prefix):
    return models.Q(
        **{
            f"{prefix}publication_status": PublicationStatus.PUBLISHED,
            f"{prefix}published_at__{comparison}": timezone.now(),
        }
    )


def _time_holds(item, comparison):
    return (
        item.publication_status == PublicationStatus.PUBLISHED
        and item.published_at is not None
        and COMPARISONS[comparison](item.published_at, timezone.now())
    )


def published_condition(prefix=""):
    """The publication rule as a condition, on a related item through `prefix` (e.g.
    "project__"), so that a query can join that item instead of listing its ids."""
    return _time_condition(PUBLIC_TIME, prefix)


def scheduled_condition(prefix=""):
    """Published, with a publish time still to come."""
    return _time_condition(SCHEDULED_TIME, prefix)


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_condition())

    def scheduled(self):
        return self.filter(scheduled_condition())


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
        # The site's source model, named in settings so that this layer names no app above it.
        settings.PUBLICATION_SOURCE_MODEL,
        blank=True,
        related_name="%(class)ss",
        help_text="The sources this item's facts come from. At least one is needed to publish.",
    )

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self):
        return _time_holds(self, PUBLIC_TIME)

    @property
    def is_scheduled(self):
        return _time_holds(self, SCHEDULED_TIME)


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
