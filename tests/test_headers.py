"""Headers on every response: a strict Content-Security-Policy, nosniff, a Referrer-Policy; forged hosts refused."""

import re

import pytest
from django.urls import reverse

from tests.factories import DocumentFactory, SummitFactory

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.fixture
def pages():
    document = DocumentFactory()
    return [reverse("home"), document.get_absolute_url(), "/no-such-page/", reverse("admin:login")]


def test_every_response_has_a_strict_content_security_policy(client, pages):
    for url in pages:
        policy = directives(client.get(url))
        assert policy["script-src"] == ["'self'"], url
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]


def test_every_response_forbids_sniffing_framing_and_leaking_the_referrer(client, pages):
    for url in pages:
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert response["X-Frame-Options"] == "DENY", url


def test_a_forged_host_gets_400(client):
    assert client.get(reverse("home"), headers={"host": "evil.example"}).status_code == 400


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)


def test_no_page_relies_on_inline_javascript_the_policy_would_block(admin_client):
    document, summit = DocumentFactory(), SummitFactory()
    urls = [
        reverse("home"),
        document.get_absolute_url(),
        summit.get_absolute_url(),
        reverse("admin:index"),
        reverse("admin:registry_document_changelist"),
        reverse("admin:registry_document_change", args=[document.pk]),
        reverse("admin:registry_summit_add"),
        reverse("admin:registry_summit_history", args=[summit.pk]),
        reverse("api-docs"),
        reverse("api-redoc"),
    ]
    for url in urls:
        content = admin_client.get(url).content.decode()
        assert not INLINE_SCRIPT.search(content), (url, INLINE_SCRIPT.search(content))
        assert not INLINE_HANDLER.search(content), (url, INLINE_HANDLER.search(content))
