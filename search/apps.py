from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from search.checks import check_frozen_triggers
        from search.upkeep import restore_sqlite_triggers

        checks.register(check_frozen_triggers, checks.Tags.database)
        post_migrate.connect(restore_sqlite_triggers, dispatch_uid="restore_sqlite_triggers")
