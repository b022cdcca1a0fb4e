"""Hostile input on every parameter of every public URL and API endpoint: never a server error.

Routes, path keywords and query parameters are discovered (tests/attack.py), so a new page, endpoint or
filter is attacked without editing this file. Every hostile value (tests/hostile.py) goes to every
parameter a route reads, one at a time, and to every discovered parameter at once; to every path keyword
in place of a real slug; and the whole-query and header attacks go to every route.
"""

import itertools
import tempfile
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import transaction
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

ENGLISH = settings.LANGUAGE_CODE
# In the other languages only the prefix differs, so a sample of the corpus is enough there.
SAMPLE = ["nul", "digits-25", "long-20000", "raw-ff", "xss-script", "rtl-override"]
# A raw payload that must never come back unescaped in HTML or XML.
RAW_PAYLOADS = [hostile.TEXT[name].encode() for name in ("xss-script", "xss-img", "xss-svg")]

ROUTES = public_routes()
ENGLISH_ROUTES = [route for route in ROUTES if route.language == ENGLISH]
OTHER_ROUTES = [route for route in ROUTES if route.language != ENGLISH]


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


def real_values(client: Client, route: Route) -> dict[str, str] | None:
    """Keywords of a real record for which the route answers 200, if the test world has one."""
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
    # A view that reads no parameter at all (recorded while it answers) cannot be steered by one: hostile
    # values reach only the query-string parser there, so a sample of them, every parameter at once, is sent.
    names = hostile.NAMES if read else SAMPLE
    # Every parameter anyone could send, each with a different value in each request (a Latin square):
    # every (parameter, value) pair is sent in only len(NAMES) requests.
    parameters = sorted(everything(client, path))
    for shift in range(len(names)):
        query = "&".join(
            f"{quote(parameter)}={hostile.encoded(names[(shift + index) % len(names)])}"
            for index, parameter in enumerate(parameters)
        )
        findings.check(client, path, query, f"all parameters, rotation {shift}")
    # Alone, so that no other bad value stops the view before its query runs: each value a FilterSet
    # accepts for the parameter (the others are refused by the form, as the rotation already saw), and
    # every value for a parameter the view reads outside any FilterSet.
    for parameter in read:
        for name in hostile.NAMES:
            value = hostile.encoded(name)
            if not in_a_filterset(parameter) or accepted_by_a_filterset(parameter, value):
                findings.check(client, path, f"{quote(parameter)}={value}", f"{parameter} alone: {name}")
    for name, query in hostile.QUERY_STRINGS.items():
        findings.check(client, path, query, f"query string: {name}")
    for name, headers in hostile.HEADERS.items():
        findings.check(client, path, "", f"headers: {name}", **headers)
    findings.assert_clean()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route", [route for route in ENGLISH_ROUTES if route.keywords], ids=lambda route: route.template
)
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
            if name in SAMPLE or route.matches(path):
                findings.check(client, path, "", f"{keyword}: {name}")
    findings.assert_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("route", OTHER_ROUTES, ids=lambda route: f"{route.language}:{route.template}")
def test_every_language_prefix_survives_a_sample_of_hostile_values(world, client, route):
    findings = Findings(route)
    path = real_path(client, route)
    findings.check(client, path)
    parameters = sorted(everything(client, path))
    for name in SAMPLE:
        value = hostile.encoded(name)
        findings.check(client, path, "&".join(f"{parameter}={value}" for parameter in parameters), name)
    findings.assert_clean()


def test_the_corpus_and_the_discovery_are_wide_enough():
    """The acceptance floor: at least 80 hostile values, every public page family discovered."""
    assert len(hostile.NAMES) >= 80
    names = {route.name for route in ENGLISH_ROUTES}
    assert {"home", "document-list", "document-detail"} <= names
    assert not any(route.template.startswith("admin/") for route in ROUTES)
    assert {route.language for route in ROUTES} == {code for code, _ in settings.LANGUAGES}
