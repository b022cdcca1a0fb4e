"""The read-only API: same filters and ids as the pages, capped pages, ETags, CORS, schema and docs."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import response_schema_conformance

from registry.wsgi import application
from tests import factories


def ids(response) -> list[str]:
    return [record["key"] for record in response.json()["results"]]


def test_it_lists_published_documents_with_the_licence(client, db):
    published = factories.DocumentFactory()
    factories.DocumentFactory(publication_state="draft", parties=[factories.StateFactory()])
    response = client.get("/api/v1/documents/")
    assert response.status_code == 200
    assert ids(response) == [published.key]
    assert response.json()["licence"]["name"] == "CC BY 4.0"
    assert 'rel="license"' in response["Link"]


def test_it_returns_the_same_ids_as_the_documents_page(client, db):
    kz, kg = factories.StateFactory(key="KZ", slug="kazakhstan"), factories.StateFactory(key="KG", slug="kyrgyzstan")
    trade = factories.TopicFactory(key="trade")
    for n in range(6):
        factories.DocumentFactory(parties=[kz, kg] if n % 2 else [kz], topics=[trade] if n % 3 else [])
    query = "party=kazakhstan&party=kyrgyzstan&topic=trade&sort=signed_on"
    page = client.get(f"/documents/?{query}")
    api = client.get(f"/api/v1/documents/?{query}")
    assert page.status_code == api.status_code == 200
    assert ids(api) == [document.key for document in page.context["documents"]]
    assert len(ids(api)) == 2


def test_it_refuses_a_bad_filter_value_with_400_naming_it(client, db):
    response = client.get("/api/v1/documents/?signed_from=2025-13")
    assert response.status_code == 400
    assert "2025-13" in response.content.decode()


def test_pages_are_capped_at_100_in_a_stable_order(client, db):
    state = factories.StateFactory()
    for _ in range(3):
        factories.PartyFactory(parent=state)
    response = client.get("/api/v1/parties/?per_page=1000")
    assert response.status_code == 200
    keys = ids(response)
    assert keys == sorted(keys)
    assert client.get("/api/v1/documents/?per_page=101").status_code == 400


@pytest.mark.parametrize("count", [5, 50])
def test_the_document_list_costs_the_same_queries_for_5_or_50(client, db, django_assert_num_queries, count):
    kz = factories.StateFactory()
    topic = factories.TopicFactory()
    for _ in range(count):
        factories.DocumentFactory(parties=[kz], topics=[topic])
    # The site's last change, the count, the page and its parties and topics; the count is then cached.
    with django_assert_num_queries(5):
        response = client.get("/api/v1/documents/?per_page=100")
    assert len(ids(response)) == count
    with django_assert_num_queries(4):
        assert client.get("/api/v1/documents/?per_page=100").json()["count"] == count


def test_the_cached_count_follows_the_data_and_the_filters(client, db):
    kz, kg = factories.StateFactory(), factories.StateFactory()
    factories.DocumentFactory(parties=[kz], kind="treaty")
    assert client.get("/api/v1/documents/").json()["count"] == 1
    assert client.get(f"/api/v1/documents/?party={kg.slug}").json()["count"] == 0
    factories.DocumentFactory(parties=[kz, kg], kind="treaty")
    assert client.get("/api/v1/documents/").json()["count"] == 2
    assert client.get(f"/api/v1/documents/?party={kg.slug}").json()["count"] == 1
    assert client.get("/api/v1/documents/?kind=agreement").json()["count"] == 0


@pytest.mark.parametrize("count", [5, 50])
def test_the_summit_list_costs_the_same_queries_for_5_or_50(client, db, django_assert_num_queries, count):
    for _ in range(count):
        factories.SummitFactory(host=factories.StateFactory())
    with django_assert_num_queries(4):  # with the site's last change, for the cached count
        response = client.get("/api/v1/summits/?per_page=100")
    assert len(ids(response)) == count


def test_it_answers_an_unchanged_resource_with_304(client, db):
    factories.DocumentFactory()
    first = client.get("/api/v1/documents/")
    assert first["ETag"]
    again = client.get("/api/v1/documents/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_it_is_open_to_other_origins_for_get(client, db):
    response = client.get("/api/v1/topics/", HTTP_ORIGIN="https://research.example")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_every_endpoint_answers(client, db):
    summit = factories.SummitFactory(series=factories.MeetingSeriesFactory(), ordinal=1)
    document = factories.DocumentFactory(summit=summit)
    factories.TargetFactory(set_in_document=document)
    for name in ("documents", "summits", "series", "parties", "people", "topics", "targets"):
        assert client.get(f"/api/v1/{name}/").status_code == 200, name
    assert client.get(f"/api/v1/documents/{document.slug}/").json()["key"] == document.key
    assert client.get(f"/api/v1/summits/{summit.slug}/").json()["series"] == summit.series.key


def test_the_schema_and_the_docs_are_served_without_a_cdn(client, db):
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
    docs = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower()
    assert "redoc" in client.get("/api/v1/redoc/").content.decode().lower()


@pytest.fixture
def api_data(db):
    # Called straight through WSGI, each request would close the test's connection (and its transaction)
    # at its end, as Django does between real requests; the test client avoids this the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield _api_data()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _api_data():
    state = factories.StateFactory(key="KZ", slug="kazakhstan")
    summit = factories.SummitFactory(host=state, series=factories.MeetingSeriesFactory(key="council"), ordinal=2)
    factories.DocumentFactory(parties=[state], summit=summit, topics=[factories.TopicFactory(key="trade")])
    factories.PersonFactory(party=state)
    factories.TargetFactory()


# The schema is generated in-process (no database needed for that); the calls run against the test data.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_schema(case, api_data):
    """Generated requests get no server error and no response outside the schema."""
    response = case.call()
    assert response.status_code < 500, case.as_curl_command()
    if response.status_code == 200:
        case.validate_response(response, checks=[response_schema_conformance])


def test_a_target_never_names_a_draft_document(client, db):
    draft = factories.DocumentFactory(publication_state="draft", parties=[factories.StateFactory()])
    factories.TargetFactory(set_in_document=draft)
    assert client.get("/api/v1/targets/").json()["results"][0]["set_in_document"] is None
