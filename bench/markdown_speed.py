"""Markdown rendering time for texts built to be slow to parse, at 25 KB and 100 KB.

`make bench` runs it; tests/core/test_markdown_speed.py checks the same patterns'
ratios. A parser whose time grows in step with the text shows ratios near 4; a quadratic
one, near 16. Times are the parse and the sanitiser together, without the cache and with the
garbage collector paused.
"""

import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core.markdown import markdown_to_html  # noqa: E402

SMALL, LARGE = 25_000, 100_000
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
    """The unit repeated to exactly `size` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def render_seconds(text):
    """One render's time, with the garbage collector paused: when its collections run and
    how long they take depends on everything else the process holds, not on the parser."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        markdown_to_html(text)
        return time.perf_counter() - start
    finally:
        gc.enable()


def fastest_of_two(small_text, large_text):
    """The fastest of two renders of each text, taken in turn, so that a moment of load on
    the machine weighs on both sizes alike."""
    timings = [(render_seconds(small_text), render_seconds(large_text)) for _ in range(2)]
    return min(small for small, _ in timings), min(large for _, large in timings)


def main():
    print("\nMarkdown rendering without the cache, fastest of two, in seconds:")
    print(f"{'pattern':<20}{'25 KB':>9}{'100 KB':>9}{'ratio':>7}")
    for name, unit in PATTERNS.items():
        small, large = fastest_of_two(text_of(unit, SMALL), text_of(unit, LARGE))
        print(f"{name:<20}{small:>9.3f}{large:>9.3f}{large / small:>7.1f}", flush=True)


if __name__ == "__main__":
    main()
