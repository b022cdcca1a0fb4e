"""Roles: editors work on drafts, publishers publish and withdraw; the public sees published records only."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from registry import models
from tests.factories import DocumentFactory, SummitFactory

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = models.PublicationState.DRAFT, models.PublicationState.PUBLISHED


def permissions(role):
    return {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=role).permissions.all()}


def summit_data(summit, **overrides):
    """The change form of a summit as an editor's browser posts it."""
    data = {
        "key": summit.key,
        "slug": summit.slug,
        "kind": summit.kind,
        "name_en": summit.name_en,
        "start_date": summit.start_date.isoformat(),
        "start_date_precision": summit.start_date_precision,
        "publication_state": summit.publication_state,
        "version": summit.version,
        "leaders-TOTAL_FORMS": "0",
        "leaders-INITIAL_FORMS": "0",
        "honours-TOTAL_FORMS": "0",
        "honours-INITIAL_FORMS": "0",
    }
    return data | overrides


def change_url(record):
    return reverse(f"admin:registry_{record._meta.model_name}_change", args=[record.pk])


def test_the_roles_exist_with_the_right_permissions():
    editor, publisher, administrator = permissions("Editor"), permissions("Publisher"), permissions("Administrator")
    assert {"registry.add_document", "registry.change_document", "registry.change_signature"} <= editor
    assert not {"registry.publish_document", "registry.publish_summit"} & editor
    assert {"registry.publish_document", "registry.publish_summit"} <= publisher
    assert editor < publisher
    assert publisher <= administrator and "auth.change_user" in administrator
    assert not any(p.startswith("auth.") for p in publisher)


def test_an_editor_cannot_publish_with_the_action(staff_client):
    editor, document = staff_client("Editor"), DocumentFactory(publication_state=DRAFT)
    url = reverse("admin:registry_document_changelist")
    assert 'value="publish"' not in editor.get(url).content.decode()
    editor.post(url, {"action": "publish", "_selected_action": [document.pk]})
    document.refresh_from_db()
    assert document.publication_state == DRAFT


def test_a_publisher_publishes_and_withdraws(staff_client):
    publisher, summit = staff_client("Publisher"), SummitFactory(publication_state=DRAFT, published_at=None)
    url = reverse("admin:registry_summit_changelist")
    assert 'value="publish"' in publisher.get(url).content.decode()
    publisher.post(url, {"action": "publish", "_selected_action": [summit.pk]})
    summit.refresh_from_db()
    assert summit.is_published and summit.published_at is not None
    publisher.post(url, {"action": "withdraw", "_selected_action": [summit.pk]})
    summit.refresh_from_db()
    assert summit.publication_state == models.PublicationState.WITHDRAWN


def test_an_editor_cannot_publish_through_the_change_form(staff_client):
    editor, summit = staff_client("Editor"), SummitFactory(publication_state=DRAFT)
    response = editor.post(change_url(summit), summit_data(summit, publication_state=PUBLISHED, name_en="Renamed"))
    assert response.status_code == 302
    summit.refresh_from_db()
    assert summit.name_en == "Renamed" and summit.publication_state == DRAFT


def test_an_editor_creates_drafts_but_never_published_records(staff_client):
    editor = staff_client("Editor")
    new = SummitFactory.build(key="new-meeting", slug="new-meeting", publication_state=DRAFT)
    editor.post(reverse("admin:registry_summit_add"), summit_data(new, publication_state=PUBLISHED, version=""))
    assert models.Summit.objects.get(key="new-meeting").publication_state == DRAFT


def test_an_editor_cannot_change_or_delete_a_published_record(staff_client):
    editor, summit = staff_client("Editor"), SummitFactory(name_en="Live")
    page = editor.get(change_url(summit))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert editor.post(change_url(summit), summit_data(summit, name_en="Vandalised")).status_code == 403
    delete = reverse("admin:registry_summit_delete", args=[summit.pk])
    assert editor.post(delete, {"post": "yes"}).status_code == 403
    summit.refresh_from_db()
    assert summit.name_en == "Live"


def test_a_publisher_changes_a_published_record(staff_client):
    publisher, summit = staff_client("Publisher"), SummitFactory(name_en="Live")
    assert publisher.post(change_url(summit), summit_data(summit, name_en="Corrected")).status_code == 302
    summit.refresh_from_db()
    assert summit.name_en == "Corrected"


@pytest.mark.parametrize("factory", [DocumentFactory, SummitFactory])
@pytest.mark.parametrize("state", [models.PublicationState.DRAFT, models.PublicationState.WITHDRAWN])
def test_an_unpublished_record_is_not_found_by_the_public_or_by_users_without_access(
    client, django_user_model, factory, state
):
    record = factory(publication_state=state)
    assert client.get(record.get_absolute_url()).status_code == 404
    client.force_login(django_user_model.objects.create_user("reader"))
    assert client.get(record.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("factory", [DocumentFactory, SummitFactory])
def test_staff_see_a_draft_as_a_marked_preview_kept_out_of_caches(staff_client, factory):
    record = factory(publication_state=DRAFT)
    response = staff_client("Editor").get(record.get_absolute_url())
    assert response.status_code == 200
    assert 'class="preview-banner"' in response.content.decode()
    assert "no-store" in response["Cache-Control"] and response["X-Robots-Tag"] == "noindex"


def test_a_published_record_is_not_marked_as_a_preview(staff_client):
    response = staff_client("Editor").get(DocumentFactory().get_absolute_url())
    assert response.status_code == 200 and 'class="preview-banner"' not in response.content.decode()
