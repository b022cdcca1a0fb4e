# Kelisim: `make run` to serve the site locally, `make test` to check everything.
# `make load`: 50 simulated visitors for 60 s against gunicorn on 127.0.0.1 (not part of `make test`).
.PHONY: install run serve test test-sqlite test-postgresql lint fmt check-migrations check-deploy messages makemessages clean bench bench-datasette load

VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(VENV)/bin/pytest
# The PostgreSQL the suite runs on a second time: DATABASE_URL when it names one, else the local server.
PG_TEST_URL := $(if $(findstring postgres,$(DATABASE_URL)),$(DATABASE_URL),postgres://postgres@127.0.0.1:5432/kelisim)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# The catalogues in locale/ are compiled by the build, never committed (*.mo is ignored by git).
messages: install
	$(PY) manage.py compilemessages --ignore=.venv --verbosity=0

# After adding or changing a string: refresh every catalogue, then translate what is new (docs/i18n.md).
MESSAGE_LANGUAGES := en tr ru kk ky
makemessages: install
	$(PY) manage.py makemessages $(addprefix -l ,$(MESSAGE_LANGUAGES)) --no-location --no-obsolete \
		--ignore=.venv --ignore=locale --ignore=tests --ignore=docs --ignore=staticfiles --ignore=media --ignore=test-artifacts

run: install messages
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_seed
	$(PY) manage.py create_local_admin
	$(PY) manage.py runserver 127.0.0.1:8000

# Production: gunicorn serving the site and (through WhiteNoise) its static files, with DEBUG off. Needs
# SECRET_KEY and ALLOWED_HOSTS (and DATABASE_URL for PostgreSQL) in the environment; see README.
BIND ?= 127.0.0.1:8000
serve: install messages
	DEBUG=false $(PY) manage.py check --deploy
	DEBUG=false $(PY) manage.py migrate --no-input
	DEBUG=false $(PY) manage.py collectstatic --no-input --verbosity 0
	DEBUG=false $(VENV)/bin/gunicorn registry.wsgi --bind $(BIND) --workers $${WEB_CONCURRENCY:-2} --access-logfile -

# Django's deployment checklist with the production settings (a throwaway key: only the settings are judged).
check-deploy: install
	DEBUG=false ALLOWED_HOSTS=kelisim.example SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(PY) manage.py check --deploy --fail-level WARNING

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-migrations: install
	DATABASE_URL= $(PY) manage.py makemigrations --check --dry-run

# The two databases' runs go side by side (one per core); each run's output is printed whole when it ends.
test: lint check-migrations check-deploy messages
	$(MAKE) --no-print-directory --output-sync=target -j2 test-sqlite test-postgresql

test-sqlite: install messages
	@echo "==> pytest on SQLite"
	DATABASE_URL= $(PYTEST)

# Runs when a PostgreSQL answers; under CI (CI=true) a missing one is a failure, not a skip.
test-postgresql: install messages
	@if $(PY) -c "import psycopg, sys; psycopg.connect(sys.argv[1].rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close()" "$(PG_TEST_URL)" 2>/dev/null; then \
		echo "==> pytest on PostgreSQL"; \
		DATABASE_URL="$(PG_TEST_URL)" $(PYTEST); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(PG_TEST_URL), and CI requires it"; exit 1; \
	else \
		echo "==> SKIPPED: the PostgreSQL run (no server answers at $(PG_TEST_URL))"; \
	fi

# The benchmark (bench/run.py, docs/performance.md): a synthetic registry on PostgreSQL, served by gunicorn
# on 127.0.0.1:8601 and measured beside Datasette on 127.0.0.1:8602. A few minutes at the default size;
# at a million documents: make bench BENCH_DOCUMENTS=1000000 (about ten minutes to generate, once).
BENCH_DOCUMENTS ?= 20000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kelisim_bench
DATASETTE_VENV := bench/.venv-datasette

# Datasette gets its own virtualenv, so that its dependencies never meet the site's.
$(DATASETTE_VENV)/.installed: requirements-bench.txt
	python3 -m venv $(DATASETTE_VENV)
	$(DATASETTE_VENV)/bin/pip install --quiet -r requirements-bench.txt
	touch $@

bench-datasette: $(DATASETTE_VENV)/.installed

bench: install bench-datasette
	$(PY) bench/run.py --documents $(BENCH_DOCUMENTS) --database $(BENCH_DATABASE_URL) --vs-datasette \
		--json bench/results/bench-$(BENCH_DOCUMENTS).json

clean:
	rm -rf $(VENV) $(DATASETTE_VENV) load/.venv bench/data db.sqlite3 staticfiles .pytest_cache .ruff_cache

# Locust lives in its own virtualenv so its dependencies never change the site's.
load/.venv/.installed: requirements-load.txt
	python3 -m venv load/.venv
	load/.venv/bin/pip install --quiet -r requirements-load.txt
	touch $@

load: install load/.venv/.installed
	$(PY) load/run.py
