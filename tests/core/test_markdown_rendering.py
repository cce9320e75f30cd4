"""Existing content looks the same whatever parser renders it: every Markdown field of
the starter content, and the constructs editors commonly write, give the HTML recorded
from the former renderer by `python -m tests.markdown_reference`, up to whitespace."""

import json
import re

import pytest

from core.markdown import markdown_to_html
from tests.markdown_reference import REFERENCE_FILE, SAMPLES, starter_markdown

REFERENCE = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
TEXTS = starter_markdown() | SAMPLES
WHITESPACE = re.compile(r"\s+")
BETWEEN_TAGS = re.compile(r">\s+<")


def without_whitespace_differences(html):
    return WHITESPACE.sub(" ", BETWEEN_TAGS.sub("><", html)).strip()


def test_the_reference_covers_every_markdown_field_of_the_starter_content():
    assert sorted(REFERENCE) == sorted(TEXTS)


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_renders_as_the_former_renderer_did(key):
    html = markdown_to_html(TEXTS[key])

    assert without_whitespace_differences(html) == without_whitespace_differences(REFERENCE[key])
