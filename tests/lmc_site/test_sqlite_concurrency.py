"""Concurrent sign-ins on SQLite queue for the database instead of failing: the site runs
under gunicorn (3 workers of 2 threads, as served) on a database file, and 60 logins, right
and wrong, arrive at once from 12 clients. None may answer 500 or 503 ("database is locked")."""

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.commands import manage

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "tests.fast_hashing_settings"
USERNAME = "chief"
PASSWORD = "a-long-enough-password-for-tests"
LOGINS = 60
CLIENTS = 12
LOGIN_PATH = "/admin/login/"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()[0]
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail("gunicorn did not start")


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "site.sqlite3"
    url = f"sqlite:///{path}"
    manage(url, "migrate", "--no-input", "-v0", DJANGO_SETTINGS_MODULE=SETTINGS)
    manage(
        url,
        "createsuperuser",
        "--no-input",
        f"--username={USERNAME}",
        "--email=chief@example.org",
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    return path


@pytest.fixture
def site(database):
    port = free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DJANGO_ENV": "development",
        "DJANGO_DEBUG": "0",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "lmc_site.wsgi",
            f"--bind=127.0.0.1:{port}",
            "--workers=3",
            "--threads=2",
            "--timeout=60",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server)
        yield base
    finally:
        server.terminate()
        server.communicate(timeout=30)


def sign_in(base, username, password):
    """The status of one login as a browser makes it: the form first, then the post."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    try:
        with opener.open(f"{base}{LOGIN_PATH}", timeout=60) as response:
            form = response.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": username, "password": password}
        ).encode()
        request = urllib.request.Request(
            f"{base}{LOGIN_PATH}", data=data, headers={"Referer": f"{base}{LOGIN_PATH}"}
        )
        with opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def attempt(base, number):
    """Every third login is right; the wrong ones use names tried twice at most (no lockout)."""
    if number % 3 == 0:
        return "right", sign_in(base, USERNAME, PASSWORD)
    return "wrong", sign_in(base, f"guess-{number // 2}", "not-the-password")


def test_concurrent_logins_on_sqlite_all_get_an_answer(site, database):
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CLIENTS) as clients:
        results = list(clients.map(lambda number: attempt(site, number), range(LOGINS)))

    assert set(results) <= {("right", 302), ("wrong", 200)}, Counter(results)
    assert time.monotonic() - started < 120
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
