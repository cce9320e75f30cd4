from django.db import migrations

from lmc_site.search_index import EVENTS, migration_operations

forward, backward = migration_operations(EVENTS)


class Migration(migrations.Migration):
    """The timeline events' full-text index, kept up to date by triggers."""

    dependencies = [("timeline", "0001_initial"), ("projects", "0003_search_index")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
