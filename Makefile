# The LMC site. `make run` serves it with its content; `make test` checks everything.
# Each target sets up what it needs first, so a fresh clone needs nothing else.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: help run test test-postgres lint format serve superuser clean

help:
	@echo "make run            set up and serve the site at http://127.0.0.1:$(PORT)"
	@echo "make test           lint and the whole test suite on SQLite"
	@echo "make test-postgres  the test suite on PostgreSQL ($(POSTGRES_URL))"
	@echo "make serve          production settings under gunicorn (needs DJANGO_SECRET_KEY)"
	@echo "make superuser      create an editor login with full rights"

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
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev-installed
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

test-postgres: $(VENV)/.dev-installed
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

serve: $(VENV)/.runtime-installed
	DJANGO_ENV=production $(MANAGE) check
	DJANGO_ENV=production $(MANAGE) migrate --no-input
	DJANGO_ENV=production $(MANAGE) collectstatic --no-input --verbosity 0
	DJANGO_ENV=production $(BIN)/gunicorn lmc_site.wsgi --bind 127.0.0.1:$(PORT) --workers 3 --access-logfile -

superuser: $(VENV)/.runtime-installed
	$(MANAGE) migrate --no-input
	$(MANAGE) createsuperuser

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
