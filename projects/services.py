"""Counting helpers for the project pages."""

from types import SimpleNamespace

from django.core.paginator import Paginator
from django.db.models import CharField, Count, Value
from django.db.models.functions import Cast
from django.utils.functional import cached_property

from projects.models import Project


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` items, so a huge result costs no full count.

    Beyond the cap, `is_capped` is true: the page says "10,000+" and offers the
    pages up to the cap.
    """

    cap = 10_000

    @cached_property
    def counted(self):
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self):
        return min(self.counted, self.cap)

    @property
    def is_capped(self):
        return self.counted > self.cap


def project_facets(projects, reference):
    """How many of `projects` fall in each country, area and status, from one query.

    `reference` is `reference_lists()`: the names of the countries and areas counted.
    """
    ids = projects.order_by().values("pk")
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
