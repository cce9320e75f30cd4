"""An Editor changes one word of an existing project, with results and a gallery picture,
in a real browser, and the save goes through.

The change form is submitted by Chromium itself, with every input it renders (the hidden
last-saved times of the project and of each results row among them), as an editor's would.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from editorial.models import ReviewRequest
from projects.models import Project, ProjectImage
from tests.images.pictures import make_image

pytestmark = pytest.mark.browser

WIDTH = 1280
EDITOR = ("writer", "Slow boats on the Mekong at dawn")
SLUG = "china-laos-railway"


@pytest.fixture
def project(starter_content, settings, tmp_path, monkeypatch):
    """The starter project with results, a gallery picture, and an Editor's login."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # The second factor has its own tests; here the Editor signs in with a password.
    settings.ADMIN_REQUIRE_2FA = False
    monkeypatch.setenv("LMC_EDITOR_PASSWORD", EDITOR[1])
    call_command("create_editor_login", EDITOR[0], role="editor", stdout=io.StringIO())
    project = Project.objects.get(slug=SLUG)
    assert project.results.exists()
    ProjectImage.objects.create(project=project, image=make_image(alt_text="The viaduct"))
    return project


def test_an_editor_changes_one_word_of_a_project_with_results_and_a_picture(
    site, project, open_page
):
    page = open_page(WIDTH)
    page.goto(site + reverse("admin:index"))
    page.get_by_label("Username:", exact=True).fill(EDITOR[0])
    page.get_by_label("Password:", exact=True).fill(EDITOR[1])
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.goto(site + reverse("admin:projects_project_change", args=[project.pk]))
    summary = page.get_by_label("Summary:", exact=True)
    old_summary = summary.input_value()
    first_word = old_summary.split()[0]
    summary.fill(old_summary.replace(first_word, "Reportedly, " + first_word.lower(), 1))
    page.get_by_role("button", name="Save", exact=True).first.click()

    expect(page.locator(".messagelist")).to_contain_text("is waiting for a publisher's approval")
    expect(page.locator(".errornote, .errorlist")).to_have_count(0)
    proposed = ReviewRequest.objects.for_item(project).get()
    assert proposed.is_change
    assert Project.objects.get(pk=project.pk).summary == old_summary
