from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet

from editorial.admin import EditorialAdmin, EditorialForm, EditorialTabularInline
from editorial.publishing_admin import (
    PublicationListFilter,
    PublishableAdmin,
    PublishableAdminForm,
    SlugHistoryAdminMixin,
)
from editorial.spreadsheet_admin import SpreadsheetImportExportMixin
from projects.models import (
    CooperationArea,
    Country,
    FundingSource,
    KeyFigure,
    Project,
    ProjectImage,
    ProjectResult,
    Source,
)
from projects.resources import ProjectResource

SLUG_HELP = "The address, made from the name: lowercase letters, digits and hyphens."
OLD_ADDRESSES_HELP = "Earlier addresses of this item. They redirect here, so shared links work."


class SourceForm(EditorialForm):
    class Meta:
        help_texts = {
            "date": (
                "Its publication date, if it gives one. For a year or a month, any day in it: "
                "it is stored as the first day."
            ),
        }


@admin.register(Source)
class SourceAdmin(EditorialAdmin):
    form = SourceForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "publisher", "when", "url"]
    list_filter = ["date_precision"]
    search_fields = ["title", "publisher", "url", "quote"]
    date_hierarchy = "date"
    fields = ["title", "publisher", "date", "date_precision", "url", "is_copy", "quote"]

    @admin.display(description="date", ordering="date")
    def when(self, obj):
        return obj.date_display

    def get_search_results(self, request, queryset, search_term):
        # Pickers show a source as "Title (Publisher)": typed back, the brackets are no word.
        search_term = search_term.replace("(", " ").replace(")", " ")
        return super().get_search_results(request, queryset, search_term)


class CountryForm(EditorialForm):
    class Meta:
        help_texts = {"old_addresses": OLD_ADDRESSES_HELP}


@admin.register(Country)
class CountryAdmin(SlugHistoryAdminMixin, EditorialAdmin):
    form = CountryForm
    list_display = ["name", "official_name", "iso_code", "slug"]
    search_fields = ["name", "official_name", "iso_code"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["sources"]
    readonly_fields = ["old_addresses"]
    fields = ["name", "official_name", "iso_code", "slug", "old_addresses", "profile", "sources"]


class CooperationAreaForm(EditorialForm):
    class Meta:
        help_texts = {
            "name": "As the LMC documents name it.",
            "slug": SLUG_HELP + " Used in the projects filter: /projects/?area=&lt;slug&gt;.",
        }


@admin.register(CooperationArea)
class CooperationAreaAdmin(EditorialAdmin):
    form = CooperationAreaForm
    list_display = ["name", "kind", "pillar", "position"]
    list_filter = ["kind", "pillar"]
    list_select_related = ["pillar"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["sources"]
    fields = ["name", "slug", "kind", "pillar", "position", "description", "sources"]


class FundingSourceForm(EditorialForm):
    class Meta:
        help_texts = {
            "name": "E.g. 'LMC Special Fund'.",
            "slug": SLUG_HELP,
            "description": "Optional: what the fund is, in Markdown.",
        }


@admin.register(FundingSource)
class FundingSourceAdmin(EditorialAdmin):
    form = FundingSourceForm
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ("name",)}


class ProjectResultForm(EditorialForm):
    class Meta:
        help_texts = {"position": "Order on the project page: lower numbers first."}


class ProjectResultFormSet(BaseInlineFormSet):
    """Refuses a result's country that is not among the project's countries."""

    def clean(self):
        super().clean()
        countries = getattr(self.instance, "chosen_countries", None)
        if countries is None:
            if self.instance.pk is None:
                return  # the project form itself is invalid: its errors come first
            countries = list(self.instance.countries.all())
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            try:
                form.instance.check_country(countries)
            except ValidationError as error:
                form.add_error(None, error)


class ProjectResultInline(EditorialTabularInline):
    model = ProjectResult
    form = ProjectResultForm
    formset = ProjectResultFormSet
    fields = ["label", "value", "unit", "as_of", "source", "country", "position"]
    autocomplete_fields = ["source"]
    extra = 1


class ProjectImageInline(EditorialTabularInline):
    """The gallery: pick pictures already uploaded (under Images) by their alt text."""

    model = ProjectImage
    fields = ["image", "position"]
    autocomplete_fields = ["image"]
    extra = 1


class ProjectForm(PublishableAdminForm):
    class Meta:
        help_texts = {
            "title": "The project's name, as the sources give it.",
            "old_addresses": OLD_ADDRESSES_HELP,
            "countries": "The member countries taking part. Type to search.",
            "areas": "The cooperation areas the project belongs to. Type to search.",
            "start_date": ("For a year or a month, any day in it: it is stored as the first day."),
            "start_precision": "How much of the start is known.",
            "end_date": "Leave empty while under way, or when the sources do not say.",
            "end_precision": "How much of the end is known.",
            "funding_amount": "Only as a source states it. Leave empty when unknown.",
            "latitude": "Decimal degrees, -90 to 90, north positive. Give both or neither.",
            "longitude": "Decimal degrees, -180 to 180, east positive. Give both or neither.",
        }


@admin.register(Project)
class ProjectAdmin(SpreadsheetImportExportMixin, SlugHistoryAdminMixin, PublishableAdmin):
    form = ProjectForm
    resource_classes = [ProjectResource]
    shareable_preview = True
    list_display = ["title", "status", "publication", "published_at", "featured", "updated_at"]
    list_filter = [
        PublicationListFilter,
        "status",
        "featured",
        "countries",
        "areas",
        "funding_source",
        "start_precision",
    ]
    search_fields = ["title", "slug", "summary", "place_name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["countries", "areas", "funding_source", "sources", "lead_image"]
    readonly_fields = ["old_addresses"]
    inlines = [ProjectResultInline, ProjectImageInline]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "old_addresses", "summary", "body"]}),
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
            "Publication",
            {
                "description": (
                    "Cite at least one source before publishing. "
                    "A future publish time schedules the project; an empty one means now."
                ),
                "fields": ["publication_status", "published_at", "sources", "sourcing_note"],
            },
        ),
        (
            "Where it stands",
            {"fields": ["status", "status_as_of", "countries", "areas", "place_name", "featured"]},
        ),
        (
            "Dates",
            {"fields": [("start_date", "start_precision"), ("end_date", "end_precision")]},
        ),
        (
            "Funding",
            {
                "classes": ["collapse"],
                "description": "Only what the sources state; leave empty otherwise.",
                "fields": ["funding_source", ("funding_amount", "funding_currency")],
            },
        ),
        (
            "Map position",
            {
                "classes": ["collapse"],
                "description": "Optional: a point for the project. Give both or neither.",
                "fields": [("latitude", "longitude")],
            },
        ),
    ]

    def save_form(self, request, form, change):
        project = super().save_form(request, form, change)
        # The results' countries are checked against the countries just chosen, which the
        # project is given only after its results are validated.
        project.chosen_countries = list(form.cleaned_data.get("countries", []))
        return project


@admin.register(KeyFigure)
class KeyFigureAdmin(PublishableAdmin):
    list_display = ["__str__", "area", "position", "publication", "published_at"]
    list_filter = [PublicationListFilter, "area"]
    list_select_related = ["area"]
    search_fields = ["value", "label", "context"]
    autocomplete_fields = ["area", "sources"]
    fieldsets = [
        (None, {"fields": ["value", "label", "context", "area", "position"]}),
        (
            "Publication",
            {
                "description": (
                    "Cite at least one source before publishing. "
                    "A future publish time schedules the figure; an empty one means now."
                ),
                "fields": ["publication_status", "published_at", "sources"],
            },
        ),
    ]
