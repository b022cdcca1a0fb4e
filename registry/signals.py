"""Keep documents' search text true when what it is built from changes (admin edits, imports, fixtures).

Each handler only names the documents concerned; registry.search.refresh_search_text() does the work, and
an import can wrap itself in search.deferred_refresh() to do it once at the end.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from registry import models, search

# The fields of related records that documents are found by; saving anything else refreshes nothing.
SEARCHED_FIELDS = {
    models.Party: ["name", "short_name", "iso_code"],
    models.Person: ["name", "aliases"],
    models.Summit: ["name", "city", "venue", "series_id"],
    models.MeetingSeries: ["name"],
}


def _searched_values(instance) -> tuple:
    fields = SEARCHED_FIELDS[type(instance)]
    return tuple(
        getattr(instance, f"{name}_{code}", None) for name in fields for code in search.language_codes()
    ) + tuple(getattr(instance, name) for name in fields)


def _documents_of(instance) -> list[int]:
    if isinstance(instance, models.Party):
        rows = models.DocumentParty.objects.filter(party=instance)
    elif isinstance(instance, models.Person):
        rows = models.Signature.objects.filter(person=instance)
    elif isinstance(instance, models.Summit):
        return list(models.Document.objects.filter(summit=instance).values_list("pk", flat=True))
    else:
        return list(models.Document.objects.filter(summit__series=instance).values_list("pk", flat=True))
    return list(rows.values_list("document_id", flat=True).distinct())


@receiver(pre_save)
def remember_searched_values(sender, instance, raw=False, **kwargs):
    if sender in SEARCHED_FIELDS and instance.pk is not None and not raw:
        before = sender.objects.filter(pk=instance.pk).first()
        instance._searched_before = _searched_values(before) if before is not None else None


@receiver(post_save)
def refresh_after_save(sender, instance, created=False, raw=False, **kwargs):
    if sender is models.Document:
        search.refresh_search_text([instance.pk])
    elif sender in (models.DocumentParty, models.Signature):
        search.refresh_search_text([instance.document_id])
    elif (
        sender in SEARCHED_FIELDS
        and not created  # a new record has no documents yet
        # A fixture (raw) gives no "before" to compare with.
        and (raw or getattr(instance, "_searched_before", None) != _searched_values(instance))
    ):
        search.refresh_search_text(_documents_of(instance))


@receiver(post_delete)
def refresh_after_delete(sender, instance, **kwargs):
    if sender in (models.DocumentParty, models.Signature):
        search.refresh_search_text([instance.document_id])
