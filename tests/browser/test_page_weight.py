"""Pages stay light: every byte counted, nothing from another host, no script needed."""

import pytest

from tests.browser.conftest import STARTER_PAGES

pytestmark = pytest.mark.browser

HOME_BUDGET = 60_000
SCRIPT_BUDGET = 10_000


def load_and_weigh(open_page, url):
    """Loads `url` with an empty cache; returns [(address, resource type, bytes received)]."""
    page = open_page(390)
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    loaded = []
    for request in finished:
        sizes = request.sizes()
        received = sizes["responseHeadersSize"] + sizes["responseBodySize"]
        loaded.append((request.url, request.resource_type, received))
    return loaded


def test_pages_load_only_from_the_site_and_the_home_page_is_under_budget(
    site, starter_content, open_page, capsys
):
    weights = {}
    foreign, heavy_scripts = [], []
    for name, path in STARTER_PAGES.items():
        loaded = load_and_weigh(open_page, site + path)
        weights[name] = (len(loaded), sum(received for _, _, received in loaded))
        foreign += [url for url, _, _ in loaded if not url.startswith(site + "/")]
        heavy_scripts += [
            url for url, kind, received in loaded if kind == "script" and received > SCRIPT_BUDGET
        ]

    with capsys.disabled():
        print("\nBytes received per page type (at 390 px, empty cache, every request counted):")
        for name, (requests, received) in weights.items():
            print(f"  {name:<38} {received:>7,} bytes in {requests} requests")

    assert foreign == []
    assert heavy_scripts == []
    assert weights["home"][1] <= HOME_BUDGET
