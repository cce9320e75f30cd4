from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projects, countries and sources"

    def ready(self):
        from core.integrity import check_source_urls, protect_while_used
        from lmc_site.search_index import restore_sqlite_triggers
        from projects.models import CooperationArea, Country, Source

        for model in (Country, CooperationArea, Source):
            protect_while_used(model)
        check_source_urls(Source)

        post_migrate.connect(restore_sqlite_triggers, dispatch_uid="restore_sqlite_triggers")
