import pytest
import reversion
from django.contrib.auth.models import Permission
from django.urls import reverse
from reversion.models import Version
from reversion.revisions import _get_options

from core.publishing import PublicationStatus
from editorial import revisions
from editorial.models import ReviewRequest
from projects.models import (
    CooperationArea,
    Country,
    FundingSource,
    KeyFigure,
    Project,
    ProjectResult,
    Source,
)
from tests.factories import (
    make_area,
    make_country,
    make_project,
    make_result,
    make_source,
    make_staff_user,
)
from tests.images.pictures import make_image
from tests.projects.test_admin import project_change_data, result_row
from timeline.models import Event, PlanPeriod

pytestmark = pytest.mark.django_db

PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT


def url(view, *args, model=Project):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def versions_of(item):
    return list(Version.objects.get_for_object(item).order_by("pk"))


def save_in_admin(client, project, **fields):
    """Post the project's change form as it is stored, with `fields` changed."""
    project.refresh_from_db()
    fields.setdefault("countries", [c.pk for c in project.countries.all()] or [make_country().pk])
    fields.setdefault("areas", [a.pk for a in project.areas.all()] or [make_area().pk])
    response = client.post(url("change", project.pk), project_change_data(project, **fields))
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    return project


@pytest.mark.parametrize(
    "model",
    [
        Project,
        ProjectResult,
        Event,
        KeyFigure,
        Country,
        CooperationArea,
        Source,
        PlanPeriod,
        FundingSource,
    ],
)
def test_every_content_model_keeps_versions(model):
    assert reversion.is_registered(model)


def test_a_project_version_keeps_its_results_and_gallery():
    assert _get_options(Project).follow == ("results", "gallery")


def test_every_save_in_the_admin_keeps_a_version_with_who_and_a_comment(staff_client):
    project = make_project("draft")

    save_in_admin(staff_client, project, summary="First change.")
    save_in_admin(staff_client, project, title="Renamed project")

    kept = versions_of(project)
    assert len(kept) == 2
    assert [version.field_dict["summary"] for version in kept] == ["First change."] * 2
    assert kept[1].field_dict["title"] == "Renamed project"
    assert {version.revision.user.username for version in kept} == {"editor"}
    assert "Title" in kept[1].revision.get_comment()


def test_the_history_lists_versions_and_links_to_the_compare_page(staff_client):
    project = make_project("draft")
    save_in_admin(staff_client, project, summary="First change.")
    version = versions_of(project)[0]

    page = staff_client.get(url("history", project.pk)).content.decode()

    assert url("revision", project.pk, version.pk) in page
    assert "editor" in page


def test_the_compare_page_shows_what_differs_field_by_field(staff_client):
    project = make_project("draft", title="Old title", summary="Same summary.")
    save_in_admin(staff_client, project)
    version = versions_of(project)[0]
    save_in_admin(staff_client, project, title="New title")

    response = staff_client.get(url("revision", project.pk, version.pk))

    changed = [row for row in response.context["rows"] if row["changed"]]
    assert [(row["label"], row["old"], row["new"]) for row in changed] == [
        ("Title", "Old title", "New title")
    ]
    assert "Restore this version" in response.content.decode()


def test_a_restore_brings_back_the_exact_values_relations_and_results(staff_client):
    old_country, old_area, old_source = make_country(), make_area(), make_source()
    project = make_project(
        "draft",
        title="Old title",
        countries=[old_country],
        areas=[old_area],
        sources=[old_source],
    )
    save_in_admin(
        staff_client,
        project,
        countries=[old_country.pk],
        areas=[old_area.pk],
        **result_row(old_source, **{"results-0-label": "Length", "results-0-value": "100"}),
    )
    old_version = versions_of(project)[0]
    new_source = make_source()
    project.title = "New title"
    project.save()
    project.countries.set([make_country()])
    project.areas.set([make_area()])
    project.sources.set([new_source])
    project.results.all().delete()
    make_result(project, label="Stations", value="45", unit="", source=new_source)

    response = staff_client.post(url("revision", project.pk, old_version.pk))

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Old title"
    assert list(project.countries.all()) == [old_country]
    assert list(project.areas.all()) == [old_area]
    assert list(project.sources.all()) == [old_source]
    assert [(r.label, r.value, r.unit, r.source) for r in project.results.all()] == [
        ("Length", "100", "km", old_source)
    ]
    latest = versions_of(project)[-1]
    assert latest.pk != old_version.pk
    assert latest.field_dict["title"] == "Old title"
    assert latest.revision.comment.startswith("Restored the version of")


@pytest.mark.parametrize(("now", "then"), [("published", "draft"), ("draft", "published")])
def test_a_restore_never_changes_the_publication(staff_client, now, then):
    project = make_project(then)
    save_in_admin(staff_client, project, summary="Old summary.")
    old_version = versions_of(project)[0]
    project.publication_status = PUBLISHED if now == "published" else DRAFT
    project.summary = "New summary."
    project.save()
    stored = (project.publication_status, project.published_at)

    staff_client.post(url("revision", project.pk, old_version.pk))

    project.refresh_from_db()
    assert project.summary == "Old summary."
    assert (project.publication_status, project.published_at) == stored


def test_an_editor_restoring_a_published_version_does_not_publish(editor_client, staff_client):
    project = make_project("published")
    save_in_admin(staff_client, project, summary="Published summary.")
    published_version = versions_of(project)[0]
    project.publication_status = DRAFT
    project.save()

    response = editor_client.post(url("revision", project.pk, published_version.pk))

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.publication_status == DRAFT
    assert not Project.objects.published().exists()


def test_a_restore_that_would_leave_a_published_item_without_sources_is_refused(staff_client):
    project = make_project("draft", sources=[])
    save_in_admin(staff_client, project, summary="Unsourced.")
    unsourced = versions_of(project)[0]
    project.sources.set([make_source()])
    project.publication_status = PUBLISHED
    project.summary = "Sourced and public."
    project.save()

    response = staff_client.post(url("revision", project.pk, unsourced.pk), follow=True)

    assert "Not restored" in response.content.decode()
    project.refresh_from_db()
    assert project.summary == "Sourced and public."
    assert project.sources.exists()


def test_restoring_an_old_slug_keeps_the_current_address_working(staff_client, client):
    project = make_project("published", slug="first-name")
    save_in_admin(staff_client, project)
    first = versions_of(project)[0]
    save_in_admin(staff_client, project, slug="second-name")

    staff_client.post(url("revision", project.pk, first.pk))

    assert client.get("/projects/first-name/").status_code == 200
    response = client.get("/projects/second-name/")
    assert (response.status_code, response["Location"]) == (301, "/projects/first-name/")


def test_a_user_who_may_only_view_cannot_restore(client, staff_client):
    project = make_project("draft", title="Old title")
    save_in_admin(staff_client, project)
    version = versions_of(project)[0]
    save_in_admin(staff_client, project, title="New title")
    viewer = make_staff_user("viewer")
    viewer.user_permissions.set(Permission.objects.filter(codename="view_project"))
    client.force_login(viewer)

    page = client.get(url("revision", project.pk, version.pk))
    response = client.post(url("revision", project.pk, version.pk))

    assert page.status_code == 200
    assert "Restore this version" not in page.content.decode()
    assert response.status_code == 403
    assert Project.objects.get().title == "New title"


def test_a_version_of_another_item_is_not_found(staff_client):
    first, second = make_project("draft"), make_project("draft")
    save_in_admin(staff_client, first)

    response = staff_client.get(url("revision", second.pk, versions_of(first)[0].pk))

    assert response.status_code == 404


def test_a_deleted_project_can_be_recovered_as_a_draft_with_its_results(staff_client):
    project = make_project("published", title="Gone for a while")
    make_result(project, label="Length")
    pk = project.pk

    staff_client.post(url("delete", pk), {"post": "yes"})
    assert not Project.objects.filter(pk=pk).exists()
    recover_list = staff_client.get(url("recoverlist")).content.decode()
    deleted = Version.objects.get_deleted(Project).get()
    page = staff_client.get(url("recover", deleted.pk)).content.decode()
    response = staff_client.post(url("recover", deleted.pk))

    assert "Gone for a while" in recover_list
    assert "Recover this project" in page
    assert response.status_code == 302
    project = Project.objects.get(pk=pk)
    assert project.title == "Gone for a while"
    assert project.publication_status == DRAFT
    assert [result.label for result in project.results.all()] == ["Length"]
    assert project.sources.exists()


def test_a_bulk_deleted_country_can_be_recovered(staff_client):
    country = make_country(name="Atlantis")
    pk = country.pk

    staff_client.post(
        url("changelist", model=Country),
        {"action": "delete_selected", "_selected_action": [pk], "post": "yes"},
    )
    deleted = Version.objects.get_deleted(Country).get()
    staff_client.post(url("recover", deleted.pk, model=Country))

    assert Country.objects.get(pk=pk).name == "Atlantis"


def test_an_editor_without_add_rights_cannot_recover(client, staff_client):
    country = make_country()
    staff_client.post(url("delete", country.pk, model=Country), {"post": "yes"})
    deleted = Version.objects.get_deleted(Country).get()
    viewer = make_staff_user("viewer")
    client.force_login(viewer)

    assert client.post(url("recover", deleted.pk, model=Country)).status_code == 403
    assert not Country.objects.exists()


def test_changes_since_lists_only_changed_fields():
    project = make_project("draft", title="Before")
    with reversion.create_revision():
        project.save()
    version = versions_of(project)[0]
    project.title = "After"
    project.save()

    rows = revisions.changes_since(version, project)

    assert [(row["label"], row["old"], row["new"]) for row in rows] == [
        ("Title", "Before", "After")
    ]


def test_an_editor_restoring_a_version_of_a_published_item_waits_for_approval(
    editor_client, publisher_client, staff_client, client
):
    project = make_project("published", title="Old title")
    save_in_admin(staff_client, project)
    old_version = versions_of(project)[0]
    save_in_admin(staff_client, project, title="Live title")

    editor_client.post(url("revision", project.pk, old_version.pk))

    assert Project.objects.get().title == "Live title"
    assert "Live title" in client.get(project.get_absolute_url()).content.decode()
    review = ReviewRequest.objects.get()
    publisher_client.post(reverse("admin:editorial_reviewrequest_approve", args=[review.pk]))
    assert Project.objects.get().title == "Old title"
    assert Project.objects.get().publication_status == PUBLISHED


def test_a_restore_whose_lead_image_was_deleted_since_is_refused_clearly(staff_client, media_root):
    image = make_image()
    project = make_project("draft", lead_image=image)
    save_in_admin(staff_client, project, lead_image=image.pk)
    with_image = versions_of(project)[-1]
    save_in_admin(staff_client, project, lead_image="")
    image.delete()

    response = staff_client.post(url("revision", project.pk, with_image.pk), follow=True)

    assert response.status_code == 200
    assert "lead image of that version has been deleted since" in response.content.decode()
    project.refresh_from_db()
    assert project.lead_image is None


def test_restoring_a_source_keeps_the_results_that_cite_it_and_compares_no_results(staff_client):
    source = make_source(title="Before")
    with reversion.create_revision():
        source.save()
    version = versions_of(source)[0]
    source.title = "After"
    source.save()
    result = make_result(make_project(), source=source)
    user = make_staff_user("restorer")

    rows = revisions.compare(
        Source, revisions.version_values(version), revisions.current_values(source)
    )
    revisions.restore(version, user=user)

    assert "Results" not in [row["label"] for row in rows]
    assert Source.objects.get(pk=source.pk).title == "Before"
    assert ProjectResult.objects.filter(pk=result.pk, source=source).exists()
