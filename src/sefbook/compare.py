"""Comparisons over the canonical table: the council against its statistical neighbours, its
region and England, over time. Pure functions: canonical rows in, plain tables out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .registry import Indicator, Polarity


@dataclass(frozen=True)
class Place:
    """Who the council is and whom it is compared with, as codes in the canonical table."""

    la_code: str  # new 9-character code
    la_name: str
    region_code: str
    region_name: str
    neighbour_codes: tuple[str, ...]  # new codes of the statistical neighbours
    england_code: str = "E92000001"


def comparator_series(table: pd.DataFrame, indicator_id: str, place: Place) -> pd.DataFrame:
    """One row per period: the council's value and symbol, the neighbours' mean (and how many
    neighbours had a number), the region and England. Suppressed values never enter a mean."""
    rows = table[table["indicator"] == indicator_id]
    periods = sorted(rows["time_period"].unique())
    by_area = rows.set_index(["area_code", "time_period"])

    def pick(code: str, column: str) -> list:
        return [by_area[column].get((code, p), float("nan") if column == "value" else "x") for p in periods]

    neighbours = rows[rows["area_code"].isin(place.neighbour_codes)]
    sn = neighbours.groupby("time_period")["value"].agg(["mean", "count"]).reindex(periods)
    return pd.DataFrame({
        "council": pick(place.la_code, "value"),
        "council_symbol": pick(place.la_code, "symbol"),
        "neighbours_mean": sn["mean"].to_numpy(),
        "neighbours_count": sn["count"].fillna(0).astype(int).to_numpy(),
        "region": pick(place.region_code, "value"),
        "england": pick(place.england_code, "value"),
    }, index=pd.Index(periods, name="time_period"))


def direction(indicator: Indicator, latest: float, previous: float) -> str:
    """Which way the council moved on the year, judged by the indicator's polarity, at the
    precision the figure is shown: 'better', 'worse', 'no change', 'contextual' or 'not known'."""
    if math.isnan(latest) or math.isnan(previous):
        return "not known"
    change = round(latest, indicator.decimals) - round(previous, indicator.decimals)
    if abs(change) < 10 ** -(indicator.decimals + 3):
        return "no change"
    if indicator.polarity is Polarity.contextual:
        return "contextual"
    up_is_good = indicator.polarity is Polarity.higher_better
    return "better" if (change > 0) == up_is_good else "worse"


@dataclass(frozen=True)
class PerformanceRow:
    indicator: Indicator
    period: int | None
    latest: float
    latest_symbol: str
    previous: float
    previous_symbol: str
    neighbours_mean: float
    neighbours_count: int
    region: float
    england: float
    direction: str


def performance_row(table: pd.DataFrame, indicator: Indicator, place: Place) -> PerformanceRow:
    series = comparator_series(table, indicator.id, place)
    nan = float("nan")
    if series.empty:
        return PerformanceRow(indicator, None, nan, "x", nan, "x", nan, 0, nan, nan, "not known")
    latest = series.iloc[-1]
    previous = series.iloc[-2] if len(series) > 1 else None
    prev_value = previous["council"] if previous is not None else nan
    return PerformanceRow(
        indicator=indicator,
        period=int(series.index[-1]),
        latest=latest["council"],
        latest_symbol=latest["council_symbol"],
        previous=prev_value,
        previous_symbol=previous["council_symbol"] if previous is not None else "x",
        neighbours_mean=latest["neighbours_mean"],
        neighbours_count=int(latest["neighbours_count"]),
        region=latest["region"],
        england=latest["england"],
        direction=direction(indicator, latest["council"], prev_value),
    )
