from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projects, countries and sources"

    def ready(self):
        from lmc_site.search_index import restore_sqlite_triggers

        post_migrate.connect(restore_sqlite_triggers, dispatch_uid="restore_sqlite_triggers")
