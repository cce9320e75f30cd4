from django.db import migrations

from lmc_site.search_index import EVENTS, PROJECTS, upgrade_migration


class Migration(migrations.Migration):
    """PostgreSQL: pairs of characters for two-character words, and a narrow table of the
    titles for the result window (see lmc_site/search_index.py)."""

    dependencies = [("lmc_site", "0001_search_window")]

    operations = [
        migrations.RunPython(upgrade_migration(PROJECTS), migrations.RunPython.noop),
        migrations.RunPython(upgrade_migration(EVENTS), migrations.RunPython.noop),
    ]
