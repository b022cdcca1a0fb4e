"""Phones: every page type at 360 px wide scrolls only downwards, and every link and control in the
navigation and in forms is a tap target of at least 44 by 44 px."""

import pytest

from tests.browser.pages import all_pages, in_language

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}

# Visible links and controls in navigation and forms that are too small to tap, with their size.
SMALL_TARGETS = """() => [...document.querySelectorAll(
        'nav a, nav button, form a, form button, form input:not([type=hidden]), form select, form textarea,' +
        'form summary')]
    .filter((element) => element.getClientRects().length && getComputedStyle(element).visibility !== 'hidden')
    .map((element) => {
        const box = element.getBoundingClientRect();
        // A checkbox or radio button counts with its label, which is what a finger presses.
        const label = element.labels && element.labels[0] ? element.labels[0].getBoundingClientRect() : null;
        const width = Math.max(box.width, label ? label.width + box.width : 0);
        const height = Math.max(box.height, label ? label.height : 0);
        return {what: element.outerHTML.slice(0, 80), width: Math.round(width), height: Math.round(height)};
    })
    .filter((target) => target.width < 44 || target.height < 44)"""


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_every_page_fits_a_360_px_phone(browser, site, language):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    overflowing, small = {}, {}
    for name, path in all_pages().items():
        page.goto(site + in_language(path, language))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide = page.evaluate(
                """(limit) => [...document.querySelectorAll('body *')]
                    .filter((element) => element.getBoundingClientRect().right > limit + 1)
                    .slice(0, 3).map((element) => element.outerHTML.slice(0, 80))""",
                PHONE["width"],
            )
            overflowing[name] = (width, wide)
        targets = page.evaluate(SMALL_TARGETS)
        if targets:
            small[name] = targets
    context.close()
    assert not overflowing, f"pages wider than {PHONE['width']} px: {overflowing}"
    assert not small, f"tap targets under 44 px: {small}"
