"""Markdown renders in time proportional to its length, whatever an editor types: each
text built to make a backtracking parser slow (bench/markdown_speed.py lists them) takes
at most five times as long at 100 KB as at 25 KB; a quadratic parser takes sixteen times
as long. A render of 100 KB in under a tenth of a second is too quick to time reliably
on a shared machine, and too quick to matter, so it passes whatever its ratio. A moment of
load on the machine can stretch one measurement: a pattern over the ratio is measured up to
three times, and fails only if every measurement is over it, as a slow parser's always is."""

import pytest

from bench.markdown_speed import LARGE, PATTERNS, SMALL, fastest_of_two, text_of

MAX_RATIO = 5
TOO_QUICK_TO_MATTER = 0.1  # seconds at 100 KB
MEASUREMENTS = 3


def is_linear(small, large):
    return large <= max(MAX_RATIO * small, TOO_QUICK_TO_MATTER)


@pytest.mark.parametrize("unit", PATTERNS.values(), ids=PATTERNS.keys())
def test_four_times_the_text_takes_at_most_five_times_as_long(unit):
    small_text, large_text = text_of(unit, SMALL), text_of(unit, LARGE)
    measured = []
    while len(measured) < MEASUREMENTS and not any(is_linear(*pair) for pair in measured):
        measured.append(fastest_of_two(small_text, large_text))

    assert any(is_linear(small, large) for small, large in measured), ", ".join(
        f"{large:.3f} s at 100 KB, {small:.3f} s at 25 KB" for small, large in measured
    )
