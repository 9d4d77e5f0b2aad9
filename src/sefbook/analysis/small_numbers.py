"""Small numbers: a figure resting on fewer than `few_children` children (sef.yml, default 10) is
marked in its table, never ranked and never a headline: 0 of 32 re-referrals is 0%, best in
England, and says almost nothing.

What a figure rests on (its base) is the smallest count the table holds for it (`smallest_count`,
read with the figure by inputs/published/): for a share worked out from a numerator and a
denominator the smaller of the two (0 of 32 re-referrals rests on 0), for a rate from a count that
count, for a published percentage the counts its source lists as `suppression_counts` (the pupils
behind an absence rate). A workforce figure (turnover, agency, vacancies, caseload) rests on the
council's social workers in post (FTE) that year, its `sw_in_post_fte` row. No base is known, and
the figure is not marked, for a published percentage whose counts are not published beside it, an
Ofsted grade, a national series, and spending (its smallest count is in pounds, not children).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from sefbook.inputs.published.registry import Indicator

WORKFORCE_BASE = "sw_in_post_fte"  # the social workers a workforce figure is made of


def rests_on_workforce(indicator: Indicator) -> bool:
    return "workforce" in indicator.publication


def base_not_children(indicator: Indicator) -> bool:
    """Spending: its smallest count is an amount of money, no base of children."""
    return "revenue outturn" in indicator.publication


@dataclass(frozen=True)
class Base:
    count: float  # NaN: not known
    of_what: str  # "children" or "social workers in post (FTE)"


NO_BASE = Base(math.nan, "children")


def council_bases(table: pd.DataFrame, la_code: str) -> pd.Series:
    """The council's smallest count for each indicator and period (index indicator, time_period);
    for the social workers in post, their number itself."""
    ours = table[table["area_code"] == la_code].drop_duplicates(["indicator", "time_period"], keep="last")
    smallest = ours["smallest_count"] if "smallest_count" in ours.columns else pd.Series(math.nan, index=ours.index)
    counts = smallest.where(ours["indicator"] != WORKFORCE_BASE, ours["value"]).astype(float)
    return pd.Series(counts.to_numpy(), index=pd.MultiIndex.from_frame(ours[["indicator", "time_period"]]))


def base_of(bases: pd.Series, indicator: Indicator, period: int | None) -> Base:
    """What the council's figure for one period rests on (NO_BASE where it is not known)."""
    if period is None or base_not_children(indicator):
        return NO_BASE
    if rests_on_workforce(indicator):
        return Base(_looked_up(bases, WORKFORCE_BASE, period), "social workers in post (FTE)")
    return Base(_looked_up(bases, indicator.id, period), "children")


def _looked_up(bases: pd.Series, indicator_id: str, period: int) -> float:
    value = bases.get((indicator_id, period), math.nan)
    return float(value) if value is not None and not pd.isna(value) else math.nan


def few_reason(base: Base, few_children: int) -> str:
    """Why the figure is not ranked or headlined, in a few words ("" when its base is enough or not known)."""
    if math.isnan(base.count) or base.count >= few_children:
        return ""
    return f"rests on fewer than {few_children} {base.of_what}"
