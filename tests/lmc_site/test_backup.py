"""A backup made from one database restores into an empty PostgreSQL database with every
record, many-to-many link, revision and uploaded file identical."""

import io
import json
import os
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
import reversion
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from editorial.models import ReviewRequest
from lmc_site.backup import BackupError, renamed_models, restore_backup, write_backup
from projects.models import Project
from tests import commands

SERVER = os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# A few bytes of a real PNG: the round trip must keep binary files byte for byte.
IMAGE = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154"
    "789c6360000002000100e221bc330000000049454e44ae426082"
)


def postgres_reachable():
    try:
        psycopg.connect(SERVER, connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


@pytest.fixture
def empty_postgres_database():
    if not postgres_reachable():
        pytest.skip(f"needs PostgreSQL at {SERVER}")
    name = f"lmc_restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield SERVER.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args, database_url, media_root):
    return commands.manage(database_url, *args, DJANGO_MEDIA_ROOT=str(media_root))


def normalised(records):
    """Records in a stable order, with many-to-many lists sorted: the order of links is
    not part of the data."""
    for record in records:
        for name, value in record["fields"].items():
            if isinstance(value, list) and all(not isinstance(v, list) for v in value):
                record["fields"][name] = sorted(value, key=json.dumps)
    return sorted(records, key=lambda record: json.dumps(record, sort_keys=True))


@pytest.fixture
def site_with_history(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    image = settings.MEDIA_ROOT / "projects" / "railway.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(IMAGE)
    call_command("load_lmc_content", verbosity=0)
    reverse("admin:index")  # the admin registers the models with django-reversion
    editor = get_user_model().objects.create_user("ana", "ana@example.org", "a-long-password")
    group, _ = Group.objects.get_or_create(name="Backup test group")
    editor.groups.add(group)
    project = Project.objects.get(slug="china-laos-railway")
    with reversion.create_revision():
        project.title = "China-Laos Railway (edited)"
        project.save()
        reversion.set_user(editor)
        reversion.set_comment("Changed the title.")
    return project


def test_a_backup_round_trips_into_an_empty_postgresql_database(
    site_with_history, empty_postgres_database, tmp_path
):
    assert Version.objects.get_for_object(site_with_history).exists()
    archive = write_backup(tmp_path / "backups")
    assert archive.name.startswith("lmc-backup-") and archive.name.endswith(".tar.gz")
    with tarfile.open(archive) as tar:
        original = json.loads(tar.extractfile("data.json").read())
        assert "media/projects/railway.png" in tar.getnames()

    restored_media = tmp_path / "restored-media"
    manage("migrate", "--no-input", database_url=empty_postgres_database, media_root=tmp_path)
    output = manage(
        "restore", str(archive), database_url=empty_postgres_database, media_root=restored_media
    )
    assert f"Restored {len(original)} records and 1 files." in output
    restored = json.loads(
        manage(
            "dumpdata",
            "--format=exactjson",
            "--natural-foreign",
            "--natural-primary",
            "--exclude=contenttypes",
            "--exclude=auth.permission",
            "--exclude=sessions",
            "--exclude=axes",
            database_url=empty_postgres_database,
            media_root=restored_media,
        )
    )

    restored, original = normalised(restored), normalised(original)
    missing = [record for record in original if record not in restored]
    extra = [record for record in restored if record not in original]
    assert (missing, extra) == ([], [])
    assert len(restored) == len(original)
    models = {record["model"] for record in original}
    assert {"projects.project", "timeline.event", "reversion.version", "auth.user"} <= models
    assert (restored_media / "projects" / "railway.png").read_bytes() == IMAGE


def test_restore_refuses_a_database_that_already_has_content(site_with_history, tmp_path):
    archive = write_backup(tmp_path)

    with pytest.raises(BackupError, match="already holds content"):
        restore_backup(archive)


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    not_a_backup = tmp_path / "notes.tar.gz"
    not_a_backup.write_text("hello")

    with pytest.raises(BackupError, match="Cannot read"):
        restore_backup(not_a_backup)


def test_restore_refuses_files_outside_the_media_folder(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, content in [("data.json", b"[]"), ("media/../../escaped.txt", b"x")]:
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))

    with pytest.raises(BackupError, match="outside the media folder"):
        restore_backup(archive)
    assert not (tmp_path.parent / "escaped.txt").exists()


# Made by the release before OldSlug moved from projects to core (820f118), with
# tests/upgrade_check.py --archive: the starter content, its initial revisions, a project
# renamed, an Editor's pending change and two throwaway logins. Its only secrets are the
# password hashes of those two test logins.
ARCHIVE_BEFORE_CORE_APP = Path(__file__).resolve().parents[1] / "data/backup-before-core-app.tar.gz"
RECORDS_BEFORE_CORE_APP = {
    "reversion.version": 231,
    "projects.contentfingerprint": 185,
    "projects.source": 109,
    "timeline.event": 34,
    "projects.projectresult": 33,
    "projects.cooperationarea": 13,
    "projects.project": 10,
    "projects.keyfigure": 10,
    "projects.country": 6,
    "reversion.revision": 3,
    "auth.group": 2,
    "auth.user": 2,
    "timeline.planperiod": 2,
    "core.oldslug": 1,
    "projects.fundingsource": 1,
    "editorial.reviewrequest": 1,
}


def test_an_archive_made_before_old_slugs_moved_to_core_restores_whole(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    reverse("admin:index")  # the admin registers the models with django-reversion

    records, files = restore_backup(ARCHIVE_BEFORE_CORE_APP)

    assert (records, files) == (sum(RECORDS_BEFORE_CORE_APP.values()), 0)
    counts = {
        label: apps.get_model(label)._base_manager.count() for label in RECORDS_BEFORE_CORE_APP
    }
    assert counts == RECORDS_BEFORE_CORE_APP
    assert not ContentType.objects.filter(app_label="projects", model="oldslug").exists()


def test_a_restored_archive_from_before_the_core_app_keeps_redirects_revisions_and_rights(
    db, settings, tmp_path, client
):
    settings.MEDIA_ROOT = tmp_path / "media"
    reverse("admin:index")
    restore_backup(ARCHIVE_BEFORE_CORE_APP)

    response = client.get("/projects/china-laos-railway/")
    assert (response.status_code, response["Location"]) == (301, "/projects/laos-china-railway/")
    assert client.get("/projects/laos-china-railway/").status_code == 200

    project = Project.objects.get(slug="laos-china-railway")
    comments = [v.revision.comment for v in Version.objects.get_for_object(project)]
    assert "Renamed." in comments
    assert all(version.field_dict for version in Version.objects.all())
    pending = ReviewRequest.objects.get()
    assert pending.state == ReviewRequest.State.AWAITING
    assert pending.proposed.field_dict["summary"].endswith("(Proposed wording.)")

    publisher = get_user_model().objects.get(username="upgrade-publisher")
    assert publisher.has_perm("core.view_oldslug")
    assert publisher.has_perm("core.publish_content")
    assert (
        not get_user_model().objects.get(username="upgrade-editor").has_perm("core.publish_content")
    )


def test_restore_renames_moved_models_in_every_natural_key():
    record = {
        "model": "reversion.version",
        "fields": {
            "content_type": ["projects", "oldslug"],
            "permissions": [
                ["view_oldslug", "projects", "oldslug"],
                ["view_project", "projects", "project"],
            ],
            "object_repr": "projects.oldslug",
        },
    }
    old = [record, {"model": "projects.oldslug", "pk": 1, "fields": {"slug": "a"}}]

    new = json.loads(renamed_models(json.dumps(old).encode()))

    assert new[0]["fields"] == {
        "content_type": ["core", "oldslug"],
        "permissions": [
            ["view_oldslug", "core", "oldslug"],
            ["view_project", "projects", "project"],
        ],
        "object_repr": "projects.oldslug",
    }
    assert new[1] == {"model": "core.oldslug", "pk": 1, "fields": {"slug": "a"}}
