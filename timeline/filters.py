import django_filters
from django import forms
from django.http import QueryDict

from core.query_parameters import QueryParameters
from projects.models import Country
from timeline.models import Event


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField


class EventFilter(django_filters.FilterSet):
    """The timeline's filters. Invalid values fail form validation and are left out."""

    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices, empty_label="Any kind")
    country = django_filters.ChoiceFilter(
        field_name="countries__slug", label="Country", empty_label="Any country"
    )
    year = YearFilter(
        field_name="date", lookup_expr="year", label="Year", min_value=1900, max_value=2100
    )

    class Meta:
        model = Event
        fields = ["kind", "country", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A fixed list of choices validates a slug without a database lookup per value.
        self.filters["country"].extra["choices"] = [
            (country.slug, country.name) for country in Country.objects.published()
        ]

    def invalid_labels(self):
        """The labels of the filters whose values were ignored."""
        return [self.form.fields[name].label for name in self.form.errors]

    def valid_query(self):
        """A query string of the valid filter values only, to build links from."""
        query = QueryDict(mutable=True)
        for name, value in self.form.cleaned_data.items():
            if value not in (None, ""):
                query[name] = value
        return query


# The timeline's parameters, in the order of its canonical addresses.
LIST_PARAMETERS = QueryParameters(
    *EventFilter.base_filters, "page", paging=["page"], defaults={"page": "1"}
)
