"""The admin's import of exchange-format files: upload, a dry-run preview, then confirm (all or nothing)."""

import uuid

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from registry.exchange import import_file

MAX_UPLOAD = 200 * 1024 * 1024
SALT = "registry.admin_import"


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Exchange-format file (kelisim/1 JSON)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 200 MB: import it with manage.py import_registry."))
        return upload


class ExchangeImportMixin:
    """Adds /admin/registry/document/import/ to a ModelAdmin."""

    def get_urls(self):
        urls = [path("import/", self.admin_site.admin_view(self.import_view), name="registry_import")]
        return urls + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": _("Import records")}
        if request.method == "POST" and "token" in request.POST:
            return self.confirm(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            content = form.cleaned_data["file"].read()
            report = import_file(content, dry_run=True)
            context["report"] = report
            if report.ok:
                # The previewed file is kept, so that what is confirmed is exactly what was previewed.
                name = default_storage.save(f"imports/{uuid.uuid4().hex}.json", ContentFile(content))
                context["token"] = signing.dumps(name, salt=SALT)
        context["form"] = form
        return TemplateResponse(request, "admin/registry/import.html", context)

    def confirm(self, request: HttpRequest) -> HttpResponse:
        try:
            name = signing.loads(request.POST["token"], salt=SALT, max_age=24 * 3600)
        except signing.BadSignature:
            messages.error(request, _("This preview has expired: upload the file again."))
            return HttpResponseRedirect(reverse("admin:registry_import"))
        if not default_storage.exists(name):
            messages.error(request, _("This file was imported or discarded already: upload it again."))
            return HttpResponseRedirect(reverse("admin:registry_import"))
        with default_storage.open(name, "rb") as stored:
            report = import_file(stored.read())
        default_storage.delete(name)
        if report.ok:
            messages.success(request, _("Imported: %(summary)s") % {"summary": report.summary()})
            return HttpResponseRedirect(reverse("admin:registry_document_changelist"))
        for error in report.errors:
            messages.error(request, error)
        return HttpResponseRedirect(reverse("admin:registry_import"))
