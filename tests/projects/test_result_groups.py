"""Results grouped by area and by country: each group shows its own first results, and
reads them without sorting all of its results."""

import pytest
from django.db import connection

from projects.models import Country
from projects.result_groups import RESULTS_PER_GROUP, results_for_country, top_results_by
from tests.factories import make_area, make_countries, make_project, make_result

pytestmark = pytest.mark.django_db


def at(day):
    return f"2024-01-{day:02d}T12:00:00Z"


def sqlite_plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [row[-1] for row in cursor.fetchall()]


def test_a_result_first_in_one_area_stays_in_order_in_its_other_area():
    water, energy = make_area(name="Water"), make_area(name="Energy")
    shared = make_project(areas=[water, energy], published_at=at(1))
    make_result(shared, label="shared result")
    for day in range(2, 2 + RESULTS_PER_GROUP + 1):
        make_result(make_project(areas=[energy], published_at=at(day)), label=f"energy {day}")

    energy_group, water_group = top_results_by("areas", "area")

    assert [row.label for row in water_group["rows"]] == ["shared result"]
    assert energy_group["has_more"]
    assert not water_group["has_more"]
    assert [row.label for row in energy_group["rows"]] == [
        f"energy {day}" for day in range(12, 2, -1)
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_country_results_are_read_newest_project_first_without_sorting_them_all():
    make_countries()
    laos = Country.objects.get(slug="laos")

    plan = sqlite_plan(results_for_country(laos, RESULTS_PER_GROUP))

    assert "USE TEMP B-TREE FOR ORDER BY" not in plan
