"""Compression, Vary, conditional requests and HEAD, with the page cache on."""

import gzip

import pytest
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import RequestFactory

from lmc_site.responses import TextGZipMiddleware
from tests.factories import make_project

pytestmark = pytest.mark.django_db

URL = "/projects/"
GZIP = {"accept-encoding": "gzip, deflate, br"}


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.fixture
def railway():
    return make_project(title="Railway")


def test_a_public_page_is_compressed_when_the_client_asks(client, railway):
    for _ in range(2):  # rendered, then from the page cache
        response = client.get(URL, headers=GZIP)
        assert response["Content-Encoding"] == "gzip"
        assert "Railway" in gzip.decompress(response.content).decode()


def test_the_page_cache_keeps_pages_uncompressed_for_clients_that_do_not_ask(client, railway):
    client.get(URL, headers=GZIP)
    response = client.get(URL)
    assert "Content-Encoding" not in response
    assert "Railway" in response.content.decode()


@pytest.mark.parametrize("headers", [GZIP, {}])
def test_accept_encoding_is_the_only_vary_of_a_public_page(client, railway, headers):
    for _ in range(2):
        assert client.get(URL, headers=headers)["Vary"] == "Accept-Encoding"


def test_the_compressed_page_gets_304_for_its_weak_etag(client, railway):
    etag = client.get(URL, headers=GZIP)["ETag"]
    assert etag.startswith('W/"')
    response = client.get(URL, headers={**GZIP, "if-none-match": etag})
    assert response.status_code == 304
    assert response["Vary"] == "Accept-Encoding"


def test_the_uncompressed_page_gets_304_for_its_etag(client, railway):
    etag = client.get(URL)["ETag"]
    assert client.get(URL, headers={"if-none-match": etag}).status_code == 304


def test_only_text_is_compressed():
    request = RequestFactory().get("/", headers=GZIP)
    middleware = TextGZipMiddleware(lambda request: None)
    picture = HttpResponse(b"\x89PNG" + b"0" * 1000, content_type="image/png")
    assert "Content-Encoding" not in middleware.process_response(request, picture)
    page = HttpResponse(b"<p>text</p>" * 100, content_type="text/html; charset=utf-8")
    assert middleware.process_response(request, page)["Content-Encoding"] == "gzip"


def serve(method, path):
    """The response a real server would send: the test client drops HEAD bodies itself."""
    environ = getattr(RequestFactory(), method)(path).environ
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, lambda status, headers: None)
        body = b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return response, body


def test_head_gets_the_headers_of_a_get_and_no_body_also_from_the_cache(railway):
    uncached_head, uncached_body = serve("head", URL)
    page, page_body = serve("get", URL)
    cached_head, cached_body = serve("head", URL)
    assert b"Railway" in page_body
    for head, body in ((uncached_head, uncached_body), (cached_head, cached_body)):
        assert head.status_code == 200
        assert body == b""
        assert head["ETag"] == page["ETag"]
        assert head["Content-Type"] == page["Content-Type"]
