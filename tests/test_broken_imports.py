"""Broken imports: each bad file gets a report that says what is wrong and where, and writes nothing.

The base file is the seed's exchange file; each test breaks it one way (a bad last record, truncation,
another encoding, 50 MB) and compares every table's row count before and after. The last test kills a
real import process halfway through its writes.
"""

import copy
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from registry.exchange import import_file
from tests.conftest import requires_postgresql

SEED_EXCHANGE = Path(__file__).parent / "data" / "seed-exchange.json"
PROJECT = Path(__file__).resolve().parent.parent


def seed_file() -> dict:
    return json.loads(SEED_EXCHANGE.read_text(encoding="utf-8"))


def row_counts() -> dict[str, int]:
    """Rows in every table of the registry app, history tables included."""
    return {model._meta.label: model.objects.count() for model in apps.get_app_config("registry").get_models()}


def many_documents(data: dict, count: int, summary: str = "") -> dict:
    """The file with `count` more documents, copies of its first one under new keys."""
    data = copy.deepcopy(data)
    template = data["documents"][0]
    for n in range(count):
        document = copy.deepcopy(template) | {"key": f"bulk-document-{n}", "slug": f"bulk-document-{n}"}
        document["status_events"] = []
        document["summary"] = summary or None
        data["documents"].append(document)
    return data


def assert_refused(content: bytes, *messages: str) -> None:
    before = row_counts()
    report = import_file(content)
    assert not report.ok
    for message in messages:
        assert any(message in error for error in report.errors), report.errors
    assert row_counts() == before


@pytest.mark.django_db
def test_one_bad_record_at_the_end_of_a_file_writes_nothing():
    data = seed_file()
    last = len(data["documents"])
    data["documents"].append(copy.deepcopy(data["documents"][0]) | {"key": "late-bad-one", "slug": "late-bad-one"})
    data["documents"][-1]["signed_on"] = "2025-13-01"
    assert_refused(json.dumps(data).encode(), f"documents[{last}].signed_on", "2025-13-01")


@pytest.mark.django_db
def test_a_truncated_file_is_refused_with_the_line_where_it_breaks():
    content = json.dumps(seed_file(), indent=1).encode()
    assert_refused(content[: len(content) // 2], "is not JSON (line ")


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-16", "latin-1", "cp1251"])
def test_a_file_in_another_encoding_is_refused_as_not_utf8(encoding):
    text = json.dumps(seed_file(), ensure_ascii=False)
    # A one-byte encoding cannot hold every script of the file: what it cannot hold is lost, as in real life.
    content = text.encode(encoding, errors="strict" if encoding == "utf-16" else "ignore")
    assert_refused(content, "is not UTF-8")


@pytest.mark.django_db
def test_a_50_mb_file_with_an_error_in_its_last_record_is_refused_quickly():
    data = many_documents(seed_file(), 500, summary="agreement " * 10_000)
    data["documents"][-1]["parties"] = ["KG", "XX"]
    content = json.dumps(data).encode()
    assert len(content) > 50_000_000
    started = time.monotonic()
    assert_refused(content, f"documents[{len(data['documents']) - 1}].parties[1]", "XX")
    assert time.monotonic() - started < 60


@pytest.mark.django_db
def test_the_command_reports_every_error_and_fails(tmp_path):
    path = tmp_path / "broken.json"
    path.write_bytes(json.dumps(seed_file()).encode()[:-10])
    before = row_counts()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_registry", str(path), verbosity=0)
    assert row_counts() == before


@requires_postgresql("a second process needs a database it can reach; the SQLite test database is in memory")
@pytest.mark.django_db(transaction=True)
def test_an_import_killed_midway_leaves_nothing_behind(tmp_path):
    path = tmp_path / "large.json"
    path.write_text(json.dumps(many_documents(seed_file(), 800)), encoding="utf-8")
    before = row_counts()
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}/{settings['NAME']}"
    process = subprocess.Popen(  # noqa: S603 (our own manage.py, with arguments we wrote)
        [sys.executable, "manage.py", "import_registry", str(path)],
        cwd=PROJECT,
        env=os.environ | {"DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Progress lines name each section as it is written (every 500 records): kill at 500 of 812 documents.
        for line in process.stderr:
            if line.strip().startswith("documents:") and not line.strip().startswith("documents: 0/"):
                break
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    # PostgreSQL rolls the open transaction back once it notices the client is gone.
    for _ in range(100):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [settings["NAME"]],
            )
            if cursor.fetchone()[0] == 0:
                break
        time.sleep(0.1)
    assert row_counts() == before
