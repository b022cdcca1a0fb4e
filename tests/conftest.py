"""Shared fixtures. Data comes from tests/factories.py; only test_fixtures.py loads the seed."""

import os

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import translation

ON_CI = os.environ.get("CI") == "true"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, so query counts never depend on the tests run before."""
    cache.clear()
    yield
    cache.clear()


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


@pytest.fixture
def staff_client(django_user_model):
    """A signed-in client for a new staff member of a role (Editor, Publisher, Administrator)."""
    from django.contrib.auth.models import Group
    from django.test import Client

    def sign_in(role: str, username: str | None = None) -> Client:
        user = django_user_model.objects.create_user(username or role.lower(), is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        return client

    return sign_in
