# Rumah Dataku: `make run` serves the demo village; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DEBUG ?= 1

.PHONY: run test setup migrate seed bench lint format serve messages

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo --families 300 --seed 1 --if-empty
	$(PY) manage.py demo_admin

run: seed
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: setup
	$(PY) bench/run.py $(if $(KONFIG),--hanya $(KONFIG))

# Production (docs/DEPLOY.md): `make serve ENV_FILE=/etc/rumahdataku/env`. Refuses to start
# while `check --deploy` warns; then migrates, collects static files and runs gunicorn.
serve: setup
	set -a; if [ -n "$(ENV_FILE)" ]; then . "$(ENV_FILE)"; fi; set +a; export DEBUG=0; \
	$(PY) manage.py check --deploy --fail-level WARNING && \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py collectstatic --noinput -v0 && \
	exec $(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py rumahdataku.wsgi
