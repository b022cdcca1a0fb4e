"""The browser can reach the site: a visitor opens the home page and follows a link to a document."""

import pytest

pytestmark = pytest.mark.browser


def test_a_visitor_opens_a_seed_document_from_the_home_page(page, site):
    page.goto(site + "/")
    page.get_by_role("link", name="Comprehensive Cooperation Plan").first.click()
    page.wait_for_url("**/documents/kg-kz-comprehensive-cooperation-plan/")
    assert page.get_by_role("heading", level=1).inner_text() == "Comprehensive Cooperation Plan"
