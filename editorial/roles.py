"""The two editorial roles, as groups whose rights are defined here.

Editors create and change content and may delete drafts; Publishers may also
publish, unpublish, schedule and delete anything. The rights the admin checks
come from these groups. Publishers also hold `core.publish_content`, the right that
`core.permissions.can_publish()` asks for.
"""

from django.apps import apps as global_apps

EDITOR = "Editor"
PUBLISHER = "Publisher"
ROLES = {"editor": EDITOR, "publisher": PUBLISHER}

CONTENT_MODELS = {
    "projects": [
        "project",
        "projectresult",
        "keyfigure",
        "source",
        "country",
        "cooperationarea",
        "fundingsource",
        "projectimage",
    ],
    "timeline": ["event", "planperiod", "eventimage"],
    # Editors upload pictures; only Publishers delete them (one in use cannot be deleted).
    "images": ["image"],
    # Editors see what became of their requests; only Publishers decide (`can_publish`).
    "editorial": ["reviewrequest"],
}
# Items that are drafts until published: an Editor may delete them while they are drafts.
DRAFTABLE_MODELS = {"project", "projectresult", "projectimage", "keyfigure", "event", "eventimage"}
# Rights beyond adding, changing and deleting content.
PUBLISHER_RIGHTS = {("core", "publish_content")}


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
    return {EDITOR: editor, PUBLISHER: publisher | PUBLISHER_RIGHTS}


def sync_roles(apps=global_apps):
    """Create both groups and give each exactly its rights; run by a migration and by migrate."""
    if apps is not global_apps:
        from django.contrib.auth.management import create_permissions

        # In a migration, permissions do not exist yet on a new database: they are
        # normally made after all migrations, and the groups need them now.
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
                content_type__app_label__in={*CONTENT_MODELS, *(app for app, _ in PUBLISHER_RIGHTS)}
            ).select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        group.permissions.set(permissions)


def sync_roles_after_migrate(sender, **kwargs):
    sync_roles()
