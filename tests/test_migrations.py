"""Every migration of ours can be undone and done again, with content in the tables."""

import re

from tests.commands import manage

OUR_APPS = ["editorial", "timeline", "projects", "images"]


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
