"""Performance headlines: each indicator classified as a highlight, an area for targeted
activity, or neither, by explicit rules an edition can tune; and a drafted sentence for each.

The rules, in order, for an indicator where higher or lower is better:
  1. an area for targeted activity if it is worse than the comparator, or it worsened on last
     year by more than `worsening_tolerance` per cent of last year's figure;
  2. a highlight if it is better than the comparator and did not worsen on last year;
  3. otherwise neither.
A contextual indicator (where neither direction is better) is never a headline. Comparisons are
made at the precision the figures are printed. No claim of statistical significance is made.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from sefbook.analysis.compare import PerformanceRow, compared_with
from sefbook.render.formatting import format_value
from sefbook.inputs.registry import Polarity

Comparator = Literal["neighbours_mean", "neighbours_median", "region", "england"]
Classification = Literal["highlight", "targeted", "neither", "context", "not known"]

CLASSIFICATIONS: dict[str, tuple[str, str]] = {  # -> (symbol, words): never colour alone
    "highlight": ("★", "Highlight"),
    "targeted": ("⚑", "Area for targeted activity"),
    "neither": ("–", "Neither"),
    "context": ("◆", "Context"),
    "not known": ("?", "Not known"),
}


class HeadlineRules(BaseModel):
    """The `headlines:` block of sef.yml (every key optional)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    compare_with: Comparator = "neighbours_mean"
    worsening_tolerance: float = Field(default=5.0, ge=0)  # per cent of last year's figure


def comparator_value(row: PerformanceRow, rules: HeadlineRules) -> float:
    return getattr(row, rules.compare_with)


def comparator_words(rules: HeadlineRules, region_name: str) -> str:
    return {
        "neighbours_mean": "the statistical neighbour average",
        "neighbours_median": "the statistical neighbour median",
        "region": f"the {region_name} figure",
        "england": "the England figure",
    }[rules.compare_with]


def classify(row: PerformanceRow, rules: HeadlineRules) -> Classification:
    indicator = row.indicator
    if indicator.polarity is Polarity.contextual:
        return "context"
    versus = compared_with(indicator, row.latest, comparator_value(row, rules))
    if versus == "not known":
        return "not known"
    worsened = row.direction == "worse"
    beyond_tolerance = worsened and abs(row.latest - row.previous) > rules.worsening_tolerance / 100 * abs(row.previous)
    if versus == "worse" or beyond_tolerance:
        return "targeted"
    if versus == "better" and not worsened:
        return "highlight"
    return "neither"


def sentence(row: PerformanceRow, rules: HeadlineRules, region_name: str) -> str:
    """For example: 'Re-referrals within 12 months fell from 18.2% to 16.8%, below the
    statistical neighbour average of 20.1%.' Figures are rounded as the report prints them."""
    ind = row.indicator
    latest = format_value(ind, row.latest, row.latest_symbol)
    if math.isnan(row.latest):
        return f"{ind.title}: no published figure for {row.period} ({latest})."
    if row.direction == "no change":
        text = f"{ind.title} stayed at {latest}"
    elif not math.isnan(row.previous):
        verb = "rose" if row.latest > row.previous else "fell"
        text = f"{ind.title} {verb} from {format_value(ind, row.previous)} to {latest}"
    else:
        text = f"{ind.title} stood at {latest} in {row.period}"
    other = comparator_value(row, rules)
    if not math.isnan(other):
        diff = round(row.latest, ind.decimals) - round(other, ind.decimals)
        relation = "in line with" if abs(diff) < 10 ** -(ind.decimals + 3) else "above" if diff > 0 else "below"
        text += f", {relation} {comparator_words(rules, region_name)} of {format_value(ind, other)}"
    return text + "."
