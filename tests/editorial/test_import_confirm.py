"""The confirm step of an import names the uploaded file in a hidden field: a tampered name
answers with a message rather than an error page, and only the user who uploaded the file can
confirm its import (editorial/spreadsheet_admin.py, tried on the project import)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client
from django.urls import reverse

from editorial.roles import EDITOR
from projects.models import Project
from tests.factories import make_countries, make_source, make_staff_user
from tests.projects.test_import_export import PROCESS_URL, csv_file, dry_run, project_row

IMPORT_URL = reverse("admin:projects_project_import")
CHANGELIST_URL = reverse("admin:projects_project_changelist")

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(db):
    make_countries()
    return make_source(url="https://example.org/report", title="Annual report")


def confirm_data(response):
    form = response.context["confirm_form"]
    return {name: form[name].value() for name in form.fields}


def messages_of(client, response):
    page = client.get(response["Location"])
    return [str(message) for message in page.context["messages"]]


@pytest.mark.parametrize(
    "file_name", ["does-not-exist", "../../etc/passwd", "", "tmpabc:forged-signature"]
)
def test_a_tampered_file_name_answers_with_a_message(editor_client, source, file_name):
    data = confirm_data(dry_run(editor_client, csv_file([project_row(0)])))

    response = editor_client.post(PROCESS_URL, {**data, "import_file_name": file_name})

    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL
    [message] = messages_of(editor_client, response)
    assert "upload the file again" in message
    assert not Project.objects.exists()


def test_another_user_cannot_confirm_an_upload(editor_client, source):
    data = confirm_data(dry_run(editor_client, csv_file([project_row(0)])))
    other = Client()
    other.force_login(make_staff_user("other-editor", EDITOR))

    response = other.post(PROCESS_URL, data)

    assert response.status_code == 302
    [message] = messages_of(other, response)
    assert "Only the person who uploaded a file can confirm its import" in message
    assert not Project.objects.exists()


def test_a_superuser_cannot_confirm_another_users_upload_either(editor_client, source):
    data = confirm_data(dry_run(editor_client, csv_file([project_row(0)])))
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("root", "r@example.org", "x" * 16))

    admin.post(PROCESS_URL, data)

    assert not Project.objects.exists()


def test_the_uploader_confirms_the_import(editor_client, source):
    data = confirm_data(dry_run(editor_client, csv_file([project_row(0)])))

    response = editor_client.post(PROCESS_URL, data)

    assert response["Location"] == CHANGELIST_URL
    assert Project.objects.filter(slug="imported-0").exists()


def test_confirming_the_same_upload_twice_answers_with_a_message(editor_client, source):
    data = confirm_data(dry_run(editor_client, csv_file([project_row(0)])))
    editor_client.post(PROCESS_URL, data)

    response = editor_client.post(PROCESS_URL, data)

    assert response["Location"] == IMPORT_URL
    assert "upload the file again" in messages_of(editor_client, response)[-1]
    assert Project.objects.count() == 1


def test_an_upload_signed_under_the_modules_old_name_still_confirms(editor_client, source):
    data = confirm_data(dry_run(editor_client, csv_file([project_row(0)])))
    # Uploads waiting for confirmation when the module moved out of lmc_site were signed so.
    salt = "lmc_site.spreadsheet_admin.upload"
    upload = signing.loads(data["import_file_name"], salt=salt)

    response = editor_client.post(
        PROCESS_URL, {**data, "import_file_name": signing.dumps(upload, salt=salt)}
    )

    assert response["Location"] == CHANGELIST_URL
    assert Project.objects.filter(slug="imported-0").exists()
