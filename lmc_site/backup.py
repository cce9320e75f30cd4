"""One archive with everything an editor made: content, users, groups, revisions and the
uploaded files. `make backup` writes it; `make restore FILE=...` loads it into an empty
database (after `migrate`), on SQLite or PostgreSQL alike.

The archive is a .tar.gz holding data.json (Django's dumpdata, with natural keys so users,
groups and content types match by name in the new database) and media/ (MEDIA_ROOT).
"""

import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import management
from django.db import transaction
from django.utils import timezone

from editorial.roles import sync_roles

DATA_NAME = "data.json"
DATA_FORMAT = "exactjson"  # JSON with times to the microsecond (lmc_site/exact_json.py)
MEDIA_PREFIX = "media/"
# Rebuilt by `migrate` or worthless in another database: content types and permissions
# come back by natural key, sessions and sign-in attempts are not worth keeping.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]
CONTENT_MODELS = ["projects.Project", "projects.Source", "projects.Country", "timeline.Event"]
# Models that moved to another app since an archive may have been made: {old label: new label},
# lower case as dumpdata writes them. Their tables did not change, only their names.
RENAMED_MODELS = {"projects.oldslug": "core.oldslug"}


class BackupError(Exception):
    pass


def dump_data():
    out = io.StringIO()
    management.call_command(
        "dumpdata",
        format=DATA_FORMAT,
        natural_foreign=True,
        natural_primary=True,
        exclude=EXCLUDED,
        indent=1,
        stdout=out,
    )
    return out.getvalue()


def media_files(media_root):
    root = Path(media_root)
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def write_backup(directory=None):
    """Write a timestamped archive into `directory` (BACKUP_DIR) and return its path."""
    directory = Path(directory or settings.BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"lmc-backup-{timezone.now():%Y%m%dT%H%M%SZ}.tar.gz"
    data = dump_data().encode()
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo(DATA_NAME)
        info.size = len(data)
        info.mtime = int(timezone.now().timestamp())
        archive.addfile(info, io.BytesIO(data))
        root = Path(settings.MEDIA_ROOT)
        for file in media_files(root):
            archive.add(file, arcname=MEDIA_PREFIX + file.relative_to(root).as_posix())
    return path


def database_is_empty():
    return not any(apps.get_model(name).objects.exists() for name in CONTENT_MODELS)


def read_archive(path):
    """The archive's data (bytes) and its media files as {relative name: bytes}."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            member = archive.getmember(DATA_NAME)
            data = archive.extractfile(member).read()
            files = {
                member.name.removeprefix(MEDIA_PREFIX): archive.extractfile(member).read()
                for member in archive.getmembers()
                if member.isfile() and member.name.startswith(MEDIA_PREFIX)
            }
    except KeyError as error:
        raise BackupError(f"{path} holds no {DATA_NAME}.") from error
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Cannot read {path}: {error}") from error
    return data, files


def restore_backup(path):
    """Load an archive into a migrated, empty database and put its files in MEDIA_ROOT.

    Returns the number of records and of files restored.
    """
    if not database_is_empty():
        raise BackupError("Refusing to restore: the database already holds content.")
    data, files = read_archive(path)
    data = renamed_models(data)
    root = Path(settings.MEDIA_ROOT)
    targets = {name: safe_target(root, name) for name in files}
    with (
        tempfile.NamedTemporaryFile("wb", suffix=f".{DATA_FORMAT}") as fixture,
        transaction.atomic(),
    ):
        fixture.write(data)
        fixture.flush()
        management.call_command("loaddata", fixture.name, verbosity=0)
        # The roles' rights are defined by the code, not the archive: one made by an earlier
        # release lacks the rights added since (e.g. core.publish_content for Publishers).
        sync_roles()
    for name, target in targets.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[name])
    return len(json.loads(data)), len(files)


def renamed_models(data):
    """The archive's data with the models of RENAMED_MODELS under their new labels: in each
    record's "model" and in every natural key of their content type or permissions."""
    records = json.loads(data)
    for record in records:
        record["model"] = RENAMED_MODELS.get(record["model"], record["model"])
        record["fields"] = renamed_keys(record["fields"])
    return json.dumps(records).encode()


def renamed_keys(value):
    """`value` with each natural key ending in an old [app_label, model] pair renamed: a
    content type's key is that pair, a permission's is [codename, app_label, model]."""
    if isinstance(value, dict):
        return {name: renamed_keys(item) for name, item in value.items()}
    if not isinstance(value, list):
        return value
    if 2 <= len(value) <= 3 and all(isinstance(item, str) for item in value):
        new_label = RENAMED_MODELS.get(".".join(value[-2:]))
        if new_label:
            return [*value[:-2], *new_label.split(".")]
        return value
    return [renamed_keys(item) for item in value]


def safe_target(root, name):
    """Where a file of the archive goes, refusing names that climb out of MEDIA_ROOT."""
    target = (root / name).resolve()
    if not target.is_relative_to(root.resolve()):
        raise BackupError(f"Refusing to restore {name!r}: it lies outside the media folder.")
    return target
