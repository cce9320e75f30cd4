"""Every response carries the security headers: public pages, static files, the admin and
error pages, and the admin renders no inline style or script the policy would block."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from tests.factories import make_countries, make_event, make_project

EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb"]


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response, except_for=()):
    for name, value in EXPECTED_HEADERS.items():
        if name not in except_for:
            assert response[name] == value, name
    permissions = response["Permissions-Policy"]
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in permissions
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    directives = csp_directives(response)
    assert directives["default-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]


@pytest.fixture
def content(db, settings):
    # Static files straight from the source folders, as `make run` serves them.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    countries = make_countries()
    project = make_project(countries=countries[:2])
    event = make_event(countries=countries[:1])
    return {"project": project, "event": event, "country": countries[0]}


def public_paths(content):
    return [
        "/",
        "/about/",
        "/outcomes/",
        "/search/?q=railway",
        "/projects/",
        "/projects/?q=water&page=2",
        content["project"].get_absolute_url(),
        "/timeline/",
        content["event"].get_absolute_url(),
        "/countries/",
        content["country"].get_absolute_url(),
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/readyz",
    ]


@pytest.mark.django_db
def test_public_pages_carry_every_security_header(client, content):
    for path in public_paths(content):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_security_headers(response)


@pytest.mark.django_db
def test_static_files_carry_the_security_headers(client, content):
    response = client.get("/static/css/site.css")

    assert response.status_code == 200
    # Only pages can be framed; the policy's frame-ancestors covers them anyway.
    assert_security_headers(response, except_for={"X-Frame-Options"})


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    for alias in ("default", "pages"):
        caches[alias].clear()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.mark.django_db
def test_a_page_served_from_the_cache_gets_the_same_headers_made_afresh(
    client, content, page_cache_on, django_assert_num_queries
):
    first = client.get("/")
    with django_assert_num_queries(0):  # so the page came from the cache
        second = client.get("/")

    assert second.content == first.content
    assert_security_headers(second)
    for name in [*EXPECTED_HEADERS, "Permissions-Policy", "Content-Security-Policy"]:
        assert first[name] == second[name]
    # Added outside the cache on every request: a replayed header would repeat the first id.
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.django_db
def test_public_pages_have_no_inline_script_or_style(client, content):
    for path in public_paths(content):
        html = client.get(path).content.decode()
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), path
        assert "<style" not in html, path
        assert not re.search(r"\sstyle=", html), path
        assert not re.search(r"\son[a-z]+=", html), path


@pytest.mark.django_db
def test_error_pages_carry_every_security_header(client):
    not_found = client.get("/no-such-page/")
    assert not_found.status_code == 404
    assert_security_headers(not_found)


@pytest.mark.urls("tests.lmc_site.raising_urls")
@override_settings(DEBUG=False)
@pytest.mark.django_db
def test_the_server_error_page_carries_every_security_header(client):
    client.raise_request_exception = False

    response = client.get("/fail/")

    assert response.status_code == 500
    assert_security_headers(response)


@pytest.mark.django_db
def test_the_admin_login_page_carries_every_security_header(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert_security_headers(response)


def admin_pages():
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        pages.append(reverse("admin:{}_{}_add".format(*info)))
    return pages


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>")
INLINE_STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=")
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+=")


@pytest.mark.django_db
def test_every_admin_page_carries_the_headers_and_nothing_inline(staff_client, content):
    assert apps.is_installed("django.contrib.admin")
    pages = admin_pages()
    assert len(pages) > 10
    for path in pages:
        response = staff_client.get(path, follow=True)
        # Some lists are read-only (sign-in attempts): their add page is forbidden.
        assert response.status_code == 200 or path.endswith("/add/"), path
        assert_security_headers(response)
        html = response.content.decode()
        assert "<style" not in html, path
        assert not INLINE_SCRIPT.search(html), path
        assert not INLINE_STYLE_ATTRIBUTE.search(html), path
        assert not EVENT_HANDLER.search(html), path


@pytest.mark.django_db
def test_a_change_list_without_actions_gets_its_rule_from_a_stylesheet(staff_client):
    # With no actions bar, Django's own template writes an inline <style>.
    model_admin = next(iter(admin.site._registry.values()))
    opts = model_admin.model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    model_admin.actions_on_top = model_admin.actions_on_bottom = False
    try:
        html = staff_client.get(url).content.decode()
    finally:
        del model_admin.actions_on_top, model_admin.actions_on_bottom

    assert "<style" not in html
    assert "/static/css/admin-no-actions.css" in html
