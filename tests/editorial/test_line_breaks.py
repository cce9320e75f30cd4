"""Browsers send a textarea's line breaks as CR LF; the admin stores them as LF."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from projects.models import Project
from tests.admin_forms import submitted_data
from tests.factories import make_area, make_country, make_project

pytestmark = pytest.mark.django_db

BODY = "First paragraph,\nover two lines.\n\nSecond paragraph."


def test_a_body_sent_back_unchanged_is_stored_unchanged_and_not_logged_as_a_change(
    staff_client,
):
    project = make_project("draft", body=BODY, countries=[make_country()], areas=[make_area()])
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = submitted_data(staff_client.get(url).content.decode(), "project_form")
    assert data["body"] == [BODY.replace("\n", "\r\n")]
    data["title"] = ["A new title"]

    response = staff_client.post(url, data)

    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).body == BODY
    assert "Body" not in LogEntry.objects.latest("pk").get_change_message()


def test_line_breaks_typed_in_a_form_are_stored_as_lf(staff_client):
    project = make_project("draft", countries=[make_country()], areas=[make_area()])
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = submitted_data(staff_client.get(url).content.decode(), "project_form")
    data["body"] = ["One line.\r\nAnother line.\rA third."]

    staff_client.post(url, data)

    assert Project.objects.get(pk=project.pk).body == "One line.\nAnother line.\nA third."
