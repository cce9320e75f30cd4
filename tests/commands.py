"""Run `manage.py` in a fresh process, as an operator would, against a chosen database."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def manage(database_url, *args, **environment):
    """The output of `manage.py args` with DATABASE_URL and `environment` set; the test fails,
    showing what the command printed, if it does. Our own DJANGO_ settings are left out."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DATABASE_URL=database_url, **environment)
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout
