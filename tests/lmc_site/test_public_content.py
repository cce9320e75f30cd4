"""The one registry of what public pages read decides which changes retire cached pages."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from lmc_site.cache import current_generation
from lmc_site.public_content import PUBLIC_MODELS, public_models
from tests.factories import (
    make_area,
    make_country,
    make_event,
    make_funding_source,
    make_key_figure,
    make_plan_period,
    make_project,
    make_result,
    make_source,
)

pytestmark = pytest.mark.django_db

# Models of the content apps that no public page reads: the loader's own bookkeeping.
NOT_PUBLIC = {"projects.ContentFingerprint"}


def test_every_model_of_the_content_apps_is_classified():
    content_models = {
        model._meta.label
        for app in ("projects", "timeline", "images")
        for model in apps.get_app_config(app).get_models()
    }
    assert content_models - set(PUBLIC_MODELS) - NOT_PUBLIC == set()
    assert len(public_models()) == len(PUBLIC_MODELS)


def retires_pages(change, capture):
    before = current_generation()
    with capture(execute=True):
        change()
    return current_generation() != before


CHANGES = {
    "project": lambda: make_project(),
    "result": lambda: make_result(make_project()),
    "key figure": lambda: make_key_figure(),
    "country": lambda: make_country(),
    "area": lambda: make_area(),
    "funding source": lambda: make_funding_source(),
    "source": lambda: make_source(),
    "event": lambda: make_event(),
    "plan period": lambda: make_plan_period(),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_change_to_what_public_pages_read_retires_the_pages(
    change, django_capture_on_commit_callbacks
):
    assert retires_pages(change, django_capture_on_commit_callbacks)


def test_a_country_edit_retires_the_pages(django_capture_on_commit_callbacks):
    country = make_country(name="Old name")

    def rename():
        country.name = "New name"
        country.save()

    assert retires_pages(rename, django_capture_on_commit_callbacks)


def test_a_new_link_between_items_retires_the_pages(django_capture_on_commit_callbacks):
    project, country = make_project(), make_country()
    assert retires_pages(lambda: project.countries.add(country), django_capture_on_commit_callbacks)


def test_a_change_no_public_page_reads_retires_nothing(django_capture_on_commit_callbacks):
    def add_user():
        get_user_model().objects.create_user("reader", "reader@example.org", "x" * 16)

    assert not retires_pages(add_user, django_capture_on_commit_callbacks)
