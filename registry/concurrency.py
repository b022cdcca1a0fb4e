"""No lost edits in the admin: a save based on an older version of a record is refused, saying what changed.

Every versioned record (models.Versioned) carries a version number that each save bumps. Admin forms carry
the version the editor started from in a hidden field; when the record has moved on since, the save is
refused with the other editor's changes (from the record's history) and this editor's input stays in the
form. Saving again after reading the message keeps this editor's version, knowingly.

Use: VersionedAdminMixin first in a ModelAdmin's bases; VersionedForm as the `form` of an inline whose model
is versioned (with "version" in its fields when it lists them).
"""

from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import modelformset_factory
from django.http import HttpResponseRedirect
from django.utils.formats import localize
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registry.models import StaleRecordError, Versioned

# Bookkeeping fields every save changes; showing them as "changes" would only hide the real ones.
NOT_SHOWN = ["version", "updated_at"]


def current_version(record: Versioned) -> int | None:
    """The version now in the database (one query), or None when the record has been deleted."""
    return type(record)._default_manager.filter(pk=record.pk).values_list("version", flat=True).first()


def describe_changes_since(record: Versioned, version: int) -> str:
    """What others saved on this record after `version`, from its history: who, when, and each field's change."""
    history = record.history.select_related("history_user")
    seen = history.filter(version=version).order_by("-history_date").first()
    newer = list(history.filter(version__gt=version).order_by("history_date"))
    if not newer:
        return _("Someone else saved this record after you opened it.")
    authors = sorted({str(row.history_user) if row.history_user else _("an import or a command") for row in newer})
    latest = newer[-1]
    summary = _("%(who)s saved this record after you opened it (last at %(when)s).") % {
        "who": ", ".join(authors),
        "when": localize(localtime(latest.history_date)),
    }
    if seen is None:
        return summary
    # An empty translation is stored as None or "" depending on the path that saved it: not a change.
    changes = [
        change
        for change in latest.diff_against(seen, excluded_fields=NOT_SHOWN).changes
        if (change.old or "") != (change.new or "")
    ]
    if not changes:
        return summary + " " + _("Only its related rows changed.")
    described = [
        _("%(field)s: “%(old)s” → “%(new)s”")
        % {"field": record._meta.get_field(change.field).verbose_name, "old": change.old, "new": change.new}
        for change in changes
    ]
    return summary + " " + _("Their changes: %(changes)s.") % {"changes": "; ".join(described)}


class VersionedForm(forms.ModelForm):
    """A model form that refuses to save over a newer version of its record."""

    # Set on the revert-from-history form: a revert starts from the record as it is now, not as it was.
    version_from_database = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            self.fields["version"].widget = forms.HiddenInput()
            self.fields["version"].required = self.instance.pk is not None
            if self.version_from_database and not self.is_bound and self.instance.pk is not None:
                self.initial["version"] = current_version(self.instance)

    def clean_version(self):
        # A new record starts from the model's default whatever the browser sent.
        return self.cleaned_data["version"] if self.instance.pk is not None else self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if "version" not in self.fields or self.instance.pk is None or cleaned_data.get("version") is None:
            return cleaned_data
        submitted, current = cleaned_data["version"], current_version(self.instance)
        if current is not None and submitted != current:
            # The next save is a deliberate overwrite by someone who has now seen the other changes.
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = current
            advice = _("Nothing was saved. Your input is kept below: check it against theirs, then save again.")
            raise ValidationError(f"{describe_changes_since(self.instance, submitted)} {advice}", code="stale")
        return cleaned_data


class VersionedAdminMixin:
    """Optimistic concurrency for a ModelAdmin: change form, revert, list_editable and every action."""

    form = VersionedForm
    versioned = True  # read by templates/admin/registry/change_list_results.html

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if getattr(request, "reverting_history", False):
            form = type(form.__name__, (form,), {"version_from_database": True})
        return form

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.reverting_history = True
        return self._refusing_races(request, super().history_form_view, request, object_id, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._refusing_races(request, super().changeform_view, request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        # One list_editable submission is saved whole or not at all.
        with transaction.atomic():
            return self._refusing_races(request, super().changelist_view, request, extra_context)

    def _refusing_races(self, request, view, *args):
        # The form's check passed, but another save landed between it and ours: the database refused ours.
        try:
            return view(*args)
        except StaleRecordError:
            self.message_user(
                request,
                _("Someone else saved this record at the same moment; nothing of yours was saved. Please try again."),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=VersionedForm, **kwargs)

    def get_changelist_formset(self, request, **kwargs):
        # Django's own, plus the hidden version field on each row.
        defaults = {"formfield_callback": partial(self.formfield_for_dbfield, request=request), **kwargs}
        return modelformset_factory(
            self.model,
            self.get_changelist_form(request),
            extra=0,
            fields=[*self.list_editable, "version"],
            **defaults,
        )

    def response_action(self, request, queryset):
        """Refuse an action on rows that changed since the list was shown (each row posts its version)."""
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        seen = {}
        for pk in selected:
            value = request.POST.get(f"_version_{pk}", "")
            if value.isdigit():
                seen[pk] = int(value)
        if seen:
            records = self.model._default_manager.filter(pk__in=list(seen))
            stale = [record for record in records if record.version != seen[str(record.pk)]]
            if stale:
                for record in stale:
                    self.message_user(
                        request,
                        f"{record}: {describe_changes_since(record, seen[str(record.pk)])}",
                        messages.ERROR,
                    )
                self.message_user(
                    request,
                    ngettext(
                        "Nothing was done: %(count)d record changed since the list was shown. Check it, then retry.",
                        "Nothing was done: %(count)d records changed since the list was shown. Check them, then retry.",
                        len(stale),
                    )
                    % {"count": len(stale)},
                    messages.ERROR,
                )
                return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)
