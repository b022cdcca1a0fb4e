"""Every rule of the data is kept by the database itself, even when forms are bypassed."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from registry import models
from tests.conftest import requires_postgresql
from tests.factories import (
    DocumentFactory,
    MeetingSeriesFactory,
    PartyFactory,
    PersonFactory,
    SignatureFactory,
    SourceFactory,
    StateFactory,
    StatusEventFactory,
    SummitFactory,
)

pytestmark = pytest.mark.django_db


def assert_refused(write):
    """The write fails, at once or, for rules checked at commit, when the transaction would commit."""
    with pytest.raises(IntegrityError), transaction.atomic():
        write()
        connection.check_constraints()


def test_it_accepts_valid_data_under_the_same_checks():
    document = DocumentFactory()
    SignatureFactory(document=document)
    StatusEventFactory(document=document, date=document.signed_on)
    connection.check_constraints()


def test_source_url_is_unique():
    SourceFactory(url="https://news.example/a")
    assert_refused(lambda: SourceFactory(url="https://news.example/a"))


def test_source_needs_url_title_or_citation():
    assert_refused(lambda: models.Source.objects.create(publisher="Agency"))


def test_keys_and_slugs_are_unique():
    PartyFactory(key="ministry", slug="ministry")
    assert_refused(lambda: models.Party.objects.create(key="ministry", slug="other", kind="other", name_en="X"))
    assert_refused(lambda: models.Party.objects.create(key="other", slug="ministry", kind="other", name_en="X"))


def test_iso_code_is_unique():
    StateFactory(key="KZ", iso_code="KZ")
    assert_refused(lambda: models.Party.objects.create(key="kz2", slug="kz2", kind="state", iso_code="KZ", name_en="X"))


def test_only_states_have_an_iso_code():
    assert_refused(lambda: models.Party.objects.create(key="m", slug="m", kind="company", iso_code="KZ", name_en="X"))


def test_a_party_is_not_its_own_parent():
    party = PartyFactory()
    assert_refused(lambda: models.Party.objects.filter(pk=party.pk).update(parent=party))


def test_summit_does_not_end_before_it_starts():
    assert_refused(lambda: SummitFactory(start_date=datetime.date(2025, 8, 22), end_date=datetime.date(2025, 8, 21)))


def test_ordinal_is_unique_within_a_series():
    series = MeetingSeriesFactory()
    SummitFactory(series=series, ordinal=7)
    assert_refused(lambda: SummitFactory(series=series, ordinal=7))
    SummitFactory(series=MeetingSeriesFactory(), ordinal=7)  # another series may have its own 7th


def test_an_ordinal_needs_a_series():
    assert_refused(lambda: SummitFactory(series=None, ordinal=3))


def test_a_party_is_listed_once_per_document():
    document = DocumentFactory()
    assert_refused(lambda: models.DocumentParty.objects.create(document=document, party=document.parties.first()))


def test_a_signature_names_a_party_of_its_document():
    document = DocumentFactory()
    outsider = StateFactory()
    assert_refused(lambda: SignatureFactory(document=document, party=outsider))


def test_a_party_that_signed_cannot_be_removed_from_the_document():
    signature = SignatureFactory()
    assert_refused(
        lambda: models.DocumentParty.objects.filter(document=signature.document, party=signature.party).delete()
    )


def test_a_document_with_signatures_can_still_be_deleted_whole():
    signature = SignatureFactory()
    with transaction.atomic():
        signature.document.delete()
        connection.check_constraints()
    assert not models.Signature.objects.exists()


def test_a_status_event_is_not_dated_before_the_signing():
    document = DocumentFactory(signed_on=datetime.date(2025, 8, 22))
    assert_refused(lambda: StatusEventFactory(document=document, date=datetime.date(2025, 8, 21)))
    assert_refused(
        lambda: StatusEventFactory(document=document, date=datetime.date(2025, 7, 1), date_precision="month")
    )
    assert_refused(lambda: StatusEventFactory(document=document, date=datetime.date(2024, 1, 1), date_precision="year"))


def test_a_status_event_is_compared_at_its_own_precision():
    document = DocumentFactory(signed_on=datetime.date(2025, 8, 22))
    StatusEventFactory(document=document, date=datetime.date(2025, 1, 1), date_precision="year")
    StatusEventFactory(document=document, date=datetime.date(2025, 8, 1), date_precision="month")
    connection.check_constraints()


def test_the_signing_date_cannot_move_after_a_status_event():
    document = DocumentFactory(signed_on=datetime.date(2025, 8, 22))
    StatusEventFactory(document=document, date=datetime.date(2025, 9, 1))
    assert_refused(lambda: models.Document.objects.filter(pk=document.pk).update(signed_on=datetime.date(2025, 9, 2)))


@requires_postgresql("SQLite has no deferred triggers; there the forms and the importer keep this rule")
def test_a_published_document_has_a_party():
    document = DocumentFactory(publication_state=models.PublicationState.DRAFT)
    models.DocumentParty.objects.filter(document=document).delete()
    assert_refused(
        lambda: models.Document.objects.filter(pk=document.pk).update(
            publication_state=models.PublicationState.PUBLISHED
        )
    )


@requires_postgresql("SQLite has no deferred triggers; there the forms and the importer keep this rule")
def test_the_last_party_of_a_published_document_cannot_be_removed():
    document = DocumentFactory()
    assert_refused(lambda: models.DocumentParty.objects.filter(document=document).delete())


def test_a_document_does_not_relate_to_itself():
    document = DocumentFactory()
    assert_refused(
        lambda: models.DocumentRelation.objects.create(from_document=document, to_document=document, kind="amends")
    )


def test_a_relation_is_recorded_once():
    a, b = DocumentFactory(), DocumentFactory()
    models.DocumentRelation.objects.create(from_document=a, to_document=b, kind="amends")
    assert_refused(lambda: models.DocumentRelation.objects.create(from_document=a, to_document=b, kind="amends"))


def test_a_registration_number_is_unique_in_its_register():
    a, b = DocumentFactory(), DocumentFactory()
    models.RegistrationNumber.objects.create(document=a, register="unts", number="I-1")
    assert_refused(lambda: models.RegistrationNumber.objects.create(document=b, register="unts", number="I-1"))


def test_a_summit_leader_is_listed_once():
    summit, person, party = SummitFactory(), PersonFactory(), StateFactory()
    models.SummitLeader.objects.create(summit=summit, person=person, party=party)
    assert_refused(lambda: models.SummitLeader.objects.create(summit=summit, person=person, party=party))


@pytest.mark.parametrize("record", ["party", "person", "summit"])
def test_deleting_what_documents_use_is_refused(record):
    signature = SignatureFactory(document=DocumentFactory(summit=SummitFactory()))
    target = {"party": signature.party, "person": signature.person, "summit": signature.document.summit}[record]
    with pytest.raises(ProtectedError):
        target.delete()
    # Bypassing the ORM does not help: the foreign keys refuse it in the database too.
    table, pk = target._meta.db_table, target.pk
    with connection.cursor() as cursor:
        assert_refused(lambda: cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk]))


def test_the_signature_rule_is_still_in_the_schema():
    """SQLite rebuilds a table on some schema changes; this fails if a rebuild dropped the composite key."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'registry_signature'")
        else:
            cursor.execute("SELECT conname FROM pg_constraint WHERE conrelid = 'registry_signature'::regclass")
        assert "signature_party_of_document" in str(cursor.fetchall())
