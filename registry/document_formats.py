"""A document in other shapes: its JSON, schema.org Legislation JSON-LD, a citation line and BibTeX.

Each reads only what views.document_queryset() and views.DocumentObjectMixin load, so none adds a query.
"""

import json
import re

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from registry.dates import iso_partial_date
from registry.models import Document

# schema.org LegalForceStatus for each status: only a document in force is "InForce".
LEGAL_FORCE = {Document.Status.IN_FORCE: "https://schema.org/InForce"}
NOT_IN_FORCE = "https://schema.org/NotInForce"
# Relations schema.org names; the others stay in the JSON only.
JSON_LD_RELATIONS = {
    "amends": "legislationChanges",
    "supersedes": "legislationRepeals",
    "implements": "legislationApplies",
}


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _parties(document: Document) -> list:
    return [document_party.party for document_party in document.document_parties.all()]


def as_json(document: Document, request: HttpRequest) -> dict:
    """The document's fields in the vocabulary of the exchange format, with links to the related pages."""
    summit = document.summit
    return {
        "key": document.key,
        "slug": document.slug,
        "url": _absolute(request, document.get_absolute_url()),
        "kind": document.kind,
        "legal_nature": document.legal_nature,
        "title": {code: getattr(document, f"title_{code}") or "" for code, _name in settings.LANGUAGES},
        "short_title": document.short_title,
        "summary": document.summary,
        "signed_on": iso_partial_date(document.signed_on, document.signed_on_precision),
        "signed_at": document.signed_at,
        "status": document.status,
        "entry_into_force": iso_partial_date(document.entry_into_force, document.entry_into_force_precision),
        "summit": {"slug": summit.slug, "name": summit.name, "url": _absolute(request, summit.get_absolute_url())}
        if summit
        else None,
        "parties": [
            {"slug": party.slug, "name": party.name, "url": _absolute(request, party.get_absolute_url())}
            for party in _parties(document)
        ],
        "signatures": [
            {
                "person": signature.person.slug,
                "name": signature.person.name,
                "party": signature.party.slug,
                "capacity": signature.capacity,
            }
            for signature in document.signatures.all()
        ],
        "topics": [topic.key for topic in document.topics.all()],
        "languages": [language.code for language in document.authentic_languages],
        "status_events": [
            {
                "kind": event.kind,
                "date": iso_partial_date(event.date, event.date_precision),
                "party": event.party.slug if event.party else None,
            }
            for event in document.status_events.all()
        ],
        "relations": [
            {"kind": relation.kind, "document": relation.to_document.slug} for relation in document.outgoing_relations
        ],
        "related_from": [
            {"kind": relation.kind, "document": relation.from_document.slug} for relation in document.incoming_relations
        ],
        "registration_numbers": [
            {"register": number.register, "number": number.number} for number in document.registrations
        ],
        "targets": [_absolute(request, target.get_absolute_url()) for target in document.targets.all()],
        "attachments": [_absolute(request, attachment.file.url) for attachment in document.attachments.all()],
        "sources": [source.url or source.citation or source.title for source in document.sources.all()],
        "wikidata": document.wikidata,
        "updated_at": document.updated_at.isoformat(),
        "licence": {"name": settings.DATA_LICENCE_NAME, "url": settings.DATA_LICENCE_URL},
    }


def json_ld(document: Document, request: HttpRequest) -> dict:
    """schema.org Legislation: what search engines read without scraping the page."""
    url = _absolute(request, document.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "@id": url,
        "url": url,
        "name": document.title,
        "legislationIdentifier": document.key,
        "legislationType": document.get_kind_display(),
        "legislationLegalForce": {"@id": LEGAL_FORCE.get(document.status, NOT_IN_FORCE)},
        "legislationPassedBy": [
            {"@type": "Country" if party.kind == "state" else "Organization", "name": party.name}
            for party in _parties(document)
        ],
        "dateModified": document.updated_at.isoformat(),
        "license": settings.DATA_LICENCE_URL,
        "encoding": {
            "@type": "MediaObject",
            "contentUrl": _absolute(request, reverse("document-json", args=[document.slug])),
            "encodingFormat": "application/json",
        },
    }
    optional = {
        "alternateName": document.short_title,
        "legislationDate": iso_partial_date(document.signed_on, document.signed_on_precision),
        "legislationDateVersion": iso_partial_date(document.entry_into_force, document.entry_into_force_precision),
        "abstract": document.summary,
        "inLanguage": [language.code for language in document.authentic_languages],
        "about": [topic.name for topic in document.topics.all()],
        "sameAs": f"https://www.wikidata.org/wiki/{document.wikidata}" if document.wikidata else "",
        "spatialCoverage": document.signed_at,
    }
    data.update({key: value for key, value in optional.items() if value})
    for relation in document.outgoing_relations:
        if relation.kind in JSON_LD_RELATIONS:
            data.setdefault(JSON_LD_RELATIONS[relation.kind], []).append(
                _absolute(request, relation.to_document.get_absolute_url())
            )
    return data


def json_ld_script(document: Document, request: HttpRequest) -> SafeString:
    """The JSON-LD as a script element; <, > and & are escaped so no text can close the element."""
    text = json.dumps(json_ld(document, request), ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 (escaped above)


def citation(document: Document, request: HttpRequest) -> str:
    """A citation line: parties, title, kind, place and date of signing, the permanent URL and the access date."""
    parts = [", ".join(party.name for party in _parties(document)), document.title]
    signed = ", ".join(part for part in (document.signed_at, document.signed_on_display) if part)
    parts.append(f"{document.get_kind_display().capitalize()}{', ' + signed if signed else ''}")
    accessed = timezone.localdate().isoformat()
    return (
        ". ".join(part for part in parts if part)
        + f". Kelisim, {_absolute(request, document.get_absolute_url())} ({accessed})."
    )


BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_^~])")


def _bibtex_escape(text: str) -> str:
    return BIBTEX_SPECIAL.sub(lambda match: "\\" + match.group(1) if match.group(1) not in "\\^~" else "{}", text)


def bibtex(document: Document, request: HttpRequest) -> str:
    """A BibTeX @misc entry; the parties stand as institutional authors (double braces keep them whole)."""
    fields = {
        "title": "{" + _bibtex_escape(document.title) + "}",
        "author": " and ".join("{" + _bibtex_escape(party.name) + "}" for party in _parties(document)),
        "year": str(document.signed_on.year) if document.signed_on else "",
        "address": _bibtex_escape(document.signed_at),
        "note": _bibtex_escape(document.get_kind_display()),
        "url": _absolute(request, document.get_absolute_url()),
        "urldate": timezone.localdate().isoformat(),
    }
    key = re.sub(r"[^A-Za-z0-9-]", "", document.key) or str(document.pk)
    lines = [f"  {name} = {{{value}}}" for name, value in fields.items() if value]
    return "@misc{" + key + ",\n" + ",\n".join(lines) + "\n}"
