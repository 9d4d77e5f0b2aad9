"""Reading a CSV file as text, checked the same way wherever it comes from (the DfE's published files, the
council's own figures, its SSDA903 return): an empty file, bytes that are not UTF-8 and a row with more or fewer
fields than the header are each refused with the file and the line, never read into shifted or padded columns."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from sefbook.errors import InputError
from sefbook.inputs.files import regular_file

BOM = b"\xef\xbb\xbf"


def read_csv_text(path: Path, data: bytes | None = None) -> pd.DataFrame:
    """Every cell of a CSV file as text ("" for a blank), whatever its byte-order mark, quoting or line endings;
    the header's names as written. `data`: the file's bytes, when the caller has read (and hashed) them."""
    text = _decoded(path, regular_file(path).read_bytes() if data is None else data)
    if not text.strip():
        raise InputError(
            path,
            "is empty",
            expected="a CSV file: a header row of column names, then its rows",
            found="no text" if not text else "blank lines only",
        )
    _check_fields(path, text)
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        raise InputError(path, "cannot be read as CSV", found=str(exc).strip()) from None


def _decoded(path: Path, data: bytes) -> str:
    start = len(BOM) if data.startswith(BOM) else 0
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = start + exc.start  # counted in the whole file: a hex editor's offset
        line = data.count(b"\n", 0, at) + 1
        raise InputError(
            path,
            "is not UTF-8 text",
            where=f"line {line}, byte {at}",
            expected="a CSV file saved as UTF-8 (in Excel: Save As, 'CSV UTF-8')",
            found=f"the byte 0x{data[at]:02X}, which Windows (cp1252) and other encodings use",
        ) from None


def _check_fields(path: Path, text: str) -> None:
    """Each row has as many fields as the header: pandas would take one more in the first row for an index column
    and pad a short row with blanks, shifting or inventing values without a word."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next((row for row in reader if row), [])
    seen: set[str] = set()
    for name in header:
        if name.strip() and name.strip() in seen:  # blank names (trailing commas) pandas numbers itself
            raise InputError(
                path,
                "has a column named twice in its header",
                where=f"line {reader.line_num}",
                expected="each column once",
                found=repr(name.strip()),
            )
        seen.add(name.strip())
    try:
        for row in reader:
            if row and len(row) != len(header):
                raise InputError(
                    path,
                    f"has a row with {'more' if len(row) > len(header) else 'fewer'} fields than its header",
                    where=f"line {reader.line_num}",
                    expected=f"{len(header)} fields, as the header has",
                    found=f"{len(row)} fields",
                )
    except csv.Error as exc:
        raise InputError(path, "cannot be read as CSV", where=f"line {reader.line_num}", found=str(exc)) from None
