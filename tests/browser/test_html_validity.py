"""The Nu HTML Checker finds no error in any public page, as served, empty or with content."""

import io
import json
import re
import subprocess

import pytest
from django.core.management import call_command

from tests.browser.conftest import EMPTY_SITE_PAGES, STARTER_PAGES, VNU_JAR

pytestmark = pytest.mark.browser


def save_pages(page, site, pages, folder, prefix):
    """Saves each page's HTML exactly as the server sent it; returns file name -> page name."""
    saved = {}
    for name, path in pages.items():
        response = page.goto(site + path)
        file_name = f"{prefix}-{re.sub(r'[^a-z0-9]+', '-', name)}.html"
        (folder / file_name).write_bytes(response.body())
        saved[file_name] = f"{name} ({path}, {prefix})"
    return saved


def test_nu_checker_finds_no_error_on_any_page_type(site, open_page, tmp_path):
    page = open_page(1280)
    saved = save_pages(page, site, EMPTY_SITE_PAGES, tmp_path, "empty")
    call_command("load_lmc_content", stdout=io.StringIO())
    saved |= save_pages(page, site, STARTER_PAGES, tmp_path, "starter")

    # One JVM checks every page; the checker writes its JSON report to standard error.
    checked = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", *sorted(saved)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stderr)["messages"]
    errors = [
        f"{saved.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))} "
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]

    assert errors == [], "\n".join(errors)
    assert checked.returncode == 0
