"""Public pages: published records only, real 404s, a fixed number of queries."""

import pytest
from django.urls import reverse

from registry import models
from tests.factories import DocumentFactory, SignatureFactory, SummitFactory

pytestmark = pytest.mark.django_db


def test_a_document_page_shows_its_record(client):
    signature = SignatureFactory(document=DocumentFactory(title_en="Water sharing agreement", summit=SummitFactory()))
    response = client.get(signature.document.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Water sharing agreement" in content and signature.person.name in content


@pytest.mark.parametrize("state", [models.PublicationState.DRAFT, models.PublicationState.WITHDRAWN])
def test_an_unpublished_document_is_not_found(client, state):
    document = DocumentFactory(publication_state=state)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_an_unpublished_summit_is_not_found(client):
    summit = SummitFactory(publication_state=models.PublicationState.DRAFT)
    assert client.get(summit.get_absolute_url()).status_code == 404


def test_the_home_page_lists_published_documents_only(client):
    DocumentFactory(title_en="Published agreement")
    DocumentFactory(title_en="Secret draft", publication_state=models.PublicationState.DRAFT)
    content = client.get(reverse("home")).content.decode()
    assert "Published agreement" in content and "Secret draft" not in content


def test_pages_are_served_in_russian_under_their_prefix(client):
    document = DocumentFactory(title_en="Roadmap", title_ru="Дорожная карта")
    response = client.get("/ru" + document.get_absolute_url())
    assert response.status_code == 200 and "Дорожная карта" in response.content.decode()
