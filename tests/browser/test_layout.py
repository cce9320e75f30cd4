"""Layout: no sideways scrolling on phones, text that doubles in size, pages that print."""

import pytest

from tests.browser.conftest import STARTER_PAGES

pytestmark = pytest.mark.browser

# Elements wider than the viewport, named so a failure says which to fix.
OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [];
    for (const element of document.querySelectorAll("body *")) {
        const box = element.getBoundingClientRect();
        if (box.width && (box.right > width + 1 || box.left < -1)) {
            if (!element.closest(".table-scroll")) {
                const name = element.tagName.toLowerCase()
                    + (element.className ? "." + element.className : "");
                wide.push(name + " " + Math.round(box.left) + ".." + Math.round(box.right));
            }
        }
    }
    return {scrolls: document.documentElement.scrollWidth > width, wide: wide.slice(0, 5)};
}"""

# Elements that clip their own text: content cut off rather than wrapped.
CLIPPED = """() => {
    const clipped = [];
    for (const element of document.querySelectorAll("body *")) {
        const style = getComputedStyle(element);
        const hides = ["hidden", "clip"].includes(style.overflowX)
            || ["hidden", "clip"].includes(style.overflowY);
        // A visually hidden label is meant for screen readers alone.
        const visuallyHidden = element.getBoundingClientRect().width <= 1;
        if (hides && !visuallyHidden && (element.scrollWidth > element.clientWidth + 1
                || element.scrollHeight > element.clientHeight + 1)) {
            clipped.push(element.tagName.toLowerCase() + "." + element.className);
        }
    }
    return clipped;
}"""


def layout_problems(page, site, check):
    problems = []
    for name, path in STARTER_PAGES.items():
        page.goto(site + path)
        found = check(page)
        if found:
            problems.append(f"{name} ({path}): {found}")
    return problems


@pytest.mark.parametrize("width", [320, 390])
def test_no_page_scrolls_sideways_on_a_phone(site, starter_content, open_page, width):
    page = open_page(width)

    def overflow(page):
        result = page.evaluate(OVERFLOWING)
        return result["wide"] if result["scrolls"] or result["wide"] else None

    problems = layout_problems(page, site, overflow)

    assert problems == [], "\n".join(problems)


def test_text_at_200_percent_is_neither_cut_off_nor_scrolls_sideways(
    site, starter_content, open_page
):
    page = open_page(1280)

    def doubled_text_problems(page):
        # Every size in the stylesheet is in rem or em, so doubling the root font size is
        # the browser's text-only zoom at 200%.
        before = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        after = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        result = page.evaluate(OVERFLOWING)
        problems = [] if after >= 2 * before else [f"text grew from {before}px to {after}px"]
        problems += result["wide"] + page.evaluate(CLIPPED)
        if result["scrolls"]:
            problems.append("the page scrolls sideways")
        return problems

    problems = layout_problems(page, site, doubled_text_problems)

    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    "page_type,hidden_from_print",
    [
        ("project detail", [".site-header", ".site-footer", ".skip-link"]),
        ("event detail", [".site-header", ".site-footer", ".skip-link", ".prev-next"]),
    ],
)
def test_printed_page_keeps_the_content_and_spells_out_each_source_address(
    site, starter_content, open_page, page_type, hidden_from_print
):
    page = open_page(1280)
    page.goto(site + STARTER_PAGES[page_type])
    page.emulate_media(media="print")

    printed_addresses = page.eval_on_selector_all(
        ".sources li > a",
        "links => links.map(a => [a.href, getComputedStyle(a, '::after').content])",
    )
    hidden = {
        selector: page.eval_on_selector(selector, "e => getComputedStyle(e).display")
        for selector in hidden_from_print
    }

    assert printed_addresses
    for address, after in printed_addresses:
        assert address in after
    assert set(hidden.values()) == {"none"}
    assert page.locator("h1").is_visible()
    assert page.locator(".sources").is_visible()
    assert page.pdf(format="A4")[:4] == b"%PDF"
