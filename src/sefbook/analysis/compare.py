"""Comparisons over the canonical table: the council against its statistical neighbours, its
region and England, over time, and its rank among all councils with a figure.
Pure functions: canonical rows in, plain tables out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from sefbook.inputs.load import Place
from sefbook.inputs.registry import Indicator, Polarity

NAN = float("nan")


class Comparison(StrEnum):
    """A figure against another, at the precision both are printed."""

    better = "better"
    worse = "worse"
    same = "same"
    higher = "higher"  # for a contextual indicator, where neither way is better
    lower = "lower"
    not_known = "not known"  # either figure is missing


class Direction(StrEnum):
    """Which way the council moved since an earlier period, judged by the indicator's polarity."""

    better = "better"
    worse = "worse"
    no_change = "no change"
    contextual = "contextual"  # it moved, but neither way is better
    not_known = "not known"


def _ranks(rows: pd.DataFrame, polarity: Polarity) -> pd.DataFrame:
    """Rank of each council within each period, 1 = best (or highest, for a contextual indicator).

    Only councils with a number take part: a suppressed figure has no rank. Ties share the
    better rank. Quartile 1 is the best quarter (councils ranked in the top 25%)."""
    las = rows[(rows["geographic_level"] == "Local authority") & rows["value"].notna()]
    ascending = polarity is Polarity.lower_better
    rank = las.groupby("time_period")["value"].rank(method="min", ascending=ascending)
    of = las.groupby("time_period")["value"].transform("count")
    quartile = ((rank - 1) * 4 // of + 1).clip(upper=4)
    return pd.DataFrame({"area_code": las["area_code"], "time_period": las["time_period"],
                         "rank": rank, "rank_of": of, "quartile": quartile})


def comparator_series(table: pd.DataFrame, indicator: Indicator | str, place: Place) -> pd.DataFrame:
    """One row per period: the council's value, symbol and source row; its neighbours' mean and
    median (suppressed values never enter them) and how many neighbours had a number; region;
    England; and the council's rank, out of how many, and quartile."""
    indicator_id = indicator if isinstance(indicator, str) else indicator.id
    polarity = Polarity.contextual if isinstance(indicator, str) else indicator.polarity
    ranked = isinstance(indicator, str) or indicator.ranked  # no rank for a size or a national series
    rows = table[table["indicator"] == indicator_id]
    periods = sorted(rows["time_period"].unique())
    by_area = rows.set_index(["area_code", "time_period"])

    def pick(code: str, column: str, missing: object) -> list:
        return [by_area[column].get((code, p), missing) for p in periods]

    neighbours = rows[rows["area_code"].isin(place.neighbour_codes)]
    sn = neighbours.groupby("time_period")["value"].agg(["mean", "median", "count"]).reindex(periods)
    ranks = _ranks(rows if ranked else rows.iloc[:0], polarity)
    ours = ranks[ranks["area_code"] == place.la_code].set_index("time_period").reindex(periods)
    return pd.DataFrame({
        "council": pick(place.la_code, "value", NAN),
        "council_symbol": pick(place.la_code, "symbol", "x"),
        "provisional": [bool(v) for v in pick(place.la_code, "provisional", False)],
        "quarter": [int(v) for v in pick(place.la_code, "quarter", 0)],
        "source_file": pick(place.la_code, "source_file", ""),
        "source_row": pick(place.la_code, "source_row", 0),
        "neighbours_mean": sn["mean"].to_numpy(),
        "neighbours_median": sn["median"].to_numpy(),
        "neighbours_count": sn["count"].fillna(0).astype(int).to_numpy(),
        "region": pick(place.region_code, "value", NAN),
        "england": pick(place.england_code, "value", NAN),
        "rank": ours["rank"].to_numpy(),
        "rank_of": ours["rank_of"].to_numpy(),
        "quartile": ours["quartile"].to_numpy(),
    }, index=pd.Index(periods, name="time_period"))


_DIRECTION_OF = {Comparison.same: Direction.no_change, Comparison.higher: Direction.contextual,
                 Comparison.lower: Direction.contextual, Comparison.better: Direction.better,
                 Comparison.worse: Direction.worse, Comparison.not_known: Direction.not_known}


def direction(indicator: Indicator, latest: float, previous: float) -> Direction:
    """Which way the council moved, judged by the indicator's polarity, at the precision the
    figure is shown."""
    return _DIRECTION_OF[compared_with(indicator, latest, previous)]


def compared_with(indicator: Indicator, value: float, other: float) -> Comparison:
    """Better, worse or the same as another figure at the shown precision (higher or lower for
    a contextual indicator; not known when either is missing)."""
    if math.isnan(value) or math.isnan(other):
        return Comparison.not_known
    diff = round(value, indicator.decimals) - round(other, indicator.decimals)
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


def performance_row(table: pd.DataFrame, indicator: Indicator, place: Place) -> PerformanceRow:
    series = comparator_series(table, indicator, place)
    if series.empty:
        return PerformanceRow(indicator, None, NAN, "x", NAN, "x", NAN, NAN, 0, NAN, NAN, Direction.not_known,
                              Direction.not_known, NAN, NAN, NAN, "", 0)
    latest = series.iloc[-1]
    previous = series.iloc[-2] if len(series) > 1 else None
    earlier = series.iloc[-3] if len(series) > 2 else None
    prev_value = previous["council"] if previous is not None else NAN
    return PerformanceRow(
        indicator=indicator,
        period=int(series.index[-1]),
        latest=latest["council"],
        latest_symbol=latest["council_symbol"],
        previous=prev_value,
        previous_symbol=previous["council_symbol"] if previous is not None else "x",
        neighbours_mean=latest["neighbours_mean"],
        neighbours_median=latest["neighbours_median"],
        neighbours_count=int(latest["neighbours_count"]),
        region=latest["region"],
        england=latest["england"],
        direction=direction(indicator, latest["council"], prev_value),
        three_year_direction=direction(indicator, latest["council"], earlier["council"] if earlier is not None else NAN),
        rank=latest["rank"],
        rank_of=latest["rank_of"],
        quartile=latest["quartile"],
        source_file=latest["source_file"],
        source_row=int(latest["source_row"]),
        provisional=bool(latest["provisional"]),
        quarter=int(latest["quarter"]),
    )


def neighbour_ranking(table: pd.DataFrame, indicator: Indicator, place: Place, period: int) -> pd.DataFrame:
    """The council and its statistical neighbours in one period, best first by the indicator's
    polarity (highest first for a contextual one); those without a number come last, with their
    symbol."""
    rows = table[(table["indicator"] == indicator.id) & (table["time_period"] == period)
                 & table["area_code"].isin((place.la_code, *place.neighbour_codes))]
    frame = pd.DataFrame({"area_name": rows["area_name"], "value": rows["value"], "symbol": rows["symbol"],
                          "is_council": rows["area_code"] == place.la_code})
    ascending = indicator.polarity is Polarity.lower_better
    return frame.sort_values("value", ascending=ascending, na_position="last").reset_index(drop=True)
