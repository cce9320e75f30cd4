"""Snippets: a short extract of a text around its first matching word, matches marked."""

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.words import STOP_WORDS, TOKEN, folded_stem, parse, porter_stem

SNIPPET_LENGTH = 220


@lru_cache(maxsize=256)
def _matcher(query):
    """A function telling whether a word of a text matches one of the query's words.

    Kept for each recent query: a page highlights up to forty texts with the same one."""
    words = parse(query)
    stems, substrings = set(), []
    for word in words:
        if word.substring:
            substrings.append(word.substring)
        for tokens in word.phrases:
            stems.update(porter_stem(token) for token in tokens if token not in STOP_WORDS)

    def matches(token):
        return folded_stem(token) in stems or any(s in token for s in substrings)

    return matches


MARKDOWN_MARKUP = re.compile(r"\]\([^)]*\)|[*_#>`\[\]]+")


def snippet(query, *texts, length=SNIPPET_LENGTH):
    """`highlight` of the first of `texts` holding a matching word, or of the first one.

    Markdown markup is left out, so a body can be one of the texts.
    """
    texts = [MARKDOWN_MARKUP.sub("", text or "") for text in texts]
    matches = _matcher(query)
    for text in texts:
        if any(matches(token) for token in TOKEN.findall(text)):
            return highlight(text, query, length)
    return highlight(texts[0] if texts else "", query, length)


def highlight(text, query, length=SNIPPET_LENGTH):
    """About `length` characters of `text` around its first matching word, matches in <mark>.

    The result is escaped HTML, safe to show; empty when `text` is.
    """
    text = " ".join((text or "").split())
    matches = _matcher(query)
    spans = [m.span() for m in TOKEN.finditer(text) if matches(m.group())]
    start = 0
    if spans and spans[0][0] > length // 3:
        start = text.rfind(" ", 0, spans[0][0] - length // 4) + 1
    end = start + length
    if end < len(text):
        end = max(text.rfind(" ", start, end), spans[0][1] if spans else start + 1)
    parts, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(escape(text[position:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(escape(text[position:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)
