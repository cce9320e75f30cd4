"""Pages stay light: every byte counted, nothing from another host, no script needed."""

import pytest
from playwright.sync_api import Error

from tests.browser.conftest import STARTER_PAGES

pytestmark = pytest.mark.browser

HOME_BUDGET = 60_000
SCRIPT_BUDGET = 10_000


def load_and_weigh(open_page, url):
    """Loads `url` with an empty cache.

    Returns [(address, resource type, bytes uncompressed, bytes on the wire)]: the budgets
    count uncompressed bytes, so they do not depend on compression; the wire bytes are printed.
    """
    page = open_page(390)
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    loaded = []
    for request in finished:
        sizes = request.sizes()
        response = request.response()
        try:
            body = len(response.body())
        except Error:  # a redirect has no body to read
            body = sizes["responseBodySize"]
        headers = sizes["responseHeadersSize"]
        loaded.append(
            (
                request.url,
                request.resource_type,
                headers + body,
                headers + sizes["responseBodySize"],
            )
        )
    return loaded


def test_pages_load_only_from_the_site_and_the_home_page_is_under_budget(
    site, starter_content, open_page, capsys
):
    weights = {}
    foreign, heavy_scripts = [], []
    for name, path in STARTER_PAGES.items():
        loaded = load_and_weigh(open_page, site + path)
        weights[name] = (
            len(loaded),
            sum(received for _, _, received, _ in loaded),
            sum(compressed for _, _, _, compressed in loaded),
        )
        foreign += [url for url, _, _, _ in loaded if not url.startswith(site + "/")]
        heavy_scripts += [
            url
            for url, kind, received, _ in loaded
            if kind == "script" and received > SCRIPT_BUDGET
        ]

    with capsys.disabled():
        print("\nBytes received per page type (at 390 px, empty cache, every request counted):")
        for name, (requests, received, compressed) in weights.items():
            print(
                f"  {name:<38} {received:>7,} bytes in {requests} requests,"
                f" {compressed:>7,} bytes compressed"
            )

    assert foreign == []
    assert heavy_scripts == []
    assert weights["home"][1] <= HOME_BUDGET
