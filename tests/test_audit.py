"""Audit: every write path leaves history rows saying who, when and what changed; bulk paths skip none."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from registry import models
from tests.factories import DocumentFactory, PersonFactory, SourceFactory, StateFactory, SummitFactory
from tests.test_roles import change_url, summit_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def publisher(staff_client):
    return staff_client("Publisher", "aigerim")


def test_a_change_form_save_records_who_when_and_what(publisher):
    summit = SummitFactory(city_en="Bishkek")
    publisher.post(change_url(summit), summit_data(summit, city_en="Cholpon-Ata"))
    latest, previous = summit.history.all()[:2]
    assert latest.history_user.username == "aigerim" and latest.history_date > previous.history_date
    changed = {change.field: (change.old, change.new) for change in latest.diff_against(previous).changes}
    assert changed["city_en"] == ("Bishkek", "Cholpon-Ata")


def test_an_inline_row_records_its_editor(publisher):
    summit, person, party = SummitFactory(), PersonFactory(), StateFactory()
    leader = {"leaders-TOTAL_FORMS": "1", "leaders-0-person": person.pk, "leaders-0-party": party.pk}
    publisher.post(change_url(summit), summit_data(summit) | leader)
    row = models.SummitLeader.history.get()
    assert row.history_type == "+" and row.history_user.username == "aigerim" and row.person_id == person.pk


def test_an_action_records_one_row_per_record_with_its_reason(publisher):
    documents = [DocumentFactory(publication_state=models.PublicationState.DRAFT) for _ in range(3)]
    publisher.post(
        reverse("admin:registry_document_changelist"),
        {"action": "publish", "_selected_action": [document.pk for document in documents]},
    )
    for document in documents:
        latest = document.history.first()
        assert latest.publication_state == "published"
        assert latest.history_user.username == "aigerim" and latest.history_change_reason == "set published"


def test_list_editable_records_one_row_per_changed_record(publisher):
    sources = [SourceFactory(language="en") for _ in range(2)]
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2", "_save": "Save"}
    for index, source in enumerate(sources):
        data |= {f"form-{index}-id": source.pk, f"form-{index}-language": "kk", f"form-{index}-version": source.version}
    assert publisher.post(reverse("admin:registry_source_changelist"), data).status_code == 302
    for source in sources:
        latest = source.history.first()
        assert latest.language == "kk" and latest.history_user.username == "aigerim"


def test_the_import_command_records_its_rows_with_the_command_and_file_as_reason(tmp_path):
    document = DocumentFactory(title_en="Old title")
    exported = tmp_path / "registry.json"
    call_command("export_registry", str(exported))
    data = json.loads(exported.read_text())
    (entry,) = [row for row in data["documents"] if row["key"] == document.key]
    entry["title"]["en"] = "New title"
    exported.write_text(json.dumps(data))

    call_command("import_registry", str(exported), verbosity=0)

    latest = document.history.first()
    assert latest.title_en == "New title" and latest.history_user is None
    assert latest.history_change_reason.startswith("import_registry registry.json (run by ")
    document.refresh_from_db()
    assert document.version == latest.version  # imports bump the version like every save
