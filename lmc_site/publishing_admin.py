"""Admin pieces shared by every kind of publishable content.

Editors choose "Draft" or "Published" in the change form, or use the bulk
actions; either way the change goes through `publish()` or `unpublish()`, the
only routes by which anything becomes public or stops being public.
"""

from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.core.exceptions import ValidationError
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.formats import date_format

from lmc_site.publishing import PublicationStatus, check_publishable, publish, unpublish

PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT


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


class PublishableAdminForm(forms.ModelForm):
    """Refuses publication without a source, as an error on the sources field."""

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("publication_status") == PUBLISHED:
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


class PublishableAdmin(admin.ModelAdmin):
    """The change form and the bulk actions publish and unpublish only through
    `publish()` and `unpublish()`."""

    form = PublishableAdminForm
    actions = ["publish_selected", "unpublish_selected"]

    @admin.display(description="publication", ordering="publication_status")
    def publication(self, obj):
        if obj.is_scheduled:
            return scheduled_label(obj.published_at)
        return obj.get_publication_status_display()

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

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["change"])
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

    @admin.action(description="Unpublish selected %(verbose_name_plural)s", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        count = 0
        for item in queryset:
            unpublish(item, user=request.user)
            count += 1
        messages.success(
            request,
            f"Unpublished {count} {model_ngettext(queryset, count)}: they are drafts now.",
        )
