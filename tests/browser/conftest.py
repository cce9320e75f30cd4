"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

`make test` installs what these tests need. Where Chromium, Playwright or the npm tools are
missing the tests are skipped with a loud message, except under CI (CI=true), where they fail,
and where a run that selected the browser tests but passed none of them fails too.
"""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# The widths of a phone and of a laptop, in CSS pixels.
WIDTHS = (390, 1280)
HEIGHT = 800

# Every public page type that exists with an empty database.
EMPTY_SITE_PAGES = {
    "home": "/",
    "project list": "/projects/",
    "project list, filtered and searched": "/projects/?q=railway&country=laos&status=completed",
    "timeline": "/timeline/",
    "timeline, filtered": "/timeline/?kind=leaders",
    "countries": "/countries/",
    "outcomes": "/outcomes/",
    "about": "/about/",
    "site search": "/search/?q=railway",
    "404": "/no-such-page/",
}
# With the starter content, the detail pages exist too.
STARTER_PAGES = {
    **EMPTY_SITE_PAGES,
    "project detail": "/projects/china-laos-railway/",
    "event detail": "/timeline/china-laos-railway-opens/",
    "country detail": "/countries/laos/",
}

IN_CI = os.environ.get("CI", "").lower() == "true"
# `make screenshots` sets REQUIRE_BROWSER=1: without a browser it has nothing to do.
BROWSER_REQUIRED = IN_CI or os.environ.get("REQUIRE_BROWSER") == "1"


def missing_tools():
    """What the browser tests need and this machine lacks."""
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package (pip install -r requirements-dev.txt)")
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    if not AXE_SCRIPT.exists() or not VNU_JAR.exists():
        missing.append("axe-core and vnu-jar in node_modules/ (npm ci)")
    if not shutil.which("java"):
        missing.append("Java, for the Nu HTML Checker")
    return missing


def pytest_collection_modifyitems(config, items):
    """Run the browser tests last: Playwright's event loop must not outlive them."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def pytest_sessionfinish(session, exitstatus):
    if not IN_CI or "not browser" in (session.config.option.markexpr or ""):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    passed = [
        report
        for report in (reporter.stats.get("passed", []) if reporter else [])
        if "browser" in report.keywords
    ]
    if not passed:
        if reporter:
            reporter.write_line("CI=true, and no browser test passed: failing the run.", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "browser" in r.keywords]
    if skipped:
        reason = skipped[0].longrepr[-1] if isinstance(skipped[0].longrepr, tuple) else ""
        terminalreporter.section("BROWSER TESTS SKIPPED", sep="!", red=True, bold=True)
        terminalreporter.write_line(f"{len(skipped)} browser tests did not run. {reason}", red=True)


@pytest.fixture(scope="session")
def browser():
    missing = missing_tools()
    if missing:
        message = "BROWSER TESTS NOT RUN: missing " + "; ".join(missing)
        if BROWSER_REQUIRED:
            pytest.fail(message)
        pytest.skip(message)

    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, and Django refuses
    # database work beside a running loop. These tests touch the database only between
    # browser steps, never from the live server's thread.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(live_server, browser):
    """The live server's address; requesting it gives the test a fresh, empty database."""
    return live_server.url


@pytest.fixture
def starter_content(site):
    call_command("load_lmc_content", stdout=io.StringIO())


@pytest.fixture
def open_page(browser):
    """Opens a page `width` pixels wide in a fresh browser context; closes them all at the end."""
    contexts = []

    def open_page(width, **options):
        context = browser.new_context(viewport={"width": width, "height": HEIGHT}, **options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_source():
    return AXE_SCRIPT.read_text(encoding="utf-8")
