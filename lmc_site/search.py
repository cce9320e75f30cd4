"""Full-text search over projects and timeline events, the same on SQLite and PostgreSQL.

A query matches an item when every one of its words matches the item's text:
- a word matches its other forms (`meetings` finds "Meeting") through the English stemmer of
  each database, with or without accents (`Viet Nam` finds "Việt Nam");
- a word the index has never seen is taken for a typo and also matches the indexed words one
  or two letters away from it (`Cambodai` finds "Cambodia"), when they share its first two letters;
- a word in a script written without spaces (Chinese, Thai, Lao, Myanmar, Khmer, Japanese)
  matches wherever those characters appear;
- a few names have several spellings (Viet Nam, Lao PDR, Mekong-Lancang): any finds the others;
- common English words ("the", "of") are left out, the same list on both databases, and
  characters that mean something to the full-text engines (`"`, `*`, `:`, `-`, `NEAR`) are text.
Results are ordered with items whose title holds every word first, then the newest published.

The index itself is kept by the database (see `search_index.py`); this module turns a query
into conditions on it. The interface:
- `cut_query(query)`: the part searched, at most MAX_QUERY_LENGTH characters and
  MAX_QUERY_WORDS words; `query_is_cut(query)` says whether anything was left out;
- `query_words(query)` and `word_variants(word)`: for messages and highlighting;
- `search_projects(queryset, query)` and `search_events(queryset, query)`: every match;
- `ranked_project_ids(queryset, query, limit)` and `ranked_event_ids(...)`: the first `limit`
  matches, best first, at a cost bounded by `limit`; `in_order(queryset, ids)` reads them;
- `highlight(text, query)`: a short extract of `text` with the matching words marked.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

import snowballstemmer
from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from lmc_site.search_index import EVENTS, PROJECTS, SPACELESS_CHARACTERS

MAX_QUERY_LENGTH = 200
# Each word costs a condition on the index, so a query has only so many.
MAX_QUERY_WORDS = 12

# PostgreSQL's English stop words (tsearch_data/english.stop), dropped from every query so that
# both databases ignore the same words.
STOP_WORDS = frozenset(
    """\
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom this
    that these those am is are was were be been being have has had having do does did doing a an
    the and but if or because as until while of at by for with about against between into through
    during before after above below to from up down in out on off over under again further then
    once here there when where why how all any both each few more most other some such no nor not
    only own same so than too very s t can will just don should now""".split()  # noqa: SIM905
)

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
    {"\u2018": "'", "\u2019": "'", "\u2010": "-", "\u2013": "-", "\u2014": "-", "\x00": " "}
)

# Punctuation around a word ("railway," or "(Laos)") is not part of it.
EDGE_PUNCTUATION = "\"'.,;:!?()[]{}<>\u201c\u201d\u00ab\u00bb"

# Letters that no accent-stripping decomposes, mapped as PostgreSQL's unaccent does.
UNDECOMPOSED = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe"})

SPACELESS = re.compile(f"[{SPACELESS_CHARACTERS}]")

TOKEN = re.compile(r"\w+")
SHORTEST_TYPO = 4


def cut_query(query):
    """The query as searched: its first MAX_QUERY_LENGTH characters, up to MAX_QUERY_WORDS words."""
    words = (query or "").strip()[:MAX_QUERY_LENGTH].split()
    return " ".join(words[:MAX_QUERY_WORDS])


def query_is_cut(query):
    """Whether `cut_query` leaves out part of `query`, which the page should then say."""
    return cut_query(query) != " ".join((query or "").split())


def fold(text):
    """`text` in lower case without accents, as both indexes store it."""
    text = unicodedata.normalize("NFKD", text.lower().translate(UNDECOMPOSED))
    return "".join(char for char in text if not unicodedata.combining(char))


def _is_searchable(word):
    if SPACELESS.search(word):
        return True
    tokens = TOKEN.findall(fold(word))
    return bool(tokens) and not all(token in STOP_WORDS for token in tokens)


def query_words(query):
    """The distinct normalised words of `query`, lower case, synonyms as one token each.

    Stop words and words of punctuation alone are left out.
    """
    text = unicodedata.normalize("NFC", cut_query(query)).lower().translate(TYPOGRAPHY)
    for pattern, token in MULTI_WORD_FORMS:
        text = pattern.sub(token, text)
    words = []
    for raw in text.split():
        word = raw.strip(EDGE_PUNCTUATION)
        word = VARIANTS[word][0] if word in VARIANTS else word
        if word and word not in words and _is_searchable(word):
            words.append(word)
    return words


def word_variants(word):
    """Every spelling a normalised word matches, with the other letter cases of non-ASCII ones."""
    variants = []
    for spelling in VARIANTS.get(word, [word]):
        variants += [spelling, spelling.replace("'", "\u2019")]
        if not spelling.isascii():
            variants += [spelling.upper(), spelling.title(), spelling.capitalize()]
    return list(dict.fromkeys(variants))


@dataclass
class Word:
    """One word of a query, as the engines look for it."""

    text: str
    phrases: list = field(default_factory=list)  # token lists, one per spelling
    substring: str = ""  # set for a word of a script without spaces
    corrections: list = field(default_factory=list)  # indexed words close to a typo

    @property
    def typo_candidate(self):
        return (
            not self.substring
            and self.phrases == [[self.text]]
            and self.text.isalpha()
            and self.text.isascii()
            and len(self.text) >= SHORTEST_TYPO
        )


def parse(query):
    words = []
    for text in query_words(query):
        if SPACELESS.search(text):
            words.append(Word(text, substring=text))
            continue
        phrases = [TOKEN.findall(fold(spelling)) for spelling in VARIANTS.get(text, [text])]
        words.append(Word(fold(text), phrases=[tokens for tokens in phrases if tokens]))
    return words


@cache
def _stemmer(vendor):
    return snowballstemmer.stemmer("english" if vendor == "postgresql" else "porter")


@lru_cache(maxsize=100_000)
def _porter_stem(word):
    # Snippets stem every word of every shown text, and the same words recur on every page.
    return _stemmer("sqlite").stemWord(word)


@lru_cache(maxsize=100_000)
def _folded_stem(token):
    return _porter_stem(fold(token))


def _within_typo_distance(a, b):
    """Whether `a` turns into `b` by at most one edit (two for long words), swaps counting one."""
    limit = 1 if len(a) <= 6 else 2
    if abs(len(a) - len(b)) > limit:
        return False
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit


def _vocabulary(words, specs):
    """Indexed words sharing the first two letters of any of `words`: one query.

    In SQLite, a word the index holds as it is, or as its stem, needs no neighbours: its range
    is then made empty before the scan, which reads every listed term's whole entry and so is
    slow where common words share the two letters.
    """
    ranges = [(word.text[:2], word.text[:2] + "\uffff") for word in words]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            condition = " OR ".join(["(word >= %s AND word < %s)"] * len(ranges))
            cursor.execute(f"SELECT word FROM lmc_search_word WHERE {condition}", sum(ranges, ()))
        else:
            selects, params = [], []
            for spec in specs:
                for word, (low, high) in zip(words, ranges, strict=True):
                    held = f"EXISTS (SELECT 1 FROM {spec.vocab_table} WHERE term = %s)"
                    known = f"{held} OR {held}"
                    selects.append(
                        f"SELECT term FROM {spec.vocab_table} "
                        f"WHERE term >= (CASE WHEN {known} THEN %s ELSE %s END) AND term < %s"
                    )
                    params += [_stemmer("sqlite").stemWord(word.text), word.text, high, low, high]
            cursor.execute(" UNION ".join(selects), params)
        return {row[0] for row in cursor.fetchall()}


def correct_typos(words, specs):
    """Give each word the index has never seen the indexed words close to it."""
    candidates = [word for word in words if word.typo_candidate]
    if not candidates:
        return
    vocabulary = _vocabulary(candidates, specs)
    stemmer = _stemmer(connection.vendor)
    for word in candidates:
        stem = stemmer.stemWord(word.text)
        if stem in vocabulary or word.text in vocabulary:
            continue
        word.corrections = sorted(
            term
            for term in vocabulary
            if term.isalpha() and term[:2] == stem[:2] and _within_typo_distance(stem, term)
        )


# The conditions, per database ----------------------------------------------------------------


def _fts5_phrase(tokens):
    return '"' + " ".join(tokens).replace('"', '""') + '"'


def _fts5_query(words):
    groups = []
    for word in words:
        options = [_fts5_phrase(tokens) for tokens in word.phrases]
        options += [_fts5_phrase([term]) for term in word.corrections]
        groups.append("(" + " OR ".join(options) + ")")
    return " AND ".join(groups)


def _tsquery(words):
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


def _index_conditions(spec, words):
    """(matches, in title): Q objects for the words the full-text index looks up."""
    if not words:
        return Q(), Q()
    if connection.vendor == "postgresql":
        tsquery, params = _tsquery(words)
        matches = f"SELECT id FROM {spec.search_table} WHERE vector @@ ({tsquery})"
        return (
            Q(pk__in=RawSQL(matches, params)),
            Q(pk__in=RawSQL(_postgres_title_matches(spec, tsquery), params)),
        )
    expression = _fts5_query(words)
    select = f"SELECT rowid FROM {spec.fts_table} WHERE {spec.fts_table} MATCH %s"
    return (
        Q(pk__in=RawSQL(select, [expression])),
        Q(pk__in=RawSQL(select, ["{title} : (" + expression + ")"])),
    )


def _like_pattern(text):
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _postgres_title_matches(spec, tsquery):
    return f"SELECT id FROM {spec.title_search_table} WHERE title_vector @@ ({tsquery})"


def _postgres_text_condition(text):
    """(condition, parameters) on PostgreSQL's search table for the items whose text holds
    `text`: two characters of scripts without spaces are looked up among the pairs."""
    text = text.lower()
    if len(text) == 2 and SPACELESS.fullmatch(text[0]) and SPACELESS.fullmatch(text[1]):
        return "pairs @> ARRAY[%s]::text[]", [text]
    return "text LIKE %s ESCAPE '\\'", [_like_pattern(text)]


def _substring_condition(spec, text):
    if connection.vendor == "postgresql":
        condition, params = _postgres_text_condition(text)
        return Q(pk__in=RawSQL(f"SELECT id FROM {spec.search_table} WHERE {condition}", params))
    condition, params = _trigram_condition(spec, text)
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {spec.trigram_table} WHERE {condition}", params))


def _search(queryset, query, spec, specs):
    words = parse(query)
    if not words:
        return queryset
    correct_typos(words, specs)
    indexed = [word for word in words if not word.substring]
    matches, in_title = _index_conditions(spec, indexed)
    for word in words:
        if word.substring:
            matches &= _substring_condition(spec, word.substring)
            in_title &= Q(title__icontains=word.substring)
    return (
        queryset.filter(matches)
        .annotate(
            title_match=Case(
                When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("-title_match", "-published_at", "title", "pk")
    )


# The result window -------------------------------------------------------------------------
#
# Sorting every match costs time in proportion to the matches, and a common word matches most of
# a large collection. So the best-match order is one the search indexes give without sorting:
# items with every word in the title first, then the most recently added (the highest id). The
# database walks its index from the highest id down, checks each entry against the page's other
# filters, and stops once it has as many as asked for.


def _driver(spec, words, in_title):
    """(table, id column, conditions, params): the index walked for `words`, and what it checks.

    `in_title` asks for the items with every word in the title; in SQLite, `_window_sql`
    checks the title for words of scripts without spaces.
    """
    indexed = [word for word in words if not word.substring]
    substrings = [word.substring for word in words if word.substring]
    if connection.vendor == "postgresql":
        conditions, params = [], []
        if indexed:
            tsquery, params = _tsquery(indexed)
            if in_title and not substrings:
                return spec.title_search_table, "id", [f"title_vector @@ ({tsquery})"], params
            if in_title:
                conditions.append(f"id IN ({_postgres_title_matches(spec, tsquery)})")
            else:
                conditions.append(f"vector @@ ({tsquery})")
        # The text's index finds the matches; the title is checked among them.
        for text in substrings:
            condition, condition_params = _postgres_text_condition(text)
            conditions.append(condition)
            params += condition_params
            if in_title:
                conditions.append("title LIKE %s ESCAPE '\\'")
                params.append(_like_pattern(text.lower()))
        return spec.search_table, "id", conditions, params
    if not indexed:
        conditions = [_trigram_condition(spec, text) for text in substrings]
        params = [param for _, params in conditions for param in params]
        return spec.trigram_table, "rowid", [condition for condition, _ in conditions], params
    # The titles have an index of their own: a word common in the text but rare in titles
    # is then found there without reading every match's positions.
    table = spec.title_fts_table if in_title else spec.fts_table
    conditions, params = [f"{table} MATCH %s"], [_fts5_query(indexed)]
    for text in substrings:
        condition, condition_params = _trigram_condition(spec, text)
        conditions.append(f"rowid IN (SELECT rowid FROM {spec.trigram_table} WHERE {condition})")
        params += condition_params
    return table, "rowid", conditions, params


# In SQLite: each vocabulary term as an FTS5 phrase (in double quotes, its own doubled), and a
# phrase that matches nothing.
TERM_AS_PHRASE = """'"' || replace(term, '"', '""') || '"'"""
NO_PHRASE = """'""'"""


def _trigram_condition(spec, text):
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


def _window_sql(queryset, spec, words, in_title, limit):
    table, id_column, conditions, params = _driver(spec, words, in_title)
    if in_title and connection.vendor == "sqlite":
        # SQLite's trigram index holds the whole text, so the item's own title is read.
        for word in words:
            if word.substring:
                queryset = queryset.filter(title__icontains=word.substring)
    if connection.vendor == "postgresql" and _is_every_published_item(queryset):
        # The index keeps each item's publication time: no need to look at the item itself.
        conditions.append("public_at <= %s")
        params.append(timezone.now())
    else:
        item = RawSQL(f"{table}.{id_column}", [])
        kept, kept_params = _sql_of(queryset.filter(pk=item))
        conditions.append(f"EXISTS ({kept})")
        params += kept_params
    where = " AND ".join(conditions)
    order = f"{table}.{id_column}"
    if connection.vendor == "postgresql" and any(word.substring for word in words):
        # PostgreSQL cannot tell how many items a LIKE pattern finds, and walking the whole
        # table for a rare one costs far more than sorting its matches: "+ 0" keeps the order
        # off the primary key, so the trigram index finds the matches first.
        order += " + 0"
    sql = (
        f"SELECT {int(in_title)} AS in_title, {table}.{id_column} AS id FROM {table} "
        f"WHERE {where} ORDER BY {order} DESC LIMIT {int(limit)}"
    )
    return sql, params


def _sql_of(queryset):
    return queryset.order_by().values("pk").query.sql_with_params()


def _is_every_published_item(queryset):
    """Whether `queryset` holds its model's published items, narrowed by nothing else."""
    return _sql_of(queryset)[0] == _sql_of(queryset.model.objects.published())[0]


def _ranked_ids(queryset, query, spec, limit):
    words = parse(query)
    if not words:
        return list(queryset.order_by("-pk").values_list("pk", flat=True)[:limit])
    correct_typos(words, [spec])
    # With T title matches (T < limit), the window needs the first limit - T others; at most
    # T title matches come before them, so they are among the first `limit` matches of all.
    title_sql, title_params = _window_sql(queryset, spec, words, True, limit)
    all_sql, all_params = _window_sql(queryset, spec, words, False, limit)
    # When the title matches fill the window, PostgreSQL skips the second walk.
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH title AS ({title_sql}) SELECT * FROM title UNION ALL SELECT * FROM "
            f"({all_sql}) AS rest WHERE (SELECT count(*) FROM title) < %s",
            [*title_params, *all_params, limit],
        )
        rows = cursor.fetchall()
    in_title = sorted((pk for flag, pk in rows if flag), reverse=True)
    title_set = set(in_title)
    rest = sorted((pk for flag, pk in rows if not flag and pk not in title_set), reverse=True)
    return (in_title + rest)[:limit]


def ranked_project_ids(queryset, query, limit):
    """Ids of the first `limit` projects of `queryset` matching `query`, best first.

    Best first means: every word in the title first, then the most recently added. The work
    is bounded by `limit`, whatever the number of matches. A query with no words gives the
    most recently added projects of `queryset`.
    """
    return _ranked_ids(queryset, query, PROJECTS, limit)


def ranked_event_ids(queryset, query, limit):
    """Ids of the first `limit` timeline events of `queryset` matching `query`, best first."""
    return _ranked_ids(queryset, query, EVENTS, limit)


def search_projects(queryset, query):
    """Projects of `queryset` matching every word of `query`, most relevant first.

    Searches the title, summary, body, place, key results, and the names of the
    project's countries and cooperation areas. A query with no words leaves the
    queryset as it is.
    """
    return _search(queryset, query, PROJECTS, [PROJECTS])


def search_events(queryset, query):
    """Timeline events of `queryset` matching every word of `query`, most relevant first.

    Searches the title, summary, body, place and the names of the event's
    countries. A query with no words leaves the queryset as it is.
    """
    return _search(queryset, query, EVENTS, [EVENTS])


# Snippets -----------------------------------------------------------------------------------

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
            stems.update(_porter_stem(token) for token in tokens if token not in STOP_WORDS)

    def matches(token):
        return _folded_stem(token) in stems or any(s in token for s in substrings)

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
