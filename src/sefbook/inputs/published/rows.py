"""An indicator's rows of the canonical table, from the files the registry names: filters,
measures, numerators over populations, ranges checked."""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from pathlib import Path
from typing import cast, overload

import pandas as pd

from sefbook.errors import InputError
from sefbook.inputs.published.folder import DataFolder
from sefbook.inputs.published.registry import Indicator, Layout, Operand, Population, Registry, Source
from sefbook.inputs.published.shape import CANONICAL_COLUMNS, KEY, parse_measure
from sefbook.inputs.published.workbooks import DATE_COLUMN


def _select(frame: pd.DataFrame, filters: Mapping[str, str | list[str]], path: Path) -> pd.DataFrame:
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
    filters: Mapping[str, str | list[str]],
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
    values = cast(pd.Series, sum(v for v, _ in parts))
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
    paths = folder.find(indicator.published_source.file, f"indicator {indicator.id!r}")
    return _first_per_area_and_period([_rows_from(folder, path, indicator, registry) for path in paths])


def _joint_population(frame: pd.DataFrame, people: pd.Series) -> pd.Series:
    """For each row of a joint return, the population of all the councils it is for (NaN if any is missing)."""
    total = pd.Series(0.0, index=frame.index)
    joint = frame["joint_of"] != ""
    for position in range(max(len(codes.split()) for codes in frame.loc[joint, "joint_of"])):
        code = frame["joint_of"].str.split().str[position]
        part = frame.assign(area_key=code)
        total += _aligned(part, people).where(code.notna() | ~joint, 0.0)
    return total.where(joint)


@overload
def _aligned(frame: pd.DataFrame, keyed: pd.DataFrame) -> pd.DataFrame: ...


@overload
def _aligned(frame: pd.DataFrame, keyed: pd.Series) -> pd.Series: ...


def _aligned(frame: pd.DataFrame, keyed: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """Values from another table (a denominator, a population) lined up with the frame's rows."""
    index = pd.MultiIndex.from_frame(frame[KEY])
    aligned = keyed.reindex(index)
    aligned.index = frame.index
    return aligned


def _rows_from(folder: DataFolder, path: Path, indicator: Indicator, registry: Registry) -> pd.DataFrame:
    src = indicator.published_source
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
    elif src.numerator is not None and src.denominator is not None:
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
        count_column, per, population_name = src.count_per_population
        frame, parsed = _table(
            folder,
            path,
            src.filters,
            [count_column],
            renamed=src.renamed_columns,
            renamed_values=src.renamed_values,
            layout=src.layout,
        )
        count, symbols = parsed[count_column]
        population_of = registry.populations[population_name]
        people = _population(folder, population_name, population_of, src.population_year(population_of))["value"]
        population = _aligned(frame, people)
        if (
            "joint_of" in frame.columns and (frame["joint_of"] != "").any()
        ):  # a joint return: over both councils' children
            population = population.where(frame["joint_of"] == "", _joint_population(frame, people))

        symbols = symbols.mask((symbols == "") & population.isna(), "x")
        values = (count / population * per).where(symbols == "")
        smallest = count
    if src.complement:  # a share published as its complement: 100 minus the published figure
        values = 100 - values
    values = check_range(
        values,
        pd.Series(indicator.unit, index=values.index),
        frame,
        path,
        src.value or src.count or "the numerator over the denominator",
        indicator.negative_allowed,
        indicator.over_100_allowed,
    )
    return canonical_rows(frame, path, indicator.id, values, symbols, smallest, provisional=False)


def canonical_rows(
    frame: pd.DataFrame,
    path: Path,
    indicator: str | pd.Series,
    values: pd.Series,
    symbols: pd.Series,
    smallest: pd.Series,
    *,
    provisional: bool,
) -> pd.DataFrame:
    """The canonical table's rows for `frame`'s rows (read from `path`, published or the council's own):
    each area and period with its figure (none where a symbol stands in its place), the smallest count
    of children it rests on, and the day it describes where the file's reader found one."""
    return pd.DataFrame(
        {
            "indicator": indicator,
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
            "provisional": provisional,
            "smallest_count": smallest,
            "quarter": frame["quarter"].astype(int),
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


def check_range(
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
