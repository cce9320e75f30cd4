import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.markdown import render_markdown
from core.models import OldSlug
from core.publishing import (
    MISSING_SOURCE_MESSAGE,
    PublicationStatus,
    check_publishable,
    publish,
    unpublish,
)
from projects.models import Country, KeyFigure, Project
from tests.factories import (
    make_country,
    make_event,
    make_key_figure,
    make_project,
    make_source,
)
from timeline.models import Event

pytestmark = pytest.mark.django_db


def test_published_lists_only_published_items_whose_time_has_come():
    public = make_project("published")
    make_project("draft")
    make_project("scheduled")
    make_project(publication_status=PublicationStatus.PUBLISHED, published_at=None)

    assert list(Project.objects.published()) == [public]


@pytest.mark.parametrize("make", [make_event, make_key_figure])
def test_published_applies_to_events_and_key_figures(make):
    public = make("published")
    make("draft")
    make("scheduled")

    assert list(type(public).objects.published()) == [public]


def test_countries_are_always_published():
    country = make_country()

    assert list(Country.objects.published()) == [country]


def test_check_publishable_refuses_an_item_without_sources():
    project = make_project("draft", sources=[])

    with pytest.raises(ValidationError) as raised:
        check_publishable(project)

    assert raised.value.message_dict == {"sources": [MISSING_SOURCE_MESSAGE]}


def test_check_publishable_accepts_an_item_with_a_source():
    check_publishable(make_project("draft"))


def test_check_publishable_judges_the_given_sources_over_the_stored_ones():
    with_source = make_project("draft")
    without_source = make_project("draft", sources=[])

    with pytest.raises(ValidationError):
        check_publishable(with_source, sources=[])
    check_publishable(without_source, sources=[make_source()])


def test_check_publishable_refuses_an_unsaved_item_without_given_sources():
    with pytest.raises(ValidationError):
        check_publishable(Project(title="New", slug="new"))


def test_publish_makes_a_draft_public_now():
    project = make_project("draft")
    before = timezone.now()

    publish(project)

    project.refresh_from_db()
    assert project.publication_status == PublicationStatus.PUBLISHED
    assert before <= project.published_at <= timezone.now()
    assert project.is_public
    assert list(Project.objects.published()) == [project]


def test_publish_at_a_future_time_schedules_the_item():
    project = make_project("draft")
    later = timezone.now() + datetime.timedelta(days=3)

    publish(project, at=later)

    project.refresh_from_db()
    assert project.published_at == later
    assert project.is_scheduled
    assert not project.is_public
    assert not Project.objects.published().exists()


def test_publish_keeps_the_time_a_draft_was_given():
    later = timezone.now() + datetime.timedelta(days=3)
    project = make_project("draft", published_at=later)

    publish(project)

    project.refresh_from_db()
    assert project.published_at == later
    assert project.is_scheduled


def test_publish_without_a_source_is_refused_and_the_item_stays_a_draft():
    project = make_project("draft", sources=[])

    with pytest.raises(ValidationError, match="Cite at least one source"):
        publish(project)

    project.refresh_from_db()
    assert project.publication_status == PublicationStatus.DRAFT
    assert not Project.objects.published().exists()


def test_publish_refuses_a_key_figure_and_an_event_without_a_source():
    figure = make_key_figure("draft", sources=[])
    event = make_event("draft", sources=[])

    for item in (figure, event):
        with pytest.raises(ValidationError):
            publish(item)

    assert not KeyFigure.objects.published().exists()
    assert not Event.objects.published().exists()


def test_unpublish_makes_an_item_a_draft_and_keeps_its_time():
    project = make_project("published")
    published_at = project.published_at

    unpublish(project)

    project.refresh_from_db()
    assert project.publication_status == PublicationStatus.DRAFT
    assert project.published_at == published_at
    assert not project.is_public
    assert not project.is_scheduled
    assert not Project.objects.published().exists()


@pytest.mark.parametrize(
    ("state", "is_public", "is_scheduled"),
    [("published", True, False), ("scheduled", False, True), ("draft", False, False)],
)
def test_is_public_and_is_scheduled_for_each_state(state, is_public, is_scheduled):
    project = make_project(state)

    assert (project.is_public, project.is_scheduled) == (is_public, is_scheduled)


def test_a_published_item_without_a_time_is_neither_public_nor_scheduled():
    project = Project(publication_status=PublicationStatus.PUBLISHED, published_at=None)

    assert not project.is_public
    assert not project.is_scheduled


def test_renaming_remembers_the_old_slug():
    project = make_project(slug="first")
    project = Project.objects.get(pk=project.pk)

    project.slug = "second"
    project.save()

    assert [old.slug for old in project.old_slugs.all()] == ["first"]
    assert OldSlug.find(Project, "first") == project


def test_renaming_twice_keeps_both_old_slugs_pointing_to_the_item():
    project = make_project(slug="first")
    project = Project.objects.get(pk=project.pk)

    project.slug = "second"
    project.save()
    project.slug = "third"
    project.save()

    assert sorted(old.slug for old in project.old_slugs.all()) == ["first", "second"]
    assert OldSlug.find(Project, "first") == project
    assert OldSlug.find(Project, "second") == project
    assert OldSlug.find(Project, "third") is None


def test_renaming_back_to_an_old_slug_forgets_it_as_old():
    project = make_project(slug="first")
    project = Project.objects.get(pk=project.pk)

    project.slug = "second"
    project.save()
    project.slug = "first"
    project.save()

    assert [old.slug for old in project.old_slugs.all()] == ["second"]
    assert OldSlug.find(Project, "first") is None


def test_saving_without_a_rename_remembers_nothing():
    project = Project.objects.get(pk=make_project(slug="same").pk)

    project.title = "New title"
    project.save()

    assert not OldSlug.objects.exists()


def test_another_item_may_take_an_old_slug_and_the_old_link_moves_to_it():
    first = Project.objects.get(pk=make_project(slug="shared").pk)
    first.slug = "renamed"
    first.save()

    second = Project.objects.get(pk=make_project(slug="other").pk)
    second.slug = "shared"
    second.save()

    assert OldSlug.find(Project, "shared") is None
    assert OldSlug.find(Project, "other") == second
    assert Project.objects.get(slug="shared") == second


def test_old_slugs_of_different_models_do_not_mix():
    project = Project.objects.get(pk=make_project(slug="launch").pk)
    project.slug = "project-launch"
    project.save()

    assert OldSlug.find(Project, "launch") == project
    assert OldSlug.find(Event, "launch") is None


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        '<p onclick="alert(1)">text</p>',
        "<iframe src='https://example.org'></iframe>",
        "<style>body { display: none }</style>",
        '<a href="JaVaScRiPt:alert(1)">click</a>',
    ],
)
def test_render_markdown_strips_scripts_and_event_handlers(payload):
    html = render_markdown(payload).lower()

    for dangerous in ("<script", "javascript:", "onerror", "onclick", "<iframe", "<style", "<img"):
        assert dangerous not in html


def test_render_markdown_keeps_ordinary_formatting():
    html = render_markdown("Some **bold** text.\n\n- one\n- two")

    assert "<strong>bold</strong>" in html
    assert "<li>one</li>" in html


def test_render_markdown_gives_links_noopener_nofollow():
    html = render_markdown("[Xinhua](https://example.org/story)")

    assert 'href="https://example.org/story"' in html
    assert 'rel="noopener nofollow"' in html


def test_render_markdown_of_empty_text_is_empty():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
