"""The languages authentic texts are commonly written in (ISO 639-1); editors may add more."""

from django.db import migrations

LANGUAGES = {
    "ar": "Arabic",
    "az": "Azerbaijani",
    "be": "Belarusian",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "hy": "Armenian",
    "ja": "Japanese",
    "ka": "Georgian",
    "kk": "Kazakh",
    "ko": "Korean",
    "ky": "Kyrgyz",
    "mn": "Mongolian",
    "ru": "Russian",
    "tg": "Tajik",
    "tk": "Turkmen",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "uz": "Uzbek",
    "zh": "Chinese",
    "hi": "Hindi",
    "it": "Italian",
    "pl": "Polish",
    "ro": "Romanian",
    "hu": "Hungarian",
    "ps": "Pashto",
}


def add_languages(apps, schema_editor):
    Language = apps.get_model("registry", "Language")
    Language.objects.bulk_create(
        [Language(code=code, name=name) for code, name in LANGUAGES.items()], ignore_conflicts=True
    )


def remove_languages(apps, schema_editor):
    apps.get_model("registry", "Language").objects.filter(code__in=LANGUAGES, documents=None).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_database_rules")]
    operations = [migrations.RunPython(add_languages, remove_languages)]
