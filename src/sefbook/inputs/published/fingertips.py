"""OHID Fingertips exports as a DfE open-data CSV would give them.

A Fingertips export ("Indicator ID", "Area Code", "Area Type", "Sex", "Age", "Category Type",
"Time period" written "2023/24", "Value", "Count", "Denominator", "Value note", ...) holds one
indicator for many breakdowns. A `FingertipsLayout` picks the headline rows and says which area
types are which geographic level; `read_fingertips` reads one or several exports (a council
export and a region export, say) into the EES shape described in `workbooks.py`. A blank Value
(Fingertips leaves it blank where it is "not presented", with the reason in "Value note") is "x",
never 0.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from sefbook.cache import ContentCache
from sefbook.errors import InputError, missing_columns
from sefbook.inputs.files import regular_file
from sefbook.inputs.published.layouts import FingertipsLayout
from sefbook.inputs.published.workbooks import TABLE_COLUMNS, Crosswalk, ees_frame, loose, measure_text

REQUIRED = ("Indicator ID", "Area Code", "Area Name", "Area Type", "Time period")
FINANCIAL_YEAR = re.compile(r"(\d{4})/(\d{2})")


def read_fingertips(
    paths: str | Path | Iterable[str | Path], layout: FingertipsLayout, crosswalk: Crosswalk
) -> pd.DataFrame:
    """The layout's rows of every export, in the EES shape. The same row in two exports (a region
    export repeats every council) or twice in one (England, in a council export) is kept once,
    from the first file listed; two different figures for the same area and period are an error."""
    files = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    table = pd.concat([_rows(path, layout) for path in files], ignore_index=True)
    key = ["time_period", "geographic_level", "code"]
    table = table.drop_duplicates([*key, *layout.measures])
    clash = table[table.duplicated(key, keep=False)]
    if not clash.empty:
        first, second = clash.iloc[0], clash.iloc[1]
        raise InputError(
            second["_file"],
            "has two different figures for the same area and period",
            where=f"row {second['_row']}",
            expected="one figure per area and period after the filters "
            + ", ".join(f"{k}={v!r}" for k, v in layout.filters.items()),
            found=f"{second['code']} {second['time_period']} also in {first['_file']} row {first['_row']}",
        )
    return ees_frame(" and ".join(map(str, files)), table, layout.measures, crosswalk)


def _rows(path: Path, layout: FingertipsLayout) -> pd.DataFrame:
    """One export's rows for the layout, as a reader's table for `ees_frame`."""
    frame = _read_csv(path)
    missing = [c for c in (*REQUIRED, *layout.filters, *layout.measures) if c not in frame.columns]
    if missing:
        raise missing_columns(path, missing, frame.columns)
    if frame.empty:  # never stood in for by another file without a word
        raise InputError(
            path,
            "has a header but no rows",
            expected="a row for each area and period under the header",
            found=f"the header alone ({len(frame.columns) - 1} columns)",
        )
    for column, wanted in {"Indicator ID": str(layout.indicator_id), **layout.filters}.items():
        if not (frame[column] == wanted).any():
            raise InputError(
                path,
                f"has no rows where {column} is {wanted!r}",
                expected=f"{wanted!r} among the values of {column}",
                found=", ".join(repr(v) for v in sorted(frame[column].unique())[:12]),
            )
        frame = frame[frame[column] == wanted]
    level_of = {area_type: level for level, types in layout.levels.items() for area_type in types}
    frame = frame[frame["Area Type"].isin(level_of)]
    symbols = {loose(k): v for k, v in layout.symbols.items()}

    rows = []
    for row in frame.to_dict("records"):
        out = {
            "time_period": _reporting_year(row["Time period"], path, row["_row"]),
            "time_identifier": "Financial year",
            "geographic_level": level_of[row["Area Type"]],
            "code": row["Area Code"],
            # the name to use where the crosswalk has none (London: "London region (statistical)")
            "area_name": row["Area Name"].removesuffix(" region (statistical)"),
            "_row": row["_row"],
            "_file": path.name,
        }
        for name in layout.measures:
            out[name] = measure_text(
                row[name],
                symbols=symbols,
                categories={},
                blank=layout.blank,
                path=path,
                where=f"row {row['_row']}, column {name!r}",
            )
        rows.append(out)
    return pd.DataFrame(rows, columns=[*TABLE_COLUMNS, *layout.measures])


def _read_csv(path: Path) -> pd.DataFrame:
    """The export's cells as text, parsed once per process while the file's content is the same."""
    regular_file(path)  # a FIFO would block the read
    try:
        return _EXPORTS.get(path, lambda data: _parse_csv(path, data))[1]
    except OSError as exc:
        raise InputError(path, "cannot be read", found=exc.strerror or str(exc)) from None


_EXPORTS: ContentCache[pd.DataFrame] = ContentCache(most=16)


def _parse_csv(path: Path, data: bytes) -> pd.DataFrame:
    try:
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            path, "is not UTF-8 text", where=f"byte {exc.start}", expected="a CSV file saved as UTF-8"
        ) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(path, "cannot be read as CSV", found=str(exc).strip()) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.apply(lambda col: col.str.strip())
    frame["_row"] = range(2, len(frame) + 2)  # the line a person sees: the header is line 1
    return frame


def _reporting_year(period: str, path: Path, row: int) -> str:
    """Financial year "2023/24" -> "2024", the year it ends in, as the EES writes it."""
    match = FINANCIAL_YEAR.fullmatch(period)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise InputError(
            path,
            "has a time period sefbook cannot read",
            where=f"row {row}, column 'Time period'",
            expected="a financial year such as 2023/24",
            found=repr(period),
        )
    return str(int(match[1]) + 1)
