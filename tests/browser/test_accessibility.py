"""axe-core finds no WCAG 2.2 AA violation on any public page, at both widths."""

import io

import pytest
from django.core.management import call_command

from tests.browser.conftest import EMPTY_SITE_PAGES, STARTER_PAGES, WIDTHS

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    # Best practice, not WCAG, but two landmarks of one role and no names cannot be told
    # apart in a screen reader's list of landmarks.
    "rules": {"landmark-unique": {"enabled": True}},
    "resultTypes": ["violations"],
}
LANDMARK_OPTIONS = {"runOnly": {"type": "rule", "values": ["landmark-unique"]}}
RUN_AXE = """async (options) => {
    const results = await axe.run(document, options);
    return results.violations.map((violation) => ({
        id: violation.id,
        help: violation.help,
        nodes: violation.nodes.map((node) => node.target.join(" ")),
    }));
}"""

# axe files heading order under best practice, not WCAG, so it is checked here: one h1 first,
# and no level skipped on the way down.
HEADING_PROBLEMS = """() => {
    const levels = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
        .map((heading) => Number(heading.tagName[1]));
    const problems = [];
    if (levels[0] !== 1 || levels.filter((level) => level === 1).length !== 1) {
        problems.push("not exactly one h1, first: " + levels.join(" "));
    }
    levels.forEach((level, i) => {
        if (i && level > levels[i - 1] + 1) {
            problems.push(`h${levels[i - 1]} followed by h${level}`);
        }
    });
    return problems;
}"""


def axe_violations(page, axe_source, site, pages):
    """axe's violations on each page, as readable lines."""
    found = []
    for name, path in pages.items():
        page.goto(site + path)
        # Evaluated from the page's side of the debugging protocol, so the site's CSP, which
        # refuses injected script elements, is kept and not bypassed.
        page.evaluate(axe_source)
        for violation in page.evaluate(RUN_AXE, AXE_OPTIONS):
            found.append(
                f"{name} ({path}): {violation['id']}: {violation['help']} at "
                + ", ".join(violation["nodes"][:5])
            )
        found += [f"{name} ({path}): {problem}" for problem in page.evaluate(HEADING_PROBLEMS)]
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violations_on_any_page_type_empty_or_with_starter_content(
    site, open_page, axe_source, width
):
    page = open_page(width)
    found = axe_violations(page, axe_source, site, EMPTY_SITE_PAGES)
    call_command("load_lmc_content", stdout=io.StringIO())
    found += axe_violations(page, axe_source, site, STARTER_PAGES)

    assert found == [], "\n".join(found)


def test_the_search_page_landmarks_are_unique(site, open_page, axe_source):
    page = open_page(WIDTHS[0])
    for path in ["/search/", "/search/?q=railway"]:
        page.goto(site + path)
        page.evaluate(axe_source)

        assert page.evaluate(RUN_AXE, LANDMARK_OPTIONS) == [], path
