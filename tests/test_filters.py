"""DocumentFilterSet: one test per parameter of design.md §3, with exact counts on a small set."""

import datetime

import pytest
from django.http import QueryDict

from registry import models
from registry.filters import DocumentFilterSet, facet_counts
from tests.factories import (
    DocumentFactory,
    MeetingSeriesFactory,
    PersonFactory,
    SignatureFactory,
    StateFactory,
    SummitFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    """Five published documents and a draft: the draft must never count."""
    kg = StateFactory(key="KG", name_en="Kyrgyz Republic")
    kz = StateFactory(key="KZ", name_en="Republic of Kazakhstan")
    uz = StateFactory(key="UZ", name_en="Republic of Uzbekistan")
    trade, water = TopicFactory(key="trade"), TopicFactory(key="water")
    council = MeetingSeriesFactory(key="council")
    sixth = SummitFactory(key="sixth", series=council, ordinal=6)
    forum = SummitFactory(key="forum")
    russian, kazakh = models.Language.objects.get(code="ru"), models.Language.objects.get(code="kk")
    japarov = PersonFactory(key="japarov", name_en="Sadyr Japarov", aliases="Caparov")
    tokayev = PersonFactory(key="tokayev", name_en="Kassym-Jomart Tokayev")
    docs = {
        "treaty": DocumentFactory(
            key="treaty",
            title_en="Treaty on allied relations",
            kind="treaty",
            status="in_force",
            parties=[kg, kz],
            topics=[trade],
            summit=sixth,
            signed_on=datetime.date(2019, 3, 8),
        ),
        "agreement": DocumentFactory(
            key="agreement",
            title_en="Agreement on water and trade",
            kind="agreement",
            parties=[kg, kz],
            topics=[trade, water],
            summit=sixth,
            signed_on=datetime.date(2019, 11, 1),
        ),
        "memorandum": DocumentFactory(
            key="memorandum",
            title_en="Memorandum on irrigation",
            kind="memorandum",
            legal_nature="non_binding",
            parties=[kg, uz],
            topics=[water],
            summit=forum,
            signed_on=datetime.date(2021, 6, 15),
        ),
        "statement": DocumentFactory(
            key="statement",
            title_en="Joint statement",
            kind="joint_statement",
            legal_nature="non_binding",
            status="in_force",
            parties=[kz, uz],
            signed_on=datetime.date(2023, 1, 1),
            signed_on_precision="year",
        ),
        "undated": DocumentFactory(
            key="undated",
            title_en="Agreement of unknown date",
            kind="agreement",
            legal_nature="unknown",
            status="terminated",
            parties=[kz],
            signed_on=None,
        ),
    }
    DocumentFactory(key="draft", kind="agreement", parties=[kg, kz], publication_state="draft", topics=[trade])
    docs["treaty"].languages.set([russian])
    docs["agreement"].languages.set([russian, kazakh])
    SignatureFactory(document=docs["treaty"], person=japarov, party=kg)
    SignatureFactory(document=docs["treaty"], person=tokayev, party=kz)
    SignatureFactory(document=docs["agreement"], person=japarov, party=kg)
    return docs


def found(query: str) -> list[str]:
    filterset = DocumentFilterSet(QueryDict(query), queryset=models.Document.objects.published())
    assert filterset.is_valid(), filterset.errors
    return [document.key for document in filterset.qs]


def test_without_parameters_it_lists_every_published_document_newest_first(registry):
    assert found("") == ["statement", "memorandum", "agreement", "treaty", "undated"]


def test_it_searches_the_text_with_q(registry):
    assert found("q=water") == ["agreement"]
    assert sorted(found("q=Caparov")) == ["agreement", "treaty"]


def test_party_keeps_the_documents_of_that_party(registry):
    assert sorted(found("party=kg")) == ["agreement", "memorandum", "treaty"]


def test_several_parties_keep_the_documents_of_all_of_them(registry):
    assert sorted(found("party=kg&party=kz")) == ["agreement", "treaty"]


def test_kind_keeps_documents_of_any_kind_given(registry):
    assert sorted(found("kind=agreement")) == ["agreement", "undated"]
    assert sorted(found("kind=agreement&kind=treaty")) == ["agreement", "treaty", "undated"]


def test_topic_keeps_documents_on_any_topic_given_once_each(registry):
    assert sorted(found("topic=trade")) == ["agreement", "treaty"]
    assert sorted(found("topic=trade&topic=water")) == ["agreement", "memorandum", "treaty"]


def test_status_keeps_documents_in_that_status(registry):
    assert sorted(found("status=in_force")) == ["statement", "treaty"]


def test_summit_keeps_documents_signed_at_that_summit(registry):
    assert sorted(found("summit=sixth")) == ["agreement", "treaty"]
    assert found("summit=forum") == ["memorandum"]


def test_series_keeps_documents_of_the_series_meetings(registry):
    assert sorted(found("series=council")) == ["agreement", "treaty"]


def test_signatory_keeps_documents_the_person_signed(registry):
    assert sorted(found("signatory=japarov")) == ["agreement", "treaty"]
    assert found("signatory=japarov&signatory=tokayev") == ["treaty"]


def test_signed_from_starts_at_the_beginning_of_its_period(registry):
    assert sorted(found("signed_from=2019-11")) == ["agreement", "memorandum", "statement"]
    assert sorted(found("signed_from=2021-06-15")) == ["memorandum", "statement"]


def test_signed_to_ends_at_the_end_of_its_period(registry):
    assert sorted(found("signed_to=2019")) == ["agreement", "treaty"]
    assert found("signed_to=2019-03") == ["treaty"]
    assert found("signed_to=2019-03-07") == []


def test_legal_nature_keeps_documents_of_that_nature(registry):
    assert sorted(found("legal_nature=non_binding")) == ["memorandum", "statement"]


def test_language_keeps_documents_with_an_authentic_text_in_it(registry):
    assert sorted(found("language=ru")) == ["agreement", "treaty"]
    assert found("language=kk") == ["agreement"]


def test_sort_orders_by_date_either_way_with_undated_last(registry):
    assert found("sort=signed_on") == ["treaty", "agreement", "memorandum", "statement", "undated"]
    assert found("sort=-signed_on") == ["statement", "memorandum", "agreement", "treaty", "undated"]


def test_sort_by_title(registry):
    assert found("sort=title") == ["undated", "agreement", "statement", "memorandum", "treaty"]


def test_sort_by_relevance_is_the_default_with_q(registry):
    DocumentFactory(key="water-water", title_en="Water, water and water", summary_en="On water.")
    assert found("q=water")[0] == "water-water"
    assert found("q=water&sort=signed_on") == ["agreement", "water-water"]


def test_sort_by_relevance_without_q_falls_back_to_newest_first(registry):
    assert found("sort=relevance") == found("")


def test_page_and_per_page_are_validated_but_leave_the_queryset_to_the_paginator(registry):
    filterset = DocumentFilterSet(QueryDict("page=2&per_page=2"), queryset=models.Document.objects.published())
    assert filterset.is_valid()
    assert filterset.qs.count() == 5 and filterset.page_size == 2


def test_unknown_parameters_are_ignored(registry):
    assert found("colour=blue&party=kg") == found("party=kg")


@pytest.mark.parametrize(
    ("query", "field", "value"),
    [
        ("party=atlantis", "party", "atlantis"),
        ("kind=poem", "kind", "poem"),
        ("topic=astrology", "topic", "astrology"),
        ("status=asleep", "status", "asleep"),
        ("summit=nowhere", "summit", "nowhere"),
        ("series=never", "series", "never"),
        ("signatory=nobody", "signatory", "nobody"),
        ("signed_from=2019-13", "signed_from", "2019-13"),
        ("signed_to=yesterday", "signed_to", "yesterday"),
        ("legal_nature=moral", "legal_nature", "moral"),
        ("language=xx", "language", "xx"),
        ("sort=random", "sort", "random"),
        ("page=first", "page", "first"),
        ("page=0", "page", "0"),
        ("per_page=500", "per_page", "500"),
        ("per_page=many", "per_page", "many"),
    ],
)
def test_it_refuses_a_bad_value_naming_it(registry, query, field, value):
    filterset = DocumentFilterSet(QueryDict(query), queryset=models.Document.objects.published())
    assert not filterset.is_valid()
    assert list(filterset.errors) == [field]
    assert f"“{value}”" in filterset.errors[field][0]


def test_an_unpublished_summit_is_not_a_filter_value(registry):
    SummitFactory(key="secret", publication_state="draft")
    filterset = DocumentFilterSet(QueryDict("summit=secret"), queryset=models.Document.objects.published())
    assert not filterset.is_valid()


def counts(query: str, name: str) -> dict[str, int]:
    filterset = DocumentFilterSet(QueryDict(query), queryset=models.Document.objects.published())
    assert filterset.is_valid()
    return {value.value: value.count for value in facet_counts(filterset)[name]}


def test_facet_counts_of_a_widening_filter_leave_that_filter_out(registry):
    assert counts("kind=treaty", "kind") == {"agreement": 2, "treaty": 1, "memorandum": 1, "joint_statement": 1}


def test_facet_counts_of_a_widening_filter_follow_the_other_filters(registry):
    assert counts("party=uz", "kind") == {"memorandum": 1, "joint_statement": 1}
    assert counts("party=uz", "topic") == {"water": 1}


def test_facet_counts_of_a_narrowing_filter_count_within_the_results(registry):
    assert counts("party=kg", "party") == {"kg": 3, "kz": 2, "uz": 1}
    assert counts("", "signatory") == {"japarov": 2, "tokayev": 1}


def test_facet_counts_of_records_and_languages(registry):
    assert counts("", "summit") == {"sixth": 2, "forum": 1}
    assert counts("", "series") == {"council": 2}
    assert counts("", "language") == {"ru": 2, "kk": 1}
    assert counts("", "legal_nature") == {"binding": 2, "non_binding": 2, "unknown": 1}
    assert counts("", "status") == {"in_force": 2, "signed": 2, "terminated": 1}


def test_a_selected_value_without_results_still_shows_with_zero(registry):
    assert counts("party=uz&party=kg&party=kz", "party") == {"kg": 0, "kz": 0, "uz": 0}
