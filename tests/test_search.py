"""Full-text search: the same behaviour on PostgreSQL (tsvector, pg_trgm) and SQLite (FTS5)."""

import pytest
from django.core.management import call_command
from django.http import QueryDict

from registry import models, search
from registry.filters import DocumentFilterSet
from tests.factories import DocumentFactory, PartyFactory, PersonFactory, SignatureFactory, SummitFactory

pytestmark = pytest.mark.django_db


def found(text: str) -> list[str]:
    filterset = DocumentFilterSet(QueryDict(mutable=True) | {"q": text}, queryset=models.Document.objects.published())
    assert filterset.is_valid(), filterset.errors
    return [document.slug for document in filterset.qs]


@pytest.fixture
def seed():
    call_command("loaddata", "seed", verbosity=0)


@pytest.mark.parametrize(
    ("language", "word", "slug"),
    [
        ("English", "wholesale", "kg-kz-almaty-wholesale-centre-mou"),
        ("Turkish", "Bildirisi", "kg-kz-joint-statement-2025"),
        ("Russian", "товарооборота", "kg-kz-trade-roadmap"),
        ("Kazakh", "мәлімдемесі", "kg-kz-joint-statement-2025"),
        ("Kyrgyz", "бөлүштүрүү", "kg-kz-almaty-wholesale-centre-mou"),
    ],
)
def test_a_word_in_each_language_finds_its_seed_document(seed, language, word, slug):
    assert found(word) == [slug]


def test_diacritics_fold_so_almati_finds_almaty(seed):
    assert found("almati") == ["kg-kz-almaty-wholesale-centre-mou"]
    assert found("ALMATI") == ["kg-kz-almaty-wholesale-centre-mou"]


def test_cyrillic_case_folds(seed):
    assert found("алматы") == found("АЛМАТЫ") == ["kg-kz-almaty-wholesale-centre-mou"]


def test_another_spelling_of_a_signatory_finds_their_documents(seed):
    assert sorted(found("Caparov")) == ["kg-kz-joint-statement-2025", "kg-kz-sic-7-decision"]
    assert sorted(found("Жапаров")) == ["kg-kz-joint-statement-2025", "kg-kz-sic-7-decision"]


def test_a_one_letter_typo_still_finds_the_word(seed):
    assert found("wholesle") == ["kg-kz-almaty-wholesale-centre-mou"]
    assert sorted(found("Caparv")) == ["kg-kz-joint-statement-2025", "kg-kz-sic-7-decision"]


def test_a_transliteration_finds_the_person_by_similar_spelling(seed):
    assert "kg-kz-joint-statement-2025" in found("Tokaev")


def test_summit_names_are_searched(seed):
    assert len(found('"supreme interstate council"')) == 12


def test_a_quoted_phrase_must_appear_in_that_order():
    DocumentFactory(slug="in-order", title_en="Mutual trade roadmap")
    DocumentFactory(slug="reversed", title_en="Trade for mutual benefit")
    assert found('"mutual trade"') == ["in-order"]
    assert sorted(found("mutual trade")) == ["in-order", "reversed"]


def test_or_finds_either_word():
    DocumentFactory(slug="water", title_en="Water agreement")
    DocumentFactory(slug="energy", title_en="Energy agreement")
    DocumentFactory(slug="culture", title_en="Culture agreement")
    assert sorted(found("water OR energy")) == ["energy", "water"]


def test_a_minus_leaves_a_word_out():
    DocumentFactory(slug="water", title_en="Water agreement")
    DocumentFactory(slug="water-energy", title_en="Water and energy agreement")
    assert found("water -energy") == ["water"]
    assert found('-"water and energy"') == ["water"]


def test_every_word_must_match():
    DocumentFactory(slug="water", title_en="Water agreement")
    DocumentFactory(slug="water-energy", title_en="Water and energy agreement")
    assert found("energy water") == ["water-energy"]


def test_more_occurrences_rank_higher():
    DocumentFactory(slug="once", title_en="Agreement on many things", summary_en="Includes irrigation.")
    DocumentFactory(slug="often", title_en="Irrigation agreement", summary_en="Irrigation and irrigation canals.")
    assert found("irrigation") == ["often", "once"]


def test_unpublished_documents_are_never_found():
    DocumentFactory(slug="draft", title_en="Secret irrigation plan", publication_state="draft")
    assert found("irrigation") == []


@pytest.mark.parametrize(
    "text", ["!!!", "'", '"', "a:b", "NEAR(a b)", "x*", "'; DROP TABLE registry_document; --", "(("]
)
def test_query_syntax_of_the_engines_is_only_text(text):
    DocumentFactory(slug="plain", title_en="Plain agreement")
    assert isinstance(found(text), list)


def test_a_query_with_no_words_lists_everything():
    DocumentFactory(slug="plain", title_en="Plain agreement")
    assert found("!!!") == ["plain"]


def test_parties_names_and_short_names_are_searched():
    party = PartyFactory(name_en="Ministry of Water Resources", short_name_en="MinWater")
    DocumentFactory(slug="with-ministry", title_en="Protocol", parties=[party])
    assert found("minwater") == ["with-ministry"]


def test_editing_a_persons_alias_makes_their_documents_findable_by_it():
    signature = SignatureFactory(document=DocumentFactory(slug="signed", title_en="Protocol"))
    assert found("Zhaparov") == []
    person = signature.person
    person.aliases = "Zhaparov\nЖапаров"
    person.save()
    assert found("Zhaparov") == found("жапаров") == ["signed"]


def test_renaming_a_party_or_a_summit_refreshes_their_documents():
    party = PartyFactory(name_en="Old name")
    summit = SummitFactory(name_en="Spring meeting")
    DocumentFactory(slug="doc", title_en="Protocol", parties=[party], summit=summit)
    party.name_en = "Borderland"
    party.save()
    summit.name_ru = "Весенняя встреча"
    summit.save()
    assert found("borderland") == found("весенняя") == ["doc"]


def test_removing_a_signature_removes_the_signatory_from_the_search_text():
    signature = SignatureFactory(person=PersonFactory(name_en="Ada Lovelace"))
    assert found("lovelace") == [signature.document.slug]
    signature.delete()
    assert found("lovelace") == []


def test_deferred_refresh_updates_the_documents_once_at_the_end():
    with search.deferred_refresh():
        document = DocumentFactory(slug="later", title_en="Batch agreement")
        assert found("batch") == []
    assert found("batch") == [document.slug]


def test_the_search_index_can_be_rebuilt_from_scratch(capsys):
    document = DocumentFactory(slug="rebuilt", title_en="Rebuilt agreement")
    models.Document.objects.update(search_text="")
    call_command("rebuild_search_index")
    assert "Rebuilt the search text of 1 documents." in capsys.readouterr().out
    document.refresh_from_db()
    assert document.search_text.startswith("rebuilt agreement")
    assert found("rebuilt") == [document.slug]


def test_folding_is_the_same_for_text_and_queries():
    assert search.fold("Almatı, ALMATY; Алматы — Қазақстан İstanbul") == "almati almaty алматы казакстан istanbul"


def test_misspelt_words_widen_only_when_no_document_contains_them():
    DocumentFactory(title_en="Water agreement")
    assert search.SearchQuery.parse("water").groups == [[("water",)]]
    assert search.SearchQuery.parse("watre").groups[0][0] == ("watre",)
