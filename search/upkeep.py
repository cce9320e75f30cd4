"""The index's upkeep outside the triggers: a rebuild from scratch, a pause for bulk loads, and
the SQLite triggers put back after migrations that rebuilt tables."""

from contextlib import contextmanager

from django.db import connection, connections

from search import registry
from search.index import has_table, sqlite_refresh, sqlite_triggers


def restore_sqlite_triggers(using="default", **kwargs):
    """Recreate lost triggers after migrating: SQLite drops them when a migration rebuilds a
    table to alter it. Connected to post_migrate."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for spec in registry.specs():
            if has_table(connection, spec.fts_table):
                for statement in sqlite_triggers(spec)[1]:
                    cursor.execute(statement)


def rebuild(spec):
    """Rewrite the whole index of `spec` from its tables, in one pass. It is emptied first:
    items deleted while the upkeep was paused leave it too."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in [spec.fts_table, spec.title_fts_table, spec.trigram_table]:
                cursor.execute(f"DELETE FROM {table}")
            for statement in sqlite_refresh(spec, f"SELECT id FROM {spec.table}"):
                cursor.execute(statement)
        elif connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {spec.search_table}, {spec.title_search_table}")
            cursor.execute(
                f"SELECT {spec.table}_search_refresh(ARRAY(SELECT id FROM {spec.table}))"
            )


@contextmanager
def triggers_paused(*tables):
    """Run a bulk load without the row-by-row upkeep, then rebuild each index once: those of
    the item tables `tables`, or every registered one."""
    specs = [spec for spec in registry.specs() if not tables or spec.table in tables]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for spec in specs:
                names, _ = sqlite_triggers(spec)
                for name in names:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif connection.vendor == "postgresql":
            # The triggers skip their work while this is on; ALTER TABLE ... DISABLE TRIGGER
            # would fail inside a transaction with deferred constraint checks pending.
            cursor.execute("SELECT set_config('lmc.search_paused', 'on', false)")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for spec in specs:
                if connection.vendor == "sqlite":
                    for statement in sqlite_triggers(spec)[1]:
                        cursor.execute(statement)
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config('lmc.search_paused', 'off', false)")
        for spec in specs:
            rebuild(spec)
