"""Project results grouped for the outcomes and country pages.

A result belongs to every country of its project, unless it names the one country it
concerns: then it belongs to that country alone.
"""

import itertools
from operator import attrgetter

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.http import urlencode

from projects.models import Project, ProjectResult

RESULTS_PER_GROUP = 10


def published_results():
    return ProjectResult.objects.filter(project__in=Project.objects.published()).select_related(
        "project", "source"
    )


def top_results_by(relation, filter_name):
    """Results of published projects, grouped by the project's `relation`, 10 per group.

    `relation` is "areas" or "countries"; `filter_name` is the project list's filter
    for it, to link to the rest. A result shows in each group its project belongs
    to, except that a result naming its country shows under that country only. All
    groups come from one query, whatever their size.
    """
    group = F(f"project__{relation}")
    results = published_results()
    if relation == "countries":
        # In the same filter() as the grouping's join, so both use the same project country.
        results = results.filter(Q(country__isnull=True) | Q(country=group))
    results = (
        results.annotate(
            group_name=F(f"project__{relation}__name"),
            group_slug=F(f"project__{relation}__slug"),
            rank=Window(
                RowNumber(),
                partition_by=group,
                order_by=[F("project__published_at").desc(), "project__pk", "position", "pk"],
            ),
            group_total=Window(Count("pk"), partition_by=group),
        )
        .filter(group_slug__isnull=False, rank__lte=RESULTS_PER_GROUP)
        .order_by("group_name", "rank")
    )
    groups = []
    for slug, rows in itertools.groupby(results, key=attrgetter("group_slug")):
        rows = list(rows)
        groups.append(
            {
                "name": rows[0].group_name,
                "slug": slug,
                "total": rows[0].group_total,
                "rows": rows,
                "more_url": f"{reverse('projects:index')}?{urlencode({filter_name: slug})}",
            }
        )
    return groups


def results_for_country(country):
    """The results of the country's published projects that concern it, in one query."""
    return (
        published_results()
        .filter(project__countries=country)
        .filter(Q(country__isnull=True) | Q(country=country))
        .order_by("-project__published_at", "project__pk", "position", "pk")
    )
