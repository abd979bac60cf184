# Gyeonhak — developer entry points. Everything installs itself on first use
# (Debian packages, the pinned uv, .venv exactly as uv.lock, node_modules exactly as
# package-lock.json) and is fast on later runs.
#
#   make run     app on the embedded SQLite database with demo data
#   make test    the test suite (PYTEST_ARGS="-k foo -x" to narrow it)
#   make lock    re-resolve uv.lock after editing pyproject.toml; make upgrade: newest of all

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=
TEST_PG_URL ?= postgres://postgres@127.0.0.1:5432/test

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup setup-dev setup-test run migrate test test-pg fuzz lint bench lock upgrade clean

help:
	@echo "make run        start the app on http://$(HOST):$(PORT) (SQLite, demo data)"
	@echo "make test       run the tests (PYTEST_ARGS=... passes options to pytest)"
	@echo "make test-pg    run the tests on PostgreSQL ($(TEST_PG_URL))"
	@echo "make fuzz       Schemathesis, FUZZ_EXAMPLES=200 per operation with its coverage phase"
	@echo "                (TEST_DATABASE_URL=postgres://... for PostgreSQL; make test runs 3)"
	@echo "make lint       ruff check + mypy"
	@echo "make bench      run every bench/*.py"
	@echo "make migrate    apply database migrations"
	@echo "make setup      install runtime dependencies (Debian packages, .venv = uv.lock)"
	@echo "make setup-dev  the dev extra too (pytest, ruff, mypy)"
	@echo "make setup-test test dependencies too (poppler, chromium, node_modules)"
	@echo "make lock       re-resolve uv.lock from pyproject.toml (keeps locked versions that still fit)"
	@echo "make upgrade    re-resolve uv.lock to the newest versions (PACKAGE=name: only that one)"
	@echo "make clean      remove .venv, .stamps, .tools, node_modules, caches (never data/)"

setup:
	@bash scripts/setup.sh runtime

setup-dev:
	@bash scripts/setup.sh dev

setup-test:
	@bash scripts/setup.sh test

run: setup
	$(PY) -m visits migrate
	$(PY) -m visits seed-demo --if-empty
	exec $(VENV)/bin/uvicorn --factory visits.app:create_app --host $(HOST) --port $(PORT)

migrate: setup
	$(PY) -m visits migrate

test: setup-test
	$(PY) -m pytest $(PYTEST_ARGS)

test-pg:
	TEST_DATABASE_URL='$(TEST_PG_URL)' $(MAKE) --no-print-directory test

FUZZ_EXAMPLES ?= 200
fuzz: setup-test
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest tests/e2e/test_schemathesis.py -rA -s $(PYTEST_ARGS)

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench:
	@bash scripts/setup.sh bench
	@shopt -s nullglob; files=(bench/[!_]*.py); \
	if [ $${#files[@]} -eq 0 ]; then echo "no bench/*.py"; exit 0; fi; \
	failed=(); \
	for f in "$${files[@]}"; do \
	    echo "=== $$f"; \
	    $(PY) "$$f" || failed+=("$$f"); \
	done; \
	if [ $${#failed[@]} -gt 0 ]; then echo "FAILED: $${failed[*]}"; exit 1; fi

# uv.lock pins every Python package (runtime and dev, transitive, with hashes). Changing it
# is a deliberate commit: run `make test` on the new lock before committing it.
lock:
	@bash scripts/setup.sh lock $(if $(UPGRADE),$(if $(PACKAGE),--upgrade-package $(PACKAGE),--upgrade))

upgrade:
	@$(MAKE) --no-print-directory lock UPGRADE=1

clean:
	rm -rf $(VENV) .stamps .tools node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info
