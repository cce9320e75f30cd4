from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial workflow"

    def ready(self):
        from editorial.roles import sync_roles_after_migrate

        # Keeps the groups' rights in step with the models after every migrate, so a
        # model added later gets its permissions in both roles without a new migration.
        post_migrate.connect(sync_roles_after_migrate, sender=self)
