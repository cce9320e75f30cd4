"""Counting helpers for the project pages."""

from django.core.paginator import Paginator
from django.db.models import Count
from django.utils.functional import cached_property

from projects.models import CooperationArea, Country, Project


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


def project_facets(projects):
    """How many of `projects` fall in each country, area and status: one query each."""
    ids = projects.order_by().values("pk")
    countries = (
        Country.objects.filter(projects__in=ids)
        .annotate(project_count=Count("projects"))
        .order_by("-project_count", "name")
    )
    areas = (
        CooperationArea.objects.filter(projects__in=ids)
        .annotate(project_count=Count("projects"))
        .order_by("-project_count", "name")
    )
    statuses = (
        Project.objects.filter(pk__in=ids)
        .values("status")
        .annotate(project_count=Count("pk"))
        .order_by("-project_count", "status")
    )
    labels = dict(Project.Status.choices)
    return {
        "countries": countries,
        "areas": areas,
        "statuses": [
            {
                "value": row["status"],
                "label": labels.get(row["status"], row["status"]),
                "count": row["project_count"],
            }
            for row in statuses
        ],
    }
