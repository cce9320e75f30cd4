"""Two server processes on one database and one file cache see each other's changes.

This is how `make serve` runs: several workers, each its own process. A change made in any
process (here a third one, as an editor's save would be) must be seen through every worker on
the next request: no worker may go on serving a page the change retired.
"""

import datetime
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from tests.factories import make_country, make_project

pytestmark = pytest.mark.django_db(transaction=True)

# Reads one line of Python at a time from its input and runs it, as an editor's request would.
CHANGER = """
import datetime, sys
import django
django.setup()
from django.utils import timezone
from core.publishing import publish, unpublish
from projects.models import Country, Project
from tests.factories import make_project
for line in sys.stdin:
    exec(line)
    print("done", flush=True)
"""
SCHEDULE_SECONDS = 3


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(base, path):
    """(status, body) of an anonymous GET."""
    try:
        with urllib.request.urlopen(base + path, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_until_up(base, process):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server stopped"
        try:
            if fetch(base, "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{base} did not start")


@pytest.fixture
def database_file(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("copies the SQLite test database to a file")
    make_project(title="China-Laos Railway", slug="railway")
    make_country(name="Old country name", slug="testland")
    connection.ensure_connection()
    path = tmp_path / "db.sqlite3"
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    return path


@pytest.fixture
def environment(database_file, tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DJANGO_ENV", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lmc_site.settings",
        DATABASE_URL=f"sqlite:///{database_file}",
        DATABASE_CONN_MAX_AGE="0",
        DJANGO_CACHE_DIR=str(tmp_path / "cache"),
        DJANGO_PAGE_CACHE_SECONDS="300",
        DJANGO_DEBUG="0",
    )
    return env


@pytest.fixture
def servers(environment):
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", str(port)],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base, process in zip(bases, processes, strict=True):
            wait_until_up(base, process)
        yield bases
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture
def change(environment):
    process = subprocess.Popen(
        [sys.executable, "-c", CHANGER],
        cwd=settings.BASE_DIR,
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def run(line):
        process.stdin.write(line + "\n")
        process.stdin.flush()
        assert process.stdout.readline().strip() == "done"

    yield run
    process.stdin.close()
    process.wait(timeout=10)


def statuses(bases, path):
    return [fetch(base, path)[0] for base in bases]


def test_a_change_made_in_one_process_is_seen_through_every_other(servers, change, environment):
    railway = "/projects/railway/"
    assert statuses(servers, railway) == [200, 200]
    pages = list((Path(environment["DJANGO_CACHE_DIR"]) / "pages").glob("*.djcache"))
    assert pages, "the servers store pages in the shared file cache"
    assert statuses(servers, railway) == [200, 200]  # now from the cache

    change("unpublish(Project.objects.get(slug='railway'))")
    for _ in range(3):
        assert statuses(servers, railway) == [404, 404]

    change("publish(Project.objects.get(slug='railway'))")
    assert statuses(servers, railway) == [200, 200]

    country = "/countries/testland/"
    assert all("Old country name" in fetch(base, country)[1] for base in servers)
    change(
        "country = Country.objects.get(slug='testland'); "
        "country.name = 'New country name'; country.save()"
    )
    assert all("New country name" in fetch(base, country)[1] for base in servers)

    due = timezone.now() + datetime.timedelta(seconds=SCHEDULE_SECONDS)
    change(
        "make_project(title='Scheduled dam', slug='dam', state='published', "
        f"published_at=datetime.datetime.fromisoformat('{due.isoformat()}'))"
    )
    assert not any("Scheduled dam" in fetch(base, "/projects/")[1] for base in servers)
    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.2)
    assert all("Scheduled dam" in fetch(base, "/projects/")[1] for base in servers)
