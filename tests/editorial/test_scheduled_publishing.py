import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from core.publishing import publish
from editorial.roles import PUBLISHER
from tests.factories import make_project, make_staff_user

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/projects/", "/search/?q=Mekong", "/sitemap-projects.xml"]


def test_the_admin_list_says_when_a_project_is_scheduled(staff_client):
    at = datetime.datetime(2030, 5, 1, 3, 0, tzinfo=datetime.UTC)
    make_project("draft", title="Future project")
    project = make_project("draft", title="Scheduled project")
    publish(project, user=make_staff_user("publisher", PUBLISHER), at=at)

    page = staff_client.get(reverse("admin:projects_project_changelist")).content.decode()

    assert "Scheduled for 1 May 2030, 10:00 (Asia/Bangkok)" in page


def test_a_scheduled_project_appears_on_the_public_pages_at_its_time(client):
    with time_machine.travel(datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC), tick=False):
        project = make_project(
            "draft", title="Mekong scheduled project", slug="mekong-scheduled", featured=True
        )
        publish(project, at=timezone.now() + datetime.timedelta(hours=2))
        before = {page: client.get(page).content.decode() for page in PUBLIC_PAGES}
        detail_before = client.get(project.get_absolute_url()).status_code

    with time_machine.travel(datetime.datetime(2030, 1, 1, 2, 1, tzinfo=datetime.UTC), tick=False):
        after = {page: client.get(page).content.decode() for page in PUBLIC_PAGES}
        detail_after = client.get(project.get_absolute_url()).status_code

    assert detail_before == 404
    assert detail_after == 200
    for page in PUBLIC_PAGES:
        assert "mekong-scheduled" not in before[page], page
        assert "mekong-scheduled" in after[page], page
