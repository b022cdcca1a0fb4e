"""Management commands: thin, tested through call_command."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from registry import models

pytestmark = pytest.mark.django_db


def test_load_seed_fills_an_empty_registry_with_history():
    out = StringIO()
    call_command("load_seed", stdout=out)
    assert models.Document.objects.count() == 12
    assert models.Document.history.count() == 12
    assert "Loaded the seed: 12 documents." in out.getvalue()


def test_load_seed_never_overwrites_an_editors_work():
    call_command("load_seed", stdout=StringIO())
    document = models.Document.objects.get(key="kg-kz-trade-roadmap")
    document.title_en = "Roadmap, as corrected by an editor"
    document.save()
    out = StringIO()
    call_command("load_seed", stdout=out)
    document.refresh_from_db()
    assert document.title_en == "Roadmap, as corrected by an editor"
    assert "not loaded" in out.getvalue()


def test_create_local_admin_prints_the_password_once():
    first, second = StringIO(), StringIO()
    call_command("create_local_admin", stdout=first)
    call_command("create_local_admin", stdout=second)
    password = first.getvalue().split(" / ")[1].split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)
    assert password not in second.getvalue() and "exists already" in second.getvalue()
