"""Discovery for the attack suites: every public URL pattern and every parameter a view reads.

Nothing here names a page or a parameter. Routes come from the URL configuration (admin excluded, every
language prefix included); parameters come from the FilterSets in registry.filters, from the GET forms a
page renders, and from what a view actually reads from the query string while it answers.
"""

import functools
import importlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.regex_helper import normalize

# Names a listing, API or download conventionally reads, tried on every URL besides what is discovered.
CONVENTIONAL_PARAMETERS = [
    "q",
    "page",
    "per_page",
    "page_size",
    "limit",
    "offset",
    "cursor",
    "sort",
    "ordering",
    "o",
    "format",
    "lang",
    "language",
    "next",
    "callback",
]


@dataclass(frozen=True)
class Route:
    """One public URL pattern in one language: a %-format path and the keywords it takes."""

    name: str
    language: str
    template: str
    keywords: tuple[str, ...] = field(default=())
    regex: str = ""
    view: object = field(default=None, compare=False)
    defaults: tuple[str, ...] = field(default=(), compare=False)

    def path(self, values: dict[str, str]) -> str:
        return "/" + self.template % values

    def matches(self, path: str) -> bool:
        """Whether the pattern accepts this (still percent-encoded) path, as the resolver would see it."""
        return re.fullmatch(self.regex, unquote(path.removeprefix("/"), errors="surrogateescape")) is not None

    @property
    def label(self) -> str:
        return f"{self.language}:{self.name}"


def _regex_source(pattern) -> str:
    if isinstance(pattern, LocalePrefixPattern):
        return re.escape(pattern.language_prefix)
    source = pattern.regex.pattern
    source = source.removeprefix("^")
    for end in ("\\Z", "$"):
        source = source.removesuffix(end)
    return source


def _walk(patterns, prefix: list, namespace: str) -> Iterator[tuple[list, URLPattern, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin" or entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, [*prefix, entry.pattern], inner)
        else:
            yield [*prefix, entry.pattern], entry, namespace


def public_routes(languages: list[str] | None = None) -> list[Route]:
    """Every non-admin URL pattern, once per language (the prefix changes with the language)."""
    routes: dict[tuple[str, str], Route] = {}
    for language in languages or [code for code, _ in settings.LANGUAGES]:
        with translation.override(language):
            for pieces, entry, namespace in _walk(get_resolver().url_patterns, [], ""):
                source = "".join(_regex_source(piece) for piece in pieces)
                template, keywords = normalize(source)[0]
                name = f"{namespace}{entry.name}" if entry.name else template
                # Keys of a dict handed to the view (the sitemap's sections) are values a keyword takes.
                defaults = tuple(key for arg in entry.default_args.values() if isinstance(arg, dict) for key in arg)
                route = Route(name, language, template, tuple(keywords), source, entry.callback, defaults)
                routes.setdefault((language, template), route)
    return list(routes.values())


def keyword_values(route: Route, keyword: str) -> list[str]:
    """Real values for a path keyword: a field of that name on some record, else the formats and sections."""
    from rest_framework.settings import api_settings

    from tests.world import path_values

    formats = [renderer.format for renderer in api_settings.DEFAULT_RENDERER_CLASSES]
    formats = [*formats, "json", "csv", "xml"]
    # A format suffix converter may take the dot with it (".json").
    return path_values(keyword, route.template) or [*route.defaults, *formats, *(f".{f}" for f in formats), "1"]


@functools.cache
def filterset_parameters() -> dict[str, frozenset[str]]:
    """The query parameters of every FilterSet in registry.filters, by FilterSet name, read off its form."""
    try:
        module = importlib.import_module("registry.filters")
    except ModuleNotFoundError:
        return {}
    from django_filters import FilterSet

    found = {}
    for name, value in vars(module).items():
        if isinstance(value, type) and issubclass(value, FilterSet) and value.__module__ == module.__name__:
            if value._meta.model is None:
                continue
            names = set()
            for field_name, form_field in value.base_filters.items():
                widget = form_field.field.widget
                # A range or date-range filter is several inputs: name_after, name_before, name_min, ...
                suffixes = getattr(widget, "suffixes", None) or (
                    range(len(widget.widgets)) if hasattr(widget, "widgets") else ()
                )
                names |= {f"{field_name}_{suffix}" if suffix != "" else field_name for suffix in suffixes} or {
                    field_name
                }
            found[name] = frozenset(names)
    return found


def form_parameters(html: str) -> set[str]:
    """Names of the inputs of every GET form on a page (a form without a method is a GET form)."""
    names: set[str] = set()
    for form in re.findall(r"<form\b(.*?)</form>", html, flags=re.S | re.I):
        attributes = form.split(">", 1)[0]
        if re.search(r"method\s*=\s*[\"']?post", attributes, flags=re.I):
            continue
        names |= set(re.findall(r"<(?:input|select|textarea)\b[^>]*\bname=[\"']([^\"']+)[\"']", form, flags=re.I))
    return names


@functools.cache
def accepted_by_a_filterset(parameter: str, value: str) -> bool:
    """Whether some FilterSet that has `parameter` accepts `value` (raw, as in a query string) for it."""
    from django.http import QueryDict

    module = importlib.import_module("registry.filters")
    data = QueryDict(f"{quote(parameter)}={value}")
    for name, parameters in filterset_parameters().items():
        if parameter in parameters:
            filterset = getattr(module, name)
            if filterset(data, queryset=filterset._meta.model._default_manager.none()).form.is_valid():
                return True
    return False


def in_a_filterset(parameter: str) -> bool:
    return any(parameter in parameters for parameters in filterset_parameters().values())


@contextmanager
def recorded_reads() -> Iterator[set[str]]:
    """Record every key looked up in any QueryDict (request.GET, a form's data) while the block runs."""
    keys: set[str] = set()
    originals = {name: getattr(MultiValueDict, name) for name in ("__getitem__", "get", "getlist", "__contains__")}

    from django.http import QueryDict

    def recording(original):
        def method(self, key, *args, **kwargs):
            # Only query dictionaries: the URL resolver keeps MultiValueDicts of its own.
            if isinstance(self, QueryDict) and isinstance(key, str):
                keys.add(key)
            return original(self, key, *args, **kwargs)

        return method

    for name, original in originals.items():
        setattr(MultiValueDict, name, recording(original))
    try:
        yield keys
    finally:
        for name, original in originals.items():
            setattr(MultiValueDict, name, original)


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes
    error: str = ""


def fetch(client: Client, path: str, query: str = "", **headers) -> Answer:
    """GET a path with a raw query string; read streamed bodies too, where a late error would surface."""
    try:
        response = client.get(path, QUERY_STRING=query, **headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    except Exception as error:  # a streamed body that fails while being read is a server error too
        return Answer(500, "", b"", f"{type(error).__name__}: {error}")
    error = ""
    if response.status_code >= 500 and getattr(response, "exc_info", None):
        error = f"{response.exc_info[0].__name__}: {response.exc_info[1]}"
    return Answer(response.status_code, response.get("Content-Type", ""), body, error)
