"""The admin import: upload, a dry-run preview that writes nothing, then confirm."""

import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from registry import models

SEED_EXCHANGE = Path(__file__).parent / "data" / "seed-exchange.json"


def upload(admin_client, content: bytes):
    return admin_client.post(
        "/admin/registry/document/import/", {"file": SimpleUploadedFile("seed.json", content, "application/json")}
    )


def test_the_changelist_links_to_the_import(admin_client):
    assert "/admin/registry/document/import/" in admin_client.get("/admin/registry/document/").content.decode()


def test_it_previews_without_writing_then_imports_on_confirm(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    preview = upload(admin_client, SEED_EXCHANGE.read_bytes())
    assert preview.status_code == 200
    counts = preview.context["report"].counts
    assert counts["documents"] == {"created": 12, "changed": 0, "unchanged": 0}
    assert models.Document.objects.count() == 0
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)
    done = admin_client.post("/admin/registry/document/import/", {"token": token}, follow=True)
    assert models.Document.objects.count() == 12
    assert "Imported" in done.content.decode()
    again = admin_client.post("/admin/registry/document/import/", {"token": token}, follow=True)
    assert "imported or discarded already" in again.content.decode()


def test_it_lists_every_error_and_offers_no_confirm(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content = SEED_EXCHANGE.read_bytes().replace(b'"signed_on": "2025-08-22"', b'"signed_on": "2025-13-22"', 2)
    response = upload(admin_client, content)
    page = response.content.decode()
    assert "documents[0].signed_on: &quot;2025-13-22&quot; is not a date" in page
    assert "documents[1].signed_on: &quot;2025-13-22&quot; is not a date" in page
    assert 'name="token"' not in page
    assert models.Document.objects.count() == 0


def test_a_forged_token_is_refused(admin_client):
    response = admin_client.post("/admin/registry/document/import/", {"token": "imports/x.json"}, follow=True)
    assert "expired" in response.content.decode()


def test_it_needs_the_permission_to_change_documents(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="a long enough password", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/registry/document/import/").status_code == 403
