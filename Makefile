# Everything a fresh machine needs, from Python 3.11+ and make alone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install sandbox db migrate run serve test lint db-stop

$(VENV)/.installed: requirements/base.txt requirements/dev.txt
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed

# The grader runs students' code in a bubblewrap sandbox, timed by GNU time, with each language's runtime.
SANDBOX_PACKAGES := bubblewrap time nodejs default-jdk-headless
sandbox:
	@if ! command -v bwrap >/dev/null || [ ! -x /usr/bin/time ] || ! command -v node >/dev/null || ! command -v javac >/dev/null; then \
		echo "Installing the grader's sandbox and runtimes: $(SANDBOX_PACKAGES)"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(SANDBOX_PACKAGES) >/dev/null; \
	fi

db: install sandbox
	$(PY) -m codezest.db.embedded start

migrate: db
	$(PY) manage.py migrate --no-input

run: migrate
	$(PY) manage.py seed_demo
	@echo "CodeZest runs at http://$(HOST):$(PORT)/"
	@echo "  admin: http://$(HOST):$(PORT)/admin/  (log in with a login above)"
	@echo "  background tasks (analyses, e-mail) run in a db_worker beside the server"
	@echo "  stop both with Ctrl-C, the database with: make db-stop"
	trap 'kill 0' EXIT; $(PY) manage.py db_worker & $(PY) manage.py runserver $(HOST):$(PORT)

# Production: gunicorn with codezest.settings.production and a db_worker beside it. Needs DATABASE_URL,
# DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS in the environment (see .env.example); WEB_CONCURRENCY sets
# the number of workers. Static files are collected (hashed, compressed) and migrations applied first.
serve: export DJANGO_SETTINGS_MODULE = codezest.settings.production
serve: install
	$(PY) manage.py collectstatic --no-input
	$(PY) manage.py migrate --no-input
	@echo "CodeZest (production settings) serves http://$(HOST):$(PORT)/ behind your TLS proxy"
	trap 'kill 0' EXIT; $(PY) manage.py db_worker & \
		GUNICORN_BIND=$(HOST):$(PORT) $(PY) -m gunicorn -c python:codezest.gunicorn_config

test: db
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

db-stop: install
	$(PY) -m codezest.db.embedded stop
