"""SQLite's side of a search: FTS5 queries on the stemmed index, the index of the titles and
the trigram index of the whole text (see search/index.py)."""

from django.db.models import Q
from django.db.models.expressions import RawSQL

ID_COLUMN = "rowid"


def _fts5_phrase(tokens):
    return '"' + " ".join(tokens).replace('"', '""') + '"'


def fts5_query(words):
    groups = []
    for word in words:
        options = [_fts5_phrase(tokens) for tokens in word.phrases]
        options += [_fts5_phrase([term]) for term in word.corrections]
        groups.append("(" + " OR ".join(options) + ")")
    return " AND ".join(groups)


def index_conditions(spec, words):
    """(matches, in title): Q objects for the words the full-text index looks up."""
    expression = fts5_query(words)
    select = f"SELECT rowid FROM {spec.fts_table} WHERE {spec.fts_table} MATCH %s"
    return (
        Q(pk__in=RawSQL(select, [expression])),
        Q(pk__in=RawSQL(select, ["{title} : (" + expression + ")"])),
    )


def substring_condition(spec, text):
    condition, params = trigram_condition(spec, text)
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {spec.trigram_table} WHERE {condition}", params))


# Each vocabulary term as an FTS5 phrase (in double quotes, its own doubled), and a phrase that
# matches nothing.
TERM_AS_PHRASE = """'"' || replace(term, '"', '""') || '"'"""
NO_PHRASE = """'""'"""


def trigram_condition(spec, text):
    """(condition, parameters) on the trigram table for the items whose text holds `text`."""
    if len(text) >= 3 and "%" not in text and "_" not in text:
        # The index answers LIKE only without an ESCAPE clause.
        return "text LIKE %s", [f"%{text}%"]
    if len(text) == 2:
        # Too short for a trigram of its own: any indexed trigram it begins will do. Every
        # text ends with a space, so its last two characters begin one too.
        terms = (
            f"SELECT group_concat({TERM_AS_PHRASE}, ' OR ') FROM {spec.trigram_vocab_table} "
            "WHERE term >= %s AND term < %s || char(65535)"
        )
        return f"{spec.trigram_table} MATCH coalesce(({terms}), {NO_PHRASE})", [text.lower()] * 2
    return "instr(text, %s) > 0", [text]


def driver(spec, words, in_title):
    """(table, conditions, params): the index walked for `words`, and what it checks.

    `in_title` asks for the items with every word in the title; the caller checks the title
    for words of scripts without spaces, as the trigram index holds the whole text.
    """
    indexed = [word for word in words if not word.substring]
    substrings = [word.substring for word in words if word.substring]
    if not indexed:
        conditions = [trigram_condition(spec, text) for text in substrings]
        params = [param for _, params in conditions for param in params]
        return spec.trigram_table, [condition for condition, _ in conditions], params
    # The titles have an index of their own: a word common in the text but rare in titles
    # is then found there without reading every match's positions.
    table = spec.title_fts_table if in_title else spec.fts_table
    conditions, params = [f"{table} MATCH %s"], [fts5_query(indexed)]
    for text in substrings:
        condition, condition_params = trigram_condition(spec, text)
        conditions.append(f"rowid IN (SELECT rowid FROM {spec.trigram_table} WHERE {condition})")
        params += condition_params
    return table, conditions, params
