"""The report as a finished publication: self-contained, accessible (axe-core in headless
Chromium), and as PDF and Word documents that keep headings, tables and charts."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx.oxml.ns import qn
from helpers import CHROMIUM, EXAMPLE_EDITION, NO_CHROMIUM

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
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), "a heading level is skipped"
    for table in soup.find_all("table"):
        assert table.caption and table.find("th", scope="col")
    assert all(img.get("alt", "").strip() for img in soup.find_all("img"))


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_opens_offline_in_chromium_with_no_request_leaving_the_file_and_passes_axe(report):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    attempted, failed = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        try:
            page = browser.new_page()
            page.on("requestfailed", lambda r: failed.append(r.url))
            # the network is blocked: any request for something other than the file itself fails
            page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith("file:")
                    else (attempted.append(route.request.url), route.abort())
                ),
            )
            page.goto(report.as_uri(), wait_until="load")
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        finally:
            browser.close()
    assert attempted == [] and failed == []
    serious = [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_word_document_has_headings_tables_and_described_pictures(report):
    import docx

    document = docx.Document(report.with_suffix(".docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    title = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser").h1.get_text()
    assert [p.text for p in document.paragraphs].count(title) == 1  # the title once, as Heading 1
    assert title in headings
    if report.parent.name.startswith("pack"):  # a pack has no narrative: nobody speaks in it
        assert {"Performance headlines", "Highlights", "Areas for targeted activity"} <= set(headings)
        assert "What we are proud of" not in headings
    else:  # the summary a self-evaluation opens with, in the council's voice
        assert {"Summary", "What we are proud of", "What we are worried about, and our response"} <= set(headings)
        assert "Performance headlines" not in headings
    assert any(h.endswith("Children in care") for h in headings)
    html = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser")
    assert len(document.tables) >= len(html.select("table.sef-table"))
    headers = [[c.text for c in table.rows[0].cells] for table in document.tables]
    performance = [h for h in headers if "Indicator" in h and "England" in h]
    assert len(performance) == len(html.select(".sef-performance table"))
    pictures = document.inline_shapes
    assert len(pictures) == len(
        html.select("figure.sef-chart img, .sef-narrative img")
    )  # charts and case-study pictures
    described = [pr.get("descr") for pr in document.element.body.iter(qn("wp:docPr"))]
    assert len(described) == len(pictures) and all(described)  # alt text kept
    xml = document.element.body.xml
    assert 'descr="data:' not in xml  # no picture described by its own data
    if CHROMIUM is not None:  # each chart a PNG alone, which every Word and other readers show (no SVG beside it)
        blips = [b for b in document.element.body.iter(qn("a:blip"))]
        assert len(blips) == len(pictures) and all(b.get(qn("r:embed")) for b in blips)
        assert {document.part.related_parts[b.get(qn("r:embed"))].content_type for b in blips} == {"image/png"}
        assert "svgBlip" not in xml


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_pdf_has_the_title_sections_and_tables(report):
    from pypdf import PdfReader

    pdf = PdfReader(report.with_suffix(".pdf"))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    html = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser")
    assert html.h1.get_text().split()[0] in text
    summary = "Performance headlines" if report.parent.name.startswith("pack") else "Summary"
    for title in (summary, "Children in care", "Care leavers"):
        assert title in text
    assert "Rank (quartile)" in text and "England" in text  # table headers printed
    assert len(pdf.pages) > 5


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_pdf_is_a4_numbered_headed_on_every_page_and_bookmarked(report):
    from pypdf import PdfReader

    pdf = PdfReader(report.with_suffix(".pdf"))
    html = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser")
    title = html.title.get_text()
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages}
    # A4 portrait, tables and charts too; only the plan on a page is landscape (a pack has no plan)
    assert sizes <= {(595, 842), (842, 595)} and ((842, 595) in sizes) == bool(html.select(".sef-plan-head"))
    n = len(pdf.pages)
    later = pdf.pages[n - 2].extract_text()
    assert f"Page {n - 1} of {n}" in later and title in later
    draft = html.select_one(".sef-status")
    if draft is not None:  # a draft says so on every page, not only the first
        assert all(draft.get_text().lower() in page.extract_text().lower() for page in pdf.pages)

    def titles(outline) -> list[str]:
        return [t for item in outline for t in (titles(item) if isinstance(item, list) else [item.title])]

    bookmarks = titles(pdf.outline)
    assert "About the figures" in bookmarks and any("Children in care" in b for b in bookmarks)


def test_word_has_a_header_page_numbers_and_the_performance_tables_on_landscape_pages(report):
    from docx import Document
    from docx.enum.section import WD_ORIENT

    document = Document(report.with_suffix(".docx"))
    html = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser")
    tables = len(html.select(".sef-performance table"))
    landscape = [s for s in document.sections if s.orientation == WD_ORIENT.LANDSCAPE]
    assert len(landscape) == tables and len(document.sections) == 2 * tables + 1
    assert all(s.page_width > s.page_height for s in landscape)
    assert round(document.sections[0].page_width.mm) == 210  # A4, not pandoc's Letter
    header = document.sections[-1].header.paragraphs[0].text
    assert html.title.get_text() in header
    draft = html.select_one(".sef-status")
    assert (draft.get_text() in header) if draft is not None else "Draft" not in header
    footer = document.sections[-1].footer.part.element.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    # each landscape section ends with the notes under its table: the table sits inside it
    body = list(document.element.body)
    wide = [i for i, el in enumerate(body) if el.tag.endswith("}tbl") and "England" in "".join(el.itertext())[:400]]
    ends = [i for i, el in enumerate(body) if el.find(".//{*}sectPr") is not None]
    for i in wide:
        closing = next(e for e in ends if e > i)
        assert (
            body[closing].find(".//{*}pgSz").get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}orient")
            == "landscape"
        )


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_the_plan_at_a_glance_fits_one_landscape_page_with_the_detail_after_it(example_build):
    from pypdf import PdfReader

    from sefbook.inputs.edition.read import load_edition

    plan = load_edition(EXAMPLE_EDITION).plan
    pages = PdfReader(example_build.with_suffix(".pdf")).pages
    glance = [p for p in pages if "The plan at a glance" in p.extract_text()]
    assert len(glance) == 1 and glance[0].mediabox.width > glance[0].mediabox.height
    text = glance[0].extract_text()
    assert all(f"{a.id}." in text for a in plan.ambitions) and "Actions:" in text
    assert "The plan in detail" not in text  # the detail follows, on pages of its own
