"""Markdown renders in time proportional to its length, whatever an editor types: each
text built to make a backtracking parser slow (bench/markdown_speed.py lists them) takes
at most five times as long at 100 KB as at 25 KB; a quadratic parser takes sixteen times
as long. A render of 100 KB in under a tenth of a second is too quick to time reliably
on a shared machine, and too quick to matter, so it passes whatever its ratio."""

import pytest

from bench.markdown_speed import LARGE, PATTERNS, SMALL, fastest_of_two, text_of

MAX_RATIO = 5
TOO_QUICK_TO_MATTER = 0.1  # seconds at 100 KB


@pytest.mark.parametrize("unit", PATTERNS.values(), ids=PATTERNS.keys())
def test_four_times_the_text_takes_at_most_five_times_as_long(unit):
    small, large = fastest_of_two(text_of(unit, SMALL), text_of(unit, LARGE))

    assert large <= max(MAX_RATIO * small, TOO_QUICK_TO_MATTER), (
        f"{large:.3f} s at 100 KB, {small:.3f} s at 25 KB"
    )
