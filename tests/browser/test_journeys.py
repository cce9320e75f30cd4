"""Visitors' journeys through the site, at a phone's width and a laptop's.

All but the keyboard journey run with JavaScript turned off: no feature may need it.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("width", WIDTHS)]

# What the focused element looks like: a focus indicator needs a visible outline.
FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        tag: element.tagName.toLowerCase(),
        id: element.id,
        text: (element.textContent || "").trim().slice(0, 60),
        href: element.getAttribute("href"),
        outlined: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
    };
}"""


@pytest.fixture
def page(open_page, starter_content, width):
    return open_page(width, java_script_enabled=False)


def test_from_home_to_a_filtered_searched_project_its_event_and_back(site, page):
    page.goto(site + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Projects").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Projects")

    page.get_by_role("checkbox", name="Laos").check()
    page.get_by_role("button", name="Show projects").click()
    expect(page).to_have_url(re.compile(r"country=laos"))
    expect(page.get_by_role("link", name="Remove the filter Country: Laos")).to_be_visible()

    page.get_by_role("searchbox", name="Words").fill("railway")
    page.get_by_role("button", name="Show projects").click()
    results = page.locator(".results .card h3 a")
    expect(results).to_have_text(["China-Laos Railway"])

    results.first.click()
    expect(page).to_have_url(site + "/projects/china-laos-railway/")
    page.get_by_role("region", name="On the timeline").get_by_role(
        "link", name="China-Laos Railway opens"
    ).click()
    expect(page).to_have_url(site + "/timeline/china-laos-railway-opens/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("China-Laos Railway")

    page.go_back()
    expect(page).to_have_url(site + "/projects/china-laos-railway/")
    expect(page.get_by_role("heading", level=1)).to_have_text("China-Laos Railway")


def test_timeline_jumps_to_a_year_and_filters_by_kind(site, page):
    page.goto(site + "/timeline/")
    page.get_by_role("navigation", name="Years").get_by_role("link", name="2021").click()
    expect(page).to_have_url(re.compile(r"#y2021$"))
    expect(page.get_by_role("heading", name="2021", level=2)).to_be_in_viewport()

    page.get_by_label("Kind").select_option(label="Leaders' meeting")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"kind=leaders"))
    kinds = page.locator(".event-list .meta")
    expect(kinds.first).to_be_visible()
    for text in kinds.all_text_contents():
        assert text.startswith("Leaders' meeting")


def test_country_page_lists_its_projects(site, page):
    page.goto(site + "/countries/")
    page.get_by_role("link", name="Laos", exact=True).click()
    expect(page).to_have_url(site + "/countries/laos/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Laos")

    # The list of projects, not the table of their results, which links them too.
    projects = page.get_by_role("region", name="Projects", exact=True)
    projects.get_by_role("link", name="China-Laos Railway", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("China-Laos Railway")


def test_site_search_finds_projects_and_events(site, page):
    page.goto(site + "/about/")
    page.get_by_role("searchbox", name="Search the site").fill("railway")
    page.get_by_role("searchbox", name="Search the site").press("Enter")
    expect(page).to_have_url(site + "/search/?q=railway")
    expect(page.get_by_role("link", name="China-Laos Railway", exact=True)).to_be_visible()
    event_results = page.get_by_role("heading", name=re.compile(r"^Timeline events \([1-9]"))
    expect(event_results).to_be_visible()


def test_unknown_address_gives_a_helpful_404_page(site, page):
    response = page.goto(site + "/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.get_by_role("main").get_by_role("link", name="Home page").click()
    expect(page).to_have_url(site + "/")


def tab_until(page, is_target, most=40):
    """Presses Tab until `is_target(focused)`; every element passed must show its focus."""
    for _ in range(most):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["outlined"], f"no visible focus indicator on {focused}"
        assert focused["onScreen"], f"focused element is off screen: {focused}"
        if is_target(focused):
            return focused
    raise AssertionError(f"not reached in {most} presses of Tab")


def test_keyboard_only_search_from_the_skip_link_to_a_result(
    site, open_page, starter_content, width
):
    page = open_page(width)
    page.goto(site + "/")

    skip_link = tab_until(page, lambda focused: True)
    assert skip_link["text"] == "Skip to content"
    tab_until(page, lambda focused: focused["id"] == "site-search-q")
    page.keyboard.type("railway")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site + "/search/?q=railway")

    tab_until(page, lambda focused: focused["text"] == "Skip to content")
    page.keyboard.press("Enter")
    first_result = tab_until(page, lambda focused: (focused["href"] or "").startswith("/projects/"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(site + first_result["href"])
    expect(page.get_by_role("heading", level=1)).to_have_text(first_result["text"])
