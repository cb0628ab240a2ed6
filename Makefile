# Integrationsportal: `make run` serves the demo, `make test` runs everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
export DJANGO_SETTINGS_MODULE ?= portal.settings.dev

.PHONY: install run serve bench bench-10 bench-compare bench-deps pdf-deps test lint format lock system-deps node-deps checks test-postgres test-faults test-mutations clean messages

# Debian packages: installed with apt-get when we are root, otherwise we say what is needed.
APT_INSTALL = if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing $(1) with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
	else echo "Missing system packages: install $(1) (Debian/Ubuntu)."; exit 1; fi

install: $(STAMP)

$(STAMP): requirements-dev.txt
	@test -d $(VENV) || $(PYTHON) -m venv --help >/dev/null 2>&1 || { $(call APT_INSTALL,python3-venv); }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $(STAMP)

# Pango for WeasyPrint: the demo data includes generated PDFs.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
pdf-deps:
	@ldconfig -p | grep -q libpangoft2-1.0 || { $(call APT_INSTALL,$(PDF_PACKAGES)); }

run: install pdf-deps
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
	@command -v wrk >/dev/null && command -v redis-server >/dev/null && $(PYTHON) scripts/with_postgres.py --check \
		|| { $(call APT_INSTALL,wrk redis-server postgresql); }

bench: install bench-deps
	MEDIA_ROOT=$(CURDIR)/var/bench/media $(PY) scripts/with_postgres.py --keep var/bench/postgres \
		sh -c '$(PY) bench/generate.py && $(PY) bench/run.py'

# The same at ten times the data (bench/generate.py --scale 10, its own cluster in
# var/bench10/postgres): its table is a section of its own in bench/RESULTS.md, compared row by
# row with the scale-1 table (p95 at scale 10 within 1.3 times that at scale 1).
bench-10: install bench-deps
	MEDIA_ROOT=$(CURDIR)/var/bench10/media $(PY) scripts/with_postgres.py --keep var/bench10/postgres \
		sh -c '$(PY) bench/generate.py --scale 10 && $(PY) bench/run.py --scale-label 10'

# Only the comparison of the two tables already in bench/RESULTS.md.
bench-compare: install
	$(PY) bench/run.py --compare

# Our templates (not the installed packages'): indented by djhtml, two spaces.
TEMPLATE_FILES = $$(find . -path ./.venv -prune -o -path ./node_modules -prune -o -path '*/templates/*.html' -print)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check --tabwidth 2 $(TEMPLATE_FILES)

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djhtml --tabwidth 2 $(TEMPLATE_FILES)

# System packages for the tests: Chromium for the browser tests, Redis for the shared-cache
# tests, Pango for WeasyPrint's PDFs.
SYSTEM_PACKAGES := chromium redis-server $(PDF_PACKAGES)
system-deps:
	@if [ ! -x $(CHROMIUM) ] || [ ! -x /usr/bin/redis-server ] || ! ldconfig -p | grep -q libpangoft2-1.0; then \
		$(call APT_INSTALL,$(SYSTEM_PACKAGES)); \
	fi

# The Nu HTML Checker for the browser tests: vnu-jar from npm (package.json, package-lock.json),
# run on the installed Java.
NODE_STAMP := node_modules/.installed
node-deps: $(NODE_STAMP)
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null && command -v java >/dev/null || { $(call APT_INSTALL,npm default-jre-headless); }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

checks: install
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=portal.settings.production SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
		ALLOWED_HOSTS=portal.example.org $(PY) manage.py check --deploy --fail-level WARNING

# Browser tests run in a process of their own: they need transactional, serialised databases.
# The test settings (fast password hashing, throwaway media folder) replace the exported dev ones.
PYTEST := env DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/pytest
test: install system-deps node-deps lint checks
	$(PYTEST) -n 2 --ignore=tests/e2e
	$(PYTEST) tests/e2e

# Mutation check of the access rules: each realistic bug of scripts/mutations.toml is planted,
# one at a time, in a scratch copy of the tree, and its tests must fail (scripts/mutations.py).
test-mutations: install
	$(PY) scripts/mutations.py --jobs 2

# The same suite against PostgreSQL (DATABASE_URL, or a throwaway cluster). Of the browser tests
# only the meeting and paper lifecycles (workflows, row locks, recusal) run here as well: the
# other browser tests check layout and accessibility, which do not depend on the database.
E2E_ON_POSTGRES := tests/e2e/test_meetings.py tests/e2e/test_papers.py
test-postgres: install system-deps node-deps
	$(PY) scripts/with_postgres.py $(PYTEST) -n 2 --ignore=tests/e2e
	$(PY) scripts/with_postgres.py $(PYTEST) $(E2E_ON_POSTGRES)

# Fault suite (tests/faults, not part of `make test`): the production setup on loopback (gunicorn,
# PostgreSQL, Redis, an SMTP sink) under a bounded load, one fault at a time. Figures in
# var/faults/summary.md; see docs/reliability.md.
test-faults: install system-deps
	$(PY) scripts/with_postgres.py $(PYTEST) tests/faults -q --durations=5

# Interface strings: extract them into the catalogues of the languages besides German (the
# source; portal/locale/de holds only overrides of allauth's German) and compile them. The .mo
# files are committed, so a fresh clone needs no gettext; tests/portal/test_i18n_catalogues.py
# checks that they match the .po files and that every public string is translated (msgmerge
# marks guesses for changed strings as fuzzy: translate them and remove the flag).
TRANSLATED_LANGUAGES := en bg ro tr ar uk
MESSAGES_IGNORE := --ignore=.venv --ignore=var --ignore=node_modules --ignore=tests --ignore=bench --ignore=scripts
messages: install
	@command -v msgfmt >/dev/null || { $(call APT_INSTALL,gettext); }
	$(PY) manage.py makemessages $(addprefix -l ,$(TRANSLATED_LANGUAGES)) $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages $(MESSAGES_IGNORE)

lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 requirements.in -o requirements.txt
	$(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 requirements-dev.in -o requirements-dev.txt

clean:
	rm -rf var db.sqlite3
