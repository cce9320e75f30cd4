"""The filters of the project list: every value is validated, and a bad one is ignored."""

import datetime
from types import SimpleNamespace

import django_filters as filters
from django import forms
from django.db.models import CharField, Exists, IntegerField, OuterRef, Q, Value

from core.query_parameters import QueryParameters
from projects.models import CooperationArea, Country, FundingSource, Project
from search.engine import ranked_ids, search
from search.words import query_words

FIRST_YEAR = 1900
LAST_YEAR = 2100

SORT_CHOICES = [
    ("relevance", "Best match (newest first without words)"),
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("title", "Title, A to Z"),
]
# Best match has an order of its own: see `search.engine.ranked_ids`.
SORTS = {
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


def reference_lists():
    """The countries, cooperation areas and funding sources to choose from, in one query.

    Returns {"country": [...], "area": [...], "funding": [...]}, each item with `pk`, `slug`
    and `name`, in each model's own order.
    """
    text, number = CharField(), IntegerField()

    def rows(model, group, sort_text=None, sort_number=None):
        return model.objects.order_by().values_list(
            Value(group, output_field=text),
            "pk",
            "slug",
            "name",
            sort_text or Value("", output_field=text),
            sort_number or Value(0, output_field=number),
        )

    countries = rows(Country, "country")
    areas = rows(CooperationArea, "area", "kind", "position")
    funding = rows(FundingSource, "funding")
    lists = {"country": [], "area": [], "funding": []}
    for group, pk, slug, name, sort_text, sort_number in countries.union(areas, funding, all=True):
        lists[group].append(
            SimpleNamespace(pk=pk, slug=slug, name=name, sort=(sort_text, sort_number, name))
        )
    for items in lists.values():
        items.sort(key=lambda item: item.sort)
    return lists


class ProjectFilter(filters.FilterSet):
    """Filters `Project.objects.published()`; the view binds it to the GET parameters.

    `qs` holds the projects the filters allow; `result_ids()` applies the words and the order.
    The choices of countries, areas and funding sources come from one query, and a chosen
    slug is checked against them, so filtering costs no lookup of its own.
    """

    q = filters.CharFilter(label="Words", method="search")
    country = filters.MultipleChoiceFilter(
        label="Countries",
        method="filter_countries",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "not one of the six countries.",
            "invalid_list": "not one of the six countries.",
        },
    )
    area = filters.ChoiceFilter(
        label="Cooperation area",
        method="filter_area",
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
    funding = filters.ChoiceFilter(
        label="Funding",
        method="filter_funding",
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reference = reference_lists()
        for name in ["country", "area", "funding"]:
            self.filters[name].extra["choices"] = [
                (item.slug, item.name) for item in self.reference[name]
            ]

    def name_of(self, name, slug):
        """The name of the country, area or funding source `slug` of the filter `name`."""
        return next(item.name for item in self.reference[name] if item.slug == slug)

    @property
    def words(self):
        """The words searched for: none when `q` is missing, empty or invalid."""
        if "q" in self.form.errors:
            return []
        return query_words(self.form.cleaned_data.get("q"))

    @property
    def narrows(self):
        """Whether a filter leaves out some of the published projects."""
        return any(
            self.form.cleaned_data.get(name) for name in self.filters if name not in ("q", "sort")
        )

    @property
    def current_sort(self):
        sort = self.form.cleaned_data.get("sort") or "relevance"
        return "newest" if sort == "relevance" and not self.words else sort

    def search(self, queryset, name, value):
        # The words do not narrow `qs`: `result_ids()` applies them, in the order it ranks.
        return queryset

    def filter_countries(self, queryset, name, slugs):
        in_countries = Project.countries.through.objects.filter(
            project=OuterRef("pk"), country__slug__in=slugs
        )
        return queryset.filter(Exists(in_countries))

    def filter_area(self, queryset, name, slug):
        in_area = Project.areas.through.objects.filter(
            project=OuterRef("pk"), cooperationarea__slug=slug
        )
        return queryset.filter(Exists(in_area))

    def filter_funding(self, queryset, name, slug):
        return queryset.filter(funding_source__slug=slug)

    def filter_year_from(self, queryset, name, year):
        return queryset.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(year, 1, 1))
        )

    def filter_year_to(self, queryset, name, year):
        return queryset.filter(start_date__lte=datetime.date(year, 12, 31))

    def sort_results(self, queryset, name, value):
        # `result_ids()` orders the results.
        return queryset

    def result_ids(self, limit):
        """Ids of the first `limit` projects of `qs` that the words match, in the chosen order."""
        query = self.form.cleaned_data.get("q") if self.words else ""
        sort = self.current_sort
        if sort == "relevance":
            # The list starts from the published projects: unfiltered, they are the public
            # rows the search registration names.
            return ranked_ids(self.qs, query, limit, public=not self.narrows)
        projects = search(self.qs, query) if query else self.qs
        return list(projects.order_by(*SORTS[sort]).values_list("pk", flat=True)[:limit])


# The project list's parameters, in the order of its canonical addresses. Countries are
# "any of", so their order and repeats do not change the page; "relevance" is the order
# the list takes without a sort.
LIST_PARAMETERS = QueryParameters(
    *ProjectFilter.base_filters,
    "page",
    repeatable=["country"],
    paging=["page"],
    defaults={"sort": "relevance", "page": "1"},
)
