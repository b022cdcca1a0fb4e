"""/documents/ and /documents/SLUG/: the search page, its errors and its query count; the document page."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry import models
from tests.factories import (
    DocumentFactory,
    PersonFactory,
    SignatureFactory,
    SourceFactory,
    StateFactory,
    StatusEventFactory,
    SummitFactory,
    TargetFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("document-list")


def field_block(html: str, name: str) -> str:
    """The part of the page beside a field: from its id to the end of its fieldset or block."""
    start = html.index(f'id="field-{name}"')
    ends = [html.find(marker, start) for marker in ("</fieldset>", "</div>")]
    return html[start : min(end for end in ends if end != -1)]


@pytest.fixture
def documents():
    kg, kz = StateFactory(key="KG", name_en="Kyrgyz Republic"), StateFactory(key="KZ", name_en="Kazakhstan")
    trade = TopicFactory(key="trade", name_en="Trade")
    made = [
        DocumentFactory(key=f"doc-{n}", title_en=f"Trade agreement {n}", parties=[kg, kz], topics=[trade])
        for n in range(3)
    ]
    made.append(DocumentFactory(key="treaty", kind="treaty", title_en="Treaty of friendship", parties=[kg]))
    return made


def test_the_search_page_lists_results_with_total_facets_and_chips(client, documents):
    response = client.get(LIST, {"party": "kg", "kind": "agreement"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 documents" in html
    assert html.count('class="results-list"') == 1 and html.count("Trade agreement") == 3
    # Facet counts beside the filters: both kinds, under the party filter.
    kinds = field_block(html, "kind")
    assert re.search(r'value="agreement" checked> agreement <span class="count">3</span>', kinds)
    assert re.search(r'value="treaty"> treaty <span class="count">1</span>', kinds)
    # A chip removes one value and keeps the rest of the query.
    assert 'href="?kind=agreement"' in html and "Party: Kyrgyz Republic" in html


def test_the_empty_state_says_which_filter_to_remove(client, documents):
    response = client.get(LIST, {"kind": "treaty", "topic": "trade"})
    html = response.content.decode()
    assert response.status_code == 200 and "0 documents" in html
    assert "Remove Kind: treaty: 3 documents" in html
    assert "Remove Topic: Trade: 1 document" in html


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"signed_from": "2019-02-30"}, "signed_from", "“2019-02-30” is not a date"),
        ({"signed_to": "last year"}, "signed_to", "“last year” is not a date"),
        ({"party": "atlantis"}, "party", "“atlantis” does not exist."),
        ({"topic": "astrology"}, "topic", "“astrology” does not exist."),
        ({"summit": "nowhere"}, "summit", "“nowhere” does not exist."),
        ({"signatory": "nobody"}, "signatory", "“nobody” does not exist."),
        ({"kind": "poem"}, "kind", "“poem” is not one of the values"),
        ({"page": "two"}, "page", "“two” is not a whole number."),
        ({"page": "99"}, "page", "There is no page “99”: these results end at page 1."),
        ({"per_page": "101"}, "per_page", "“101” is too large: the most is 100."),
        ({"sort": "random"}, "sort", "“random” is not one of the values"),
    ],
)
def test_a_bad_value_gets_400_and_a_message_beside_its_field(client, documents, params, field, message):
    response = client.get(LIST, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in field_block(html, field)
    assert message in html[: html.index('id="field-q"')]  # and in the summary at the top


def test_the_search_page_speaks_the_visitors_language(client, documents):
    models.Topic.objects.filter(key="trade").update(name_ru="Торговля")
    response = client.get("/ru" + LIST, {"sort": "title", "topic": "trade"})
    assert response.status_code == 200
    assert "Торговля" in field_block(response.content.decode(), "topic")


def test_unknown_parameters_are_ignored(client, documents):
    response = client.get(LIST, {"utm_source": "mail", "colour": "blue"})
    assert response.status_code == 200 and "4 documents" in response.content.decode()


def test_pages_follow_per_page_and_keep_the_query(client, documents):
    response = client.get(LIST, {"q": "agreement", "per_page": 2, "sort": "title"})
    html = response.content.decode()
    assert "Page 1 of 2" in html and 'href="?q=agreement&amp;per_page=2&amp;sort=title&amp;page=2"' in html
    second = client.get(LIST, {"q": "agreement", "per_page": 2, "sort": "title", "page": 2}).content.decode()
    assert "Trade agreement 2" in second and "Trade agreement 0" not in second


def make_documents(count: int) -> None:
    parties = [StateFactory(key=code) for code in ("AA", "BB", "CC")]
    topics = [TopicFactory(key="trade"), TopicFactory(key="water")]
    summit = SummitFactory()
    person = PersonFactory()
    for n in range(count):
        document = DocumentFactory(
            title_en=f"Water agreement {n}", parties=parties[n % 2 : n % 2 + 2], topics=topics, summit=summit
        )
        document.languages.set(["ru", "kk"])
        SignatureFactory(document=document, person=person, party=parties[n % 2])


@pytest.mark.parametrize(
    "params",
    [
        {"per_page": 100},
        {"q": "water agreement", "party": "bb", "topic": "trade", "signed_from": "2020", "per_page": 100},
    ],
    ids=["browse", "search-and-filter"],
)
def test_the_number_of_queries_is_the_same_for_5_and_50_results(client, params):
    make_documents(5)
    with CaptureQueriesContext(connection) as five:
        assert client.get(LIST, params).status_code == 200
    make_documents(45)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(LIST, params)
    assert response.content.decode().count('<li>\n          <a href="/documents/') >= 25
    assert len(five) == len(fifty) == QUERIES_PER_PAGE[params.get("q") is not None]


# browse: the site's last change (ETag, cache key), the nine facets and the total in one query, page,
# parties, topics; search adds the spelling look-up and the filter values (party, topic: validated then
# read for their labels) and the ranking (the first ids in rank order, then the page by id). With the
# facets and the ranking cached (the same query since the last change) they are not run again.
QUERIES_PER_PAGE = {False: 5, True: 9}


@pytest.fixture
def full_document():
    kg, kz = StateFactory(key="KG", name_en="Kyrgyz Republic"), StateFactory(key="KZ", name_en="Kazakhstan")
    summit = SummitFactory(name_en="7th Council")
    document = DocumentFactory(
        key="water-agreement",
        title_en="Agreement on water <sharing> & canals",
        short_title_en="Water agreement",
        summary_en="Shares the Chu and Talas rivers.",
        parties=[kg, kz],
        topics=[TopicFactory(key="water", name_en="Water")],
        summit=summit,
        signed_at_en="Bishkek",
        status="in_force",
        wikidata="Q42",
    )
    document.languages.set(["ru"])
    document.sources.add(SourceFactory(title="Press release"))
    SignatureFactory(
        document=document, person=PersonFactory(name_en="Sadyr Japarov"), party=kg, capacity_en="President"
    )
    StatusEventFactory(document=document, kind="ratified", party=kz)
    earlier = DocumentFactory(key="earlier", title_en="Earlier protocol", parties=[kg])
    later = DocumentFactory(key="later", title_en="Implementing plan", parties=[kg])
    hidden = DocumentFactory(key="hidden", title_en="Draft amendment", parties=[kg], publication_state="draft")
    models.DocumentRelation.objects.create(from_document=document, kind="amends", to_document=earlier)
    models.DocumentRelation.objects.create(from_document=later, kind="implements", to_document=document)
    models.DocumentRelation.objects.create(from_document=hidden, kind="amends", to_document=document)
    TargetFactory(set_in_document=document, description_en="Double water deliveries")
    return document


def test_the_document_page_shows_every_field(client, full_document):
    response = client.get(full_document.get_absolute_url())
    html = response.content.decode()
    for text in (
        "Agreement on water &lt;sharing&gt; &amp; canals",
        "Water agreement",
        "Shares the Chu and Talas rivers.",
        "Kyrgyz Republic",
        "Kazakhstan",
        "Sadyr Japarov",
        "President",
        "7th Council",
        "ratified",
        "in force",
        "Earlier protocol",
        "Implementing plan",
        "Double water deliveries",
        "Press release",
        "Bishkek",
        "Russian",
        "Q42",
    ):
        assert text in html, text
    assert "Draft amendment" not in html


def test_the_document_page_offers_a_citation_and_bibtex(client, full_document):
    html = client.get(full_document.get_absolute_url()).content.decode()
    citation = re.search(r'<p id="citation">(.*?)</p>', html).group(1)
    assert citation.startswith("Kyrgyz Republic, Kazakhstan. Agreement on water &lt;sharing&gt; &amp; canals.")
    assert "http://testserver/documents/water-agreement/" in citation
    bibtex = re.search(r'<pre id="bibtex">(.*?)</pre>', html, re.S).group(1)
    assert bibtex.startswith("@misc{water-agreement,")
    assert r"title = {{Agreement on water &lt;sharing&gt; \&amp; canals}}" in bibtex
    assert "author = {{Kyrgyz Republic} and {Kazakhstan}}" in bibtex


def test_the_document_page_carries_schema_org_legislation(client, full_document):
    html = client.get(full_document.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Legislation"
    assert data["name"] == "Agreement on water <sharing> & canals"
    assert data["legislationDate"] == "2025-08-22"
    assert data["legislationLegalForce"] == {"@id": "https://schema.org/InForce"}
    assert [party["name"] for party in data["legislationPassedBy"]] == ["Kyrgyz Republic", "Kazakhstan"]
    assert data["legislationChanges"] == ["http://testserver/documents/earlier/"]
    assert "<sharing>" not in html.split('application/ld+json">')[1].split("</script>")[0]


def test_the_document_page_links_its_json(client, full_document):
    html = client.get(full_document.get_absolute_url()).content.decode()
    url = reverse("document-json", args=[full_document.slug])
    assert f'href="{url}"' in html
    data = client.get(url).json()
    assert data["key"] == "water-agreement" and data["status"] == "in_force"
    assert [party["slug"] for party in data["parties"]] == ["kg", "kz"]
    assert data["signatures"][0]["person"] == full_document.signatures.get().person.slug
    assert data["relations"] == [{"kind": "amends", "document": "earlier"}]
    assert data["related_from"] == [{"kind": "implements", "document": "later"}]


def test_the_document_page_and_json_list_languages_and_registration_numbers_in_order(client, full_document):
    # Both lists come with the document's row as JSON, in no set order: the page sorts them as the models do.
    full_document.languages.set(["ru", "kk", "en"])
    models.RegistrationNumber.objects.create(document=full_document, register="unts", number="9")
    models.RegistrationNumber.objects.create(document=full_document, register="kg", number="B-1")
    html = client.get(full_document.get_absolute_url()).content.decode()
    assert "<dd>English (en), Kazakh (kk), Russian (ru)</dd>" in html
    assert html.index("<dd>kg B-1</dd>") < html.index("<dd>unts 9</dd>")
    data = client.get(reverse("document-json", args=[full_document.slug])).json()
    assert data["languages"] == ["en", "kk", "ru"]
    assert data["registration_numbers"] == [{"register": "kg", "number": "B-1"}, {"register": "unts", "number": "9"}]


def test_a_document_without_languages_numbers_or_relations_has_empty_lists(client):
    document = DocumentFactory(parties=[StateFactory()])
    data = client.get(reverse("document-json", args=[document.slug])).json()
    assert data["languages"] == data["registration_numbers"] == data["relations"] == data["related_from"] == []
    assert "Authentic texts" not in client.get(document.get_absolute_url()).content.decode()


def test_the_json_of_an_unpublished_document_is_not_found(client):
    document = DocumentFactory(publication_state="draft")
    assert client.get(reverse("document-json", args=[document.slug])).status_code == 404


def test_the_document_page_takes_a_fixed_number_of_queries(client, full_document, django_assert_num_queries):
    with django_assert_num_queries(10):
        assert client.get(full_document.get_absolute_url()).status_code == 200
