"""Review by a Publisher: drafts submitted for publication, and Editors' changes to
published items held until approved. Approving goes through `publish()` or a
restore of the proposed version, so only a Publisher can do it."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from reversion.models import Revision, Version

from core.publishing import PublicationStatus, check_may_publish, publish
from editorial import revisions
from editorial.models import ReviewRequest

SNAPSHOT_FIELDS = ["content_type_id", "object_id", "db", "format", "serialized_data", "object_repr"]


def snapshot(revision):
    """The stored rows of a revision, to keep after the revision itself is rolled back."""
    return list(revision.version_set.values(*SNAPSHOT_FIELDS))


def submit_for_review(item, *, user, note=""):
    if item.publication_status == PublicationStatus.PUBLISHED:
        raise ValidationError("It is published already: changes to it wait for approval.")
    waiting = ReviewRequest.objects.for_item(item).awaiting().filter(proposed=None).first()
    if waiting is not None:
        return waiting
    return ReviewRequest.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        requested_by=user,
        note=note,
    )


def pending_change(item):
    """The change to `item` waiting for a Publisher's approval, or None: there is at most one."""
    return (
        ReviewRequest.objects.for_item(item)
        .awaiting()
        .exclude(proposed=None)
        .select_related("proposed__revision", "requested_by")
        .first()
    )


def apply_pending_change(item, pending):
    """Give the stored `item` the values of its pending change, so an Editor continues it.

    Only for use inside a transaction that is then rolled back: the live item must stay as
    it is. The item's last-saved time becomes the later of the live save and the proposal,
    so a form opened on it is refused as stale if either moves on before it is saved.
    Returns the item as the proposal has it.
    """
    model = type(item)
    proposed = model._default_manager.select_for_update().get(pk=item.pk)
    revisions.apply_version(pending.proposed, proposed, keep_part_ids=True)
    stamp = max(item.updated_at, pending.proposed.revision.date_created)
    model._default_manager.filter(pk=item.pk).update(updated_at=stamp)
    proposed.updated_at = stamp
    return proposed


@transaction.atomic
def propose_change(item, rows, *, user, note=""):
    """Keep an Editor's change to a published item, given as `snapshot()` rows, for review.

    Returns the review request, or None when the change leaves the item as it is live.
    """
    pending = pending_change(item)
    name = user.get_username()
    revision = Revision.objects.create(
        date_created=timezone.now(),
        user=user,
        comment=f"Change proposed by {name}, waiting for a publisher's approval.",
    )
    versions = [Version.objects.create(revision=revision, **row) for row in rows]
    content_type = ContentType.objects.get_for_model(item)
    proposed = next(
        version
        for version in versions
        if version.content_type_id == content_type.pk and version.object_id == str(item.pk)
    )
    # One pending change per item, whoever proposed it. Editors open the form on the
    # pending change (see apply_pending_change), so a new proposal carries the earlier
    # one's edits forward unless it overwrites them, and it replaces the earlier one in
    # the same request: the publisher compares one proposal with the live item. The
    # earlier proposal, never live and now contained in the new one, is dropped so the
    # history lists only what was live and what waits. A proposal that brings the item
    # back to its live values withdraws the pending change.
    if not revisions.changes_since(proposed, item):
        revision.delete()
        if pending is not None:
            withdrawn = pending.proposed.revision
            pending.delete()
            withdrawn.delete()
        return None
    if pending is not None and revisions.same_values(proposed, pending.proposed):
        revision.delete()
        return pending
    if pending is None:
        return ReviewRequest.objects.create(
            content_type=content_type,
            object_id=item.pk,
            proposed=proposed,
            requested_by=user,
            note=note,
        )
    replaced = pending.proposed.revision
    pending.proposed = proposed
    pending.requested_by = user
    pending.requested_at = timezone.now()
    pending.note = note or pending.note
    pending.save(update_fields=["proposed", "requested_by", "requested_at", "note"])
    replaced.delete()
    return pending


def approve(review, *, user, at=None):
    """Publish the draft (at `at`, if given) or apply the proposed change; Publishers only."""
    check_may_publish(user)
    item = check_awaiting(review)
    with transaction.atomic():
        if review.is_change:
            requester = review.requested_by.get_username() if review.requested_by else "an editor"
            revisions.restore(
                review.proposed,
                user=user,
                comment=f"Approved the change proposed by {requester}.",
            )
        else:
            publish(item, user=user, at=at)
        decide(review, ReviewRequest.State.APPROVED, user=user)


def send_back(review, *, user, comment):
    check_may_publish(user)
    check_awaiting(review)
    if not comment.strip():
        raise ValidationError("Say what needs changing: the editor sees this comment.")
    decide(review, ReviewRequest.State.SENT_BACK, user=user, comment=comment.strip())


def check_awaiting(review):
    if review.state != ReviewRequest.State.AWAITING:
        raise ValidationError(f"This request was decided already: {review.get_state_display()}.")
    item = review.item
    if item is None:
        raise ValidationError("The item of this request has been deleted.")
    return item


def decide(review, state, *, user, comment=""):
    review.state = state
    review.decided_by = user
    review.decided_at = timezone.now()
    review.comment = comment
    review.save(update_fields=["state", "decided_by", "decided_at", "comment"])
