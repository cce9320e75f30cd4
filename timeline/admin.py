from django.contrib import admin

from editorial.admin import EditorialAdmin, EditorialForm, EditorialTabularInline
from editorial.publishing_admin import (
    PublicationListFilter,
    PublishableAdmin,
    PublishableAdminForm,
    SlugHistoryAdminMixin,
)
from editorial.spreadsheet_admin import SpreadsheetImportExportMixin
from timeline.models import Event, EventImage, PlanPeriod
from timeline.resources import EventResource


class EventImageInline(EditorialTabularInline):
    """The gallery: pick pictures already uploaded (under Images) by their alt text."""

    model = EventImage
    fields = ["image", "position"]
    autocomplete_fields = ["image"]
    extra = 1


class EventForm(PublishableAdminForm):
    class Meta:
        help_texts = {
            "title": "What happened, e.g. the meeting's name as the sources give it.",
            "old_addresses": (
                "Earlier addresses of this event. They redirect here, so shared links work."
            ),
            "kind": "What sort of event it was: used to filter the timeline.",
            "countries": "The member countries involved. Type to search.",
            "related_projects": "Projects this event is part of, e.g. a launch. Type to search.",
        }


@admin.register(Event)
class EventAdmin(SpreadsheetImportExportMixin, SlugHistoryAdminMixin, PublishableAdmin):
    form = EventForm
    resource_classes = [EventResource]
    shareable_preview = True
    list_display = ["title", "when", "kind", "publication", "published_at", "updated_at"]
    list_filter = [PublicationListFilter, "kind", "date_precision", "countries"]
    search_fields = ["title", "slug", "summary", "place"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["countries", "related_projects", "sources", "lead_image"]
    readonly_fields = ["old_addresses"]
    inlines = [EventImageInline]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "old_addresses", "kind", "summary", "body"]}),
        (
            "Pictures",
            {
                "description": (
                    "Choose an uploaded picture by its alt text, or upload one with the + "
                    "button. More pictures go in the gallery below."
                ),
                "fields": ["lead_image"],
            },
        ),
        (
            "When and where",
            {
                "description": "An end date only for an event of several days known to the day.",
                "fields": [("date", "date_precision"), "end_date", "place", "countries"],
            },
        ),
        (
            "Publication",
            {
                "description": (
                    "Cite at least one source before publishing. "
                    "A future publish time schedules the event; an empty one means now."
                ),
                "fields": ["publication_status", "published_at", "sources", "sourcing_note"],
            },
        ),
        ("Related projects", {"classes": ["collapse"], "fields": ["related_projects"]}),
    ]

    @admin.display(description="date", ordering="date")
    def when(self, obj):
        return obj.date_display


class PlanPeriodForm(EditorialForm):
    class Meta:
        help_texts = {
            "name": "As the plan is titled, e.g. 'Five-Year Plan of Action (2018-2022)'.",
            "slug": "The address, made from the name: lowercase letters, digits and hyphens.",
            "start_year": "The first year the plan covers.",
            "end_year": "The last year the plan covers; not before the first.",
            "sources": "The sources for the plan's name, years and summary. Type to search.",
        }


@admin.register(PlanPeriod)
class PlanPeriodAdmin(EditorialAdmin):
    form = PlanPeriodForm
    list_display = ["name", "start_year", "end_year"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["sources"]
    fields = ["name", "slug", ("start_year", "end_year"), "summary", "sources"]
