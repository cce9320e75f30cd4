import io

import pytest
from django.core.management import CommandError, call_command

from projects.models import Project, ProjectResult, Source
from search.engine import search as search_projects
from starter_content.management.commands.generate_demo_data import DEMO_SOURCE_TITLE
from tests.factories import make_event, make_project
from timeline.models import Event

pytestmark = pytest.mark.django_db


def generate(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("generate_demo_data", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_generates_the_asked_numbers_of_public_demo_items():
    generate("--projects", "30", "--events", "7")
    assert Project.objects.published().count() == 30
    assert Event.objects.published().count() == 7
    assert ProjectResult.objects.count() == 30


def test_every_item_is_marked_and_sourced_as_demo_data():
    generate("--projects", "20", "--events", "5")
    source = Source.objects.get(title=DEMO_SOURCE_TITLE)
    for model in [Project, Event]:
        for item in model.objects.prefetch_related("sources"):
            assert item.title.startswith("Demo:")
            assert item.slug.startswith("demo-")
            assert list(item.sources.all()) == [source]


def test_projects_have_countries_areas_and_text():
    generate("--projects", "20", "--events", "0")
    for project in Project.objects.prefetch_related("countries", "areas"):
        assert 1 <= project.countries.count() <= 2
        assert project.areas.count() == 1
        assert project.summary and project.body and project.place_name
        assert project.start_date


def test_the_same_seed_gives_the_same_data():
    generate("--projects", "15", "--events", "3", "--seed", "7")
    first = list(Project.objects.order_by("slug").values_list("title", "summary", "status"))
    generate("--projects", "15", "--events", "3", "--seed", "7")
    again = list(Project.objects.order_by("slug").values_list("title", "summary", "status"))
    assert first == again
    assert Project.objects.count() == 15


def test_generated_projects_are_searchable():
    generate("--projects", "50", "--events", "0")
    assert search_projects(Project.objects.published(), "demo").count() == 50


def test_shows_a_progress_bar():
    _, stderr = generate("--projects", "10", "--events", "2")
    assert "[" + "#" * 30 + "] 10/10" in stderr
    assert "events" in stderr


def test_delete_removes_only_demo_content():
    real_project = make_project(title="China-Laos Railway")
    real_event = make_event(title="First leaders' meeting")
    generate("--projects", "25", "--events", "5")
    stdout, _ = generate("--delete")
    assert "Deleted 30" in stdout
    assert list(Project.objects.all()) == [real_project]
    assert list(Event.objects.all()) == [real_event]
    assert search_projects(Project.objects.all(), "demo").count() == 0
    assert search_projects(Project.objects.all(), "railway").get() == real_project
    assert not Source.objects.filter(title=DEMO_SOURCE_TITLE).exists()


def test_refuses_production_settings_without_force(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="--force"):
        generate("--projects", "1")
    assert not Project.objects.exists()
    generate("--projects", "1", "--events", "0", "--force")
    assert Project.objects.count() == 1
