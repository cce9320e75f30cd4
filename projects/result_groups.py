"""Project results grouped for the outcomes and country pages.

A result belongs to every country of its project, unless it names the one country it
concerns: then it belongs to that country alone.
"""

import itertools
from operator import attrgetter

from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode

from core.publishing import published_condition
from projects.models import Project, ProjectResult

RESULTS_PER_GROUP = 10

# Newest project first; within a project, the editors' order.
RESULT_ORDER = ["-project__published_at", "project__pk", "position", "pk"]


def published_results():
    # The rule on the joined project, so a query can read projects in publication order.
    return ProjectResult.objects.filter(published_condition("project__"))


def with_links(results):
    """`results` with the project and source each row links to."""
    return results.select_related("project", "source")


def results_in_groups(results, relation):
    """`results` joined to each group of their project's `relation` that they belong to.

    The group condition sits in the same filter() as the join, so both use the same row
    of the relation.
    """
    group = F(f"project__{relation}")
    condition = Q(**{f"project__{relation}__isnull": False})
    if relation == "countries":
        condition &= Q(country__isnull=True) | Q(country=group)
    return results.filter(condition).annotate(group_id=group)


def results_of_group(relation, group_id):
    """The published results of one group, in page order.

    The group is a condition on each project rather than a join, so that the database
    walks projects newest first and stops after the first results, instead of sorting
    every result of the group.
    """
    field = Project._meta.get_field(relation)
    membership = field.remote_field.through.objects.filter(
        project=OuterRef("project"), **{field.m2m_reverse_field_name(): group_id}
    )
    results = published_results().filter(Exists(membership))
    if relation == "countries":
        # "No country of its own, or this one", written so that no index on the result's
        # country tempts the database away from reading projects newest first.
        results = results.alias(concerns=Coalesce("country", Value(group_id))).filter(
            concerns=group_id
        )
    return results.order_by(*RESULT_ORDER)


def group_ids(relation):
    """The ids of every group of `relation` (countries or areas): a small reference table."""
    return list(
        Project._meta.get_field(relation).related_model.objects.values_list("pk", flat=True)
    )


def top_result_ids(relation, group_ids, per_group):
    """SQL for the ids of the first results of each group: one small LIMIT query a group.

    Each branch reads its group's newest rows from the indexes and stops, so the cost
    does not grow with the number of results, unlike ranking every row of every group.
    """
    branches, params = [], []
    for number, group_id in enumerate(group_ids):
        first_ids = results_of_group(relation, group_id).values("pk")[:per_group]
        sql, branch_params = first_ids.query.sql_with_params()
        # Wrapped, because neither database accepts LIMIT on a bare UNION branch.
        branches.append(f"SELECT * FROM ({sql}) AS top_{number}")
        params.extend(branch_params)
    return RawSQL(" UNION ALL ".join(branches), params)


def top_results_by(relation, filter_name):
    """Results of published projects, grouped by the project's `relation`, 10 per group.

    `relation` is "areas" or "countries"; `filter_name` is the project list's filter
    for it, to link to the rest. A result shows in each group its project belongs
    to, except that a result naming its country shows under that country only. A
    group without results is left out. Two queries, whatever the number of results:
    the groups' ids, then their first results, one more than shown to know whether
    there are more. No total is counted, as counting reads every result.
    """
    ids = group_ids(relation)
    if not ids:
        return []
    candidates = (
        results_in_groups(with_links(published_results()), relation)
        .filter(pk__in=top_result_ids(relation, ids, RESULTS_PER_GROUP + 1))
        .annotate(
            group_name=F(f"project__{relation}__name"),
            group_slug=F(f"project__{relation}__slug"),
        )
        .order_by("group_name", "group_id", *RESULT_ORDER)
    )
    groups = []
    for _, rows in itertools.groupby(candidates, key=attrgetter("group_id")):
        # A result among another group's first ones can also belong to this group further
        # down, so each group keeps only its own first rows.
        rows = list(rows)[: RESULTS_PER_GROUP + 1]
        slug = rows[0].group_slug
        groups.append(
            {
                "name": rows[0].group_name,
                "slug": slug,
                "rows": rows[:RESULTS_PER_GROUP],
                "has_more": len(rows) > RESULTS_PER_GROUP,
                "more_url": f"{reverse('projects:index')}?{urlencode({filter_name: slug})}",
            }
        )
    return groups


def results_for_country(country, limit):
    """The first `limit` results of the country's published projects that concern it.

    One query: the ids are picked first, so that the join to the sources cannot change
    how the database finds them.
    """
    first_ids = results_of_group("countries", country.pk).values("pk")[:limit]
    return with_links(published_results()).filter(pk__in=first_ids).order_by(*RESULT_ORDER)
