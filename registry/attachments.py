"""Serving attachments: never from the media folder, always as a download of a visible document's PDF."""

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from registry.models import Attachment, Document


def download_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """The PDF as a download (never rendered inline); the public gets those of published documents only."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("document"),
        pk=pk,
        document__in=Document.objects.visible_to(request.user),
    )
    try:
        file = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file of this attachment is missing.") from None
    response = FileResponse(
        file,
        as_attachment=True,
        filename=f"{attachment.document.slug}-{attachment.pk}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not attachment.document.is_published:
        response["Cache-Control"] = "private, no-store"
    return response
