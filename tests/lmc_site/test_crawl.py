"""A polite link crawler over the project list must find a bounded number of addresses.

Filter links that combined values in the order clicked once let a crawler reach tens of
thousands of addresses for ten projects.
"""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from protego import Protego

MAX_DEPTH = 3
MAX_ADDRESSES = 500
# A runaway crawl is stopped here, so a failing run stays short.
GIVE_UP_AFTER = 5_000
SKIPPED_PREFIXES = ("/static/", "/media/")


class LinkParser(HTMLParser):
    """The href of each <a> that a polite crawler may follow (no rel="nofollow")."""

    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag != "a" or not attributes.get("href"):
            return
        if "nofollow" in (attributes.get("rel") or "").split():
            return
        self.links.append(attributes["href"])


def followable_links(base, html):
    parser = LinkParser()
    parser.feed(html)
    for href in parser.links:
        address = urldefrag(urljoin(base, href)).url
        parts = urlsplit(address)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        if not local.startswith(SKIPPED_PREFIXES):
            yield local


def crawl(client, start):
    """Addresses reached from `start`, following redirects, within MAX_DEPTH links."""
    robots = Protego.parse(client.get("/robots.txt").content.decode())
    seen = {start}
    frontier = [start]
    for depth in range(MAX_DEPTH + 1):
        next_frontier = []
        for address in frontier:
            response = client.get(address, follow=True)
            if response.redirect_chain:
                seen.add(response.redirect_chain[-1][0])
            if depth == MAX_DEPTH or not response["Content-Type"].startswith("text/html"):
                continue
            for link in followable_links(address, response.content.decode()):
                if link in seen or not robots.can_fetch(f"http://testserver{link}", "*"):
                    continue
                seen.add(link)
                next_frontier.append(link)
                if len(seen) >= GIVE_UP_AFTER:
                    return seen
        frontier = next_frontier
    return seen


@pytest.mark.django_db
def test_a_polite_crawl_of_the_project_list_reaches_fewer_than_500_addresses(client):
    call_command("load_lmc_content", verbosity=0)

    reached = crawl(client, "/projects/")

    print(f"crawl from /projects/, depth {MAX_DEPTH}: {len(reached)} distinct addresses")
    assert len(reached) < MAX_ADDRESSES
