# Integrationsportal: `make run` serves the demo, `make test` runs everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
export DJANGO_SETTINGS_MODULE ?= portal.settings.dev

.PHONY: install run test lint format lock chromium checks test-postgres clean

install: $(STAMP)

$(STAMP): requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Debian's Chromium for the browser tests; installed with apt-get when missing and we are root.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null); \
		else \
			echo "Chromium is missing at $(CHROMIUM): install Debian's 'chromium' package (browser tests need it)."; exit 1; \
		fi; \
	fi

checks: install
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=portal.settings.production SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
		ALLOWED_HOSTS=portal.example.org $(PY) manage.py check --deploy --fail-level WARNING

# Browser tests run in a process of their own: they need transactional, serialised databases.
test: install chromium lint checks
	$(BIN)/pytest --ignore=tests/e2e
	$(BIN)/pytest tests/e2e

# The same suite against PostgreSQL (DATABASE_URL, or a throwaway cluster).
test-postgres: install chromium
	$(PY) scripts/with_postgres.py $(BIN)/pytest --ignore=tests/e2e
	$(PY) scripts/with_postgres.py $(BIN)/pytest tests/e2e

lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 requirements.in -o requirements.txt
	$(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 requirements-dev.in -o requirements-dev.txt

clean:
	rm -rf var db.sqlite3
