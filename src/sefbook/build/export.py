"""The report in other formats, made from the finished HTML so that every format says the same.

- PDF: printed by headless Chromium (Debian's `chromium`, driven by Playwright) with the report's
  print stylesheet: A4, a running header with the title (and the draft marker on every page of a
  draft), page numbers, bookmarks from the headings, and the contents with each part's page
  (read from a first printing's named destinations, then printed again).
- Word: converted by pandoc (shipped inside the pypandoc-binary wheel), so headings become Word
  headings, tables Word tables, and charts pictures that keep their alt text; then finished with
  python-docx: header, page numbers, the performance tables on landscape pages, every table's
  columns as wide as their longest word at 8 point, and each chart a PNG at print resolution.
"""

from __future__ import annotations

import re
import shutil
from copy import deepcopy
from html import unescape
from pathlib import Path
from typing import Any

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


HEADER = (
    '<div style="font-size:8px;width:100%;margin:0 14mm;color:#505a5f;display:flex;'
    'justify-content:space-between"><span>{title}</span><strong>{marker}</strong></div>'
)
FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#505a5f">'
    'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
)


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
                page.route(
                    "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
                )
                page.goto(html.resolve().as_uri(), wait_until="load")
                marker = page.locator(".sef-status").first.inner_text() if page.locator(".sef-status").count() else ""
                options: dict[str, Any] = {  # page.pdf's keyword arguments, given twice
                    "prefer_css_page_size": True,
                    "print_background": True,
                    "display_header_footer": True,
                    "header_template": HEADER.format(title=escape(page.title()), marker=escape(marker)),
                    "footer_template": FOOTER,
                    "margin": {"top": "16mm", "bottom": "14mm", "left": "14mm", "right": "14mm"},
                    "outline": True,
                    "tagged": True,
                }
                printed = page.pdf(**options)
                # The contents learns each part's page from a first printing; printed again with
                # the numbers, until they no longer move (a number can push a line to the next page)
                for _ in range(3):
                    pages = heading_pages(printed)
                    if page.evaluate(_NUMBER_CONTENTS, pages) == 0:
                        break
                    printed = page.pdf(**options)
                pdf.write_bytes(printed)
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise ToolMissing(f"Chromium could not print the PDF: {str(exc).strip()[-500:]}") from None
    if not pdf.exists():
        raise ToolMissing("Chromium could not print the PDF: no file was written")


# Writes each contents entry's page number beside it (in a span the print stylesheet lays out);
# returns how many numbers changed.
_NUMBER_CONTENTS = """(pages) => {
  let changed = 0;
  for (const link of document.querySelectorAll('nav.sef-toc a[href^="#"]')) {
    const number = pages[decodeURIComponent(link.getAttribute('href').slice(1))];
    let span = link.querySelector('.sef-toc-page');
    if (number === undefined) { if (span) { span.remove(); changed++; } continue; }
    if (!span) {
      span = document.createElement('span');
      span.className = 'sef-toc-page';
      link.appendChild(span);
    }
    if (span.textContent !== String(number)) { span.textContent = String(number); changed++; }
  }
  return changed;
}"""


def heading_pages(pdf: bytes) -> dict[str, int]:
    """The page (from 1) each linked-to heading of a printed report is on, by its id: Chromium
    writes a named destination for every element a link in the page points to."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    numbers = {name: reader.get_destination_page_number(d) for name, d in reader.named_destinations.items()}
    return {name.lstrip("/"): number + 1 for name, number in numbers.items() if number is not None}


# In the performance tables' cells, with no markup inside.
SCREEN_READER_WORDS = re.compile(r'<span class="sef-vh">[^<]*</span>')


def without_screen_reader_words(page: str) -> str:
    """The report without the words that are there only for a screen reader (class `sef-vh`, hidden on screen and
    in print), for a format that cannot hide them."""
    return SCREEN_READER_WORDS.sub("", page)


def html_to_docx(html: Path, docx: Path) -> None:
    """Word through pandoc, then finished with python-docx the way a council sends a document: a
    header with the title (and the draft marker on every page of a draft), page numbers in the
    footer, and each performance table on a landscape page of its own (eleven columns do not fit
    a portrait page)."""
    import pypandoc

    # The page's <title> would become a Word "Title" above the report's own first heading,
    # which already says the same: the metadata title is left empty so it appears once. Quiet:
    # pandoc warns for every SVG picture that it cannot add a PNG to it; _finish_docx does.
    page = html.read_text(encoding="utf-8")
    # Word has no words only a screen reader hears: pandoc would print them in the cells ("–* not ranked: ...").
    # The key under each table says what the marks mean, in words every reader sees.
    pypandoc.convert_text(
        without_screen_reader_words(page),
        "docx",
        format="html",
        outputfile=str(docx),
        extra_args=["-M", "title=", "--quiet", f"--resource-path={html.parent}"],
    )
    title = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    marker = re.search(r'class="sef-status"[^>]*>(.*?)</', page, re.DOTALL)
    _finish_docx(
        docx, unescape(title.group(1).strip()) if title else "", unescape(marker.group(1).strip()) if marker else ""
    )


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
# Word pays for importing it, not every other build's start (the command line's included).
def _picture_fallbacks(document) -> None:
    from docx.oxml.ns import qn

    """pandoc puts an SVG picture in a Word file as SVG alone (an Office 2016 extension), which
    Word before 2016 and other readers cannot show; where Chromium is installed, each becomes a
    PNG at print resolution, in its place (both would double the file). The picture's own
    description, which pandoc fills with the SVG's data, becomes its alt text."""
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
    pngs = dict(zip(distinct, (_palette_png(png) for png in svg_to_png(distinct))))
    for blip, svg in wanted:
        part_id, _ = document.part.get_or_add_image(io.BytesIO(pngs[svg]))
        blip.set(qn("r:embed"), part_id)
        extensions = blip.find(qn("a:extLst"))
        if extensions is not None:  # the SVG itself goes: the PNG is the picture
            blip.remove(extensions)
    used = {blip.get(qn("r:embed")) for blip in document.element.body.iter(qn("a:blip"))}
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/image") and rel_id not in used:
            document.part.drop_rel(rel_id)


def _palette_png(png: bytes) -> bytes:
    """A chart's PNG in 256 colours: the same picture at a sixth of the size (a chart has few colours)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE).save(
        out, "PNG", optimize=True
    )
    return out.getvalue()


def _finish_docx(path: Path, title: str, marker: str) -> None:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm

    document = Document(str(path))
    section = document.sections[0]
    if section.page_width is None:  # pandoc leaves the page to Word's default (US Letter in the US)
        section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))  # stated, so that the tables' widths below are the page's
    _picture_fallbacks(document)
    header = section.header.paragraphs[0]
    header.text = title + (f"  ·  {marker}" if marker else "")
    # python-docx has no API for fields: each goes into the paragraph's XML after the run it follows
    footer = section.footer.paragraphs[0]
    footer.clear()
    footer.add_run("Page ").element.addnext(_field("PAGE"))
    footer.add_run(" of ").element.addnext(_field("NUMPAGES"))
    body = document.element.body
    portrait = body.sectPr  # now with the header and footer: every section copies it
    landscape = set()
    for table in body.iterchildren(qn("w:tbl")):
        first_row = "".join(table.itertext())[:400]
        if not ("Indicator" in first_row and "England" in first_row):
            continue  # only the performance tables are wide
        heading = table.getprevious()
        before = (
            heading.getprevious() if heading is not None and "Performance" in "".join(heading.itertext()) else heading
        )
        after = table.getnext()
        if before is None or before.tag != qn("w:p") or after is None or after.tag != qn("w:p"):
            continue
        _end_section(before, portrait, landscape=False)  # the page before ends portrait ...
        _end_section(after, portrait, landscape=True)  # ... the table (and its notes) are landscape
        landscape.add(table)
    width, height = section.page_width, section.page_height
    if width is None or height is None:  # the reference document sets its page size; pandoc's default does
        raise SefbookError(f"the Word document {path.name} has no page size: its tables cannot be fitted to the page")
    long_side, short_side = max(width, height), min(width, height)
    for table in body.iterchildren(qn("w:tbl")):
        fit_table(table, _twips((long_side if table in landscape else short_side) - 2 * Mm(MARGIN_MM)))
    document.save(str(path))


MARGIN_MM = 18
TABLE_POINTS = 8  # a table's type in Word: small enough that eleven columns fit a landscape page
CELL_MARGINS = 2 * 80  # twips either side of a cell's text (the table's cell margins, set below)
# The width of a character as a share of the type's size: generous for Arial's digits, capitals and bold
CHARACTER_WIDTH = 0.6
BREAK = "\u200b"  # a zero-width space: where a line may end inside a long name


def _twips(emu: int) -> int:
    return int(emu) // 635


def text_width(text: str, points: float = TABLE_POINTS) -> int:
    """An estimate of how wide `text` is set in a table, in twips (twentieths of a point)."""
    return round(len(text) * CHARACTER_WIDTH * points * 20)


def table_columns(table) -> list[list[str]]:
    """The text of each column's cells (a cell spanning columns counted in none: it may wrap across them)."""
    from docx.oxml.ns import qn

    count = len(table.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))
    columns: list[list[str]] = [[] for _ in range(count)]
    for row in table.iterchildren(qn("w:tr")):
        cells = list(row.iterchildren(qn("w:tc")))
        if len(cells) != count:
            continue
        for i, cell in enumerate(cells):
            columns[i].append(cell_text(cell))
    return columns


def words(text: str) -> list[str]:
    """What a line may not break inside: the text between spaces and BREAKs."""
    return text.replace(BREAK, " ").split()


def cell_text(cell) -> str:
    """A cell's text as it is set: its paragraphs and line breaks as spaces (where a line may end)."""
    from docx.oxml.ns import qn

    words = []
    for element in cell.iter(qn("w:t"), qn("w:br"), qn("w:tab"), qn("w:p")):
        words.append(element.text or "" if element.tag == qn("w:t") else " ")
    return "".join(words).strip()


def fit_table(table, width: int) -> None:
    """Set a table's columns from its content so that no word is broken across lines: each column at
    least as wide as its longest word, the rest of the page's `width` (twips) shared by how much
    text each column holds; its type at TABLE_POINTS."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for text in table.iter(qn("w:t")):  # a file name may end a line after an underscore, never inside a word
        if text.text and "_" in text.text:
            text.text = text.text.replace("_", "_" + BREAK)
    columns = table_columns(table)
    if not columns:
        return
    least = [max((text_width(w) for cell in col for w in words(cell)), default=0) + CELL_MARGINS for col in columns]
    whole = [max((text_width(cell) for cell in col), default=0) + CELL_MARGINS for col in columns]
    spare = max(width - sum(least), 0)
    wanted = [w - m for w, m in zip(whole, least)]
    share = sum(wanted) or 1
    widths = [m + min(want, spare * want // share) for m, want in zip(least, wanted)]
    properties = table.find(qn("w:tblPr"))
    for old in properties.findall(qn("w:tblW")) + properties.findall(qn("w:tblCellMar")):
        properties.remove(old)
    total = OxmlElement("w:tblW")
    total.set(qn("w:type"), "dxa")
    total.set(qn("w:w"), str(sum(widths)))
    properties.insert(1, total)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(CELL_MARGINS // 2))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties.append(margins)
    for col, w in zip(table.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"), widths):
        col.set(qn("w:w"), str(w))
    for row in table.iterchildren(qn("w:tr")):
        cells = list(row.iterchildren(qn("w:tc")))
        for cell, w in zip(cells, widths if len(cells) == len(widths) else []):
            _set_property(cell, "w:tcPr", "w:tcW", {"w:w": str(w), "w:type": "dxa"}, first=True)
    for run in table.iter(qn("w:r")):
        _set_property(run, "w:rPr", "w:sz", {"w:val": str(TABLE_POINTS * 2)})  # half-points


def _set_property(
    element,
    properties_tag: str,
    tag: str,
    attributes: dict[str, str],
    *,
    first: bool = False,
) -> None:
    """Give a Word element (a cell, a run) one property: its properties element (made, first in it, if
    missing) with any earlier `tag` replaced by one holding `attributes`."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = element.find(qn(properties_tag))
    if properties is None:
        properties = OxmlElement(properties_tag)
        element.insert(0, properties)
    for old in properties.findall(qn(tag)):
        properties.remove(old)
    new = OxmlElement(tag)
    for name, value in attributes.items():
        new.set(qn(name), value)
    if first:
        properties.insert(0, new)
    else:
        properties.append(new)


def _field(instruction: str):
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
