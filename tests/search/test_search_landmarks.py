"""Each search landmark has its own accessible name, so a screen reader's list of landmarks
tells the header's site search from the search page's own form (axe `landmark-unique`)."""

from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db

# Elements with no end tag: they hold no text and close themselves.
VOID_TAGS = {"br", "hr", "img", "input", "link", "meta", "source"}


class SearchLandmarks(HTMLParser):
    """The accessible name of each role="search" element, as aria-label or aria-labelledby
    give it (the text of the labelling elements, joined by spaces)."""

    def __init__(self):
        super().__init__()
        self.landmarks = []
        self.texts = {}
        self.open_ids = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("role") == "search":
            self.landmarks.append(attrs)
        if attrs.get("id"):
            self.texts[attrs["id"]] = ""
        if tag not in VOID_TAGS:
            self.open_ids.append(attrs.get("id"))

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS and self.open_ids:
            self.open_ids.pop()

    def handle_data(self, data):
        for element_id in filter(None, self.open_ids):
            self.texts[element_id] += data

    def names(self):
        return [self.name_of(landmark) for landmark in self.landmarks]

    def name_of(self, landmark):
        if landmark.get("aria-labelledby"):
            ids = landmark["aria-labelledby"].split()
            return " ".join(" ".join(self.texts.get(i, "").split()) for i in ids).strip()
        return (landmark.get("aria-label") or "").strip()


def search_landmark_names(client, path):
    parser = SearchLandmarks()
    parser.feed(client.get(path).content.decode())
    return parser.names()


@pytest.mark.parametrize("path", ["/search/", "/search/?q=railway"])
def test_the_two_search_forms_of_the_search_page_have_distinct_names(client, path):
    names = search_landmark_names(client, path)

    assert names == ["Site search", "Search"]


def test_the_header_search_is_named_on_every_page(client):
    assert search_landmark_names(client, "/") == ["Site search"]
