"""Markdown renders in time proportional to its length, whatever an editor types: each
text built to make a backtracking parser slow takes at most five times as long at 100 KB
as at 25 KB (a quadratic parser takes sixteen times as long). A render of 100 KB in
under a tenth of a second is too quick to time reliably on a shared machine, and too
quick to matter, so it passes whatever its ratio."""

import time

import pytest

from lmc_site.markdown import markdown_to_html

SMALL, LARGE = 25_000, 100_000
MAX_RATIO = 5
TOO_QUICK_TO_MATTER = 0.1  # seconds at 100 KB
# Repeated units that once made Markdown parsers slow: unclosed links, images and
# brackets, runs of emphasis marks and backticks, deep nesting and long lists.
PATTERNS = {
    "unclosed links": "[a](",
    "open brackets": "[",
    "close brackets": "]",
    "unclosed images": "![a](",
    "unclosed tags": "<a ",
    "unclosed comments": "<!--",
    "asterisks": "*",
    "underscores": "_",
    "backticks": "`",
    "emphasis runs": "*a**b***c",
    "mixed emphasis": "*_",
    "nested quotes": ">",
    "nested lists": "- ",
    "list items": "- a\n",
    "ordered list items": "1. a\n",
    "bracketed links": "[[]](",
    "link titles": '[a](b "',
    "reference labels": "[a]: b\n",
    "autolinks": "<http://a",
    "entities": "&#",
    "table rows": "|a|\n",
    "escapes": "\\",
}


def text_of(unit, size):
    return (unit * (size // len(unit) + 1))[:size]


def render_seconds(text):
    start = time.perf_counter()
    markdown_to_html(text)
    return time.perf_counter() - start


def fastest_of_two(small_text, large_text):
    """The fastest of two renders of each text, taken in turn, so that a moment of load on
    the machine weighs on both sizes alike."""
    timings = [(render_seconds(small_text), render_seconds(large_text)) for _ in range(2)]
    return min(small for small, _ in timings), min(large for _, large in timings)


@pytest.mark.parametrize("unit", PATTERNS.values(), ids=PATTERNS.keys())
def test_four_times_the_text_takes_at_most_five_times_as_long(unit):
    small, large = fastest_of_two(text_of(unit, SMALL), text_of(unit, LARGE))

    assert large <= max(MAX_RATIO * small, TOO_QUICK_TO_MATTER), (
        f"{large:.3f} s at 100 KB, {small:.3f} s at 25 KB"
    )
