# Two commands matter: `make dev` runs the app, `make test` runs every check. Both set themselves up.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
BACKEND_PORT ?= 8000
FRONTEND_PORT ?= 3000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS_TEST_URL ?= redis://127.0.0.1:6379/9
# The server on which fuzz, bench, loadtest and multinode create throwaway databases (read by tools/stack.py too).
STACK_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432
# Checks what a target needs before it starts; installs what it can (root + apt), otherwise says how to get it.
ENSURE := @bash scripts/ensure-tools.sh
TEST_TOOLS := node python curl chromium wrk redis redis-service postgres=$(STACK_POSTGRES_URL)
export NEXT_TELEMETRY_DISABLED := 1

.PHONY: help setup tools tools-base dev serve serve-check test lint fmt typecheck test-backend test-backend-postgres \
	test-frontend e2e messages client client-check readme-check compose-check k8s-check chromium clean bench bench-smoke \
	fuzz stress \
	loadtest multinode audit audit-e2e profile-login profile-me

help:
	@echo "make dev    run Django on :$(BACKEND_PORT) and Next.js on :$(FRONTEND_PORT) (SQLite, no other service)"
	@echo "make serve  the production build on this machine (PostgreSQL, Redis, secrets from .env; README › Deploy on a VM)"
	@echo "make test   lint, type checks, backend tests, frontend unit tests, browser e2e, compose and Kubernetes validation"
	@echo "make tools  check (and install where it can) what make test needs: PostgreSQL, Redis, wrk, Chromium, Node"
	@echo "other: setup fmt lint typecheck test-backend test-backend-postgres test-frontend e2e client messages compose-check k8s-check"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

setup: tools-base $(VENV)/.installed frontend/node_modules/.installed

tools-base:
	$(ENSURE) node python

# Everything `make test` needs, checked at once so a missing piece is named before anything runs.
tools:
	$(ENSURE) $(TEST_TOOLS)

dev: setup
	bash scripts/dev.sh

# The production run on this machine (debug off, next build, gunicorn, mail worker, standalone Next.js); settings
# from the environment or .env (README.md › Deploy on a VM). Refuses to start while a required one is missing.
serve: setup
	bash scripts/serve.sh

# `make serve` from a fresh env file (throwaway PostgreSQL database, private Redis), a browser journey through it
# (sign up, log out, log in, log out, the mail worker's mail), then the ASVS audit against it. CI runs it.
SERVE_CHECK_ARGS ?=
serve-check: setup chromium
	$(ENSURE) redis postgres=$(STACK_POSTGRES_URL)
	$(PY) stress/serve/check.py $(SERVE_CHECK_ARGS)

test: tools setup chromium lint typecheck client-check test-backend fuzz readme-check test-frontend e2e audit-e2e bench-smoke compose-check k8s-check

lint: setup
	cd backend && ../$(VENV)/bin/ruff check . && ../$(VENV)/bin/ruff format --check .
	cd stress && ../$(VENV)/bin/ruff check . && ../$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check bench tools deploy && $(VENV)/bin/ruff format --check bench tools deploy
	cd frontend && npm run --silent lint

fmt: setup
	cd backend && ../$(VENV)/bin/ruff check --fix . && ../$(VENV)/bin/ruff format .
	cd stress && ../$(VENV)/bin/ruff check --fix . && ../$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff format bench tools deploy
	cd frontend && npm run --silent format

typecheck: setup
	cd backend && ../$(VENV)/bin/mypy .
	cd frontend && npm run --silent typecheck

test-backend: setup
	$(ENSURE) redis-service
	cd backend && ../$(PY) -m pytest

# The production configuration: PostgreSQL and Redis (the shared ones; pytest creates its own test database).
test-backend-postgres: setup
	$(ENSURE) postgres=$(PG_URL) redis-service=$(REDIS_TEST_URL)
	cd backend && DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) ../$(PY) -m pytest

# lib/revocation-feed.redis.test.ts starts a redis-server of its own and publishes through Django's code.
test-frontend: setup
	$(ENSURE) redis
	cd frontend && npm run --silent test

e2e: setup chromium
	cd frontend && npm run --silent e2e

# Updates the backend's message catalogues from the code (makemessages: needs GNU gettext), then compiles them (pure
# Python). Translate what is new or changed in backend/locale/*/LC_MESSAGES/django.po, then run it again. The check
# (core/tests/test_catalogues.py, part of test-backend; or `manage.py messages_check`) needs no gettext.
MAKEMESSAGES_IGNORE := --ignore='*/tests/*' --ignore='staticfiles/*' --ignore=conftest.py
messages: setup
	$(ENSURE) gettext
	cd backend && DJANGO_DEBUG=true ../$(PY) manage.py makemessages --all --no-obsolete --add-location=file $(MAKEMESSAGES_IGNORE)
	cd backend && DJANGO_DEBUG=true ../$(PY) manage.py messages_compile
	cd backend && DJANGO_DEBUG=true ../$(PY) manage.py messages_check

# Regenerates the OpenAPI schema and the frontend's types from it.
client: setup
	bash scripts/api-client.sh

# Fails when someone changed the API without running `make client`.
client-check: setup
	bash scripts/api-client.sh --check

# Schemathesis against a live gunicorn (fresh database on the shared server, own Redis): no 5xx, schema matched.
fuzz: setup
	$(ENSURE) redis postgres=$(STACK_POSTGRES_URL)
	cd stress && ../$(PY) -m pytest -m fuzz

# Races and faults on a private PostgreSQL cluster, a private Redis, 4 gunicorn workers and the mail worker.
stress: setup
	$(ENSURE) redis postgres-cluster
	cd stress && ../$(PY) -m pytest -m stress

LOAD_DURATION ?= 60
LOAD_USERS ?= 20

# Load test of the production configuration (gunicorn, PostgreSQL, Redis): zero 5xx, zero lost accounts.
loadtest: setup
	$(ENSURE) redis postgres=$(STACK_POSTGRES_URL)
	$(PY) stress/load/run.py --duration $(LOAD_DURATION) --users $(LOAD_USERS)

# Three backends behind a local nginx sharing PostgreSQL and Redis (installs Debian's nginx when missing, as root).
multinode: setup
	$(ENSURE) redis postgres=$(STACK_POSTGRES_URL)
	$(PY) stress/multinode/run.py

# Security self-test of a running deployment: make audit URL=https://app.example.com [API=https://api.example.com]
audit: setup chromium
	@test -n "$(URL)" || { echo "usage: make audit URL=https://app.example.com [API=https://api.example.com]"; exit 2; }
	$(PY) stress/audit/audit.py --url "$(URL)" --api "$(or $(API),$(URL))"

# The same audit against the e2e deployment (scripts/e2e-backend.sh + next start of the e2e build).
audit-e2e: setup chromium
	$(ENSURE) curl redis
	bash stress/audit/against-e2e.sh

# The README's curl examples, run as written against a live server.
readme-check: setup
	$(ENSURE) curl
	bash scripts/readme-check.sh

compose-check:
	$(ENSURE) node
	npx --yes dclint@3.1.0 docker-compose.yml

# The Kubernetes manifests, rendered (without kustomize; compared with `kubectl kustomize` where kubectl exists),
# validated offline against the Kubernetes schemas and checked for their rules (deploy/kubernetes/README.md).
k8s-check: $(VENV)/.installed
	$(PY) -m pytest deploy/kubernetes/tests -q -p no:django -p no:cacheprovider

chromium:
	$(ENSURE) chromium

# The production configuration under wrk (gunicorn, PostgreSQL, Redis, next start); writes bench/RESULTS.md.
bench: setup
	$(ENSURE) wrk redis postgres=$(STACK_POSTGRES_URL)
	$(PY) bench/run.py

# A few seconds on tiny data, so the benchmark cannot rot; leaves bench/RESULTS.md alone.
bench-smoke: setup
	$(ENSURE) wrk redis postgres=$(STACK_POSTGRES_URL)
	$(PY) bench/run.py --smoke
	$(PY) bench/profile_login.py --smoke

# Where one login's milliseconds go (production settings, in-process WSGI): writes bench/profile-login.{txt,html,...}.
profile-login: setup
	$(ENSURE) redis postgres=$(STACK_POSTGRES_URL)
	$(PY) bench/profile_login.py

# GET /api/auth/me/ next to simplejwt's two classes and a bare view, in-process and interleaved; prints only.
profile-me: setup
	$(ENSURE) redis postgres=$(STACK_POSTGRES_URL)
	$(PY) bench/profile_me.py --ab

clean:
	rm -rf .e2e frontend/.next frontend/test-results frontend/playwright-report
