"""The report in other formats, made from the finished HTML so that every format says the same.

- PDF: printed by headless Chromium (Debian's `chromium`) with the report's print stylesheet.
- Word: converted by pandoc (shipped inside the pypandoc-binary wheel), so headings become Word
  headings, tables Word tables, and charts pictures that keep their alt text.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
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


def chromium_args(profile: Path) -> list[str]:
    """Headless, offline and quiet: no first-run, sync or background traffic."""
    return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}"]


def html_to_pdf(html: Path, pdf: Path) -> None:
    chromium = find_chromium()
    if chromium is None:
        raise ToolMissing("PDF needs Chromium: install Debian's chromium package (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="sefbook-chromium-") as profile:
        run = subprocess.run(
            [chromium, *chromium_args(Path(profile)), "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
             html.resolve().as_uri()], capture_output=True, text=True, timeout=300)
    if run.returncode != 0 or not pdf.exists():
        raise ToolMissing(f"Chromium could not print the PDF (exit {run.returncode}): {run.stderr.strip()[-500:]}")


def html_to_docx(html: Path, docx: Path) -> None:
    import pypandoc

    # The page's <title> would become a Word "Title" above the report's own first heading,
    # which already says the same: the metadata title is left empty so it appears once.
    pypandoc.convert_file(str(html), "docx", format="html", outputfile=str(docx), extra_args=["-M", "title="])


CONVERTERS = {"pdf": html_to_pdf, "docx": html_to_docx}


def check_tools(formats: tuple[str, ...]) -> None:
    """Before anything runs: can every requested format be made here?"""
    if "pdf" in formats and find_chromium() is None:
        raise ToolMissing("PDF needs Chromium: install Debian's chromium package (apt-get install chromium)")
