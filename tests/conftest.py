"""Shared fixtures. Data comes from tests/factories.py; only test_fixtures.py loads the seed."""

import os

import pytest
from django.db import connection
from django.utils import translation

ON_CI = os.environ.get("CI") == "true"


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chief", "chief@example.org", "a long enough password")
    client.force_login(user)
    return client


def requires_postgresql(reason: str):
    """Skip on SQLite, saying why; the PostgreSQL run of `make test` covers it."""
    return pytest.mark.skipif(connection.vendor != "postgresql", reason=f"PostgreSQL only: {reason}")


@pytest.fixture(autouse=True)
def english_between_tests():
    """A request under /ru/ leaves Russian active in the thread; start every test from English again."""
    translation.activate("en")
    yield
    translation.activate("en")
