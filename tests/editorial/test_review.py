import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.publishing import PublicationStatus
from editorial.models import ReviewRequest
from projects.models import Project
from tests.factories import make_area, make_country, make_project, make_source
from tests.projects.test_admin import project_change_data, result_row

pytestmark = pytest.mark.django_db

AWAITING = ReviewRequest.State.AWAITING


def make_live_project(**fields):
    return make_project("published", countries=[make_country()], areas=[make_area()], **fields)


def change_url(item):
    return reverse("admin:projects_project_change", args=[item.pk])


def submit_url(item):
    return reverse("admin:projects_project_submit_for_review", args=[item.pk])


def review_url(view, review):
    return reverse(f"admin:editorial_reviewrequest_{view}", args=[review.pk])


def edit(client, project, **fields):
    """Post the change form of `project` as an editor who changed only `fields`."""
    project.refresh_from_db()
    fields.setdefault("countries", [c.pk for c in project.countries.all()] or [make_country().pk])
    fields.setdefault("areas", [a.pk for a in project.areas.all()] or [make_area().pk])
    return client.post(change_url(project), project_change_data(project, **fields))


def test_an_editors_change_to_a_published_project_waits_and_the_page_stays(editor_client, client):
    project = make_live_project(title="Live title", summary="Live summary.")

    response = edit(editor_client, project, title="Proposed title", summary="Proposed summary.")

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.summary) == ("Live title", "Live summary.")
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Live title" in page
    assert "Proposed title" not in page
    review = ReviewRequest.objects.get()
    assert (review.item, review.state, review.is_change) == (project, AWAITING, True)
    page = editor_client.get(change_url(project)).content.decode()
    assert "your changes wait for a publisher's approval" in page.replace("&#x27;", "'")
    assert "awaiting review" in page


def test_a_publisher_sees_the_proposed_change_field_by_field(editor_client, publisher_client):
    project = make_live_project(title="Live title")
    edit(editor_client, project, title="Proposed title")
    review = ReviewRequest.objects.get()

    response = publisher_client.get(review_url("change", review))

    changed = response.context["changed_rows"]
    assert [(row["label"], row["old"], row["new"]) for row in changed] == [
        ("Title", "Live title", "Proposed title")
    ]
    assert "Approve: make the change live" in response.content.decode()


def test_approving_makes_the_change_live_with_its_results(editor_client, publisher_client, client):
    project = make_live_project(title="Live title")
    source = make_source()
    edit(editor_client, project, title="Proposed title", **result_row(source))
    review = ReviewRequest.objects.get()
    assert not project.results.exists()

    response = publisher_client.post(review_url("approve", review))

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Proposed title"
    assert project.publication_status == PublicationStatus.PUBLISHED
    assert [result.label for result in project.results.all()] == ["Railway length"]
    assert "Proposed title" in client.get(project.get_absolute_url()).content.decode()
    review.refresh_from_db()
    assert review.state == ReviewRequest.State.APPROVED
    assert review.decided_by.username == "publisher"


def test_an_editor_cannot_approve_by_the_approval_url(editor_client):
    project = make_live_project(title="Live title")
    edit(editor_client, project, title="Proposed title")
    draft = make_project("draft")
    editor_client.post(submit_url(draft))

    for review in ReviewRequest.objects.all():
        response = editor_client.post(review_url("approve", review))
        assert response.status_code == 403

    assert Project.objects.get(pk=project.pk).title == "Live title"
    assert Project.objects.get(pk=draft.pk).publication_status == PublicationStatus.DRAFT
    assert set(ReviewRequest.objects.values_list("state", flat=True)) == {AWAITING}


def test_an_unchanged_save_of_a_published_project_makes_no_request(editor_client):
    project = make_live_project()

    edit(editor_client, project)

    assert not ReviewRequest.objects.exists()


def test_an_invalid_change_to_a_published_project_shows_the_errors(editor_client):
    project = make_live_project()

    response = edit(editor_client, project, slug="not a slug!")

    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert not ReviewRequest.objects.exists()


def test_a_publishers_change_to_a_published_project_goes_live_at_once(publisher_client):
    project = make_live_project(title="Live title")

    edit(publisher_client, project, title="New title")

    assert Project.objects.get().title == "New title"
    assert not ReviewRequest.objects.exists()


def test_an_editor_submits_a_draft_and_a_publisher_approves_it(editor_client, publisher_client):
    draft = make_project("draft", title="Draft for review")

    page = editor_client.get(change_url(draft)).content.decode()
    editor_client.post(submit_url(draft), {"note": "Ready, I think."})
    editor_client.post(submit_url(draft))
    review = ReviewRequest.objects.get()
    listed = publisher_client.get(
        reverse("admin:editorial_reviewrequest_changelist"), follow=True
    ).content.decode()
    publisher_client.post(review_url("approve", review))

    assert "Submit for review" in page
    assert (review.note, review.is_change) == ("Ready, I think.", False)
    assert "Draft for review" in listed
    assert list(Project.objects.published()) == [draft]


def test_a_publisher_can_schedule_on_approval(editor_client, publisher_client):
    draft = make_project("draft")
    editor_client.post(submit_url(draft))
    review = ReviewRequest.objects.get()
    later = timezone.localtime() + datetime.timedelta(days=2)

    publisher_client.post(
        review_url("approve", review), {"publish_at": later.strftime("%Y-%m-%d %H:%M")}
    )

    draft.refresh_from_db()
    assert draft.is_scheduled


def test_a_publisher_sends_back_with_a_comment_the_editor_sees(editor_client, publisher_client):
    draft = make_project("draft")
    editor_client.post(submit_url(draft))
    review = ReviewRequest.objects.get()

    refused = publisher_client.post(review_url("send_back", review), {"comment": "  "})
    publisher_client.post(review_url("send_back", review), {"comment": "Cite the ministry."})

    assert refused.status_code == 302
    review.refresh_from_db()
    assert (review.state, review.comment) == (ReviewRequest.State.SENT_BACK, "Cite the ministry.")
    assert "Cite the ministry." in editor_client.get(change_url(draft)).content.decode()
    assert not Project.objects.published().exists()


def test_a_decided_request_cannot_be_approved_again(editor_client, publisher_client):
    draft = make_project("draft")
    editor_client.post(submit_url(draft))
    review = ReviewRequest.objects.get()
    publisher_client.post(review_url("send_back", review), {"comment": "No."})

    response = publisher_client.post(review_url("approve", review), follow=True)

    assert "decided already" in response.content.decode()
    assert not Project.objects.published().exists()


def test_a_bad_publish_time_is_refused_with_a_message(editor_client, publisher_client):
    draft = make_project("draft")
    editor_client.post(submit_url(draft))
    review = ReviewRequest.objects.get()

    response = publisher_client.post(
        review_url("approve", review), {"publish_at": "tomorrow-ish"}, follow=True
    )

    assert response.status_code == 200
    assert not Project.objects.published().exists()


def test_an_editor_sees_no_approve_button(editor_client):
    draft = make_project("draft")
    editor_client.post(submit_url(draft))

    page = editor_client.get(review_url("change", ReviewRequest.objects.get())).content.decode()

    assert "Approve" not in page
