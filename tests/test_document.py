"""The report as a document shaped like a self-evaluation: its order (cover, contents, foreword,
summary, sections, plan, areas for improvement, then the annexes), the cover's sign-off, what
changed said once, the PDF's contents with page numbers, and a Word file that is small and
whose tables break no word."""

from __future__ import annotations

import re
import zipfile

import pytest
from bs4 import BeautifulSoup
from helpers import CHROMIUM, EXAMPLE_DATA, NO_CHROMIUM, ROOT, set_key

from sefbook.analysis.changes import promises_kept
from sefbook.errors import InputError
from sefbook.inputs.load import load_inputs
from sefbook.render.pages import front_matter_html, what_changed_html
from sefbook.render.parts import report_parts

ANNEXES = ["changes", "about"]


@pytest.mark.slow
def test_the_foreword_opens_the_report_then_the_summary_the_sections_and_the_annexes(edition_copy):
    inputs = load_inputs(edition_copy, EXAMPLE_DATA)
    names = [p.name for p in report_parts(inputs)]
    sections = inputs.edition.section_names
    assert names == ["foreword", "headlines", *sections[1:], "plan", "improvement", *ANNEXES]
    # listed last in sef.yml, the foreword still comes first, and the sections are numbered in the order printed
    sef = edition_copy / "sef.yml"
    text = sef.read_text(encoding="utf-8")
    foreword = "  - name: foreword\n    title: Foreword\n"
    assert foreword in text
    case_studies = "  - name: case_studies\n    title: Case studies\n"
    sef.write_text(text.replace(foreword, "").replace(case_studies, case_studies + foreword), encoding="utf-8")
    parts = report_parts(load_inputs(edition_copy, EXAMPLE_DATA))
    assert [p.name for p in parts][:3] == ["foreword", "headlines", "context"]
    assert [p.number for p in parts if p.number] == list(range(1, len(sections) + 1))
    assert parts[0].number == 1 and parts[2].number == 2


def _cover(html: str) -> str:
    return BeautifulSoup(html, "html.parser").select_one("header.sef-cover").get_text(" ", strip=True)


@pytest.mark.slow
def test_the_cover_says_who_signed_the_report_off_and_when_and_a_draft_is_not_signed_off(edition_copy):
    draft = _cover(front_matter_html(load_inputs(edition_copy, EXAMPLE_DATA)))
    assert "Not yet signed off" in draft and "Built" not in draft  # the build's date is in the colophon
    sef = edition_copy / "sef.yml"
    set_key(sef, "signed_off_by", '"Sam Patel, Director of Children\'s Services"')
    with pytest.raises(InputError, match=r"key signed_off_by: a draft is not signed off"):
        load_inputs(edition_copy, EXAMPLE_DATA)
    set_key(sef, "status", "final")
    with pytest.raises(InputError, match=r"key signed_off_on: a sign-off needs both who and when"):
        load_inputs(edition_copy, EXAMPLE_DATA)
    set_key(sef, "signed_off_on", "2025-07-04")
    final = _cover(front_matter_html(load_inputs(edition_copy, EXAMPLE_DATA)))
    assert "Signed off by Sam Patel, Director of Children's Services, 4 July 2025" in final
    assert "Not yet signed off" not in final


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["example-2025", "example-2026"])
def test_what_changed_prints_each_line_once_with_one_period_mark(edition):
    now = load_inputs(ROOT / "sefs" / edition, EXAMPLE_DATA)  # read, never written
    before = load_inputs(ROOT / "sefs" / edition / now.edition.config.previous_edition, EXAMPLE_DATA)
    page = BeautifulSoup(what_changed_html(now, before), "html.parser")
    lines = [li.get_text(" ", strip=True) for li in page.find_all("li")]
    assert lines and len(lines) == len(set(lines))
    titles = [line.split(": ", 1)[1].split(", ")[0] for line in lines if line.startswith(("▲", "▼"))]
    assert len(titles) == len(set(titles))  # an indicator a spotlight shows again moved once
    text = page.get_text(" ", strip=True)
    assert "(provisional) (" not in text and not re.search(r"\d+ of \d+ of", text)
    done = re.search(r"(\d+) of last year's (\d+) plans are reported done", text)
    kept = [r for _, r in promises_kept(before.edition, now.edition)]
    assert done and (int(done[1]), int(done[2])) == (sum(1 for r in kept if r.done), len(kept))
    # each promise is printed in its section (what this year says of it), not again here
    assert not any(r.promise in text for r in kept if r.done is not None)


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_the_pdf_contents_gives_each_parts_page_and_that_page_holds_its_heading(example_build):
    from pypdf import PdfReader

    pdf = PdfReader(example_build.with_suffix(".pdf"))
    soup = BeautifulSoup(example_build.read_text(encoding="utf-8"), "html.parser")
    entries = [a.get_text(" ", strip=True) for a in soup.select("nav.sef-toc a")]
    contents = next(page.extract_text() for page in pdf.pages if "Contents" in page.extract_text())
    for entry in entries:
        found = re.search(re.escape(entry) + r"\s+(\d+)\s*$", contents, re.MULTILINE)
        assert found, f"{entry!r} has no page number in the contents"
        page = pdf.pages[int(found[1]) - 1].extract_text()
        heading = entry.split(" ", 1)[1] if entry[0].isdigit() else entry
        assert heading.split(":")[0] in page, f"{entry!r}: page {found[1]} does not hold its heading"
    assert soup.select(".sef-toc-page") == []  # the numbers are the printed page's: never in the HTML


def test_the_word_file_is_small_its_pictures_png_and_its_tables_break_no_word(example_build):
    from docx import Document
    from docx.oxml.ns import qn

    from sefbook.build.export import CELL_MARGINS, table_columns, text_width, words

    docx = example_build.with_suffix(".docx")
    assert docx.stat().st_size < 3_000_000
    media = [name for name in zipfile.ZipFile(docx).namelist() if name.startswith("word/media/")]
    assert media and all(name.endswith(".png") for name in media)  # no SVG beside its PNG
    document = Document(str(docx))
    assert "svgBlip" not in document.element.body.xml
    body = list(document.element.body)
    for table in document.element.body.iterchildren(qn("w:tbl")):
        # the table's section is the one the next section break (or the document's last) closes
        ends = next(
            el
            for el in body[body.index(table) :]
            if el.find(f".//{qn('w:sectPr')}") is not None or el.tag == qn("w:sectPr")
        )
        layout = ends if ends.tag == qn("w:sectPr") else ends.find(f".//{qn('w:sectPr')}")
        margins = layout.find(qn("w:pgMar"))
        usable = (
            int(layout.find(qn("w:pgSz")).get(qn("w:w")))
            - int(margins.get(qn("w:left")))
            - int(margins.get(qn("w:right")))
        )
        widths = [int(col.get(qn("w:w"))) for col in table.iter(qn("w:gridCol"))]
        assert sum(widths) <= usable
        sizes = {run.get(qn("w:val")) for run in table.iter(qn("w:sz"))}
        assert sizes == {"16"}  # 8 point type, the size the widths were worked out for
        for width, column in zip(widths, table_columns(table)):
            longest = max((w for cell in column for w in words(cell)), key=len, default="")
            assert width >= text_width(longest) + CELL_MARGINS, f"{longest!r} is wider than its column"


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_no_pdf_page_holds_a_heading_alone_and_the_words_are_on_portrait_pages(example_build):
    from pypdf import PdfReader

    pdf = PdfReader(example_build.with_suffix(".pdf"))
    title = BeautifulSoup(example_build.read_text(encoding="utf-8"), "html.parser").title.get_text()
    for number, page in enumerate(pdf.pages, start=1):
        # without the running header (the title) and the footer (the page number)
        lines = [
            line
            for line in page.extract_text().splitlines()
            if line.strip() and title not in line and not re.fullmatch(r"Page \d+ of \d+", line.strip())
        ]
        assert len(lines) > 2, f"page {number} holds only {lines}"
        if "What we are proud of" in page.extract_text():  # a section's words read down a portrait page
            assert page.mediabox.height > page.mediabox.width, f"page {number}"


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_the_summary_holds_on_two_a4_pages(example_build):
    from pypdf import PdfReader

    from sefbook.build.export import heading_pages

    pdf = example_build.with_suffix(".pdf")
    pages = heading_pages(pdf.read_bytes())
    soup = BeautifulSoup(example_build.read_text(encoding="utf-8"), "html.parser")
    anchors = [a["href"][1:] for a in soup.select("nav.sef-toc a")]
    after = anchors[anchors.index("headlines") + 1]  # every part's heading starts a page in print
    assert 1 <= pages[after] - pages["headlines"] <= 2
    first = PdfReader(pdf).pages[pages["headlines"] - 1]
    assert "Summary" in first.extract_text() and "What we are proud of" in first.extract_text()
    assert first.mediabox.height > first.mediabox.width  # A4 portrait: two of them, not landscape ones


def test_the_word_tables_hold_no_words_meant_for_a_screen_reader_alone(example_build):
    from docx import Document

    document = Document(str(example_build.with_suffix(".docx")))
    ranks = []
    for table in document.tables:
        header = [cell.text for cell in table.rows[0].cells]
        if "Indicator" in header and "England" in header:
            column = next(i for i, text in enumerate(header) if text.startswith("Rank"))
            ranks += [row.cells[column].text for row in table.rows[1:]]
    assert ranks and not [text for text in ranks if "not ranked" in text]
    assert [text for text in ranks if text.startswith("–")]  # the unranked are marked, their reason in the key
    keys = [p.text for p in document.paragraphs if "not ranked: " in p.text]
    assert keys and all("Reading the performance tables" in k or "Headline:" in k for k in keys)
    html = example_build.read_text(encoding="utf-8")
    assert 'class="sef-vh"> not ranked: ' in html  # the web page keeps them for its screen readers
