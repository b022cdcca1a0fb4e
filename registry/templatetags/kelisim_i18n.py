"""Template helpers for a page in five languages: translated content with a marked fallback, links to
the same page in every language, and the hreflang alternates search engines read."""

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from modeltranslation.utils import build_localized_fieldname

register = template.Library()

FALLBACK_LANGUAGE = settings.MODELTRANSLATION_FALLBACK_LANGUAGES[0]


@register.filter
def translated(record: object, field: str) -> SafeString | str:
    """The field in the visitor's language; the English fallback is wrapped in <span lang="en">.

    modeltranslation already falls back silently; a screen reader must know the language changed, so the
    active language's own column decides whether the shown text is the fallback.
    """
    value = getattr(record, field, None)
    if value in (None, ""):
        return ""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language == FALLBACK_LANGUAGE:
        return value
    if getattr(record, build_localized_fieldname(field, language), None):
        return value
    return format_html('<span lang="{}">{}</span>', FALLBACK_LANGUAGE, value)


def _page_url(request: HttpRequest, language: str) -> str | None:
    """The current page's path and query in another language, or None where the page has no translations."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.view_name:
        return None
    with translation.override(language):
        try:
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return None
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict]:
    """One entry per language: code, own name, link to this page in it (or its home page), is it current."""
    request = context["request"]
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = _page_url(request, code)
        if url is None:
            with translation.override(code):
                url = reverse("home")
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


@register.simple_tag(takes_context=True)
def alternate_links(context: template.Context) -> list[dict]:
    """Absolute URLs of this page in every language for <link rel="alternate" hreflang>; empty off the
    translated pages (admin, API), which have one URL for every language."""
    request = context["request"]
    urls = {code: _page_url(request, code) for code, _name in settings.LANGUAGES}
    if len(set(urls.values())) < 2:
        return []
    links = [{"hreflang": code, "href": request.build_absolute_uri(url)} for code, url in urls.items()]
    links.append({"hreflang": "x-default", "href": request.build_absolute_uri(urls[settings.LANGUAGE_CODE])})
    return links
