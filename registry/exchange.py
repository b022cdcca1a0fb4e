"""The exchange format (kelisim/1): canonical export, and an all-or-nothing import that upserts by key.

Both directions share one canonical form per record (`*_record` functions below): the exporter writes it,
and the importer normalises each incoming record to it and compares it with the stored record's, so an
unchanged record is not written at all (no history row) and export → import → export gives the same bytes.
See docs/exchange-format.md for the format and the project's choices.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from registry import models, search
from registry.dates import Precision, iso_partial_date, parse_partial_date

FORMAT = "kelisim/1"
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "kelisim-1.schema.json"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
SECTIONS = ["topics", "parties", "people", "series", "summits", "documents", "targets", "honours"]
CHUNK = 500

Progress = Callable[[str, int, int], None]


@cache
def schema() -> dict:
    """The JSON Schema shipped with the project (registry/schemas/kelisim-1.schema.json)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# --- the canonical form ----------------------------------------------------------------------------------


def translated(record: Any, name: str) -> dict[str, str] | None:
    """A translated field as {language: text}, leaving out empty languages; None when all are empty."""
    values = {code: value for code in LANGUAGES if (value := getattr(record, f"{name}_{code}", None))}
    return values or None


def text_in(value: Any) -> dict[str, str] | None:
    """An incoming translated text (a string is English) in canonical form."""
    if value is None:
        return None
    if isinstance(value, str):
        value = {"en": value}
    values = {code: value[code] for code in LANGUAGES if value.get(code)}
    return values or None


def number(value: Decimal | int | float) -> int | float:
    """A decimal as JSON writes it: an integer when it is whole."""
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    return int(value) if value == value.to_integral_value() else float(value)


def day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def source_record(source: models.Source | None) -> dict | None:
    if source is None:
        return None
    return {
        "url": source.url or None,
        "title": source.title or None,
        "publisher": source.publisher or None,
        "citation": source.citation or None,
        "published_on": day(source.published_on),
        "language": source.language or None,
    }


def source_sort_key(source: dict) -> tuple:
    return tuple(source[name] or "" for name in ("url", "title", "publisher", "citation"))


def sources_list(sources: Iterable[models.Source]) -> list[dict]:
    return sorted((source_record(source) for source in sources), key=source_sort_key)


def key_of(record: Any) -> str | None:
    return record.key if record is not None else None


def topic_record(topic: models.Topic) -> dict:
    return {"key": topic.key, "name": translated(topic, "name"), "parent": key_of(topic.parent)}


def party_record(party: models.Party) -> dict:
    return {
        "key": party.key,
        "slug": party.slug,
        "kind": party.kind,
        "name": translated(party, "name"),
        "short_name": translated(party, "short_name"),
        "iso_code": party.iso_code or None,
        "parent": key_of(party.parent),
        "wikidata": party.wikidata or None,
    }


def person_record(person: models.Person) -> dict:
    return {
        "key": person.key,
        "slug": person.slug,
        "name": translated(person, "name"),
        "aliases": person.alias_list,
        "party": key_of(person.party),
        "wikidata": person.wikidata or None,
    }


def series_record(series: models.MeetingSeries) -> dict:
    return {
        "key": series.key,
        "slug": series.slug,
        "name": translated(series, "name"),
        "members": sorted(party.key for party in series.members.all()),
    }


def summit_record(summit: models.Summit) -> dict:
    leaders = [
        {"person": leader.person.key, "party": leader.party.key, "role": translated(leader, "role")}
        for leader in summit.leaders.all()
    ]
    return {
        "key": summit.key,
        "slug": summit.slug,
        "publication_state": summit.publication_state,
        "series": key_of(summit.series),
        "ordinal": summit.ordinal,
        "kind": summit.kind,
        "name": translated(summit, "name"),
        "start_date": iso_partial_date(summit.start_date, summit.start_date_precision),
        "end_date": day(summit.end_date),
        "city": translated(summit, "city"),
        "venue": translated(summit, "venue"),
        "host": key_of(summit.host),
        "participants": sorted(party.key for party in summit.participants.all()),
        "leaders": sorted(leaders, key=lambda leader: (leader["party"], leader["person"])),
        "description": translated(summit, "description"),
        "sources": sources_list(summit.sources.all()),
    }


def document_record(document: models.Document) -> dict:
    signatories = [
        {
            "person": signature.person.key,
            "party": signature.party.key,
            "capacity": translated(signature, "capacity"),
            "signed_on": day(signature.signed_on),
        }
        for signature in document.signatures.all()
    ]
    events = [
        {
            "kind": event.kind,
            "party": key_of(event.party),
            "date": iso_partial_date(event.date, event.date_precision),
            "source": source_record(event.source),
        }
        for event in document.status_events.all()
    ]
    return {
        "key": document.key,
        "slug": document.slug,
        "publication_state": document.publication_state,
        "kind": document.kind,
        "legal_nature": document.legal_nature,
        "title": translated(document, "title"),
        "short_title": translated(document, "short_title"),
        "summit": key_of(document.summit),
        "signed_on": iso_partial_date(document.signed_on, document.signed_on_precision),
        "signed_at": translated(document, "signed_at"),
        "parties": sorted(row.party.key for row in document.document_parties.all()),
        "signatories": sorted(signatories, key=lambda s: (s["party"], s["person"])),
        "topics": sorted(topic.key for topic in document.topics.all()),
        "status": document.status,
        "status_events": sorted(events, key=event_sort_key),
        "entry_into_force": iso_partial_date(document.entry_into_force, document.entry_into_force_precision),
        "registration_numbers": sorted(
            ({"register": row.register, "number": row.number} for row in document.registration_numbers.all()),
            key=lambda row: (row["register"], row["number"]),
        ),
        "wikidata": document.wikidata or None,
        "languages": sorted(language.code for language in document.languages.all()),
        "summary": translated(document, "summary"),
        "relations": sorted(
            ({"kind": row.kind, "document": row.to_document.key} for row in document.relations_out.all()),
            key=lambda row: (row["kind"], row["document"]),
        ),
        "sources": sources_list(document.sources.all()),
    }


def event_sort_key(event: dict) -> tuple:
    return (event["date"], event["kind"], event["party"] or "")


def target_record(target: models.Target) -> dict:
    observations = [
        {
            "date": iso_partial_date(row.date, row.date_precision),
            "value": number(row.value),
            "source": source_record(row.source),
        }
        for row in target.observations.all()
    ]
    return {
        "key": target.key,
        "slug": target.slug,
        "description": translated(target, "description"),
        "metric": target.metric,
        "value": number(target.value),
        "unit": target.unit,
        "deadline": day(target.deadline),
        "parties": sorted(party.key for party in target.parties.all()),
        "set_at_summit": key_of(target.set_at_summit),
        "set_in_document": key_of(target.set_in_document),
        "observations": sorted(observations, key=lambda row: (row["date"], row["value"])),
        "sources": sources_list(target.sources.all()),
    }


def honour_record(honour: models.Honour) -> dict:
    return {
        "key": honour.key,
        "name": translated(honour, "name"),
        "recipient": honour.recipient.key,
        "conferred_by": honour.conferred_by.key,
        "date": day(honour.date),
        "summit": key_of(honour.summit),
        "source": source_record(honour.source),
    }


# Each section: its model, the queryset that reads a record's canonical form in a fixed number of queries,
# and the function that writes that form.
def section_querysets() -> dict[str, QuerySet]:
    """Per section, the queryset whose rows `RECORDS[section]` turns into the canonical form."""
    return {
        "topics": models.Topic.objects.select_related("parent"),
        "parties": models.Party.objects.select_related("parent"),
        "people": models.Person.objects.select_related("party"),
        "series": models.MeetingSeries.objects.prefetch_related("members"),
        "summits": models.Summit.objects.select_related("series", "host").prefetch_related(
            "participants", "sources", "leaders__person", "leaders__party"
        ),
        "documents": models.Document.objects.select_related("summit").prefetch_related(
            "document_parties__party",
            Prefetch("signatures", queryset=models.Signature.objects.select_related("person", "party")),
            "topics",
            Prefetch("status_events", queryset=models.StatusEvent.objects.select_related("party", "source")),
            "registration_numbers",
            "languages",
            Prefetch("relations_out", queryset=models.DocumentRelation.objects.select_related("to_document")),
            "sources",
        ),
        "targets": models.Target.objects.select_related("set_at_summit", "set_in_document").prefetch_related(
            "parties",
            Prefetch("observations", queryset=models.TargetObservation.objects.select_related("source")),
            "sources",
        ),
        "honours": models.Honour.objects.select_related("recipient", "conferred_by", "summit", "source"),
    }


RECORDS: dict[str, Callable[[Any], dict]] = {
    "topics": topic_record,
    "parties": party_record,
    "people": person_record,
    "series": series_record,
    "summits": summit_record,
    "documents": document_record,
    "targets": target_record,
    "honours": honour_record,
}


# --- export ----------------------------------------------------------------------------------------------


def hide_unpublished(section: str, record: dict, hidden: dict[str, set[str]]) -> dict:
    """For the public dump: references to draft or withdrawn summits and documents become null or go."""
    if section == "documents":
        if record["summit"] in hidden["summits"]:
            record["summit"] = None
        record["relations"] = [row for row in record["relations"] if row["document"] not in hidden["documents"]]
    elif section == "targets":
        if record["set_at_summit"] in hidden["summits"]:
            record["set_at_summit"] = None
        if record["set_in_document"] in hidden["documents"]:
            record["set_in_document"] = None
    elif section == "honours" and record["summit"] in hidden["summits"]:
        record["summit"] = None
    return record


def iter_export(published_only: bool = False, progress: Progress | None = None) -> Iterator[str]:
    """The whole registry in the exchange format, as text chunks; equal to json.dumps(indent=2, sort_keys=True).

    Records are read in chunks, so memory stays flat whatever the size. With published_only (the public
    dump), draft and withdrawn summits and documents are left out, and so are references to them.
    """
    querysets = section_querysets()
    hidden: dict[str, set[str]] = {"summits": set(), "documents": set()}
    if published_only:
        for name in hidden:
            hidden[name] = set(
                querysets[name].model.objects.exclude(publication_state="published").values_list("key", flat=True)
            )
            querysets[name] = querysets[name].published()
    # Top-level keys in sorted order, as sort_keys would write them.
    top = sorted([*SECTIONS, "format"])
    yield "{\n"
    for index, name in enumerate(top):
        comma = "," if index < len(top) - 1 else ""
        if name == "format":
            yield f'  "format": "{FORMAT}"{comma}\n'
            continue
        queryset = querysets[name].order_by("key")
        total = queryset.count() if progress else 0
        yield f'  "{name}": ['
        done = 0
        for record in queryset.iterator(chunk_size=CHUNK):
            data = RECORDS[name](record)
            if published_only:
                data = hide_unpublished(name, data, hidden)
            text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).replace("\n", "\n    ")
            yield ("\n    " if done == 0 else ",\n    ") + text
            done += 1
            if progress and (done % CHUNK == 0 or done == total):
                progress(name, done, total)
        yield (f"\n  ]{comma}\n" if done else f"]{comma}\n")
    yield "}\n"


def export_registry(out: Any, published_only: bool = False, progress: Progress | None = None) -> None:
    """Write the exchange-format file to a text stream."""
    for chunk in iter_export(published_only=published_only, progress=progress):
        out.write(chunk)


# --- import ----------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did (or, on a dry run or with errors, would have done)."""

    errors: list[str] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {name: {"created": 0, "changed": 0, "unchanged": 0} for name in SECTIONS}
    )
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        parts = []
        for name, counts in self.counts.items():
            if any(counts.values()):
                parts.append(
                    f"{name}: {counts['created']} created, {counts['changed']} changed, {counts['unchanged']} unchanged"
                )
        return "; ".join(parts) or "nothing to import"


def json_path(parts: Iterable[Any]) -> str:
    """documents[3].signed_on from ("documents", 3, "signed_on")."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def quoted(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


TYPE_NAMES = {
    "string": "a string",
    "number": "a number",
    "integer": "a whole number",
    "object": "an object",
    "array": "a list",
    "null": "null",
    "boolean": "true or false",
}


def schema_message(error: jsonschema.ValidationError) -> str:
    """A schema error as the report states it: `path: what is wrong`."""
    where = json_path(error.absolute_path) or "file"
    value = error.instance
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        unknown = sorted(name for name in value if name not in allowed)
        return f"{where}: unknown field {', '.join(quoted(name) for name in unknown)}"
    if error.validator == "required":
        return f"{where}: {error.message.split(' ')[0].replace(chr(39), chr(34))} is required"
    if error.validator == "enum" and error.schema.get("enum") == LANGUAGES:
        return f"{where}: {quoted(value)} is not a language code ({', '.join(LANGUAGES)})"
    if error.validator in ("enum", "const"):
        allowed = error.validator_value if error.validator == "enum" else [error.validator_value]
        choices = ", ".join(str(choice) for choice in allowed if choice is not None)
        return f"{where}: {quoted(value)} is not one of {choices}"
    if error.validator == "pattern" and "title" in error.schema:
        return f"{where}: {quoted(value)} is not {error.schema['title']}"
    if error.validator == "anyOf" and isinstance(value, dict) and error.context:
        # A translated text given as an object: say what is wrong inside it.
        inner = [sub for sub in error.context if sub.validator != "type"] or error.context
        return schema_message(jsonschema.exceptions.best_match(inner))
    if error.validator == "anyOf" and "title" in error.schema:
        return f"{where}: {quoted(value)} is not {error.schema['title']}"
    if error.validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return f"{where}: {quoted(value)} is not {' or '.join(TYPE_NAMES.get(name, name) for name in wanted)}"
    if error.validator == "uniqueItems":
        return f"{where}: lists the same value twice"
    return f"{where}: {error.message}"


def parse(text: str | bytes) -> tuple[dict | None, list[str]]:
    """Read the file's JSON (decimals kept exact); the error names the line and column."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return json.loads(text, parse_float=Decimal), []
    except UnicodeDecodeError:
        return None, ["file: is not UTF-8 text"]
    except json.JSONDecodeError as error:
        return None, [f"file: is not JSON (line {error.lineno}, column {error.colno}: {error.msg})"]


def validate_schema(data: Any) -> list[str]:
    """Every schema error, in file order."""
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [schema_message(error) for error in errors]


class Importer:
    """One import: normalise, check every reference and rule, then write everything in one transaction."""

    def __init__(self, data: dict, progress: Progress | None = None):
        self.data = data
        self.progress = progress
        self.errors: list[str] = []
        self.report = ImportReport()
        # key -> (index in the file, canonical record) per section
        self.incoming: dict[str, dict[str, tuple[int, dict]]] = {name: {} for name in SECTIONS}
        # key -> canonical form of the stored record, for the keys in the file
        self.stored: dict[str, dict[str, dict]] = {name: {} for name in SECTIONS}
        self.ids: dict[str, dict[str, int]] = {name: {} for name in SECTIONS}
        self.sources: dict[tuple, dict] = {}
        self.source_ids: dict[tuple, int] = {}

    def error(self, path: Iterable[Any], message: str) -> None:
        self.errors.append(f"{json_path(path)}: {message}")

    # -- normalising --

    def normalise(self) -> None:
        normalisers = {
            "topics": self.topic_in,
            "parties": self.party_in,
            "people": self.person_in,
            "series": self.series_in,
            "summits": self.summit_in,
            "documents": self.document_in,
            "targets": self.target_in,
            "honours": self.honour_in,
        }
        for name in SECTIONS:
            for index, record in enumerate(self.data.get(name) or []):
                key = record["key"]
                if key in self.incoming[name]:
                    self.error(
                        [name, index, "key"], f"{quoted(key)} is already used by {name}[{self.incoming[name][key][0]}]"
                    )
                    continue
                self.incoming[name][key] = (index, normalisers[name]([name, index], record))

    def partial_date(self, path: list, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            parsed, precision = parse_partial_date(value)
        except ValueError:
            self.error(path, f"{quoted(value)} is not a date")
            return None
        return iso_partial_date(parsed, precision)

    def full_date(self, path: list, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            self.error(path, f"{quoted(value)} is not a date")
            return None

    def source_in(self, path: list, value: dict | None) -> dict | None:
        if value is None:
            return None
        source = {
            "url": value.get("url") or None,
            "title": value.get("title") or None,
            "publisher": value.get("publisher") or None,
            "citation": value.get("citation") or None,
            "published_on": self.full_date([*path, "published_on"], value.get("published_on")),
            "language": value.get("language") or None,
        }
        match = source_match_key(source)
        if match is None:
            self.error(path, "a source needs a url, a title or a citation")
            return source
        known = self.sources.setdefault(match, source)
        if known != source:
            self.error(
                path,
                "describes the same source as an earlier entry (same url, or same title and publisher) differently",
            )
        return source

    def sources_in(self, path: list, values: list | None) -> list[dict]:
        sources = [self.source_in([*path, i], value) for i, value in enumerate(values or [])]
        return sorted(sources, key=source_sort_key)

    def topic_in(self, path, r):
        return {"key": r["key"], "name": text_in(r["name"]), "parent": r.get("parent")}

    def party_in(self, path, r):
        return {
            "key": r["key"],
            "slug": r.get("slug"),
            "kind": r["kind"],
            "name": text_in(r["name"]),
            "short_name": text_in(r.get("short_name")),
            "iso_code": r.get("iso_code"),
            "parent": r.get("parent"),
            "wikidata": r.get("wikidata"),
        }

    def person_in(self, path, r):
        aliases = [alias.strip() for alias in r.get("aliases") or [] if alias.strip()]
        return {
            "key": r["key"],
            "slug": r.get("slug"),
            "name": text_in(r["name"]),
            "aliases": aliases,
            "party": r.get("party"),
            "wikidata": r.get("wikidata"),
        }

    def series_in(self, path, r):
        return {
            "key": r["key"],
            "slug": r.get("slug"),
            "name": text_in(r["name"]),
            "members": sorted(r.get("members") or []),
        }

    def summit_in(self, path, r):
        leaders = [
            {"person": row["person"], "party": row["party"], "role": text_in(row.get("role"))}
            for row in r.get("leaders") or []
        ]
        return {
            "key": r["key"],
            "slug": r.get("slug"),
            "publication_state": r.get("publication_state") or "published",
            "series": r.get("series"),
            "ordinal": r.get("ordinal"),
            "kind": r["kind"],
            "name": text_in(r["name"]),
            "start_date": self.partial_date([*path, "start_date"], r["start_date"]),
            "end_date": self.full_date([*path, "end_date"], r.get("end_date")),
            "city": text_in(r.get("city")),
            "venue": text_in(r.get("venue")),
            "host": r.get("host"),
            "participants": sorted(r.get("participants") or []),
            "leaders": sorted(leaders, key=lambda leader: (leader["party"], leader["person"])),
            "description": text_in(r.get("description")),
            "sources": self.sources_in([*path, "sources"], r.get("sources")),
        }

    def document_in(self, path, r):
        signatories = [
            {
                "person": row["person"],
                "party": row["party"],
                "capacity": text_in(row.get("capacity")),
                "signed_on": self.full_date([*path, "signatories", i, "signed_on"], row.get("signed_on")),
            }
            for i, row in enumerate(r.get("signatories") or [])
        ]
        events = [
            {
                "kind": row["kind"],
                "party": row.get("party"),
                "date": self.partial_date([*path, "status_events", i, "date"], row["date"]),
                "source": self.source_in([*path, "status_events", i, "source"], row.get("source")),
            }
            for i, row in enumerate(r.get("status_events") or [])
        ]
        return {
            "key": r["key"],
            "slug": r.get("slug"),
            "publication_state": r.get("publication_state") or "published",
            "kind": r["kind"],
            "legal_nature": r.get("legal_nature") or "unknown",
            "title": text_in(r["title"]),
            "short_title": text_in(r.get("short_title")),
            "summit": r.get("summit"),
            "signed_on": self.partial_date([*path, "signed_on"], r.get("signed_on")),
            "signed_at": text_in(r.get("signed_at")),
            "parties": sorted(r.get("parties") or []),
            "signatories": sorted(signatories, key=lambda s: (s["party"], s["person"])),
            "topics": sorted(r.get("topics") or []),
            "status": r.get("status") or "signed",
            "status_events": sorted(events, key=lambda e: (e["date"] or "", e["kind"], e["party"] or "")),
            "entry_into_force": self.partial_date([*path, "entry_into_force"], r.get("entry_into_force")),
            "registration_numbers": sorted(
                ({"register": row["register"], "number": row["number"]} for row in r.get("registration_numbers") or []),
                key=lambda row: (row["register"], row["number"]),
            ),
            "wikidata": r.get("wikidata"),
            "languages": sorted(r.get("languages") or []),
            "summary": text_in(r.get("summary")),
            "relations": sorted(
                ({"kind": row["kind"], "document": row["document"]} for row in r.get("relations") or []),
                key=lambda row: (row["kind"], row["document"]),
            ),
            "sources": self.sources_in([*path, "sources"], r.get("sources")),
        }

    def target_in(self, path, r):
        observations = [
            {
                "date": self.partial_date([*path, "observations", i, "date"], row["date"]),
                "value": number(row["value"]),
                "source": self.source_in([*path, "observations", i, "source"], row.get("source")),
            }
            for i, row in enumerate(r.get("observations") or [])
        ]
        return {
            "key": r["key"],
            "slug": r.get("slug"),
            "description": text_in(r["description"]),
            "metric": r["metric"],
            "value": number(r["value"]),
            "unit": r["unit"],
            "deadline": self.full_date([*path, "deadline"], r.get("deadline")),
            "parties": sorted(r.get("parties") or []),
            "set_at_summit": r.get("set_at_summit"),
            "set_in_document": r.get("set_in_document"),
            "observations": sorted(observations, key=lambda row: (row["date"] or "", row["value"])),
            "sources": self.sources_in([*path, "sources"], r.get("sources")),
        }

    def honour_in(self, path, r):
        return {
            "key": r["key"],
            "name": text_in(r["name"]),
            "recipient": r["recipient"],
            "conferred_by": r["conferred_by"],
            "date": self.full_date([*path, "date"], r.get("date")),
            "summit": r.get("summit"),
            "source": self.source_in([*path, "source"], r.get("source")),
        }

    # -- what is stored --

    def load_stored(self) -> None:
        """The canonical form and id of every stored record the file names, read in chunks."""
        querysets = section_querysets()
        for name in SECTIONS:
            keys = list(self.incoming[name])
            for start in range(0, len(keys), CHUNK):
                for record in querysets[name].filter(key__in=keys[start : start + CHUNK]):
                    self.stored[name][record.key] = RECORDS[name](record)
                    self.ids[name][record.key] = record.pk

    def resolve(self, section: str, wanted: dict[str, list[list]], label: str) -> None:
        """Check that every referenced key is in the file or the database; remember the stored ids."""
        missing = [key for key in wanted if key not in self.incoming[section] and key not in self.ids[section]]
        model = section_querysets()[section].model
        for start in range(0, len(missing), CHUNK):
            for key, pk in model.objects.filter(key__in=missing[start : start + CHUNK]).values_list("key", "pk"):
                self.ids[section][key] = pk
        for key, paths in wanted.items():
            if key not in self.incoming[section] and key not in self.ids[section]:
                for path in paths:
                    self.error(path, f"no {label} with key {quoted(key)}")

    def check_references(self) -> None:
        refs: dict[str, dict[str, list[list]]] = {name: defaultdict(list) for name in SECTIONS}

        def ref(section: str, key: str | None, path: list) -> None:
            if key is not None:
                refs[section][key].append(path)

        for _key, (i, r) in self.incoming["topics"].items():
            ref("topics", r["parent"], ["topics", i, "parent"])
        for _key, (i, r) in self.incoming["parties"].items():
            ref("parties", r["parent"], ["parties", i, "parent"])
        for _key, (i, r) in self.incoming["people"].items():
            ref("parties", r["party"], ["people", i, "party"])
        for _key, (i, r) in self.incoming["series"].items():
            for j, member in enumerate(r["members"]):
                ref("parties", member, ["series", i, "members", j])
        for _key, (i, r) in self.incoming["summits"].items():
            ref("series", r["series"], ["summits", i, "series"])
            ref("parties", r["host"], ["summits", i, "host"])
            for j, party in enumerate(r["participants"]):
                ref("parties", party, ["summits", i, "participants", j])
            for j, leader in enumerate(r["leaders"]):
                ref("people", leader["person"], ["summits", i, "leaders", j, "person"])
                ref("parties", leader["party"], ["summits", i, "leaders", j, "party"])
        for _key, (i, r) in self.incoming["documents"].items():
            ref("summits", r["summit"], ["documents", i, "summit"])
            for j, party in enumerate(r["parties"]):
                ref("parties", party, ["documents", i, "parties", j])
            for j, row in enumerate(r["signatories"]):
                ref("people", row["person"], ["documents", i, "signatories", j, "person"])
                ref("parties", row["party"], ["documents", i, "signatories", j, "party"])
            for j, topic in enumerate(r["topics"]):
                ref("topics", topic, ["documents", i, "topics", j])
            for j, row in enumerate(r["status_events"]):
                ref("parties", row["party"], ["documents", i, "status_events", j, "party"])
            for j, row in enumerate(r["relations"]):
                ref("documents", row["document"], ["documents", i, "relations", j, "document"])
        for _key, (i, r) in self.incoming["targets"].items():
            for j, party in enumerate(r["parties"]):
                ref("parties", party, ["targets", i, "parties", j])
            ref("summits", r["set_at_summit"], ["targets", i, "set_at_summit"])
            ref("documents", r["set_in_document"], ["targets", i, "set_in_document"])
        for _key, (i, r) in self.incoming["honours"].items():
            ref("people", r["recipient"], ["honours", i, "recipient"])
            ref("parties", r["conferred_by"], ["honours", i, "conferred_by"])
            ref("summits", r["summit"], ["honours", i, "summit"])
        labels = {
            "topics": "topic",
            "parties": "party",
            "people": "person",
            "series": "series",
            "summits": "summit",
            "documents": "document",
        }
        for section, label in labels.items():
            self.resolve(section, refs[section], label)
        languages = set(models.Language.objects.values_list("code", flat=True))
        for _key, (i, r) in self.incoming["documents"].items():
            for j, code in enumerate(r["languages"]):
                if code not in languages:
                    self.error(["documents", i, "languages", j], f"{quoted(code)} is not a known language code")

    # -- the rules of the data (docs/data-rules.md), checked before anything is written --

    def check_rules(self) -> None:
        self.fill_slugs()
        self.check_parents("topics")
        self.check_parents("parties")
        isos: dict[str, str] = {}
        for key, (i, r) in self.incoming["parties"].items():
            if r["iso_code"] and r["kind"] != "state":
                self.error(["parties", i, "iso_code"], "only a state has an ISO 3166-1 code")
            if r["iso_code"]:
                if r["iso_code"] in isos:
                    self.error(
                        ["parties", i, "iso_code"],
                        f"{quoted(r['iso_code'])} is also the code of {quoted(isos[r['iso_code']])}",
                    )
                isos[r["iso_code"]] = key
        self.check_unique_in_database(models.Party, "iso_code", isos, "parties")
        ordinals: dict[tuple, str] = {}
        for key, (i, r) in self.incoming["summits"].items():
            if r["ordinal"] is not None:
                if r["series"] is None:
                    self.error(["summits", i, "ordinal"], "a meeting number needs a series")
                elif (r["series"], r["ordinal"]) in ordinals:
                    self.error(
                        ["summits", i, "ordinal"],
                        f"the series already has meeting {r['ordinal']} "
                        f"({quoted(ordinals[(r['series'], r['ordinal'])])})",
                    )
                else:
                    ordinals[(r["series"], r["ordinal"])] = key
            if r["end_date"] and r["start_date"] and r["end_date"] < parse_partial_date(r["start_date"])[0].isoformat():
                self.error(["summits", i, "end_date"], "a summit cannot end before it starts")
        for (series, ordinal), key in ordinals.items():
            series_id = self.ids["series"].get(series)
            if series_id is None:
                continue
            clash = (
                models.Summit.objects.filter(series_id=series_id, ordinal=ordinal)
                .exclude(key__in=self.incoming["summits"])
                .first()
            )
            if clash:
                i = self.incoming["summits"][key][0]
                self.error(["summits", i, "ordinal"], f"the series already has meeting {ordinal} ({quoted(clash.key)})")
        numbers: dict[tuple, str] = {}
        for key, (i, r) in self.incoming["documents"].items():
            path = ["documents", i]
            if r["publication_state"] == "published" and not r["parties"]:
                self.error([*path, "parties"], "a published document needs at least one party")
            for j, row in enumerate(r["signatories"]):
                if row["party"] not in r["parties"]:
                    self.error(
                        [*path, "signatories", j, "party"], f"{quoted(row['party'])} is not a party of this document"
                    )
            seen = set()
            for j, row in enumerate(r["signatories"]):
                if (row["person"], row["party"]) in seen:
                    self.error([*path, "signatories", j], "lists the same signature twice")
                seen.add((row["person"], row["party"]))
            if r["signed_on"]:
                signed, _ = parse_partial_date(r["signed_on"])
                for j, row in enumerate(r["status_events"]):
                    if row["date"] and event_before_signing(row["date"], signed):
                        self.error(
                            [*path, "status_events", j, "date"],
                            f"{quoted(row['date'])} is before the signing ({r['signed_on']})",
                        )
            for j, row in enumerate(r["relations"]):
                if row["document"] == key:
                    self.error([*path, "relations", j, "document"], "a document cannot relate to itself")
            if len({(row["kind"], row["document"]) for row in r["relations"]}) != len(r["relations"]):
                self.error([*path, "relations"], "lists the same relation twice")
            for j, row in enumerate(r["registration_numbers"]):
                number_key = (row["register"], row["number"])
                if number_key in numbers:
                    self.error(
                        [*path, "registration_numbers", j],
                        f"{row['register']} {row['number']} is also the number of {quoted(numbers[number_key])}",
                    )
                numbers[number_key] = key
        for (register, value), key in numbers.items():
            clash = (
                models.RegistrationNumber.objects.filter(register=register, number=value)
                .exclude(document__key__in=list(self.incoming["documents"]))
                .select_related("document")
                .first()
            )
            if clash:
                i = self.incoming["documents"][key][0]
                self.error(
                    ["documents", i, "registration_numbers"],
                    f"{register} {value} is already the number of {quoted(clash.document.key)}",
                )
        for i, r in self.incoming["summits"].values():
            if len({row["person"] for row in r["leaders"]}) != len(r["leaders"]):
                self.error(["summits", i, "leaders"], "lists the same person twice")

    def fill_slugs(self) -> None:
        """A record keeps its slug (slugs are frozen); a new record without one gets its key in lower case."""
        for name in ("parties", "people", "series", "summits", "documents", "targets"):
            slugs: dict[str, str] = {}
            for key, (i, r) in self.incoming[name].items():
                if r["slug"] is None:
                    r["slug"] = self.stored[name][key]["slug"] if key in self.stored[name] else key.lower()
                if r["slug"] in slugs:
                    self.error([name, i, "slug"], f"{quoted(r['slug'])} is also the slug of {quoted(slugs[r['slug']])}")
                slugs[r["slug"]] = key
            self.check_unique_in_database(section_querysets()[name].model, "slug", slugs, name)

    def check_unique_in_database(self, model, field_name: str, values: dict[str, str], section: str) -> None:
        items = list(values.items())
        for start in range(0, len(items), CHUNK):
            chunk = dict(items[start : start + CHUNK])
            clashes = model.objects.filter(**{f"{field_name}__in": list(chunk)}).values_list(field_name, "key")
            for value, other in clashes:
                if other != chunk[value] and other not in self.incoming[section]:
                    i = self.incoming[section][chunk[value]][0]
                    self.error([section, i, field_name], f"{quoted(value)} is already used by {quoted(other)}")

    def check_parents(self, section: str) -> None:
        """No record is its own ancestor within the file."""
        for key, (i, r) in self.incoming[section].items():
            seen, parent = {key}, r["parent"]
            while parent is not None and parent in self.incoming[section]:
                if parent in seen:
                    self.error([section, i, "parent"], f"{quoted(r['parent'])} makes a loop of parents")
                    break
                seen.add(parent)
                parent = self.incoming[section][parent][1]["parent"]

    # -- comparing and counting --

    def plan(self) -> dict[str, list[str]]:
        """Which records to write; counts created, changed and unchanged."""
        writes = {}
        for name in SECTIONS:
            counts = self.report.counts[name]
            writes[name] = []
            for key, (_i, record) in self.incoming[name].items():
                stored = self.stored[name].get(key)
                if stored is None:
                    counts["created"] += 1
                elif stored == record:
                    counts["unchanged"] += 1
                    continue
                else:
                    counts["changed"] += 1
                writes[name].append(key)
        return writes

    # -- writing --

    def tick(self, name: str, done: int, total: int) -> None:
        if self.progress and (done % CHUNK == 0 or done == total):
            self.progress(name, done, total)

    def write(self, writes: dict[str, list[str]]) -> None:
        self.write_sources()
        for name in ("topics", "parties"):
            for n, key in enumerate(self.parents_first(name, writes[name]), 1):
                getattr(self, f"write_{name}")(key, self.incoming[name][key][1])
                self.tick(name, n, len(writes[name]))
        for name in ("people", "series", "summits", "documents", "targets", "honours"):
            for n, key in enumerate(writes[name], 1):
                getattr(self, f"write_{name}")(key, self.incoming[name][key][1])
                self.tick(name, n, len(writes[name]))
        # Relations last: they may point to documents written after their own.
        for key in writes["documents"]:
            self.write_relations(key, self.incoming["documents"][key][1])

    def parents_first(self, name: str, keys: list[str]) -> list[str]:
        ordered, placed = [], set()

        def place(key: str) -> None:
            if key in placed:
                return
            placed.add(key)
            parent = self.incoming[name][key][1]["parent"]
            if parent in wanted:
                place(parent)
            ordered.append(key)

        wanted = set(keys)
        for key in keys:
            place(key)
        return ordered

    def write_sources(self) -> None:
        """Match every source by URL, else by title and publisher, else by citation; update or create it."""
        by_url = [match for match in self.sources if match[0] == "url"]
        existing: dict[tuple, models.Source] = {}
        urls = [match[1] for match in by_url]
        for start in range(0, len(urls), CHUNK):
            for source in models.Source.objects.filter(url__in=urls[start : start + CHUNK]):
                existing[("url", source.url)] = source
        for match, wanted in self.sources.items():
            source = existing.get(match)
            if source is None and match[0] == "title":
                source = models.Source.objects.filter(url="", title=match[1], publisher=match[2]).order_by("pk").first()
            elif source is None and match[0] == "citation":
                source = models.Source.objects.filter(url="", title="", citation=match[1]).order_by("pk").first()
            if source is None:
                source = models.Source()
            if source.pk is None or source_record(source) != wanted:
                source.url = wanted["url"] or ""
                source.title = wanted["title"] or ""
                source.publisher = wanted["publisher"] or ""
                source.citation = wanted["citation"] or ""
                source.published_on = wanted["published_on"]
                source.language = wanted["language"] or ""
                source.save()
            self.source_ids[match] = source.pk

    def source_id(self, source: dict | None) -> int | None:
        return None if source is None else self.source_ids[source_match_key(source)]

    def ref(self, section: str, key: str | None) -> int | None:
        return None if key is None else self.ids[section][key]

    def refs(self, section: str, keys: list[str]) -> list[int]:
        return [self.ids[section][key] for key in keys]

    def instance(self, name: str, key: str):
        model = section_querysets()[name].model
        pk = self.ids[name].get(key)
        return model.objects.get(pk=pk) if pk else model(key=key)

    def saved(self, name: str, record) -> None:
        record.save()
        self.ids[name][record.key] = record.pk

    def write_topics(self, key: str, r: dict) -> None:
        topic = self.instance("topics", key)
        set_translated(topic, "name", r["name"])
        topic.parent_id = self.ref("topics", r["parent"])
        self.saved("topics", topic)

    def write_parties(self, key: str, r: dict) -> None:
        party = self.instance("parties", key)
        party.slug, party.kind = r["slug"], r["kind"]
        set_translated(party, "name", r["name"])
        set_translated(party, "short_name", r["short_name"])
        party.iso_code = r["iso_code"] or ""
        party.parent_id = self.ref("parties", r["parent"])
        party.wikidata = r["wikidata"] or ""
        self.saved("parties", party)

    def write_people(self, key: str, r: dict) -> None:
        person = self.instance("people", key)
        person.slug = r["slug"]
        set_translated(person, "name", r["name"])
        person.aliases = "\n".join(r["aliases"])
        person.party_id = self.ref("parties", r["party"])
        person.wikidata = r["wikidata"] or ""
        self.saved("people", person)

    def write_series(self, key: str, r: dict) -> None:
        series = self.instance("series", key)
        series.slug = r["slug"]
        set_translated(series, "name", r["name"])
        self.saved("series", series)
        series.members.set(self.refs("parties", r["members"]))

    def write_summits(self, key: str, r: dict) -> None:
        summit = self.instance("summits", key)
        summit.slug = r["slug"]
        set_publication_state(summit, r["publication_state"])
        summit.series_id = self.ref("series", r["series"])
        summit.ordinal, summit.kind = r["ordinal"], r["kind"]
        set_translated(summit, "name", r["name"])
        summit.start_date, summit.start_date_precision = parse_partial_date(r["start_date"])
        summit.end_date = datetime.date.fromisoformat(r["end_date"]) if r["end_date"] else None
        for name in ("city", "venue", "description"):
            set_translated(summit, name, r[name])
        summit.host_id = self.ref("parties", r["host"])
        self.saved("summits", summit)
        summit.participants.set(self.refs("parties", r["participants"]))
        summit.sources.set([self.source_id(source) for source in r["sources"]])
        sync_rows(
            summit.leaders.all(),
            lambda row: row.person_id,
            {
                self.ids["people"][row["person"]]: {
                    "summit": summit,
                    "person_id": self.ids["people"][row["person"]],
                    "party_id": self.ids["parties"][row["party"]],
                    **translated_columns("role", row["role"]),
                }
                for row in r["leaders"]
            },
            models.SummitLeader,
        )

    def write_documents(self, key: str, r: dict) -> None:
        document = self.instance("documents", key)
        parties = self.refs("parties", r["parties"])
        signatures = {
            (self.ids["people"][row["person"]], self.ids["parties"][row["party"]]): {
                "person_id": self.ids["people"][row["person"]],
                "party_id": self.ids["parties"][row["party"]],
                "signed_on": datetime.date.fromisoformat(row["signed_on"]) if row["signed_on"] else None,
                **translated_columns("capacity", row["capacity"]),
            }
            for row in r["signatories"]
        }
        events = {}
        for row in r["status_events"]:
            date, precision = parse_partial_date(row["date"])
            party_id = self.ref("parties", row["party"])
            events[(row["kind"], party_id, date, precision)] = {
                "kind": row["kind"],
                "party_id": party_id,
                "date": date,
                "date_precision": precision,
                "source_id": self.source_id(row["source"]),
            }
        numbers = {(row["register"], row["number"]): dict(row) for row in r["registration_numbers"]}
        if document.pk:
            # Rows that go, go first: SQLite checks status dates as rows are written, and a party row
            # may only leave once no signature names it.
            delete_missing(document.status_events.all(), event_key, events)
            delete_missing(document.signatures.all(), lambda row: (row.person_id, row.party_id), signatures)
            delete_missing(document.registration_numbers.all(), lambda row: (row.register, row.number), numbers)
            delete_missing(document.document_parties.all(), lambda row: row.party_id, dict.fromkeys(parties))
        document.slug, document.kind, document.legal_nature = r["slug"], r["kind"], r["legal_nature"]
        set_publication_state(document, r["publication_state"])
        set_translated(document, "title", r["title"])
        for name in ("short_title", "signed_at", "summary"):
            set_translated(document, name, r[name])
        document.summit_id = self.ref("summits", r["summit"])
        document.signed_on, document.signed_on_precision = split_partial(r["signed_on"])
        document.status = r["status"]
        document.entry_into_force, document.entry_into_force_precision = split_partial(r["entry_into_force"])
        document.wikidata = r["wikidata"] or ""
        self.saved("documents", document)
        upsert_rows(
            document.document_parties.all(),
            lambda row: row.party_id,
            {pk: {"party_id": pk} for pk in parties},
            models.DocumentParty,
            document=document,
        )
        upsert_rows(
            document.signatures.all(),
            lambda row: (row.person_id, row.party_id),
            signatures,
            models.Signature,
            document=document,
        )
        upsert_rows(document.status_events.all(), event_key, events, models.StatusEvent, document=document)
        upsert_rows(
            document.registration_numbers.all(),
            lambda row: (row.register, row.number),
            numbers,
            models.RegistrationNumber,
            document=document,
        )
        document.topics.set(self.refs("topics", r["topics"]))
        document.languages.set(r["languages"])
        document.sources.set([self.source_id(source) for source in r["sources"]])

    def write_relations(self, key: str, r: dict) -> None:
        document_id = self.ids["documents"][key]
        wanted = {
            (row["kind"], self.ids["documents"][row["document"]]): {
                "kind": row["kind"],
                "to_document_id": self.ids["documents"][row["document"]],
            }
            for row in r["relations"]
        }
        sync_rows(
            models.DocumentRelation.objects.filter(from_document_id=document_id),
            lambda row: (row.kind, row.to_document_id),
            wanted,
            models.DocumentRelation,
            from_document_id=document_id,
        )

    def write_targets(self, key: str, r: dict) -> None:
        target = self.instance("targets", key)
        target.slug = r["slug"]
        set_translated(target, "description", r["description"])
        target.metric, target.value, target.unit = r["metric"], Decimal(str(r["value"])), r["unit"]
        target.deadline = datetime.date.fromisoformat(r["deadline"]) if r["deadline"] else None
        target.set_at_summit_id = self.ref("summits", r["set_at_summit"])
        target.set_in_document_id = self.ref("documents", r["set_in_document"])
        self.saved("targets", target)
        target.parties.set(self.refs("parties", r["parties"]))
        target.sources.set([self.source_id(source) for source in r["sources"]])
        observations = {}
        for row in r["observations"]:
            date, precision = parse_partial_date(row["date"])
            observations[(date, precision, Decimal(str(row["value"])))] = {
                "date": date,
                "date_precision": precision,
                "value": Decimal(str(row["value"])),
                "source_id": self.source_id(row["source"]),
            }
        sync_rows(
            target.observations.all(),
            lambda row: (row.date, row.date_precision, row.value),
            observations,
            models.TargetObservation,
            target=target,
        )

    def write_honours(self, key: str, r: dict) -> None:
        honour = self.instance("honours", key)
        set_translated(honour, "name", r["name"])
        honour.recipient_id = self.ids["people"][r["recipient"]]
        honour.conferred_by_id = self.ids["parties"][r["conferred_by"]]
        honour.date = datetime.date.fromisoformat(r["date"]) if r["date"] else None
        honour.summit_id = self.ref("summits", r["summit"])
        honour.source_id = self.source_id(r["source"])
        self.saved("honours", honour)

    # -- the whole run --

    def run(self, dry_run: bool) -> ImportReport:
        self.report.dry_run = dry_run
        self.normalise()
        if not self.errors:
            self.load_stored()
            self.check_references()
        if not self.errors:
            self.check_rules()
        if self.errors:
            self.report.errors = self.errors
            return self.report
        writes = self.plan()
        if not any(writes.values()):
            return self.report
        try:
            with transaction.atomic(), search.deferred_refresh():
                self.write(writes)
                if connection.vendor == "postgresql":
                    # Deferred rules are checked here, inside the try, rather than at commit.
                    with connection.cursor() as cursor:
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                if dry_run:
                    raise _DryRun
        except _DryRun:
            return self.report
        except (IntegrityError, DatabaseError) as error:
            # A rule the checks above missed: nothing was written, and the report says which rule.
            self.report.errors = [f"file: the database refused the import ({str(error).strip().splitlines()[0]})"]
            return self.report
        self.report.written = True
        return self.report


class _DryRun(Exception):
    """Rolls the dry run's transaction back."""


def source_match_key(source: dict) -> tuple | None:
    """How a source is recognised: by URL, else by title and publisher, else by citation."""
    if source["url"]:
        return ("url", source["url"])
    if source["title"]:
        return ("title", source["title"], source["publisher"] or "")
    if source["citation"]:
        return ("citation", source["citation"])
    return None


def event_before_signing(event: str, signed: datetime.date) -> bool:
    """The database rule: an event is compared with the signing at the event's own precision."""
    date, precision = parse_partial_date(event)
    if precision == Precision.YEAR:
        return date.year < signed.year
    if precision == Precision.MONTH:
        return (date.year, date.month) < (signed.year, signed.month)
    return date < signed


def event_key(row: models.StatusEvent) -> tuple:
    return (row.kind, row.party_id, row.date, row.date_precision)


def split_partial(value: str | None) -> tuple[datetime.date | None, str]:
    return parse_partial_date(value) if value else (None, Precision.DAY)


def translated_columns(name: str, value: dict | None) -> dict[str, str | None]:
    value = value or {}
    return {f"{name}_{code}": value.get(code) for code in LANGUAGES}


def set_translated(record: Any, name: str, value: dict | None) -> None:
    for column, text in translated_columns(name, value).items():
        setattr(record, column, text)
    # The untranslated column holds English, the fallback (and is NOT NULL).
    setattr(record, name, (value or {}).get("en") or "")


def set_publication_state(record: models.Publishable, state: str) -> None:
    record.publication_state = state
    if state == models.PublicationState.PUBLISHED and record.published_at is None:
        record.published_at = timezone.now()


def delete_missing(rows: QuerySet, key: Callable, wanted: dict) -> None:
    """Delete, one by one so that history records it, the rows the file no longer lists."""
    for row in rows:
        if key(row) not in wanted:
            row.delete()


def upsert_rows(rows: QuerySet, key: Callable, wanted: dict[Any, dict], model, **parent) -> None:
    """Update the rows whose fields differ and create the missing ones, each through save() (history)."""
    existing = {key(row): row for row in rows}
    for row_key, values in wanted.items():
        row = existing.get(row_key)
        if row is None:
            model(**parent, **values).save()
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.save()


def sync_rows(rows: QuerySet, key: Callable, wanted: dict[Any, dict], model, **parent) -> None:
    delete_missing(rows, key, wanted)
    upsert_rows(rows.all(), key, wanted, model, **parent)


def import_data(data: Any, dry_run: bool = False, progress: Progress | None = None) -> ImportReport:
    """Validate a parsed file completely, then write it all in one transaction, or nothing."""
    errors = validate_schema(data)
    if errors:
        return ImportReport(errors=errors, dry_run=dry_run)
    return Importer(data, progress=progress).run(dry_run=dry_run)


def import_file(content: str | bytes, dry_run: bool = False, progress: Progress | None = None) -> ImportReport:
    """Parse, validate and import one exchange-format file."""
    data, errors = parse(content)
    if errors:
        return ImportReport(errors=errors, dry_run=dry_run)
    return import_data(data, dry_run=dry_run, progress=progress)
