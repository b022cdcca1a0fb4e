"""Signing in: a lockout after repeated failures (429), strong passwords, and a way to unlock."""

import pytest
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


def sign_in(client, password):
    return client.post(reverse("admin:login"), {"username": "editor", "password": password, "next": "/admin/"})


def test_it_locks_the_account_out_after_five_failures_answering_429(client, editor):
    for _ in range(4):
        assert sign_in(client, "wrong guess").status_code == 200
    assert sign_in(client, "wrong guess").status_code == 429
    # Locked: even the right password is refused now.
    assert sign_in(client, PASSWORD).status_code == 429


def test_a_success_before_the_limit_starts_the_count_again(client, editor):
    for _ in range(4):
        sign_in(client, "wrong guess")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "wrong guess").status_code == 200


def test_axes_reset_username_unlocks_the_account(client, editor):
    for _ in range(5):
        sign_in(client, "wrong guess")
    assert sign_in(client, PASSWORD).status_code == 429
    call_command("axes_reset_username", "editor")
    assert sign_in(client, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Short1pass", "at least 12 characters"),
        ("qwe123qwe123", "too common"),
        ("385910274658", "entirely numeric"),
    ],
)
def test_it_refuses_a_weak_password(editor, password, message):
    with pytest.raises(ValidationError) as refusal:
        validate_password(password, editor)
    assert message in " ".join(refusal.value.messages)
    form = AdminPasswordChangeForm(editor, {"password1": password, "password2": password})
    assert not form.is_valid()


def test_it_accepts_a_long_uncommon_password(editor):
    validate_password("tulip lantern orbit seventeen", editor)
