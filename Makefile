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

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: setup
	$(PY) bench/run.py

serve: setup
	DEBUG=0 $(PY) manage.py collectstatic --noinput
	DEBUG=0 $(VENV)/bin/gunicorn rumahdataku.wsgi --workers $${WORKERS:-2} --bind $${BIND:-127.0.0.1:8000}
