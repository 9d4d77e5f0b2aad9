"""Comparisons over the canonical table: the council against its statistical neighbours, its
region and England, over time, and its rank among all councils with a figure.
Pure functions: canonical rows in, plain tables out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

import numpy as np
import pandas as pd

from sefbook.domain import Place
from sefbook.inputs.published.registry import Indicator, Polarity
from sefbook.inputs.published.rounding import half_up

NAN = float("nan")


class Comparison(StrEnum):
    """A figure against another, at the precision both are printed."""

    better = "better"
    worse = "worse"
    same = "same"
    higher = "higher"  # for a contextual indicator, where neither way is better
    lower = "lower"  # type: ignore[assignment]  # the word the report prints; hides str.lower on this member alone
    not_known = "not known"  # either figure is missing


class Direction(StrEnum):
    """Which way the council moved since an earlier period, judged by the indicator's polarity."""

    better = "better"
    worse = "worse"
    no_change = "no change"
    contextual = "contextual"  # it moved, but neither way is better
    not_known = "not known"


KEY = ["indicator", "time_period"]
# A rank among fewer councils says little (and a quartile of a handful nothing): below this many
# councils with a figure, no rank is given.
MIN_COUNCILS_RANKED = 10
# An Ofsted judgement (unit "grade", 1 Outstanding to 4 Inadequate) is a category: never averaged,
# spread or ranked. Comparators are counted instead: how many councils were judged good or better.
GOOD_OR_BETTER = 2
_COUNCIL = {
    "value": ("council", NAN),
    "symbol": ("council_symbol", "x"),
    "provisional": ("provisional", False),
    "quarter": ("quarter", 0),
    "source_file": ("source_file", ""),
    "source_row": ("source_row", 0),
    "date": ("date", ""),
}


@dataclass(frozen=True)
class TableRows:
    """What comparing any council reads of a table for some indicators, worked out once per table
    and indicators (every pack from one reading shares it): their rows, every indicator and period
    they hold, each area's rows and ranks by position, and the councils' judgements counted."""

    rows: pd.DataFrame
    index: pd.MultiIndex  # (indicator, time_period), sorted
    of_area: dict[str, np.ndarray]  # area code -> positions of its rows in `rows`, in their order
    ranks: pd.DataFrame  # council_ranks of the rows
    ranks_of_area: dict[str, np.ndarray]  # area code -> positions of its ranks
    judged: pd.DataFrame  # each council's judgement (a grade indicator): good (or better) and judged


def table_rows(table: pd.DataFrame, indicators: Iterable[Indicator | str]) -> TableRows:
    indicators = list(indicators)
    ids = [i if isinstance(i, str) else i.id for i in indicators]
    rows = table[table["indicator"].isin(ids)]
    if "date" not in rows.columns:  # a table made before dates were read: no figure has one
        rows = rows.assign(date="")
    ranks = council_ranks(rows, indicators)
    grades = [i.id for i in indicators if not isinstance(i, str) and i.unit == "grade"]
    judged = rows[
        (rows["geographic_level"] == "Local authority") & rows["value"].notna() & rows["indicator"].isin(grades)
    ].drop_duplicates(KEY + ["area_code"], keep="last")
    return TableRows(
        rows=rows,
        index=pd.MultiIndex.from_frame(rows[KEY].drop_duplicates().sort_values(KEY)),
        of_area=_positions(rows["area_code"]),
        ranks=ranks,
        ranks_of_area=_positions(ranks["area_code"]),
        judged=judged.assign(good=(judged["value"] <= GOOD_OR_BETTER).astype(int), judged=1),
    )


def _positions(codes: pd.Series) -> dict[str, np.ndarray]:
    return {str(code): np.asarray(at) for code, at in codes.groupby(codes.to_numpy(), sort=False).indices.items()}


def comparison_table(
    table: pd.DataFrame,
    place: Place,
    indicators: Iterable[Indicator | str],
    *,
    min_councils_ranked: int = MIN_COUNCILS_RANKED,
    rows: TableRows | None = None,
) -> pd.DataFrame:
    """Every comparison for one council in one vectorised pass over the canonical table: one row
    per indicator and period (index `indicator`, `time_period`) with the council's value, symbol
    and source row; its neighbours' mean and median (suppressed values never enter them) and how
    many neighbours had a number; region; England; and the council's rank, out of how many, and
    quartile (when at least `min_councils_ranked` councils have a figure). Computed once per
    report and read by every table, chart and headline.

    An indicator given by id alone is ranked highest first. `rows`: what any council's comparisons
    read of this table for these indicators (`table_rows`), when worked out already."""
    indicators = list(indicators)
    rows = table_rows(table, indicators) if rows is None else rows
    index, nothing = rows.index, np.array([], dtype=np.intp)

    def of(areas: Iterable[str]) -> pd.DataFrame:
        found = [rows.of_area.get(code, nothing) for code in areas]
        return rows.rows.iloc[np.sort(np.concatenate(found)) if found else nothing]

    def area(code: str, columns: list[str]) -> pd.DataFrame:
        found = of([code]).drop_duplicates(KEY, keep="last").set_index(KEY)
        return found[columns].reindex(index)

    ours = area(place.la_code, list(_COUNCIL))
    result = pd.DataFrame(index=index)
    for column, (name, missing) in _COUNCIL.items():
        values = ours[column].astype(object).where(ours[column].notna(), missing)
        result[name] = values.astype(type(missing)) if not isinstance(missing, str) else values
    result["provisional"] = result["provisional"].astype(bool)
    neighbours = of(dict.fromkeys(place.neighbour_codes)).groupby(KEY)["value"]
    stats = neighbours.agg(["mean", "median", "count", "std"]).reindex(index)
    result["neighbours_mean"] = stats["mean"]
    result["neighbours_median"] = stats["median"]
    result["neighbours_spread"] = stats["std"]  # their standard deviation: the scale a gap is judged on
    result["neighbours_count"] = stats["count"].fillna(0).astype(int)
    result["region"] = area(place.region_code, ["value"])["value"]
    result["england"] = area(place.england_code, ["value"])["value"]
    ours_ranked = rows.ranks.iloc[rows.ranks_of_area.get(place.la_code, nothing)]
    for column in ("rank", "rank_of", "quartile"):
        result[column] = ours_ranked[column].reindex(index).astype(float)
    too_few = result["rank_of"] < min_councils_ranked  # rank_of stays: the note says how many there were
    result.loc[too_few, ["rank", "quartile"]] = NAN
    grades = [i.id for i in indicators if not isinstance(i, str) and i.unit == "grade"]
    graded = result.index.get_level_values("indicator").isin(grades)
    result.loc[
        graded,
        [
            "neighbours_mean",
            "neighbours_median",
            "neighbours_spread",
            "region",
            "england",
            "rank",
            "rank_of",
            "quartile",
        ],
    ] = NAN
    councils = rows.judged
    regions = councils["region_code"] if "region_code" in councils.columns else pd.Series("", index=councils.index)
    for name, who in (
        ("neighbours", councils["area_code"].isin(place.neighbour_codes)),
        ("region", regions == place.region_code),
        ("england", councils["area_code"].notna()),
    ):
        counted = councils[who].groupby(KEY)[["good", "judged"]].sum().reindex(index).fillna(0).astype(int)
        result[f"{name}_good"] = counted["good"]
        if name != "neighbours":  # the neighbours judged are neighbours_count
            result[f"{name}_judged"] = counted["judged"]
    return result


def council_ranks(rows: pd.DataFrame, indicators: list[Indicator | str]) -> pd.DataFrame:
    """Rank of each council within each indicator and period, 1 = best (or highest, for a
    contextual indicator), for the indicators a rank means something for.

    Only councils with a number take part: a suppressed figure has no rank. Ties share the
    better rank. Quartile 1 is the best quarter (councils ranked in the top 25%)."""
    ranked = {
        i if isinstance(i, str) else i.id for i in indicators if isinstance(i, str) or (i.ranked and i.unit != "grade")
    }  # a judgement is never ranked
    lower_better = {i.id for i in indicators if not isinstance(i, str) and i.polarity is Polarity.lower_better}
    las = rows[(rows["geographic_level"] == "Local authority") & rows["value"].notna() & rows["indicator"].isin(ranked)]
    groups = las.groupby(KEY)["value"]
    rank = groups.rank(method="min", ascending=True).where(
        las["indicator"].isin(lower_better), groups.rank(method="min", ascending=False)
    )
    of = groups.transform("count")
    quartile = ((rank - 1) * 4 // of + 1).clip(upper=4)
    frame = pd.DataFrame(
        {
            "indicator": las["indicator"],
            "time_period": las["time_period"],
            "area_code": las["area_code"],
            "rank": rank,
            "rank_of": of,
            "quartile": quartile,
        }
    )
    return frame.drop_duplicates(KEY + ["area_code"], keep="last").set_index(KEY)


def comparator_series(
    table: pd.DataFrame,
    indicator: Indicator | str,
    place: Place,
    comparisons: pd.DataFrame | None = None,
    *,
    min_councils_ranked: int = MIN_COUNCILS_RANKED,
) -> pd.DataFrame:
    """One indicator's rows of the comparison table (one row per period), from `comparisons`
    when the report has computed them already, otherwise computed for this indicator alone."""
    indicator_id = indicator if isinstance(indicator, str) else indicator.id
    if comparisons is None:
        comparisons = comparison_table(table, place, [indicator], min_councils_ranked=min_councils_ranked)
    if indicator_id not in comparisons.index.get_level_values("indicator"):
        return comparisons.iloc[:0].droplevel("indicator")
    # one level of a DataFrame's MultiIndex taken out leaves a DataFrame (a Series only from a Series)
    return cast(pd.DataFrame, comparisons.xs(indicator_id, level="indicator"))


_DIRECTION_OF = {
    Comparison.same: Direction.no_change,
    Comparison.higher: Direction.contextual,
    Comparison.lower: Direction.contextual,
    Comparison.better: Direction.better,
    Comparison.worse: Direction.worse,
    Comparison.not_known: Direction.not_known,
}


def direction(indicator: Indicator, latest: float, previous: float) -> Direction:
    """Which way the council moved, judged by the indicator's polarity, at the precision the
    figure is shown."""
    return _DIRECTION_OF[compared_with(indicator, latest, previous)]


def compared_with(indicator: Indicator, value: float, other: float) -> Comparison:
    """Better, worse or the same as another figure at the shown precision (higher or lower for
    a contextual indicator; not known when either is missing)."""
    if math.isnan(value) or math.isnan(other):
        return Comparison.not_known
    diff = half_up(value, indicator.decimals) - half_up(other, indicator.decimals)
    if abs(diff) < 10 ** -(indicator.decimals + 3):
        return Comparison.same
    if indicator.polarity is Polarity.contextual:
        return Comparison.higher if diff > 0 else Comparison.lower
    return Comparison.better if (diff > 0) == (indicator.polarity is Polarity.higher_better) else Comparison.worse


@dataclass(frozen=True)
class PerformanceRow:
    indicator: Indicator
    period: int | None
    latest: float
    latest_symbol: str
    previous: float
    previous_symbol: str
    neighbours_mean: float
    neighbours_median: float
    neighbours_count: int
    region: float
    england: float
    direction: Direction  # on the previous year
    three_year_direction: Direction  # latest against two periods before (a three-year window)
    rank: float
    rank_of: float
    quartile: float
    source_file: str
    source_row: int
    provisional: bool = False  # the latest figure is the council's own, not yet published
    quarter: int = 0  # the latest figure is for this quarter of its reporting year (0: the whole year)
    neighbours_spread: float = NAN  # the neighbours' standard deviation in the latest period
    previous_period: int | None = None  # the period `previous` is for
    # A provisional figure (the council's own, newer than any publication) is compared with the
    # newest period that has published comparators: this is that period (None: its own period).
    comparators_period: int | None = None
    # Ofsted judgements (unit "grade"): the day of the inspection (ISO text; "" if unknown) and the
    # councils judged good or better (neighbours out of neighbours_count, region and England out of *_judged)
    date: str = ""
    neighbours_good: int = 0
    region_good: int = 0
    region_judged: int = 0
    england_good: int = 0
    england_judged: int = 0


def performance_row(
    table: pd.DataFrame, indicator: Indicator, place: Place, comparisons: pd.DataFrame | None = None
) -> PerformanceRow:
    return performance_row_of(indicator, periods_of(comparator_series(table, indicator, place, comparisons)))


@dataclass(frozen=True)
class Periods:
    """One indicator's comparisons (comparator_series) as plain columns, oldest period first: a
    row taken out of a DataFrame at a time costs more than the whole row's work."""

    periods: list[int]
    columns: dict[str, np.ndarray]

    def row(self, at: int) -> dict[str, Any]:
        return {name: values[at] for name, values in self.columns.items()}


def periods_of(series: pd.DataFrame) -> Periods:
    return Periods([int(p) for p in series.index], {name: series[name].to_numpy() for name in series.columns})


def periods_by_indicator(comparisons: pd.DataFrame) -> dict[str, Periods]:
    """Every indicator's Periods from a comparison table (sorted by indicator and period), split once."""
    ids = comparisons.index.get_level_values("indicator").to_numpy()
    periods = comparisons.index.get_level_values("time_period").to_numpy()
    columns = {name: comparisons[name].to_numpy() for name in comparisons.columns}
    return {
        str(indicator): Periods([int(p) for p in periods[at]], {name: values[at] for name, values in columns.items()})
        for indicator, at in pd.Series(ids).groupby(ids, sort=False).indices.items()
    }


def performance_row_of(indicator: Indicator, series: Periods) -> PerformanceRow:
    """The performance row of one indicator's comparisons."""
    if not series.periods:
        return PerformanceRow(
            indicator,
            None,
            NAN,
            "x",
            NAN,
            "x",
            NAN,
            NAN,
            0,
            NAN,
            NAN,
            Direction.not_known,
            Direction.not_known,
            NAN,
            NAN,
            NAN,
            "",
            0,
        )
    periods, count = series.periods, len(series.periods)
    latest = series.row(-1)
    previous = series.row(-2) if count > 1 else None
    earlier = series.row(-3) if count > 2 else None
    prev_value = previous["council"] if previous is not None else NAN
    comparators, comparators_period = latest, None
    if bool(latest["provisional"]) and not _has_comparators(latest):
        published = [at for at in range(count - 1) if _has_comparators(series.row(at))]
        if published:
            comparators, comparators_period = series.row(published[-1]), periods[published[-1]]
    return PerformanceRow(
        indicator=indicator,
        period=periods[-1],
        latest=latest["council"],
        latest_symbol=latest["council_symbol"],
        previous=prev_value,
        previous_symbol=previous["council_symbol"] if previous is not None else "x",
        neighbours_mean=comparators["neighbours_mean"],
        neighbours_median=comparators["neighbours_median"],
        neighbours_count=int(comparators["neighbours_count"]),
        region=comparators["region"],
        england=comparators["england"],
        direction=direction(indicator, latest["council"], prev_value),
        three_year_direction=direction(
            indicator, latest["council"], earlier["council"] if earlier is not None else NAN
        ),
        rank=latest["rank"],
        rank_of=latest["rank_of"],
        quartile=latest["quartile"],
        source_file=latest["source_file"],
        source_row=int(latest["source_row"]),
        provisional=bool(latest["provisional"]),
        quarter=int(latest["quarter"]),
        neighbours_spread=comparators["neighbours_spread"],
        previous_period=periods[-2] if previous is not None else None,
        comparators_period=comparators_period,
        date=str(latest["date"]),
        neighbours_good=int(comparators["neighbours_good"]),
        region_good=int(comparators["region_good"]),
        region_judged=int(comparators["region_judged"]),
        england_good=int(comparators["england_good"]),
        england_judged=int(comparators["england_judged"]),
    )


def _has_comparators(row: Mapping[Any, Any]) -> bool:
    """Whether a period has any published figure to compare with (neighbours, region or England)."""
    return row["neighbours_count"] > 0 or not math.isnan(row["region"]) or not math.isnan(row["england"])


def neighbour_ranking(table: pd.DataFrame, indicator: Indicator, place: Place, period: int) -> pd.DataFrame:
    """The council and its statistical neighbours in one period, best first by the indicator's
    polarity (highest first for a contextual one); those without a number come last, with their
    symbol."""
    rows = table[
        (table["indicator"] == indicator.id)
        & (table["time_period"] == period)
        & table["area_code"].isin((place.la_code, *place.neighbour_codes))
    ]
    frame = pd.DataFrame(
        {
            "area_name": rows["area_name"],
            "value": rows["value"],
            "symbol": rows["symbol"],
            "is_council": rows["area_code"] == place.la_code,
        }
    )
    ascending = indicator.polarity is Polarity.lower_better
    return frame.sort_values("value", ascending=ascending, na_position="last").reset_index(drop=True)
