"""Admin pieces shared by every kind of publishable content.

Publishers choose "Draft" or "Published" in the change form, or use the bulk
actions; either way the change goes through `publish()` or `unpublish()`, the
only routes by which anything becomes public or stops being public. Editors
see the publication fields read-only, get no publishing actions, and cannot
delete what is published or scheduled.
"""

from collections import defaultdict

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import model_ngettext, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, resolve, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST
from reversion.models import Version

from core.permissions import can_publish
from core.publishing import PublicationStatus, check_publishable, publish, unpublish
from editorial import review, revisions
from editorial.admin import EditorialAdmin, EditorialForm
from editorial.models import ReviewRequest

PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT
PUBLICATION_FIELDS = ["publication_status", "published_at"]
# Added to every publishable list, after the columns each admin chooses.
REVIEW_COLUMNS = ["awaiting_review", "last_editor"]
PUBLISHER_ONLY_DELETE_MESSAGE = (
    "Only a publisher can delete published or scheduled items. Nothing was deleted."
)


def scheduled_label(published_at):
    local_time = timezone.localtime(published_at)
    zone = timezone.get_current_timezone_name()
    return f"Scheduled for {date_format(local_time, 'j F Y, H:i')} ({zone})"


class PublicationListFilter(admin.SimpleListFilter):
    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [("draft", "Draft"), ("public", "Published"), ("scheduled", "Scheduled")]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.filter(publication_status=DRAFT)
        if self.value() == "public":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.filter(publication_status=PUBLISHED, published_at__gt=timezone.now())
        return queryset


def annotate_review_columns(queryset):
    """Each item with `awaiting_review` (a request by an Editor waits for a Publisher)
    and `last_editor` (who saved its latest version; a proposed change is not a save)."""
    content_type = ContentType.objects.get_for_model(queryset.model)
    awaiting = ReviewRequest.objects.awaiting().filter(
        content_type=content_type, object_id=models.OuterRef("pk")
    )
    latest_saves = (
        Version.objects.filter(
            content_type=content_type,
            object_id=Cast(models.OuterRef("pk"), models.CharField()),
            review_request__isnull=True,
        )
        .order_by("-revision__date_created", "-pk")
        .values("revision__user__username")
    )
    return queryset.annotate(
        awaiting_review=models.Exists(awaiting),
        last_editor=models.Subquery(latest_saves[:1]),
    )


class PublishableAdminForm(EditorialForm):
    """Refuses publication without a source, as an error on the sources field."""

    def clean(self):
        cleaned_data = super().clean()
        # An Editor's form has no publication field: the stored publication applies.
        status = cleaned_data.get("publication_status", self.instance.publication_status)
        if status == PUBLISHED:
            try:
                check_publishable(self.instance, sources=cleaned_data.get("sources"))
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned_data


class SlugHistoryAdminMixin:
    """Shows, read-only, the earlier addresses that now redirect to the item."""

    @admin.display(description="old addresses")
    def old_addresses(self, obj):
        if obj is None or obj.pk is None:
            return "None"
        view_name = resolve(obj.get_absolute_url()).view_name
        urls = [reverse(view_name, kwargs={"slug": old.slug}) for old in obj.old_slugs.all()]
        return ", ".join(urls) or "None"


class PublishableAdmin(EditorialAdmin):
    """The change form and the bulk actions publish and unpublish only through
    `publish()` and `unpublish()`, and only for a Publisher."""

    form = PublishableAdminForm
    actions = ["publish_selected", "unpublish_selected", "delete_selected"]

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        return columns + [column for column in REVIEW_COLUMNS if column not in columns]

    def get_queryset(self, request):
        # One subquery per column, so the list costs the same number of queries for 3
        # items or 300.
        return annotate_review_columns(super().get_queryset(request))

    def has_publish_permission(self, request):
        return can_publish(request.user) and self.has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.publication_status != DRAFT and not can_publish(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            readonly += PUBLICATION_FIELDS
        return readonly

    def get_urls(self):
        opts = self.model._meta
        submit = path(
            "<path:object_id>/submit-for-review/",
            self.admin_site.admin_view(require_POST(self.submit_for_review_view)),
            name=f"{opts.app_label}_{opts.model_name}_submit_for_review",
        )
        return [submit, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        holds = obj is not None and self.holds_for_approval(request, obj)
        pending = review.pending_change(obj) if holds else None
        if holds and request.method == "POST":
            return self.hold_for_approval(request, obj, pending, object_id, form_url, extra_context)
        context = {}
        if obj is not None:
            context["review_requests"] = ReviewRequest.objects.for_item(obj).select_related(
                "requested_by", "decided_by"
            )[:3]
            if obj.publication_status == DRAFT and not can_publish(request.user):
                context["submit_for_review_url"] = self.admin_url("submit_for_review", obj.pk)
            context["changes_wait_for_approval"] = holds
        context.update(extra_context or {})
        if pending is not None:
            return self.change_view_of_pending_change(
                request, obj, pending, object_id, form_url, context
            )
        return super().change_view(request, object_id, form_url, context)

    def holds_for_approval(self, request, obj):
        """An Editor's change to a published or scheduled item waits for a Publisher."""
        return obj.publication_status == PUBLISHED and not can_publish(request.user)

    def change_view_of_pending_change(self, request, obj, pending, object_id, form_url, context):
        """The form filled with the pending change rather than the live item, so an Editor
        continues the proposal; the page is drawn inside a transaction that is rolled back."""
        with transaction.atomic():
            context["editing_pending_change"] = self.apply_pending_change(request, obj, pending)
            response = super().change_view(request, object_id, form_url, context)
            if hasattr(response, "render"):
                response.render()
            transaction.set_rollback(True)
        return response

    def apply_pending_change(self, request, obj, pending):
        """Returns the pending change once applied; None, with a warning, if it cannot be."""
        try:
            with transaction.atomic():
                review.apply_pending_change(obj, pending)
        except (ValidationError, IntegrityError) as error:
            reason = " ".join(getattr(error, "messages", [str(error)]))
            messages.warning(
                request,
                f"The pending change cannot be shown in the form ({reason}). The form shows "
                "the live version: saving it replaces the pending change.",
            )
            return None
        return pending

    def hold_for_approval(self, request, obj, pending, object_id, form_url, extra_context):
        # The change is saved as usual, on top of the pending change the form was opened
        # on, which validates it and keeps it as a version; the version is copied out and
        # everything else is rolled back, so the live item stays.
        request.holding_for_approval = True
        rows = None
        with transaction.atomic():
            if pending is not None:
                self.apply_pending_change(request, obj, pending)
            response = super().change_view(request, object_id, form_url, extra_context)
            if response.status_code == 302:
                rows = review.snapshot(revisions.latest_version(obj).revision)
            elif hasattr(response, "render"):
                response.render()
            transaction.set_rollback(True)
        request.holding_for_approval = False
        if rows is None:
            return response
        proposal = review.propose_change(obj, rows, user=request.user)
        if proposal is None and pending is not None:
            messages.info(
                request,
                "Your version is the same as the live one, so the pending change was withdrawn.",
            )
        elif proposal is None:
            messages.info(request, "Nothing was changed.")
        else:
            messages.success(
                request,
                f"Your change to the published {obj._meta.verbose_name} “{obj}” is waiting for "
                "a publisher's approval. The public page stays as it was until then.",
            )
        return redirect(self.admin_url("change", obj.pk))

    def submit_for_review_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        try:
            review.submit_for_review(obj, user=request.user, note=request.POST.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"“{obj}” is awaiting review by a publisher.")
        return redirect(self.admin_url("change", obj.pk))

    @admin.display(description="publication", ordering="publication_status")
    def publication(self, obj):
        if obj.is_scheduled:
            return scheduled_label(obj.published_at)
        return obj.get_publication_status_display()

    @admin.display(description="awaiting review", boolean=True, ordering="awaiting_review")
    def awaiting_review(self, obj):
        return obj.awaiting_review

    @admin.display(description="last editor", ordering="last_editor")
    def last_editor(self, obj):
        return obj.last_editor or "-"

    def save_model(self, request, obj, form, change):
        # The item is stored with its publication as it was; save_related() then
        # applies the editor's choice, once the sources that publish() checks are saved.
        wanted = form.cleaned_data.get("publication_status")
        if change:
            stored = (form.initial.get("publication_status"), form.initial.get("published_at"))
        else:
            stored = (DRAFT, None)
        if wanted is not None and PUBLISHED in (wanted, stored[0]):
            obj.publication_status, obj.published_at = stored
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.apply_publication_choice(request, form)

    def apply_publication_choice(self, request, form):
        obj = form.instance
        wanted = form.cleaned_data.get("publication_status")
        wanted_at = form.cleaned_data.get("published_at")
        if wanted == PUBLISHED:
            if obj.publication_status != PUBLISHED or "published_at" in form.changed_data:
                # An empty publish time means now, even for an item published before.
                publish(obj, user=request.user, at=wanted_at or timezone.now())
        elif wanted == DRAFT and obj.publication_status == PUBLISHED:
            unpublish(obj, user=request.user)
            if "published_at" in form.changed_data:
                obj.published_at = wanted_at
                obj.save(update_fields=["published_at", "updated_at"])

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["publish"])
    def publish_selected(self, request, queryset):
        published = []
        refused = defaultdict(list)
        for item in queryset.prefetch_related("sources"):
            try:
                publish(item, user=request.user)
            except ValidationError as error:
                refused[" ".join(error.messages)].append(f"“{item}”")
            else:
                published.append(item)
        for reason, names in refused.items():
            messages.error(request, f"Not published: {', '.join(names)}. {reason}")
        if published:
            scheduled = sum(item.is_scheduled for item in published)
            message = f"Published {len(published)} {model_ngettext(queryset, len(published))}."
            if scheduled:
                message += f" {scheduled} of them will go public at their scheduled time."
            messages.success(request, message)

    @admin.action(description="Unpublish selected %(verbose_name_plural)s", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        count = 0
        for item in queryset:
            unpublish(item, user=request.user)
            count += 1
        messages.success(
            request,
            f"Unpublished {count} {model_ngettext(queryset, count)}: they are drafts now.",
        )

    @admin.action(description="Delete selected %(verbose_name_plural)s", permissions=["delete"])
    def delete_selected(self, request, queryset):
        if not can_publish(request.user) and queryset.exclude(publication_status=DRAFT).exists():
            messages.error(request, PUBLISHER_ONLY_DELETE_MESSAGE)
            return None
        return django_delete_selected(self, request, queryset)
