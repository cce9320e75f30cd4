# The LMC site. `make run` serves it with its content; `make test` checks everything.
# Each target sets up what it needs first, so a fresh clone needs nothing else.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: help run test test-postgres lint format serve superuser editor-login clean check-deploy browser-deps screenshots backup restore bench-load bench load-generator

help:
	@echo "make run            set up and serve the site at http://127.0.0.1:$(PORT)"
	@echo "make test           lint and the whole test suite on SQLite"
	@echo "make test-postgres  the test suite on PostgreSQL ($(POSTGRES_URL)), browser tests left out"
	@echo "make screenshots    PNGs of every public page type at 390 and 1280 px, in screenshots/"
	@echo "make serve          production settings under gunicorn (needs DJANGO_SECRET_KEY)"
	@echo "make superuser      create an editor login with full rights"
	@echo "make editor-login   create or update a login: make editor-login USERNAME=ana ROLE=editor"
	@echo "make check-deploy   Django's deployment checks on the production settings"
	@echo "make backup         archive content, users, revisions and uploads in backups/"
	@echo "make restore FILE=  restore an archive into an empty database"
	@echo "make bench-load     64 connections for 30 s against make serve: rps, p50/p99, errors"
	@echo "make bench          search and page speed at 1k/10k/100k projects on both databases"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the requirements change.
$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

run: $(VENV)/.runtime-installed
	$(MANAGE) migrate --no-input
	$(MANAGE) load_lmc_content
	$(MANAGE) createinitialrevisions --verbosity 0 --comment "As loaded from the starter content."
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev-installed browser-deps
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest

test-postgres: $(VENV)/.dev-installed
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -m "not browser"

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

serve: $(VENV)/.runtime-installed
	DJANGO_ENV=production $(MANAGE) check
	DJANGO_ENV=production $(MANAGE) migrate --no-input
	DJANGO_ENV=production $(MANAGE) collectstatic --no-input --verbosity 0
	DJANGO_ENV=production $(MANAGE) retire_pages
	DJANGO_ENV=production $(BIN)/gunicorn lmc_site.wsgi --bind 127.0.0.1:$(PORT) --workers 3 --access-logfile -

# Django's deployment checks under the production settings and their defaults (HTTPS
# redirect, HSTS with preload, secure cookies). A throwaway key stands in if none is set.
check-deploy: $(VENV)/.runtime-installed
	DJANGO_ENV=production \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-lmc.example.org}" \
	$(MANAGE) check --deploy --fail-level WARNING

# The browser tests (tests/browser) need Debian's Chromium, fonts for the region's scripts,
# and axe-core and vnu-jar from npm. What cannot be installed makes them skip, loudly; under
# CI=true they fail instead.
BROWSER_PACKAGES := chromium fonts-noto-core fonts-noto-cjk

browser-deps:
	@missing=$$(for pkg in $(BROWSER_PACKAGES); do dpkg -s $$pkg >/dev/null 2>&1 || echo $$pkg; done | tr '\n' ' '); \
	if [ -n "$$missing" ]; then \
	  echo "Installing $$missing from Debian's packages, for the browser tests."; \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo -n"; fi; \
	  { $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; } \
	    || echo "!!! Could not install $$missing: the browser tests will be skipped (they fail under CI=true)."; \
	fi
	@if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  echo "Installing axe-core and vnu-jar from package-lock.json, for the browser tests."; \
	  npm ci --ignore-scripts --no-audit --no-fund \
	    || echo "!!! npm ci failed: the browser tests will be skipped (they fail under CI=true)."; \
	fi

screenshots: $(VENV)/.dev-installed browser-deps
	REQUIRE_BROWSER=1 $(BIN)/pytest tests/browser/take_screenshots.py -q -p no:cacheprovider

# ROLE is editor or publisher; the password is asked for, or read from LMC_EDITOR_PASSWORD.
editor-login: $(VENV)/.runtime-installed
	$(MANAGE) migrate --no-input
	$(MANAGE) create_editor_login "$(USERNAME)" --role "$(ROLE)"

# One timestamped archive (content, users, groups, revisions, uploaded files) in backups/.
backup: $(VENV)/.runtime-installed
	$(MANAGE) backup

# Into an empty database: make restore FILE=backups/lmc-backup-....tar.gz
restore: $(VENV)/.runtime-installed
	@test -n "$(FILE)" || { echo "Give the archive: make restore FILE=backups/lmc-backup-....tar.gz"; exit 2; }
	$(MANAGE) migrate --no-input
	$(MANAGE) restore "$(FILE)"

# A mixed load on `make serve` (needs wrk): prints rps, p50/p99 and errors; fails on any error.
# BENCH_ARGS=--quick for small sizes; see bench/README.md. Needs wrk and PostgreSQL.
bench: $(VENV)/.runtime-installed load-generator
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/markdown_speed.py

bench-load: $(VENV)/.runtime-installed load-generator
	bench/load.sh

# wrk, the load generator of the benchmarks, from Debian's packages.
load-generator:
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo -n"; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq wrk; }

superuser: $(VENV)/.runtime-installed
	$(MANAGE) migrate --no-input
	$(MANAGE) createsuperuser

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
