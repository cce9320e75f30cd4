"""Shareable preview links: a signed, expiring, revocable address showing a draft
to someone without a login."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone

PREVIEW_LIFETIME = datetime.timedelta(days=7)
PREVIEW_SALT = "editorial.preview-link"


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def for_item(self, item):
        return self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)


class PreviewLink(models.Model):
    """A preview link that was handed out: it answers until it expires or is revoked."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"Preview of {self.content_type.name} {self.object_id}"

    def get_absolute_url(self):
        return reverse("editorial:preview", kwargs={"token": self.token})

    @classmethod
    def create_for(cls, item, *, user):
        return cls.objects.create(
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
            created_by=user,
            expires_at=timezone.now() + PREVIEW_LIFETIME,
        )

    @property
    def token(self):
        # The same token every time for a link: it carries the link and its expiry, signed.
        expires = int(self.expires_at.timestamp())
        return signing.Signer(salt=PREVIEW_SALT).sign_object({"link": self.pk, "expires": expires})

    def revoke(self, *, user):
        self.revoked_at = timezone.now()
        self.revoked_by = user
        self.save(update_fields=["revoked_at", "revoked_by"])


class PreviewRefused(Exception):
    """A preview link that does not answer, with the reason a reader is shown."""


def link_from_token(token):
    """The active link `token` stands for; PreviewRefused says why there is none."""
    try:
        signed = signing.Signer(salt=PREVIEW_SALT).unsign_object(token)
        pk, expires = int(signed["link"]), float(signed["expires"])
    except (signing.BadSignature, ValueError, TypeError, KeyError) as error:
        raise PreviewRefused("This preview link is not valid.") from error
    if expires <= timezone.now().timestamp():
        raise PreviewRefused("This preview link has expired.")
    link = PreviewLink.objects.select_related("content_type").filter(pk=pk).first()
    if link is None:
        raise PreviewRefused("This preview link is not valid.")
    if link.revoked_at is not None:
        raise PreviewRefused("This preview link was withdrawn.")
    if link.expires_at <= timezone.now():
        raise PreviewRefused("This preview link has expired.")
    return link


class ReviewRequestQuerySet(models.QuerySet):
    def awaiting(self):
        return self.filter(state=ReviewRequest.State.AWAITING)

    def for_item(self, item):
        return self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)


class ReviewRequest(models.Model):
    """An Editor's request that a Publisher review an item.

    Either a draft submitted for publication, or (with `proposed`) a change an
    Editor made to a published item, held as a version until it is approved: the
    live item stays as it was meanwhile.
    """

    class State(models.TextChoices):
        AWAITING = "awaiting", "Awaiting review"
        APPROVED = "approved", "Approved"
        SENT_BACK = "sent_back", "Sent back"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    proposed = models.OneToOneField(
        "reversion.Version",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_request",
        help_text="The changed item waiting for approval; empty for a draft to publish.",
    )
    state = models.CharField(max_length=10, choices=State, default=State.AWAITING, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True, help_text="The editor's note to the publisher.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, help_text="The publisher's comment, for the editor.")

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        kind = "Change to" if self.proposed_id else "Publication of"
        return f"{kind} {self.content_type.name} “{self.object_repr}”"

    @property
    def object_repr(self):
        item = self.item
        return str(item) if item is not None else f"#{self.object_id} (deleted)"

    @property
    def is_change(self):
        return self.proposed_id is not None
