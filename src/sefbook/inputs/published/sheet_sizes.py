"""A spreadsheet workbook's size, checked before it is read. An .xlsx or .ods file is a zip of XML parts; calamine
(the reader pandas is given) lays each sheet out as a grid from A1 to its farthest cell, 32 bytes a cell, and a
failed allocation aborts the whole process: one cell at XFD1048576 asks for 512 GiB and kills a build without a
word. So each .xlsx sheet's farthest cell is found first (its cells' own references: the `<dimension>` a sheet
declares is not what calamine sizes by, and can say anything), and every workbook's unpacked size is bounded."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from defusedxml import ElementTree

from sefbook.errors import InputError
from sefbook.inputs.files import regular_file

# Annex A's largest list (contacts) runs to tens of thousands of rows of ~20 columns, a published workbook to a few
# hundred rows of a few hundred columns: 10 million cells is far beyond both, and still fits in calamine's grid.
MAX_CELLS = 10_000_000
# Unpacked, such a workbook's XML is a few hundred MB at most; a zip bomb claims far more.
MAX_UNPACKED = 2**30
CHUNK = 1 << 20
# In a sheet's XML only a cell (<c r="XFD1048576">) and a row (<row r="1048576">) have an r attribute: the columns
# and rows named, collected as distinct texts (a set of a few thousand, however many cells).
COLUMN = re.compile(rb'\sr="([A-Z]{1,3})[0-9]')
ROW = re.compile(rb'\sr="[A-Z]{0,3}([0-9]{1,9})"')
OVERLAP = 32  # bytes kept from a chunk's end, so a reference cut between two chunks is still seen


def check_workbook_size(path: Path, *, most_cells: int = MAX_CELLS, most_unpacked: int = MAX_UNPACKED) -> None:
    """Refuse a workbook that would unpack to more than `most_unpacked` bytes, or an .xlsx sheet whose cells reach
    beyond `most_cells` (rows to its last row times columns to its last column). A file that is no zip is left to
    the reader, which says what it is."""
    regular_file(path)
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with book:
        parts = book.infolist()
        unpacked = sum(part.file_size for part in parts)
        if unpacked > most_unpacked:
            biggest = max(parts, key=lambda part: part.file_size)
            raise InputError(
                path,
                "is a workbook too large to read safely (a zip bomb?)",
                expected=f"a workbook unpacking to at most {most_unpacked:,} bytes",
                found=f"{unpacked:,} bytes unpacked, {biggest.file_size:,} of them in {biggest.filename}",
            )
        names = _sheet_names(book)
        for part in parts:
            if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                rows, columns = _extent(book, part)
                if rows * columns > most_cells:
                    raise InputError(
                        path,
                        "has a sheet too large to read safely",
                        where=f"sheet {names.get(part.filename, part.filename)!r}",
                        expected=f"at most {most_cells:,} cells from A1 to its last cell",
                        found=f"cells up to {_column_name(columns)}{rows} ({rows:,} rows x {columns:,} "
                        f"columns: {rows * columns:,} cells)",
                    )


def _extent(book: zipfile.ZipFile, part: zipfile.ZipInfo) -> tuple[int, int]:
    """The last row and column any cell or row of a sheet names, read in chunks (never the whole sheet at once)."""
    columns: set[bytes] = set()
    rows: set[bytes] = set()
    tail = b""
    with book.open(part) as stream:
        while chunk := stream.read(CHUNK):
            text = tail + chunk
            columns.update(COLUMN.findall(text))
            rows.update(ROW.findall(text))
            tail = text[-OVERLAP:]
    last_row = max(map(int, rows), default=0)
    return last_row, max((_column_number(c.decode()) for c in columns), default=1 if last_row else 0)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _column_name(number: int) -> str:
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _sheet_names(book: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet part's name as the workbook shows it (xl/worksheets/sheet1.xml -> 'List 1'); {} if the
    workbook's index cannot be read (the part's own name is then said)."""
    try:
        if max(book.getinfo(n).file_size for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")) > CHUNK * 16:
            return {}
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        links = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # noqa: BLE001 - an unreadable index means no sizes to check; calamine then refuses the file
        return {}
    targets = {link.get("Id"): link.get("Target", "") for link in links}
    names = {}
    for sheet in workbook.iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(f"{RELATIONSHIPS}id"), "")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        names[part] = sheet.get("name", part)
    return names
