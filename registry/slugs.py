"""Slugs are frozen once published, and an old one keeps working: a renamed record's old slug redirects.

A pre_save receiver notices a changed slug, however the record is saved (admin, import, shell), and
keeps the old one as a RetiredSlug in the same transaction; detail views fall back to it before a 404.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from registry import models

SLUGGED = (models.Party, models.Person, models.MeetingSeries, models.Summit, models.Document, models.Target)


@receiver(pre_save)
def retire_changed_slug(sender, instance: Model, raw: bool = False, **kwargs) -> None:
    """When a saved record's slug changes, keep the old slug as a redirect (and drop one it takes back)."""
    if raw or sender not in SLUGGED or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old is None or old == instance.slug:
        return
    content_type = ContentType.objects.get_for_model(sender)
    models.RetiredSlug.objects.filter(content_type=content_type, slug=instance.slug).delete()
    models.RetiredSlug.objects.update_or_create(
        content_type=content_type, slug=old, defaults={"object_id": instance.pk}
    )


def record_for_retired_slug(queryset: QuerySet, slug: str) -> Model | None:
    """The record in `queryset` that used to have `slug`, if any."""
    content_type = ContentType.objects.get_for_model(queryset.model)
    old = models.RetiredSlug.objects.filter(content_type=content_type, slug=slug).values("object_id")
    return queryset.filter(pk__in=old).first()


class RedirectRetiredSlugMixin:
    """For a DetailView: an unknown slug that a record used to have redirects permanently to its page."""

    def get(self, request, *args, **kwargs) -> HttpResponse:
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            record = record_for_retired_slug(self.get_queryset(), kwargs["slug"])
            if record is None:
                raise
            return redirect(record, permanent=True)
