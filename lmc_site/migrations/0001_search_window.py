from django.db import migrations

from lmc_site.search_index import EVENTS, PROJECTS, upgrade_migration


class Migration(migrations.Migration):
    """What the result window needs of the search index (see lmc_site/search_index.py)."""

    dependencies = [("projects", "0003_search_index"), ("timeline", "0002_search_index")]

    operations = [
        migrations.RunPython(upgrade_migration(PROJECTS), migrations.RunPython.noop),
        migrations.RunPython(upgrade_migration(EVENTS), migrations.RunPython.noop),
    ]
