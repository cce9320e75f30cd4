"""Write the HTML the former Markdown renderer (Python-Markdown with the tables and
sane_lists extensions, then the site's sanitiser) gave for every Markdown field of the
starter content, to tests/data/markdown_reference.json.

tests/core/test_markdown_rendering.py compares today's renderer with this file, so
that a change of parser cannot change what existing content looks like. Run it with
`python -m tests.markdown_reference` only to record the former renderer's output again.
"""

import json
from pathlib import Path

import markdown as python_markdown
import yaml

from core.markdown import sanitise_html

ROOT = Path(__file__).resolve().parent.parent
CONTENT_FILE = ROOT / "content" / "lmc_content.yaml"
REFERENCE_FILE = ROOT / "tests" / "data" / "markdown_reference.json"
# The data file's sections whose items carry Markdown, and the field that holds it.
MARKDOWN_FIELDS = {
    "countries": "profile",
    "areas": "description",
    "funding_sources": "description",
    "projects": "body",
    "events": "body",
}


def starter_markdown(path=CONTENT_FILE):
    """{"section/slug/field": text} for every non-empty Markdown field of the data file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts = {}
    for section, field in MARKDOWN_FIELDS.items():
        for entry in data[section]:
            if text := entry.get(field):
                texts[f"{section}/{entry['slug']}/{field}"] = text
    return texts


# What editors commonly write beyond the starter content: the constructs the site's
# help text lists, each written the way both parsers read alike.
SAMPLES = {
    "samples/headings": "## Progress\n\nText.\n\n### Next steps\n\n#### Detail",
    "samples/emphasis": "Some **bold**, *italic*, __strong__ and _em_ text, and `code`.",
    "samples/links": (
        'See [the plan](https://example.org/plan "Plan") and <https://example.org/>,'
        " or [mail](mailto:info@example.org)."
    ),
    "samples/lists": "Intro:\n\n- one\n- two\n- three\n\nThen:\n\n1. first\n2. second",
    "samples/table": (
        "| Year | Projects |\n| :--- | ---: |\n| 2016 | 45 |\n| 2017 | 132 |\n\nAfter."
    ),
    "samples/quote_and_rule": "> A quoted line.\n\n---\n\nAfter the rule.",
    "samples/code_block": "Before:\n\n    indented code\n    second line\n\nAfter.",
    "samples/raw_html": 'Hi <script>alert(1)</script><b>bold</b> <a href="javascript:x">x</a>',
}


def former_rendering(text):
    html = python_markdown.markdown(text, extensions=["tables", "sane_lists"])
    return sanitise_html(html)


def main():
    texts = starter_markdown() | SAMPLES
    reference = {key: former_rendering(text) for key, text in texts.items()}
    REFERENCE_FILE.write_text(json.dumps(reference, indent=1, ensure_ascii=False) + "\n")
    print(f"Wrote {len(reference)} renderings to {REFERENCE_FILE.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
