"""Word search over projects and timeline events.

A query matches an item when every one of its words appears in at least one of
the item's searched fields, in any order and any letter case. A few names have
several spellings (Viet Nam, Lao PDR, Mekong-Lancang): a query using any of them
finds the others. Results are ordered by relevance: items whose title holds
every word first, then the newest published.

The interface:
- `cut_query(query)`: the part searched, at most MAX_QUERY_LENGTH characters and
  MAX_QUERY_WORDS words; `query_is_cut(query)` says whether anything was left out;
- `query_words(query)` and `word_variants(word)`: for messages and highlighting;
- `search_projects(queryset, query)` and `search_events(queryset, query)`.
A later full-text engine can replace the matching below without changing callers.
"""

import re
import unicodedata

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When

from projects.models import Project, ProjectResult
from timeline.models import Event

MAX_QUERY_LENGTH = 200
# Each word costs a condition on every searched field, so a query has only so many.
MAX_QUERY_WORDS = 12

# Each group lists the spellings of one name; the first is the token a query is normalised to.
SYNONYMS = [
    ["vietnam", "viet nam", "việt nam"],
    ["laos", "lao pdr", "lao people's democratic republic"],
    ["lmc", "mlc", "lancang-mekong", "mekong-lancang"],
]

# Multi-word and punctuated spellings, turned into one token before the query is split.
MULTI_WORD_FORMS = [
    (re.compile(r"\bvi[eệ]t\s+nam\b"), "vietnam"),
    (re.compile(r"\blao\s+people'?s\s+democratic\s+republic\b"), "laos"),
    (re.compile(r"\blao\s+pdr\b"), "laos"),
    (re.compile(r"\b(?:lancang\s*-\s*mekong|mekong\s*-\s*lancang)\b"), "lmc"),
]

VARIANTS = {spelling: group for group in SYNONYMS for spelling in group}

TYPOGRAPHY = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u2010": "-", "\u2013": "-", "\u2014": "-"}
)

# Punctuation around a word ("railway," or "(Laos)") is not part of it.
EDGE_PUNCTUATION = "\"'.,;:!?()[]{}<>\u201c\u201d\u00ab\u00bb"


def cut_query(query):
    """The query as searched: its first MAX_QUERY_LENGTH characters, up to MAX_QUERY_WORDS words."""
    words = (query or "").strip()[:MAX_QUERY_LENGTH].split()
    return " ".join(words[:MAX_QUERY_WORDS])


def query_is_cut(query):
    """Whether `cut_query` leaves out part of `query`, which the page should then say."""
    return cut_query(query) != " ".join((query or "").split())


def query_words(query):
    """The distinct normalised words of `query`, lower case, synonyms as one token each."""
    text = unicodedata.normalize("NFC", cut_query(query)).lower().translate(TYPOGRAPHY)
    for pattern, token in MULTI_WORD_FORMS:
        text = pattern.sub(token, text)
    words = []
    for raw in text.split():
        word = raw.strip(EDGE_PUNCTUATION)
        word = VARIANTS[word][0] if word in VARIANTS else word
        if word and word not in words:
            words.append(word)
    return words


def word_variants(word):
    """Every spelling a normalised word matches.

    SQLite compares letter case for ASCII only, so a word with other letters
    (Vietnamese, for one) is also searched in upper and title case.
    """
    variants = []
    for spelling in VARIANTS.get(word, [word]):
        variants += [spelling, spelling.replace("'", "\u2019")]
        if not spelling.isascii():
            variants += [spelling.upper(), spelling.title(), spelling.capitalize()]
    return list(dict.fromkeys(variants))


def _any_field_contains(fields, variants):
    condition = Q()
    for field in fields:
        for variant in variants:
            condition |= Q(**{f"{field}__icontains": variant})
    return condition


def _search(queryset, query, fields, related):
    """Narrow `queryset` to items where each word is in `fields` or in a related row.

    `related` lists (rows, link, row_fields): a queryset of related rows, the
    field of those rows holding the item's id, and the fields to search. Each
    becomes an Exists() per word, so an item never repeats however many rows match.
    """
    words = query_words(query)
    if not words:
        return queryset
    in_title = Q()
    for word in words:
        variants = word_variants(word)
        condition = _any_field_contains(fields, variants)
        for rows, link, row_fields in related:
            matching = rows.filter(**{link: OuterRef("pk")}).filter(
                _any_field_contains(row_fields, variants)
            )
            condition |= Exists(matching)
        queryset = queryset.filter(condition)
        in_title &= _any_field_contains(["title"], variants)
    return queryset.annotate(
        title_match=Case(
            When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    ).order_by("-title_match", "-published_at", "title", "pk")


def search_projects(queryset, query):
    """Projects of `queryset` matching every word of `query`, most relevant first.

    Searches the title, summary, body, place, key results, and the names of the
    project's countries and cooperation areas. A query with no words leaves the
    queryset as it is.
    """
    return _search(
        queryset,
        query,
        ["title", "summary", "body", "place_name"],
        [
            (ProjectResult.objects.all(), "project", ["label", "value", "unit"]),
            (
                Project.countries.through.objects.all(),
                "project",
                ["country__name", "country__official_name"],
            ),
            (Project.areas.through.objects.all(), "project", ["cooperationarea__name"]),
        ],
    )


def search_events(queryset, query):
    """Timeline events of `queryset` matching every word of `query`, most relevant first.

    Searches the title, summary, body, place and the names of the event's
    countries. A query with no words leaves the queryset as it is.
    """
    return _search(
        queryset,
        query,
        ["title", "summary", "body", "place"],
        [
            (
                Event.countries.through.objects.all(),
                "event",
                ["country__name", "country__official_name"],
            )
        ],
    )
