import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from core.publishing import MISSING_SOURCE_MESSAGE, PublicationStatus
from lmc_site import publishing_admin
from tests.factories import (
    make_country,
    make_event,
    make_plan_period,
    make_project,
    make_source,
    publishing_form_data,
)
from timeline.models import Event, PlanPeriod

pytestmark = pytest.mark.django_db


def admin_url(model, view, *args):
    return reverse(f"admin:timeline_{model._meta.model_name}_{view}", args=args)


def event_data(**fields):
    """What the event add or change form posts."""
    return {
        "title": "First Leaders' Meeting",
        "slug": "first-leaders-meeting",
        "kind": Event.Kind.LEADERS_MEETING,
        "summary": "A test event.",
        "body": "",
        "date": "2016-03-23",
        "date_precision": "day",
        "end_date": "",
        "place": "Sanya, Hainan, China",
        "countries": [],
        "publication_status": PublicationStatus.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "sources": [],
        "sourcing_note": "",
        "related_projects": [],
        "lead_image": "",
        "gallery-TOTAL_FORMS": "0",
        "gallery-INITIAL_FORMS": "0",
        "gallery-MIN_NUM_FORMS": "0",
        "gallery-MAX_NUM_FORMS": "1000",
        "_save": "Save",
        **fields,
    }


def event_change_data(event, **fields):
    stored = {
        "title": event.title,
        "slug": event.slug,
        "kind": event.kind,
        "summary": event.summary,
        "date": event.date.isoformat(),
        "date_precision": event.date_precision,
        **publishing_form_data(event),
    }
    return event_data(**{**stored, **fields})


def plan_data(**fields):
    return {
        "name": "Five-Year Plan of Action (2018-2022)",
        "slug": "five-year-plan-2018-2022",
        "start_year": "2018",
        "end_year": "2022",
        "summary": "",
        "sources": [],
        **fields,
    }


def form_errors(response):
    return response.context["adminform"].form.errors


@pytest.mark.parametrize(("model", "make"), [(Event, make_event), (PlanPeriod, make_plan_period)])
def test_admin_changelist_add_and_change_pages_open(staff_client, model, make):
    item = make()

    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", item.pk),
    ):
        assert staff_client.get(url).status_code == 200, url


@pytest.mark.parametrize("choice", ["draft", "public", "scheduled"])
def test_event_changelist_filters_by_publication(staff_client, choice):
    for state in ("published", "draft", "scheduled"):
        make_event(state, title=f"Event that is {state}")
    expected = {"draft": "draft", "public": "published", "scheduled": "scheduled"}[choice]

    response = staff_client.get(admin_url(Event, "changelist"), {"publication": choice})

    assert [e.title for e in response.context["cl"].result_list] == [f"Event that is {expected}"]


def test_add_event_through_the_admin(staff_client):
    country = make_country()
    project = make_project()

    response = staff_client.post(
        admin_url(Event, "add"),
        event_data(countries=[country.pk], related_projects=[project.pk]),
    )

    assert response.status_code == 302
    event = Event.objects.get()
    assert event.publication_status == PublicationStatus.DRAFT
    assert list(event.countries.all()) == [country]
    assert list(event.related_projects.all()) == [project]


def test_add_and_publish_event_in_one_post(staff_client, client):
    source = make_source()

    response = staff_client.post(
        admin_url(Event, "add"),
        event_data(publication_status=PublicationStatus.PUBLISHED, sources=[source.pk]),
    )

    assert response.status_code == 302
    event = Event.objects.published().get()
    assert list(event.sources.all()) == [source]
    assert client.get("/timeline/first-leaders-meeting/").status_code == 200


def test_publishing_an_event_without_a_source_is_refused(staff_client):
    event = make_event("draft", sources=[])

    response = staff_client.post(
        admin_url(Event, "change", event.pk),
        event_change_data(event, publication_status=PublicationStatus.PUBLISHED),
    )

    assert form_errors(response)["sources"] == [MISSING_SOURCE_MESSAGE]
    event.refresh_from_db()
    assert event.publication_status == PublicationStatus.DRAFT


def test_publishing_an_event_through_the_form_calls_publish(staff_client, monkeypatch):
    calls = []
    real_publish = publishing_admin.publish

    def recording_publish(item, **kwargs):
        calls.append(item.pk)
        return real_publish(item, **kwargs)

    monkeypatch.setattr(publishing_admin, "publish", recording_publish)
    event = make_event("draft")

    staff_client.post(
        admin_url(Event, "change", event.pk),
        event_change_data(event, publication_status=PublicationStatus.PUBLISHED),
    )

    assert calls == [event.pk]
    assert Event.objects.published().get() == event


def test_scheduling_an_event_lists_it_as_scheduled(staff_client):
    event = make_event("draft")
    later = timezone.localtime() + datetime.timedelta(days=3)

    staff_client.post(
        admin_url(Event, "change", event.pk),
        event_change_data(
            event,
            publication_status=PublicationStatus.PUBLISHED,
            published_at_0=later.strftime("%Y-%m-%d"),
            published_at_1="08:00:00",
        ),
    )

    event.refresh_from_db()
    assert event.is_scheduled
    assert not Event.objects.published().exists()
    changelist = staff_client.get(admin_url(Event, "changelist"))
    assert f"Scheduled for {later.day} {later.strftime('%B %Y')}, 08:00" in changelist.text


def test_event_ending_before_it_starts_is_refused(staff_client):
    response = staff_client.post(
        admin_url(Event, "add"), event_data(date="2016-03-23", end_date="2016-03-20")
    )

    assert form_errors(response)["end_date"] == ["The end cannot come before the start."]
    assert not Event.objects.exists()


def test_event_end_date_needs_a_start_known_to_the_day(staff_client):
    response = staff_client.post(
        admin_url(Event, "add"), event_data(date_precision="month", end_date="2016-03-30")
    )

    assert form_errors(response)["end_date"] == ["An end date needs a start date known to the day."]


def test_duplicate_event_slug_is_refused(staff_client):
    make_event(slug="first-leaders-meeting")

    response = staff_client.post(admin_url(Event, "add"), event_data())

    assert "already exists" in str(form_errors(response)["slug"])
    assert Event.objects.count() == 1


def test_renaming_an_event_in_the_admin_keeps_the_old_address_working(staff_client, client):
    event = make_event("published", slug="old-event")

    response = staff_client.post(
        admin_url(Event, "change", event.pk), event_change_data(event, slug="new-event")
    )

    assert response.status_code == 302
    answer = client.get("/timeline/old-event/")
    assert answer.status_code == 301
    assert answer["Location"] == "/timeline/new-event/"


def test_bulk_publish_events_names_the_refused_ones(staff_client):
    sourced = make_event("draft", title="Sourced meeting")
    unsourced = make_event("draft", title="Unsourced meeting", sources=[])

    response = staff_client.post(
        admin_url(Event, "changelist"),
        {"action": "publish_selected", "_selected_action": [sourced.pk, unsourced.pk]},
        follow=True,
    )

    assert list(Event.objects.published()) == [sourced]
    messages = [str(m) for m in response.context["messages"]]
    assert "Published 1 event." in messages
    assert any("“23 March 2016: Unsourced meeting”" in m for m in messages)
    unsourced.refresh_from_db()
    assert unsourced.publication_status == PublicationStatus.DRAFT


def test_bulk_unpublish_events(staff_client):
    event = make_event("published")

    staff_client.post(
        admin_url(Event, "changelist"),
        {"action": "unpublish_selected", "_selected_action": [event.pk]},
    )

    assert not Event.objects.published().exists()


def test_add_plan_period_through_the_admin(staff_client):
    source = make_source()

    response = staff_client.post(admin_url(PlanPeriod, "add"), plan_data(sources=[source.pk]))

    assert response.status_code == 302
    plan = PlanPeriod.objects.get()
    assert (plan.start_year, plan.end_year) == (2018, 2022)
    assert list(plan.sources.all()) == [source]


def test_plan_period_ending_before_it_starts_is_refused(staff_client):
    response = staff_client.post(
        admin_url(PlanPeriod, "add"), plan_data(start_year="2022", end_year="2018")
    )

    assert form_errors(response)["end_year"] == ["The end cannot come before the start."]
    assert not PlanPeriod.objects.exists()


def test_non_staff_user_cannot_reach_the_event_admin(client):
    client.force_login(get_user_model().objects.create_user("reader"))

    response = client.get(admin_url(Event, "changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("model", [Event, PlanPeriod])
def test_every_field_editors_see_has_help(rf, admin_user, model):
    request = rf.get("/")
    request.user = admin_user
    form = admin.site.get_model_admin(model).get_form(request)

    missing = [
        name
        for name, field in form.base_fields.items()
        if not field.help_text and not field.widget.is_hidden
    ]

    assert missing == []
