"""A document page prints as the record alone: no navigation, language links or forms, outside links spelled out."""

import pytest

pytestmark = pytest.mark.browser


def test_a_printed_document_page_keeps_the_record_and_drops_the_navigation(page, site):
    page.goto(site + "/documents/kg-kz-trade-roadmap/")
    page.emulate_media(media="print")
    assert page.locator(".site-header nav").first.is_hidden()
    assert page.locator(".language-switcher").is_hidden()
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.locator(".facts").is_visible()
    colour = page.evaluate("getComputedStyle(document.body).color")
    assert colour == "rgb(0, 0, 0)"
    page.emulate_media(media="screen")
    assert page.locator(".language-switcher").is_visible()
