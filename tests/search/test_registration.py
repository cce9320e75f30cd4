"""The content apps' registrations: what they index, which rows the search page shows, and the
check that they match what the frozen migrations' triggers index."""

import pytest
from django.core.management import call_command

from projects.models import Project
from search import Names, registry
from search.checks import check_frozen_triggers
from search.index import create_statements
from tests.factories import make_project
from timeline.models import Event


def test_each_content_model_is_registered_under_its_own_table():
    assert [kind.name for kind in registry.kinds()] == ["projects", "events"]
    assert registry.spec_for(Project).table == Project._meta.db_table
    assert registry.spec_for(Event).table == Event._meta.db_table


def test_a_registered_index_reads_the_related_text_from_the_models_tables():
    statements = " ".join(create_statements(registry.spec_for(Project), "sqlite"))
    for table in ["projects_projectresult", "projects_project_countries", "projects_country"]:
        assert table in statements


@pytest.mark.django_db
def test_the_registered_public_rows_leave_drafts_out():
    published = make_project(title="Published bridge")
    make_project(title="Draft bridge", state="draft")
    kind = next(kind for kind in registry.kinds() if kind.model is Project)
    assert list(kind.public_rows()) == [published]


def test_the_registrations_match_the_frozen_triggers():
    assert check_frozen_triggers() == []


def test_the_check_fails_when_a_registration_adds_a_column(monkeypatch):
    kind = next(kind for kind in registry.kinds() if kind.model is Event)
    more = registry.index_spec(
        Event, "place", [Names("countries", ["name", "official_name", "slug"])]
    )
    monkeypatch.setattr(kind, "spec", more)
    errors = check_frozen_triggers()
    assert [error.id for error in errors] == ["search.E001"]
    assert "timeline_event" in errors[0].msg


def test_the_check_runs_with_the_system_checks(monkeypatch):
    kind = next(kind for kind in registry.kinds() if kind.model is Event)
    monkeypatch.setattr(kind, "spec", registry.index_spec(Event, "title", []))
    with pytest.raises(Exception, match="search.E001"):
        call_command("check")
