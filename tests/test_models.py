"""Model behaviour: translations with English fallback, history, partial dates, the QuerySet vocabulary."""

import datetime

import pytest
from django.utils import translation

from registry import models
from registry.dates import format_partial_date, iso_partial_date, parse_partial_date, partial_date_end
from tests.factories import DocumentFactory, PartyFactory, PersonFactory, SummitFactory


@pytest.mark.django_db
def test_a_missing_translation_falls_back_to_english():
    party = PartyFactory(name_en="Ministry of Energy", name_ru="Министерство энергетики")
    with translation.override("ru"):
        assert party.name == "Министерство энергетики"
    with translation.override("kk"):
        assert party.name == "Ministry of Energy"


@pytest.mark.django_db
def test_an_edit_leaves_a_history_row():
    person = PersonFactory(name_en="Sadyr Japarov")
    person.name_en = "Sadyr Zhaparov"
    person.save()
    assert [row.name_en for row in person.history.all()] == ["Sadyr Zhaparov", "Sadyr Japarov"]
    assert person.history.first().history_type == "~"


@pytest.mark.django_db
def test_published_hides_drafts_and_withdrawn_records():
    published = DocumentFactory()
    DocumentFactory(publication_state=models.PublicationState.DRAFT)
    DocumentFactory(publication_state=models.PublicationState.WITHDRAWN)
    assert list(models.Document.objects.published()) == [published]
    SummitFactory(publication_state=models.PublicationState.DRAFT)
    assert not models.Summit.objects.published().exists()


@pytest.mark.parametrize(
    ("text", "stored", "precision", "shown"),
    [
        ("2019", datetime.date(2019, 1, 1), "year", "2019"),
        ("2019-03", datetime.date(2019, 3, 1), "month", "March 2019"),
        ("2019-03-08", datetime.date(2019, 3, 8), "day", "March 8, 2019"),
    ],
)
def test_partial_dates_keep_their_precision(text, stored, precision, shown):
    assert parse_partial_date(text) == (stored, precision)
    assert iso_partial_date(stored, precision) == text
    with translation.override("en"):
        assert format_partial_date(stored, precision) == shown


@pytest.mark.parametrize("text", ["2025-13-01", "2025-02-30", "19", "2019/03", "", "2019-3"])
def test_a_partial_date_that_is_not_a_date_is_refused(text):
    with pytest.raises(ValueError, match="is not a date"):
        parse_partial_date(text)


def test_a_partial_date_ends_with_its_period():
    assert partial_date_end(datetime.date(2024, 2, 1), "month") == datetime.date(2024, 2, 29)
    assert partial_date_end(datetime.date(2024, 12, 1), "month") == datetime.date(2024, 12, 31)
    assert partial_date_end(datetime.date(2024, 1, 1), "year") == datetime.date(2024, 12, 31)


@pytest.mark.django_db
def test_records_read_like_their_names():
    document = DocumentFactory(title_en="Treaty of Friendship", short_title_en="Friendship treaty")
    assert str(document) == "Friendship treaty"
    assert document.get_absolute_url() == f"/documents/{document.slug}/"
