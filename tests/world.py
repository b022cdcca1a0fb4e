"""A small world with one or more of every record, linked the way real data is, for the attack suites."""

import datetime

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models as db_models

from registry import models
from tests import factories


def build_world() -> dict:
    """Create published records of every kind (and one draft), linked together; returns the main ones."""
    kz = factories.StateFactory(key="KZ", name_en="Kazakhstan", name_ru="Казахстан")
    kg = factories.StateFactory(key="KG", name_en="Kyrgyzstan", name_ru="Кыргызстан")
    ministry = factories.PartyFactory(key="kz-mfa", name_en="Ministry of Foreign Affairs", parent=kz)
    trade = factories.TopicFactory(key="trade", name_en="Trade")
    water = factories.TopicFactory(key="water", name_en="Water", parent=trade)
    series = factories.MeetingSeriesFactory(key="kg-kz-council", name_en="Kyrgyz-Kazakh Council")
    series.members.set([kg, kz])
    summit = factories.SummitFactory(
        key="kg-kz-council-7", series=series, ordinal=7, host=kg, name_en="7th meeting", city_en="Bishkek"
    )
    summit.participants.set([kg, kz])
    source = factories.SourceFactory(title="Report")
    summit.sources.add(source)
    president = factories.PersonFactory(key="sadyr-japarov", name_en="Sadyr Japarov", party=kg, aliases="Жапаров")
    minister = factories.PersonFactory(key="murat-nurtleu", name_en="Murat Nurtleu", party=kz)
    models.SummitLeader.objects.create(summit=summit, person=president, party=kg, role_en="President")
    treaty = factories.DocumentFactory(
        key="kg-kz-water-treaty",
        kind=models.Document.Kind.TREATY,
        title_en="Treaty on water sharing",
        title_ru="Договор о водопользовании",
        summary_en="Shares the Chu and Talas rivers.",
        summit=summit,
        signed_on=datetime.date(2025, 8, 22),
        parties=[kg, kz],
        topics=[water],
        status=models.Document.Status.IN_FORCE,
        entry_into_force=datetime.date(2025, 12, 1),
    )
    memorandum = factories.DocumentFactory(
        key="kg-kz-trade-mou",
        kind=models.Document.Kind.MEMORANDUM,
        legal_nature=models.Document.LegalNature.NON_BINDING,
        title_en="Memorandum on trade",
        signed_on=datetime.date(2019, 1, 1),
        signed_on_precision="year",
        parties=[kz, ministry],
        topics=[trade],
    )
    factories.DocumentFactory(
        key="secret-draft", title_en="Secret draft", publication_state=models.PublicationState.DRAFT, parties=[kz]
    )
    factories.SignatureFactory(document=treaty, person=president, party=kg)
    factories.SignatureFactory(document=treaty, person=minister, party=kz)
    factories.StatusEventFactory(document=treaty, party=kz, date=datetime.date(2025, 10, 1))
    models.DocumentRelation.objects.create(
        from_document=memorandum, kind=models.DocumentRelation.Kind.REFERS_TO, to_document=treaty
    )
    models.RegistrationNumber.objects.create(document=treaty, register="unts", number="I-12345")
    treaty.sources.add(source)
    languages = list(models.Language.objects.filter(code__in=["ru", "ky", "kk"]))
    treaty.languages.set(languages)
    attachment = models.Attachment(document=treaty, title="Text", language=languages[0] if languages else None)
    attachment.file.save("treaty.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    target = factories.TargetFactory(key="kg-kz-trade-3bn", set_at_summit=summit, set_in_document=treaty)
    target.parties.set([kg, kz])
    models.TargetObservation.objects.create(target=target, date=datetime.date(2024, 12, 31), value=1_500_000_000)
    factories.HonourFactory(recipient=president, conferred_by=kz, summit=summit, date=datetime.date(2025, 8, 22))
    return {"treaty": treaty, "memorandum": memorandum, "summit": summit, "series": series, "target": target}


def registry_models() -> list[type[db_models.Model]]:
    """Every concrete model of the registry app (history tables excluded)."""
    return [
        model
        for model in apps.get_app_config("registry").get_models()
        if not model.__name__.startswith("Historical") and not model._meta.auto_created
    ]


def path_values(name: str, hint: str = "") -> list[str]:
    """Values of real records for a URL keyword named `name`: a field of that name on any model, or pks.

    Records of a model named in `hint` (a route like "documents/%(slug)s/") come first.
    """
    values: list[str] = []

    def named_in_hint(model) -> bool:
        return model._meta.model_name in hint or str(model._meta.verbose_name_plural) in hint

    for model in sorted(registry_models(), key=lambda model: not named_in_hint(model)):
        field_names = {field.name for field in model._meta.concrete_fields}
        attname = "pk" if name in ("pk", "id") or name.endswith("_id") else name
        if attname == "pk" or name in field_names:
            values += [str(value) for value in model._default_manager.values_list(attname, flat=True)[:20]]
        elif name == "slug" and named_in_hint(model) and "key" in field_names:  # a key used as a slug
            values += list(model._default_manager.values_list("key", flat=True)[:20])
    return list(dict.fromkeys(values))
