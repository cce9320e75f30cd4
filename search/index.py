"""The database side of the search: tables and triggers that keep an index of each registered
model, on SQLite and on PostgreSQL.

Each kind of item has a document of four parts: its title, its summary, its "places" (its place
and the related text its registration names, e.g. countries, areas and results) and its body.
The database keeps the index up to date with triggers, whoever writes the rows, so a bulk insert
or an edit in the admin is searchable at once.

- SQLite: `<table>_fts`, an FTS5 table with the porter stemmer that also drops accents;
  `<table>_trigram`, an FTS5 trigram table of the whole text, for scripts written without spaces;
  `<table>_vocab`, the FTS5 vocabulary, where typo corrections come from.
- PostgreSQL: `<table>_search`, holding a weighted tsvector (title A, summary B, places C, body D)
  of the unaccented text, the lower-case unaccented title and text (with a trigram index), and
  the text's pairs of characters of scripts without spaces (a trigram is too long for a
  two-character Chinese word); `<table>_title_search`, the titles' own tsvectors in a narrow
  table; `lmc_search_word`, every word ever indexed, where typo corrections come from.

What an index holds comes from the registrations (search/registry.py); `search/upkeep.py`
rebuilds an index and pauses its upkeep.
"""

from dataclasses import dataclass, field

from search.words import SPACELESS_CHARACTERS


@dataclass
class Related:
    """A table whose rows add text to an item's document: `link` holds the item's id."""

    table: str
    link: str
    columns: list = field(default_factory=list)  # changing these (or any, if empty) refreshes


@dataclass
class Named:
    """A table of names (countries, areas) shown in items' documents through `through`."""

    table: str
    columns: list
    through: str
    through_link: str
    through_item: str


@dataclass
class IndexSpec:
    table: str
    place_column: str
    # SQL giving the extra text of the item `p`, in SQLite and in PostgreSQL.
    places_sqlite: str
    places_postgres: str
    related: list
    named: list

    @property
    def search_table(self):
        return f"{self.table}_search"

    @property
    def title_search_table(self):
        return f"{self.table}_title_search"

    @property
    def fts_table(self):
        return f"{self.table}_fts"

    @property
    def trigram_table(self):
        return f"{self.table}_trigram"

    @property
    def vocab_table(self):
        return f"{self.table}_vocab"

    @property
    def title_fts_table(self):
        return f"{self.table}_title_fts"

    @property
    def trigram_vocab_table(self):
        return f"{self.table}_trigram_vocab"


# SQLite ---------------------------------------------------------------------------------------


def sqlite_refresh(spec, ids):
    """Statements rewriting the index rows of the items whose ids `ids` (an SQL list) gives."""
    return [
        f"DELETE FROM {spec.fts_table} WHERE rowid IN ({ids})",
        f"DELETE FROM {spec.title_fts_table} WHERE rowid IN ({ids})",
        f"DELETE FROM {spec.trigram_table} WHERE rowid IN ({ids})",
        f"INSERT INTO {spec.fts_table}(rowid, title, summary, places, body) "
        f"SELECT p.id, p.title, p.summary, {spec.places_sqlite}, p.body "
        f"FROM {spec.table} p WHERE p.id IN ({ids})",
        f"INSERT INTO {spec.title_fts_table}(rowid, title) "
        f"SELECT id, title FROM {spec.table} WHERE id IN ({ids})",
        f"INSERT INTO {spec.trigram_table}(rowid, text) "
        # The closing space gives the text's last two characters a trigram of their own.
        f"SELECT rowid, title || ' ' || summary || ' ' || places || ' ' || body || ' ' "
        f"FROM {spec.fts_table} WHERE rowid IN ({ids})",
    ]


def _sqlite_trigger(name, when, ids, spec):
    body = "; ".join(sqlite_refresh(spec, ids))
    return f"CREATE TRIGGER IF NOT EXISTS {name} {when} BEGIN {body}; END"


def sqlite_triggers(spec):
    text_columns = f"title, summary, body, {spec.place_column}"
    triggers = {
        f"{spec.table}_search_insert": (f"AFTER INSERT ON {spec.table}", "NEW.id"),
        f"{spec.table}_search_update": (
            f"AFTER UPDATE OF {text_columns} ON {spec.table}",
            "NEW.id",
        ),
    }
    for related in spec.related:
        columns = f" OF {', '.join(related.columns)}" if related.columns else ""
        triggers[f"{related.table}_search_insert"] = (
            f"AFTER INSERT ON {related.table}",
            f"NEW.{related.link}",
        )
        triggers[f"{related.table}_search_update"] = (
            f"AFTER UPDATE{columns} ON {related.table}",
            f"OLD.{related.link}, NEW.{related.link}",
        )
        triggers[f"{related.table}_search_delete"] = (
            f"AFTER DELETE ON {related.table}",
            f"OLD.{related.link}",
        )
    for named in spec.named:
        triggers[f"{named.table}_{spec.table}_search_update"] = (
            f"AFTER UPDATE OF {', '.join(named.columns)} ON {named.table}",
            f"SELECT {named.through_item} FROM {named.through} WHERE {named.through_link} = NEW.id",
        )
    statements = [_sqlite_trigger(name, when, ids, spec) for name, (when, ids) in triggers.items()]
    statements.append(
        f"CREATE TRIGGER IF NOT EXISTS {spec.table}_search_delete "
        f"AFTER DELETE ON {spec.table} BEGIN "
        f"DELETE FROM {spec.fts_table} WHERE rowid = OLD.id; "
        f"DELETE FROM {spec.title_fts_table} WHERE rowid = OLD.id; "
        f"DELETE FROM {spec.trigram_table} WHERE rowid = OLD.id; END"
    )
    return list(triggers) + [f"{spec.table}_search_delete"], statements


def _sqlite_create(spec):
    names, triggers = sqlite_triggers(spec)
    stemmed = "tokenize = 'porter unicode61 remove_diacritics 2'"
    return [
        f"CREATE VIRTUAL TABLE {spec.fts_table} USING fts5(title, summary, places, body, "
        f"{stemmed})",
        f"CREATE VIRTUAL TABLE {spec.title_fts_table} USING fts5(title, {stemmed})",
        f"CREATE VIRTUAL TABLE {spec.trigram_table} USING fts5(text, tokenize = 'trigram')",
        f"CREATE VIRTUAL TABLE {spec.vocab_table} USING fts5vocab({spec.fts_table}, 'row')",
        f"CREATE VIRTUAL TABLE {spec.trigram_vocab_table} "
        f"USING fts5vocab({spec.trigram_table}, 'row')",
        *triggers,
        *sqlite_refresh(spec, f"SELECT id FROM {spec.table}"),
    ]


def _sqlite_drop(spec):
    names, _ = sqlite_triggers(spec)
    tables = (
        spec.trigram_vocab_table,
        spec.vocab_table,
        spec.trigram_table,
        spec.title_fts_table,
        spec.fts_table,
    )
    return [f"DROP TRIGGER IF EXISTS {name}" for name in names] + [
        f"DROP TABLE IF EXISTS {table}" for table in tables
    ]


def has_table(connection, name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [name])
        return cursor.fetchone() is not None


# PostgreSQL -----------------------------------------------------------------------------------

POSTGRES_SETUP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # unaccent() is only stable (its dictionary could change), so it cannot feed an index or a
    # generated column; this wrapper names the dictionary and is declared immutable.
    "CREATE OR REPLACE FUNCTION lmc_unaccent(text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
    "AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
    "CREATE TABLE IF NOT EXISTS lmc_search_word (word text PRIMARY KEY)",
    # Every two neighbouring characters within a run of scripts without spaces.
    "CREATE OR REPLACE FUNCTION lmc_spaceless_pairs(text) RETURNS text[] "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
    "AS $$ SELECT coalesce(array_agg(DISTINCT substr(run[1], i, 2)), '{}') "
    f"FROM regexp_matches($1, '([{SPACELESS_CHARACTERS}]{{2,}})', 'g') AS run, "
    "generate_series(1, length(run[1]) - 1) AS i $$",
]


def _postgres_trigger_function(name, body):
    """A trigger function running `body`, except while triggers_paused() holds the upkeep off."""
    return f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF current_setting('lmc.search_paused', true) = 'on' THEN
        RETURN NULL;
      END IF;
      {body}
    END $$"""


def _postgres_create(spec):
    table, search, title_search = spec.table, spec.search_table, spec.title_search_table
    vector = " || ".join(
        f"setweight(to_tsvector('english', lmc_unaccent(d.{part})), '{weight}')"
        for part, weight in [("title", "A"), ("summary", "B"), ("places", "C"), ("body", "D")]
    )
    statements = [
        # title, text: lower case and unaccented. public_at: when the item is (or will be)
        # public, null for a draft. The result window reads them instead of the item's table.
        f"CREATE TABLE {search} (id bigint PRIMARY KEY, vector tsvector NOT NULL, "
        "title text NOT NULL, text text NOT NULL, pairs text[] NOT NULL, public_at timestamptz)",
        f"CREATE INDEX {search}_vector ON {search} USING gin (vector)",
        f"CREATE INDEX {search}_text ON {search} USING gin (text gin_trgm_ops)",
        f"CREATE INDEX {search}_pairs ON {search} USING gin (pairs)",
        # The titles' own tsvectors, in a narrow table: a word common in titles then costs the
        # walk of title matches a few rows to a page instead of one.
        f"CREATE TABLE {title_search} (id bigint PRIMARY KEY, title_vector tsvector NOT NULL, "
        "public_at timestamptz)",
        f"CREATE INDEX {title_search}_title_vector ON {title_search} USING gin (title_vector)",
        f"""CREATE OR REPLACE FUNCTION {table}_search_refresh(ids bigint[]) RETURNS void
        LANGUAGE plpgsql AS $$
        BEGIN
          DELETE FROM {search} WHERE id = ANY(ids);
          DELETE FROM {title_search} WHERE id = ANY(ids);
          INSERT INTO {search} (id, vector, title, text, pairs, public_at)
          SELECT d.id, {vector}, lower(lmc_unaccent(d.title)), d.text, lmc_spaceless_pairs(d.text),
                 CASE WHEN d.publication_status = 'published' THEN d.published_at END
          FROM (SELECT item.*, lower(lmc_unaccent(item.title || ' ' || item.summary || ' '
                                                  || item.places || ' ' || item.body)) AS text
                FROM (SELECT p.id, p.title, p.summary, p.body, p.publication_status,
                             p.published_at, {spec.places_postgres} AS places
                      FROM {table} p WHERE p.id = ANY(ids)) item) d;
          INSERT INTO {title_search} (id, title_vector, public_at)
          SELECT id, to_tsvector('english', title), public_at FROM {search} WHERE id = ANY(ids);
          INSERT INTO lmc_search_word (word)
          SELECT DISTINCT u.lexeme FROM {search} s, unnest(s.vector) u
          WHERE s.id = ANY(ids) ON CONFLICT DO NOTHING;
        END $$""",
        _postgres_trigger_function(
            f"{table}_search_item",
            f"""IF TG_OP = 'DELETE' THEN
              DELETE FROM {search} WHERE id = OLD.id;
              DELETE FROM {title_search} WHERE id = OLD.id;
              RETURN OLD;
            END IF;
            PERFORM {table}_search_refresh(ARRAY[NEW.id]);
            RETURN NEW;""",
        ),
        f"CREATE TRIGGER {table}_search AFTER INSERT OR DELETE OR UPDATE OF "
        f"title, summary, body, {spec.place_column}, publication_status, published_at ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_search_item()",
    ]
    for related in spec.related:
        function = f"{related.table}_{table}_search"
        statements += [
            _postgres_trigger_function(
                function,
                f"""IF TG_OP = 'INSERT' THEN
                  PERFORM {table}_search_refresh(ARRAY[NEW.{related.link}]);
                ELSIF TG_OP = 'DELETE' THEN
                  PERFORM {table}_search_refresh(ARRAY[OLD.{related.link}]);
                ELSE
                  PERFORM {table}_search_refresh(ARRAY[OLD.{related.link}, NEW.{related.link}]);
                END IF;
                RETURN NULL;""",
            ),
            f"CREATE TRIGGER {function} AFTER INSERT OR UPDATE OR DELETE ON {related.table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        ]
    for named in spec.named:
        function = f"{named.table}_{table}_search"
        statements += [
            _postgres_trigger_function(
                function,
                f"""PERFORM {table}_search_refresh(ARRAY(
                  SELECT {named.through_item} FROM {named.through}
                  WHERE {named.through_link} = NEW.id));
                RETURN NULL;""",
            ),
            f"CREATE TRIGGER {function} AFTER UPDATE OF {', '.join(named.columns)} "
            f"ON {named.table} FOR EACH ROW EXECUTE FUNCTION {function}()",
        ]
    statements += [
        f"SELECT {table}_search_refresh(ARRAY(SELECT id FROM {table}))",
        # Without statistics of new tables, the planner guesses, and guesses badly.
        f"ANALYZE {search}",
        f"ANALYZE {title_search}",
    ]
    return statements


def _postgres_trigger_tables(spec):
    return [
        (spec.table, f"{spec.table}_search"),
        *((r.table, f"{r.table}_{spec.table}_search") for r in spec.related),
        *((n.table, f"{n.table}_{spec.table}_search") for n in spec.named),
    ]


def _postgres_drop(spec):
    statements = [
        f"DROP TRIGGER IF EXISTS {trigger} ON {table}"
        for table, trigger in _postgres_trigger_tables(spec)
    ]
    statements += [
        f"DROP FUNCTION IF EXISTS {trigger}()" for _, trigger in _postgres_trigger_tables(spec)
    ]
    statements += [
        f"DROP FUNCTION IF EXISTS {spec.table}_search_item()",
        f"DROP FUNCTION IF EXISTS {spec.table}_search_refresh(bigint[])",
        f"DROP TABLE IF EXISTS {spec.search_table}",
        f"DROP TABLE IF EXISTS {spec.title_search_table}",
    ]
    return statements


def create_statements(spec, vendor):
    """The statements building the index of `spec`: what a migration freezes when an index
    changes (see search/checks.py)."""
    if vendor == "sqlite":
        return _sqlite_create(spec)
    if vendor == "postgresql":
        return [*POSTGRES_SETUP, *_postgres_create(spec)]
    return []


def drop_statements(spec, vendor):
    if vendor == "sqlite":
        return _sqlite_drop(spec)
    if vendor == "postgresql":
        return _postgres_drop(spec)
    return []
