"""Hostile input on every parameter of every public URL and API endpoint: never a server error.

Routes, path keywords and query parameters are discovered (tests/attack.py), so a new page, endpoint or
filter is attacked without editing this file. Two depths:

- every FilterSet parameter in registry.filters gets every hostile value (tests/hostile.py) directly, its
  query evaluated, on each database: the exhaustive part, and fast;
- over HTTP, every route gets every value in a few requests that each carry every discovered parameter
  with a different value (a rotation: across its requests every value reaches the route), plus a share of
  the whole-query and header attacks, hostile path keywords and every language prefix.

HOSTILE_DEPTH=full sends over HTTP every value to every parameter of every route as well (a Latin square,
len(NAMES) requests a route, then each parameter alone with each value a FilterSet accepts for it); it
takes tens of minutes on a small machine, so `make test` runs the quick depth.
"""

import itertools
import os
import tempfile
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.test import Client, override_settings

from tests import hostile
from tests.attack import (
    CONVENTIONAL_PARAMETERS,
    Route,
    accepted_by_a_filterset,
    fetch,
    filterset_parameters,
    form_parameters,
    in_a_filterset,
    keyword_values,
    public_routes,
)
from tests.attack import recorded_reads as recording
from tests.world import build_world

FULL = os.environ.get("HOSTILE_DEPTH", "quick") == "full"
QUICK_REQUESTS = 4
ENGLISH = settings.LANGUAGE_CODE
# In the other languages only the prefix differs, so a sample of the corpus is enough there.
SAMPLE = ["nul", "digits-25", "long-20000", "raw-ff", "xss-script", "rtl-override"]
# Values that fit a slug and so reach the view behind a path keyword.
PATH_SAMPLE = ["digits-25", "minus-one", "slug-dashes", "slug-underscore"]
# A raw payload that must never come back unescaped in HTML or XML.
RAW_PAYLOADS = [hostile.TEXT[name].encode() for name in ("xss-script", "xss-img", "xss-svg")]

ROUTES = public_routes()
ENGLISH_ROUTES = [route for route in ROUTES if route.language == ENGLISH]
# Routes outside i18n_patterns are the same URL in every language: only prefixed ones are new.
OTHER_ROUTES = [
    route
    for route in ROUTES
    if route.language != ENGLISH and route.template not in {english.template for english in ENGLISH_ROUTES}
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One small world shared by every test here, rolled back at the end of the module."""
    with (
        django_db_blocker.unblock(),
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


class Findings:
    """Requests sent and the server errors among them, reported together at the end of a test."""

    def __init__(self, route: Route):
        self.route = route
        self.sent = 0
        self.errors: list[str] = []

    def check(self, client: Client, path: str, query: str = "", what: str = "", **headers) -> int:
        answer = fetch(client, path, query, **headers)
        self.sent += 1
        if answer.status >= 500:
            self.errors.append(f"{answer.status} GET {path[:120]}?{query[:120]} ({what}) {answer.error[:300]}")
        elif "html" in answer.content_type or "xml" in answer.content_type:
            for payload in RAW_PAYLOADS:
                if payload in answer.body:
                    self.errors.append(f"unescaped {payload!r} in GET {path[:120]}?{query[:120]} ({what})")
        return answer.status

    def assert_clean(self) -> None:
        assert not self.errors, f"{len(self.errors)} of {self.sent} requests failed:\n" + "\n".join(self.errors[:25])


# The world lives as long as the module, and so do these answers (a route in another language shares its
# English twin's); each costs requests.
FOUND: dict[tuple, dict[str, str] | None] = {}
READ: dict[str, set[str]] = {}


def real_values(client: Client, route: Route) -> dict[str, str] | None:
    """Keywords of a real record for which the route answers 200, if the test world has one."""
    if (route.name, route.keywords) not in FOUND:
        FOUND[route.name, route.keywords] = find_real_values(client, route)
    return FOUND[route.name, route.keywords]


def find_real_values(client: Client, route: Route) -> dict[str, str] | None:
    pools = [keyword_values(route, keyword) for keyword in route.keywords]
    for values in itertools.islice(itertools.product(*pools), 300):
        keywords = dict(zip(route.keywords, values, strict=True))
        if fetch(client, route.path(keywords)).status == 200:
            return keywords
    return None


def real_path(client: Client, route: Route) -> str:
    """The route's path for a real record (no keywords: the route itself); fails when the world has none."""
    if not route.keywords:
        return route.path({})
    values = real_values(client, route)
    assert values is not None, f"no record in tests/world.py answers {route.template}: add one there"
    return route.path(values)


def parameters_read(client: Client, path: str) -> set[str]:
    """What the view reads from the query string, plus every FilterSet parameter of a FilterSet it uses."""
    if path not in READ:
        READ[path] = find_parameters_read(client, path)
    return READ[path]


def find_parameters_read(client: Client, path: str) -> set[str]:
    with recording() as keys:
        answer = fetch(client, path)
    keys |= form_parameters(answer.body.decode(errors="replace"))
    for names in filterset_parameters().values():
        if keys & names:
            keys |= names
    return keys


def everything(client: Client, path: str) -> set[str]:
    names = set(CONVENTIONAL_PARAMETERS) | parameters_read(client, path)
    for filterset_names in filterset_parameters().values():
        names |= filterset_names
    return names


@pytest.mark.django_db
@pytest.mark.parametrize("route", ENGLISH_ROUTES, ids=lambda route: route.template or "home")
def test_no_hostile_query_value_causes_a_server_error(world, client, route):
    findings = Findings(route)
    path = real_path(client, route)
    read = sorted(parameters_read(client, path))
    parameters = sorted(everything(client, path))
    names, count = hostile.NAMES, len(hostile.NAMES)
    # Request j gives parameter i the value (start + j * len(parameters) + i): over `quick` requests every
    # value reaches the route (len(parameters) * quick >= len(NAMES)); routes start at
    # different places, so together they send each value to many parameters. The full depth is a Latin
    # square: every (parameter, value) pair on every route.
    start = ENGLISH_ROUTES.index(route) * 7
    step = 1 if FULL else len(parameters)
    quick = max(QUICK_REQUESTS, -(-count // len(parameters)))  # enough requests for every value to be sent
    for j in range(count if FULL else quick):
        query = "&".join(
            f"{quote(parameter)}={hostile.encoded(names[(start + j * step + i) % count])}"
            for i, parameter in enumerate(parameters)
        )
        findings.check(client, path, query, f"every parameter, request {j}")
    if FULL:
        # Alone, so that no other bad value stops the view before its query runs.
        for parameter in read:
            for name in names:
                value = hostile.encoded(name)
                if not in_a_filterset(parameter) or accepted_by_a_filterset(parameter, value):
                    findings.check(client, path, f"{quote(parameter)}={value}", f"{parameter} alone: {name}")
    queries = list(hostile.QUERY_STRINGS.items())
    headers = list(hostile.HEADERS.items())
    for n in range(max(len(queries), len(headers)) if FULL else 1):
        name, query = queries[(start + n) % len(queries)]
        findings.check(client, path, query, f"query string: {name}")
        name, extra = headers[(start + n) % len(headers)]
        findings.check(client, path, "", f"headers: {name}", **extra)
    findings.assert_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ENGLISH_ROUTES if r.keywords], ids=lambda route: route.template)
def test_no_hostile_path_value_causes_a_server_error(world, client, route):
    findings = Findings(route)
    real = real_values(client, route)
    assert real is not None, f"no record in tests/world.py answers {route.template}: add one there"
    for keyword in route.keywords:
        for name in hostile.NAMES:
            # Slashes are escaped so the value stays one path segment; an empty one would be another URL.
            values = real | {keyword: hostile.encoded(name).replace("/", "%2F") or "%20"}
            path = route.path(values)
            # A value the pattern refuses never reaches a view (the resolver answers 404): a sample will do.
            if name in SAMPLE[:2] or (route.matches(path) and (FULL or name in PATH_SAMPLE)):
                findings.check(client, path, "", f"{keyword}: {name}")
    findings.assert_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("route", OTHER_ROUTES, ids=lambda route: f"{route.language}:{route.template}")
def test_every_language_prefix_survives_hostile_values(world, client, route):
    findings = Findings(route)
    path = real_path(client, route)
    twins = [twin for twin in ENGLISH_ROUTES if (twin.name, twin.keywords) == (route.name, route.keywords)]
    english = twins[0] if twins else route
    parameters = sorted(everything(client, real_path(client, english)))
    sample = hostile.NAMES if FULL else SAMPLE
    offset = OTHER_ROUTES.index(route)
    for j in range(len(sample) if FULL else 1):
        query = "&".join(
            f"{quote(parameter)}={hostile.encoded(sample[(offset + j + i) % len(sample)])}"
            for i, parameter in enumerate(parameters)
        )
        findings.check(client, path, query, f"every parameter, request {j}")
    findings.assert_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("filterset_name", sorted(filterset_parameters()))
def test_every_filterset_parameter_survives_every_hostile_value(world, filterset_name):
    """Each value alone, so that a value the form accepts reaches the database query."""
    import registry.filters

    filterset_class = getattr(registry.filters, filterset_name)
    model = filterset_class._meta.model
    tried = accepted = 0
    for parameter in sorted(filterset_parameters()[filterset_name]):
        for name in hostile.NAMES:
            data = QueryDict(f"{quote(parameter)}={hostile.encoded(name)}")
            filterset = filterset_class(data, queryset=model._default_manager.all())
            tried += 1
            if filterset.is_valid():
                accepted += 1
                list(filterset.qs[:5])  # the query runs: no database error for any accepted value
            else:
                assert filterset.errors  # refused with a message, not an exception
    assert tried == len(filterset_parameters()[filterset_name]) * len(hostile.NAMES) >= accepted


def test_the_corpus_and_the_discovery_are_wide_enough():
    """The acceptance floor: at least 80 hostile values, every public page family discovered."""
    assert len(hostile.NAMES) >= 80
    names = {route.name for route in ENGLISH_ROUTES}
    assert {"home", "document-list", "document-detail"} <= names
    assert not any(route.template.startswith("admin/") for route in ROUTES)
    assert {route.language for route in ROUTES} == {code for code, _ in settings.LANGUAGES}
