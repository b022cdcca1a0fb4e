# Kelisim: `make run` to serve the site locally, `make test` to check everything.
# `make load`: 50 simulated visitors for 60 s against gunicorn on 127.0.0.1 (not part of `make test`).
.PHONY: load install run test test-sqlite test-postgresql lint fmt check-migrations clean

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

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py loaddata seed
	$(PY) manage.py populate_history --auto
	$(PY) manage.py create_local_admin
	$(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-migrations: install
	DATABASE_URL= $(PY) manage.py makemigrations --check --dry-run

test: lint check-migrations test-sqlite test-postgresql

test-sqlite: install
	@echo "==> pytest on SQLite"
	DATABASE_URL= $(PYTEST)

# Runs when a PostgreSQL answers; under CI (CI=true) a missing one is a failure, not a skip.
test-postgresql: install
	@if $(PY) -c "import psycopg, sys; psycopg.connect(sys.argv[1].rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close()" "$(PG_TEST_URL)" 2>/dev/null; then \
		echo "==> pytest on PostgreSQL"; \
		DATABASE_URL="$(PG_TEST_URL)" $(PYTEST); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(PG_TEST_URL), and CI requires it"; exit 1; \
	else \
		echo "==> SKIPPED: the PostgreSQL run (no server answers at $(PG_TEST_URL))"; \
	fi

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache

# Locust lives in its own virtualenv so its dependencies never change the site's.
load/.venv/.installed: requirements-load.txt
	python3 -m venv load/.venv
	load/.venv/bin/pip install --quiet -r requirements-load.txt
	touch $@

load: install load/.venv/.installed
	$(PY) load/run.py
