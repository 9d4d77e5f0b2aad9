"""Read files in the DfE open-data CSV shape into the one canonical table.

Published files (and the example data, which imitates them) have one row per time period and
geography, geography columns first, then filter columns, then measures. Measures may hold the
GSS symbols instead of numbers; symbols are kept as symbols and never become zero.

The canonical table has one row per indicator, area and period:

    indicator, time_period, geographic_level, area_code, old_la_code, area_name, region_code,
    region_name, value, symbol, source_file, source_row

`value` is a float (NaN where a symbol stands instead), `symbol` is "" for a number.
`source_row` is the line number in the source file (the header is line 1).
"""

from __future__ import annotations

import difflib
import math
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from sefbook.cache import ContentCache, keep, recall
from sefbook.digests import code_digest, digest, folder_digests
from sefbook.errors import InputError, MissingDataFile
from sefbook.inputs.collection import COMPUTED_SOURCE
from sefbook.inputs.csvs import read_csv_text
from sefbook.inputs.files import regular_file
from sefbook.inputs.fingertips import read_fingertips
from sefbook.inputs.layouts import WorkbookLayout
from sefbook.inputs.registry import Indicator, Layout, Operand, Population, Registry, Source
from sefbook.inputs.workbooks import DATE_COLUMN, Crosswalk, crosswalk_from, read_workbook

# GSS and DfE symbols: c suppressed, x not available, z not applicable, low/k rounds to zero,
# u low reliability; ":" and "~" are older forms of x and low.
SYMBOLS = ("c", "x", "z", "low", "k", "u", ":", "~")
SYMBOL_MEANINGS = {
    "c": "suppressed to protect confidentiality",
    "x": "not available",
    "z": "not applicable",
    "low": "rounds to zero, but is not zero",
    "k": "rounds to zero, but is not zero",
    "u": "low reliability",
    ":": "not available",
    "~": "rounds to zero, but is not zero",
}
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


def _normal(name: str) -> str:
    """Column names as compared across releases: case, spacing and a '%' suffix do not matter
    ('agency_rate_fte_%' in the 2017 to 2022 workforce file is today's 'agency_rate_fte')."""
    return re.sub(r"\s*_?%$", "", name.strip()).lower()


@dataclass
class DataFolder:
    """A folder of published-shape CSV files, each read at most once."""

    path: Path
    renamed_columns: dict[str, str] = field(default_factory=dict)  # an older release's name -> today's
    _frames: dict[tuple[Path, str], pd.DataFrame] = field(default_factory=dict)
    _crosswalk: Crosswalk | None = None

    def find(self, patterns: list[str], wanted_for: str) -> list[Path]:
        """The file matching each pattern that has one, in the patterns' order (newest
        publication first). Each pattern may match at most one file."""
        found = []
        for pattern in patterns:
            matches = sorted(self.path.glob(pattern))
            if len(matches) > 1:
                raise InputError(
                    self.path,
                    f"more than one data file matches {pattern!r}",
                    expected="exactly one (move older downloads elsewhere)",
                    found=", ".join(m.name for m in matches),
                )
            found += matches
        if not found:
            raise MissingDataFile(
                self.path,
                "no data file matches " + " or ".join(map(repr, patterns)),
                expected=f"a file in the DfE open-data shape for {wanted_for}",
            )
        return found

    def read(
        self, path: Path, required: Iterable[str], renamed: dict[str, str] | None = None, layout: Layout | None = None
    ) -> pd.DataFrame:
        """The file's rows with every required column under today's name. A column is found
        whatever its case or '%' suffix, or under an older name from the registry's renames
        (the registry's, then the source's own). A workbook or a Fingertips export is read by
        its layout into the same shape as a DfE CSV."""
        key = (path, layout.model_dump_json() if layout else "")
        if key not in self._frames:
            self._frames[key] = _read_with_layout(path, layout, self.crosswalk()) if layout else _read_cached(path)
        frame = self._frames[key]
        required = list(dict.fromkeys(required))
        if all(c in frame.columns for c in required):
            return frame
        renames = {_normal(old): new for old, new in {**self.renamed_columns, **(renamed or {})}.items()}
        present: dict[str, str] = {}
        for column in frame.columns:
            present.setdefault(_normal(column), column)
            present.setdefault(_normal(renames.get(_normal(column), column)), column)
        found = {want: want if want in frame.columns else present.get(_normal(want)) for want in required}
        missing = [want for want, column in found.items() if column is None]
        if missing:
            raise InputError(
                path,
                "is missing required columns",
                expected=", ".join(missing),
                found="columns " + ", ".join(c for c in frame.columns if c not in ADDED_COLUMNS),
            )
        return frame.rename(columns={column: want for want, column in found.items() if column != want})

    def crosswalk(self) -> Crosswalk:
        """The folder's crosswalk (see `_crosswalk`), made once per reading."""
        if self._crosswalk is None:
            self._crosswalk = _crosswalk(self.path)
        return self._crosswalk

    def joint_returns(self) -> dict[str, dict[str, str]]:
        """Each council given a joint return's figures: old LA code -> {file: whose return it is}."""
        found: dict[str, dict[str, str]] = {}
        for (path, _), frame in self._frames.items():
            joint = frame[frame["joint_return"] != ""] if "joint_return" in frame.columns else frame.iloc[:0]
            for (code, whose), years in joint.groupby(["old_la_code", "joint_return"])["time_period"]:
                first, last = min(years), max(years)
                found.setdefault(code, {})[path.name] = f"{whose}, " + (
                    f"for {first}" if first == last else f"for {first} to {last}"
                )
        return found

    @property
    def files_read(self) -> list[Path]:
        return sorted({path for path, _ in self._frames})


def _read_cached(path: Path, *, quarters: bool = False) -> pd.DataFrame:
    """A warm kernel runs several notebooks over the same files: each file is parsed once per
    process while its content is the same. Callers never modify the frame they get."""
    return _reading(path, quarters)[1]


_CSVS: ContentCache[pd.DataFrame] = ContentCache(most=64)


def _reading(path: Path, quarters: bool = False) -> tuple[str, pd.DataFrame]:
    """The file's content digest and its rows, parsed from the very bytes hashed."""
    regular_file(path)
    try:
        return _CSVS.get(path, lambda data: read_published_csv(path, quarters=quarters, data=data), quarters)
    except OSError as exc:
        raise InputError(path, "cannot be read", found=exc.strerror or str(exc)) from None


def _is_fifo(path: Path) -> bool:
    try:
        return stat.S_ISFIFO(path.stat().st_mode)
    except OSError:
        return False


def _read_with_layout(path: Path, layout: Layout, crosswalk: Crosswalk) -> pd.DataFrame:
    """A workbook or Fingertips export in the DfE shape, its councils matched through the
    folder's crosswalk (each file parsed once per process while its content is the same)."""
    if isinstance(layout, WorkbookLayout):
        return shape_published(read_workbook(path, layout, crosswalk), path)
    return shape_published(read_fingertips([path], layout, crosswalk), path)


_CROSSWALKS: dict[tuple[tuple[str, str], ...], Crosswalk] = {}


def _crosswalk(folder: Path) -> Crosswalk:
    """GSS code -> the council's old LA code, name and region, from every DfE CSV in the
    folder: files with GSS codes alone (workbooks, Fingertips) are matched through it. Kept by
    the names and content digests of the files it is made from."""
    readings = {}
    for path in sorted(folder.glob("*.csv")):
        if not path.is_file() or _is_fifo(path):
            continue
        try:
            readings[str(path.resolve())] = _reading(path)
        except (InputError, OSError):
            continue  # not a DfE open-data file: it names no councils
    key = tuple((name, sha) for name, (sha, _) in readings.items())
    if key not in _CROSSWALKS:
        _CROSSWALKS.clear()  # one folder at a time
        _CROSSWALKS[key] = crosswalk_from(frame for _, frame in readings.values())
    return _CROSSWALKS[key]


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
        raise InputError(
            path,
            "is missing required columns",
            expected=", ".join(missing),
            found="columns " + ", ".join(frame.columns),
        )
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


def _select(frame: pd.DataFrame, filters: dict[str, str | list[str]], path: Path) -> pd.DataFrame:
    """Rows whose filter columns hold the wanted value, or any of a list of wanted values (rows
    to be summed). Every wanted value must be in the file: a relabelled breakdown is named, not
    silently missed."""
    for column, wanted in filters.items():
        values = [wanted] if isinstance(wanted, str) else list(wanted)
        absent = [v for v in values if not (frame[column] == v).any()]
        if absent:
            held = sorted(str(v) for v in frame[column].unique())
            near = difflib.get_close_matches(absent[0], held, n=3, cutoff=0.6)
            raise InputError(
                path,
                f"has no rows where {column} is {absent[0]!r}",
                expected=f"{absent[0]!r} among the values of {column}",
                found=("the nearest it holds: " + ", ".join(repr(v) for v in near))
                if near
                else ", ".join(repr(v) for v in held[:12]),
            )
        frame = frame[frame[column].isin(values)]
    return frame


Parsed = tuple[pd.Series, pd.Series]  # values, symbols


def _table(
    folder: DataFolder,
    path: Path,
    filters: dict[str, str | list[str]],
    columns: list[str],
    *,
    renamed: dict[str, str] | None = None,
    renamed_values: dict[str, dict[str, str]] | None = None,
    value_format: str = "number",
    layout: Layout | None = None,
) -> tuple[pd.DataFrame, dict[str, Parsed]]:
    """One row per area and period: the rows the filters pick, with each measure column parsed.
    Where a filter lists several values, their rows are summed; a symbol in any of them stands
    for the sum (a suppressed part suppresses the whole, never read as zero)."""
    frame = folder.read(path, [*filters, *columns], renamed, layout)
    for column, relabelled in (renamed_values or {}).items():
        if column in frame.columns:  # a breakdown relabelled between releases, read under today's label
            frame = frame.assign(**{column: frame[column].replace(relabelled)})
    frame = _select(frame, filters, path)
    summed = [c for c, wanted in filters.items() if not isinstance(wanted, str)]
    duplicated = frame.duplicated([*KEY, *summed])
    if duplicated.any():
        dup = frame[duplicated].iloc[0]
        raise InputError(
            path,
            "has more than one row for the same area and period",
            where=f"row {dup['_row']}",
            expected="one row per area and period after the filters "
            + (", ".join(f"{k}={v!r}" for k, v in filters.items()) or "(none)"),
            found=f"{dup['area_code']} {dup['time_period']} again",
        )
    parsed = {c: parse_measure(frame, c, path, value_format) for c in dict.fromkeys(columns)}
    if not summed:
        return frame, parsed
    groups = [frame[k] for k in KEY]
    rows = frame.drop_duplicates(KEY)
    index = pd.MultiIndex.from_frame(rows[KEY])
    totals = {}
    for column, (values, symbols) in parsed.items():
        total = values.groupby(groups, sort=False).sum(min_count=1).reindex(index)
        first_symbol = symbols.where(symbols != "").groupby(groups, sort=False).first().reindex(index).fillna("")
        totals[column] = (
            pd.Series(total.to_numpy(), index=rows.index).where(first_symbol.to_numpy() == ""),
            pd.Series(first_symbol.to_numpy(), index=rows.index),
        )
    return rows, totals


def _first_per_area_and_period(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Rows from several releases of one publication: where two give the same area and period,
    the first (the newer release, listed first in the registry) stands."""
    combined = pd.concat(frames, ignore_index=True)
    key = [c for c in KEY if c in combined.columns]
    return combined.drop_duplicates(key, keep="first")


def _combine(parts: list[Parsed]) -> Parsed:
    """Sum measures; the first symbol met stands for the result (a suppressed band suppresses the sum)."""
    values = sum(v for v, _ in parts)
    symbols = parts[0][1]
    for _, s in parts[1:]:
        symbols = symbols.where(symbols != "", s)
    return values, symbols


def _keyed(frame: pd.DataFrame, values: pd.Series, symbols: pd.Series, period_offset: int = 0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_key": frame["area_key"],
            "time_period": frame["time_period"] - period_offset,
            "quarter": frame["quarter"],
            "value": values,
            "symbol": symbols,
        }
    )


def _operand(folder: DataFolder, path: Path, src: Source, operand: Operand, wanted_for: str) -> pd.DataFrame:
    """A numerator or denominator: its columns summed, from the source's file (or its own file,
    for a figure whose parts are published separately), keyed by area and period."""
    filters = {**src.filters, **operand.filters}
    paths = folder.find(operand.file, wanted_for) if operand.file else [path]
    frames = []
    for p in paths:
        frame, parsed = _table(
            folder,
            p,
            filters,
            operand.columns,
            renamed=src.renamed_columns,
            renamed_values=src.renamed_values,
            layout=None if operand.file else src.layout,
        )
        frames.append(_keyed(frame, *_combine([parsed[c] for c in operand.columns]), operand.period_offset))
    return _first_per_area_and_period(frames).set_index(KEY)


def _population(folder: DataFolder, name: str, population: Population, offset: int | None = None) -> pd.DataFrame:
    """The population each reporting year divides by, keyed by area and period. With `offset` 0
    (the same year's estimate), the year before's stands in where the folder has not the same
    year's yet: `stand_in` is True on those rows."""
    offset = population.period_offset if offset is None else offset
    frames = []
    for path in folder.find(population.file, f"population {name!r}"):
        frame, parsed = _table(folder, path, population.filters, [population.value])
        values, symbols = parsed[population.value]
        if (values <= 0).any():  # a rate over no one is not a figure
            row = frame[(values <= 0).to_numpy()].iloc[0]
            raise InputError(
                path,
                "has a population that is not positive",
                where=f"row {row['_row']}, column {population.value}",
                expected=f"a population above 0 for {row['area_name']} (population {name!r} of the registry)",
                found=f"{values[values <= 0].iloc[0]:g}",
            )
        # the reporting year this population estimate serves
        frames.append(_keyed(frame, values.where(symbols == ""), symbols, offset).assign(stand_in=False))
    if offset == 0:  # then the year before's, for the reporting years the same year's is not yet out
        frames += [f.assign(time_period=f["time_period"] + 1, stand_in=True) for f in list(frames)]
    return _first_per_area_and_period(frames).set_index(KEY)[["value", "stand_in"]]


def indicator_rows(folder: DataFolder, indicator: Indicator, registry: Registry) -> pd.DataFrame:
    """The canonical rows of one indicator, for every area and period in its source files."""
    paths = folder.find(indicator.source.file, f"indicator {indicator.id!r}")
    return _first_per_area_and_period([_rows_from(folder, path, indicator, registry) for path in paths])


def _joint_population(frame: pd.DataFrame, people: pd.Series) -> pd.Series:
    """For each row of a joint return, the population of all the councils it is for (NaN if any is missing)."""
    total = pd.Series(0.0, index=frame.index)
    joint = frame["joint_of"] != ""
    for position in range(int(frame.loc[joint, "joint_of"].str.split().str.len().max())):
        code = frame["joint_of"].str.split().str[position]
        part = frame.assign(area_key=code)
        total += _aligned(part, people).where(code.notna() | ~joint, 0.0)
    return total.where(joint)


def _aligned(frame: pd.DataFrame, keyed: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """Values from another table (a denominator, a population) lined up with the frame's rows."""
    index = pd.MultiIndex.from_frame(frame[KEY])
    aligned = keyed.reindex(index)
    aligned.index = frame.index
    return aligned


def _rows_from(folder: DataFolder, path: Path, indicator: Indicator, registry: Registry) -> pd.DataFrame:
    src = indicator.source
    wanted_for = f"indicator {indicator.id!r}"
    counts = list(src.suppression_counts or [])
    if src.value is not None:
        frame, parsed = _table(
            folder,
            path,
            src.filters,
            [src.value, *counts],
            renamed=src.renamed_columns,
            renamed_values=src.renamed_values,
            value_format=src.value_format,
            layout=src.layout,
        )
        values, symbols = parsed[src.value]
        smallest = _smallest(parsed, counts, frame)
    elif src.numerator is not None:
        num = _operand(folder, path, src, src.numerator, wanted_for)
        den = _operand(folder, path, src, src.denominator, wanted_for)
        frame = _geography(folder, path, src, src.numerator)
        n, d = _aligned(frame, num), _aligned(frame, den)
        d["symbol"] = d["symbol"].fillna("x")  # no denominator for this area and period: not available
        symbols = n["symbol"].where(n["symbol"] != "", d["symbol"])
        symbols = symbols.mask((symbols == "") & (d["value"] == 0), "z")
        values = (n["value"] / d["value"].where(d["value"] != 0) * src.scale).where(symbols == "")
        smallest = (
            pd.concat([n["value"], d["value"]], axis=1).min(axis=1)
            if not counts
            else _smallest(
                _table(folder, path, src.filters, counts, renamed=src.renamed_columns, layout=src.layout)[1],
                counts,
                frame,
            )
        )
    else:
        frame, parsed = _table(
            folder,
            path,
            src.filters,
            [src.count],
            renamed=src.renamed_columns,
            renamed_values=src.renamed_values,
            layout=src.layout,
        )
        count, symbols = parsed[src.count]
        population_of = registry.populations[src.population]
        people = _population(folder, src.population, population_of, src.population_year(population_of))["value"]
        population = _aligned(frame, people)
        if (
            "joint_of" in frame.columns and (frame["joint_of"] != "").any()
        ):  # a joint return: over both councils' children
            population = population.where(frame["joint_of"] == "", _joint_population(frame, people))

        symbols = symbols.mask((symbols == "") & population.isna(), "x")
        values = (count / population * src.per).where(symbols == "")
        smallest = count
    if src.complement:  # a share published as its complement: 100 minus the published figure
        values = 100 - values
    values = _check_range(
        values,
        pd.Series(indicator.unit, index=values.index),
        frame,
        path,
        src.value or src.count or "the numerator over the denominator",
        indicator.negative_allowed,
        indicator.over_100_allowed,
    )
    return pd.DataFrame(
        {
            "indicator": indicator.id,
            "time_period": frame["time_period"],
            "geographic_level": frame["geographic_level"],
            "area_code": frame["area_code"],
            "area_key": frame["area_key"],
            "old_la_code": frame["old_la_code"],
            "area_name": frame["area_name"],
            "region_code": frame["region_code"],
            "region_name": frame["region_name"],
            "value": values.where(symbols == ""),
            "symbol": symbols,
            "source_file": path.name,
            "source_row": frame["_row"],
            "provisional": False,
            "smallest_count": smallest,
            "quarter": frame["quarter"],
            "date": frame[DATE_COLUMN] if DATE_COLUMN in frame.columns else "",
        },
        columns=CANONICAL_COLUMNS,
    )


UNIT_RANGES = {
    "percent": (0.0, 100.0),
    "rate": (0.0, math.inf),
    "count": (0.0, math.inf),
    "number": (0.0, math.inf),
    "grade": (1.0, 4.0),
}


def _check_range(
    values: pd.Series,
    units: pd.Series,
    frame: pd.DataFrame,
    path: Path,
    column: str,
    negative_allowed: bool = False,
    over_100_allowed: bool | pd.Series = False,
) -> pd.Series:
    """A figure that cannot be right is refused where it enters: a percentage outside 0 to 100
    (above 100 allowed for a ratio the registry marks `over_100_allowed`, per indicator or per row),
    a negative count, rate or amount (unless the indicator may be negative), a grade outside 1 to 4.
    Returns the values, those within rounding of a bound put on it (never a "-0.0" or "100.0%+")."""
    infinite = values.notna() & values.abs().eq(math.inf)  # finite inputs too large to compute with
    if infinite.any():
        row = frame.loc[infinite[infinite].index[0]]
        raise InputError(
            path,
            "gives a figure too large to compute",
            where=f"row {row['_row']}, column {column}",
            expected=f"a {units[infinite].iloc[0]} of a plausible size",
            found="a result beyond any number",
        )
    low = units.map(lambda u: -math.inf if negative_allowed and u == "number" else UNIT_RANGES[u][0])
    high = units.map(lambda u: UNIT_RANGES[u][1]).mask(
        pd.Series(over_100_allowed, index=values.index, dtype=bool), math.inf
    )
    # a share computed from rounded parts may pass 100 by a rounding step
    wrong = values.notna() & ((values < low - 1e-9) | (values > high + 1e-6 * high.where(high < math.inf, 0)))
    if wrong.any():
        row = frame.loc[wrong[wrong].index[0]]
        unit = units[wrong].iloc[0]
        ratio = high[wrong].iloc[0] == math.inf
        expected = {
            "percent": "a percentage that is not negative" if ratio else "a percentage from 0 to 100",
            "grade": "a grade from 1 (outstanding) to 4",
        }.get(unit, f"a {unit} that is not negative")
        raise InputError(
            path,
            "has a figure that cannot be right",
            where=f"row {row['_row']}, column {column}",
            expected=expected,
            found=f"{values[wrong].iloc[0]:g}",
        )
    return values.clip(lower=low, upper=high) + 0.0  # + 0.0 turns a "-0" into 0


def _geography(folder: DataFolder, path: Path, src: Source, operand: Operand) -> pd.DataFrame:
    """The rows that carry a numerator's areas and periods (its own file's, or the source's)."""
    p = folder.find(operand.file, "a numerator")[0] if operand.file else path
    return _table(
        folder,
        p,
        {**src.filters, **operand.filters},
        operand.columns,
        renamed=src.renamed_columns,
        renamed_values=src.renamed_values,
        layout=None if operand.file else src.layout,
    )[0]


def _smallest(parsed: dict[str, Parsed], columns: list[str], frame: pd.DataFrame) -> pd.Series:
    if not columns:
        return pd.Series(float("nan"), index=frame.index)
    return pd.concat([parsed[c][0].reindex(frame.index) for c in columns], axis=1).min(axis=1)


def _one_code_per_council(table: pd.DataFrame) -> pd.DataFrame:
    """A council is known by its old LA code; its GSS code can change (North Yorkshire's did in
    2023, and one release may already use a code the others do not). Every row of a council
    takes the code most of its rows give in its latest year, so its series stays one series."""
    las = table["geographic_level"] == "Local authority"
    if not las.any():
        return table
    rows = table.loc[las, ["area_key", "area_code", "time_period"]]
    latest = rows[rows["time_period"] == rows.groupby("area_key")["time_period"].transform("max")]
    code = latest.groupby("area_key")["area_code"].agg(lambda codes: codes.value_counts().index[0])
    table = table.copy()
    table.loc[las, "area_code"] = table.loc[las, "area_key"].map(code)
    return table


def _codes_by_file(table: pd.DataFrame) -> dict[str, dict[str, str]]:
    """Each council the files give more than one GSS code: old LA code -> {file: its code there}."""
    rows = table.loc[
        table["geographic_level"] == "Local authority", ["area_key", "source_file", "area_code", "time_period"]
    ]
    latest = rows.sort_values("time_period", kind="stable").drop_duplicates(["area_key", "source_file"], keep="last")
    several = latest.groupby("area_key")["area_code"].transform("nunique") > 1
    codes: dict[str, dict[str, str]] = {}
    for key, file, code in latest.loc[several, ["area_key", "source_file", "area_code"]].itertuples(index=False):
        codes.setdefault(key, {})[file] = code
    return codes


def code_notes(published: PublishedData, old_la_code: str, new_la_code: str, la_name: str) -> tuple[str, ...]:
    """A note for each file that gives the edition's council another GSS code than sef.yml does:
    its figures are still the council's (matched by the old LA code), and the reader is told."""
    return tuple(
        f"{file}: gives {la_name} ({old_la_code}) the new code {code}, not {new_la_code} as sef.yml says; "
        f"matched by the old code"
        for file, code in sorted(published.codes.get(old_la_code, {}).items())
        if code != new_la_code
    ) + joint_notes(published, old_la_code)


def joint_notes(published: PublishedData, old_la_code: str) -> tuple[str, ...]:
    """A note for each file whose figures for the council are a joint return of it and another."""
    return tuple(
        f"{file}: gives one joint return of {whose}; its figures are shown for each of them, "
        f"as the two councils' together"
        for file, whose in sorted(published.joint.get(old_la_code, {}).items())
    )


def _regions_under_another_code(frames: list[pd.DataFrame], files: list[Path]) -> dict[str, InputError]:
    """A region is known by one code in every file (unlike a council's, a region's code has not
    changed): an indicator whose file gives a region another code than the other files do would
    compare the council with the wrong figures, so it is named (indicator id -> the error)."""
    paths = {path.name: path for path in files}

    def names_and_codes(frame: pd.DataFrame) -> pd.DataFrame:
        regional = frame[frame["geographic_level"] == "Regional"]
        pairs = pd.concat(
            [
                pd.DataFrame({"name": regional["area_name"], "code": regional["area_code"]}),
                pd.DataFrame({"name": frame["region_name"], "code": frame["region_code"]}),
            ]
        )
        pairs = pairs[pairs["code"].notna() & (pairs["code"] != "")]
        pairs["name"] = pairs["name"].astype(str).str.casefold().str.split().str.join(" ")
        return pairs.drop_duplicates()

    usable = [f for f in frames if len(f)]
    if not usable:
        return {}
    per_frame = [names_and_codes(f) for f in usable]
    everywhere = pd.concat(per_frame)
    votes = everywhere.groupby(["name", "code"]).size().reset_index(name="files")
    usual = votes.sort_values("files", ascending=False).drop_duplicates("name").set_index("name")["code"]
    found = {}
    for frame, pairs in zip(usable, per_frame):
        odd = pairs[pairs["code"] != pairs["name"].map(usual)]
        if len(odd):
            name, code = odd.iloc[0]["name"], odd.iloc[0]["code"]
            original = frame.loc[frame["region_code"].eq(code) | frame["area_code"].eq(code)]
            shown = original["region_name"].iloc[0] if len(original) else name
            file = frame["source_file"].iloc[0]
            found[frame["indicator"].iloc[0]] = InputError(
                paths.get(file, file),
                "gives a region another code than the other files do",
                where=f"row {original['source_row'].iloc[0]}" if len(original) else None,
                expected=f"{shown} as {usual[name]}",
                found=code,
            )
    return found


@dataclass(frozen=True)
class PublishedData:
    """The canonical table read from a data folder, with the files it was read from and the
    indicators left out because no file in the folder holds them (id -> what was looked for)."""

    table: pd.DataFrame
    files_read: tuple[Path, ...]
    left_out: dict[str, str]  # indicator id -> why its file could not be read
    absent: dict[str, str]  # indicator id -> the files looked for: its publication is not in the folder
    # a council's old LA code -> {file: the GSS code that file gives it in its latest year}, for the
    # councils the files give more than one code (matched by the old code: `code_notes` says so)
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    # a council's old LA code -> {file: the councils whose joint return that file gives as its figures}
    joint: dict[str, dict[str, str]] = field(default_factory=dict)
    # What later floors work out from this table alone, whatever the council (every council's
    # ranks, the table's digests): worked out once per process for all the packs it builds.
    shared: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    def __getstate__(self) -> dict:  # kept in the cache folder without what was worked out from it
        return {**self.__dict__, "shared": {}}


LeaveOut = Literal["none", "missing", "unreadable"]


def folder_files(data_dir: Path) -> tuple[tuple[str, str], ...] | None:
    """What a data folder holds, as its files' names and content digests (what a kept reading of
    it is kept by); None for a folder that is not there or cannot be listed or read."""
    try:
        return folder_digests(data_dir)
    except OSError:
        return None


def read_published(
    data_dir: str | Path,
    registry: Registry,
    indicator_ids: Iterable[str] | None = None,
    *,
    leave_out: LeaveOut = "none",
    required: Iterable[str] = (),
) -> PublishedData:
    """The canonical table for the given indicators (see `_read_published`), kept in sefbook's
    cache folder once read: every notebook of a build, and every pack from the same folder, then
    reads it in a fraction of the time. Kept by the folder's files (names and content digests),
    the registry, the request and the package's code, and only if no file changed while it was
    read; anything refused is read (and refused) again every time."""
    data_dir = Path(data_dir)
    ids = list(indicator_ids) if indicator_ids is not None else registry.ids
    files = folder_files(data_dir)
    if files is None:  # not a folder (named below), or unreadable: read without the cache
        return _read_published(data_dir, registry, ids, leave_out=leave_out, required=required)
    key = digest(
        code_digest(),
        registry.model_dump_json(),
        str(data_dir.resolve()),
        repr(files),
        repr(ids),
        leave_out,
        repr(sorted(set(required))),
    )
    if key in _READ:  # read by this process already: the same table, and what was worked out from it
        return _READ[key]
    kept = recall("tables", key)
    if isinstance(kept, PublishedData):
        published = kept
    else:
        published = _read_published(data_dir, registry, ids, leave_out=leave_out, required=required)
        if folder_files(data_dir) != files:  # a file changed while it was read: not kept under the old digests
            return published
        keep("tables", key, published)
    if len(_READ) >= KEPT_IN_PROCESS:
        _READ.clear()
    _READ[key] = published
    return published


# The last readings, kept in this process as well: a worker building packs one council after
# another reads its table once (not unpickled again for each pack) and shares what is worked out
# from it. Nothing changes a table once read (pandas copies on write).
KEPT_IN_PROCESS = 2
_READ: dict[str, PublishedData] = {}


def data_folder(data_dir: str | Path) -> Path:
    """The data folder, refused with a message if it is not there."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputError(data_dir, "data folder not found", expected="a folder of CSV files in the DfE open-data shape")
    return data_dir


def _read_published(
    data_dir: str | Path,
    registry: Registry,
    indicator_ids: Iterable[str] | None = None,
    *,
    leave_out: LeaveOut = "none",
    required: Iterable[str] = (),
) -> PublishedData:
    """Build the canonical table for the given indicators (default: all in the registry).

    An indicator that cannot be read is an error (`leave_out="none"`), or is left out: when no
    file in the folder holds it ("missing": named in `absent`), or also when its file is there
    but cannot be read as the registry says ("unreadable": named in `left_out` with the file,
    what was expected and what was found; a pack from whatever a council downloaded). The
    `required` indicators (those an edition names) are never left out."""
    data_dir = data_folder(data_dir)
    folder = DataFolder(data_dir, renamed_columns=dict(registry.renamed_columns))
    ids = list(indicator_ids) if indicator_ids is not None else registry.ids
    required = set(required)
    frames, left_out, absent = [], {}, {}
    for indicator_id in ids:
        try:
            frames.append(indicator_rows(folder, registry[indicator_id], registry))
        except MissingDataFile as exc:
            if leave_out == "none" or indicator_id in required:
                raise
            absent[indicator_id] = exc.message
        except InputError as exc:
            if leave_out != "unreadable" or indicator_id in required:
                raise
            left_out[indicator_id] = exc.message
    for indicator_id, error in _regions_under_another_code(frames, folder.files_read).items():
        if leave_out != "unreadable" or indicator_id in required:
            raise error
        left_out[indicator_id] = error.message
    frames = [f for f in frames if not len(f) or f["indicator"].iloc[0] not in left_out]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=CANONICAL_COLUMNS)
    return PublishedData(
        _one_code_per_council(table),
        tuple(folder.files_read),
        left_out,
        absent,
        codes=_codes_by_file(table),
        joint=folder.joint_returns(),
    )


def load_canonical(
    data_dir: str | Path, registry: Registry, indicator_ids: Iterable[str] | None = None
) -> pd.DataFrame:
    """The canonical table alone (every indicator's file must be there)."""
    return read_published(data_dir, registry, indicator_ids).table


def read_local_figures(path: Path, registry: Registry, old_la_code: str, new_la_code: str) -> pd.DataFrame:
    """The council's own, unpublished figures (for example this year's, from its case management
    system): a DfE-shaped file with one row per indicator id and period. Rows are marked
    provisional; a published figure for the same indicator and period takes precedence."""
    frame = _read_cached(path, quarters=True)
    missing = [c for c in LOCAL_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(
            path,
            "is missing required columns",
            expected=", ".join(missing),
            found="columns " + ", ".join(frame.columns),
        )
    for _, row in frame.iterrows():
        if row["indicator"] not in registry:
            raise InputError(
                path,
                "names an unknown indicator id",
                where=f"row {row['_row']}, column indicator",
                expected="an id from the registry (src/sefbook/inputs/indicators.yml)",
                found=repr(row["indicator"]),
            )
        if (row["old_la_code"], row["new_la_code"]) != (old_la_code, new_la_code):
            raise InputError(
                path,
                "holds a figure for another council",
                where=f"row {row['_row']}",
                expected=f"the edition's council ({old_la_code}, {new_la_code})",
                found=f"{row['old_la_code']}, {row['new_la_code']}",
            )
    values, symbols = parse_measure(frame, "value", path)
    units = frame["indicator"].map(lambda i: registry[i].unit)
    values = _check_range(
        values,
        units,
        frame,
        path,
        "value",
        over_100_allowed=frame["indicator"].map(lambda i: registry[i].over_100_allowed),
    )
    # what publication mode suppresses on: a count of children is its own smallest count; any
    # other figure, the children it rests on where the file gives them (its `count` column)
    counted = (
        parse_measure(frame, "count", path)[0]
        if "count" in frame.columns
        else pd.Series(float("nan"), index=frame.index)
    )
    smallest = counted.where(units != "count", values)
    return pd.DataFrame(
        {
            "indicator": frame["indicator"],
            "time_period": frame["time_period"],
            "geographic_level": frame["geographic_level"],
            "area_code": frame["area_code"],
            "area_key": frame["area_key"],
            "old_la_code": frame["old_la_code"],
            "area_name": frame["area_name"],
            "region_code": frame["region_code"],
            "region_name": frame["region_name"],
            "value": values.where(symbols == ""),
            "symbol": symbols,
            "source_file": path.name,
            "source_row": frame["_row"],
            "provisional": True,
            "smallest_count": smallest,
            "quarter": frame["quarter"].astype(int),
            "date": "",
        },
        columns=CANONICAL_COLUMNS,
    )


def suppress_small_counts(table: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Publication mode: a figure resting on a count of 1 to threshold - 1 children becomes "c",
    as the DfE suppresses small numbers (a zero is not suppressed: it discloses no one). A figure
    computed from the council's child-level returns whose count of children is not known (an
    average over the children adopted, a figure from an Annex A) becomes "c" too: it might rest on
    one child, and nothing published says otherwise."""
    computed = table["source_file"].astype(str).str.startswith(COMPUTED_SOURCE)
    uncounted = computed & table["smallest_count"].isna()
    small = (((table["smallest_count"] >= 1) & (table["smallest_count"] < threshold)) | uncounted) & (
        table["symbol"] == ""
    )
    suppressed = table.copy()
    suppressed.loc[small, "value"] = float("nan")
    suppressed.loc[small, "symbol"] = "c"
    return suppressed
