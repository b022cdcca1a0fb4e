"""A tour of every public page type in Chromium, at a phone's and a desktop's width.

Screenshots go to the artifacts folder (printed at the end of the run); at 390 px nothing may scroll sideways.
"""

import pytest

pytestmark = pytest.mark.browser

# (name of the screenshot, path, text the page's main heading contains)
PAGES = [
    ("home", "/", "Intergovernmental agreements"),
    ("document-list", "/documents/", "Documents"),
    ("document-detail", "/documents/kg-kz-comprehensive-cooperation-plan/", "Comprehensive Cooperation Plan"),
    ("summit-list", "/summits/", "Summits"),
    ("summit-detail", "/summits/kg-kz-sic-7/", "7th meeting"),
    ("series-detail", "/series/kg-kz-supreme-interstate-council/", "Supreme Interstate Council"),
    ("party-list", "/parties/", "Parties"),
    ("party-detail", "/parties/kyrgyzstan/", "Kyrgyz"),
    ("person-list", "/people/", "People"),
    ("person-detail", "/people/sadyr-japarov/", "Japarov"),
    ("topic-detail", "/topics/trade/", "rade"),
    ("target-list", "/targets/", "Targets"),
    ("target-detail", "/targets/kg-kz-trade-3bn-2030/", "USD 3 billion"),
    ("stats", "/stats/", "Statistics"),
    ("not-found", "/summits/no-such-summit/", "Page not found"),
    ("summit-detail-ru", "/ru/summits/kg-kz-sic-7/", ""),
]
HORIZONTAL_OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_every_page_type_renders_at_phone_and_desktop_width_without_sideways_scrolling(page, site, artifacts):
    overflowing = []
    for width, height in [(390, 844), (1280, 800)]:
        page.set_viewport_size({"width": width, "height": height})
        for name, path, heading in PAGES:
            response = page.goto(site + path)
            assert response.status == (404 if name == "not-found" else 200), path
            assert heading in page.get_by_role("heading", level=1).inner_text(), path
            page.screenshot(path=artifacts / f"{name}-{width}.png", full_page=True)
            if width == 390 and page.evaluate(HORIZONTAL_OVERFLOW) > 0:
                overflowing.append(f"{path} by {page.evaluate(HORIZONTAL_OVERFLOW)} px")
    assert not overflowing, f"scrolls sideways at 390 px: {overflowing}"


def test_a_visitor_walks_from_the_seventh_meeting_to_the_sixth_and_its_treaty(page, site):
    page.goto(site + "/summits/")
    page.get_by_role("link", name="7th meeting of the Kyrgyz-Kazakh Supreme Interstate Council").first.click()
    page.wait_for_url("**/summits/kg-kz-sic-7/")
    assert page.get_by_text("Order of Altyn Kyran").is_visible()
    page.get_by_role("link", name="Previous meeting", exact=False).click()
    page.wait_for_url("**/summits/kg-kz-sic-6/")
    page.get_by_role("link", name="Treaty", exact=False).first.click()
    assert "treaty" in page.url


def test_the_summit_filters_work_without_javascript_as_a_plain_form(page, site):
    page.goto(site + "/summits/")
    page.get_by_role("group", name="Year").get_by_label("2024").check()
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/summits/?year=2024")
    assert page.get_by_text("1 summit", exact=True).is_visible()
    assert page.get_by_role("link", name="6th meeting of the Kyrgyz-Kazakh Supreme Interstate Council").is_visible()
