"""A database outage, for real: the site runs in its own process and reaches PostgreSQL
through a TCP proxy that the test stops and starts. While it is down, pages answer 503
with a friendly page and Retry-After; once it is back, they answer 200 again by themselves.
"""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import make_project

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (make test-postgres)"
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TcpProxy:
    """Forwards a local port to a server; stop() cuts every connection and refuses new ones."""

    def __init__(self, port, target):
        self.port, self.target = port, target
        self.sockets = []
        self.listener = None

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        threading.Thread(target=self.accept, args=(self.listener,), daemon=True).start()

    def accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for source, sink in [(client, upstream), (upstream, client)]:
                threading.Thread(target=self.pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def stop(self):
        # shutdown() wakes the thread blocked in accept(); close() alone would not.
        for sock in [self.listener, *self.sockets]:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets = []


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def site_behind_proxy(transactional_db):
    db = connection.settings_dict
    proxy = TcpProxy(free_port(), (db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    proxy.start()
    port = free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{proxy.port}/{db['NAME']}",
        "DJANGO_DEBUG": "0",
    }
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            get(f"{base}/healthz")
            break
        except OSError:
            time.sleep(0.2)
    try:
        yield base, proxy, server
    finally:
        server.terminate()
        server.wait(timeout=20)
        proxy.stop()


def test_a_database_outage_gives_503_and_the_site_recovers_by_itself(site_behind_proxy):
    base, proxy, server = site_behind_proxy
    project = make_project(title="Sweet Spring water")
    # Only /readyz before the outage: a page fetched now would be served from the page
    # cache during it, which is right for visitors but would test nothing here.
    assert get(f"{base}/readyz")[0] == 200

    proxy.stop()
    for path in ["/", "/projects/", project.get_absolute_url(), "/readyz"]:
        status, headers, body = get(base + path)
        assert status == 503, path
        assert headers["Retry-After"] == "30"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "<h1>Back in a moment</h1>" in body
        assert "Traceback" not in body
    status, _, body = get(f"{base}/healthz")
    assert (status, body) == (200, "ok\n")

    proxy.start()
    status, _, body = get(f"{base}{project.get_absolute_url()}")
    assert status == 200
    assert "Sweet Spring water" in body
    assert get(f"{base}/readyz")[0] == 200

    server.terminate()
    log = server.communicate(timeout=20)[0]
    outage_lines = [line for line in log.splitlines() if "database unreachable" in line]
    assert outage_lines
    assert all("request_id=" in line and "request_id=-" not in line for line in outage_lines)
