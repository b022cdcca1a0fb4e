"""Counts for the home and statistics pages: each one SQL aggregation, never a loop over the records."""

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear

from registry.models import Document, DocumentParty, Party, Person, PublicationState, Summit, Topic

PUBLISHED = PublicationState.PUBLISHED


def home_counts() -> dict[str, int]:
    """How many published documents and summits, parties and people there are (four COUNTs)."""
    return {
        "documents": Document.objects.published().count(),
        "summits": Summit.objects.published().count(),
        "parties": Party.objects.count(),
        "people": Person.objects.count(),
    }


def documents_per_year_and_kind() -> list[dict]:
    """[{year, kind, n}] for published documents with a signing date, in year order."""
    return list(
        Document.objects.published()
        .filter(signed_on__isnull=False)
        .annotate(year=ExtractYear("signed_on"))
        .values("year", "kind")
        .annotate(n=Count("pk"))
        .order_by("year", "kind")
    )


def summits_per_year_and_kind() -> list[dict]:
    """[{year, kind, n}] for published summits, in year order."""
    return list(
        Summit.objects.published()
        .annotate(year=ExtractYear("start_date"))
        .values("year", "kind")
        .annotate(n=Count("pk"))
        .order_by("year", "kind")
    )


def documents_per_topic(limit: int = 25) -> list[Topic]:
    """The topics with published documents, most first, each with `document_count`."""
    return list(
        Topic.objects.annotate(document_count=Count("documents", filter=Q(documents__publication_state=PUBLISHED)))
        .filter(document_count__gt=0)
        .order_by("-document_count", "key")[:limit]
    )


def partner_matrix(limit: int = 12) -> tuple[list[Party], dict[tuple[int, int], int]]:
    """The `limit` parties with most published documents, and how many documents each pair shares (two queries)."""
    parties = list(
        Party.objects.annotate(
            document_count=Count("document_parties", filter=Q(document_parties__document__publication_state=PUBLISHED))
        )
        .filter(document_count__gt=0)
        .order_by("-document_count", "name")[:limit]
    )
    ids = [party.pk for party in parties]
    pairs = (
        DocumentParty.objects.filter(document__publication_state=PUBLISHED, party__in=ids)
        .annotate(partner=F("document__document_parties__party"))
        .filter(partner__in=ids)
        .exclude(partner=F("party"))
        .values("party", "partner")
        .annotate(n=Count("document"))
        .order_by()
    )
    return parties, {(row["party"], row["partner"]): row["n"] for row in pairs}
