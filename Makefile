# antq: two commands. `make run` sets up a fresh machine and serves the demo;
# `make test` runs the whole suite.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
ANTQ := $(BIN)/antq
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: run serve test lint format setup migrate demo messages clean bench

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "antq needs Python 3.11"'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install $(PIP_FLAGS) -r requirements.txt
	$(BIN)/pip install $(PIP_FLAGS) --no-deps -e .
	@touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install $(PIP_FLAGS) -r requirements-dev.txt
	@touch $@

setup: $(VENV)/.runtime
	@mkdir -p var

migrate: setup
	$(ANTQ) migrate --no-input -v 0

demo: migrate
	$(ANTQ) load_demo

# the demo: the development server and the job worker, on SQLite by default
run: demo
	$(ANTQ) serve --dev --bind 127.0.0.1:$(PORT)

# production: gunicorn + WhiteNoise + the job worker; settings from the
# environment (docs/deployment.md); refuses an unsafe configuration
serve: setup
	$(ANTQ) serve --bind $(or $(BIND),127.0.0.1:$(PORT))

# in parallel on every core (pytest-xdist); PYTEST_WORKERS=0 runs in this process
PYTEST_WORKERS ?= auto
test: $(VENV)/.dev
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The English catalogue is locale/en/LC_MESSAGES/django.po (edit it, or use
# Poedit/Weblate); this target adds new source strings to it and compiles it.
messages: setup
	$(ANTQ) makemessages -l en --no-obsolete --no-wrap -i var -i bench -i tests -i "antq/*/tests"
	$(ANTQ) compilemessages -l en --ignore=.venv

BENCH_DB ?= sqlite:///var/bench.sqlite3
bench: $(VENV)/.dev
	DATABASE_URL=$(BENCH_DB) $(BIN)/python bench/generate_national.py
	DATABASE_URL=$(BENCH_DB) $(BIN)/python bench/rollup.py

.PHONY: cluster cluster-check cluster-down
# Several app nodes, PgBouncer, Patroni (primary + synchronous standby) with
# etcd, HAProxy and Redis on this machine's loopback addresses, from Debian's
# packages (installed if missing; needs root). docs/scaling.md.
cluster: $(VENV)/.dev
	$(BIN)/python deploy/cluster/local.py up

# the deadline surge through HAProxy while an app node, a worker node and the
# PostgreSQL primary are killed; writes var/bench/cluster.json
CLUSTER_SECONDS ?= 90
cluster-check: $(VENV)/.dev
	nice -n 10 $(BIN)/python bench/cluster.py --seconds $(CLUSTER_SECONDS)

cluster-down:
	$(PYTHON) deploy/cluster/local.py down

clean:
	rm -rf $(VENV) var test-artifacts
