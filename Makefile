# The README names these targets. `make run` and `make test` set everything up themselves.
SHELL := /bin/bash
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= 2

.PHONY: setup run demo test test-fast lint format typecheck check ci worker security

setup:
	@scripts/bootstrap.sh

## Run the application on SQLite with the demo region, unit, plan and one account per role.
## The demo switches the TOTP second factor off (RENSTRA_REQUIRE_2FA=0; seed_demo says so).
run: setup
	@DEBUG=1 $(PY) manage.py migrate --no-input -v 0
	@DEBUG=1 RENSTRA_REQUIRE_2FA=$${RENSTRA_REQUIRE_2FA:-0} $(PY) manage.py seed_demo --base-url http://$(HOST):$(PORT)
	@echo "Renstra berjalan di http://$(HOST):$(PORT)/  (Ctrl+C untuk berhenti)"
	@DEBUG=1 RENSTRA_REQUIRE_2FA=$${RENSTRA_REQUIRE_2FA:-0} $(PY) manage.py runserver $(HOST):$(PORT) --skip-checks

demo: setup
	@DEBUG=1 $(PY) manage.py migrate --no-input -v 0
	@DEBUG=1 RENSTRA_REQUIRE_2FA=$${RENSTRA_REQUIRE_2FA:-0} $(PY) manage.py seed_demo

## The background worker: renders requested PDFs (django.tasks with the database backend).
worker: setup
	@DEBUG=$${DEBUG:-1} $(PY) manage.py db_worker  # beside `make run`; production sets its own env

## Run the whole test suite (PostgreSQL when DATABASE_URL is set, else SQLite), browser tests included.
test: setup
	@scripts/ensure-chromium.sh
	@$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

test-fast: setup
	@RENSTRA_SKIP_BROWSER=1 $(PY) -m pytest -n $(PYTEST_WORKERS) -m "not browser" $(PYTEST_ARGS)

lint: setup
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .

format: setup
	@.venv/bin/ruff check --fix .
	@.venv/bin/ruff format .

typecheck: setup
	@SECRET_KEY=typecheck .venv/bin/mypy renstra stages participation legislation

## Everything CI checks besides the tests.
check: lint security typecheck
	@SECRET_KEY=check $(PY) manage.py makemigrations --check --dry-run
	@SECRET_KEY=check $(PY) manage.py check

## Static security scan (bandit) and known vulnerabilities in the locked dependencies.
## --strict: a package that cannot be looked up fails; scripts/audit-deps.sh says more.
security: setup
	@.venv/bin/bandit -c pyproject.toml -r renstra stages participation legislation -q
	@scripts/audit-deps.sh

ci:
	@bash .ci/run
