"""Filtering of listed records: one FilterSet per model, shared by the pages, the API and the downloads.

The parameter names are the public interface of design.md §3; links to them outlive this code, so they do
not change. Every bad value becomes a form error that names it (the pages answer 400 with it).
"""

import datetime
import hashlib
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import CharField, Count, F, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from registry import search
from registry.dates import parse_partial_date, partial_date_end
from registry.models import (
    Document,
    DocumentParty,
    Language,
    MeetingSeries,
    Party,
    Person,
    Signature,
    Summit,
    Topic,
)

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


class WholeNumberField(forms.IntegerField):
    """An integer field whose errors name the value that was given."""

    default_error_messages = {
        "invalid": _("“%(value)s” is not a whole number."),
        "min_value": _("“%(value)s” is too small: the least is %(limit_value)s."),
        "max_value": _("“%(value)s” is too large: the most is %(limit_value)s."),
    }

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value}) from None


class PartialDateField(forms.CharField):
    """YYYY, YYYY-MM or YYYY-MM-DD, cleaned to (first day of the period, precision)."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_partial_date(value)
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a date: use YYYY, YYYY-MM or YYYY-MM-DD."),
                code="invalid",
                params={"value": value},
            ) from None


class PartialDateFilter(django_filters.Filter):
    """signed_from / signed_to: a partial date stands for its whole period (signed_to=2019 includes December)."""

    field_class = PartialDateField

    def filter(self, qs, value):
        if not value:
            return qs
        date, precision = value
        if self.lookup_expr == "lte":
            date = partial_date_end(date, precision)
        return qs.filter(**{f"{self.field_name}__{self.lookup_expr}": date})


class FormOnlyFilter(django_filters.Filter):
    """A parameter the form validates but the queryset ignores (page, per_page): the view paginates."""

    field_class = WholeNumberField

    def filter(self, qs, value):
        return qs


SORTS = {
    "-signed_on": (F("signed_on").desc(nulls_last=True), "-pk"),
    "signed_on": (F("signed_on").asc(nulls_last=True), "pk"),
    "title": ("sort_title", "pk"),
    "relevance": (F("search_rank").desc(), F("signed_on").desc(nulls_last=True), "-pk"),
}
SORT_CHOICES = [
    ("-signed_on", _("newest first")),
    ("signed_on", _("oldest first")),
    ("title", _("title")),
    ("relevance", _("relevance")),
]


def translated(path: str) -> Coalesce:
    """The active language's value of a translated field at `path`, falling back to English."""
    language = (get_language() or "en").split("-")[0]
    if language == "en":
        return F(f"{path}_en")
    return Coalesce(NullIf(F(f"{path}_{language}"), Value("")), F(f"{path}_en"), output_field=CharField())


def slug_choice(queryset: QuerySet, to_field_name: str = "slug") -> dict:
    """Keyword arguments for a filter on records named by slug, whose unknown slugs are named in the error."""
    return {
        "queryset": queryset,
        "to_field_name": to_field_name,
        "error_messages": {"invalid_choice": _("“%(value)s” does not exist.")},
    }


CHOICE_ERRORS = {"invalid_choice": _("“%(value)s” is not one of the values this filter knows.")}


class ColumnChoiceFilter(django_filters.MultipleChoiceFilter):
    """Any of several values of the record's own column.

    django-filter adds DISTINCT to every multiple-choice filter for the sake of to-many joins; on a column
    of the record itself no row can repeat, and DISTINCT over every selected column makes PostgreSQL sort
    all the matching rows instead of reading the first page from the newest-first index (the kind filter's
    page query took 1-2 s at a million documents with it, 3 ms without).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        kwargs.setdefault("error_messages", CHOICE_ERRORS)
        super().__init__(*args, **kwargs)


class YearsField(forms.Field):
    """One or more years (the parameter repeated), each a whole number between 1 and 9999."""

    widget = forms.SelectMultiple

    def to_python(self, value) -> list[int]:
        years = []
        for item in value or []:
            try:
                year = int(item)
            except (TypeError, ValueError):
                raise ValidationError(_("“%(value)s” is not a year."), code="invalid", params={"value": item}) from None
            if not 1 <= year <= 9999:
                raise ValidationError(_("“%(value)s” is not a year."), code="invalid", params={"value": item})
            years.append(year)
        return years


class YearsFilter(django_filters.Filter):
    """Records whose date falls in any of the years given (ranges, so an index on the date serves them)."""

    field_class = YearsField

    def filter(self, qs: QuerySet, value: list[int]) -> QuerySet:
        if not value:
            return qs
        condition = Q()
        for year in value:
            condition |= Q(**{f"{self.field_name}__range": (datetime.date(year, 1, 1), datetime.date(year, 12, 31))})
        return qs.filter(condition)


class SummitFilterSet(django_filters.FilterSet):
    """The filters of /summits/: year, host, series and kind, each repeatable (any of the values)."""

    year = YearsFilter(label=_("Year"), field_name="start_date")
    host = django_filters.ModelMultipleChoiceFilter(
        label=_("Host"), field_name="host__slug", **slug_choice(Party.objects.all()), distinct=False
    )
    series = django_filters.ModelMultipleChoiceFilter(
        label=_("Series"), field_name="series__slug", **slug_choice(MeetingSeries.objects.all()), distinct=False
    )
    kind = ColumnChoiceFilter(label=_("Kind"), choices=Summit.Kind.choices)
    # Used by the API and the downloads (merged from their own summit filters: one FilterSet per model).
    party = django_filters.ModelMultipleChoiceFilter(
        label=_("Participant"), method="filter_party", **slug_choice(Party.objects.all())
    )
    start_from = PartialDateFilter(label=_("Starts from"), field_name="start_date", lookup_expr="gte")
    start_to = PartialDateFilter(label=_("Starts up to"), field_name="start_date", lookup_expr="lte")
    page = FormOnlyFilter(label=_("Page"), min_value=1)

    class Meta:
        model = Summit
        fields: list[str] = []

    def filter_party(self, queryset: QuerySet, name: str, parties) -> QuerySet:
        for party in parties:
            queryset = queryset.filter(
                pk__in=Summit.participants.through.objects.filter(party=party).values("summit_id")
            )
        return queryset

    def filtered_without(self, name: str) -> QuerySet:
        """The base queryset under every active filter but `name`, unsorted (for that facet's counts)."""
        queryset = self.queryset.all()
        for other, value in self.form.cleaned_data.items():
            if other != name:
                queryset = self.filters[other].filter(queryset, value)
        return queryset.order_by()

    def facets(self) -> dict[str, list[dict]]:
        """Each filter's values with how many summits each would give under the other filters (a query each)."""
        data = self.form.cleaned_data
        years = (
            self.filtered_without("year")
            .annotate(value=ExtractYear("start_date"))
            .values("value")
            .annotate(count=Count("pk"))
            .order_by("-value")
        )
        kinds = self.filtered_without("kind").values("kind").annotate(count=Count("pk")).order_by("-count", "kind")
        labels = dict(Summit.Kind.choices)

        def records(model, relation: str, name: str) -> list[dict]:
            summits = self.filtered_without(name).values("pk")
            rows = (
                model.objects.annotate(count=Count(relation, filter=Q(**{f"{relation}__in": summits})))
                .filter(count__gt=0)
                .order_by("-count", "name")
            )
            chosen = {record.pk for record in data.get(name) or []}
            return [{"value": r.slug, "label": r.name, "count": r.count, "selected": r.pk in chosen} for r in rows]

        return {
            "year": [
                {
                    "value": row["value"],
                    "label": row["value"],
                    "count": row["count"],
                    "selected": row["value"] in (data.get("year") or []),
                }
                for row in years
            ],
            "host": records(Party, "hosted_summits", "host"),
            "series": records(MeetingSeries, "summits", "series"),
            "kind": [
                {
                    "value": row["kind"],
                    "label": labels[row["kind"]],
                    "count": row["count"],
                    "selected": row["kind"] in (data.get("kind") or []),
                }
                for row in kinds
            ],
        }


class DocumentFilterSet(django_filters.FilterSet):
    """The search of /documents/: full text, filters by record and vocabulary, dates, sort and paging."""

    q = django_filters.CharFilter(
        method="filter_q", label=_("Search"), max_length=500, help_text=_('Words, "a phrase", OR, -without')
    )
    party = django_filters.ModelMultipleChoiceFilter(
        label=_("Party"), method="filter_party", **slug_choice(Party.objects.all())
    )
    kind = ColumnChoiceFilter(label=_("Kind"), choices=Document.Kind.choices)
    topic = django_filters.ModelMultipleChoiceFilter(
        label=_("Topic"), method="filter_topic", **slug_choice(Topic.objects.all(), "key")
    )
    status = ColumnChoiceFilter(label=_("Status"), choices=Document.Status.choices)
    summit = django_filters.ModelMultipleChoiceFilter(
        label=_("Summit"), method="filter_summit", **slug_choice(Summit.objects.published())
    )
    series = django_filters.ModelMultipleChoiceFilter(
        label=_("Series"), method="filter_series", **slug_choice(MeetingSeries.objects.all())
    )
    signatory = django_filters.ModelMultipleChoiceFilter(
        label=_("Signatory"), method="filter_signatory", **slug_choice(Person.objects.all())
    )
    signed_from = PartialDateFilter(label=_("Signed from"), field_name="signed_on", lookup_expr="gte")
    signed_to = PartialDateFilter(label=_("Signed up to"), field_name="signed_on", lookup_expr="lte")
    legal_nature = ColumnChoiceFilter(label=_("Legal nature"), choices=Document.LegalNature.choices)
    language = django_filters.ModelMultipleChoiceFilter(
        label=_("Language of the text"), method="filter_language", **slug_choice(Language.objects.all(), "code")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), choices=SORT_CHOICES, method="filter_nothing", empty_label=None, error_messages=CHOICE_ERRORS
    )
    page = FormOnlyFilter(label=_("Page"), min_value=1)
    per_page = FormOnlyFilter(label=_("Per page"), min_value=1, max_value=MAX_PER_PAGE)

    class Meta:
        model = Document
        fields: list[str] = []

    # Several values of one filter: any of them (kind, topic, status, ...), except for party and signatory,
    # where several mean all of them. Many-to-many filters use IN subqueries, so no row is repeated and no
    # DISTINCT over a million rows is needed.

    def filter_party(self, queryset: QuerySet, name: str, parties) -> QuerySet:
        for party in parties:
            queryset = queryset.filter(pk__in=DocumentParty.objects.filter(party=party).values("document_id"))
        return queryset

    def filter_signatory(self, queryset: QuerySet, name: str, people) -> QuerySet:
        for person in people:
            queryset = queryset.filter(pk__in=Signature.objects.filter(person=person).values("document_id"))
        return queryset

    def filter_summit(self, queryset: QuerySet, name: str, summits) -> QuerySet:
        return queryset.filter(summit__in=summits) if summits else queryset

    def filter_series(self, queryset: QuerySet, name: str, series) -> QuerySet:
        return queryset.filter(summit__series__in=series) if series else queryset

    def filter_topic(self, queryset: QuerySet, name: str, topics) -> QuerySet:
        if not topics:
            return queryset
        through = Document.topics.through.objects.filter(topic__in=topics)
        return queryset.filter(pk__in=through.values("document_id"))

    def filter_language(self, queryset: QuerySet, name: str, languages) -> QuerySet:
        if not languages:
            return queryset
        through = Document.languages.through.objects.filter(language__in=languages)
        return queryset.filter(pk__in=through.values("document_id"))

    def filter_q(self, queryset: QuerySet, name: str, text: str) -> QuerySet:
        return search.filter_documents(queryset, self.search_query)

    def filter_nothing(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # The sort applies once every filter has, in filter_queryset().
        return queryset

    @property
    def search_query(self) -> "search.SearchQuery | None":
        """The parsed `q` (its spelling variants looked up once per request, however often it is applied)."""
        if not hasattr(self, "_search_query"):
            text = self.form.cleaned_data.get("q") if self.is_valid() else None
            query = search.SearchQuery.parse(text, using=self.queryset.db) if text else None
            # A q of punctuation only has no words: it neither filters nor ranks.
            self._search_query = query if query and not query.is_empty else None
        return self._search_query

    @property
    def sort_key(self) -> str:
        """The sort in effect: the one asked for, else relevance when searching, else newest first."""
        data = self.form.cleaned_data if self.is_valid() else {}
        sort = data.get("sort") or ("relevance" if self.search_query else "-signed_on")
        return "-signed_on" if sort == "relevance" and not self.search_query else sort

    @property
    def page_size(self) -> int:
        """per_page, or the default."""
        data = self.form.cleaned_data if self.is_valid() else {}
        return data.get("per_page") or DEFAULT_PER_PAGE

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        return self.sort_queryset(queryset)

    def sort_queryset(self, queryset: QuerySet) -> QuerySet:
        """Order by the sort in effect; relevance and title annotate what they order by."""
        sort = self.sort_key
        if sort == "relevance":
            queryset = search.annotate_rank(queryset, self.search_query)
        elif sort == "title":
            queryset = queryset.annotate(sort_title=translated("title"))
        return queryset.order_by(*SORTS[sort])

    def filtered_without(self, *names: str) -> QuerySet:
        """The base queryset under every active filter but `names`, unsorted (for facet counts)."""
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name not in names:
                queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by()


@dataclass
class FacetValue:
    """One value of a filter with the number of results choosing it would give."""

    value: str
    label: str
    count: int
    selected: bool
    estimated: bool = False  # counted in a sample of the registry and scaled up (the page says "about")

    @property
    def shown_count(self) -> int:
        """The count as the page shows it: an estimate to two significant figures."""
        return shown_estimate(self.count) if self.estimated else self.count


def shown_estimate(count: int) -> int:
    """An estimated count as pages show it: to two significant figures (92,400 → 92,000; 56 stays 56)."""
    return count if count < 100 else round(count, 2 - len(str(count)))


# Several values of these filters narrow the results (all of them), so their counts are taken under every
# active filter; the others widen them (any of them), so their counts leave their own filter out.
NARROWING_FACETS = {"party", "signatory"}
FACET_LIMIT = 15


def _grouped(rows: QuerySet, value, label, count: Count) -> QuerySet:
    # annotate() then values() by name: modeltranslation's values() would select every column for
    # values(name=expression) and so group by all of them.
    return (
        rows.annotate(facet_value=value, facet_label=label)
        .values("facet_value", "facet_label")
        .annotate(count=count)
        .order_by("-count", "facet_label", "facet_value")
    )


CHOICE_FACETS = ("kind", "status", "legal_nature")


def _facet_rows(name: str, documents: QuerySet) -> QuerySet:
    """The query of one facet's rows (facet_value, facet_label, count), most frequent first, at most FACET_LIMIT."""
    ids = documents.values("pk")
    if name in CHOICE_FACETS:
        # The label is the stored value here; facet_counts() puts the translated choice label in its place.
        rows = _grouped(documents, F(name), F(name), Count("pk"))
    elif name == "party":
        rows = _grouped(
            DocumentParty.objects.filter(document__in=ids),
            F("party__slug"),
            translated("party__name"),
            Count("document_id"),
        )
    elif name == "signatory":
        rows = _grouped(
            Signature.objects.filter(document__in=ids),
            F("person__slug"),
            translated("person__name"),
            Count("document_id", distinct=True),
        )
    elif name == "topic":
        rows = _grouped(
            Document.topics.through.objects.filter(document__in=ids),
            F("topic__key"),
            translated("topic__name"),
            Count("document_id"),
        )
    elif name == "language":
        rows = _grouped(
            Document.languages.through.objects.filter(document__in=ids),
            F("language__code"),
            F("language__name"),
            Count("document_id"),
        )
    elif name == "summit":
        rows = _grouped(
            documents.filter(summit__isnull=False), F("summit__slug"), translated("summit__name"), Count("pk")
        )
    elif name == "series":
        rows = _grouped(
            documents.filter(summit__series__isnull=False),
            F("summit__series__slug"),
            translated("summit__series__name"),
            Count("pk"),
        )
    else:
        raise ValueError(f"no facet named {name}")
    return rows[:FACET_LIMIT]


# At a million documents, counting every facet of a broad query (the unfiltered page, a common word) reads
# hundreds of thousands of rows nine times: 5-16 s. On PostgreSQL, when a block sample of the registry shows
# that a query has many results, its facets are counted in the sample and scaled up instead, and the page
# says "about". The sample is repeatable, so the same query gives the same estimate until the data changes.
SAMPLE_PERCENT = 2
ESTIMATE_FROM_RESULTS = 20_000  # fewer results than this (as the sample estimates them) are counted exactly
SAMPLE, SAMPLED_RESULTS, SAMPLED_COUNT = "kelisim_sample", "kelisim_sampled_results", "kelisim_sampled_count"


def _in(documents: QuerySet, relation: str) -> QuerySet:
    """`documents` restricted to the ids in `relation`, a table expression of the facet query."""
    return documents.filter(pk__in=RawSQL(f"SELECT id FROM {relation}", ()))  # noqa: S608, S611 (constants only)


def _facet_sql(filterset: DocumentFilterSet, name: str, sampled: bool) -> tuple[str, list]:
    """One facet's query: exact, or over the sample (where the results are matched once, not once a facet)."""
    if name in NARROWING_FACETS or not filterset.form.cleaned_data.get(name):
        # Counted under every filter: over the results themselves.
        documents = _in(Document.objects.all(), SAMPLED_RESULTS) if sampled else filterset.filtered_without()
    else:
        documents = filterset.filtered_without(name)
        documents = _in(documents, SAMPLE) if sampled else documents
    return _facet_rows(name, documents).query.sql_with_params()


def _all_facet_rows(filterset: DocumentFilterSet) -> tuple[dict[str, list[tuple]], bool]:
    """Every facet's rows in one query: the GROUP BY of each facet, joined by UNION ALL; and whether they are
    estimates (counted in a sample and scaled up).

    One round trip instead of nine keeps a public page within its query budget, whatever the filters. On
    PostgreSQL the same statement first finds the results in a block sample; a one-time filter on their
    number runs either the exact facet queries or the sampled ones, never both.
    """
    connection = connections[filterset.queryset.db]
    columns = ", ".join(f"facet.{connection.ops.quote_name(name)}" for name in ("facet_value", "facet_label", "count"))
    estimating = connection.vendor == "postgresql"
    threshold = ESTIMATE_FROM_RESULTS * SAMPLE_PERCENT // 100  # the same number of results, in the sample
    parts, params = [], []
    for name in FACETS:
        for sampled, comparison in [(0, "<"), (1, ">=")] if estimating else [(0, None)]:
            sql, facet_params = _facet_sql(filterset, name, sampled=bool(sampled))
            guard = f" WHERE (SELECT n FROM {SAMPLED_COUNT}) {comparison} %s" if comparison else ""  # noqa: S608
            parts.append(f"SELECT %s, {sampled}, {columns} FROM ({sql}) facet{guard}")  # noqa: S608 (parameters apart)
            params += [name, *facet_params, *([threshold] if comparison else [])]
    if estimating:
        # The scale: the table's size (the planner's figure, kept by ANALYZE) over the sample's, which varies.
        parts.append(f"SELECT 'sample size', 1, NULL, NULL, (SELECT COUNT(*) FROM {SAMPLE})")  # noqa: S608
        table_size = "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass"
        parts.append(f"SELECT 'table size', 1, NULL, NULL, ({table_size})")
        params.append(Document._meta.db_table)
    # Each part's order again (UNION ALL need not keep it): facet, then -count, label, value.
    query = " UNION ALL ".join(parts) + " ORDER BY 1, 5 DESC, 4, 3"
    if estimating:
        results, results_params = _in(filterset.filtered_without(), SAMPLE).values("pk").query.sql_with_params()
        # Table names and Django's own SQL only; every value is a parameter.
        sample = f"SELECT id FROM {Document._meta.db_table} TABLESAMPLE SYSTEM (%s) REPEATABLE (0)"  # noqa: S608
        counted = f"SELECT COUNT(*) AS n FROM {SAMPLED_RESULTS}"  # noqa: S608
        query = (
            f"WITH {SAMPLE} AS MATERIALIZED ({sample}), {SAMPLED_RESULTS} (id) AS MATERIALIZED ({results}), "
            f"{SAMPLED_COUNT} AS MATERIALIZED ({counted}) {query}"
        )
        params = [SAMPLE_PERCENT, *results_params, *params]
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        fetched = cursor.fetchall()
    sizes = {name: count for name, _, _, _, count in fetched if name in ("sample size", "table size")}
    scale = 100 / SAMPLE_PERCENT
    if sizes.get("sample size", 0) > 0 and sizes.get("table size", 0) > 0:
        scale = sizes["table size"] / sizes["sample size"]
    rows: dict[str, list[tuple]] = {name: [] for name in FACETS}
    estimated = False
    for name, sampled, value, label, count in fetched:
        if name in rows:
            if sampled:
                estimated, count = True, round(count * scale)
            rows[name].append((value, label, count))
    return rows, estimated


def facet_counts(filterset: DocumentFilterSet) -> dict[str, list[FacetValue]]:
    """For every filter with a fixed set of values: its values with their result counts, in one query.

    Selected values always appear (with a count of 0 when no result has them), even beyond the limit.
    """
    facets: dict[str, list[FacetValue]] = {}
    all_rows, estimated = _all_facet_rows(filterset)
    for name in FACETS:
        selected = selected_values(filterset, name)
        labels = dict(Document._meta.get_field(name).choices) if name in CHOICE_FACETS else {}
        values = [
            FacetValue(value, labels.get(value, label), count, value in selected, estimated)
            for value, label, count in all_rows[name]
        ]
        shown = {value.value for value in values}
        values += [
            FacetValue(value, label, 0, True, estimated) for value, label in selected.items() if value not in shown
        ]
        facets[name] = values
    return facets


FACETS = ["kind", "party", "topic", "status", "legal_nature", "summit", "series", "signatory", "language"]


def total_from_facets(facets: dict[str, list[FacetValue]]) -> int:
    """The number of results, read off the kind facet: every document has one kind, and the facet lists them all.

    The kind facet is counted under every other filter, so its selected values (or all, when none is
    selected) add up to the results: an exact total without a COUNT query of its own.
    """
    kinds = facets["kind"]
    chosen = [value for value in kinds if value.selected] or kinds
    return sum(value.count for value in chosen)


def facets_are_estimates(facets: dict[str, list[FacetValue]]) -> bool:
    """Whether the counts (and so the total) were estimated from a sample."""
    return any(value.estimated for value in facets["kind"])


# A cache entry is keyed by the site's last change (registry.conditional.site_last_changed), so any edit
# makes every entry unreachable at once: counts are never stale, and nothing has to be invalidated by hand.
FACET_CACHE_SECONDS = 24 * 60 * 60
NOT_FILTERS = {"page", "per_page", "sort"}


def _cache_key(kind: str, filterset: DocumentFilterSet, params, version: str, ignore: set[str]) -> str:
    filters = sorted((name, sorted(params.getlist(name))) for name in params if name in filterset.filters)
    filters = [item for item in filters if item[0] not in ignore]
    return f"{kind}:" + hashlib.sha256(repr((version, get_language(), filters)).encode()).hexdigest()


def cached_facet_counts(filterset: DocumentFilterSet, params, version: str) -> dict[str, list[FacetValue]]:
    """facet_counts(), from the cache when the same filters were counted since the data last changed."""
    key = _cache_key("documents-facets", filterset, params, version, NOT_FILTERS)
    facets = cache.get(key)
    if facets is None:
        facets = facet_counts(filterset)
        cache.set(key, facets, FACET_CACHE_SECONDS)
    return facets


def selected_values(filterset: DocumentFilterSet, name: str) -> dict[str, str]:
    """{value: label} of one active filter: the choices given, or the records its slugs name."""
    value = filterset.form.cleaned_data.get(name)
    if not value:
        return {}
    field = filterset.form.fields[name]
    if getattr(field, "to_field_name", None):
        return {str(getattr(record, field.to_field_name)): str(record) for record in value}
    labels = dict(field.choices)
    return {item: str(labels.get(item, item)) for item in value}


class PartyFilterSet(django_filters.FilterSet):
    """Parties by kind and by the party they are part of."""

    kind = ColumnChoiceFilter(label=_("Kind"), choices=Party.Kind.choices)
    parent = django_filters.ModelChoiceFilter(
        label=_("Part of"), field_name="parent", **slug_choice(Party.objects.all())
    )

    class Meta:
        model = Party
        fields: list[str] = []


class PersonFilterSet(django_filters.FilterSet):
    """People by the party they usually act for."""

    party = django_filters.ModelMultipleChoiceFilter(
        label=_("Serves"), field_name="party", **slug_choice(Party.objects.all())
    )

    class Meta:
        model = Person
        fields: list[str] = []


# Ranking by relevance reads every matching document's search vector: for a common word at a million
# documents that is seconds, on every page of the results. The first RANKED_CACHE ids in rank order are
# cached like the facet counts (under the site's last change), and pages are read by id from them.
RANKED_CACHE = 1000


class RankedDocuments:
    """A search's results in rank order for a Paginator: each page read by id from the cached ranking."""

    def __init__(self, filterset: DocumentFilterSet, listing: QuerySet, params, version: str):
        self.filterset, self.listing = filterset, listing
        key = _cache_key("documents-ranked", filterset, params, version, {"page", "per_page"})
        self.ids = cache.get(key)
        if self.ids is None:
            self.ids = list(filterset.qs.values_list("pk", flat=True)[:RANKED_CACHE])
            cache.set(key, self.ids, FACET_CACHE_SECONDS)

    def __getitem__(self, item: slice) -> list:
        if len(self.ids) == RANKED_CACHE and (item.stop or 0) > RANKED_CACHE:
            return list(self.filterset.qs.for_listing()[item])  # past the cached ranking: rank in the database
        page_ids = self.ids[item]
        documents = self.listing.in_bulk(page_ids)
        return [documents[pk] for pk in page_ids if pk in documents]
