"""The statistics behind the charts (SQL aggregations) and the charts' geometry and words."""

import datetime

import pytest

from registry import charts, stats
from registry.models import Document
from tests.factories import DocumentFactory, StateFactory, SummitFactory, TopicFactory


@pytest.mark.django_db
def test_documents_per_year_and_kind_counts_published_documents_in_one_query(django_assert_num_queries):
    DocumentFactory(signed_on=datetime.date(2019, 1, 1), kind="treaty")
    DocumentFactory(signed_on=datetime.date(2019, 6, 1), kind="treaty")
    DocumentFactory(signed_on=datetime.date(2021, 1, 1), kind="memorandum")
    DocumentFactory(signed_on=datetime.date(2021, 1, 1), publication_state="draft")
    DocumentFactory(signed_on=None)
    with django_assert_num_queries(1):
        rows = stats.documents_per_year_and_kind()
    assert rows == [
        {"year": 2019, "kind": "treaty", "n": 2},
        {"year": 2021, "kind": "memorandum", "n": 1},
    ]


@pytest.mark.django_db
def test_the_partner_matrix_counts_shared_documents_in_two_queries(django_assert_num_queries):
    a, b, c = StateFactory(name_en="A"), StateFactory(name_en="B"), StateFactory(name_en="C")
    DocumentFactory(parties=[a, b])
    DocumentFactory(parties=[a, b, c])
    DocumentFactory(parties=[a, c], publication_state="draft")
    with django_assert_num_queries(2):
        parties, cells = stats.partner_matrix()
    assert parties == [a, b, c]
    assert cells == {(a.pk, b.pk): 2, (b.pk, a.pk): 2, (a.pk, c.pk): 1, (c.pk, a.pk): 1} | {
        (b.pk, c.pk): 1,
        (c.pk, b.pk): 1,
    }


@pytest.mark.django_db
def test_documents_per_topic_is_ordered_most_first():
    water, trade = TopicFactory(key="water"), TopicFactory(key="trade")
    DocumentFactory(topics=[water, trade])
    DocumentFactory(topics=[water])
    assert [(topic.key, topic.document_count) for topic in stats.documents_per_topic()] == [("water", 2), ("trade", 1)]


@pytest.mark.django_db
def test_summits_per_year_counts_published_summits():
    SummitFactory(start_date=datetime.date(2020, 1, 1))
    SummitFactory(start_date=datetime.date(2020, 2, 1), publication_state="draft")
    assert stats.summits_per_year_and_kind() == [{"year": 2020, "kind": "summit", "n": 1}]


def test_stacked_bars_keep_empty_years_on_the_axis_and_tabulate_the_numbers():
    rows = [{"year": 2019, "kind": "treaty", "n": 2}, {"year": 2021, "kind": "memorandum", "n": 3}]
    chart = charts.stacked_bars(rows, Document.Kind, title="Documents per year")
    assert [label.text for label in chart.labels if label.text.isdigit() and len(label.text) == 4] == [
        "2019",
        "2020",
        "2021",
    ]
    assert chart.table_head == ["Year", "treaty", "memorandum of understanding", "Total"]
    assert chart.table_rows == [[2019, 2, 0, 2], [2021, 0, 3, 3]]
    assert chart.description == "5 records from 2019 to 2021. Most in 2021 (3)."
    tallest = max(chart.shapes, key=lambda shape: shape.height)
    assert tallest.label == "2021, memorandum of understanding: 3"


def test_an_empty_chart_says_so():
    chart = charts.stacked_bars([], Document.Kind, title="Documents per year")
    assert chart.is_empty and chart.description == "No records yet."


@pytest.mark.parametrize(
    ("value", "text"),
    [(3_000_000_000, "3 billion"), (2_500_000, "2.5 million"), (1234, "1234"), (12.5, "12.5"), (0, "0")],
)
def test_compact_number(value, text):
    assert charts.compact_number(value) == text


@pytest.mark.parametrize(("value", "ceiling"), [(0, 1), (3, 5), (7, 10), (12, 20), (240, 250), (1000, 1000)])
def test_nice_ceiling(value, ceiling):
    assert charts.nice_ceiling(value) == ceiling
