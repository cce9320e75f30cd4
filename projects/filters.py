"""The filters of the project list: every value is validated, and a bad one is ignored."""

import datetime

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from lmc_site.search import query_words, search_projects
from projects.models import CooperationArea, Country, FundingSource, Project

FIRST_YEAR = 1900
LAST_YEAR = 2100

SORT_CHOICES = [
    ("relevance", "Best match (newest first without words)"),
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("title", "Title, A to Z"),
]
SORTS = {
    "relevance": ["-title_match", "-published_at", "title", "pk"],
    "newest": ["-published_at", "title", "pk"],
    "oldest": ["published_at", "title", "pk"],
    "title": ["title", "pk"],
}


class YearFilter(filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        message = f"give a whole year from {FIRST_YEAR} to {LAST_YEAR}."
        kwargs.update(
            min_value=FIRST_YEAR,
            max_value=LAST_YEAR,
            error_messages={"invalid": message, "min_value": message, "max_value": message},
        )
        super().__init__(*args, **kwargs)


class ProjectFilterForm(forms.Form):
    def clean(self):
        cleaned_data = super().clean()
        year_from, year_to = cleaned_data.get("year_from"), cleaned_data.get("year_to")
        if year_from and year_to and year_from > year_to:
            self.add_error("year_to", "it comes before the year in “From year”.")
        return cleaned_data


class ProjectFilter(filters.FilterSet):
    """Filters `Project.objects.published()`; the view binds it to the GET parameters."""

    q = filters.CharFilter(label="Words", method="search")
    country = filters.ModelMultipleChoiceFilter(
        label="Countries",
        queryset=Country.objects.published(),
        to_field_name="slug",
        method="filter_countries",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "not one of the six countries.",
            "invalid_pk_value": "not one of the six countries.",
            "list": "not one of the six countries.",
        },
    )
    area = filters.ModelChoiceFilter(
        label="Cooperation area",
        queryset=CooperationArea.objects.all(),
        to_field_name="slug",
        field_name="areas",
        empty_label="Any area",
        error_messages={"invalid_choice": "not one of the listed areas."},
    )
    status = filters.ChoiceFilter(
        label="Status",
        choices=Project.Status.choices,
        empty_label="Any status",
        error_messages={"invalid_choice": "not one of the listed statuses."},
    )
    year_from = YearFilter(label="From year", method="filter_year_from")
    year_to = YearFilter(label="To year", method="filter_year_to")
    funding = filters.ModelChoiceFilter(
        label="Funding",
        queryset=FundingSource.objects.all(),
        to_field_name="slug",
        field_name="funding_source",
        empty_label="Any funding source",
        error_messages={"invalid_choice": "not one of the listed funding sources."},
    )
    sort = filters.ChoiceFilter(
        label="Sort by",
        choices=SORT_CHOICES,
        empty_label=None,
        method="sort_results",
        error_messages={"invalid_choice": "not one of the listed orders."},
    )

    class Meta:
        model = Project
        fields = []
        form = ProjectFilterForm

    @property
    def words(self):
        """The words searched for: none when `q` is missing, empty or invalid."""
        if "q" in self.form.errors:
            return []
        return query_words(self.form.cleaned_data.get("q"))

    @property
    def current_sort(self):
        sort = self.form.cleaned_data.get("sort") or "relevance"
        return "newest" if sort == "relevance" and not self.words else sort

    def search(self, queryset, name, value):
        return search_projects(queryset, value)

    def filter_countries(self, queryset, name, countries):
        # An empty choice arrives as an empty queryset, which django-filter does not skip.
        if not countries:
            return queryset
        in_countries = Project.countries.through.objects.filter(
            project=OuterRef("pk"), country__in=countries
        )
        return queryset.filter(Exists(in_countries))

    def filter_year_from(self, queryset, name, year):
        return queryset.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(year, 1, 1))
        )

    def filter_year_to(self, queryset, name, year):
        return queryset.filter(start_date__lte=datetime.date(year, 12, 31))

    def sort_results(self, queryset, name, value):
        return queryset.order_by(*SORTS[self.current_sort])
