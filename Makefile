# Integrationsportal: `make run` serves the demo, `make test` runs everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
export DJANGO_SETTINGS_MODULE ?= portal.settings.dev

.PHONY: install run serve bench bench-deps test lint format lock system-deps checks test-postgres clean

install: $(STAMP)

$(STAMP): requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# Production-like: gunicorn with production settings on 127.0.0.1:8000 (HOST, PORT), SQLite or
# DATABASE_URL; migrate and collectstatic first. See scripts/serve.py and docs/deployment.md.
serve: install
	$(PY) scripts/serve.py

# Load benchmark (not part of `make test`) on the production database: PostgreSQL in
# var/bench/postgres (kept between runs), data generated once, wrk and Redis from Debian.
bench-deps:
	@command -v wrk >/dev/null && command -v redis-server >/dev/null || { if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk redis-server >/dev/null; else echo "Install wrk and redis-server (apt-get install wrk redis-server)."; exit 1; fi; }

bench: install bench-deps
	MEDIA_ROOT=$(CURDIR)/var/bench/media $(PY) scripts/with_postgres.py --keep var/bench/postgres \
		sh -c '$(PY) bench/generate.py && $(PY) bench/run.py'

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# System packages from Debian: Chromium for the browser tests, Pango for WeasyPrint's PDFs,
# Redis for the shared-cache tests. Installed with apt-get when missing and we are root;
# otherwise we say what is needed.
SYSTEM_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core redis-server
system-deps:
	@if [ ! -x $(CHROMIUM) ] || [ ! -x /usr/bin/redis-server ] || ! ldconfig -p | grep -q libpangoft2-1.0; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing $(SYSTEM_PACKAGES) with apt-get"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
		else \
			echo "Missing system packages: install $(SYSTEM_PACKAGES) (Debian/Ubuntu)."; exit 1; \
		fi; \
	fi

checks: install
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=portal.settings.production SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
		ALLOWED_HOSTS=portal.example.org $(PY) manage.py check --deploy --fail-level WARNING

# Browser tests run in a process of their own: they need transactional, serialised databases.
# The test settings (fast password hashing, throwaway media folder) replace the exported dev ones.
PYTEST := env DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/pytest
test: install system-deps lint checks
	$(PYTEST) -n 2 --ignore=tests/e2e
	$(PYTEST) tests/e2e

# The same suite against PostgreSQL (DATABASE_URL, or a throwaway cluster).
test-postgres: install system-deps
	$(PY) scripts/with_postgres.py $(PYTEST) -n 2 --ignore=tests/e2e
	$(PY) scripts/with_postgres.py $(PYTEST) tests/e2e

lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 requirements.in -o requirements.txt
	$(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 requirements-dev.in -o requirements-dev.txt

clean:
	rm -rf var db.sqlite3
