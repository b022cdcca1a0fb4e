"""No lost edits: a save based on an older version of a record is refused, showing what changed, keeping input."""

import re

import pytest
from django.contrib import messages
from django.urls import reverse

from registry import concurrency, models
from registry.models import StaleRecordError
from tests.factories import DocumentFactory, HonourFactory, PartyFactory, PersonFactory, SourceFactory, SummitFactory
from tests.test_roles import change_url, summit_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors(staff_client):
    """Two publishers working at the same time."""
    return staff_client("Publisher", "aigerim"), staff_client("Publisher", "bolot")


def form_values(form):
    """What a browser would post back for an unchanged admin form."""
    data = {}
    for field in form:
        value = field.value()
        if value is None:
            continue
        data[field.html_name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


def test_every_save_bumps_the_version_without_the_caller_knowing():
    party = PartyFactory()
    before = party.version
    party.name_en = "Renamed"
    party.save()
    assert party.version == before + 1
    assert models.Party.objects.get(pk=party.pk).version == before + 1


@pytest.mark.parametrize("factory", [PartyFactory, PersonFactory, SourceFactory, SummitFactory, HonourFactory])
def test_a_save_from_an_outdated_copy_is_refused_on_every_path(factory):
    record = factory()
    outdated = type(record).objects.get(pk=record.pk)
    record.save()
    with pytest.raises(StaleRecordError):
        outdated.save()
    assert outdated.version == record.version - 1  # unchanged by the refused save, so a retry is possible


def test_it_refuses_a_stale_change_form_and_shows_what_the_other_editor_changed(editors):
    aigerim, bolot = editors
    summit = SummitFactory(name_en="Council meeting", city_en="Bishkek")
    opened = summit_data(summit, city_en="Bishkek")
    assert bolot.post(change_url(summit), summit_data(summit, city_en="Cholpon-Ata")).status_code == 302

    response = aigerim.post(change_url(summit), opened | {"name_en": "Seventh council meeting"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "bolot saved this record after you opened it" in content
    assert "Bishkek” → “Cholpon-Ata" in content
    assert 'value="Seventh council meeting"' in content  # her input is kept
    summit.refresh_from_db()
    assert (summit.name_en, summit.city_en) == ("Council meeting", "Cholpon-Ata")


def test_saving_again_after_reading_the_refusal_keeps_this_editors_version(editors):
    aigerim, bolot = editors
    summit = SummitFactory(name_en="Council meeting")
    opened = summit_data(summit)
    bolot.post(change_url(summit), summit_data(summit, city_en="Cholpon-Ata"))
    refused = aigerim.post(change_url(summit), opened | {"name_en": "Mine"})
    resubmitted = opened | {"name_en": "Mine", "version": refused.context["adminform"].form["version"].value()}
    assert aigerim.post(change_url(summit), resubmitted).status_code == 302
    summit.refresh_from_db()
    assert summit.name_en == "Mine"


def test_a_change_to_a_summits_leaders_makes_other_open_forms_of_it_stale(editors):
    aigerim, bolot = editors
    summit, person, party = SummitFactory(), PersonFactory(), PartyFactory()
    opened = summit_data(summit)
    leader = {"leaders-TOTAL_FORMS": "1", "leaders-0-person": person.pk, "leaders-0-party": party.pk}
    assert bolot.post(change_url(summit), summit_data(summit) | leader).status_code == 302
    response = aigerim.post(change_url(summit), opened | {"name_en": "Mine"})
    assert response.status_code == 200 and "bolot saved this record" in response.content.decode()
    assert "Only its related rows changed." in response.content.decode()


def test_it_refuses_a_stale_inline_row_with_its_own_version(editors):
    aigerim, _ = editors
    summit = SummitFactory()
    honour = HonourFactory(summit=summit, name_en="Order of Friendship")
    row = {
        "honours-TOTAL_FORMS": "1",
        "honours-INITIAL_FORMS": "1",
        "honours-0-id": honour.pk,
        "honours-0-summit": summit.pk,
        "honours-0-key": honour.key,
        "honours-0-name_en": "Order of Manas",
        "honours-0-recipient": honour.recipient.pk,
        "honours-0-conferred_by": honour.conferred_by.pk,
        "honours-0-version": honour.version,
    }
    honour.name_en = "Order of Dostyk"  # saved on the honour's own page meanwhile
    honour.save()
    response = aigerim.post(change_url(summit), summit_data(summit) | row)
    assert response.status_code == 200
    assert "Order of Friendship” → “Order of Dostyk" in response.content.decode()
    honour.refresh_from_db()
    assert honour.name_en == "Order of Dostyk"


def list_edit(source, language, version):
    return {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": source.pk,
        "form-0-language": language,
        "form-0-version": version,
        "_save": "Save",
    }


def test_the_changelist_carries_each_rows_version(editors):
    aigerim, _ = editors
    source = SourceFactory()
    content = aigerim.get(reverse("admin:registry_source_changelist")).content.decode()
    assert f'name="_version_{source.pk}" value="{source.version}"' in content
    assert re.search(rf'name="form-0-version" value="{source.version}"', content)


def test_list_editable_refuses_a_stale_row(editors):
    aigerim, _ = editors
    source = SourceFactory(language="en", title="Old title")
    seen = source.version
    source.title = "New title"
    source.save()
    response = aigerim.post(reverse("admin:registry_source_changelist"), list_edit(source, "ru", seen))
    assert response.status_code == 200
    assert "Old title” → “New title" in response.content.decode()
    source.refresh_from_db()
    assert source.language == "en"


def test_list_editable_saves_a_current_row(editors):
    aigerim, _ = editors
    source = SourceFactory(language="en")
    response = aigerim.post(reverse("admin:registry_source_changelist"), list_edit(source, "ru", source.version))
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.language == "ru"


def test_an_action_on_rows_changed_since_the_list_was_shown_is_refused(editors):
    aigerim, _ = editors
    document = DocumentFactory(publication_state=models.PublicationState.DRAFT, title_en="Draft title")
    seen = document.version
    document.title_en = "Rewritten title"
    document.save()
    response = aigerim.post(
        reverse("admin:registry_document_changelist"),
        {"action": "publish", "_selected_action": [document.pk], f"_version_{document.pk}": seen},
        follow=True,
    )
    shown = [str(message) for message in response.context["messages"]]
    assert any("Draft title” → “Rewritten title" in message for message in shown)
    document.refresh_from_db()
    assert document.publication_state == models.PublicationState.DRAFT


def test_an_action_on_current_rows_runs(editors):
    aigerim, _ = editors
    document = DocumentFactory(publication_state=models.PublicationState.DRAFT)
    aigerim.post(
        reverse("admin:registry_document_changelist"),
        {"action": "publish", "_selected_action": [document.pk], f"_version_{document.pk}": document.version},
    )
    document.refresh_from_db()
    assert document.is_published


def test_a_save_racing_past_the_forms_check_is_refused_by_the_database(editors, monkeypatch):
    aigerim, bolot = editors
    summit = SummitFactory(name_en="Council meeting")
    opened = summit_data(summit)
    bolot.post(change_url(summit), summit_data(summit, city_en="Cholpon-Ata"))
    # The other save lands between the form's check and the UPDATE: the check sees the old version.
    monkeypatch.setattr(concurrency, "current_version", lambda record: opened["version"])
    response = aigerim.post(change_url(summit), opened | {"name_en": "Mine"}, follow=True)
    assert [m.level for m in response.context["messages"]] == [messages.ERROR]
    summit.refresh_from_db()
    assert (summit.name_en, summit.city_en) == ("Council meeting", "Cholpon-Ata")


def history_form_url(record, historical):
    return reverse(f"admin:registry_{record._meta.model_name}_simple_history", args=[record.pk, historical.pk])


def test_a_revert_from_history_restores_translated_fields_and_is_not_refused_as_stale(editors):
    aigerim, bolot = editors
    summit = SummitFactory(name_en="First name", name_ru="Первое имя")
    first = summit.history.latest()
    bolot.post(change_url(summit), summit_data(summit, name_en="Second name", name_ru="Второе имя"))

    page = aigerim.get(history_form_url(summit, first))
    form = page.context["adminform"].form
    assert form["version"].value() == models.Summit.objects.get(pk=summit.pk).version
    assert aigerim.post(history_form_url(summit, first), form_values(form)).status_code == 302

    summit.refresh_from_db()
    assert (summit.name_en, summit.name_ru) == ("First name", "Первое имя")
    latest = summit.history.latest()
    assert latest.history_user.username == "aigerim" and latest.name_ru == "Первое имя"


def test_a_revert_over_a_change_made_since_the_revert_page_opened_is_refused(editors):
    aigerim, bolot = editors
    summit = SummitFactory(name_en="First name")
    first = summit.history.latest()
    bolot.post(change_url(summit), summit_data(summit, name_en="Second name"))
    opened = form_values(aigerim.get(history_form_url(summit, first)).context["adminform"].form)
    summit.refresh_from_db()
    bolot.post(change_url(summit), summit_data(summit, name_en="Third name"))
    response = aigerim.post(history_form_url(summit, first), opened)
    assert response.status_code == 200 and "Second name” → “Third name" in response.content.decode()
    summit.refresh_from_db()
    assert summit.name_en == "Third name"
