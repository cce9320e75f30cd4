"""Plain functions that make valid content for tests. Every keyword can be overridden."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from core.dates import DatePrecision
from core.publishing import PublicationStatus
from projects.models import (
    CooperationArea,
    Country,
    FundingSource,
    KeyFigure,
    Project,
    ProjectResult,
    Source,
)
from starter_content.management.commands.generate_demo_data import COUNTRIES
from timeline.models import Event, PlanPeriod

_numbers = itertools.count(1)


def n():
    return next(_numbers)


def make_source(**fields):
    i = n()
    fields = {
        "title": f"Test source {i}",
        "publisher": "Test publisher",
        "date": datetime.date(2020, 1, 1),
        "url": f"https://example.org/source/{i}",
        **fields,
    }
    return Source.objects.create(**fields)


def make_countries():
    return [
        Country.objects.get_or_create(
            slug=slug, defaults={"name": name, "official_name": official, "iso_code": iso}
        )[0]
        for name, official, iso, slug in COUNTRIES
    ]


def two_letter_code(i):
    """A code made from `i` that is never one of the six real countries' (make_countries)."""
    real = {iso for _, _, iso, _ in COUNTRIES}
    while (code := f"{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}") in real:
        i = n()
    return code


def make_country(**fields):
    i = n()
    fields = {
        "name": f"Country {i}",
        "official_name": f"Republic of Country {i}",
        "iso_code": two_letter_code(i),
        "slug": f"country-{i}",
        **fields,
    }
    return Country.objects.create(**fields)


def make_pillar(**fields):
    i = n()
    fields = {"name": f"Pillar {i}", "slug": f"pillar-{i}", "kind": "pillar", **fields}
    return CooperationArea.objects.create(**fields)


def make_area(pillar=None, **fields):
    i = n()
    fields = {
        "name": f"Area {i}",
        "slug": f"area-{i}",
        "kind": CooperationArea.Kind.PRIORITY,
        "pillar": pillar or make_pillar(),
        **fields,
    }
    return CooperationArea.objects.create(**fields)


def make_funding_source(**fields):
    i = n()
    fields = {"name": f"Fund {i}", "slug": f"fund-{i}", **fields}
    return FundingSource.objects.create(**fields)


def _publication(state):
    """Fields for a 'published', 'scheduled' or 'draft' item."""
    now = timezone.now()
    return {
        "published": {"publication_status": PublicationStatus.PUBLISHED,
                      "published_at": now - datetime.timedelta(days=1)},
        "scheduled": {"publication_status": PublicationStatus.PUBLISHED,
                      "published_at": now + datetime.timedelta(days=7)},
        "draft": {"publication_status": PublicationStatus.DRAFT, "published_at": None},
    }[state]  # fmt: skip


def make_project(state="published", countries=(), areas=(), sources=None, **fields):
    i = n()
    fields = {
        "title": f"Project {i}",
        "slug": f"project-{i}",
        "summary": f"Summary of project {i}.",
        "start_date": datetime.date(2018, 1, 1),
        "start_precision": DatePrecision.YEAR,
        **_publication(state),
        **fields,
    }
    project = Project.objects.create(**fields)
    project.countries.add(*countries)
    project.areas.add(*areas)
    project.sources.add(*(sources if sources is not None else [make_source()]))
    return project


def make_result(project, **fields):
    fields = {"label": "Length", "value": "100", "unit": "km", **fields}
    fields.setdefault("source", make_source())
    return ProjectResult.objects.create(project=project, **fields)


def make_event(state="published", countries=(), projects=(), sources=None, **fields):
    i = n()
    fields = {
        "title": f"Event {i}",
        "slug": f"event-{i}",
        "date": datetime.date(2016, 3, 23),
        "date_precision": DatePrecision.DAY,
        "kind": Event.Kind.OTHER,
        "summary": f"Summary of event {i}.",
        **_publication(state),
        **fields,
    }
    event = Event.objects.create(**fields)
    event.countries.add(*countries)
    # add(), not set(): a new item has no links to compare, and set() reads the linked
    # projects through a join that PostgreSQL plans badly in a long test run.
    event.related_projects.add(*projects)
    event.sources.add(*(sources if sources is not None else [make_source()]))
    return event


def make_key_figure(state="published", sources=None, **fields):
    i = n()
    fields = {"value": f"{i}00", "label": f"things counted {i}", **_publication(state), **fields}
    figure = KeyFigure.objects.create(**fields)
    figure.sources.add(*(sources if sources is not None else [make_source()]))
    return figure


def make_plan_period(**fields):
    i = n()
    fields = {
        "name": f"Plan {i}",
        "slug": f"plan-{i}",
        "start_year": 2018,
        "end_year": 2022,
        **fields,
    }
    return PlanPeriod.objects.create(**fields)


def make_linked_content(count):
    """`count` published projects, results, events and key figures, linked to one another.

    For query-count tests: a page whose queries grow with its content shows a
    different count at 5 and at 200 items.
    """
    countries = make_countries()
    pillar = make_pillar()
    areas = [make_area(pillar=pillar), make_area(pillar=pillar)]
    source = make_source()
    projects = [
        make_project(countries=countries[:3], areas=areas, sources=[source], featured=True)
        for _ in range(count)
    ]
    for project in projects:
        make_result(project, source=source)
    events = [
        make_event(
            countries=countries[:3],
            projects=projects[:count],
            sources=[source],
            date=datetime.date(2014 + i % 10, 1 + i % 12, 1 + i % 28),
        )
        for i in range(count)
    ]
    key_figures = [make_key_figure(sources=[source]) for _ in range(count)]
    make_plan_period(start_year=2018, end_year=2022)
    return {"projects": projects, "events": events, "key_figures": key_figures}


def make_staff_user(username, role=None, **fields):
    """A staff login in the Editor or Publisher group (editorial.roles), or in none."""
    fields = {"email": f"{username}@example.org", "is_staff": True, **fields}
    user = get_user_model().objects.create_user(username, **fields)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def publishing_form_data(item):
    """What an admin change form posts for the item's publication and sources, as stored."""
    published_at = item.published_at and timezone.localtime(item.published_at)
    return {
        "publication_status": item.publication_status,
        "published_at_0": published_at.strftime("%Y-%m-%d") if published_at else "",
        "published_at_1": published_at.strftime("%H:%M:%S") if published_at else "",
        "sources": [source.pk for source in item.sources.all()],
        "loaded_at": item.updated_at.isoformat(),
    }
