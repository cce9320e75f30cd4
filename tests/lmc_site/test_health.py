"""Probes for a load balancer, and the request id every response and log line carries."""

import logging
import re

import pytest
from django.db import OperationalError

from lmc_site.health import DatabaseOutageMiddleware

pytestmark = pytest.mark.django_db


def test_healthz_says_the_process_is_alive(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_readyz_says_the_database_answers(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.content == b"ready\n"


def test_every_response_names_its_request(client):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_a_sane_request_id_from_the_proxy_is_kept_and_junk_is_replaced(client):
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-2f9c1a77"})
    replaced = client.get("/healthz", headers={"X-Request-ID": "<script>\n"})

    assert kept["X-Request-ID"] == "lb-2f9c1a77"
    assert re.fullmatch(r"[0-9a-f]{32}", replaced["X-Request-ID"])


def test_error_log_lines_carry_the_request_id(client, caplog):
    caplog.set_level(logging.WARNING)

    response = client.get("/no-such-page/", headers={"X-Request-ID": "lb-0000feed"})

    assert response.status_code == 404
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.request_id == "lb-0000feed"


def test_a_database_error_becomes_the_friendly_503_page(rf):
    middleware = DatabaseOutageMiddleware(lambda request: None)

    response = middleware.process_exception(
        rf.get("/projects/"), OperationalError("connection refused")
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "<h1>Back in a moment</h1>" in response.content.decode()


def test_other_errors_are_left_to_the_server_error_page(rf):
    middleware = DatabaseOutageMiddleware(lambda request: None)

    assert middleware.process_exception(rf.get("/"), RuntimeError("bug")) is None
