"""The exchange format: canonical export, the byte-identical round trip, and the all-or-nothing import."""

import copy
import datetime
import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from registry import models
from registry.exchange import export_registry, import_data, import_file, iter_export
from tests import factories

SEED_EXCHANGE = Path(__file__).parent / "data" / "seed-exchange.json"


def exported(published_only: bool = False) -> str:
    out = io.StringIO()
    export_registry(out, published_only=published_only)
    return out.getvalue()


def empty_registry() -> None:
    """Delete every record, children and dependants first (the database refuses the other order)."""
    for model in (
        models.Honour,
        models.TargetObservation,
        models.Target,
        models.DocumentRelation,
        models.Signature,
        models.StatusEvent,
        models.RegistrationNumber,
        models.DocumentParty,
        models.Document,
        models.SummitLeader,
        models.Summit,
        models.MeetingSeries,
        models.Person,
    ):
        model.objects.all().delete()
    for model in (models.Party, models.Topic):
        model.objects.filter(parent__isnull=False).delete()
        model.objects.all().delete()
    models.Source.objects.all().delete()


def snapshot() -> dict[str, int]:
    """Row counts of every registry table and every history table."""
    return {model._meta.label: model.objects.count() for model in apps.get_app_config("registry").get_models()}


def seed_file() -> dict:
    return json.loads(SEED_EXCHANGE.read_text(encoding="utf-8"))


def test_the_seed_exports_to_the_committed_exchange_file(db):
    call_command("loaddata", "seed", verbosity=0)
    assert exported() == SEED_EXCHANGE.read_text(encoding="utf-8")


def test_the_seed_round_trip_is_byte_identical(db):
    call_command("loaddata", "seed", verbosity=0)
    first = exported()
    empty_registry()
    assert models.Document.objects.count() == 0
    report = import_file(first.encode())
    assert report.ok, report.errors
    assert exported() == first


@pytest.fixture
def rich_registry(db):
    """Every kind of record and field, from the factories."""
    state, other = factories.StateFactory(), factories.StateFactory()
    ministry = factories.PartyFactory(parent=state, short_name_en="MFA", short_name_ru="МИД")
    person = factories.PersonFactory(aliases="Caparov\nЖапаров", party=state, wikidata="Q123")
    series = factories.MeetingSeriesFactory()
    series.members.set([state, other])
    summit = factories.SummitFactory(
        series=series,
        ordinal=3,
        host=state,
        start_date=datetime.date(2024, 3, 1),
        start_date_precision="month",
        city_en="Astana",
        city_tr="Astana",
    )
    summit.participants.set([state, other])
    summit.sources.set([factories.SourceFactory()])
    models.SummitLeader.objects.create(summit=summit, person=person, party=state, role_en="President")
    topic = factories.TopicFactory(key="trade")
    factories.TopicFactory(key="export-credit", parent=topic)
    earlier = factories.DocumentFactory(parties=[state, other], signed_on=datetime.date(2019, 1, 1))
    earlier.signed_on_precision = "year"
    earlier.save()
    document = factories.DocumentFactory(
        parties=[state, ministry, other], topics=[topic], summit=summit, summary_en="What it says", title_kk="Келісім"
    )
    document.languages.set(["kk", "ru"])
    document.sources.set([factories.SourceFactory(url="", title="A printed bulletin", publisher="Gazette")])
    factories.SignatureFactory(document=document, person=person, party=ministry, capacity_ru="Министр")
    factories.StatusEventFactory(document=document, party=other, date=datetime.date(2026, 1, 1), date_precision="year")
    models.RegistrationNumber.objects.create(document=document, register="unts", number="I-12345")
    models.DocumentRelation.objects.create(from_document=document, kind="implements", to_document=earlier)
    factories.DocumentFactory(publication_state="draft", parties=[other])
    target = factories.TargetFactory(set_at_summit=summit, set_in_document=document, value="2500000.5")
    target.parties.set([state, other])
    models.TargetObservation.objects.create(
        target=target, date=datetime.date(2024, 6, 1), date_precision="month", value=7
    )
    factories.HonourFactory(recipient=person, conferred_by=other, summit=summit, date=datetime.date(2024, 3, 2))
    return document


def test_the_factories_round_trip_is_byte_identical(rich_registry):
    first = exported()
    record = next(d for d in json.loads(first)["documents"] if d["key"] == rich_registry.key)
    assert record["title"] == {"en": rich_registry.title_en, "kk": "Келісім"}
    empty_registry()
    report = import_file(first)
    assert report.ok, report.errors
    assert exported() == first


def test_the_export_is_canonical_json(rich_registry):
    text = exported()
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert "".join(iter_export()) == text


def test_importing_the_same_file_twice_changes_nothing(rich_registry):
    text = exported()
    before = snapshot()
    report = import_file(text)
    assert report.ok and not report.written
    assert report.counts["documents"] == {"created": 0, "changed": 0, "unchanged": 3}
    assert snapshot() == before


def test_a_changed_record_is_written_once_with_history(rich_registry):
    data = json.loads(exported())
    record = next(d for d in data["documents"] if d["key"] == rich_registry.key)
    record["title"]["tr"] = "Anlaşma"
    record["status_events"] = []
    history = rich_registry.history.count()
    report = import_data(data)
    assert report.ok, report.errors
    assert report.counts["documents"] == {"created": 0, "changed": 1, "unchanged": 2}
    rich_registry.refresh_from_db()
    assert rich_registry.title_tr == "Anlaşma"
    assert not rich_registry.status_events.exists()
    assert rich_registry.history.count() == history + 1
    assert models.StatusEvent.history.filter(history_type="-").count() == 1


def test_a_dry_run_reports_and_writes_nothing(db):
    before = snapshot()
    out = io.StringIO()
    call_command("import_registry", str(SEED_EXCHANGE), "--dry-run", stdout=out, stderr=io.StringIO())
    assert "documents: 12 created, 0 changed, 0 unchanged" in out.getvalue()
    assert snapshot() == before


def test_the_command_imports_and_shows_progress(db):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_registry", str(SEED_EXCHANGE), stdout=out, stderr=err)
    assert "Imported" in out.getvalue() and "documents: 12/12" in err.getvalue()
    document = models.Document.objects.get(key="kg-kz-treaty-allied-relations")
    assert (document.signed_on, document.signed_on_precision) == (datetime.date(2024, 1, 1), "year")
    assert document.is_published and document.published_at is not None
    assert document.history.count() == 1


def test_the_export_command_writes_a_file(rich_registry, tmp_path):
    target = tmp_path / "registry.json"
    call_command("export_registry", str(target), stdout=io.StringIO(), stderr=io.StringIO())
    assert target.read_text(encoding="utf-8") == exported()


def test_a_plain_string_is_english_and_sources_are_matched_by_url(db):
    state = factories.StateFactory(key="KZ", name_en="Kazakhstan")
    source = factories.SourceFactory(url="https://news.example/a", title="Old title")
    data = {
        "format": "kelisim/1",
        "documents": [
            {
                "key": "a-memorandum",
                "kind": "memorandum",
                "title": "A memorandum",
                "parties": ["KZ"],
                "signed_on": "2025-03",
                "sources": [{"url": "https://news.example/a", "title": "New title"}],
            }
        ],
    }
    report = import_data(data)
    assert report.ok, report.errors
    document = models.Document.objects.get(key="a-memorandum")
    assert document.title_en == "A memorandum" and document.slug == "a-memorandum"
    assert document.signed_on_display == "March 2025"
    assert list(document.parties.all()) == [state]
    source.refresh_from_db()
    assert list(document.sources.all()) == [source] and source.title == "New title"


def test_the_public_dump_leaves_out_drafts_and_references_to_them(rich_registry):
    draft = models.Document.objects.get(publication_state="draft")
    models.DocumentRelation.objects.create(from_document=rich_registry, kind="refers_to", to_document=draft)
    data = json.loads(exported(published_only=True))
    keys = [document["key"] for document in data["documents"]]
    assert draft.key not in keys and rich_registry.key in keys
    assert all(row["document"] != draft.key for d in data["documents"] for row in d["relations"])


def mutate(data: dict, path: str, value) -> None:
    """Set documents.3.signed_on style paths; a value of DELETE removes the field."""
    *parents, last = [int(part) if part.isdigit() else part for part in path.split(".")]
    for part in parents:
        data = data[part]
    if value is DELETE:
        del data[last]
    else:
        data[last] = value


DELETE = object()

# (what to change, the error expected in the report)
ERRORS = [
    ("format", "kelisim/2", 'format: "kelisim/2" is not one of kelisim/1'),
    ("documents.3.signd_on", "2025-08-22", 'documents[3]: unknown field "signd_on"'),
    ("documents.3.signed_on", "2025-13-01", 'documents[3].signed_on: "2025-13-01" is not a date'),
    ("documents.3.signed_on", "22.08.2025", 'documents[3].signed_on: "22.08.2025" is not a date'),
    ("summits.0.end_date", "2025", 'summits[0].end_date: "2025" is not a date (YYYY-MM-DD)'),
    ("documents.3.kind", "memo", 'documents[3].kind: "memo" is not one of treaty, agreement'),
    ("documents.5.status", "valid", 'documents[5].status: "valid" is not one of draft, signed'),
    ("documents.5.parties.1", "XX", 'documents[5].parties[1]: no party with key "XX"'),
    ("documents.5.summit", "kg-kz-sic-9", 'documents[5].summit: no summit with key "kg-kz-sic-9"'),
    ("documents.5.topics.0", "weather", 'documents[5].topics[0]: no topic with key "weather"'),
    ("documents.5.key", "Bad Key", 'documents[5].key: "Bad Key" is not a key'),
    (
        "documents.5.key",
        "kg-kz-trade-roadmap",
        'documents[10].key: "kg-kz-trade-roadmap" is already used by documents[5]',
    ),
    ("documents.5.title", {"en": "Title", "de": "Titel"}, 'documents[5].title: "de" is not a language code'),
    ("documents.5.languages", ["ky", "xx"], 'documents[5].languages[1]: "xx" is not a known language code'),
    ("documents.5.title", DELETE, 'documents[5]: "title" is required'),
    ("documents.5.parties", ["KG"], 'documents[5].signatories[1].party: "KZ" is not a party of this document'),
    ("documents.5.status_events.0.date", "2025-08-21", 'documents[5].status_events[0].date: "2025-08-21" is before'),
    ("documents.5.status_events.0.date", "2025-07", 'documents[5].status_events[0].date: "2025-07" is before'),
    ("documents.5.parties", [], "documents[5].parties: a published document needs at least one party"),
    (
        "documents.5.relations",
        [{"kind": "amends", "document": "kg-kz-joint-statement-2025"}],
        "documents[5].relations[0].document: a document cannot relate to itself",
    ),
    ("summits.1.end_date", "2025-08-01", "summits[1].end_date: a summit cannot end before it starts"),
    ("summits.0.ordinal", 7, "summits[1].ordinal: the series already has meeting 7"),
    ("parties.0.kind", "region", "parties[0].iso_code: only a state has an ISO 3166-1 code"),
    ("people.0.party", "XX", 'people[0].party: no party with key "XX"'),
    ("honours.0.recipient", "nobody", 'honours[0].recipient: no person with key "nobody"'),
    ("targets.0.value", "3bn", 'targets[0].value: "3bn" is not a number'),
    ("topics.1.parent", "agriculture", 'topics[0].parent: "border" makes a loop of parents'),
    ("documents.5.sources.0.url", "ftp://x", 'documents[5].sources[0].url: "ftp://x"'),
]


@pytest.mark.parametrize(("path", "value", "message"), ERRORS, ids=[e[0] + "=" + str(e[1])[:20] for e in ERRORS])
def test_a_file_with_an_error_names_it_and_writes_nothing(db, path, value, message):
    assert import_data(seed_file()).ok
    data = seed_file()
    data["documents"][0]["title"]["en"] = "A change that must not be written"
    if path == "topics.1.parent":
        data["topics"][0]["parent"] = "border"
    mutate(data, path, value)
    before = snapshot()
    report = import_data(data)
    assert not report.ok
    assert any(error.startswith(message) for error in report.errors), report.errors
    assert snapshot() == before


def test_every_error_is_reported_at_once(db):
    data = seed_file()
    data["documents"][3]["signed_on"] = "2025-13-01"
    data["documents"][5]["parties"][1] = "XX"
    data["documents"][7]["signed_on"] = "2025-02-30"
    report = import_data(data)
    assert 'documents[3].signed_on: "2025-13-01" is not a date' in report.errors
    assert 'documents[7].signed_on: "2025-02-30" is not a date' in report.errors
    assert models.Document.objects.count() == 0


def test_a_file_that_is_not_json_is_refused_with_its_line(db):
    report = import_file(b'{"format": "kelisim/1",\n "documents": [}')
    assert report.errors == ["file: is not JSON (line 2, column 16: Expecting value)"]


def test_the_command_lists_the_errors_and_fails(db, tmp_path):
    data = seed_file()
    data["documents"][3]["signed_on"] = "2025-13-01"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_registry", str(path), stdout=io.StringIO(), stderr=err)
    assert 'documents[3].signed_on: "2025-13-01" is not a date' in err.getvalue()
    assert models.Document.objects.count() == 0


def test_a_draft_in_the_file_stays_a_draft(db):
    data = copy.deepcopy(seed_file())
    data["documents"][0]["publication_state"] = "draft"
    assert import_data(data).ok
    assert models.Document.objects.get(key=data["documents"][0]["key"]).publication_state == "draft"
