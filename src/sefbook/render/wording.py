"""Judgements in words: the symbol and words for each direction and headline (the word carries
the meaning, never colour alone), and headline sentences drafted from the figures."""

from __future__ import annotations

import math

from sefbook.analysis.compare import Direction, PerformanceRow
from sefbook.analysis.headlines import Headline, comparator_value
from sefbook.inputs.edition import HeadlineRules
from sefbook.render.formatting import format_value

DIRECTIONS: dict[Direction, tuple[str, str]] = {  # -> (symbol, words)
    Direction.better: ("▲", "Better"),
    Direction.worse: ("▼", "Worse"),
    Direction.no_change: ("●", "No change"),
    Direction.contextual: ("◆", "Changed (contextual)"),
    Direction.not_known: ("–", "Not known"),
}

HEADLINES: dict[Headline, tuple[str, str]] = {  # -> (symbol, words)
    Headline.highlight: ("★", "Highlight"),
    Headline.targeted: ("⚑", "Area for targeted activity"),
    Headline.neither: ("–", "Neither"),
    Headline.context: ("◆", "Context"),
    Headline.not_known: ("?", "Not known"),
}


def comparator_words(rules: HeadlineRules, region_name: str) -> str:
    return {
        "neighbours_mean": "the statistical neighbour average",
        "neighbours_median": "the statistical neighbour median",
        "region": f"the {region_name} figure",
        "england": "the England figure",
    }[rules.compare_with]


def sentence(row: PerformanceRow, rules: HeadlineRules, region_name: str) -> str:
    """For example: 'Re-referrals within 12 months fell from 18.2% to 16.8%, below the
    statistical neighbour average of 20.1%.' Figures are rounded as the report prints them."""
    ind = row.indicator
    latest = format_value(ind, row.latest, row.latest_symbol)
    if math.isnan(row.latest):
        return f"{ind.title}: no published figure for {row.period} ({latest})."
    if row.direction == Direction.no_change:
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
