"""The admin as the editors' tool: every page opens, bad input is refused with a message, lists stay cheap."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from registry import models
from tests.factories import (
    DocumentFactory,
    HonourFactory,
    MeetingSeriesFactory,
    PersonFactory,
    SignatureFactory,
    SourceFactory,
    StateFactory,
    StatusEventFactory,
    SummitFactory,
    TargetFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_of_everything():
    document = DocumentFactory(summit=SummitFactory(series=MeetingSeriesFactory(), ordinal=1), topics=[TopicFactory()])
    SignatureFactory(document=document)
    StatusEventFactory(document=document)
    SourceFactory()
    TargetFactory()
    HonourFactory()
    models.Language.objects.get_or_create(code="kk", defaults={"name": "Kazakh"})


def registered_models():
    return [model for model in admin.site._registry if model._meta.app_label == "registry"]


def test_every_changelist_add_and_change_page_opens(admin_client, one_of_everything):
    for model in registered_models():
        info = model._meta.app_label, model._meta.model_name
        assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200, model
        assert admin_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200, model
        instance = model.objects.first()
        assert instance is not None, f"no {model.__name__} to open"
        change = reverse("admin:{}_{}_change".format(*info), args=[instance.pk])
        assert admin_client.get(change).status_code == 200, model
        history = reverse("admin:{}_{}_history".format(*info), args=[instance.pk])
        assert admin_client.get(history).status_code == 200, model


def test_every_changelist_search_and_filter_works(admin_client, one_of_everything):
    for model in registered_models():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert admin_client.get(url, {"q": "a"}).status_code == 200, model


def test_autocomplete_answers_for_parties_people_summits_series_and_topics(admin_client, one_of_everything):
    for field in ["summit", "topics"]:
        response = admin_client.get(
            reverse("admin:autocomplete"),
            {"app_label": "registry", "model_name": "document", "field_name": field, "term": ""},
        )
        assert response.status_code == 200 and response.json()["results"], field
    for model_name, field in [("signature", "person"), ("signature", "party"), ("summit", "series")]:
        response = admin_client.get(
            reverse("admin:autocomplete"),
            {"app_label": "registry", "model_name": model_name, "field_name": field, "term": ""},
        )
        assert response.status_code == 200, (model_name, field)


def summit_form(**overrides):
    data = {
        "key": "new-summit",
        "slug": "new-summit",
        "kind": "council_meeting",
        "name_en": "A meeting",
        "start_date": "2025-08-22",
        "start_date_precision": "day",
        "publication_state": "draft",
        "leaders-TOTAL_FORMS": "0",
        "leaders-INITIAL_FORMS": "0",
        "honours-TOTAL_FORMS": "0",
        "honours-INITIAL_FORMS": "0",
    }
    return data | overrides


def test_it_refuses_a_summit_that_ends_before_it_starts(admin_client):
    response = admin_client.post(reverse("admin:registry_summit_add"), summit_form(end_date="2025-08-21"))
    assert response.status_code == 200
    assert "A summit cannot end before it starts." in response.content.decode()
    assert not models.Summit.objects.exists()


def test_it_refuses_a_second_seventh_meeting_of_a_series(admin_client):
    series = MeetingSeriesFactory()
    SummitFactory(series=series, ordinal=7)
    response = admin_client.post(reverse("admin:registry_summit_add"), summit_form(series=series.pk, ordinal="7"))
    assert response.status_code == 200
    assert "This series already has a meeting with that number." in response.content.decode()
    assert models.Summit.objects.count() == 1


def document_form(document, parties=(), signatures=(), events=(), **overrides):
    data = {
        "key": document.key,
        "slug": document.slug,
        "kind": document.kind,
        "legal_nature": document.legal_nature,
        "title_en": document.title_en,
        "signed_on": document.signed_on.isoformat(),
        "signed_on_precision": "day",
        "status": document.status,
        "entry_into_force_precision": "day",
        "publication_state": document.publication_state,
        "version": document.version,
    }
    inlines = {
        "document_parties": [{"party": p.pk} for p in parties],
        "signatures": [{"person": s[0].pk, "party": s[1].pk} for s in signatures],
        "status_events": [{"kind": "ratified", "date": d, "date_precision": "day"} for d in events],
        "relations_out": [],
        "registration_numbers": [],
        "attachments": [],
    }
    for prefix, rows in inlines.items():
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(rows):
            for name, value in row.items():
                data[f"{prefix}-{index}-{name}"] = value
    return data | overrides


@pytest.fixture
def draft():
    document = DocumentFactory(publication_state=models.PublicationState.DRAFT)
    models.DocumentParty.objects.filter(document=document).delete()
    return document


def change_url(document):
    return reverse("admin:registry_document_change", args=[document.pk])


def test_it_refuses_a_signature_for_a_party_that_is_not_a_party_of_the_document(admin_client, draft):
    party, outsider, person = StateFactory(), StateFactory(), PersonFactory()
    response = admin_client.post(
        change_url(draft), document_form(draft, parties=[party], signatures=[(person, outsider)])
    )
    assert response.status_code == 200
    assert f"{outsider} is not a party to this document" in response.content.decode()
    assert not models.Signature.objects.exists()


def test_it_saves_parties_and_their_signatures_together(admin_client, draft):
    party, person = StateFactory(), PersonFactory()
    response = admin_client.post(change_url(draft), document_form(draft, parties=[party], signatures=[(person, party)]))
    assert response.status_code == 302
    assert models.Signature.objects.get().party == party


def test_it_refuses_a_status_date_before_the_signing(admin_client, draft):
    response = admin_client.post(
        change_url(draft), document_form(draft, parties=[StateFactory()], events=["2025-08-01"])
    )
    assert response.status_code == 200
    assert "This date is before the document was signed" in response.content.decode()
    assert not models.StatusEvent.objects.exists()


def test_it_refuses_to_publish_a_document_without_parties(admin_client, draft):
    response = admin_client.post(change_url(draft), document_form(draft, publication_state="published"))
    assert response.status_code == 200
    assert "A published document needs at least one party" in response.content.decode()
    draft.refresh_from_db()
    assert draft.publication_state == "draft"


def test_publish_and_withdraw_actions_change_the_state_and_leave_history(admin_client):
    document = DocumentFactory(publication_state=models.PublicationState.DRAFT)
    url = reverse("admin:registry_document_changelist")
    admin_client.post(url, {"action": "publish", "_selected_action": [document.pk]})
    document.refresh_from_db()
    assert document.is_published and document.published_at is not None
    admin_client.post(url, {"action": "withdraw", "_selected_action": [document.pk]})
    document.refresh_from_db()
    assert document.publication_state == "withdrawn"
    assert document.history.count() == 3


def test_an_admin_edit_leaves_a_history_row_with_its_author(admin_client, draft):
    before = draft.history.count()
    admin_client.post(change_url(draft), document_form(draft, parties=[StateFactory()], title_en="Renamed"))
    latest = draft.history.first()
    assert draft.history.count() == before + 1
    assert latest.title_en == "Renamed" and latest.history_user.username == "chief"


def test_view_on_site_links_to_the_public_page(admin_client):
    document = DocumentFactory()
    shortcut = reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(document).pk, document.pk])
    assert shortcut in admin_client.get(change_url(document)).content.decode()
    assert admin_client.get(shortcut)["Location"].endswith(document.get_absolute_url())


@pytest.mark.parametrize("rows", [5, 25])
def test_document_changelist_query_count_is_fixed(admin_client, django_assert_num_queries, rows):
    summit = SummitFactory()
    for _ in range(rows):
        DocumentFactory(summit=summit)
    # session, user, topic filter choices, the count, the page; none per row and no date hierarchy (its
    # DISTINCT over every row's date is what a million rows cannot afford)
    with django_assert_num_queries(5):
        assert admin_client.get(reverse("admin:registry_document_changelist")).status_code == 200


@pytest.mark.parametrize("rows", [5, 25])
def test_summit_changelist_query_count_is_fixed(admin_client, django_assert_num_queries, rows):
    series, host = MeetingSeriesFactory(), StateFactory()
    for ordinal in range(rows):
        SummitFactory(series=series, ordinal=ordinal + 1, host=host, start_date=datetime.date(2025, 1, 1))
    # session, user, series and host filter choices, the count, the page, two for the date hierarchy
    with django_assert_num_queries(8):
        assert admin_client.get(reverse("admin:registry_summit_changelist")).status_code == 200
