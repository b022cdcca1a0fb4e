"""Bulk downloads: any /documents/ query as CSV or JSON, summits, parties and people as CSV, the full dump.

Every download is streamed from a chunked database iterator, so server memory stays flat whatever the
size, and states the licence (a `Link: rel="license"` header, and in the JSON itself).
"""

import csv
import json
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse

from registry import exchange, filters, models
from registry.dates import iso_partial_date

CHUNK = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A spreadsheet reads a cell that starts with = + - @ tab or CR as a formula: an apostrophe defuses it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def in_one_transaction(chunks: Iterable[str]) -> Iterator[str]:
    """The chunks, read inside one transaction.

    Outside a transaction PostgreSQL can only keep a server-side cursor open WITH HOLD, which computes every
    row before the first one is sent (5 s for 97,000 documents at a million); inside one, rows stream as read.
    """
    with transaction.atomic():
        yield from chunks


def streamed(chunks: Iterable[str], content_type: str, filename: str) -> StreamingHttpResponse:
    chunks = in_one_transaction(chunks)
    response = StreamingHttpResponse((chunk.encode("utf-8") for chunk in chunks), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = f'<{settings.DATA_LICENCE_URL}>; rel="license"'
    response["X-Licence"] = settings.DATA_LICENCE_NAME
    return response


def json_keys(rows: list | None) -> str:
    return "; ".join(sorted(key for (key,) in rows or []))


def bad_request(filterset) -> HttpResponse:
    lines = [f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()]
    return HttpResponse("\n".join(lines), status=400, content_type="text/plain; charset=utf-8")


def filtered_documents(request: HttpRequest):
    """The /documents/ query, through the page's FilterSet; None with the filterset when a value is bad."""
    filterset = filters.DocumentFilterSet(request.GET, queryset=models.Document.objects.published().for_listing())
    return (filterset.qs if filterset.is_valid() else None), filterset


DOCUMENT_COLUMNS = [
    "key",
    "url",
    "title",
    "short_title",
    "kind",
    "legal_nature",
    "status",
    "signed_on",
    "signed_at",
    "summit",
    "parties",
    "topics",
    "entry_into_force",
    "wikidata",
]


def documents_csv(request: HttpRequest) -> HttpResponse:
    """/documents.csv?<the /documents/ query>."""
    documents, filterset = filtered_documents(request)
    if documents is None:
        return bad_request(filterset)
    # Plain values rather than records (a document's URL from one reversed pattern, its texts in the active
    # language, its parties' and topics' keys as JSON lists on its row): the CSV of 97,000 documents at a
    # million took 90 s with a record per document and per party and topic, and takes a fraction of that.
    before, after = request.build_absolute_uri(reverse("document-detail", args=["-"])).rsplit("-", 1)
    documents = documents.prefetch_related(None).annotate(
        shown_title=filters.translated("title"),
        shown_short_title=filters.translated("short_title"),
        shown_signed_at=filters.translated("signed_at"),
        party_keys=models.json_rows(models.DocumentParty.objects, "document", "party__key"),
        topic_keys=models.json_rows(models.Document.topics.through.objects, "document", "topic__key"),
    )
    rows = (
        [
            key,
            before + slug + after,
            title,
            short_title,
            kind,
            legal_nature,
            status,
            iso_partial_date(signed_on, signed_on_precision),
            signed_at,
            summit or "",
            json_keys(party_keys),
            json_keys(topic_keys),
            iso_partial_date(entry_into_force, entry_into_force_precision),
            wikidata,
        ]
        for (key, slug, title, short_title, kind, legal_nature, status, signed_on, signed_on_precision, signed_at,
             summit, party_keys, topic_keys, entry_into_force, entry_into_force_precision, wikidata)
        in documents.values_list(
            "key", "slug", "shown_title", "shown_short_title", "kind", "legal_nature", "status", "signed_on",
            "signed_on_precision", "shown_signed_at", "summit__key", "party_keys", "topic_keys", "entry_into_force",
            "entry_into_force_precision", "wikidata",
        ).iterator(chunk_size=CHUNK)
    )  # fmt: skip
    return streamed(csv_rows(DOCUMENT_COLUMNS, rows), "text/csv; charset=utf-8", "kelisim-documents.csv")


def public_document_record(document: models.Document) -> dict:
    """The exchange-format record of a published document, without references to unpublished records."""
    record = exchange.document_record(document)
    if document.summit and not document.summit.is_published:
        record["summit"] = None
    public = {row.to_document.key for row in document.relations_out.all() if row.to_document.is_published}
    record["relations"] = [row for row in record["relations"] if row["document"] in public]
    return record


def documents_json(request: HttpRequest) -> HttpResponse:
    """/documents.json?<the /documents/ query>: exchange-format document records, with the licence."""
    documents, filterset = filtered_documents(request)
    if documents is None:
        return bad_request(filterset)
    full = exchange.section_querysets()["documents"]
    documents = documents.select_related(None).prefetch_related(None).select_related("summit").defer("search_text")
    documents = documents.prefetch_related(*full._prefetch_related_lookups)

    def chunks() -> Iterator[str]:
        licence = {"name": settings.DATA_LICENCE_NAME, "url": settings.DATA_LICENCE_URL}
        yield f'{{"format": "{exchange.FORMAT}", "licence": {json.dumps(licence)}, "documents": ['
        for index, document in enumerate(documents.iterator(chunk_size=CHUNK)):
            text = json.dumps(public_document_record(document), ensure_ascii=False, sort_keys=True)
            yield ("\n" if index == 0 else ",\n") + text
        yield "\n]}\n"

    return streamed(chunks(), "application/json", "kelisim-documents.json")


def summits_csv(request: HttpRequest) -> HttpResponse:
    """/summits.csv?<SummitFilterSet query>."""
    filterset = filters.SummitFilterSet(request.GET, queryset=models.Summit.objects.published().for_listing())
    if not filterset.is_valid():
        return bad_request(filterset)
    base = request.build_absolute_uri("/").rstrip("/")
    columns = ["key", "url", "name", "kind", "series", "ordinal", "start_date", "end_date", "city", "venue", "host"]
    rows = (
        [
            summit.key,
            base + summit.get_absolute_url(),
            summit.name,
            summit.kind,
            summit.series.key if summit.series else "",
            summit.ordinal,
            iso_partial_date(summit.start_date, summit.start_date_precision),
            summit.end_date,
            summit.city,
            summit.venue,
            summit.host.key if summit.host else "",
        ]
        for summit in filterset.qs.order_by("-start_date", "-pk").iterator(chunk_size=CHUNK)
    )
    return streamed(csv_rows(columns, rows), "text/csv; charset=utf-8", "kelisim-summits.csv")


def parties_csv(request: HttpRequest) -> HttpResponse:
    """/parties.csv?<PartyFilterSet query>."""
    filterset = filters.PartyFilterSet(request.GET, queryset=models.Party.objects.select_related("parent"))
    if not filterset.is_valid():
        return bad_request(filterset)
    base = request.build_absolute_uri("/").rstrip("/")
    columns = ["key", "url", "name", "short_name", "kind", "iso_code", "parent", "wikidata"]
    rows = (
        [
            party.key,
            base + party.get_absolute_url(),
            party.name,
            party.short_name,
            party.kind,
            party.iso_code,
            party.parent.key if party.parent else "",
            party.wikidata,
        ]
        for party in filterset.qs.order_by("key").iterator(chunk_size=CHUNK)
    )
    return streamed(csv_rows(columns, rows), "text/csv; charset=utf-8", "kelisim-parties.csv")


def people_csv(request: HttpRequest) -> HttpResponse:
    """/people.csv?<PersonFilterSet query>."""
    filterset = filters.PersonFilterSet(request.GET, queryset=models.Person.objects.select_related("party"))
    if not filterset.is_valid():
        return bad_request(filterset)
    base = request.build_absolute_uri("/").rstrip("/")
    columns = ["key", "url", "name", "aliases", "party", "wikidata"]
    rows = (
        [
            person.key,
            base + person.get_absolute_url(),
            person.name,
            "; ".join(person.alias_list),
            person.party.key if person.party else "",
            person.wikidata,
        ]
        for person in filterset.qs.order_by("key").iterator(chunk_size=CHUNK)
    )
    return streamed(csv_rows(columns, rows), "text/csv; charset=utf-8", "kelisim-people.csv")


def full_dump(request: HttpRequest) -> HttpResponse:
    """/data/kelisim.json: every public record in the exchange format (what import_registry reads)."""
    return streamed(exchange.iter_export(published_only=True), "application/json", "kelisim.json")
