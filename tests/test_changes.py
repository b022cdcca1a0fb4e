"""The public change log: what changed and when, published records only, never who."""

import pytest
from django.contrib.auth import get_user_model

from registry import models
from tests import factories


def publish(record, state="published"):
    record.publication_state = state
    record.save()


def test_it_lists_created_changed_and_withdrawn_records(client, db):
    document = factories.DocumentFactory(title_en="Water agreement")
    document.title_en = "Water-sharing agreement"
    document.save()
    publish(document, "withdrawn")
    factories.PartyFactory(name_en="Ministry of Water")
    response = client.get("/changes/")
    assert response.status_code == 200
    lines = [(c.record_type, c.action, c.name) for c in response.context["changes"] if "State" not in c.name]
    assert lines == [
        ("party", "created", "Ministry of Water"),
        ("document", "withdrawn", "Water-sharing agreement"),
        ("document", "changed", "Water-sharing agreement"),
        ("document", "created", "Water agreement"),
    ]


def test_a_draft_never_shows_until_it_is_published(client, db):
    draft = factories.DocumentFactory(title_en="Secret draft", publication_state="draft")
    draft.title_en = "Secret draft, revised"
    draft.save()
    assert "Secret draft" not in client.get("/changes/").content.decode()
    publish(draft)
    changes = client.get("/changes/").context["changes"]
    documents = [(c.action, c.name) for c in changes if c.record_type == "document"]
    assert documents == [("published", "Secret draft, revised")]


def test_it_never_names_the_editor(client, db):
    editor = get_user_model().objects.create_user("editor-ayasha", password="x" * 14)
    document = factories.DocumentFactory()
    models.Document.history.update(history_user=editor)
    assert document.history.exists()
    for url in ("/changes/", "/changes/feed/"):
        assert "ayasha" not in client.get(url).content.decode()


def test_the_feed_is_atom(client, db):
    factories.SummitFactory(name_en="Council in Bishkek")
    response = client.get("/changes/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Summit created: Council in Bishkek" in response.content.decode()


def test_older_changes_page_by_page(client, db):
    for _ in range(55):
        factories.TopicFactory()
    first = client.get("/changes/")
    assert len(first.context["changes"]) == 50
    older = client.get("/changes/", {"before": first.context["older"]})
    assert len(older.context["changes"]) == 5


def test_a_bad_cursor_is_a_400_naming_it(client, db):
    response = client.get("/changes/?before=yesterday")
    assert response.status_code == 400


@pytest.mark.parametrize("count", [3, 30])
def test_the_page_costs_the_same_queries_whatever_the_size(client, db, django_assert_num_queries, count):
    for _ in range(count):
        factories.DocumentFactory()
    with django_assert_num_queries(8):
        client.get("/changes/")
