from django.db import migrations

from lmc_site.search_index import EVENTS, PROJECTS, window_operations

projects_forward, projects_backward = window_operations(PROJECTS)
events_forward, events_backward = window_operations(EVENTS)


class Migration(migrations.Migration):
    """What the result window needs of the search index (see lmc_site/search_index.py)."""

    dependencies = [("projects", "0003_search_index"), ("timeline", "0002_search_index")]

    operations = [
        migrations.RunPython(projects_forward, projects_backward, elidable=False),
        migrations.RunPython(events_forward, events_backward, elidable=False),
    ]
