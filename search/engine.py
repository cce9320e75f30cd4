"""Full-text search over the registered models, the same on SQLite and PostgreSQL.

A query matches an item when every one of its words matches the item's text (see
search/words.py for what a word matches, search/typos.py for typos). Results are ordered with
items whose title holds every word first, then the newest published.

The index itself is kept by the database (see search/index.py); this module turns a query into
conditions on it:
- `search(queryset, query)`: every match;
- `ranked_ids(queryset, query, limit)`: the first `limit` matches, best first, at a cost
  bounded by `limit`; `core.queries.in_order(queryset, ids)` reads them.
"""

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from search.backends import postgres, sqlite
from search.registry import spec_for
from search.typos import correct_typos
from search.words import parse


def _backend():
    return postgres if connection.vendor == "postgresql" else sqlite


def search(queryset, query):
    """Items of `queryset` matching every word of `query`, most relevant first.

    Searches the title, summary, body and places of the registered document. A query with no
    words leaves the queryset as it is.
    """
    words = parse(query)
    if not words:
        return queryset
    spec = spec_for(queryset.model)
    correct_typos(words, [spec])
    backend = _backend()
    indexed = [word for word in words if not word.substring]
    matches, in_title = backend.index_conditions(spec, indexed) if indexed else (Q(), Q())
    for word in words:
        if word.substring:
            matches &= backend.substring_condition(spec, word.substring)
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


def _window_sql(queryset, spec, words, in_title, limit, public):
    backend = _backend()
    table, conditions, params = backend.driver(spec, words, in_title)
    id_column = backend.ID_COLUMN
    if in_title and backend is sqlite:
        # SQLite's trigram index holds the whole text, so the item's own title is read.
        for word in words:
            if word.substring:
                queryset = queryset.filter(title__icontains=word.substring)
    if backend is postgres and public:
        # The index keeps each item's publication time: no need to look at the item itself.
        conditions.append("public_at <= %s")
        params.append(timezone.now())
    else:
        item = RawSQL(f"{table}.{id_column}", [])
        kept, kept_params = queryset.filter(pk=item).order_by().values("pk").query.sql_with_params()
        conditions.append(f"EXISTS ({kept})")
        params += kept_params
    where = " AND ".join(conditions)
    order = f"{table}.{id_column}"
    if backend is postgres and any(word.substring for word in words):
        # PostgreSQL cannot tell how many items a LIKE pattern finds, and walking the whole
        # table for a rare one costs far more than sorting its matches: "+ 0" keeps the order
        # off the primary key, so the trigram index finds the matches first.
        order += " + 0"
    sql = (
        f"SELECT {int(in_title)} AS in_title, {table}.{id_column} AS id FROM {table} "
        f"WHERE {where} ORDER BY {order} DESC LIMIT {int(limit)}"
    )
    return sql, params


def ranked_ids(queryset, query, limit, public=False):
    """Ids of the first `limit` items of `queryset` matching `query`, best first.

    Best first means: every word in the title first, then the most recently added. The work
    is bounded by `limit`, whatever the number of matches. A query with no words gives the
    most recently added items of `queryset`. `public` says that `queryset` is the registered
    public rows, narrowed by nothing else: PostgreSQL then reads the publication time from
    the index instead of the items.
    """
    words = parse(query)
    if not words:
        return list(queryset.order_by("-pk").values_list("pk", flat=True)[:limit])
    spec = spec_for(queryset.model)
    correct_typos(words, [spec])
    # With T title matches (T < limit), the window needs the first limit - T others; at most
    # T title matches come before them, so they are among the first `limit` matches of all.
    title_sql, title_params = _window_sql(queryset, spec, words, True, limit, public)
    all_sql, all_params = _window_sql(queryset, spec, words, False, limit, public)
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
