"""The report as a finished publication: self-contained, accessible (axe-core in headless
Chromium), and as PDF and Word documents that keep headings, tables and charts."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import CHROMIUM, NO_CHROMIUM

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


pytestmark = pytest.mark.build  # every test here reads a built report


@pytest.fixture(scope="module", params=["example", "pack"])
def report(request) -> Path:
    return request.getfixturevalue("example_build" if request.param == "example" else "pack_build")


def test_html_fetches_nothing_from_anywhere(report):
    soup = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser")
    for element in soup.find_all(src=True):
        assert element["src"].startswith("data:"), element["src"][:80]  # no empty src, nothing remote
    for element in soup.find_all(href=True):
        href = element["href"]
        in_narrative = element.find_parent(class_="sef-narrative") is not None
        assert href.startswith("#") or in_narrative, href  # only links the narrative writes itself
    assert not soup.find_all(["script", "link", "iframe", "object", "embed"])
    assert "@import" not in report.read_text(encoding="utf-8") and "url(http" not in report.read_text(encoding="utf-8")


def test_one_h1_headings_in_order_language_set_and_every_image_described(report):
    soup = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "en-GB"
    assert len(soup.find_all("h1")) == 1
    levels = [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), "a heading level is skipped"
    for table in soup.find_all("table"):
        assert table.caption and table.find("th", scope="col")
    assert all(img.get("alt", "").strip() for img in soup.find_all("img"))


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_opens_offline_in_chromium_with_no_request_leaving_the_file_and_passes_axe(report):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    attempted, failed = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        try:
            page = browser.new_page()
            page.on("requestfailed", lambda r: failed.append(r.url))
            # the network is blocked: any request for something other than the file itself fails
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else (attempted.append(route.request.url), route.abort()))
            page.goto(report.as_uri(), wait_until="load")
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        finally:
            browser.close()
    assert attempted == [] and failed == []
    serious = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_word_document_has_headings_tables_and_described_pictures(report):
    import docx

    document = docx.Document(report.with_suffix(".docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    title = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser").h1.get_text()
    assert [p.text for p in document.paragraphs].count(title) == 1  # the title once, as Heading 1
    assert title in headings
    assert "Performance headlines" in headings
    if not report.parent.name.startswith("pack"):  # a pack has no narrative
        assert "What we are proud of" in headings
    assert any(h.endswith("Children in care") for h in headings)
    html = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser")
    assert len(document.tables) >= len(html.select("table.sef-table"))
    headers = [[c.text for c in table.rows[0].cells] for table in document.tables]
    performance = [h for h in headers if "Indicator" in h and "England" in h]
    assert len(performance) == len(html.select(".sef-performance table"))
    pictures = document.inline_shapes
    assert len(pictures) == len(html.select("figure.sef-chart img"))
    assert all(shape._inline.docPr.get("descr") for shape in pictures)  # alt text kept


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_pdf_has_the_title_sections_and_tables(report):
    from pypdf import PdfReader

    pdf = PdfReader(report.with_suffix(".pdf"))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    html = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser")
    assert html.h1.get_text().split()[0] in text
    for title in ("Performance headlines", "Children in care", "Care leavers"):
        assert title in text
    assert "Rank among" in text and "England" in text  # table headers printed
    assert len(pdf.pages) > 5
