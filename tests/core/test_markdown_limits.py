"""No Markdown field holds more than 20,000 characters, however the text arrives: the
admin form, a spreadsheet import, the content loader and the preview all refuse more,
with a message that says so."""

import copy

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse
from tablib import Dataset

from core.markdown_field import MARKDOWN_MAX_LENGTH
from projects.models import CooperationArea, Country, FundingSource, Project
from projects.resources import ProjectResource
from starter_content.content_loader import ContentError, load_content, read_data_file
from tests.factories import (
    make_area,
    make_countries,
    make_country,
    make_event,
    make_funding_source,
    make_project,
    make_source,
)
from timeline.models import Event
from timeline.resources import EventResource

pytestmark = pytest.mark.django_db

TOO_LONG = "a" * (MARKDOWN_MAX_LENGTH + 1)
LIMIT_MESSAGE = f"at most {MARKDOWN_MAX_LENGTH} characters"
PREVIEW_URL = reverse("markdown_preview")


@pytest.mark.parametrize(
    ("model", "make_item", "field"),
    [
        (Country, make_country, "profile"),
        (CooperationArea, make_area, "description"),
        (FundingSource, make_funding_source, "description"),
        (Project, make_project, "body"),
        (Event, make_event, "body"),
    ],
)
def test_the_admin_form_refuses_a_markdown_field_over_the_limit(
    admin_user, model, make_item, field
):
    item = make_item()
    request = RequestFactory().get("/")
    request.user = admin_user
    form_class = admin.site.get_model_admin(model).get_form(request, item)
    data = {name: value for name, value in model_to_dict(item).items() if value is not None}

    form = form_class(data={**data, field: TOO_LONG}, instance=item)

    assert not form.is_valid()
    assert LIMIT_MESSAGE in form.errors[field][0]


def import_row(resource, row):
    dataset = Dataset(headers=list(row))
    dataset.append(list(row.values()))
    return resource.import_data(dataset, dry_run=True)


def test_a_project_import_refuses_a_body_over_the_limit():
    make_countries()
    make_source(url="https://example.org/report")
    row = {
        "slug": "long",
        "title": "Long",
        "summary": "Summary.",
        "body": TOO_LONG,
        "countries": "china",
        "start_date": "2019-01-01",
        "start_precision": "year",
        "sources": "https://example.org/report",
    }

    result = import_row(ProjectResource(), row)

    assert LIMIT_MESSAGE in result.invalid_rows[0].error_dict["body"][0]


def test_an_event_import_refuses_a_body_over_the_limit():
    make_countries()
    make_source(url="https://example.org/report")
    row = {
        "slug": "long",
        "title": "Long",
        "kind": "ministers",
        "date": "2019-01-01",
        "date_precision": "day",
        "summary": "Summary.",
        "body": TOO_LONG,
        "countries": "china",
        "sources": "https://example.org/report",
    }

    result = import_row(EventResource(), row)

    assert LIMIT_MESSAGE in result.invalid_rows[0].error_dict["body"][0]


@pytest.mark.parametrize(
    ("section", "field"),
    [
        ("countries", "profile"),
        ("areas", "description"),
        ("funding_sources", "description"),
        ("projects", "body"),
        ("events", "body"),
    ],
)
def test_the_content_loader_refuses_a_markdown_field_over_the_limit(section, field):
    data = copy.deepcopy(read_data_file())
    data[section][0][field] = TOO_LONG

    with pytest.raises(ContentError, match=f"{section}/.*{field}: .*{LIMIT_MESSAGE}"):
        load_content(data)


def test_the_preview_refuses_text_over_the_limit_without_rendering_it(editor_client):
    response = editor_client.post(PREVIEW_URL, {"text": "[a](" * MARKDOWN_MAX_LENGTH})

    assert response.status_code == 413
    assert "html" not in response.json()
    assert f"at most {MARKDOWN_MAX_LENGTH:,} characters" in response.json()["error"]


def test_the_preview_renders_text_at_the_limit(editor_client):
    response = editor_client.post(PREVIEW_URL, {"text": "a" * MARKDOWN_MAX_LENGTH})

    assert response.status_code == 200
    assert response.json()["html"].startswith("<p>aaa")
