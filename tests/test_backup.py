"""Backups: `backup` then `restore` into an empty database gives back every row and every attachment."""

import hashlib
import io
import json
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from registry import backup, models
from tests.factories import (
    DocumentFactory,
    HonourFactory,
    SignatureFactory,
    SourceFactory,
    StatusEventFactory,
    SummitFactory,
    TargetFactory,
)

PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def row_counts() -> dict[str, int]:
    """Every table of the database and its number of rows."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table.startswith("registry_document_fts_"):
                continue  # SQLite's internal pages of the full-text index: laid out by write history, not content
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def fill(django_user_model):
    editor = django_user_model.objects.create_user("editor", password="a long and unusual passphrase")
    # get_or_create: a transactional test that ran before may have emptied the tables the migration filled.
    editor.groups.add(Group.objects.get_or_create(name="Editor")[0])
    document = DocumentFactory(summit=SummitFactory(description_ru="Встреча"), title_kk="Келісім")
    SignatureFactory(document=document)
    StatusEventFactory(document=document)
    document.sources.add(SourceFactory())
    TargetFactory(set_in_document=document)
    HonourFactory()
    attachment = models.Attachment(document=document, title="Text")
    attachment.file.save("text.pdf", io.BytesIO(PDF))
    document.title_en = "Renamed"
    document.save()  # a second history row
    return attachment


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restored_into_an_empty_database_gives_back_every_row_and_file(django_user_model, tmp_path, media):
    with transaction.atomic():  # a published document and its party are committed together (migration 0002)
        attachment = fill(django_user_model)
    counts, export = row_counts(), backup.export_data()
    assert counts["registry_historicaldocument"] == 2 and counts["registry_attachment"] == 1
    call_command("backup", tmp_path / "backup.zip", stdout=io.StringIO())

    call_command("flush", interactive=False, verbosity=0)  # an empty, migrated database
    (media / attachment.file.name).unlink()
    assert row_counts()["registry_document"] == 0

    call_command("restore", tmp_path / "backup.zip", stdout=io.StringIO())

    assert row_counts() == counts
    restored = backup.export_data()
    assert hashlib.sha256(restored.encode()).hexdigest() == hashlib.sha256(export.encode()).hexdigest()
    assert (media / attachment.file.name).read_bytes() == PDF
    assert models.Document.objects.get().version == 2  # versions come back as they were


@pytest.mark.django_db
def test_restore_refuses_a_database_that_already_holds_records(tmp_path):
    DocumentFactory()
    backup.write_backup(tmp_path / "backup.zip")
    with pytest.raises(CommandError, match="already holds records"):
        call_command("restore", tmp_path / "backup.zip")


def rewrite(path, **replace):
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members |= replace
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)


@pytest.mark.django_db
def test_restore_refuses_a_damaged_backup(tmp_path):
    backup.write_backup(tmp_path / "backup.zip")
    rewrite(tmp_path / "backup.zip", **{"data.json": b"[]"})
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", tmp_path / "backup.zip")


@pytest.mark.django_db
def test_restore_refuses_a_file_that_would_land_outside_the_media_folder(tmp_path):
    backup.write_backup(tmp_path / "backup.zip")
    rewrite(tmp_path / "backup.zip", **{"media/attachments/../../settings.py": b"DEBUG = True"})
    with pytest.raises(CommandError, match="outside the media folders"):
        call_command("restore", tmp_path / "backup.zip")
    assert not (tmp_path / "settings.py").exists()


@pytest.mark.django_db
def test_the_manifest_counts_the_rows_of_each_table(tmp_path):
    DocumentFactory()
    backup.write_backup(tmp_path / "backup.zip")
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["rows"]["registry.document"] == 1 and manifest["rows"]["registry.historicaldocument"] == 1
