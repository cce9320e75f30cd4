"""The admin every kind of content shares (editorial/admin.py, editorial/publishing_admin.py),
tested once over the models that use it: its pages open, every field has help, the list
filters by publication, publishing and unpublishing go through `publish()` and `unpublish()`
from the form and in bulk, a renamed item's old address redirects, and people without staff
access are sent to the login page."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from core.publishing import MISSING_SOURCE_MESSAGE, PublicationStatus
from editorial import publishing_admin
from projects.models import CooperationArea, Country, FundingSource, KeyFigure, Project, Source
from tests.factories import (
    make_area,
    make_country,
    make_event,
    make_funding_source,
    make_key_figure,
    make_plan_period,
    make_project,
    make_source,
)
from tests.projects.test_admin import project_change_data
from tests.timeline.test_admin import event_change_data
from timeline.models import Event, PlanPeriod

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Content:
    """A kind of content in the admin, and how the tests make and edit one."""

    model: type
    make: object
    # What its change form posts: change_data(item, **changed fields).
    change_data: object = None
    # Its public address for a slug, for kinds with slugs.
    address: str = ""
    # The fields that give an item a name, and the name the admin's messages show for it.
    named: object = None
    shown: str = "{}"

    def __str__(self):
        return self.model.__name__

    def url(self, view, *args):
        options = self.model._meta
        return reverse(f"admin:{options.app_label}_{options.model_name}_{view}", args=args)


PROJECT = Content(
    Project,
    make_project,
    change_data=project_change_data,
    address="/projects/{}/",
    named=lambda name: {"title": name},
)
EVENT = Content(
    Event,
    make_event,
    change_data=event_change_data,
    address="/timeline/{}/",
    named=lambda name: {"title": name},
    # Events are named with their date (the factory's is 23 March 2016).
    shown="23 March 2016: {}",
)
KEY_FIGURE = Content(
    KeyFigure, make_key_figure, named=lambda name: {"value": "12", "label": name}, shown="12 {}"
)
EVERY_KIND = [
    Content(Source, make_source),
    Content(Country, make_country),
    Content(CooperationArea, make_area),
    Content(FundingSource, make_funding_source),
    PROJECT,
    KEY_FIGURE,
    EVENT,
    Content(PlanPeriod, make_plan_period),
]
PUBLISHABLE = [PROJECT, EVENT, KEY_FIGURE]
WITH_FORM_DATA = [PROJECT, EVENT]


def form_errors(response):
    return response.context["adminform"].form.errors


@pytest.mark.parametrize("kind", EVERY_KIND, ids=str)
def test_admin_changelist_add_and_change_pages_open(staff_client, kind):
    item = kind.make()

    for url in (kind.url("changelist"), kind.url("add"), kind.url("change", item.pk)):
        assert staff_client.get(url).status_code == 200, url


@pytest.mark.parametrize("kind", EVERY_KIND, ids=str)
def test_every_field_editors_see_has_help(rf, admin_user, kind):
    request = rf.get("/")
    request.user = admin_user
    model_admin = admin.site.get_model_admin(kind.model)
    forms = [model_admin.get_form(request)] + [
        inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)
    ]

    missing = [
        f"{form.__name__}.{name}"
        for form in forms
        for name, field in form.base_fields.items()
        if not field.help_text and not field.widget.is_hidden
    ]

    assert missing == []


@pytest.mark.parametrize("choice", ["draft", "public", "scheduled", "nonsense"])
@pytest.mark.parametrize("kind", PUBLISHABLE, ids=str)
def test_the_changelist_filters_by_publication(staff_client, kind, choice):
    made = {state: kind.make(state) for state in ("published", "draft", "scheduled")}
    expected = {"draft": "draft", "public": "published", "scheduled": "scheduled"}.get(choice)

    response = staff_client.get(kind.url("changelist"), {"publication": choice})

    assert response.status_code == 200
    shown = response.context["cl"].result_count
    assert shown == (3 if choice == "nonsense" else 1)
    if expected:
        assert [item.pk for item in response.context["cl"].result_list] == [made[expected].pk]


@pytest.mark.parametrize("kind", WITH_FORM_DATA, ids=str)
def test_publishing_through_the_form_calls_publish(staff_client, monkeypatch, kind):
    calls = []
    real_publish = publishing_admin.publish

    def recording_publish(item, **kwargs):
        calls.append((item.pk, kwargs["user"].username))
        return real_publish(item, **kwargs)

    monkeypatch.setattr(publishing_admin, "publish", recording_publish)
    item = kind.make("draft")

    staff_client.post(
        kind.url("change", item.pk),
        kind.change_data(item, publication_status=PublicationStatus.PUBLISHED),
    )

    assert calls == [(item.pk, "editor")]
    assert kind.model.objects.published().get() == item


@pytest.mark.parametrize("kind", WITH_FORM_DATA, ids=str)
def test_publishing_without_a_source_in_the_form_is_refused(staff_client, kind):
    item = kind.make("draft", sources=[])

    response = staff_client.post(
        kind.url("change", item.pk),
        kind.change_data(item, publication_status=PublicationStatus.PUBLISHED),
    )

    assert response.status_code == 200
    assert form_errors(response)["sources"] == [MISSING_SOURCE_MESSAGE]
    assert MISSING_SOURCE_MESSAGE in response.text
    item.refresh_from_db()
    assert item.publication_status == PublicationStatus.DRAFT


@pytest.mark.parametrize("kind", WITH_FORM_DATA, ids=str)
def test_publishing_with_a_future_time_schedules_the_item_and_lists_it_as_scheduled(
    staff_client, kind
):
    item = kind.make("draft")
    later = timezone.localtime() + datetime.timedelta(days=10)

    response = staff_client.post(
        kind.url("change", item.pk),
        kind.change_data(
            item,
            publication_status=PublicationStatus.PUBLISHED,
            published_at_0=later.strftime("%Y-%m-%d"),
            published_at_1="09:30:00",
        ),
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_scheduled
    assert timezone.localtime(item.published_at).strftime("%Y-%m-%d %H:%M") == (
        later.strftime("%Y-%m-%d 09:30")
    )
    assert not kind.model.objects.published().exists()
    changelist = staff_client.get(kind.url("changelist"))
    assert f"Scheduled for {later.day} {later.strftime('%B %Y')}, 09:30" in changelist.text


@pytest.mark.parametrize("kind", WITH_FORM_DATA, ids=str)
def test_renaming_an_item_in_the_admin_keeps_the_old_address_working(staff_client, client, kind):
    item = kind.make("published", slug="old-name")

    response = staff_client.post(
        kind.url("change", item.pk), kind.change_data(item, slug="new-name")
    )

    assert response.status_code == 302
    answer = client.get(kind.address.format("old-name"))
    assert answer.status_code == 301
    assert answer["Location"] == kind.address.format("new-name")
    change_page = staff_client.get(kind.url("change", item.pk))
    assert kind.address.format("old-name") in change_page.text


@pytest.mark.parametrize("kind", PUBLISHABLE, ids=str)
def test_bulk_publish_publishes_sourced_items_and_names_the_refused(staff_client, kind):
    sourced = kind.make("draft", **kind.named("Has a source"))
    unsourced = kind.make("draft", sources=[], **kind.named("Has no source"))
    also_unsourced = kind.make("draft", sources=[], **kind.named("Neither has this"))

    response = staff_client.post(
        kind.url("changelist"),
        {
            "action": "publish_selected",
            "_selected_action": [sourced.pk, unsourced.pk, also_unsourced.pk],
        },
        follow=True,
    )

    assert list(kind.model.objects.published()) == [sourced]
    messages = [str(m) for m in response.context["messages"]]
    assert f"Published 1 {kind.model._meta.verbose_name}." in messages
    refused = [m for m in messages if m.startswith("Not published")]
    assert len(refused) == 1
    assert f"“{kind.shown.format('Has no source')}”" in refused[0]
    assert f"“{kind.shown.format('Neither has this')}”" in refused[0]
    assert MISSING_SOURCE_MESSAGE in refused[0]
    unsourced.refresh_from_db()
    assert unsourced.publication_status == PublicationStatus.DRAFT


@pytest.mark.parametrize("kind", PUBLISHABLE, ids=str)
def test_bulk_unpublish_makes_the_selected_items_drafts(staff_client, kind):
    selected = [kind.make("published"), kind.make("scheduled")]
    untouched = kind.make("published")

    response = staff_client.post(
        kind.url("changelist"),
        {"action": "unpublish_selected", "_selected_action": [item.pk for item in selected]},
        follow=True,
    )

    assert list(kind.model.objects.published()) == [untouched]
    assert not kind.model.objects.published().filter(pk__in=[i.pk for i in selected]).exists()
    assert kind.model.objects.filter(publication_status=PublicationStatus.DRAFT).count() == 2
    assert f"Unpublished 2 {kind.model._meta.verbose_name_plural}" in response.text


@pytest.mark.parametrize("kind", WITH_FORM_DATA, ids=str)
def test_non_staff_user_cannot_reach_the_admin(client, kind):
    user = get_user_model().objects.create_user("reader", "reader@example.org")
    client.force_login(user)

    for url in ("/admin/", kind.url("changelist"), kind.url("add")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
