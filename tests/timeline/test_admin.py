import pytest
from django.urls import reverse

from core.publishing import PublicationStatus
from tests.factories import (
    make_country,
    make_event,
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
