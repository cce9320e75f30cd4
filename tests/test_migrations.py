"""Every migration of ours can be undone and done again, with content in the tables."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUR_APPS = ["editorial", "timeline", "projects", "images"]


def manage(database_url, *args):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment["DATABASE_URL"] = database_url
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_migrations_reverse_to_zero_and_apply_again(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    manage(database_url, "migrate", "--no-input", "-v0")
    manage(database_url, "load_lmc_content")

    for app in OUR_APPS:
        manage(database_url, "migrate", app, "zero", "--no-input", "-v0")
    manage(database_url, "migrate", "--no-input", "-v0")
    plan = manage(database_url, "showmigrations", *OUR_APPS, "--plan")

    assert "[ ]" not in plan
    reloaded = re.search(r"(\d+) created", manage(database_url, "load_lmc_content"))
    assert reloaded and int(reloaded.group(1)) > 0
