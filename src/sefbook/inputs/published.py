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

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pandas as pd

from sefbook.errors import InputError, MissingDataFile
from sefbook.inputs.registry import Indicator, Population, Registry

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
    "indicator", "time_period", "geographic_level", "area_code", "old_la_code", "area_name",
    "region_code", "region_name", "value", "symbol", "source_file", "source_row", "provisional",
    "smallest_count",  # the smallest count of children the figure rests on, where known (for suppression)
    "quarter",  # 0 for a whole reporting year; 1 to 4 for a quarter of it (the council's own figures)
]
LOCAL_COLUMNS = ("indicator", "value")


@dataclass
class DataFolder:
    """A folder of published-shape CSV files, each read at most once."""

    path: Path
    renamed_columns: dict[str, str] = field(default_factory=dict)  # an older release's name -> today's
    _frames: dict[Path, pd.DataFrame] = field(default_factory=dict)

    def find(self, patterns: list[str], wanted_for: str) -> list[Path]:
        """The file matching each pattern that has one, in the patterns' order (newest
        publication first). Each pattern may match at most one file."""
        found = []
        for pattern in patterns:
            matches = sorted(self.path.glob(pattern))
            if len(matches) > 1:
                raise InputError(self.path, f"more than one data file matches {pattern!r}",
                                 expected="exactly one (move older downloads elsewhere)",
                                 found=", ".join(m.name for m in matches))
            found += matches
        if not found:
            raise MissingDataFile(self.path, "no data file matches " + " or ".join(map(repr, patterns)),
                                  expected=f"a file in the DfE open-data shape for {wanted_for}")
        return found

    def read(self, path: Path, required: Iterable[str]) -> pd.DataFrame:
        if path not in self._frames:
            frame = _read_cached(path)
            # Publications rename columns between releases: read an older name as today's.
            renames = {old: new for old, new in self.renamed_columns.items()
                       if old in frame.columns and new not in frame.columns}
            self._frames[path] = frame.rename(columns=renames)
        frame = self._frames[path]
        missing = [c for c in required if c not in frame.columns]
        if missing:
            raise InputError(path, "is missing required columns", expected=", ".join(missing),
                             found="columns " + ", ".join(frame.columns))
        return frame

    @property
    def files_read(self) -> list[Path]:
        return sorted(self._frames)


def _read_cached(path: Path) -> pd.DataFrame:
    """A warm kernel runs several notebooks over the same files: each file is parsed once per
    process while it is unchanged (same size and modification time). Callers never modify the
    frame they get."""
    stat = path.stat()
    return _read_unchanged(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _read_unchanged(path: str, mtime_ns: int, size: int) -> pd.DataFrame:
    return read_published_csv(Path(path))


QUARTER = re.compile(r"^(?:Financial year )?Q([1-4])$")


def read_published_csv(path: Path, *, quarters: bool = False) -> pd.DataFrame:
    """Read a DfE-shaped CSV as text, whatever its byte-order mark, quoting or line endings.

    Adds `_row`, the line number of each row in the file, and `quarter` (0 for a reporting
    year). Keeps National, Regional and Local authority rows; other geographic levels are not
    used by sefbook. With `quarters`, a row may also be a quarter of a financial year, as the
    DfE writes it: time_period 202526 with time_identifier Q2 (or "Financial year Q2"); it is
    filed under the reporting year it ends in (2026), quarter 2.
    """
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, "is not UTF-8 text", where=f"byte {exc.start}",
                         expected="a CSV file saved as UTF-8") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(path, "cannot be read as CSV", found=str(exc).strip()) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in (*TIME_COLUMNS, *GEOGRAPHY_COLUMNS) if c not in frame.columns]
    if missing:
        raise InputError(path, "is missing required columns", expected=", ".join(missing),
                         found="columns " + ", ".join(frame.columns))
    frame = frame.apply(lambda col: col.str.strip())
    frame["_row"] = range(2, len(frame) + 2)
    frame = frame[frame["geographic_level"].isin(LEVELS)].copy()
    frame["quarter"] = 0
    if quarters:
        _read_quarters(frame, path)
    bad_period = ~frame["time_period"].str.fullmatch(r"\d{4}")
    if bad_period.any():
        row = frame[bad_period].iloc[0]
        raise InputError(path, "has a time period sefbook cannot read", where=f"row {row['_row']}",
                         expected="a four-digit reporting year such as 2025"
                                  + (", or a financial year such as 202526 with time_identifier Q1 to Q4" if quarters else ""),
                         found=repr(row["time_period"]) + f" ({row['time_identifier']})")
    frame["time_period"] = frame["time_period"].astype(int)
    frame["area_code"] = ""
    for level, code_column in LEVELS.items():
        at_level = frame["geographic_level"] == level
        frame.loc[at_level, "area_code"] = frame.loc[at_level, code_column]
    country = frame["country_name"] if "country_name" in frame.columns else "England"
    frame["area_name"] = frame["la_name"].where(
        frame["geographic_level"] == "Local authority",
        frame["region_name"].where(frame["geographic_level"] == "Regional", country))
    return frame


def _read_quarters(frame: pd.DataFrame, path: Path) -> None:
    """Rows for a quarter of a financial year: file them under the reporting year they end in."""
    for index, row in frame.iterrows():
        match = QUARTER.match(row["time_identifier"])
        if not match:
            continue
        fy = re.fullmatch(r"(\d{4})(\d{2})", row["time_period"])
        if not fy or (int(fy.group(1)) + 1) % 100 != int(fy.group(2)):
            raise InputError(path, "has a quarter whose financial year sefbook cannot read", where=f"row {row['_row']}",
                             expected="a financial year such as 202526 (April 2025 to March 2026)",
                             found=repr(row["time_period"]))
        frame.at[index, "time_period"] = str(int(fy.group(1)) + 1)
        frame.at[index, "quarter"] = int(match.group(1))


def parse_measure(frame: pd.DataFrame, column: str, path: Path) -> tuple[pd.Series, pd.Series]:
    """Split a measure column into numbers and symbols; any other text is an error."""
    text = frame[column]
    numbers = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    symbols = text.where(numbers.isna(), "")
    # A blank measure cell is read as "x", not available: it is never zero.
    symbols = symbols.mask(numbers.isna() & (text == ""), "x")
    unknown = numbers.isna() & ~symbols.isin(SYMBOLS)
    if unknown.any():
        row = frame[unknown].iloc[0]
        raise InputError(path, "has a value that is neither a number nor a known symbol",
                         where=f"row {row['_row']}, column {column}",
                         expected="a number or one of " + ", ".join(SYMBOLS),
                         found=repr(row[column]))
    return numbers.astype(float), symbols


def _select(frame: pd.DataFrame, filters: dict[str, str], path: Path) -> pd.DataFrame:
    for column, wanted in filters.items():
        if not (frame[column] == wanted).any():
            raise InputError(path, f"has no rows where {column} is {wanted!r}",
                             expected=f"{wanted!r} among the values of {column}",
                             found=", ".join(repr(v) for v in sorted(frame[column].unique())[:12]))
        frame = frame[frame[column] == wanted]
    return frame


def _measure(folder: DataFolder, path: Path, filters: dict[str, str], columns: list[str]) -> pd.DataFrame:
    frame = _select(folder.read(path, [*filters, *columns]), filters, path)
    if frame.duplicated(["time_period", "geographic_level", "area_code"]).any():
        dup = frame[frame.duplicated(["time_period", "geographic_level", "area_code"])].iloc[0]
        raise InputError(path, "has more than one row for the same area and period",
                         where=f"row {dup['_row']}",
                         expected="one row per area and period after the filters "
                                  + (", ".join(f"{k}={v!r}" for k, v in filters.items()) or "(none)"),
                         found=f"{dup['area_code']} {dup['time_period']} again")
    return frame


def _first_per_area_and_period(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Rows from several releases of one publication: where two give the same area and period,
    the first (the newer release, listed first in the registry) stands."""
    combined = pd.concat(frames, ignore_index=True)
    key = [c for c in ("area_code", "time_period", "quarter") if c in combined.columns]
    return combined.drop_duplicates(key, keep="first")


def _combine(parts: list[tuple[pd.Series, pd.Series]]) -> tuple[pd.Series, pd.Series]:
    """Sum measures; the first symbol met stands for the result (a suppressed band suppresses the sum)."""
    values = sum(v for v, _ in parts)
    symbols = parts[0][1]
    for _, s in parts[1:]:
        symbols = symbols.where(symbols != "", s)
    return values, symbols


def _population(folder: DataFolder, name: str, population: Population) -> pd.DataFrame:
    frames = []
    for path in folder.find(population.file, f"population {name!r}"):
        frame = _measure(folder, path, population.filters, [population.value])
        values, symbols = parse_measure(frame, population.value, path)
        frames.append(pd.DataFrame({
            "area_code": frame["area_code"],
            # the reporting year this population estimate serves
            "time_period": frame["time_period"] - population.period_offset,
            "population": values.where(symbols == ""),
        }))
    return _first_per_area_and_period(frames)


def indicator_rows(folder: DataFolder, indicator: Indicator, registry: Registry) -> pd.DataFrame:
    """The canonical rows of one indicator, for every area and period in its source files."""
    paths = folder.find(indicator.source.file, f"indicator {indicator.id!r}")
    return _first_per_area_and_period([_rows_from(folder, path, indicator, registry) for path in paths])


def _rows_from(folder: DataFolder, path: Path, indicator: Indicator, registry: Registry) -> pd.DataFrame:
    src = indicator.source
    frame = _measure(folder, path, src.filters, src.columns)

    if src.value is not None:
        values, symbols = parse_measure(frame, src.value, path)
    elif src.numerator is not None:
        num, num_sym = _combine([parse_measure(frame, c, path) for c in src.numerator])
        den, den_sym = parse_measure(frame, src.denominator, path)
        symbols = num_sym.where(num_sym != "", den_sym)
        symbols = symbols.mask((symbols == "") & (den == 0), "z")
        values = (num / den.where(den != 0) * src.scale).where(symbols == "")
    else:
        count, symbols = parse_measure(frame, src.count, path)
        pop = _population(folder, src.population, registry.populations[src.population])
        joined = frame[["area_code", "time_period"]].merge(pop, how="left", on=["area_code", "time_period"])
        population = pd.Series(joined["population"].to_numpy(), index=frame.index)
        symbols = symbols.mask((symbols == "") & population.isna(), "x")
        values = (count / population * src.per).where(symbols == "")

    return pd.DataFrame({
        "indicator": indicator.id,
        "time_period": frame["time_period"],
        "geographic_level": frame["geographic_level"],
        "area_code": frame["area_code"],
        "old_la_code": frame["old_la_code"],
        "area_name": frame["area_name"],
        "region_code": frame["region_code"],
        "region_name": frame["region_name"],
        "value": values.where(symbols == ""),
        "symbol": symbols,
        "source_file": path.name,
        "source_row": frame["_row"],
        "provisional": False,
        "smallest_count": _smallest_count(frame, src.count_columns, path),
        "quarter": 0,
    }, columns=CANONICAL_COLUMNS)


def _smallest_count(frame: pd.DataFrame, columns: list[str], path: Path) -> pd.Series:
    if not columns:
        return pd.Series(float("nan"), index=frame.index)
    counts = pd.concat([parse_measure(frame, c, path)[0] for c in columns], axis=1)
    return counts.min(axis=1)


@dataclass(frozen=True)
class PublishedData:
    """The canonical table read from a data folder, with the files it was read from and the
    indicators left out because no file in the folder holds them (id -> what was looked for)."""

    table: pd.DataFrame
    files_read: tuple[Path, ...]
    left_out: dict[str, str]


def read_published(data_dir: str | Path, registry: Registry, indicator_ids: Iterable[str] | None = None,
                   *, skip_missing: bool = False) -> PublishedData:
    """Build the canonical table for the given indicators (default: all in the registry).

    With skip_missing, an indicator whose source file is not in the folder is left out and
    named in `left_out`; otherwise it is an error. A file that is there but wrong is always an
    error."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputError(data_dir, "data folder not found",
                         expected="a folder of CSV files in the DfE open-data shape")
    folder = DataFolder(data_dir, renamed_columns=dict(registry.renamed_columns))
    ids = list(indicator_ids) if indicator_ids is not None else registry.ids
    frames, missing = [], {}
    for indicator_id in ids:
        try:
            frames.append(indicator_rows(folder, registry[indicator_id], registry))
        except MissingDataFile as exc:
            if not skip_missing:
                raise
            missing[indicator_id] = exc.problem
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=CANONICAL_COLUMNS)
    return PublishedData(table, tuple(folder.files_read), missing)


def load_canonical(data_dir: str | Path, registry: Registry, indicator_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The canonical table alone (every indicator's file must be there)."""
    return read_published(data_dir, registry, indicator_ids).table


def read_local_figures(path: Path, registry: Registry, old_la_code: str, new_la_code: str) -> pd.DataFrame:
    """The council's own, unpublished figures (for example this year's, from its case management
    system): a DfE-shaped file with one row per indicator id and period. Rows are marked
    provisional; a published figure for the same indicator and period takes precedence."""
    frame = read_published_csv(path, quarters=True)
    missing = [c for c in LOCAL_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(path, "is missing required columns", expected=", ".join(missing),
                         found="columns " + ", ".join(frame.columns))
    for _, row in frame.iterrows():
        if row["indicator"] not in registry:
            raise InputError(path, "names an unknown indicator id", where=f"row {row['_row']}, column indicator",
                             expected="an id from the registry (src/sefbook/inputs/indicators.yml)",
                             found=repr(row["indicator"]))
        if (row["old_la_code"], row["new_la_code"]) != (old_la_code, new_la_code):
            raise InputError(path, "holds a figure for another council", where=f"row {row['_row']}",
                             expected=f"the edition's council ({old_la_code}, {new_la_code})",
                             found=f"{row['old_la_code']}, {row['new_la_code']}")
    values, symbols = parse_measure(frame, "value", path)
    return pd.DataFrame({
        "indicator": frame["indicator"], "time_period": frame["time_period"],
        "geographic_level": frame["geographic_level"], "area_code": frame["area_code"],
        "old_la_code": frame["old_la_code"], "area_name": frame["area_name"],
        "region_code": frame["region_code"], "region_name": frame["region_name"],
        "value": values.where(symbols == ""), "symbol": symbols,
        "source_file": path.name, "source_row": frame["_row"], "provisional": True,
        "smallest_count": _smallest_count(frame, ["count"] if "count" in frame.columns else [], path),
        "quarter": frame["quarter"].astype(int),
    }, columns=CANONICAL_COLUMNS)


def suppress_small_counts(table: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Publication mode: a figure resting on a count of 1 to threshold - 1 children becomes "c",
    as the DfE suppresses small numbers (a zero is not suppressed: it discloses no one)."""
    small = (table["smallest_count"] >= 1) & (table["smallest_count"] < threshold) & (table["symbol"] == "")
    suppressed = table.copy()
    suppressed.loc[small, "value"] = float("nan")
    suppressed.loc[small, "symbol"] = "c"
    return suppressed
