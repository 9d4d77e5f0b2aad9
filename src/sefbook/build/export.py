"""The report in other formats, made from the finished HTML so that every format says the same.

- PDF: printed by headless Chromium (Debian's `chromium`, driven by Playwright) with the report's
  print stylesheet: A4, a running header with the title (and the draft marker on every page of a
  draft), page numbers, and bookmarks from the headings.
- Word: converted by pandoc (shipped inside the pypandoc-binary wheel), so headings become Word
  headings, tables Word tables, and charts pictures that keep their alt text; then finished with
  python-docx: header, page numbers, the performance tables on landscape pages.
"""

from __future__ import annotations

import re
import shutil
from copy import deepcopy
from html import unescape
from pathlib import Path

from sefbook.errors import SefbookError

FORMATS = ("html", "pdf", "docx")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


class ToolMissing(SefbookError):
    """A format needs a program that is not installed here."""


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        if path := shutil.which(name):
            return path
    return None


HEADER = ('<div style="font-size:8px;width:100%;margin:0 14mm;color:#505a5f;display:flex;'
          'justify-content:space-between"><span>{title}</span><strong>{marker}</strong></div>')
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#505a5f">'
          'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>')


def html_to_pdf(html: Path, pdf: Path) -> None:
    """Print the report on A4 through Playwright with Debian's Chromium (Playwright's own browser
    download is not needed), on the stylesheet's pages (A4; landscape for the wide tables): the page's title and, for a draft, its marker in a running header on
    every page, page numbers in the footer, and an outline (bookmarks) from the headings."""
    from html import escape

    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        raise ToolMissing("PDF needs Chromium: install Debian's chromium package (apt-get install chromium)")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            try:
                page = browser.new_page()
                # the report is self-contained: anything it would fetch is refused, never waited for
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                           else route.abort())
                page.goto(html.resolve().as_uri(), wait_until="load")
                marker = page.locator(".sef-status").first.inner_text() if page.locator(".sef-status").count() else ""
                page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True, display_header_footer=True,
                         header_template=HEADER.format(title=escape(page.title()), marker=escape(marker)),
                         footer_template=FOOTER, margin=dict(top="18mm", bottom="16mm", left="14mm", right="14mm"),
                         outline=True, tagged=True)
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise ToolMissing(f"Chromium could not print the PDF: {str(exc).strip()[-500:]}") from None
    if not pdf.exists():
        raise ToolMissing("Chromium could not print the PDF: no file was written")


def html_to_docx(html: Path, docx: Path) -> None:
    """Word through pandoc, then finished with python-docx the way a council sends a document: a
    header with the title (and the draft marker on every page of a draft), page numbers in the
    footer, and each performance table on a landscape page of its own (eleven columns do not fit
    a portrait page)."""
    import pypandoc

    # The page's <title> would become a Word "Title" above the report's own first heading,
    # which already says the same: the metadata title is left empty so it appears once. Quiet:
    # pandoc warns for every SVG picture that it cannot add a PNG to it; _finish_docx does.
    pypandoc.convert_file(str(html), "docx", format="html", outputfile=str(docx),
                          extra_args=["-M", "title=", "--quiet"])
    page = html.read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    marker = re.search(r'class="sef-status"[^>]*>(.*?)</', page, re.S)
    _finish_docx(docx, unescape(title.group(1).strip()) if title else "",
                 unescape(marker.group(1).strip()) if marker else "")




# Each SVG drawn on a canvas at twice its size and read back as PNG, in Chromium.
_RASTERISE = """async ([pictures, scale]) => {
  const out = [];
  for (const source of pictures) {
    const img = new Image();
    img.src = source;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(img.naturalWidth * scale);
    canvas.height = Math.round(img.naturalHeight * scale);
    const context = canvas.getContext('2d');
    context.fillStyle = 'white';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(img, 0, 0, canvas.width, canvas.height);
    out.push(canvas.toDataURL('image/png').split(',')[1]);
  }
  return out;
}"""


def svg_to_png(pictures: list[bytes], scale: float = 2) -> list[bytes]:
    """SVG pictures as PNG, drawn by Chromium (which the PDF uses too)."""
    import base64

    from playwright.sync_api import sync_playwright

    sources = ["data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii") for svg in pictures]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=["--no-sandbox", "--disable-gpu"])
        try:
            tab = browser.new_page()
            tab.route("**/*", lambda route: route.abort())  # nothing is fetched: the pictures are data
            drawn = tab.evaluate(_RASTERISE, [sources, scale])
        finally:
            browser.close()
    return [base64.b64decode(png) for png in drawn]


# python-docx is imported in the functions that finish a Word document: only a build asked for
# Word needs it (0.07 s of every other build's start, the command line's included).
def _picture_fallbacks(document) -> None:  # noqa: ANN001 - a python-docx Document
    from docx.oxml.ns import qn

    """pandoc puts an SVG picture in a Word file as SVG alone (an Office 2016 extension), with no
    PNG for Word before 2016 and other readers; where Chromium is installed, each gets its PNG.
    The picture's own description, which pandoc fills with the SVG's data, becomes its alt text."""
    import io

    blips = [b for b in document.element.body.iter(qn("a:blip")) if not b.get(qn("r:embed"))]
    svgs = []
    for blip in blips:
        svg = next(blip.iter("{http://schemas.microsoft.com/office/drawing/2016/SVG/main}svgBlip"), None)
        svgs.append(document.part.related_parts[svg.get(qn("r:embed"))].blob if svg is not None else None)
    for inline in document.element.body.iter(qn("wp:inline")):
        alt = inline.find(qn("wp:docPr"))
        for picture in inline.iter(qn("pic:cNvPr")):
            if alt is not None and picture.get("descr", "").startswith("data:"):
                picture.set("descr", alt.get("descr", ""))
    wanted = [(blip, svg) for blip, svg in zip(blips, svgs) if svg is not None]
    if not wanted or find_chromium() is None:
        return
    distinct = list(dict.fromkeys(svg for _, svg in wanted))
    pngs = dict(zip(distinct, svg_to_png(distinct)))
    for blip, svg in wanted:
        part_id, _ = document.part.get_or_add_image(io.BytesIO(pngs[svg]))
        blip.set(qn("r:embed"), part_id)


def _finish_docx(path: Path, title: str, marker: str) -> None:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm

    document = Document(str(path))
    section = document.sections[0]
    if section.page_width is None:  # pandoc leaves the page to Word's default (US Letter in the US)
        section.page_width, section.page_height = Mm(210), Mm(297)
    _picture_fallbacks(document)
    header = section.header.paragraphs[0]
    header.text = title + (f"  ·  {marker}" if marker else "")
    footer = section.footer.paragraphs[0]
    footer.text = "Page "
    footer._p.append(_field("PAGE"))
    footer.add_run(" of ")
    footer._p.append(_field("NUMPAGES"))
    body = document.element.body
    portrait = body.sectPr  # now with the header and footer: every section copies it
    for table in body.iterchildren(qn("w:tbl")):
        first_row = "".join(table.itertext())[:400]
        if not ("Indicator" in first_row and "England" in first_row):
            continue  # only the performance tables are wide
        heading = table.getprevious()
        before = heading.getprevious() if heading is not None and "Performance" in "".join(heading.itertext()) else heading
        after = table.getnext()
        if before is None or before.tag != qn("w:p") or after is None or after.tag != qn("w:p"):
            continue
        _end_section(before, portrait, landscape=False)  # the page before ends portrait ...
        _end_section(after, portrait, landscape=True)  # ... the table (and its notes) are landscape
    document.save(str(path))


def _field(instruction: str):  # noqa: ANN202 - a python-docx element
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    return field


def _end_section(paragraph, template, landscape: bool) -> None:
    """Make `paragraph` the last of a section laid out like `template` (turned if `landscape`)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = OxmlElement("w:pPr")
        paragraph.insert(0, properties)
    section = deepcopy(template)
    size = section.find(qn("w:pgSz"))
    if landscape and size is not None:
        width, height = size.get(qn("w:w")), size.get(qn("w:h"))
        size.set(qn("w:w"), height)
        size.set(qn("w:h"), width)
        size.set(qn("w:orient"), "landscape")
    properties.append(section)


CONVERTERS = {"pdf": html_to_pdf, "docx": html_to_docx}


def check_tools(formats: tuple[str, ...]) -> None:
    """Before anything runs: can every requested format be made here?"""
    if "pdf" in formats and find_chromium() is None:
        raise ToolMissing("PDF needs Chromium: install Debian's chromium package (apt-get install chromium)")
