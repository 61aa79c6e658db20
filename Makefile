# Subventions BINAM — `make run` (démo) et `make test` (suite complète). Voir README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADRESSE ?= 127.0.0.1:8000
# The emails' links (ADRESSE_DU_SITE) follow the address served, unless set in the environment.

.PHONY: run test install install-test lint messages bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 ou plus récent est requis (PYTHON=python3.11 make ...).")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installe: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installe-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@ $(VENV)/.installe

install: $(VENV)/.installe
install-test: $(VENV)/.installe-test

run: $(VENV)/.installe
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo
	@echo ""
	@echo "==> Subventions BINAM: http://$(ADRESSE)/  (Ctrl+C pour arrêter)"
	@echo ""
	ADRESSE_DU_SITE=$${ADRESSE_DU_SITE:-http://$(ADRESSE)} $(BIN)/python manage.py runserver $(ADRESSE)

# One pytest worker per core, each with its own test database. `--dist load` hands the tests out
# in collection order, where pytest-django puts the transactional tests (they flush the base,
# reference data included) after every test that reads the migrations' data; worksteal let an
# idle worker steal such tests after its own flush, and the permission table then found no
# rubrique (seen on PostgreSQL, where the concurrency tests are transactional). One test at a
# time (--maxschedchunk=1): in chunks, the last transactional tests (browser journeys, several
# seconds each) were queued on one worker, and the other sat idle for the last 28 s of the run;
# one by one, both end within a second of each other. PYTEST_ARGS: extra
# pytest arguments (.ci/run leaves the browser tests out of its second pass; `-n 0` runs in one
# process, e.g. for --pdb).
# PYTHONDONTWRITEBYTECODE (set in some CI images) made each worker recompile every module and
# rewrite every test's asserts on every run (about 17 s of CPU per worker): unset for the suite.
# The check that every model change has its migration is a test (tests/test_migrations_a_jour.py).
PYTEST_ARGS ?=
test: export PYTHONDONTWRITEBYTECODE=
test: $(VENV)/.installe-test
	$(BIN)/python -m ruff check .
	$(BIN)/python -m pytest -n auto --dist load --maxschedchunk=1 $(PYTEST_ARGS)

lint: $(VENV)/.installe-test
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

messages: $(VENV)/.installe
	$(BIN)/python manage.py makemessages -l en --no-obsolete --ignore='.venv/*'
	$(BIN)/python manage.py compilemessages -l en --ignore='.venv/*'

bench: $(VENV)/.installe-test
	$(BIN)/python bench/listes.py

clean:
	rm -rf $(VENV) var/ staticfiles/ *.egg-info
