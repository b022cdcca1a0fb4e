"""XSS: records whose every text field holds markup are shown escaped on every page, in the admin, CSV and JSON.

Each text field of each record gets its own payload, `<x>'"&kNNNz</script>`, whose token kNNNz says which
field it came from. Pages are discovered like the hostile-input suite's (tests/attack.py); the admin
changelist and change page of every registered model are opened too.
"""

import csv
import io
import itertools
import json
import re

import pytest
from django.contrib import admin
from django.db import models as db_models
from django.test import override_settings
from django.urls import reverse

from tests.attack import fetch, public_routes
from tests.world import build_world, path_values, registry_models

TOKEN = re.compile(rb"k\d{3}z")
SKIPPED_FIELDS = {"key", "slug", "url", "iso_code", "language", "code", "file"}


def payload(number: int) -> str:
    return f"<x>'\"&k{number:03}z</script>"


def poison_every_text_field() -> dict[str, str]:
    """Write a distinct payload into every free-text column of every record; returns token -> model.field."""
    fields: dict[str, str] = {}
    number = itertools.count(100)
    for model in registry_models():
        names = {field.name for field in model._meta.concrete_fields}
        for field in model._meta.concrete_fields:
            if (
                not isinstance(field, db_models.CharField | db_models.TextField)
                or field.primary_key
                or not field.editable  # derived columns (a search index) nobody edits or shows
                or field.choices
                or field.name in SKIPPED_FIELDS
                or f"{field.name}_en" in names  # modeltranslation's original column: the _xx columns are shown
                or (field.max_length or 1000) < len(payload(0))
            ):
                continue
            for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)[:3]:
                n = next(number)
                model._default_manager.filter(pk=pk).update(**{field.attname: payload(n)})
                fields[f"k{n:03}z"] = f"{model.__name__}.{field.name}"
    return fields


@pytest.fixture
def poisoned(db, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        build_world()
        yield poison_every_text_field()


def public_pages(client) -> list[tuple[str, dict]]:
    """Every public route in English once, for the first real record that answers it; API routes as HTML too."""
    pages = []
    for route in public_routes(["en"]):
        pools = [path_values(keyword) or ["1"] for keyword in route.keywords]
        for values in itertools.islice(itertools.product(*pools), 200):
            path = route.path(dict(zip(route.keywords, values, strict=True)))
            answer = fetch(client, path)
            if answer.status == 200:
                pages.append((path, {}))
                if "json" in answer.content_type:  # the API's browsable pages are HTML
                    pages.append((path, {"HTTP_ACCEPT": "text/html"}))
                break
    return pages


def admin_paths() -> list[str]:
    paths = []
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        paths.append(reverse("admin:{}_{}_changelist".format(*info)))
        for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)[:3]:
            paths.append(reverse("admin:{}_{}_change".format(*info), args=[pk]))
    return paths


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_in(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    return []


def check(body: bytes, content_type: str, where: str, problems: list[str]) -> set[str]:
    """The tokens a response carries; a problem for each payload that is not escaped for its format."""
    seen = {token.decode() for token in TOKEN.findall(body)}
    if not seen:
        return seen
    if "html" in content_type or "xml" in content_type:
        if b"<x>" in body or re.search(rb"k\d{3}z</script>", body):
            problems.append(f"raw markup in {where}")
    elif "json" in content_type:
        for text in strings_in(json.loads(body)):
            if TOKEN.search(text.encode()) and text != payload(int(TOKEN.search(text.encode()).group()[1:4])):
                problems.append(f"JSON string {text!r} in {where} is not the stored value")
    elif "csv" in content_type:
        for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))):
            for cell in row:
                match = TOKEN.search(cell.encode())
                if match and cell.lstrip("'") != payload(int(match.group()[1:4])):
                    problems.append(f"CSV cell {cell!r} in {where} is not the stored value")
    return seen


def test_every_payload_is_escaped_on_every_public_page_and_download(client, poisoned):
    problems: list[str] = []
    seen: set[str] = set()
    pages = public_pages(client)
    assert len(pages) > 20
    for path, headers in pages:
        answer = fetch(client, path, **headers)
        assert answer.status == 200, f"{answer.status} on {path}: {answer.error}"
        seen |= check(answer.body, answer.content_type, path, problems)
    assert not problems, "\n".join(problems[:20])
    # The public pages show the records' text: most payloads must have been rendered (and escaped).
    assert len(seen) > len(poisoned) / 2, sorted(set(poisoned) - seen)


def test_every_payload_is_escaped_in_the_admin(admin_client, poisoned):
    problems: list[str] = []
    seen: set[str] = set()
    for path in admin_paths():
        answer = fetch(admin_client, path)
        assert answer.status == 200, f"{answer.status} on {path}: {answer.error}"
        seen |= check(answer.body, answer.content_type, path, problems)
    assert not problems, "\n".join(problems[:20])
    # An editor can see and correct every field, so every payload is on some admin page.
    missing = {token: field for token, field in poisoned.items() if token not in seen}
    assert not missing, missing


def test_a_payload_in_a_search_is_echoed_escaped(client, poisoned):
    answer = fetch(client, reverse("document-list"), "q=" + "%3Cx%3E%27%22%26k999z%3C%2Fscript%3E")
    assert answer.status in (200, 400)
    assert b"<x>" not in answer.body and b"&lt;x&gt;" in answer.body


def test_poisoning_reaches_many_fields(poisoned):
    """Guard: the payloads really went into the records (a silent no-op would pass every test above)."""
    assert len(set(poisoned.values())) >= 25
