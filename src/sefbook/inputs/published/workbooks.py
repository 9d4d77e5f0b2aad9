"""A table inside a spreadsheet workbook (ODS or Excel) as a DfE open-data CSV would give it.

MHCLG's revenue outturn (RO3, RSX) and Ofsted's inspection outcomes are published as workbooks:
notes above the table, sometimes a second table below it, GSS codes without the DfE's old LA
codes, the period only in the file name, and markers such as "[x]" in value cells. A
`WorkbookLayout` (a registry entry can hold one) says where the table is and what its markers
mean; `read_workbook` returns text in the EES shape that `published/shape.py` reads:

    time_period, time_identifier, geographic_level, country_code, country_name, region_code,
    region_name, old_la_code, new_la_code, la_name, <one column per measure>, [_date,] _row, _file

`_date` (only where the layout names a `date_column`): the day the row's figures describe, as
ISO text (2023-03-14): Ofsted's judgements "as at 31 March" come from inspections years apart.
A cell that is not a date is refused; a blank one only stands beside a row with no figure.

Measure cells hold a number as text or a GSS symbol (c, x, z, u). A marker is mapped by the
layout's table; an unknown marker is an error; a marker or a blank is never read as 0.

Councils' DfE codes, names and regions come from a crosswalk built from the EES files in the same
folder (`crosswalk_from`): new_la_code -> (old_la_code, la_name, region_code, region_name).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import io
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineError

from sefbook.cache import ContentCache
from sefbook.errors import InputError
from sefbook.inputs.published.layouts import WorkbookLayout, period_from_name
from sefbook.inputs.published.sheet_sizes import check_workbook_size

Crosswalk = Mapping[str, tuple[str, str, str, str]]

ENGLAND_CODE = "E92000001"
GEOGRAPHY = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
]
# What a reader hands to ees_frame: one row per area, before the crosswalk
TABLE_COLUMNS = ["time_period", "time_identifier", "geographic_level", "code", "area_name", "_row", "_file"]
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")  # as the EES writes numbers: "1234.5", "-3"
DATE_COLUMN = "_date"
# A date written as text, as publishers write one when the cell is not typed as a date
DATE_TEXTS = ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y")


# ---- shared with fingertips.py ------------------------------------------------------------------


def loose(text: object) -> str:
    """Text compared loosely: publishers change line breaks, spacing, apostrophes and case between
    releases without changing the meaning."""
    text = str(text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split()).casefold()


def number_text(value: float) -> str:
    """A number as the EES writes it: no thousands separators, no exponent, no trailing .0."""
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return np.format_float_positional(float(value) + 0.0, trim="-")  # + 0.0: no "-0"


def measure_text(
    value: object,
    *,
    symbols: Mapping[str, str],
    categories: Mapping[str, float],
    blank: str | None,
    path: Path | str,
    where: str,
) -> str:
    """One measure cell as EES text: a number, or the GSS symbol its marker is declared to mean.
    `symbols` and `categories` are keyed by `loose` text."""
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number):  # NaN (a blank) and infinities fall through to the text checks
            return number_text(number)
    text = "" if _blank(value) else " ".join(str(value).split())
    if text == "":
        if blank is not None:
            return blank
        raise InputError(
            path,
            "has a blank cell where a figure is expected",
            where=where,
            expected="a number, a declared marker, or `blank:` in the layout (for example z)",
            found="a blank cell",
        )
    if NUMBER.fullmatch(text):
        return text.lstrip("+")
    if loose(text) in symbols:
        return symbols[loose(text)]
    if loose(text) in categories:
        return number_text(categories[loose(text)])
    declared = [*symbols, *categories]
    raise InputError(
        path,
        "has a marker the layout does not declare",
        where=where,
        expected="a number" + (" or one of " + ", ".join(map(repr, declared)) if declared else ""),
        found=repr(text),
    )


def date_text(value: object, *, path: Path | str, where: str) -> str:
    """A date cell as ISO text ("2023-03-14"); "" for a blank cell. Anything else is refused:
    a date printed beside a judgement must be the inspection's."""
    if _blank(value):
        return ""
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        if (value.hour, value.minute, value.second) != (0, 0, 0):
            raise InputError(
                path, "has a date with a time of day", where=where, expected="a date (a day, no time)", found=str(value)
            )
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(str(value).split())
    for form in DATE_TEXTS:
        try:
            return dt.datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    raise InputError(
        path,
        "has a date that is not a date",
        where=where,
        expected="a date cell, or a date written as 2023-03-14 or 14/03/2023",
        found=repr(text),
    )


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))  # type: ignore[call-overload]  # a cell of any type


def crosswalk_from(frames: Iterable[pd.DataFrame]) -> dict[str, tuple[str, str, str, str]]:
    """new_la_code -> (old_la_code, la_name, region_code, region_name) from EES-shaped frames
    (read as text). Every GSS code a council has been listed under is kept, so an older and a
    newer code (Barnsley E08000016 and E08000038) both lead to the same council. Where a code
    recurs, the latest period of the last frame wins. Joint returns ("314 / 318") are left out."""
    columns = ["new_la_code", "old_la_code", "la_name", "region_code", "region_name"]
    councils = []
    for frame in frames:
        rows = frame.loc[frame["geographic_level"] == "Local authority", ["time_period", *columns]]
        councils.append(rows.sort_values("time_period", kind="stable", key=lambda s: s.astype(str)))
    if not councils:
        return {}
    rows = pd.concat(councils, ignore_index=True)
    rows = rows[~rows["old_la_code"].str.contains("/", regex=False) & (rows["new_la_code"] != "")]
    rows = rows.drop_duplicates("new_la_code", keep="last")  # the latest period of the last frame
    return {new: (old, name, rcode, rname) for new, old, name, rcode, rname in rows[columns].itertuples(index=False)}


def ees_frame(source: Path | str, table: pd.DataFrame, measures: list[str], crosswalk: Crosswalk) -> pd.DataFrame:
    """A reader's table (TABLE_COLUMNS and the measures; `code` a GSS code) in the EES shape. A
    council the crosswalk does not know (a district, a council since abolished) is left out; none
    known at all is an error."""
    region_names = {code: name for _, _, code, name in crosswalk.values()}
    rows = []
    for row in table.to_dict("records"):
        geo = dict.fromkeys(GEOGRAPHY, "") | {"country_code": ENGLAND_CODE, "country_name": "England"}
        if row["geographic_level"] == "Local authority":
            if row["code"] not in crosswalk:
                continue
            old, name, region_code, region_name = crosswalk[row["code"]]
            geo |= {
                "region_code": region_code,
                "region_name": region_name,
                "old_la_code": old,
                "new_la_code": row["code"],
                "la_name": name,
            }
        elif row["geographic_level"] == "Regional":
            # the DfE's spelling where the crosswalk has it ("Yorkshire and The Humber")
            geo |= {"region_code": row["code"], "region_name": region_names.get(row["code"], row["area_name"])}
        geo |= {k: row[k] for k in ("time_period", "time_identifier", "geographic_level", *measures, "_row", "_file")}
        rows.append(geo)
    frame = pd.DataFrame(rows, columns=[*GEOGRAPHY, *measures, "_row", "_file"])
    if not (frame["geographic_level"] == "Local authority").any():
        councils = table.loc[table["geographic_level"] == "Local authority", "code"]
        raise InputError(
            source,
            "has no council whose GSS code the crosswalk knows",
            expected="councils' GSS codes as in the DfE files' new_la_code",
            found=f"{len(councils)} local authority rows"
            + (", codes such as " + ", ".join(councils.head(3)) if len(councils) else ""),
        )
    key = ["time_period", "geographic_level", "region_code", "new_la_code"]
    again = frame[frame.duplicated(key)]
    if not again.empty:
        first = again.iloc[0]
        raise InputError(
            first["_file"],
            "has more than one row for the same area and period",
            where=f"row {first['_row']}",
            expected="one row per area and period",
            found=f"{first['new_la_code'] or first['region_code'] or ENGLAND_CODE} {first['time_period']} again",
        )
    return frame.astype({"_row": int})


# ---- workbooks ----------------------------------------------------------------------------------


def header_key(text: object) -> str:
    """Headers matched loosely, also without note markers ("[note 2]"), which move between releases."""
    return loose(re.sub(r"\[note \d+\]", " ", str(text), flags=re.IGNORECASE))


def read_workbook(path: str | Path, layout: WorkbookLayout, crosswalk: Crosswalk) -> pd.DataFrame:
    """The layout's table in `path` as EES-shaped text (see the module's docstring)."""
    path = Path(path)
    time_period = period_from_name(path, layout.period)
    check_workbook_size(path)  # before calamine, which aborts the process on a sheet too large to lay out
    sheet, raw = _read_sheet(path, layout.sheet)
    if len(raw) < layout.header_row:
        raise InputError(
            path,
            "has no header row where the layout says",
            where=f"sheet {sheet!r}",
            expected=f"a header on row {layout.header_row}",
            found=f"{len(raw)} rows",
        )
    header = [header_key(c) if not _blank(c) else "" for c in raw.iloc[layout.header_row - 1]]

    def column(name: str) -> int:
        found = [i for i, h in enumerate(header) if h == header_key(name)]
        if len(found) != 1:
            raise InputError(
                path,
                f"has {'no' if not found else 'more than one'} column {name!r}",
                where=f"sheet {sheet!r}, row {layout.header_row}",
                expected=f"exactly one column headed {name!r} (spacing, line breaks and case aside)",
                found="columns " + ", ".join(repr(h) for h in header if h),
            )
        return found[0]

    code_at = column(layout.code_column)
    name_at = column(layout.name_column) if layout.name_column else None
    level_at = column(layout.level_column) if layout.level_column else None
    measure_at = {m: column(m) for m in layout.measures}
    date_at = column(layout.date_column) if layout.date_column else None
    level_of = {loose(v): level for level, values in (layout.levels or {}).items() for v in values}
    symbols = {loose(k): v for k, v in layout.symbols.items()}
    categories = {loose(k): v for k, v in layout.categories.items()}

    rows = []
    for i in range(layout.header_row, len(raw)):
        code = "" if _blank(raw.iat[i, code_at]) else str(raw.iat[i, code_at]).strip()
        if code == "" or header_key(code) == header[code_at]:
            break  # the end of the table: a blank row, or the header of a second table below it
        if level_at is None:
            level = "National" if code == ENGLAND_CODE else "Local authority"
        else:
            found_level = level_of.get(loose(raw.iat[i, level_at]))
            if found_level is None:
                continue  # a district, police, fire ...: not a children's services authority
            level = found_level
        who = f" ({raw.iat[i, name_at]!s})" if name_at is not None else ""
        row = {
            "geographic_level": level,
            "code": code,
            "area_name": "",
            "_row": i + 1,
            "_file": path.name,
            "time_period": time_period,
            "time_identifier": layout.period.time_identifier,
        }
        for name, j in measure_at.items():
            row[name] = measure_text(
                raw.iat[i, j],
                symbols=symbols,
                categories=categories,
                blank=layout.blank,
                path=path,
                where=f"sheet {sheet!r}, row {i + 1}{who}, column {name!r}",
            )
        if date_at is not None:
            where = f"sheet {sheet!r}, row {i + 1}{who}, column {layout.date_column!r}"
            row[DATE_COLUMN] = date_text(raw.iat[i, date_at], path=path, where=where)
            if row[DATE_COLUMN] == "" and any(NUMBER.fullmatch(str(row[m])) for m in layout.measures):
                raise InputError(
                    path,
                    "has a figure without its date",
                    where=where,
                    expected="the date the figures describe (an inspection's)",
                    found="a blank cell",
                )
        rows.append(row)
    if not rows:  # never stood in for by another file or the council's own figures without a word
        raise InputError(
            path,
            "has a header but no rows",
            where=f"sheet {sheet!r}, row {layout.header_row}",
            expected="a row for each area under the header",
            found="the header alone",
        )
    carried = [*layout.measures, *([DATE_COLUMN] if date_at is not None else [])]
    table = pd.DataFrame(rows, columns=[*TABLE_COLUMNS, *carried])
    return ees_frame(path, table, carried, crosswalk)


def _read_sheet(path: Path, pattern: str) -> tuple[str, pd.DataFrame]:
    """The one sheet whose name matches, every cell as the workbook holds it (numbers stay numbers,
    so no value goes through text and back); row i of the frame is spreadsheet row i + 1.
    Several indicators read the same sheet: it is parsed once per process while the file's
    content is the same."""
    try:
        _, (name, sheet) = _SHEETS.get(Path(path), lambda data: _parse_sheet(path, data, pattern), pattern)
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except OSError as exc:
        raise InputError(path, "cannot be read", found=exc.strerror or str(exc)) from None
    return name, sheet.copy()


_SHEETS: ContentCache[tuple[str, pd.DataFrame]] = ContentCache(most=16)


def _parse_sheet(path: Path, data: bytes, pattern: str) -> tuple[str, pd.DataFrame]:
    try:
        with pd.ExcelFile(io.BytesIO(data), engine="calamine") as book:
            names = [str(n) for n in book.sheet_names if fnmatch.fnmatchcase(str(n), pattern)]
            if len(names) != 1:
                raise InputError(
                    path,
                    f"has {'no' if not names else 'more than one'} sheet matching {pattern!r}",
                    expected="exactly one",
                    found="sheets " + ", ".join(map(repr, book.sheet_names)),
                )
            return names[0], pd.read_excel(book, sheet_name=names[0], header=None, dtype=object)
    except (CalamineError, ValueError) as exc:
        raise InputError(
            path, "cannot be read as a spreadsheet workbook", expected="an ODS or Excel workbook", found=str(exc)
        ) from None
