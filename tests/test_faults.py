"""Faults: a database connection lost in the middle of a request gives a 503 page, and the next request works."""

from unittest import mock

import psycopg
import pytest
from django.core.cache import cache
from django.db import OperationalError, connection, transaction
from django.db.backends.utils import CursorWrapper
from django.test import Client

from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def drop_the_connection() -> None:
    """Really lose the connection: PostgreSQL ends the backend; SQLite's file fails as if the disk went away."""
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        with psycopg.connect(
            host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"], dbname="postgres"
        ) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
    else:
        raise OperationalError("disk I/O error")


def failing_midway(after: int):
    """A cursor whose connection drops after `after` queries have succeeded in this request."""
    original = CursorWrapper.execute
    calls = {"count": 0}

    def execute(self, sql, params=None):
        calls["count"] += 1
        if calls["count"] == after + 1:
            drop_the_connection()
        return original(self, sql, params)

    return mock.patch.object(CursorWrapper, "execute", execute)


@pytest.mark.parametrize("after", [0, 1])
def test_a_connection_lost_mid_request_gives_a_503_and_the_next_request_works(after):
    with transaction.atomic():  # a published document and its parties commit together
        document = DocumentFactory(title_en="Water sharing agreement")
    client = Client(raise_request_exception=False)
    assert client.get(document.get_absolute_url()).status_code == 200  # the connection is open and reused
    cache.clear()  # the page is rendered again, not served from the cache
    with failing_midway(after):
        response = client.get(document.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Temporarily unavailable" in response.content.decode()
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200 and "Water sharing agreement" in response.content.decode()


def test_errors_that_are_not_about_the_connection_stay_server_errors():
    with transaction.atomic():
        document = DocumentFactory()
    client = Client(raise_request_exception=False)
    with mock.patch.object(CursorWrapper, "execute", side_effect=ZeroDivisionError):
        assert client.get(document.get_absolute_url()).status_code == 500
