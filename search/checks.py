"""The registrations must match what the frozen migrations' triggers index.

The triggers and tables are built by migrations holding their SQL frozen (projects 0003,
timeline 0002, lmc_site 0002). A registration that changes what is indexed changes nothing in
the database until a new migration rebuilds the index: this check says so.
"""

from django.core.checks import Error

from search import registry

# What the triggers of the last search migration index, per item table: each table whose
# changes refresh an item, and its columns that do.
FROZEN_INDEX = {
    "projects_project": {
        "projects_project": ["body", "place_name", "summary", "title"],
        "projects_projectresult": ["label", "project_id", "unit", "value"],
        "projects_project_countries": ["project_id"],
        "projects_project_areas": ["project_id"],
        "projects_country": ["name", "official_name"],
        "projects_cooperationarea": ["name"],
    },
    "timeline_event": {
        "timeline_event": ["body", "place", "summary", "title"],
        "timeline_event_countries": ["event_id"],
        "projects_country": ["name", "official_name"],
    },
}


def indexed_columns(spec):
    """{table: sorted columns}: the tables whose changes refresh the items of `spec`."""
    columns = {spec.table: sorted(["title", "summary", "body", spec.place_column])}
    for related in spec.related:
        columns[related.table] = sorted({related.link, *related.columns})
    for named in spec.named:
        columns[named.table] = sorted(named.columns)
    return columns


def check_frozen_triggers(app_configs=None, **kwargs):
    registered = {spec.table: indexed_columns(spec) for spec in registry.specs()}
    return [
        Error(
            f"The search registrations index {registered.get(table)} for {table}, but the "
            f"migrations' triggers index {FROZEN_INDEX.get(table)}.",
            hint=(
                "Write a migration holding the statements of search.index.drop_statements() "
                "and create_statements() for each database, then record the new index in "
                "FROZEN_INDEX (search/checks.py)."
            ),
            id="search.E001",
        )
        for table in sorted(registered.keys() | FROZEN_INDEX.keys())
        if registered.get(table) != FROZEN_INDEX.get(table)
    ]
