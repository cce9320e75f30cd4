"""Countries, areas and sources still in use cannot be deleted, by any route, and the
refusal names what uses them.

A refused delete rolls back its transaction; the direct tests run it in a savepoint so the
test's own transaction goes on, and the admin tests commit as the site does.
"""

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from projects.models import CooperationArea, Country, Source
from tests.factories import make_area, make_country, make_event, make_project, make_source

pytestmark = pytest.mark.django_db


def refused(delete):
    with pytest.raises(ProtectedError) as refusal, transaction.atomic():
        delete()
    return refusal.value.args[0]


def test_a_country_used_by_a_project_cannot_be_deleted():
    country = make_country(name="Laos")
    project = make_project(title="China-Laos Railway", countries=[country])

    assert refused(country.delete) == (
        'Cannot delete country "Laos": it is used by 1 projects (China-Laos Railway).'
    )
    assert list(project.countries.all()) == [country]


def test_the_refusal_names_every_kind_of_user_and_the_first_five_of_each():
    source = make_source(title="Sanya Declaration")
    for i in range(7):
        make_project(title=f"Project {i}", sources=[source])
    make_event(title="Sanya meeting", sources=[source])

    message = refused(source.delete)

    assert 'Cannot delete source "Sanya Declaration (Test publisher)": it is used by ' in message
    assert "7 projects (Project " in message
    assert message.count("Project ") == 5
    assert ", ...); 1 events (23 March 2016: Sanya meeting)." in message
    assert Source.objects.filter(pk=source.pk).exists()


def test_an_area_used_by_a_project_cannot_be_deleted():
    area = make_area(name="Water resources")
    make_project(areas=[area])

    assert "Water resources" in refused(area.delete)
    assert CooperationArea.objects.filter(pk=area.pk).exists()


def test_a_bulk_delete_is_refused_as_a_whole():
    used, unused = make_country(), make_country()
    make_project(countries=[used])

    refused(Country.objects.filter(pk__in=[used.pk, unused.pk]).delete)
    assert Country.objects.filter(pk__in=[used.pk, unused.pk]).count() == 2


def test_unused_reference_data_can_be_deleted():
    country, area, source = make_country(), make_area(), make_source()

    for item in (country, area, source):
        item.delete()

    assert not Country.objects.filter(pk=country.pk).exists()
    assert not Source.objects.filter(pk=source.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_admin_refuses_with_the_reason_instead_of_an_error(staff_client):
    country = make_country(name="Laos")
    make_project(title="China-Laos Railway", countries=[country])
    delete_url = reverse("admin:projects_country_delete", args=[country.pk])

    response = staff_client.post(delete_url, {"post": "yes"}, follow=True)

    assert response.status_code == 200
    assert Country.objects.filter(pk=country.pk).exists()
    messages = [str(message) for message in response.context["messages"]]
    assert any("China-Laos Railway" in message for message in messages)


@pytest.mark.django_db(transaction=True)
def test_the_admin_bulk_delete_refuses_with_the_reason(staff_client):
    source = make_source(title="Used source")
    make_project(title="Sweet Spring", sources=[source])

    response = staff_client.post(
        reverse("admin:projects_source_changelist"),
        {"action": "delete_selected", "_selected_action": [source.pk], "post": "yes"},
        follow=True,
    )

    assert response.status_code == 200
    assert Source.objects.filter(pk=source.pk).exists()
    messages = [str(message) for message in response.context["messages"]]
    assert any("Sweet Spring" in message for message in messages)
