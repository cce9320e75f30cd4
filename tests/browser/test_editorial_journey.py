"""The editors' journey in a real browser: an Editor writes a draft project in the admin, with
a picture, and submits it for review; a Publisher approves it; only then do visitors see it,
picture and all.

Two real logins, made with the project's own `create_editor_login` command, sign in through the
admin's login form. The admin needs JavaScript (its autocomplete boxes), so it stays on here.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PillowImage
from PIL import ImageDraw
from playwright.sync_api import expect

from tests.factories import make_area, make_countries, make_source

pytestmark = pytest.mark.browser

WIDTH = 1280
EDITOR = ("writer", "Slow boats on the Mekong at dawn")
PUBLISHER = ("approver", "Terraced hills after the rain")

TITLE = "Waterwheel journey test project"
SLUG = "waterwheel-journey-test-project"
# A word of the title that no other content has, for the visitors' search.
SEARCH_WORD = "Waterwheel"
ALT_TEXT = "A blue test card with a white circle in the middle"


def make_login(monkeypatch, username, password, role):
    monkeypatch.setenv("LMC_EDITOR_PASSWORD", password)
    call_command("create_editor_login", username, role=role, stdout=io.StringIO())


@pytest.fixture
def logins(site, monkeypatch, settings):
    # The second factor has its own tests; here the Publisher signs in with a password.
    settings.ADMIN_REQUIRE_2FA = False
    make_login(monkeypatch, *EDITOR, role="editor")
    make_login(monkeypatch, *PUBLISHER, role="publisher")


@pytest.fixture
def reference_data(site):
    """What the Editor picks from: countries, a cooperation area and a source."""
    countries = {country.name: country for country in make_countries()}
    area = make_area(name="Water resources test area")
    source = make_source(title="Journey test source", publisher="Journey test publisher")
    return {"country": countries["Laos"], "area": area, "source": source}


@pytest.fixture
def picture(tmp_path, settings):
    """A real PNG for the Editor to upload; uploads go to a scratch media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "waterwheel.png"
    drawing = PillowImage.new("RGB", (1200, 800), (20, 90, 160))
    ImageDraw.Draw(drawing).ellipse((400, 200, 800, 600), fill=(255, 255, 255))
    drawing.save(path)
    return path


def admin_home(site):
    return site + reverse("admin:index")


def log_in(page, site, username, password):
    page.goto(admin_home(site))
    page.get_by_label("Username:", exact=True).fill(username)
    page.get_by_label("Password:", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Logged out")).to_be_visible()


def choose_in_autocomplete(page, field_name, words, choice):
    """Picks `choice` in one of the admin's autocomplete boxes: open it, type, click the match.

    The admin searches for every typed word, so `words` must be words of the item's fields.
    """
    page.locator(f'select[name="{field_name}"] + .select2').click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.press_sequentially(words)
    # The open box's list only: a results row's plain country select has options too.
    results = page.locator(".select2-container--open .select2-results")
    results.get_by_role("option", name=choice, exact=True).click()
    expect(page.locator(f'select[name="{field_name}"] option:checked')).to_contain_text([choice])


def upload_lead_image(page, picture):
    """Uploads a picture through the "+" beside the lead image, in the admin's popup window."""
    with page.expect_popup() as popup_opening:
        page.locator(".field-lead_image").get_by_title("Add another image").click()
    popup = popup_opening.value
    popup.get_by_label("Image file:", exact=True).set_input_files(picture)
    popup.get_by_label("Alt text:", exact=True).fill(ALT_TEXT)
    popup.get_by_label("Credit:", exact=True).fill("Journey test")
    popup.get_by_label("Licence:", exact=True).fill("CC BY 4.0")
    with popup.expect_event("close"):
        popup.get_by_role("button", name="Save", exact=True).click()
    # Saving closes the popup and picks the new picture in the project form.
    expect(page.locator('select[name="lead_image"] option:checked')).to_have_text(ALT_TEXT)


def write_draft_project(page, site, data, picture):
    """The Editor's part: a new project with a result, a source and a picture, as a draft."""
    page.goto(admin_home(site))
    page.get_by_role("row", name=re.compile(r"^Projects")).get_by_role("link", name="Add").click()
    expect(page.get_by_role("heading", name="Add project")).to_be_visible()

    page.get_by_label("Title:", exact=True).press_sequentially(TITLE)
    # The admin fills the slug in from the title as it is typed.
    expect(page.get_by_label("Slug:", exact=True)).to_have_value(SLUG)
    page.get_by_label("Summary:", exact=True).fill("A project made by the editorial journey test.")
    page.get_by_label("Body:", exact=True).fill("Drafts go public only once approved.")
    source = data["source"]
    choose_in_autocomplete(page, "sources", source.title, str(source))
    choose_in_autocomplete(page, "countries", data["country"].name, data["country"].name)
    choose_in_autocomplete(page, "areas", data["area"].name, data["area"].name)

    page.locator('[name="results-0-label"]').fill("Wells dug")
    page.locator('[name="results-0-value"]').fill("12")
    page.locator('[name="results-0-unit"]').fill("wells")
    choose_in_autocomplete(page, "results-0-source", source.title, str(source))
    upload_lead_image(page, picture)

    # The form has its buttons at the top and at the bottom.
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    # An Editor cannot publish: what was saved is a draft.
    expect(page.locator(".field-publication_status .readonly")).to_have_text("Draft")


def submit_for_review(page):
    page.get_by_label("Note for the publisher").fill("Ready, please check the figures.")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text(f"“{TITLE}” is awaiting review")


def approve(page):
    """The Publisher's part: from the admin's home to the request, approved and published."""
    page.get_by_role("link", name="Review requests").click()
    review_request = f"Publication of project “{TITLE}”"
    page.get_by_role("link", name=review_request).click()
    expect(page.get_by_text("Ready, please check the figures.")).to_be_visible()
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".messagelist")).to_contain_text(f"Approved: {review_request}")


def public_project_titles(page, address):
    """The titles of the projects a visitor finds at `address`, a list or a search of them."""
    page.goto(address)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Projects")
    return page.locator(".card h3").all_text_contents()


def project_card_picture(page, title):
    """The picture in the list's card of the project called `title`."""
    card = page.locator(".card").filter(has=page.get_by_role("link", name=title, exact=True))
    return card.get_by_role("img")


def expect_picture_loaded(page, image):
    """The picture is described, served, and decoded by the browser."""
    expect(image).to_have_attribute("alt", ALT_TEXT)
    image.scroll_into_view_if_needed()
    page.wait_for_function("image => image.complete", arg=image.element_handle())
    loaded = image.evaluate("image => ({src: image.currentSrc, width: image.naturalWidth})")
    assert loaded["width"] > 0, f"the picture did not load: {loaded['src']}"
    response = page.request.get(loaded["src"])
    assert response.status == 200
    assert response.headers["content-type"].startswith("image/")


def test_editor_drafts_a_project_publisher_approves_it_and_only_then_visitors_see_it(
    site, open_page, logins, reference_data, picture
):
    staff = open_page(WIDTH)
    log_in(staff, site, *EDITOR)
    write_draft_project(staff, site, reference_data, picture)
    submit_for_review(staff)
    log_out(staff)

    visitor = open_page(WIDTH)
    assert TITLE not in public_project_titles(visitor, site + "/projects/")
    assert public_project_titles(visitor, site + f"/projects/?q={SEARCH_WORD}") == []
    assert visitor.goto(site + f"/projects/{SLUG}/").status == 404

    log_in(staff, site, *PUBLISHER)
    approve(staff)
    log_out(staff)

    assert TITLE in public_project_titles(visitor, site + "/projects/")
    expect_picture_loaded(visitor, project_card_picture(visitor, TITLE))
    assert public_project_titles(visitor, site + f"/projects/?q={SEARCH_WORD}") == [TITLE]
    expect_picture_loaded(visitor, project_card_picture(visitor, TITLE))
    visitor.goto(site + f"/search/?q={SEARCH_WORD}")
    visitor.get_by_role("link", name=TITLE, exact=True).click()
    expect(visitor).to_have_url(site + f"/projects/{SLUG}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    results = visitor.get_by_role("region", name="Key results")
    expect(results.get_by_role("row", name=re.compile(r"^Wells dug 12 wells"))).to_be_visible()
    expect_picture_loaded(visitor, visitor.get_by_role("figure").get_by_role("img"))
