"""Attachments: PDFs only (judged by their bytes), a size limit, server-chosen names, served as downloads."""

import io
import os
import subprocess
import sys

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry import models
from tests.factories import DocumentFactory, StateFactory
from tests.test_admin import document_form

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<!doctype html><script>alert(document.cookie)</script>"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def draft():
    return DocumentFactory(publication_state=models.PublicationState.DRAFT)


def upload(client, document, file):
    """Add one attachment through the document's admin page, as an editor does."""
    data = document_form(document, parties=[StateFactory()])
    data |= {"attachments-TOTAL_FORMS": "1", "attachments-0-file": file, "attachments-0-title": "Text"}
    return client.post(reverse("admin:registry_document_change", args=[document.pk]), data)


def test_a_pdf_is_stored_under_a_name_the_server_chose(admin_client, draft, media):
    response = upload(admin_client, draft, SimpleUploadedFile("Agreement (final).pdf", PDF))
    assert response.status_code == 302
    attachment = draft.attachments.get()
    assert attachment.file.name.startswith("attachments/") and "Agreement" not in attachment.file.name
    assert len(attachment.file.name) == len("attachments/") + 32 + len(".pdf")
    assert (media / attachment.file.name).read_bytes() == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("text.pdf", HTML, "This is not a PDF"),
        ("empty.pdf", b"", "The submitted file is empty."),
        ("text.pdf", b"%PDF-" + b"0" * 2048, "the limit is 1024 bytes"),
    ],
    ids=["html-renamed-to-pdf", "empty", "oversized"],
)
def test_it_refuses_a_file_that_is_not_an_acceptable_pdf_with_a_message(
    admin_client, draft, settings, name, content, message
):
    settings.ATTACHMENT_MAX_BYTES = 1024
    response = upload(admin_client, draft, SimpleUploadedFile(name, content))
    assert response.status_code == 200 and message in response.content.decode()
    assert not draft.attachments.exists()


@pytest.mark.parametrize(("value", "limit"), [("", 20 * 1024 * 1024), ("1000", 1000)])
def test_the_size_limit_defaults_to_20_mb_and_is_read_from_the_environment(value, limit):
    code = "from registry import settings; print(settings.ATTACHMENT_MAX_BYTES)"
    env = os.environ | {"ATTACHMENT_MAX_BYTES": value}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert int(result.stdout) == limit


@pytest.mark.parametrize("name", ["../../registry/settings.pdf", "..\\evil.pdf", "/etc/passwd.pdf"])
def test_it_refuses_a_file_name_with_a_path_with_a_message(draft, name):
    # Uploads through the browser arrive with the path already stripped; any other way in (an import, a
    # script) meets the same validator.
    attachment = models.Attachment(document=draft, file=File(io.BytesIO(PDF), name=name))
    with pytest.raises(models.ValidationError) as refusal:
        attachment.full_clean()
    assert "contains a path" in str(refusal.value)


def test_a_browser_upload_named_with_a_path_is_stored_inside_the_media_folder_under_a_new_name(
    admin_client, draft, media
):
    data = document_form(draft, parties=[StateFactory()]) | {"attachments-TOTAL_FORMS": "1"}
    boundary = "kelisimboundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in data.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachments-0-file"; '
        f'filename="../../escaped.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + PDF
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    response = admin_client.post(
        reverse("admin:registry_document_change", args=[draft.pk]),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 302
    stored = draft.attachments.get().file.name
    assert "escaped" not in stored and ".." not in stored
    assert not (media.parent / "escaped.pdf").exists() and not (media / "escaped.pdf").exists()


def attach(document):
    attachment = models.Attachment(document=document, title="Text")
    attachment.file.save("original.pdf", io.BytesIO(PDF))
    return attachment


def test_a_published_documents_attachment_is_served_as_a_download(client):
    document = DocumentFactory(slug="water-agreement")
    attachment = attach(document)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="water-agreement-{attachment.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_the_document_page_links_to_the_download_not_to_the_media_folder(client):
    attachment = attach(DocumentFactory())
    content = client.get(attachment.document.get_absolute_url()).content.decode()
    assert attachment.get_absolute_url() in content and attachment.file.url not in content


def test_an_unpublished_documents_attachment_is_not_found_by_the_public(client, draft):
    assert client.get(attach(draft).get_absolute_url()).status_code == 404


def test_staff_download_an_unpublished_documents_attachment(staff_client, draft):
    response = staff_client("Editor").get(attach(draft).get_absolute_url())
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_the_media_folder_is_not_served(client):
    attachment = attach(DocumentFactory())
    assert client.get("/" + attachment.file.url.lstrip("/")).status_code == 404
