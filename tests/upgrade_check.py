"""Upgrade check: a database made by an earlier release, migrated by this code, keeps its
content, revisions, old slugs, pending changes and search results.

    git clone . /tmp/old-release && git -C /tmp/old-release checkout 820f118
    ln -s "$PWD/.venv" /tmp/old-release/.venv
    .venv/bin/python tests/upgrade_check.py --old /tmp/old-release \
        --database sqlite:////tmp/upgrade.sqlite3
    .venv/bin/python tests/upgrade_check.py --old /tmp/old-release \
        --database postgres://postgres@127.0.0.1:5432/lmc_upgrade_check

The old checkout builds the site (migrate, load_lmc_content, createinitialrevisions, a
project renamed, an Editor's pending change, a Publisher login); the same probe runs before
and after this code's `migrate` and the two are compared. `--archive DIR` also writes the old
release's backup there (how tests/data/backup-before-core-app.tar.gz was made). The database
given is emptied first. It needs both checkouts, so it is run by hand, not in the suite.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]

# Runs in the old release's `manage.py shell`: the state an upgrade must carry over.
BUILD_OLD_SITE = """
import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import reverse
from reversion.models import Revision

from editorial.review import propose_change, snapshot
from projects.models import Project

reverse("admin:index")  # the admin registers the models with django-reversion
User = get_user_model()
editor = User.objects.get(username="upgrade-editor")
publisher = User.objects.get(username="upgrade-publisher")
# A right given to one login directly, naming the moved model by its old label.
publisher.user_permissions.add(Permission.objects.get(codename="view_oldslug"))

project = Project.objects.get(slug="china-laos-railway")
with reversion.create_revision():
    project.slug = "laos-china-railway"
    project.save()
    reversion.set_user(publisher)
    reversion.set_comment("Renamed.")


class Discard(Exception):
    pass


# An Editor's change to a published item, held for review as the admin holds it.
item = Project.objects.published().exclude(pk=project.pk).order_by("pk").first()
try:
    with transaction.atomic():
        with reversion.create_revision():
            item.summary = item.summary + " (Proposed wording.)"
            item.save()
            reversion.set_user(editor)
        rows = snapshot(Revision.objects.latest("pk"))
        raise Discard
except Discard:
    pass
item.refresh_from_db()
propose_change(item, rows, user=editor, note="Please check the wording.")
"""

# Runs in either release's `manage.py shell`; prints one JSON object.
PROBE = """
import hashlib
import json
import re

from django.apps import apps
from django.conf import settings
from django.test import Client
from reversion.models import Revision, Version

settings.ALLOWED_HOSTS = ["*"]
client = Client()
tables = {}
for model in apps.get_models():
    rows = list(model._base_manager.order_by("pk").values_list())
    tables[model._meta.db_table] = {
        "count": len(rows),
        "digest": hashlib.sha256(repr(rows).encode()).hexdigest()[:16],
    }
unreadable = 0
for version in Version.objects.all():
    try:
        version.field_dict
    except Exception:
        unreadable += 1
OldSlug = next(m for m in apps.get_models() if m.__name__ == "OldSlug")
old_slugs = sorted(
    (f"{o.content_type.app_label}.{o.content_type.model}", o.object_id, o.slug)
    for o in OldSlug.objects.select_related("content_type")
)
redirects = {}
for label, _, slug in old_slugs:
    if label == "projects.project":
        response = client.get(f"/projects/{slug}/")
        redirects[slug] = [response.status_code, response.get("Location")]
ReviewRequest = apps.get_model("editorial", "ReviewRequest")
pending = [
    [r.content_type.model, r.object_id, r.state, r.proposed.field_dict.get("summary", "")[-40:]]
    for r in ReviewRequest.objects.exclude(proposed=None).order_by("pk")
]
searches = {}
for address in ["/projects/?q=railway", "/projects/?q=water", "/search/?q=cataract",
                "/projects/?country=laos", "/projects/"]:
    response = client.get(address)
    links = re.findall(r'href="(/(?:projects|timeline)/[a-z0-9-]+/)"', response.content.decode())
    searches[address] = [response.status_code, sorted(set(links))]
ContentType = apps.get_model("contenttypes", "ContentType")
Group = apps.get_model("auth", "Group")
publisher_rights = sorted(
    f"{app}.{codename}"
    for app, codename in Group.objects.get(name="Publisher").permissions.values_list(
        "content_type__app_label", "codename"
    )
)
print(json.dumps({
    "publisher_rights": publisher_rights,
    "tables": tables,
    "revisions": Revision.objects.count(),
    "versions": Version.objects.count(),
    "unreadable_versions": unreadable,
    "old_slugs": old_slugs,
    "old_slug_redirects": redirects,
    "pending_changes": pending,
    "searches": searches,
    "oldslug_content_types": sorted(
        ContentType.objects.filter(model="oldslug").values_list("app_label", flat=True)
    ),
}))
"""

# The tables this code adds or changes on purpose: compared by count only, or not at all.
NEW_TABLES = {"core_publishingrights"}
CHANGED_TABLES = {"django_content_type", "auth_permission", "auth_group_permissions"}
ADDED_PUBLISHER_RIGHTS = ["core.publish_content"]


def manage(checkout, database, *args, stdin=None, **environment):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DATABASE_URL=database, DJANGO_PAGE_CACHE_SECONDS="0", **environment)
    result = subprocess.run(
        [str(Path(checkout) / ".venv/bin/python"), "manage.py", *args],
        cwd=checkout,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed in {checkout}:\n{result.stderr}")
    return result.stdout


def empty_database(database):
    if database.startswith("sqlite:///"):
        Path(database.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    server, name = database.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def build_old_site(old, database, media):
    manage(old, database, "migrate", "--no-input")
    manage(old, database, "load_lmc_content")
    manage(old, database, "createinitialrevisions", "--verbosity", "0")
    # A throwaway password for throwaway logins: the archive holds its hash, nothing else.
    logins = {"upgrade-editor": "editor", "upgrade-publisher": "publisher"}
    for username, role in logins.items():
        manage(
            old,
            database,
            "create_editor_login",
            username,
            "--role",
            role,
            LMC_EDITOR_PASSWORD="throwaway-upgrade-check-password",
        )
    manage(old, database, "shell", stdin=BUILD_OLD_SITE, DJANGO_MEDIA_ROOT=str(media))


def probe(checkout, database):
    return json.loads(manage(checkout, database, "shell", stdin=PROBE).strip().splitlines()[-1])


def differences(before, after):
    found = []
    for table, figures in before["tables"].items():
        now = after["tables"].get(table)
        if now is None:
            found.append(f"{table}: gone")
        elif table in CHANGED_TABLES:
            continue
        elif now != figures:
            found.append(f"{table}: {figures} became {now}")
    for table in set(after["tables"]) - set(before["tables"]) - NEW_TABLES:
        found.append(f"{table}: new")
    for key in before:
        if key in {"tables", "oldslug_content_types", "publisher_rights"}:
            continue
        if before[key] != after[key]:
            found.append(f"{key}: {before[key]} became {after[key]}")
    added = sorted(set(after["publisher_rights"]) - set(before["publisher_rights"]))
    removed = sorted(set(before["publisher_rights"]) - set(after["publisher_rights"]))
    if (added, removed) != (ADDED_PUBLISHER_RIGHTS, []):
        found.append(f"Publishers' rights: {added} added, {removed} removed")
    if after["oldslug_content_types"] != ["core"]:
        found.append(f"old slugs' content types: {after['oldslug_content_types']}")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="a checkout of the earlier release")
    parser.add_argument("--database", required=True, help="a DATABASE_URL; it is emptied")
    parser.add_argument("--archive", help="also write the old release's backup here")
    args = parser.parse_args()

    empty_database(args.database)
    media = Path(args.archive or "/tmp") / "upgrade-check-media"
    build_old_site(args.old, args.database, media)
    if args.archive:
        manage(
            args.old,
            args.database,
            "backup",
            DJANGO_BACKUP_DIR=args.archive,
            DJANGO_MEDIA_ROOT=str(media),
        )
    before = probe(args.old, args.database)
    print(manage(ROOT, args.database, "migrate", "--no-input").strip())
    after = probe(ROOT, args.database)

    for table in sorted(set(before["tables"]) | set(after["tables"])):
        old = before["tables"].get(table, {}).get("count", "-")
        new = after["tables"].get(table, {}).get("count", "-")
        print(f"{table:45} {old:>6} {new:>6}")
    for key in ["revisions", "versions", "unreadable_versions", "old_slugs", "pending_changes"]:
        print(f"{key}: {before[key]} -> {after[key]}")
    print(f"old slug redirects after: {after['old_slug_redirects']}")
    print(f"search pages identical: {before['searches'] == after['searches']}")
    print(f"search and list pages' links: {[len(v[1]) for v in after['searches'].values()]}")
    print(
        f"Publishers' rights: {len(before['publisher_rights'])} -> {len(after['publisher_rights'])}"
    )
    print(
        f"oldslug content types: {before['oldslug_content_types']} -> "
        f"{after['oldslug_content_types']}"
    )
    found = differences(before, after)
    print("\n".join(found) or "Upgrade kept everything.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
