"""One published file in the DfE open-data CSV shape, read and checked: its rows by area and
period, the GSS symbols kept as symbols (never zero), joint returns split, quarters read."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from sefbook.domain import SYMBOLS
from sefbook.errors import InputError, missing_columns
from sefbook.inputs.published.csvs import read_csv_text

LEVELS = {"National": "country_code", "Regional": "region_code", "Local authority": "new_la_code"}
TIME_COLUMNS = ("time_period", "time_identifier", "geographic_level")
GEOGRAPHY_COLUMNS = ("country_code", "region_code", "region_name", "old_la_code", "new_la_code", "la_name")
CANONICAL_COLUMNS = [
    "indicator",
    "time_period",
    "geographic_level",
    "area_code",
    "area_key",
    "old_la_code",
    "area_name",
    "region_code",
    "region_name",
    "value",
    "symbol",
    "source_file",
    "source_row",
    "provisional",
    "smallest_count",  # the smallest count of children the figure rests on, where known (for suppression)
    "quarter",  # 0 for a whole reporting year; 1 to 4 for a quarter of it (the council's own figures)
    "date",  # the day the figure describes where its publisher gives one (an Ofsted inspection's), ISO text; else ""
]
LOCAL_COLUMNS = ("indicator", "value")
ADDED_COLUMNS = (
    "_row",
    "_date",
    "quarter",
    "area_code",
    "area_key",
    "area_name",
    "joint_return",
    "joint_of",
)  # added by the reader, not in the file


KEY = ["area_key", "time_period", "quarter"]  # one canonical row per area and period


def normal_name(name: str) -> str:
    """Column names as compared across releases: case, spacing and a '%' suffix do not matter
    ('agency_rate_fte_%' in the 2017 to 2022 workforce file is today's 'agency_rate_fte')."""
    return re.sub(r"\s*_?%$", "", name.strip()).lower()


QUARTER = re.compile(r"^(?:Financial year )?Q([1-4])$")
# A year that spans two calendar years, as the DfE writes it (202425), is filed under the year
# it ends in: an academic year 2024/25 ends in July 2025, a financial year 2024-25 in March 2025.
SPANNING_YEARS = ("Academic year", "Financial year")


def read_published_csv(path: Path, *, quarters: bool = False, data: bytes | None = None) -> pd.DataFrame:
    """Read a DfE-shaped CSV as text, whatever its byte-order mark, quoting or line endings.

    Adds `_row`, the line number of each row in the file, `quarter` (0 for a whole year),
    `area_code` (the GSS code of the row's area), `area_key` (what identifies the area across
    files and years: the old LA code for a council, whose GSS code can change; the GSS code for
    a region or England) and `area_name`. Keeps National, Regional and Local authority rows;
    other geographic levels are not used by sefbook. A file with only National rows (a
    national series) needs no region or council columns.

    An academic or financial year written 202425 is filed under the year it ends in (2025).
    With `quarters`, a row may also be a quarter of a financial year, as the DfE writes it:
    time_period 202526 with time_identifier Q2 (or "Financial year Q2"); it is filed under the
    reporting year it ends in (2026), quarter 2. A file with a header and no rows is refused: an
    older release or the council's own figures would otherwise stand in for it without a word.
    `data`: the file's bytes, when the caller has read them.
    """
    frame = read_csv_text(path, data)  # the checks every CSV sefbook reads gets (csvs.py)
    if frame.empty:
        raise InputError(
            path,
            "has a header but no rows",
            expected="a row for each area and period under the header",
            found=f"the header alone ({len(frame.columns)} columns)",
        )
    frame["_row"] = range(2, len(frame) + 2)
    return shape_published(frame, path, quarters=quarters)


def shape_published(frame: pd.DataFrame, path: Path, *, quarters: bool = False) -> pd.DataFrame:
    """A DfE-shaped table of text (from a CSV, or from a workbook's or an export's reader, with
    `_row` saying where each row came from) checked and given its periods and area keys."""
    frame = frame.drop(columns=["_file"], errors="ignore")
    frame.columns = [str(c).strip() for c in frame.columns]
    national_only = "geographic_level" in frame.columns and (frame["geographic_level"].str.strip() == "National").all()
    required = TIME_COLUMNS if national_only else (*TIME_COLUMNS, *GEOGRAPHY_COLUMNS)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise missing_columns(path, missing, frame.columns)
    for column in GEOGRAPHY_COLUMNS:
        if column not in frame.columns:
            frame[column] = "E92000001" if column == "country_code" else ""
    rows = frame.pop("_row")
    frame = frame.apply(lambda col: col.astype(str).str.strip())
    frame["_row"] = rows.to_numpy()
    # "Local Authority" or "local  authority" can only mean one level; other levels (districts,
    # wards) are not used by sefbook and are left out.
    spelled = frame["geographic_level"].str.lower().str.split().str.join(" ")
    frame["geographic_level"] = spelled.map({level.lower(): level for level in LEVELS}).fillna(
        frame["geographic_level"]
    )
    frame = _joint_returns(frame[frame["geographic_level"].isin(LEVELS)].copy(), path)
    frame["quarter"] = 0
    if quarters:
        _read_quarters(frame, path)
    spanning = frame["time_identifier"].isin(SPANNING_YEARS) & frame["time_period"].str.fullmatch(r"\d{6}")
    if spanning.any():
        start, end = (
            frame.loc[spanning, "time_period"].str[:4].astype(int),
            frame.loc[spanning, "time_period"].str[4:].astype(int),
        )
        wrong = (start + 1) % 100 != end
        if wrong.any():
            row = frame.loc[wrong[wrong].index[0]]
            raise InputError(
                path,
                "has a year sefbook cannot read",
                where=f"row {row['_row']}",
                expected="an academic or financial year such as 202425 (2024 to 2025)",
                found=repr(row["time_period"]),
            )
        frame.loc[spanning, "time_period"] = (start + 1).astype(str)
    bad_period = ~frame["time_period"].str.fullmatch(r"\d{4}")
    if bad_period.any():
        row = frame[bad_period].iloc[0]
        raise InputError(
            path,
            "has a time period sefbook cannot read",
            where=f"row {row['_row']}",
            expected="a four-digit reporting year such as 2025, or an academic or financial year "
            "such as 202425"
            + (", or a financial year such as 202526 with time_identifier Q1 to Q4" if quarters else ""),
            found=repr(row["time_period"]) + f" ({row['time_identifier']})",
        )
    frame["time_period"] = frame["time_period"].astype(int)
    frame["area_code"] = ""
    for level, code_column in LEVELS.items():
        at_level = frame["geographic_level"] == level
        frame.loc[at_level, "area_code"] = frame.loc[at_level, code_column]
    frame["area_key"] = frame["old_la_code"].where(frame["geographic_level"] == "Local authority", frame["area_code"])
    country = frame["country_name"] if "country_name" in frame.columns else "England"
    frame["area_name"] = frame["la_name"].where(
        frame["geographic_level"] == "Local authority",
        frame["region_name"].where(frame["geographic_level"] == "Regional", country),
    )
    return frame


JOINT = " / "  # how the DfE writes a return two councils make together: "314 / 318"


def _joint_returns(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """A row for two councils' joint return (old_la_code "314 / 318", the workforce files') becomes
    a row for each council it names, its `joint_return` saying whose ("Kingston upon Thames (314)
    and Richmond upon Thames (318)"; "" on other rows). A council's own row for the same period stands."""
    frame["joint_return"], frame["joint_of"] = "", ""  # joint_of: the old codes of the councils, "314 318"
    joint = (frame["geographic_level"] == "Local authority") & frame["old_la_code"].str.contains("/", regex=False)
    if not joint.any():
        return frame
    own, rows = frame[~joint], []
    for _, row in frame[joint].iterrows():
        olds, news = (
            [c.strip() for c in row["old_la_code"].split("/")],
            [c.strip() for c in row["new_la_code"].split("/")],
        )
        names = [n.strip() for n in row["la_name"].split(JOINT.strip())]
        if len(news) != len(olds) or not all(olds):
            raise InputError(
                path,
                "has a joint return sefbook cannot match to its councils",
                where=f"row {row['_row']}",
                expected="as many new LA codes as old ones, such as 314 / 318 and E09000021 / E09000027",
                found=f"{row['old_la_code']!r} and {row['new_la_code']!r}",
            )
        names = names if len(names) == len(olds) else [row["la_name"]] * len(olds)
        whose = " and ".join(f"{name} ({old})" for name, old in zip(names, olds))
        for old, new, name in zip(olds, news, names):
            rows.append(
                {
                    **row,
                    "old_la_code": old,
                    "new_la_code": new,
                    "la_name": name,
                    "joint_return": whose,
                    "joint_of": " ".join(olds),
                }
            )
    split = pd.DataFrame(rows, columns=frame.columns)
    taken = pd.MultiIndex.from_frame(own[["old_la_code", "time_period", "time_identifier"]])
    split = split[~pd.MultiIndex.from_frame(split[["old_la_code", "time_period", "time_identifier"]]).isin(taken)]
    return pd.concat([own, split]).sort_values("_row", kind="stable", ignore_index=True)


def _read_quarters(frame: pd.DataFrame, path: Path) -> None:
    """Rows for a quarter of a financial year: file them under the reporting year they end in."""
    for index, row in frame.iterrows():
        match = QUARTER.match(row["time_identifier"])
        if not match:
            continue
        fy = re.fullmatch(r"(\d{4})(\d{2})", row["time_period"])
        if not fy or (int(fy.group(1)) + 1) % 100 != int(fy.group(2)):
            raise InputError(
                path,
                "has a quarter whose financial year sefbook cannot read",
                where=f"row {row['_row']}",
                expected="a financial year such as 202526 (April 2025 to March 2026)",
                found=repr(row["time_period"]),
            )
        frame.at[index, "time_period"] = str(int(fy.group(1)) + 1)
        frame.at[index, "quarter"] = int(match.group(1))
        frame.at[index, "time_identifier"] = f"Q{match.group(1)}"


DURATION = re.compile(r"^(\d+):(\d{1,2})$")  # years:months, as the adoption timings are written


def parse_measure(
    frame: pd.DataFrame, column: str, path: Path, value_format: str = "number"
) -> tuple[pd.Series, pd.Series]:
    """Split a measure column into numbers and symbols; any other text is an error. With
    value_format 'years_months', '01:04' (one year, four months) is read as 16 months."""
    text = frame[column]
    if value_format == "years_months":
        parts = text.str.extract(DURATION)
        numbers = parts[0].astype(float) * 12 + parts[1].astype(float)
    else:
        # A plain number only: "1,5" (a decimal comma, or a thousands separator) is a locale's
        # form, and "inf" or "nan" cannot be a published figure; neither is guessed at.
        plain = text.str.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
        numbers = pd.to_numeric(text.where(plain), errors="coerce")
    symbols = text.where(numbers.isna(), "")
    # A blank measure cell is read as "x", not available: it is never zero.
    symbols = symbols.mask(numbers.isna() & (text == ""), "x")
    unknown = numbers.isna() & ~symbols.isin(SYMBOLS)
    if unknown.any():
        row = frame[unknown].iloc[0]
        raise InputError(
            path,
            "has a value that is neither a number nor a known symbol",
            where=f"row {row['_row']}, column {column}",
            expected=(
                "a duration written years:months, such as 01:04, "
                if value_format == "years_months"
                else "a number written with a decimal point and no thousands separator, "
            )
            + "or one of "
            + ", ".join(SYMBOLS),
            found=repr(row[column]),
        )
    return numbers.astype(float), symbols
