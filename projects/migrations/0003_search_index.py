from django.db import migrations

from lmc_site.search_index import PROJECTS, migration_operations

forward, backward = migration_operations(PROJECTS)


class Migration(migrations.Migration):
    """The projects' full-text index, kept up to date by triggers (see lmc_site/search_index.py)."""

    dependencies = [("projects", "0002_content_fingerprint")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
