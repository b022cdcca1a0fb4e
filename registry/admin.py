"""The editors' daily tool: every record, with autocomplete, inlines, filters and history."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from registry import models
from registry.admin_import import ExchangeImportMixin
from registry.dates import partial_date_end


class RegistryAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """History (with revert) and one tab per language on every translated record."""

    # The admin's default "N of M selected" runs COUNT(*) over the whole table on every page.
    show_full_result_count = False


class PublishableAdmin(RegistryAdmin):
    actions = ["publish", "withdraw"]

    @admin.action(description=_("Publish the selected records"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_state(request, queryset, models.PublicationState.PUBLISHED)

    @admin.action(description=_("Withdraw the selected records"), permissions=["change"])
    def withdraw(self, request, queryset):
        self._set_state(request, queryset, models.PublicationState.WITHDRAWN)

    def _set_state(self, request, queryset, state):
        # Save one by one (not queryset.update) so each change leaves a history row.
        changed = 0
        with transaction.atomic():
            for record in queryset.exclude(publication_state=state):
                record.publication_state = state
                if state == models.PublicationState.PUBLISHED and record.published_at is None:
                    record.published_at = timezone.now()
                record._change_reason = f"set {state}"
                record.save()
                changed += 1
        self.message_user(
            request,
            ngettext("%(count)d record is now %(state)s.", "%(count)d records are now %(state)s.", changed)
            % {"count": changed, "state": state},
            messages.SUCCESS,
        )


@admin.register(models.Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "publisher", "published_on", "language"]
    list_filter = ["language", "publisher"]
    search_fields = ["title", "url", "citation", "publisher"]
    date_hierarchy = "published_on"


@admin.register(models.Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(models.Party)
class PartyAdmin(RegistryAdmin):
    list_display = ["name", "kind", "iso_code", "parent", "updated_at"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "key", "iso_code"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["key"]}


@admin.register(models.Person)
class PersonAdmin(RegistryAdmin):
    list_display = ["name", "party", "wikidata", "updated_at"]
    list_filter = ["party__kind"]
    list_select_related = ["party"]
    search_fields = ["name", "aliases", "key"]
    autocomplete_fields = ["party"]
    prepopulated_fields = {"slug": ["key"]}


@admin.register(models.MeetingSeries)
class MeetingSeriesAdmin(RegistryAdmin):
    list_display = ["name", "updated_at"]
    search_fields = ["name", "key"]
    autocomplete_fields = ["members"]
    prepopulated_fields = {"slug": ["key"]}


@admin.register(models.Topic)
class TopicAdmin(RegistryAdmin):
    list_display = ["key", "name", "parent"]
    list_select_related = ["parent"]
    search_fields = ["key", "name"]
    autocomplete_fields = ["parent"]


class SummitLeaderInline(TranslationTabularInline):
    model = models.SummitLeader
    autocomplete_fields = ["person", "party"]
    extra = 0


class HonourInline(TranslationTabularInline):
    model = models.Honour
    fields = ["key", "name", "recipient", "conferred_by", "date", "source"]
    autocomplete_fields = ["recipient", "conferred_by", "source"]
    extra = 0


@admin.register(models.Summit)
class SummitAdmin(PublishableAdmin):
    list_display = ["name", "kind", "start_date", "city", "host", "series", "ordinal", "publication_state"]
    list_filter = ["publication_state", "kind", "series", "host"]
    list_select_related = ["host", "series"]
    search_fields = ["name", "city", "venue", "key"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["series", "host", "participants", "sources"]
    prepopulated_fields = {"slug": ["key"]}
    readonly_fields = ["published_at", "created_at", "updated_at"]
    inlines = [SummitLeaderInline, HonourInline]


def kept_forms(formset):
    """The forms of a validated formset that will be saved: filled in and not marked for deletion."""
    return [form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


class DocumentPartyFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.is_published and not kept_forms(self):
            raise ValidationError(_("A published document needs at least one party: add one or save it as a draft."))


class SignatureFormSet(BaseInlineFormSet):
    party_formset = None  # the same page's parties formset, set by DocumentAdmin._create_formsets

    def clean(self):
        super().clean()
        if self.party_formset is None or not self.party_formset.is_valid():
            return
        parties = {form.cleaned_data["party"] for form in kept_forms(self.party_formset)}
        for form in kept_forms(self):
            party = form.cleaned_data.get("party")
            if party is not None and party not in parties:
                form.add_error(
                    "party",
                    _("%(party)s is not a party to this document: add it under Parties first, or pick another.")
                    % {"party": party},
                )


class StatusEventFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        signed_on = self.instance.signed_on
        if signed_on is None:
            return
        for form in kept_forms(self):
            date, precision = form.cleaned_data.get("date"), form.cleaned_data.get("date_precision")
            if date and precision and partial_date_end(date, precision) < signed_on:
                form.add_error(
                    "date",
                    _("This date is before the document was signed (%(signed)s).")
                    % {"signed": self.instance.signed_on_display},
                )


class DocumentPartyInline(admin.TabularInline):
    model = models.DocumentParty
    formset = DocumentPartyFormSet
    autocomplete_fields = ["party"]
    extra = 0
    min_num = 1


class SignatureInline(TranslationTabularInline):
    model = models.Signature
    formset = SignatureFormSet
    autocomplete_fields = ["person", "party"]
    extra = 0


class StatusEventInline(admin.TabularInline):
    model = models.StatusEvent
    formset = StatusEventFormSet
    autocomplete_fields = ["party", "source"]
    extra = 0


class DocumentRelationInline(admin.TabularInline):
    model = models.DocumentRelation
    fk_name = "from_document"
    autocomplete_fields = ["to_document"]
    extra = 0


class RegistrationNumberInline(admin.TabularInline):
    model = models.RegistrationNumber
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = models.Attachment
    autocomplete_fields = ["language"]
    extra = 0


@admin.register(models.Document)
class DocumentAdmin(ExchangeImportMixin, PublishableAdmin):
    list_display = ["title", "kind", "signed_on", "status", "summit", "publication_state", "updated_at"]
    list_filter = ["publication_state", "kind", "legal_nature", "status", "topics"]
    list_select_related = ["summit"]
    search_fields = ["title", "short_title", "key"]
    date_hierarchy = "signed_on"
    autocomplete_fields = ["summit", "topics", "languages", "sources"]
    prepopulated_fields = {"slug": ["key"]}
    readonly_fields = ["published_at", "created_at", "updated_at"]
    # Parties come before signatures: a signature may only name a party of the document.
    inlines = [
        DocumentPartyInline,
        SignatureInline,
        StatusEventInline,
        DocumentRelationInline,
        RegistrationNumberInline,
        AttachmentInline,
    ]

    def _create_formsets(self, request, obj, change):
        # Signatures are checked against the parties entered on the same page, saved or not.
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        parties = next(formset for formset in formsets if formset.model is models.DocumentParty)
        for formset in formsets:
            if formset.model is models.Signature:
                formset.party_formset = parties
        return formsets, inline_instances

    def save_related(self, request, form, formsets, change):
        # A party row cannot be removed while a signature still names it (the database refuses), so the
        # signatures an editor deletes go first, then the inlines in their usual order.
        for formset in formsets:
            if formset.model is models.Signature:
                for signature_form in formset.deleted_forms:
                    if signature_form.instance.pk:
                        signature_form.instance.delete()
        super().save_related(request, form, formsets, change)


class TargetObservationInline(admin.TabularInline):
    model = models.TargetObservation
    autocomplete_fields = ["source"]
    extra = 0


@admin.register(models.Target)
class TargetAdmin(RegistryAdmin):
    list_display = ["__str__", "metric", "value", "unit", "deadline", "set_at_summit"]
    list_select_related = ["set_at_summit"]
    search_fields = ["description", "metric", "key"]
    date_hierarchy = "deadline"
    autocomplete_fields = ["parties", "set_at_summit", "set_in_document", "sources"]
    prepopulated_fields = {"slug": ["key"]}
    inlines = [TargetObservationInline]


@admin.register(models.Honour)
class HonourAdmin(RegistryAdmin):
    list_display = ["name", "recipient", "conferred_by", "date", "summit"]
    list_filter = ["conferred_by"]
    list_select_related = ["recipient", "conferred_by", "summit"]
    search_fields = ["name", "recipient__name", "key"]
    date_hierarchy = "date"
    autocomplete_fields = ["recipient", "conferred_by", "summit", "source"]
