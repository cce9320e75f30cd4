"""PostgreSQL's side of a search: tsqueries on the weighted tsvectors, the narrow table of the
titles, and LIKE on the trigram-indexed text or the pairs of characters (see search/index.py)."""

from django.db.models import Q
from django.db.models.expressions import RawSQL

from search.words import SPACELESS

ID_COLUMN = "id"


def tsquery(words):
    groups, params = [], []
    for word in words:
        options = []
        for tokens in word.phrases:
            options.append("phraseto_tsquery('english', %s)")
            params.append(" ".join(tokens))
        for term in word.corrections:
            options.append("to_tsquery('simple', %s)")
            params.append("'" + term.replace("'", "''") + "'")
        groups.append("(" + " || ".join(options) + ")")
    return " && ".join(groups), params


def index_conditions(spec, words):
    """(matches, in title): Q objects for the words the full-text index looks up."""
    query, params = tsquery(words)
    matches = f"SELECT id FROM {spec.search_table} WHERE vector @@ ({query})"
    return (
        Q(pk__in=RawSQL(matches, params)),
        Q(pk__in=RawSQL(title_matches(spec, query), params)),
    )


def like_pattern(text):
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def title_matches(spec, query):
    return f"SELECT id FROM {spec.title_search_table} WHERE title_vector @@ ({query})"


def text_condition(text):
    """(condition, parameters) on the search table for the items whose text holds `text`:
    two characters of scripts without spaces are looked up among the pairs."""
    text = text.lower()
    if len(text) == 2 and SPACELESS.fullmatch(text[0]) and SPACELESS.fullmatch(text[1]):
        return "pairs @> ARRAY[%s]::text[]", [text]
    return "text LIKE %s ESCAPE '\\'", [like_pattern(text)]


def substring_condition(spec, text):
    condition, params = text_condition(text)
    return Q(pk__in=RawSQL(f"SELECT id FROM {spec.search_table} WHERE {condition}", params))


def driver(spec, words, in_title):
    """(table, conditions, params): the index walked for `words`, and what it checks.

    `in_title` asks for the items with every word in the title.
    """
    indexed = [word for word in words if not word.substring]
    substrings = [word.substring for word in words if word.substring]
    conditions, params = [], []
    if indexed:
        query, params = tsquery(indexed)
        if in_title and not substrings:
            return spec.title_search_table, [f"title_vector @@ ({query})"], params
        if in_title:
            conditions.append(f"id IN ({title_matches(spec, query)})")
        else:
            conditions.append(f"vector @@ ({query})")
    # The text's index finds the matches; the title is checked among them.
    for text in substrings:
        condition, condition_params = text_condition(text)
        conditions.append(condition)
        params += condition_params
        if in_title:
            conditions.append("title LIKE %s ESCAPE '\\'")
            params.append(like_pattern(text.lower()))
    return spec.search_table, conditions, params
