from django.db import migrations

# The roles' rights as they were when this migration was written; the post_migrate sync
# (editorial/apps.py) brings the groups in step with editorial/roles.py afterwards.
CONTENT_MODELS = {
    "projects": [
        "project",
        "projectresult",
        "keyfigure",
        "source",
        "country",
        "cooperationarea",
        "fundingsource",
    ],
    "timeline": ["event", "planperiod"],
}
DRAFTABLE_MODELS = {"project", "projectresult", "keyfigure", "event"}


def role_permissions():
    """{group name: set of (app_label, codename)} for both roles."""
    editor, publisher = set(), set()
    for app_label, models in CONTENT_MODELS.items():
        for model in models:
            for action in ("add", "change", "view"):
                editor.add((app_label, f"{action}_{model}"))
                publisher.add((app_label, f"{action}_{model}"))
            publisher.add((app_label, f"delete_{model}"))
            if model in DRAFTABLE_MODELS:
                editor.add((app_label, f"delete_{model}"))
    return {"Editor": editor, "Publisher": publisher}


def create_roles(apps, schema_editor):
    """Create both groups and give each exactly its rights."""
    from django.contrib.auth.management import create_permissions

    # Permissions do not exist yet on a new database: they are normally made after all
    # migrations, and the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            permission
            for permission in Permission.objects.filter(
                content_type__app_label__in=CONTENT_MODELS
            ).select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        group.permissions.set(permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("projects", "0002_content_fingerprint"),
        ("timeline", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
