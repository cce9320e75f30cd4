"""Counting helpers for the project pages."""

import json
from types import SimpleNamespace

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import CharField, Count, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from projects.models import Project

# The most results a list or search page pages through, counts and facets.
RESULT_WINDOW = 500


class ResultWindowPaginator(Paginator):
    """Pages through the ids of a result window: at most RESULT_WINDOW of them, plus one
    more when there are more results than that.

    Beyond the window, `is_capped` is true: the page says "500+" and offers the pages up
    to it, so no request counts, sorts or pages through every match of a common word.
    """

    cap = RESULT_WINDOW

    def __init__(self, ids, per_page, **kwargs):
        self.is_capped = len(ids) > self.cap
        super().__init__(ids[: self.cap], per_page, **kwargs)


def id_list(ids):
    """An SQL subquery giving the integers `ids`, as one parameter however many there are."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])


def project_facets(ids, reference):
    """How many of the projects `ids` fall in each country, area and status, from one query.

    `reference` is `reference_lists()`: the names of the countries and areas counted.
    """
    ids = id_list(ids)
    text = CharField()

    def counts(queryset, group, key):
        return (
            queryset.order_by()
            .annotate(group=Value(group, output_field=text), key=Cast(key, output_field=text))
            .values("group", "key")
            .annotate(count=Count("*"))
            .values_list("group", "key", "count")
        )

    rows = counts(
        Project.countries.through.objects.filter(project__in=ids), "country", "country_id"
    ).union(
        counts(Project.areas.through.objects.filter(project__in=ids), "area", "cooperationarea_id"),
        counts(Project.objects.filter(pk__in=ids), "status", "status"),
        all=True,
    )
    found = {"country": {}, "area": {}, "status": {}}
    for group, key, count in rows:
        found[group][key] = count
    facets = {}
    for group, name in [("country", "countries"), ("area", "areas")]:
        items = [
            SimpleNamespace(
                name=item.name, slug=item.slug, project_count=found[group][str(item.pk)]
            )
            for item in reference[group]
            if str(item.pk) in found[group]
        ]
        facets[name] = sorted(items, key=lambda item: (-item.project_count, item.name))
    labels = dict(Project.Status.choices)
    facets["statuses"] = [
        {"value": status, "label": labels.get(status, status), "count": count}
        for status, count in sorted(found["status"].items(), key=lambda row: (-row[1], row[0]))
    ]
    return facets
