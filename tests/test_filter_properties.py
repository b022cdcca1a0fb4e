"""Property tests: DocumentFilterSet returns exactly what a plain Python filter over the same records does.

Hypothesis draws any combination of valid values for every parameter but `q` (full-text search has its
own tests in test_search.py); the oracle below reads design.md §3 literally: several parties or
signatories mean all of them, several values of any other filter mean any of them, partial dates stand for
their whole period, and each sort puts undated documents last with the newest record first among equals.
"""

import datetime

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry import models
from registry.dates import parse_partial_date, partial_date_end
from registry.filters import DocumentFilterSet
from tests import factories

PARTIES = ["kz", "kg", "uz", "kz-mfa"]  # slugs
TOPICS = ["trade", "water", "energy"]
SUMMITS = ["summit-a", "summit-b"]
SERIES = ["council"]
PEOPLE = ["person-a", "person-b", "person-c"]
LANGUAGES = ["ru", "kk", "ky"]
KINDS = [choice for choice, _ in models.Document.Kind.choices]
STATUSES = [choice for choice, _ in models.Document.Status.choices]
NATURES = [choice for choice, _ in models.Document.LegalNature.choices]
SORTS = ["-signed_on", "signed_on", "title", "relevance"]


def build_documents() -> None:
    """Fourteen documents (two unpublished) whose attributes overlap in every way the filters can tell apart."""
    parties = {slug: factories.StateFactory(key=slug.upper()) for slug in PARTIES[:3]}
    parties["kz-mfa"] = factories.PartyFactory(key="kz-mfa", parent=parties["kz"])
    topics = {key: factories.TopicFactory(key=key) for key in TOPICS}
    series = factories.MeetingSeriesFactory(key="council")
    summits = {
        "summit-a": factories.SummitFactory(key="summit-a", series=series, ordinal=1),
        "summit-b": factories.SummitFactory(key="summit-b"),
        "summit-draft": factories.SummitFactory(key="summit-draft", publication_state="draft"),
    }
    people = {key: factories.PersonFactory(key=key) for key in PEOPLE}
    languages = {language.code: language for language in models.Language.objects.filter(code__in=LANGUAGES)}
    dates = [
        (datetime.date(2019, 1, 1), "year"),
        (datetime.date(2019, 3, 1), "month"),
        (datetime.date(2019, 3, 15), "day"),
        (datetime.date(2020, 12, 31), "day"),
        (None, "day"),
        (datetime.date(2025, 8, 22), "day"),
        (datetime.date(2025, 8, 22), "day"),
    ]
    for n in range(14):
        date, precision = dates[n % len(dates)]
        chosen_parties = [parties[key] for key in PARTIES if (n >> PARTIES.index(key)) % 2] or [parties["kg"]]
        document = factories.DocumentFactory(
            key=f"doc-{n}",
            # Same case and script throughout, so Python's order and every database collation agree.
            title_en=f"Title {chr(ord('a') + (n * 5) % 14)}",
            kind=KINDS[n % 4],
            status=STATUSES[n % 3],
            legal_nature=NATURES[n % 3],
            signed_on=date,
            signed_on_precision=precision,
            summit=[summits["summit-a"], summits["summit-b"], None, summits["summit-draft"]][n % 4],
            parties=chosen_parties,
            topics=[topics[TOPICS[n % 3]], topics[TOPICS[(n + 1) % 3]]][: 1 + n % 2],
            publication_state="draft" if n in (3, 10) else "published",
        )
        document.languages.set([languages[code] for code in LANGUAGES[: n % 4] if code in languages])
        for index, key in enumerate(PEOPLE):
            if (n + index) % 3 == 0:
                factories.SignatureFactory(document=document, person=people[key], party=chosen_parties[0])


def some(values: list[str]) -> st.SearchStrategy:
    return st.lists(st.sampled_from(values), max_size=3, unique=True)


partial_dates = st.one_of(
    st.none(),
    st.integers(2018, 2026).map(str),
    st.tuples(st.integers(2018, 2026), st.integers(1, 12)).map(lambda ym: f"{ym[0]}-{ym[1]:02}"),
    st.dates(datetime.date(2018, 1, 1), datetime.date(2026, 12, 31)).map(datetime.date.isoformat),
)

queries = st.fixed_dictionaries(
    {
        "party": some(PARTIES),
        "kind": some(KINDS),
        "topic": some(TOPICS),
        "status": some(STATUSES),
        "summit": some(SUMMITS),
        "series": some(SERIES),
        "signatory": some(PEOPLE),
        "legal_nature": some(NATURES),
        "language": some(LANGUAGES),
        "signed_from": partial_dates,
        "signed_to": partial_dates,
        "sort": st.none() | st.sampled_from(SORTS),
    }
)


def as_query_dict(query: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in query.items():
        if isinstance(value, list):
            data.setlist(name, value)
        elif value is not None:
            data[name] = value
    return data


def expected(documents: list[models.Document], query: dict) -> list[int]:
    """The plain Python reading of the query over every published document."""
    chosen = []
    for document in documents:
        parties = {party.slug for party in document.parties.all()}
        summit = document.summit
        checks = [
            set(query["party"]) <= parties,
            set(query["signatory"]) <= {signature.person.slug for signature in document.signatures.all()},
            not query["kind"] or document.kind in query["kind"],
            not query["status"] or document.status in query["status"],
            not query["legal_nature"] or document.legal_nature in query["legal_nature"],
            not query["topic"] or bool({topic.key for topic in document.topics.all()} & set(query["topic"])),
            not query["language"] or bool({lang.code for lang in document.languages.all()} & set(query["language"])),
            not query["summit"] or (summit is not None and summit.slug in query["summit"]),
            not query["series"] or (summit is not None and summit.series and summit.series.slug in query["series"]),
        ]
        if query["signed_from"]:
            start, _ = parse_partial_date(query["signed_from"])
            checks.append(document.signed_on is not None and document.signed_on >= start)
        if query["signed_to"]:
            end = partial_date_end(*parse_partial_date(query["signed_to"]))
            checks.append(document.signed_on is not None and document.signed_on <= end)
        if all(checks):
            chosen.append(document)
    sort = query["sort"] if query["sort"] in ("signed_on", "title") else "-signed_on"
    if sort == "title":
        chosen.sort(key=lambda document: (document.title_en, document.pk))
    else:
        # Undated last either way; among equal dates the sort's direction applies to the pk too.
        newest = sort == "-signed_on"
        chosen.sort(key=lambda document: document.pk, reverse=newest)
        chosen.sort(key=lambda document: document.signed_on or datetime.date.min, reverse=newest)
        chosen.sort(key=lambda document: document.signed_on is None)
    return [document.pk for document in chosen]


@pytest.fixture
def documents(db) -> list[models.Document]:
    """The published documents with everything the oracle reads, loaded once for all examples."""
    build_documents()
    published = models.Document.objects.filter(publication_state="published")
    return list(published.prefetch_related("parties", "topics", "languages", "signatures__person", "summit__series"))


@pytest.mark.django_db
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=queries)
def test_the_document_filters_equal_a_plain_python_filter(documents, query):
    filterset = DocumentFilterSet(as_query_dict(query), queryset=models.Document.objects.published())
    assert filterset.is_valid(), filterset.errors
    assert list(filterset.qs.values_list("pk", flat=True)) == expected(documents, query)


def test_the_data_set_lets_every_filter_choose_something(documents):
    """The property would be weak if a filter could only ever give everything or nothing."""
    unfiltered = DocumentFilterSet(QueryDict(), queryset=models.Document.objects.published()).qs
    assert unfiltered.count() == len(documents) == 12
    for name, values in [("party", PARTIES), ("kind", KINDS[:4]), ("topic", TOPICS), ("signatory", PEOPLE)]:
        for value in values:
            count = DocumentFilterSet(QueryDict(f"{name}={value}"), queryset=models.Document.objects.all()).qs.count()
            assert 0 < count < 14, (name, value, count)
