"""The project, event and key figure lists show, for each item, its publication (with the
scheduled time), whether a change or draft awaits review, and who saved it last, at a
query cost that does not grow with the number of rows."""

import datetime

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from editorial import review
from tests.factories import make_event, make_key_figure, make_project

pytestmark = pytest.mark.django_db

LISTS = {
    "project": ("admin:projects_project_changelist", make_project),
    "event": ("admin:timeline_event_changelist", make_event),
    "key figure": ("admin:projects_keyfigure_changelist", make_key_figure),
}


def make_items(make_item, count, user):
    """`count` items: drafts, published and scheduled, each saved once by `user`, and a
    third of them awaiting review."""
    states = ["draft", "published", "scheduled"]
    items = []
    for i in range(count):
        with reversion.create_revision():
            item = make_item(states[i % 3])
            reversion.set_user(user)
        if i % 3 == 0:
            review.submit_for_review(item, user=user)
        items.append(item)
    return items


def changelist_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("kind", LISTS)
def test_the_list_costs_the_same_queries_for_3_and_for_30_items(
    staff_client, django_assert_num_queries, kind
):
    url_name, make_item = LISTS[kind]
    url = reverse(url_name)
    user = get_user_model().objects.get(username="editor")
    make_items(make_item, 3, user)
    with_3 = changelist_queries(staff_client, url)
    make_items(make_item, 27, user)

    # The same exact number with 30 items: no query per row for any column.
    with django_assert_num_queries(with_3):
        response = staff_client.get(url)

    assert len(response.context["cl"].result_list) == 30


def test_the_project_list_shows_publication_schedule_review_and_last_editor(
    staff_client, editor_client
):
    later = timezone.now() + datetime.timedelta(days=3)
    draft = make_project("draft", title="Draft waiting")
    make_project("published", title="Scheduled one", published_at=later)
    review.submit_for_review(draft, user=get_user_model().objects.get(username="writer"))
    with reversion.create_revision():
        make_project("published", title="Live one").save()
        reversion.set_user(get_user_model().objects.get(username="writer"))

    response = staff_client.get(reverse("admin:projects_project_changelist"))

    rows = {
        item.title: (item.awaiting_review, item.last_editor)
        for item in response.context["cl"].result_list
    }
    assert rows == {
        "Draft waiting": (True, None),
        "Scheduled one": (False, None),
        "Live one": (False, "writer"),
    }
    page = response.content.decode()
    assert "Awaiting review" in page
    assert "Last editor" in page
    assert "Scheduled for " in page


def test_proposed_changes_show_as_awaiting_and_are_not_the_last_save(editor_client):
    from tests.editorial.test_pending_changes import live_project, reopen_and_save

    project = live_project(title="Live title")
    reopen_and_save(editor_client, project, title="Proposed title")
    reopen_and_save(editor_client, project, title="Proposed again")

    response = editor_client.get(reverse("admin:projects_project_changelist"))

    [row] = response.context["cl"].result_list
    assert (row.awaiting_review, row.last_editor) == (True, None)
