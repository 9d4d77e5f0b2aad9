"""The report on a laptop and a phone (Chromium): nothing wider than the window, so the page
never scrolls sideways; a performance table that is wider scrolls inside its own box."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import CHROMIUM, NO_CHROMIUM

pytestmark = [pytest.mark.build, pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)]

SCREENS = {"laptop": (1280, 800), "wide laptop": (1366, 768), "phone": (390, 844)}


@pytest.fixture(scope="module")
def widths(example_build: Path) -> dict[str, tuple[int, int, list[str]]]:
    """For each screen: the page's scroll width, the window's width, and what sticks out of it."""
    from playwright.sync_api import sync_playwright

    measured = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for name, (width, height) in SCREENS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.route(
                    "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
                )
                page.goto(example_build.as_uri(), wait_until="load")
                measured[name] = (
                    page.evaluate("document.scrollingElement.scrollWidth"),
                    page.evaluate("window.innerWidth"),
                    page.evaluate("""() => [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                                     && !e.closest('.sef-table-scroll'))
                        .slice(0, 5).map(e => e.tagName + '.' + e.className)"""),
                )
                page.close()
        finally:
            browser.close()
    return measured


@pytest.mark.parametrize("screen", SCREENS)
def test_the_page_is_no_wider_than_the_window(widths, screen):
    scroll_width, window_width, sticking_out = widths[screen]
    assert window_width == SCREENS[screen][0]
    assert scroll_width == window_width, sticking_out


def test_a_table_wider_than_the_window_scrolls_in_a_box_a_keyboard_can_reach(example_build):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(example_build.read_text(encoding="utf-8"), "html.parser")
    tables = soup.select(".sef-performance-table")
    assert tables
    for table in tables:
        box = table.find_parent(class_="sef-table-scroll")
        # a scrolling region is named and focusable, so a keyboard can scroll it (axe: scrollable-region-focusable)
        assert box["role"] == "region" and box["tabindex"] == "0" and soup.find(id=box["aria-labelledby"])


def test_on_a_phone_the_cards_still_pass_axe(example_build):
    """The card layout changes how a table is drawn, not what it is: axe finds nothing serious at 390 px."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright
    from test_report_publication import WCAG_TAGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.route(
                "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
            )
            page.goto(example_build.as_uri(), wait_until="load")
            assert (
                page.evaluate("getComputedStyle(document.querySelector('.sef-performance-table tr')).display") == "grid"
            )  # the cards are what axe checks
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        finally:
            browser.close()
    serious = [
        (v["id"], [n["target"] for n in v["nodes"][:3]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
