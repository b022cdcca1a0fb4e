"""manage.py generate_synthetic: a deterministic, realistic registry that keeps every rule of the data."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from registry import search, synthetic
from registry.models import Document, DocumentParty, Person, SearchWord, Signature, Summit

pytestmark = pytest.mark.django_db

SIZE = 400


def fingerprint() -> str:
    rows = Document.objects.order_by("pk").values_list("pk", "slug", "title_en", "title_ru", "signed_on", "status")
    parties = DocumentParty.objects.order_by("pk").values_list("document_id", "party_id")
    signatures = Signature.objects.order_by("pk").values_list("document_id", "person_id", "party_id")
    return hashlib.sha256(repr((list(rows), list(parties), list(signatures))).encode()).hexdigest()


def test_it_generates_the_shape_of_the_registry():
    counts = synthetic.generate(SIZE, seed=3)
    assert counts.documents == Document.objects.count() == SIZE
    assert Summit.objects.count() == synthetic.sizes(SIZE)["summits"]
    assert Person.objects.count() == synthetic.sizes(SIZE)["people"]
    per_document = Document.objects.annotate(parties_n=Count("document_parties", distinct=True))
    assert {d.parties_n for d in per_document} == {2, 3}
    signatures = Document.objects.annotate(n=Count("signatures")).values_list("n", flat=True)
    assert set(signatures) <= {1, 2, 3} and min(signatures) == 1
    # Skewed, several languages and scripts, partial dates, summits in series.
    kinds = Document.objects.values("kind").annotate(n=Count("pk")).order_by("-n")
    assert kinds[0]["kind"] in ("memorandum", "agreement") and kinds[0]["n"] > SIZE / 5
    assert Document.objects.filter(title_ru__regex="[а-я]").count() == SIZE
    assert Document.objects.filter(title_tr__contains="ı").exists()
    assert {"day", "month", "year"} <= set(Document.objects.values_list("signed_on_precision", flat=True))
    assert Summit.objects.filter(series__isnull=False, ordinal__gt=1).exists()


def test_the_rows_keep_every_rule_of_the_data():
    synthetic.generate(SIZE, seed=4)
    assert synthetic.check_rules() == []
    published = Document.objects.filter(publication_state="published")
    assert not published.filter(document_parties__isnull=True).exists()


def test_the_same_seed_gives_the_same_registry_and_another_seed_another():
    synthetic.generate(SIZE, seed=5)
    first = fingerprint()
    synthetic.clear_registry()
    synthetic.generate(SIZE, seed=5)
    assert fingerprint() == first
    synthetic.clear_registry()
    synthetic.generate(SIZE, seed=6)
    assert fingerprint() != first


def test_the_search_text_is_exactly_what_the_search_would_compute():
    synthetic.generate(SIZE, seed=7)
    documents = Document.objects.select_related("summit__series").prefetch_related(
        "document_parties__party", "signatures__person"
    )
    words = set()
    for document in documents:
        expected = search.document_search_text(document)
        assert document.search_text == expected
        words.update(expected.split())
    assert set(SearchWord.objects.values_list("word", flat=True)) == words


def test_the_generated_documents_are_found_by_the_search(client):
    synthetic.generate(SIZE, seed=8)
    for query in ("memorandum", "сотрудничестве", "işbirliğine", "Kazakhstan"):
        response = client.get("/documents/", {"q": query})
        assert response.status_code == 200 and response.context["total"] > 0, query


def test_it_refuses_a_registry_that_holds_records():
    synthetic.generate(50, seed=1)
    with pytest.raises(synthetic.GenerationError, match="already holds records"):
        synthetic.generate(50, seed=1)


def test_the_command_replaces_the_registry_and_prints_the_rate():
    synthetic.generate(50, seed=1)
    out = StringIO()
    call_command("generate_synthetic", "--documents", "60", "--seed", "2", "--replace", stdout=out)
    assert Document.objects.count() == 60
    assert "60 documents" in out.getvalue() and "documents/s" in out.getvalue()


def test_the_command_refuses_a_size_below_one():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("generate_synthetic", "--documents", "0", stdout=StringIO())
