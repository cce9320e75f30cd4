from django.db import migrations

# The index's statements as the code of this migration's time produced them, frozen so
# that later changes to the search code leave this migration as it was.
CREATE = {
    "sqlite": [
        "CREATE VIRTUAL TABLE timeline_event_fts USING fts5(title, summary, places, body, tokenize = 'porter unicode61 remove_diacritics 2')",
        "CREATE VIRTUAL TABLE timeline_event_title_fts USING fts5(title, tokenize = 'porter unicode61 remove_diacritics 2')",
        "CREATE VIRTUAL TABLE timeline_event_trigram USING fts5(text, tokenize = 'trigram')",
        "CREATE VIRTUAL TABLE timeline_event_vocab USING fts5vocab(timeline_event_fts, 'row')",
        "CREATE VIRTUAL TABLE timeline_event_trigram_vocab USING fts5vocab(timeline_event_trigram, 'row')",
        "CREATE TRIGGER IF NOT EXISTS timeline_event_search_insert AFTER INSERT ON timeline_event BEGIN DELETE FROM timeline_event_fts WHERE rowid IN (NEW.id); DELETE FROM timeline_event_title_fts WHERE rowid IN (NEW.id); DELETE FROM timeline_event_trigram WHERE rowid IN (NEW.id); INSERT INTO timeline_event_fts(rowid, title, summary, places, body) SELECT p.id, p.title, p.summary, p.place || ' ' || coalesce((SELECT group_concat(c.name || ' ' || c.official_name, ' ') FROM timeline_event_countries x JOIN projects_country c ON c.id = x.country_id WHERE x.event_id = p.id), ''), p.body FROM timeline_event p WHERE p.id IN (NEW.id); INSERT INTO timeline_event_title_fts(rowid, title) SELECT id, title FROM timeline_event WHERE id IN (NEW.id); INSERT INTO timeline_event_trigram(rowid, text) SELECT rowid, title || ' ' || summary || ' ' || places || ' ' || body || ' ' FROM timeline_event_fts WHERE rowid IN (NEW.id); END",
        "CREATE TRIGGER IF NOT EXISTS timeline_event_search_update AFTER UPDATE OF title, summary, body, place ON timeline_event BEGIN DELETE FROM timeline_event_fts WHERE rowid IN (NEW.id); DELETE FROM timeline_event_title_fts WHERE rowid IN (NEW.id); DELETE FROM timeline_event_trigram WHERE rowid IN (NEW.id); INSERT INTO timeline_event_fts(rowid, title, summary, places, body) SELECT p.id, p.title, p.summary, p.place || ' ' || coalesce((SELECT group_concat(c.name || ' ' || c.official_name, ' ') FROM timeline_event_countries x JOIN projects_country c ON c.id = x.country_id WHERE x.event_id = p.id), ''), p.body FROM timeline_event p WHERE p.id IN (NEW.id); INSERT INTO timeline_event_title_fts(rowid, title) SELECT id, title FROM timeline_event WHERE id IN (NEW.id); INSERT INTO timeline_event_trigram(rowid, text) SELECT rowid, title || ' ' || summary || ' ' || places || ' ' || body || ' ' FROM timeline_event_fts WHERE rowid IN (NEW.id); END",
        "CREATE TRIGGER IF NOT EXISTS timeline_event_countries_search_insert AFTER INSERT ON timeline_event_countries BEGIN DELETE FROM timeline_event_fts WHERE rowid IN (NEW.event_id); DELETE FROM timeline_event_title_fts WHERE rowid IN (NEW.event_id); DELETE FROM timeline_event_trigram WHERE rowid IN (NEW.event_id); INSERT INTO timeline_event_fts(rowid, title, summary, places, body) SELECT p.id, p.title, p.summary, p.place || ' ' || coalesce((SELECT group_concat(c.name || ' ' || c.official_name, ' ') FROM timeline_event_countries x JOIN projects_country c ON c.id = x.country_id WHERE x.event_id = p.id), ''), p.body FROM timeline_event p WHERE p.id IN (NEW.event_id); INSERT INTO timeline_event_title_fts(rowid, title) SELECT id, title FROM timeline_event WHERE id IN (NEW.event_id); INSERT INTO timeline_event_trigram(rowid, text) SELECT rowid, title || ' ' || summary || ' ' || places || ' ' || body || ' ' FROM timeline_event_fts WHERE rowid IN (NEW.event_id); END",
        "CREATE TRIGGER IF NOT EXISTS timeline_event_countries_search_update AFTER UPDATE ON timeline_event_countries BEGIN DELETE FROM timeline_event_fts WHERE rowid IN (OLD.event_id, NEW.event_id); DELETE FROM timeline_event_title_fts WHERE rowid IN (OLD.event_id, NEW.event_id); DELETE FROM timeline_event_trigram WHERE rowid IN (OLD.event_id, NEW.event_id); INSERT INTO timeline_event_fts(rowid, title, summary, places, body) SELECT p.id, p.title, p.summary, p.place || ' ' || coalesce((SELECT group_concat(c.name || ' ' || c.official_name, ' ') FROM timeline_event_countries x JOIN projects_country c ON c.id = x.country_id WHERE x.event_id = p.id), ''), p.body FROM timeline_event p WHERE p.id IN (OLD.event_id, NEW.event_id); INSERT INTO timeline_event_title_fts(rowid, title) SELECT id, title FROM timeline_event WHERE id IN (OLD.event_id, NEW.event_id); INSERT INTO timeline_event_trigram(rowid, text) SELECT rowid, title || ' ' || summary || ' ' || places || ' ' || body || ' ' FROM timeline_event_fts WHERE rowid IN (OLD.event_id, NEW.event_id); END",
        "CREATE TRIGGER IF NOT EXISTS timeline_event_countries_search_delete AFTER DELETE ON timeline_event_countries BEGIN DELETE FROM timeline_event_fts WHERE rowid IN (OLD.event_id); DELETE FROM timeline_event_title_fts WHERE rowid IN (OLD.event_id); DELETE FROM timeline_event_trigram WHERE rowid IN (OLD.event_id); INSERT INTO timeline_event_fts(rowid, title, summary, places, body) SELECT p.id, p.title, p.summary, p.place || ' ' || coalesce((SELECT group_concat(c.name || ' ' || c.official_name, ' ') FROM timeline_event_countries x JOIN projects_country c ON c.id = x.country_id WHERE x.event_id = p.id), ''), p.body FROM timeline_event p WHERE p.id IN (OLD.event_id); INSERT INTO timeline_event_title_fts(rowid, title) SELECT id, title FROM timeline_event WHERE id IN (OLD.event_id); INSERT INTO timeline_event_trigram(rowid, text) SELECT rowid, title || ' ' || summary || ' ' || places || ' ' || body || ' ' FROM timeline_event_fts WHERE rowid IN (OLD.event_id); END",
        "CREATE TRIGGER IF NOT EXISTS projects_country_timeline_event_search_update AFTER UPDATE OF name, official_name ON projects_country BEGIN DELETE FROM timeline_event_fts WHERE rowid IN (SELECT event_id FROM timeline_event_countries WHERE country_id = NEW.id); DELETE FROM timeline_event_title_fts WHERE rowid IN (SELECT event_id FROM timeline_event_countries WHERE country_id = NEW.id); DELETE FROM timeline_event_trigram WHERE rowid IN (SELECT event_id FROM timeline_event_countries WHERE country_id = NEW.id); INSERT INTO timeline_event_fts(rowid, title, summary, places, body) SELECT p.id, p.title, p.summary, p.place || ' ' || coalesce((SELECT group_concat(c.name || ' ' || c.official_name, ' ') FROM timeline_event_countries x JOIN projects_country c ON c.id = x.country_id WHERE x.event_id = p.id), ''), p.body FROM timeline_event p WHERE p.id IN (SELECT event_id FROM timeline_event_countries WHERE country_id = NEW.id); INSERT INTO timeline_event_title_fts(rowid, title) SELECT id, title FROM timeline_event WHERE id IN (SELECT event_id FROM timeline_event_countries WHERE country_id = NEW.id); INSERT INTO timeline_event_trigram(rowid, text) SELECT rowid, title || ' ' || summary || ' ' || places || ' ' || body || ' ' FROM timeline_event_fts WHERE rowid IN (SELECT event_id FROM timeline_event_countries WHERE country_id = NEW.id); END",
        'CREATE TRIGGER IF NOT EXISTS timeline_event_search_delete AFTER DELETE ON timeline_event BEGIN DELETE FROM timeline_event_fts WHERE rowid = OLD.id; DELETE FROM timeline_event_title_fts WHERE rowid = OLD.id; DELETE FROM timeline_event_trigram WHERE rowid = OLD.id; END',
        'DELETE FROM timeline_event_fts WHERE rowid IN (SELECT id FROM timeline_event)',
        'DELETE FROM timeline_event_title_fts WHERE rowid IN (SELECT id FROM timeline_event)',
        'DELETE FROM timeline_event_trigram WHERE rowid IN (SELECT id FROM timeline_event)',
        "INSERT INTO timeline_event_fts(rowid, title, summary, places, body) SELECT p.id, p.title, p.summary, p.place || ' ' || coalesce((SELECT group_concat(c.name || ' ' || c.official_name, ' ') FROM timeline_event_countries x JOIN projects_country c ON c.id = x.country_id WHERE x.event_id = p.id), ''), p.body FROM timeline_event p WHERE p.id IN (SELECT id FROM timeline_event)",
        'INSERT INTO timeline_event_title_fts(rowid, title) SELECT id, title FROM timeline_event WHERE id IN (SELECT id FROM timeline_event)',
        "INSERT INTO timeline_event_trigram(rowid, text) SELECT rowid, title || ' ' || summary || ' ' || places || ' ' || body || ' ' FROM timeline_event_fts WHERE rowid IN (SELECT id FROM timeline_event)",
    ],
    "postgresql": [
        'CREATE EXTENSION IF NOT EXISTS unaccent',
        'CREATE EXTENSION IF NOT EXISTS pg_trgm',
        "CREATE OR REPLACE FUNCTION lmc_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
        'CREATE TABLE IF NOT EXISTS lmc_search_word (word text PRIMARY KEY)',
        "CREATE OR REPLACE FUNCTION lmc_spaceless_pairs(text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT coalesce(array_agg(DISTINCT substr(run[1], i, 2)), '{}') FROM regexp_matches($1, '([\u0e00-\u0effက-႟ក-\u17ff\u3040-ヿ㐀-䶿一-鿿豈-\ufaff]{2,})', 'g') AS run, generate_series(1, length(run[1]) - 1) AS i $$",
        'CREATE TABLE timeline_event_search (id bigint PRIMARY KEY, vector tsvector NOT NULL, title text NOT NULL, text text NOT NULL, pairs text[] NOT NULL, public_at timestamptz)',
        'CREATE INDEX timeline_event_search_vector ON timeline_event_search USING gin (vector)',
        'CREATE INDEX timeline_event_search_text ON timeline_event_search USING gin (text gin_trgm_ops)',
        'CREATE INDEX timeline_event_search_pairs ON timeline_event_search USING gin (pairs)',
        'CREATE TABLE timeline_event_title_search (id bigint PRIMARY KEY, title_vector tsvector NOT NULL, public_at timestamptz)',
        'CREATE INDEX timeline_event_title_search_title_vector ON timeline_event_title_search USING gin (title_vector)',
        "CREATE OR REPLACE FUNCTION timeline_event_search_refresh(ids bigint[]) RETURNS void\n        LANGUAGE plpgsql AS $$\n        BEGIN\n          DELETE FROM timeline_event_search WHERE id = ANY(ids);\n          DELETE FROM timeline_event_title_search WHERE id = ANY(ids);\n          INSERT INTO timeline_event_search (id, vector, title, text, pairs, public_at)\n          SELECT d.id, setweight(to_tsvector('english', lmc_unaccent(d.title)), 'A') || setweight(to_tsvector('english', lmc_unaccent(d.summary)), 'B') || setweight(to_tsvector('english', lmc_unaccent(d.places)), 'C') || setweight(to_tsvector('english', lmc_unaccent(d.body)), 'D'), lower(lmc_unaccent(d.title)), d.text, lmc_spaceless_pairs(d.text),\n                 CASE WHEN d.publication_status = 'published' THEN d.published_at END\n          FROM (SELECT item.*, lower(lmc_unaccent(item.title || ' ' || item.summary || ' '\n                                                  || item.places || ' ' || item.body)) AS text\n                FROM (SELECT p.id, p.title, p.summary, p.body, p.publication_status,\n                             p.published_at, p.place || ' ' || coalesce((SELECT string_agg(c.name || ' ' || c.official_name, ' ') FROM timeline_event_countries x JOIN projects_country c ON c.id = x.country_id WHERE x.event_id = p.id), '') AS places\n                      FROM timeline_event p WHERE p.id = ANY(ids)) item) d;\n          INSERT INTO timeline_event_title_search (id, title_vector, public_at)\n          SELECT id, to_tsvector('english', title), public_at FROM timeline_event_search WHERE id = ANY(ids);\n          INSERT INTO lmc_search_word (word)\n          SELECT DISTINCT u.lexeme FROM timeline_event_search s, unnest(s.vector) u\n          WHERE s.id = ANY(ids) ON CONFLICT DO NOTHING;\n        END $$",
        "CREATE OR REPLACE FUNCTION timeline_event_search_item() RETURNS trigger\n    LANGUAGE plpgsql AS $$\n    BEGIN\n      IF current_setting('lmc.search_paused', true) = 'on' THEN\n        RETURN NULL;\n      END IF;\n      IF TG_OP = 'DELETE' THEN\n              DELETE FROM timeline_event_search WHERE id = OLD.id;\n              DELETE FROM timeline_event_title_search WHERE id = OLD.id;\n              RETURN OLD;\n            END IF;\n            PERFORM timeline_event_search_refresh(ARRAY[NEW.id]);\n            RETURN NEW;\n    END $$",
        'CREATE TRIGGER timeline_event_search AFTER INSERT OR DELETE OR UPDATE OF title, summary, body, place, publication_status, published_at ON timeline_event FOR EACH ROW EXECUTE FUNCTION timeline_event_search_item()',
        "CREATE OR REPLACE FUNCTION timeline_event_countries_timeline_event_search() RETURNS trigger\n    LANGUAGE plpgsql AS $$\n    BEGIN\n      IF current_setting('lmc.search_paused', true) = 'on' THEN\n        RETURN NULL;\n      END IF;\n      IF TG_OP = 'INSERT' THEN\n                  PERFORM timeline_event_search_refresh(ARRAY[NEW.event_id]);\n                ELSIF TG_OP = 'DELETE' THEN\n                  PERFORM timeline_event_search_refresh(ARRAY[OLD.event_id]);\n                ELSE\n                  PERFORM timeline_event_search_refresh(ARRAY[OLD.event_id, NEW.event_id]);\n                END IF;\n                RETURN NULL;\n    END $$",
        'CREATE TRIGGER timeline_event_countries_timeline_event_search AFTER INSERT OR UPDATE OR DELETE ON timeline_event_countries FOR EACH ROW EXECUTE FUNCTION timeline_event_countries_timeline_event_search()',
        "CREATE OR REPLACE FUNCTION projects_country_timeline_event_search() RETURNS trigger\n    LANGUAGE plpgsql AS $$\n    BEGIN\n      IF current_setting('lmc.search_paused', true) = 'on' THEN\n        RETURN NULL;\n      END IF;\n      PERFORM timeline_event_search_refresh(ARRAY(\n                  SELECT event_id FROM timeline_event_countries\n                  WHERE country_id = NEW.id));\n                RETURN NULL;\n    END $$",
        'CREATE TRIGGER projects_country_timeline_event_search AFTER UPDATE OF name, official_name ON projects_country FOR EACH ROW EXECUTE FUNCTION projects_country_timeline_event_search()',
        'SELECT timeline_event_search_refresh(ARRAY(SELECT id FROM timeline_event))',
        'ANALYZE timeline_event_search',
        'ANALYZE timeline_event_title_search',
    ],
}

DROP = {
    "sqlite": [
        'DROP TRIGGER IF EXISTS timeline_event_search_insert',
        'DROP TRIGGER IF EXISTS timeline_event_search_update',
        'DROP TRIGGER IF EXISTS timeline_event_countries_search_insert',
        'DROP TRIGGER IF EXISTS timeline_event_countries_search_update',
        'DROP TRIGGER IF EXISTS timeline_event_countries_search_delete',
        'DROP TRIGGER IF EXISTS projects_country_timeline_event_search_update',
        'DROP TRIGGER IF EXISTS timeline_event_search_delete',
        'DROP TABLE IF EXISTS timeline_event_trigram_vocab',
        'DROP TABLE IF EXISTS timeline_event_vocab',
        'DROP TABLE IF EXISTS timeline_event_trigram',
        'DROP TABLE IF EXISTS timeline_event_title_fts',
        'DROP TABLE IF EXISTS timeline_event_fts',
    ],
    "postgresql": [
        'DROP TRIGGER IF EXISTS timeline_event_search ON timeline_event',
        'DROP TRIGGER IF EXISTS timeline_event_countries_timeline_event_search ON timeline_event_countries',
        'DROP TRIGGER IF EXISTS projects_country_timeline_event_search ON projects_country',
        'DROP FUNCTION IF EXISTS timeline_event_search()',
        'DROP FUNCTION IF EXISTS timeline_event_countries_timeline_event_search()',
        'DROP FUNCTION IF EXISTS projects_country_timeline_event_search()',
        'DROP FUNCTION IF EXISTS timeline_event_search_item()',
        'DROP FUNCTION IF EXISTS timeline_event_search_refresh(bigint[])',
        'DROP TABLE IF EXISTS timeline_event_search',
        'DROP TABLE IF EXISTS timeline_event_title_search',
    ],
}


def forward(apps, schema_editor):
    for statement in CREATE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    for statement in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    """The timeline events' full-text index, kept up to date by triggers."""

    dependencies = [("timeline", "0001_initial"), ("projects", "0003_search_index")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
