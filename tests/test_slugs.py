"""Old slugs keep working: a renamed record's old address redirects permanently to the new one."""

import pytest

from registry import models
from tests.factories import DocumentFactory, PartyFactory, PersonFactory, SummitFactory

pytestmark = pytest.mark.django_db


def test_renaming_a_slug_keeps_the_old_one_as_a_redirect(client):
    summit = SummitFactory(slug="sic-7")
    summit.slug = "kg-kz-sic-7"
    summit.save()
    response = client.get("/summits/sic-7/")
    assert response.status_code == 301 and response["Location"] == "/summits/kg-kz-sic-7/"
    assert client.get(response["Location"]).status_code == 200


def test_the_redirect_keeps_the_language(client):
    person = PersonFactory(slug="japarov")
    person.slug = "sadyr-japarov"
    person.save()
    response = client.get("/ru/people/japarov/")
    assert response.status_code == 301 and response["Location"] == "/ru/people/sadyr-japarov/"


def test_renaming_twice_redirects_both_old_slugs_and_taking_one_back_drops_its_redirect(client):
    party = PartyFactory(slug="kyrgyz")
    for slug in ["kyrgyz-republic", "kyrgyzstan"]:
        party.slug = slug
        party.save()
    assert client.get("/parties/kyrgyz/")["Location"] == "/parties/kyrgyzstan/"
    assert client.get("/parties/kyrgyz-republic/")["Location"] == "/parties/kyrgyzstan/"
    party.slug = "kyrgyz"
    party.save()
    assert client.get("/parties/kyrgyz/").status_code == 200
    assert set(models.RetiredSlug.objects.values_list("slug", flat=True)) == {"kyrgyz-republic", "kyrgyzstan"}


def test_an_old_slug_of_one_record_type_does_not_redirect_another(client):
    summit = SummitFactory(slug="astana")
    summit.slug = "astana-2024"
    summit.save()
    assert client.get("/parties/astana/").status_code == 404


def test_an_old_slug_of_an_unpublished_record_is_still_not_found(client):
    summit = SummitFactory(slug="old-name")
    summit.slug = "new-name"
    summit.publication_state = models.PublicationState.DRAFT
    summit.save()
    assert client.get("/summits/old-name/").status_code == 404


def test_saving_without_changing_the_slug_retires_nothing():
    document = DocumentFactory()
    document.title_en = "A better title"
    document.save()
    assert not models.RetiredSlug.objects.exists()
