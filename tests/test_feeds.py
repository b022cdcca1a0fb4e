"""Atom feeds, the sitemap and robots.txt."""

import datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import DocumentFactory, PartyFactory, StateFactory, SummitFactory, TopicFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entry_titles(response) -> list[str]:
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    return [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]


def test_the_documents_feed_lists_new_published_documents_newest_first(client, django_assert_num_queries):
    now = timezone.now()
    DocumentFactory(title_en="Older agreement", published_at=now - datetime.timedelta(days=2))
    DocumentFactory(title_en="Newer agreement", published_at=now)
    DocumentFactory(title_en="Draft agreement", publication_state="draft")
    with django_assert_num_queries(4):
        response = client.get(reverse("feed-documents"))
    assert entry_titles(response) == ["Newer agreement", "Older agreement"]


def test_the_documents_feed_follows_any_documents_query(client):
    water = TopicFactory(key="water")
    kg = StateFactory()
    DocumentFactory(title_en="River treaty", topics=[water], parties=[kg])
    DocumentFactory(title_en="Road treaty", parties=[kg])
    DocumentFactory(title_en="Lake treaty", topics=[water])
    response = client.get(reverse("feed-documents") + f"?topic=water&party={kg.slug}")
    assert entry_titles(response) == ["River treaty"]
    feed = ElementTree.fromstring(response.content)
    assert feed.find(f"{ATOM}link").get("href").endswith(f"/documents/?topic=water&party={kg.slug}")


def test_a_bad_feed_query_is_answered_400_naming_the_value(client):
    response = client.get(reverse("feed-documents") + "?party=atlantis")
    assert response.status_code == 400 and "“atlantis” does not exist." in response.content.decode()


def test_the_summits_feed_lists_published_summits(client):
    SummitFactory(name_en="Open summit")
    SummitFactory(name_en="Closed summit", publication_state="draft")
    assert entry_titles(client.get(reverse("feed-summits"))) == ["Open summit"]


def test_the_sitemap_index_points_at_every_section(client):
    content = client.get("/sitemap.xml").content.decode()
    for section in ["pages", "documents", "summits", "series", "parties", "people", "targets", "topics"]:
        assert f"/sitemap-{section}.xml" in content


def test_the_sitemap_lists_published_records_in_every_language(client, django_assert_num_queries):
    published = DocumentFactory()
    draft = DocumentFactory(publication_state="draft")
    with django_assert_num_queries(2):
        content = client.get("/sitemap-documents.xml").content.decode()
    assert f"http://testserver{published.get_absolute_url()}" in content
    assert f"http://testserver/ru{published.get_absolute_url()}" in content and 'hreflang="ky"' in content
    assert draft.get_absolute_url() not in content


def test_the_sitemap_of_parties_gives_lastmod(client):
    party = PartyFactory()
    content = client.get("/sitemap-parties.xml").content.decode()
    assert party.get_absolute_url() in content and f"<lastmod>{party.updated_at:%Y-%m-%d}" in content


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines and "Sitemap: http://testserver/sitemap.xml" in lines
