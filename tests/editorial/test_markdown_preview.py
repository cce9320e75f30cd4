"""The admin's Markdown help and live preview: the preview is rendered by the site's own
sanitiser, for staff only, by POST with a CSRF token, and refuses oversize text clearly."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from core.markdown import render_markdown
from core.markdown_field import MARKDOWN_MAX_LENGTH
from tests.factories import make_country, make_event, make_project, make_staff_user

pytestmark = pytest.mark.django_db

PREVIEW_URL = reverse("markdown_preview")


def test_the_preview_is_under_the_admin_path():
    assert PREVIEW_URL.startswith(reverse("admin:index"))


def test_staff_get_the_html_the_public_page_would_show(editor_client):
    text = "## Progress\n\nSome **bold** text.\n\n- one\n- [two](https://example.org/)"

    response = editor_client.post(PREVIEW_URL, {"text": text})

    assert response.status_code == 200
    assert response.json() == {"html": str(render_markdown(text))}
    assert "<h2>Progress</h2>" in response.json()["html"]


def test_script_tags_and_event_handlers_are_removed_from_the_preview(editor_client):
    text = 'Hi <script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3))'

    html = editor_client.post(PREVIEW_URL, {"text": text}).json()["html"].lower()

    assert "<script" not in html
    assert "alert(1)" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.post(PREVIEW_URL, {"text": "**bold**"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_signed_in_user_without_staff_access_gets_no_preview(client):
    user = get_user_model().objects.create_user("reader", password="x" * 16)
    client.force_login(user)

    response = client.post(PREVIEW_URL, {"text": "**bold**"})

    assert response.status_code == 302
    assert "html" not in response.content.decode()


def test_get_is_not_allowed(editor_client):
    assert editor_client.get(PREVIEW_URL).status_code == 405


def test_a_post_without_the_csrf_token_is_refused(db):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_staff_user("careful"))

    assert strict.post(PREVIEW_URL, {"text": "**bold**"}).status_code == 403


def test_oversize_text_gets_a_clear_413_message(editor_client):
    response = editor_client.post(PREVIEW_URL, {"text": "a" * (MARKDOWN_MAX_LENGTH + 1)})

    assert response.status_code == 413
    assert "too long to preview or save" in response.json()["error"]


@pytest.mark.parametrize(
    ("url_name", "make_item", "field"),
    [
        ("admin:projects_project_change", make_project, "body"),
        ("admin:timeline_event_change", make_event, "body"),
        ("admin:projects_country_change", make_country, "profile"),
    ],
)
def test_every_markdown_field_has_help_and_a_preview_area(staff_client, url_name, make_item, field):
    item = make_item()

    page = staff_client.get(reverse(url_name, args=[item.pk])).content.decode()

    assert f'data-markdown-preview="{PREVIEW_URL}"' in page
    assert "Markdown help" in page
    assert "raw HTML" in page
    assert f"At most {MARKDOWN_MAX_LENGTH:,} characters." in page
    assert f'id="id_{field}_preview" aria-live="polite"' in page
    assert f'<h3 id="id_{field}_preview_heading">Preview</h3>' in page
    assert "js/markdown-preview.js" in page


def test_short_text_fields_get_no_preview(staff_client):
    project = make_project()

    page = staff_client.get(reverse("admin:projects_project_change", args=[project.pk]))

    assert 'id="id_summary_preview"' not in page.content.decode()
