import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.permissions import can_publish
from core.publishing import PublicationStatus, publish, unpublish
from editorial.roles import EDITOR, PUBLISHER, sync_roles
from projects.models import Project
from tests.factories import (
    make_area,
    make_country,
    make_event,
    make_key_figure,
    make_project,
    make_staff_user,
)
from timeline.models import Event

pytestmark = pytest.mark.django_db

PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def delete_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[item.pk])


def test_migrations_create_both_roles_with_their_rights():
    editor, publisher = codenames(EDITOR), codenames(PUBLISHER)

    assert {"add_project", "change_project", "view_project", "delete_project"} <= editor
    assert {"change_event", "change_source", "change_country", "add_planperiod"} <= editor
    assert "delete_country" not in editor
    assert "delete_source" not in editor
    assert editor < publisher
    assert {"delete_country", "delete_source", "delete_planperiod"} <= publisher


def test_sync_roles_puts_back_rights_removed_by_hand_and_takes_away_extra_ones():
    editor = Group.objects.get(name=EDITOR)
    editor.permissions.remove(Permission.objects.get(codename="change_project"))
    editor.permissions.add(Permission.objects.get(codename="delete_country"))

    sync_roles()

    assert "change_project" in codenames(EDITOR)
    assert "delete_country" not in codenames(EDITOR)


@pytest.mark.parametrize(
    ("role", "fields", "expected"),
    [
        (PUBLISHER, {}, True),
        (EDITOR, {}, False),
        (None, {}, False),
        (None, {"is_superuser": True}, True),
        (PUBLISHER, {"is_active": False}, False),
        (PUBLISHER, {"is_staff": False}, False),
    ],
)
def test_can_publish_only_for_active_publishers_and_superusers(role, fields, expected):
    assert can_publish(make_staff_user("someone", role, **fields)) is expected


@pytest.mark.parametrize("make", [make_project, make_event, make_key_figure])
def test_an_editor_cannot_publish_or_unpublish_through_the_publishing_functions(make):
    editor = make_staff_user("writer", EDITOR)
    draft, public = make("draft"), make("published")

    with pytest.raises(PermissionDenied):
        publish(draft, user=editor)
    with pytest.raises(PermissionDenied):
        unpublish(public, user=editor)

    draft.refresh_from_db()
    public.refresh_from_db()
    assert draft.publication_status == DRAFT
    assert public.publication_status == PUBLISHED


def test_a_publisher_and_the_system_can_publish():
    publisher = make_staff_user("publisher", PUBLISHER)
    first, second = make_project("draft"), make_project("draft")

    publish(first, user=publisher)
    publish(second)

    assert set(Project.objects.published()) == {first, second}


def test_an_editor_sees_the_publication_fields_read_only(editor_client):
    project = make_project("draft")

    page = editor_client.get(change_url(project)).content.decode()

    assert 'name="title"' in page
    assert 'name="publication_status"' not in page
    assert 'name="published_at_0"' not in page


def test_a_publisher_sees_the_publication_fields(publisher_client):
    project = make_project("draft")

    page = publisher_client.get(change_url(project)).content.decode()

    assert 'name="publication_status"' in page


def crafted_post(project, **fields):
    data = {
        "title": project.title,
        "slug": project.slug,
        "summary": project.summary,
        "body": "",
        "publication_status": PUBLISHED,
        "published_at_0": "2020-01-01",
        "published_at_1": "00:00:00",
        "sources": [source.pk for source in project.sources.all()],
        "status": project.status,
        "countries": [make_country().pk],
        "areas": [make_area().pk],
        "start_date": "2018-01-01",
        "start_precision": "year",
        "end_precision": "year",
        "loaded_at": project.updated_at.isoformat(),
        "results-TOTAL_FORMS": "0",
        "results-INITIAL_FORMS": "0",
        "results-MIN_NUM_FORMS": "0",
        "results-MAX_NUM_FORMS": "1000",
        "gallery-TOTAL_FORMS": "0",
        "gallery-INITIAL_FORMS": "0",
        "gallery-MIN_NUM_FORMS": "0",
        "gallery-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    return {**data, **fields}


def test_a_crafted_post_by_an_editor_cannot_publish_a_draft(editor_client, client):
    project = make_project("draft")

    response = editor_client.post(
        change_url(project), crafted_post(project, summary="Changed by the editor.")
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.summary == "Changed by the editor."
    assert project.publication_status == DRAFT
    assert client.get(project.get_absolute_url()).status_code == 404


def test_a_crafted_post_by_an_editor_cannot_add_a_published_project(editor_client):
    project = make_project("draft", slug="template")
    data = crafted_post(project, title="New one", slug="new-one", loaded_at="")

    response = editor_client.post(reverse("admin:projects_project_add"), data)

    assert response.status_code == 302
    assert Project.objects.get(slug="new-one").publication_status == DRAFT
    assert not Project.objects.published().exists()


def test_an_editor_saving_a_published_project_keeps_it_published(editor_client):
    project = make_project("published")
    published_at = project.published_at

    editor_client.post(change_url(project), crafted_post(project, publication_status=DRAFT))

    project.refresh_from_db()
    assert (project.publication_status, project.published_at) == (PUBLISHED, published_at)


def test_an_editor_cannot_remove_every_source_from_a_published_project(editor_client):
    project = make_project("published")

    response = editor_client.post(change_url(project), crafted_post(project, sources=[]))

    assert response.status_code == 200
    assert "Cite at least one source" in response.content.decode()
    assert project.sources.exists()


@pytest.mark.parametrize("action", ["publish_selected", "unpublish_selected"])
def test_an_editor_gets_no_publishing_actions_and_a_crafted_one_does_nothing(editor_client, action):
    draft, public = make_project("draft"), make_project("published")

    page = editor_client.get(changelist_url(Project)).content.decode()
    response = editor_client.post(
        changelist_url(Project), {"action": action, "_selected_action": [draft.pk, public.pk]}
    )

    assert action not in page
    assert response.status_code in (200, 302)
    assert list(Project.objects.published()) == [public]
    assert Project.objects.get(pk=draft.pk).publication_status == DRAFT


def test_a_publisher_gets_the_publishing_actions(publisher_client):
    draft = make_project("draft")

    publisher_client.post(
        changelist_url(Project), {"action": "publish_selected", "_selected_action": [draft.pk]}
    )

    assert list(Project.objects.published()) == [draft]


@pytest.mark.parametrize("state", ["published", "scheduled"])
def test_an_editor_cannot_delete_a_published_or_scheduled_item(editor_client, state):
    project, event = make_project(state), make_event(state)

    for item in (project, event):
        assert editor_client.get(delete_url(item)).status_code == 403
        assert editor_client.post(delete_url(item), {"post": "yes"}).status_code == 403

    assert Project.objects.filter(pk=project.pk).exists()
    assert Event.objects.filter(pk=event.pk).exists()


def test_an_editor_can_delete_a_draft(editor_client):
    project = make_project("draft")

    response = editor_client.post(delete_url(project), {"post": "yes"})

    assert response.status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()


def test_the_bulk_delete_of_an_editor_refuses_a_selection_with_a_published_item(editor_client):
    draft, public = make_project("draft"), make_project("published")

    response = editor_client.post(
        changelist_url(Project),
        {"action": "delete_selected", "_selected_action": [draft.pk, public.pk], "post": "yes"},
        follow=True,
    )

    assert "Only a publisher can delete" in response.content.decode()
    assert Project.objects.count() == 2


def test_the_bulk_delete_of_an_editor_deletes_drafts(editor_client):
    draft = make_project("draft")

    editor_client.post(
        changelist_url(Project),
        {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"},
    )

    assert not Project.objects.exists()


def test_a_publisher_can_delete_a_published_item(publisher_client):
    project = make_project("published")

    response = publisher_client.post(delete_url(project), {"post": "yes"})

    assert response.status_code == 302
    assert not Project.objects.exists()


def test_an_editor_cannot_delete_reference_data(editor_client):
    country = make_country()

    assert editor_client.post(delete_url(country), {"post": "yes"}).status_code == 403


def test_create_editor_login_creates_a_staff_login_in_the_role(monkeypatch):
    monkeypatch.setenv("LMC_EDITOR_PASSWORD", "a long enough passphrase")

    call_command("create_editor_login", "ana", "--role", "editor")

    user = get_user_model().objects.get(username="ana")
    assert user.is_staff and user.is_active and not user.is_superuser
    assert user.check_password("a long enough passphrase")
    assert list(user.groups.values_list("name", flat=True)) == [EDITOR]
    assert not can_publish(user)


def test_create_editor_login_updates_an_existing_login_and_switches_its_role(monkeypatch):
    make_staff_user("ana", EDITOR, is_active=False)
    monkeypatch.setenv("LMC_EDITOR_PASSWORD", "another long passphrase")

    call_command("create_editor_login", "ana", "--role", "publisher")

    user = get_user_model().objects.get(username="ana")
    assert user.is_active
    assert user.check_password("another long passphrase")
    assert list(user.groups.values_list("name", flat=True)) == [PUBLISHER]
    assert can_publish(user)


def test_create_editor_login_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("LMC_EDITOR_PASSWORD", "short")

    with pytest.raises(CommandError, match="too short"):
        call_command("create_editor_login", "ana", "--role", "editor")

    assert not get_user_model().objects.filter(username="ana").exists()


def test_create_editor_login_asks_for_the_password_when_the_environment_has_none(monkeypatch):
    monkeypatch.delenv("LMC_EDITOR_PASSWORD", raising=False)
    answers = iter(["typed passphrase here", "typed passphrase here"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    call_command("create_editor_login", "ana", "--role", "publisher")

    assert get_user_model().objects.get(username="ana").check_password("typed passphrase here")


def test_create_editor_login_refuses_an_unknown_role():
    with pytest.raises(CommandError):
        call_command("create_editor_login", "ana", "--role", "admin")
