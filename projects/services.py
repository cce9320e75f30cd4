"""Reading and counting helpers for the project list: its cards and facets."""

import json
from types import SimpleNamespace

from django.db import connection
from django.db.models import CharField, Value

from core.queries import in_order
from projects.models import Project


def id_list(ids):
    """SQL giving the integers `ids` as rows, and its one parameter, however many there are."""
    if connection.vendor == "postgresql":
        return "SELECT unnest(%s::bigint[])", [list(ids)]
    return "SELECT value FROM json_each(%s)", [json.dumps(list(ids))]


def listed_projects(ids, reference):
    """The published projects `ids`, in that order, as a list page shows them, in two queries
    (three when one has a lead image).

    Each has `listed_countries` and `listed_areas`: items of `reference` (`reference_lists()`)
    in its order, found from both link tables in one query instead of as model instances.
    """
    projects = in_order(
        Project.objects.published()
        .select_related("lead_image")
        .prefetch_related("lead_image__renditions"),
        ids,
    )
    links = (
        Project.countries.through.objects.filter(project__in=ids)
        .values_list(Value("country", output_field=CharField()), "project_id", "country_id")
        .union(
            Project.areas.through.objects.filter(project__in=ids).values_list(
                Value("area", output_field=CharField()), "project_id", "cooperationarea_id"
            ),
            all=True,
        )
    )
    linked = {(group, project, item) for group, project, item in links}
    for project in projects:
        project.listed_countries = [
            item for item in reference["country"] if ("country", project.pk, item.pk) in linked
        ]
        project.listed_areas = [
            item for item in reference["area"] if ("area", project.pk, item.pk) in linked
        ]
    return projects


def project_facets(ids, reference):
    """How many of the projects `ids` fall in each country, area and status, from one query.

    `reference` is `reference_lists()`: the names of the countries and areas counted.
    """
    # Written in SQL: the query is the same on every list page, and building it through the
    # ORM cost more than running it.
    in_window, params = id_list(ids)
    table = connection.ops.quote_name
    countries = table(Project.countries.through._meta.db_table)
    areas = table(Project.areas.through._meta.db_table)
    projects = table(Project._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 'country', CAST(country_id AS text), COUNT(*) FROM {countries} "
            f"WHERE project_id IN ({in_window}) GROUP BY country_id "
            f"UNION ALL SELECT 'area', CAST(cooperationarea_id AS text), COUNT(*) FROM {areas} "
            f"WHERE project_id IN ({in_window}) GROUP BY cooperationarea_id "
            f"UNION ALL SELECT 'status', status, COUNT(*) FROM {projects} "
            f"WHERE id IN ({in_window}) GROUP BY status",
            params * 3,
        )
        rows = cursor.fetchall()
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
