"""Five languages: complete catalogues, pages in the visitor's language, links between languages, formats."""

import datetime
import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import formats, translation

from tests.factories import DocumentFactory

BASE_DIR = Path(settings.BASE_DIR)
TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# The same folders `make makemessages` leaves out: tests and docs hold no interface strings.
IGNORED = [".venv", "locale", "tests", "docs", "staticfiles", "media", "test-artifacts"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory) -> dict[str, polib.POFile]:
    """The committed catalogues merged with every string the code and templates use today.

    makemessages runs on a copy of the project, so a string added to a template without running
    `make makemessages` shows up here as untranslated, and a changed one as fuzzy. (A copy, because
    makemessages writes into any locale/ folder beside the files it reads.)
    """
    project = tmp_path_factory.mktemp("catalogues") / "project"
    shutil.copytree(BASE_DIR, project, ignore=shutil.ignore_patterns(*IGNORED, ".*", "__pycache__", "*.mo"))
    shutil.copytree(BASE_DIR / "locale", project / "locale", ignore=shutil.ignore_patterns("*.mo"))
    return {code: polib.pofile(str(path)) for code, path in make_messages(project, TRANSLATED_LANGUAGES).items()}


def make_messages(project: Path, languages: list[str]) -> dict[str, Path]:
    """Run makemessages as `make makemessages` does, inside project; the .po file of each language."""
    cwd = Path.cwd()
    os.chdir(project)
    try:
        with override_settings(LOCALE_PATHS=[project / "locale"]):
            call_command("makemessages", locale=languages, ignore_patterns=IGNORED, no_location=True, verbosity=0)
    finally:
        os.chdir(cwd)
    return {code: project / "locale" / code / "LC_MESSAGES" / "django.po" for code in languages}


@pytest.fixture(scope="module")
def compiled_catalogues():
    """Pages render translated text only from compiled catalogues, which the build makes (not git)."""
    call_command("compilemessages", ignore_patterns=[".venv"], verbosity=0)


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_interface_string_is_translated(fresh_catalogues, language):
    catalogue = fresh_catalogues[language]
    assert len(catalogue) > 100, "the catalogue lost its strings: run `make makemessages`"
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not missing, f"{len(missing)} strings lack a {language} translation (docs/i18n.md): {missing}"
    assert not fuzzy, f"{len(fuzzy)} {language} translations are marked fuzzy; check and unmark them: {fuzzy}"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_translations_keep_every_placeholder(fresh_catalogues, language):
    wrong = []
    for entry in fresh_catalogues[language].translated_entries():
        expected = set(PLACEHOLDER.findall(entry.msgid))
        translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        if entry.msgid_plural:
            expected |= set(PLACEHOLDER.findall(entry.msgid_plural))
        # A plural form may leave out the number (Russian "один" or a one-form language), never add one.
        for text in translations:
            found = set(PLACEHOLDER.findall(text))
            if found - expected or (not entry.msgid_plural and found != expected):
                wrong.append((entry.msgid, text))
    assert not wrong, f"{language} translations whose placeholders differ from the English: {wrong}"


def test_a_string_missing_from_the_catalogue_fails_the_check(tmp_path):
    """The completeness check itself: a new template string shows up untranslated, and nothing is
    written outside the copy."""
    shutil.copytree(BASE_DIR / "locale" / "tr", tmp_path / "locale" / "tr", ignore=shutil.ignore_patterns("*.mo"))
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "new.html").write_text('{% load i18n %}{% translate "A brand-new sentence" %}')
    committed = (BASE_DIR / "locale" / "tr" / "LC_MESSAGES" / "django.po").read_bytes()
    catalogue = polib.pofile(str(make_messages(tmp_path, ["tr"])["tr"]))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == ["A brand-new sentence"]
    assert (BASE_DIR / "locale" / "tr" / "LC_MESSAGES" / "django.po").read_bytes() == committed


@pytest.mark.django_db
def test_the_russian_page_speaks_russian(client, compiled_catalogues):
    content = client.get("/ru/documents/").content.decode()
    assert '<html lang="ru">' in content
    assert "Документы" in content


@pytest.mark.django_db
def test_language_links_keep_the_page_and_its_query(client):
    content = client.get("/documents/?q=water&page=1").content.decode()
    for code in TRANSLATED_LANGUAGES:
        assert f'href="/{code}/documents/?q=water&amp;page=1" lang="{code}" hreflang="{code}"' in content
    assert 'href="/documents/?q=water&amp;page=1" lang="en" hreflang="en" aria-current="true"' in content


@pytest.mark.django_db
def test_a_page_names_its_translations_and_its_canonical_url(client):
    document = DocumentFactory()
    content = client.get("/kk" + document.get_absolute_url()).content.decode()
    for code in TRANSLATED_LANGUAGES:
        prefix = f"/{code}"
        assert (
            f'<link rel="alternate" hreflang="{code}" href="http://testserver{prefix}/documents/{document.slug}/">'
            in content
        )
    assert f'<link rel="alternate" hreflang="en" href="http://testserver/documents/{document.slug}/">' in content
    assert f'<link rel="alternate" hreflang="x-default" href="http://testserver/documents/{document.slug}/">' in content
    assert f'<link rel="canonical" href="http://testserver/kk/documents/{document.slug}/">' in content


def test_a_page_outside_the_translated_urls_links_to_each_home_page(rf):
    request = rf.get("/api/")
    request.resolver_match = None
    with translation.override("ru"):
        links = Template("{% load kelisim_i18n %}{% language_links as l %}{% for x in l %}{{ x.url }} {% endfor %}")
        assert links.render(Context({"request": request})) == "/ /tr/ /ru/ /kk/ /ky/ "
        alternates = Template("{% load kelisim_i18n %}{% alternate_links as a %}{{ a|length }}")
        assert alternates.render(Context({"request": request})) == "0"


def render_title(document, language: str) -> str:
    with translation.override(language):
        return Template('{% load kelisim_i18n %}{{ document|translated:"title" }}').render(
            Context({"document": document})
        )


@pytest.mark.django_db
def test_content_in_the_visitors_language_is_not_marked():
    document = DocumentFactory(title_en="Roadmap", title_ru="Дорожная карта")
    assert render_title(document, "ru") == "Дорожная карта"
    assert render_title(document, "en") == "Roadmap"


@pytest.mark.django_db
def test_the_english_fallback_is_marked_with_its_language():
    document = DocumentFactory(title_en="Roadmap <2030>", title_ru="")
    assert render_title(document, "ky") == '<span lang="en">Roadmap &lt;2030&gt;</span>'


@pytest.mark.parametrize(
    ("language", "date", "number"),
    [
        ("en", "Aug. 22, 2025", "1,234,567.5"),
        ("tr", "22 Ağustos 2025", "1.234.567,5"),
        ("ru", "22 августа 2025 г.", "1\xa0234\xa0567,5"),
        ("kk", "22 Тамыз 2025 ж.", "1\xa0234\xa0567,5"),
        ("ky", "22 Август 2025 ж.", "1\xa0234\xa0567.5"),
    ],
)
def test_dates_and_numbers_follow_the_language(language, date, number):
    with translation.override(language):
        assert formats.date_format(datetime.date(2025, 8, 22)) == date
        assert formats.number_format(1234567.5, 1, use_l10n=True, force_grouping=True) == number


@pytest.mark.django_db
def test_the_admin_speaks_the_chosen_language(admin_client, compiled_catalogues):
    response = admin_client.post(reverse("set_language"), {"language": "kk", "next": "/admin/registry/document/"})
    assert response.status_code == 302
    content = admin_client.get("/admin/registry/document/").content.decode()
    assert '<html lang="kk"' in content
    assert "Құжаттар" in content  # the model's name in Kazakh
    assert '<option value="kk" lang="kk" selected>Қазақша</option>' in content


@pytest.mark.django_db
def test_pages_mark_the_english_fallback_of_their_records(client):
    document = DocumentFactory(title_en="Water roadmap", title_ky="", summary_en="Shared rivers.")
    content = client.get(f"/ky/documents/{document.slug}/").content.decode()
    assert '<h1><span lang="en">Water roadmap</span></h1>' in content
    assert '<span lang="en">Shared rivers.</span>' in content
    translated = DocumentFactory(title_en="Energy roadmap", title_ky="Энергетика жол картасы")
    assert "<h1>Энергетика жол картасы</h1>" in client.get(f"/ky/documents/{translated.slug}/").content.decode()
