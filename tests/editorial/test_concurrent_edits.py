import pytest
from django.urls import reverse

from projects.models import Country, Project, ProjectResult
from tests.admin_forms import submitted_data
from tests.factories import make_area, make_country, make_project, make_result
from tests.projects.test_admin import project_change_data

pytestmark = pytest.mark.django_db


def change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def open_form(client, item):
    """The hidden values the change form of `item` carries when it is opened now."""
    form = client.get(change_url(item)).context["adminform"].form
    return {
        "loaded_at": form["loaded_at"].value(),
        "loaded_version": form["loaded_version"].value(),
    }


def project_post(project, opened, **fields):
    data = project_change_data(project, **fields)
    data.update(
        countries=[c.pk for c in project.countries.all()] or data["countries"],
        areas=[a.pk for a in project.areas.all()] or data["areas"],
    )
    return {**data, **opened}


def test_the_change_form_carries_the_last_saved_time(staff_client):
    project = make_project("draft")

    page = staff_client.get(change_url(project)).content.decode()

    assert 'name="loaded_at"' in page
    assert project.updated_at.isoformat() in page


def test_a_save_from_a_form_opened_before_another_save_is_refused(staff_client, client):
    project = make_project("draft", title="Original title", summary="Original summary.")
    first = project_post(project, open_form(staff_client, project))
    staff_client.post(change_url(project), {**first, "title": "Someone else's title"})
    project.refresh_from_db()
    opened_before = open_form(staff_client, project)
    staff_client.post(
        change_url(project), project_post(project, opened_before, title="Second title")
    )
    project.refresh_from_db()

    response = staff_client.post(
        change_url(project), project_post(project, opened_before, summary="My summary.")
    )

    assert response.status_code == 200
    message = " ".join(response.context["adminform"].form.non_field_errors())
    assert "changed by editor" in message
    assert "nothing was saved" in message
    assert "Title: now “Second title”" in message
    project.refresh_from_db()
    assert (project.title, project.summary) == ("Second title", "Original summary.")


def test_a_stale_save_of_a_change_made_outside_the_admin_is_refused(staff_client):
    project = make_project("draft")
    opened = open_form(staff_client, project)
    Project.objects.get(pk=project.pk).save()

    response = staff_client.post(
        change_url(project), project_post(project, opened, summary="Mine.")
    )

    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
    assert Project.objects.get().summary != "Mine."


def test_a_save_from_a_fresh_form_goes_through(staff_client):
    project = make_project("draft")

    response = staff_client.post(
        change_url(project), project_post(project, open_form(staff_client, project), title="New")
    )

    assert response.status_code == 302
    assert Project.objects.get().title == "New"


@pytest.mark.parametrize("loaded_at", ["", "not a time", "2020-01-01T00:00:00+00:00"])
def test_a_missing_or_tampered_time_is_refused(staff_client, loaded_at):
    project = make_project("draft")

    response = staff_client.post(
        change_url(project),
        project_post(project, {"loaded_at": loaded_at, "loaded_version": "x"}, title="New"),
    )

    assert response.status_code == 200
    assert Project.objects.get().title != "New"


def test_reference_data_is_protected_too(staff_client):
    country = make_country(name="Old name")
    opened = open_form(staff_client, country)
    Country.objects.filter(pk=country.pk).update(name="Changed elsewhere")
    Country.objects.get(pk=country.pk).save()
    data = {
        "name": "My name",
        "official_name": country.official_name,
        "iso_code": country.iso_code,
        "slug": country.slug,
        "profile": "",
        **opened,
    }

    response = staff_client.post(change_url(country), data)

    assert response.status_code == 200
    assert Country.objects.get().name == "Changed elsewhere"


def opened_with_a_result(client, label="Length"):
    """A draft project with one result, and its change form's data as a browser posts it."""
    project = make_project("draft", countries=[make_country()], areas=[make_area()])
    result = make_result(project, label=label)
    page = client.get(change_url(project)).content.decode()
    return project, result, submitted_data(page, "project_form")


def test_a_results_row_carries_its_last_saved_time(staff_client):
    project, result, data = opened_with_a_result(staff_client)

    assert data["results-0-loaded_at"] == [result.updated_at.isoformat()]


def test_a_project_with_a_result_saves_from_the_form_as_rendered(staff_client):
    project, result, data = opened_with_a_result(staff_client)
    data["results-0-label"] = ["Railway length"]

    response = staff_client.post(change_url(project), data)

    assert response.status_code == 302
    assert ProjectResult.objects.get(pk=result.pk).label == "Railway length"


def test_a_results_row_changed_after_the_form_was_opened_is_refused(staff_client):
    project, result, data = opened_with_a_result(staff_client, label="Length")
    ProjectResult.objects.filter(pk=result.pk).update(label="Changed elsewhere")
    ProjectResult.objects.get(pk=result.pk).save()
    data["results-0-label"] = ["My label"]

    response = staff_client.post(change_url(project), data)

    assert response.status_code == 200
    assert "This project result was changed" in response.content.decode()
    assert ProjectResult.objects.get(pk=result.pk).label == "Changed elsewhere"
