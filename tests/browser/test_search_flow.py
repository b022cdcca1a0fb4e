"""A visitor searches, filters by party and kind, pages, opens a document and comes back: with and without JS."""

import re

import pytest
from django.http import QueryDict
from playwright.sync_api import expect

from registry.filters import DocumentFilterSet
from registry.models import Document

pytestmark = pytest.mark.browser

QUERY = "q=plan&party=kyrgyzstan&kind=action_plan&kind=plan"


def expected_titles() -> list[str]:
    filterset = DocumentFilterSet(QueryDict(QUERY), queryset=Document.objects.published())
    assert filterset.is_valid()
    return [document.title for document in filterset.qs]


def result_titles(page) -> list[str]:
    return page.locator(".results-list > li > a").all_inner_texts()


def visit(page, site, submit) -> None:
    """The flow, with `submit(page, button_name)` applying what the visitor changed."""
    titles = expected_titles()
    assert len(titles) == 3  # three plans of the Kyrgyz Republic in the seed: two pages of two
    page.goto(site + "/documents/?per_page=2")
    page.get_by_label("Search the documents").fill("plan")
    submit(page, "Search")
    page.wait_for_url(re.compile(r"q=plan"))
    page.get_by_role("checkbox", name=re.compile(r"^Kyrgyz Republic \d+$")).check()
    submit(page, "Apply filters")
    page.wait_for_url(re.compile(r"party=kyrgyzstan"))
    page.get_by_role("checkbox", name=re.compile(r"^action plan \d+$")).check()
    submit(page, "Apply filters")
    page.wait_for_url(re.compile(r"kind=action_plan"))
    page.get_by_role("checkbox", name=re.compile(r"^plan \d+$")).check()
    submit(page, "Apply filters")
    page.wait_for_url(re.compile(r"kind=plan"))
    expect(page.locator(".total")).to_have_text("3 documents")
    expect(page.locator(".results-list > li")).to_have_count(2)
    assert result_titles(page) == titles[:2]

    page.get_by_role("link", name="Next").click()
    page.wait_for_url(re.compile(r"page=2"))
    expect(page.locator(".results-list > li")).to_have_count(1)
    assert result_titles(page) == titles[2:]
    results_url = page.url

    page.get_by_role("link", name=titles[2]).click()
    page.wait_for_url(re.compile(r"/documents/kg-kz-[a-z-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(titles[2])

    page.go_back()
    page.wait_for_url(results_url)
    expect(page.locator(".results-list > li")).to_have_count(1)
    assert result_titles(page) == titles[2:]
    expect(page.locator(".total")).to_have_text("3 documents")


def test_a_visitor_searches_and_filters_with_javascript_in_place(page, site):
    def submit(page, button):
        # With JavaScript a checkbox applies at once; typed words wait for Enter.
        if button == "Search":
            page.get_by_label("Search the documents").press("Enter")

    page.goto(site + "/documents/")
    page.evaluate("window.sameDocument = true")
    visit(page, site, submit)


def test_results_update_without_reloading_the_page(page, site):
    page.goto(site + "/documents/")
    page.evaluate("window.sameDocument = true")
    page.get_by_role("checkbox", name=re.compile(r"^treaty \d+$")).check()
    page.wait_for_url(re.compile(r"kind=treaty"))
    expect(page.locator(".total")).to_have_text("1 document")
    assert page.evaluate("window.sameDocument") is True
    page.go_back()
    page.wait_for_url(re.compile(r"/documents/$"))
    expect(page.locator(".total")).to_have_text("12 documents")


def test_a_visitor_searches_and_filters_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    def submit(page, button):
        page.get_by_role("button", name=button, exact=True).click()

    try:
        visit(page, site, submit)
    finally:
        context.close()


def test_a_bad_value_is_explained_in_the_browser(page, site):
    response = page.goto(site + "/documents/?signed_from=2019-99")
    assert response.status == 400
    expect(page.locator("#field-signed_from .field-error")).to_contain_text("“2019-99” is not a date")
