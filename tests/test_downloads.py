"""Bulk downloads: streamed, filtered like the page, licensed, and safe to open in a spreadsheet."""

import csv
import io
import json

import pytest
from django.http import StreamingHttpResponse

from registry.downloads import safe_cell
from registry.exchange import import_data
from tests import factories


def rows(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Treaty = friendship", "Treaty = friendship"),
        ("", ""),
        (None, ""),
    ],
)
def test_it_defuses_cells_a_spreadsheet_would_run(value, written):
    assert safe_cell(value) == written


def test_the_documents_csv_follows_the_query_and_defuses_formulas(client, db):
    kz, kg = factories.StateFactory(key="KZ", slug="kazakhstan"), factories.StateFactory(key="KG", slug="kyrgyzstan")
    factories.DocumentFactory(parties=[kz, kg], title_en="=cmd|' /C calc'!A0")
    factories.DocumentFactory(parties=[kz])
    factories.DocumentFactory(parties=[kz, kg], publication_state="draft")
    response = client.get("/documents.csv?party=kyrgyzstan")
    assert response.status_code == 200
    assert 'rel="license"' in response["Link"] and response["X-Licence"] == "CC BY 4.0"
    header, *data = rows(response)
    assert header[:3] == ["key", "url", "title"]
    assert len(data) == 1
    assert data[0][2] == "'=cmd|' /C calc'!A0"
    assert data[0][header.index("parties")] == "KG; KZ"


def test_the_documents_json_is_exchange_records_with_the_licence(client, db):
    document = factories.DocumentFactory()
    response = client.get("/documents.json")
    data = json.loads(b"".join(response.streaming_content))
    assert data["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert [record["key"] for record in data["documents"]] == [document.key]


def test_a_bad_query_is_refused_with_400_naming_the_value(client, db):
    response = client.get("/documents.csv?signed_from=20x5")
    assert response.status_code == 400
    assert "20x5" in response.content.decode()


def test_summits_parties_and_people_download_as_csv(client, db):
    state = factories.StateFactory(name_en="@Evil")
    factories.SummitFactory(host=state)
    factories.PersonFactory(party=state, aliases="-Alias")
    assert rows(client.get("/summits.csv"))[1][-1] == state.key
    assert rows(client.get("/parties.csv"))[1][2] == "'@Evil"
    assert rows(client.get("/people.csv"))[1][3] == "'-Alias"


def test_the_full_dump_is_an_importable_exchange_file_of_public_records(client, db):
    factories.DocumentFactory(key="public-one")
    factories.DocumentFactory(key="draft-one", publication_state="draft")
    response = client.get("/data/kelisim.json")
    assert response["Content-Type"] == "application/json"
    data = json.loads(b"".join(response.streaming_content))
    assert [record["key"] for record in data["documents"]] == ["public-one"]
    assert import_data(data).ok


def test_the_documents_csv_streams_in_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    state = factories.StateFactory()
    for _ in range(30):
        factories.DocumentFactory(parties=[state])
    with django_assert_max_num_queries(8):
        response = client.get("/documents.csv")
        assert len(rows(response)) == 31


def test_the_documents_csv_costs_no_query_per_row_or_chunk(client, db, monkeypatch):
    # Parties and topics ride on each document's row: no query per document, nor per chunk of documents.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from registry import downloads

    monkeypatch.setattr(downloads, "CHUNK", 4)
    state, topic = factories.StateFactory(), factories.TopicFactory()
    counts = []
    for _ in range(2):
        for _ in range(10):
            factories.DocumentFactory(parties=[state, factories.StateFactory()], topics=[topic])
        with CaptureQueriesContext(connection) as captured:
            lines = rows(client.get("/documents.csv"))
        counts.append(len(captured))
        assert all(state.key in ",".join(line) and topic.key in ",".join(line) for line in lines[1:])
    assert counts[0] == counts[1] <= 4


def test_the_documents_page_links_to_its_query_as_csv_and_json(client, db):
    factories.DocumentFactory(kind="treaty")
    page = client.get("/documents/?kind=treaty").content.decode()
    assert 'href="/documents.csv?kind=treaty"' in page and 'href="/documents.json?kind=treaty"' in page


def test_every_column_of_a_documents_csv_row_in_the_requests_language(client, db):
    import datetime

    kz, kg = factories.StateFactory(key="KZ"), factories.StateFactory(key="KG")
    summit = factories.SummitFactory(key="council-7")
    topic = factories.TopicFactory(key="water")
    document = factories.DocumentFactory(
        key="water-memo",
        title_en="Water memorandum",
        title_ru="Меморандум о воде",
        short_title_en="Water MoU",
        signed_at_en="Bishkek",
        signed_on=datetime.date(2024, 3, 1),
        signed_on_precision="month",
        summit=summit,
        parties=[kz, kg],
        topics=[topic],
        kind="memorandum",
        wikidata="Q42",
    )
    header, english = rows(client.get("/documents.csv"))
    _, russian = rows(client.get("/ru/documents.csv"))
    expected = {
        "key": "water-memo",
        "url": f"http://testserver/documents/{document.slug}/",
        "title": "Water memorandum",
        "short_title": "Water MoU",
        "kind": "memorandum",
        "signed_on": "2024-03",
        "signed_at": "Bishkek",
        "summit": "council-7",
        "parties": "KG; KZ",
        "topics": "water",
        "wikidata": "Q42",
    }
    assert {name: english[header.index(name)] for name in expected} == expected
    # In Russian: the Russian title, and English where a text has no Russian (short title, place).
    assert russian[header.index("url")] == f"http://testserver/ru/documents/{document.slug}/"
    assert russian[header.index("title")] == "Меморандум о воде"
    assert russian[header.index("short_title")] == "Water MoU" and russian[header.index("signed_at")] == "Bishkek"
