"""`make screenshots`: every public page type at both widths, with the starter content.

Not collected by the test suite (its name does not start with test_); the Makefile runs it
by name. The PNGs go to screenshots/, which git ignores; the home page at 1280 pixels, as far
as a laptop's screen shows, also goes to docs/home.png for the README.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.conftest import STARTER_PAGES, WIDTHS

pytestmark = pytest.mark.browser

BASE_DIR = Path(settings.BASE_DIR)


def test_save_a_screenshot_of_every_page_type(site, starter_content, open_page, capsys):
    folder = BASE_DIR / "screenshots"
    folder.mkdir(exist_ok=True)
    saved = []
    for width in WIDTHS:
        page = open_page(width)
        for name, path in STARTER_PAGES.items():
            page.goto(site + path)
            file = folder / f"{re.sub(r'[^a-z0-9]+', '-', name)}-{width}.png"
            page.screenshot(path=file, full_page=True)
            saved.append(file)
            if name == "home" and width == 1280:
                page.screenshot(path=BASE_DIR / "docs" / "home.png")

    with capsys.disabled():
        print(f"\nSaved {len(saved)} screenshots in {folder}, and docs/home.png")
    assert all(file.stat().st_size for file in saved)
