"""Which fields are translated (en, tr, ru, kk, ky; English is the fallback), then history for every record.

History is registered here, after the translated columns exist: a HistoricalRecords field declared on a
translated model makes every save fail, and registering afterwards gives the history table every language.
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from registry import models


@register(models.Party)
class PartyTranslation(TranslationOptions):
    fields = ("name", "short_name")
    required_languages = ("en",)


@register(models.Person)
class PersonTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(models.MeetingSeries)
class MeetingSeriesTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(models.Summit)
class SummitTranslation(TranslationOptions):
    fields = ("name", "city", "venue", "description")
    required_languages = ("en",)


@register(models.SummitLeader)
class SummitLeaderTranslation(TranslationOptions):
    fields = ("role",)


@register(models.Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(models.Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title", "short_title", "signed_at", "summary")
    required_languages = ("en",)


@register(models.Signature)
class SignatureTranslation(TranslationOptions):
    fields = ("capacity",)


@register(models.Target)
class TargetTranslation(TranslationOptions):
    fields = ("description",)
    required_languages = ("en",)


@register(models.Honour)
class HonourTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


HISTORY_MODELS = [
    models.Source,
    models.Party,
    models.Person,
    models.MeetingSeries,
    models.Summit,
    models.SummitLeader,
    models.Topic,
    models.Document,
    models.DocumentParty,
    models.Signature,
    models.StatusEvent,
    models.DocumentRelation,
    models.RegistrationNumber,
    models.Attachment,
    models.Target,
    models.TargetObservation,
    models.Honour,
]
# Derived columns are rebuilt from the records, so their history would only repeat theirs.
HISTORY_EXCLUDED_FIELDS = {models.Document: ["search_text"]}
for model in HISTORY_MODELS:
    simple_history.register(model, excluded_fields=HISTORY_EXCLUDED_FIELDS.get(model, []))
