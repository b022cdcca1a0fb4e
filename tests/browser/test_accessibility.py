"""WCAG 2.1 AA: axe-core finds nothing on any page type in English and Russian, and a visitor can
search, filter, page and open a document with the keyboard alone, always seeing where the focus is."""

import re

import factory
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import transaction

from registry import models
from registry.urls import public
from tests.browser.pages import NOT_PAGES, SEED_PAGES, all_pages, in_language
from tests.factories import DocumentFactory

pytestmark = pytest.mark.browser

# The rules of WCAG 2.0 and 2.1, levels A and AA, plus axe's best practices (landmarks, one h1, ...).
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
}


def test_every_public_page_type_is_checked():
    names = {pattern.name for pattern in public} - NOT_PAGES
    assert names == set(SEED_PAGES), "add the new page type to tests/browser/pages.py"


def describe(violations: list[dict]) -> list[str]:
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in violations
    ]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_axe_finds_no_violation_on_any_page_type(page, site, language):
    axe = Axe()
    found = {}
    for name, path in all_pages().items():
        page.goto(site + in_language(path, language))
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            found[f"{name} {in_language(path, language)}"] = describe(violations)
    assert not found, found


FOCUS_STYLE = """() => {
    const style = getComputedStyle(document.activeElement);
    return {tag: document.activeElement.tagName, outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
            html: document.activeElement.outerHTML.slice(0, 60)};
}"""


def tab_to(page, selector: str, limit: int = 250) -> None:
    """Press Tab until the element matching selector has the focus, checking each stop shows its focus."""
    trail = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        trail.append(focus["html"])
        if focus["tag"] == "BODY":
            break  # past the last control: the focus left the page
        assert focus["outline"] != "none" and focus["width"] >= 2, f"no visible focus on {focus['tag']}: {focus}"
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab on {page.url}; the focus went to {trail}")


def test_the_skip_link_is_the_first_stop_and_moves_to_the_content(page, site):
    page.goto(site + "/documents/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the focused skip link is off screen"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_keyboard_user_searches_filters_pages_and_opens_a_document(browser, site, javascript):
    # More agreements than fit on one page of results, so there is a next page to reach. Each is committed
    # with its party (PostgreSQL checks at commit that a published document has one).
    with transaction.atomic():
        DocumentFactory.create_batch(
            25, kind=models.Document.Kind.AGREEMENT, title_en=factory.Sequence(lambda n: f"Transit document {n}")
        )
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site + "/")
    tab_to(page, "input[name=q]")
    page.keyboard.type("document")
    page.keyboard.press("Enter")
    page.wait_for_url("**/documents/?q=document*")

    # Filter by kind: tick the box with Space; without JavaScript, submit the form from the keyboard.
    tab_to(page, "[name=kind][value=agreement]")
    page.keyboard.press("Space")
    if not javascript:
        tab_to(page, "main form button[type=submit]:not([hidden])")
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]kind=agreement(&|$)"))
    assert "q=document" in page.url

    # Page: follow "Next"; the query and the filter stay.
    tab_to(page, "a[rel=next]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]page=2(&|$)"))
    assert "kind=agreement" in page.url and "q=document" in page.url

    # Open a result on that page.
    tab_to(page, ".results-list a")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}")
    assert page.get_by_role("heading", level=1).is_visible()
    context.close()
