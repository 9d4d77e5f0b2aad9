"""Judgements in words: the symbol and words for each direction and headline (the word carries
the meaning, never colour alone), and headline sentences drafted from the figures."""

from __future__ import annotations

import math
import re

from sefbook.analysis.compare import Direction, PerformanceRow
from sefbook.analysis.headlines import Headline, comparator_value
from sefbook.inputs.edition.config import HeadlineRules
from sefbook.inputs.published.registry import Indicator, Registry
from sefbook.inputs.published.rounding import half_up
from sefbook.render.formatting import GOOD_WORDS, date_in_words, format_latest, format_value, period_label

# Direction is a move on the year, in verbs: "Better" beside "Area for targeted activity" read as
# better than the neighbours; "Improved" beside it says the figure moved the right way but is still behind.
DIRECTIONS: dict[Direction, tuple[str, str]] = {  # -> (symbol, words)
    Direction.better: ("▲", "Improved"),
    Direction.worse: ("▼", "Worsened"),
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
    latest = format_latest(ind, row.latest, row.latest_symbol, row.provisional)
    if math.isnan(row.latest):
        return f"{ind.title}: no published figure for {row.period} ({latest})."
    if ind.unit == "grade":
        return judgement_sentence(row)
    # with its years when they are known: "fell from 18.2% in 2024 to 16.8% in 2025"
    then = f" in {row.previous_period}" if row.previous_period is not None else ""
    now = (
        f" in {period_label(row.period, row.quarter)}"
        if row.previous_period is not None and row.period is not None
        else ""
    )
    if row.direction == Direction.no_change:
        text = f"{ind.title} stayed at {latest}{now}"
    elif not math.isnan(row.previous):
        verb = "rose" if row.latest > row.previous else "fell"
        text = f"{ind.title} {verb} from {format_value(ind, row.previous)}{then} to {latest}{now}"
    else:
        text = f"{ind.title} stood at {latest} in {row.period}"
    other = comparator_value(row, rules)
    if not math.isnan(other):
        diff = half_up(row.latest, ind.decimals) - half_up(other, ind.decimals)
        relation = "in line with" if abs(diff) < 10 ** -(ind.decimals + 3) else "above" if diff > 0 else "below"
        text += f", {relation} {comparator_words(rules, region_name)} of {format_value(ind, other)}"
        if row.comparators_period is not None:  # the council's own figure is newer than any publication
            text += f" (the latest published, for {period_label(row.comparators_period, 0)})"
    return text + "."


def judgement_sentence(row: PerformanceRow) -> str:
    """An Ofsted judgement in words, beside its neighbours' judgements, never a number: 'Ofsted
    grade: children in care: judged Good in March 2023; 7 of the 10 neighbours judged good or better.'"""
    latest = format_value(row.indicator, row.latest, row.latest_symbol)
    when = f"in {date_in_words(row.date, day=False)}" if row.date else "at its latest inspection"
    text = f"{row.indicator.title}: judged {latest} {when}"
    if row.neighbours_count:
        text += f"; {row.neighbours_good} of the {row.neighbours_count} neighbours judged {GOOD_WORDS}"
    return text + "."


def how_computed(indicator: Indicator, registry: Registry) -> str:
    """Whether the figure is the publisher's own or computed by sefbook, and from what: so an
    inspector can check it against the publication."""
    src = indicator.source
    if src is None and indicator.computed_from:
        return (
            f"Computed by sefbook from the council's own returns ({' or '.join(indicator.computed_from)}); "
            "not published for each council."
        )
    if src is None:
        return "The council's own figure, from its local figures file; not published."

    def columns(operand) -> str:
        names = " + ".join(operand.columns)
        return (
            names
            + (f" ({', '.join(f'{k} {v}' for k, v in operand.filters.items())})" if operand.filters else "")
            + (f" from {' or '.join(operand.file)}" if operand.file else "")
        )

    summed = [f"{k}: {' + '.join(v)}" for k, v in src.filters.items() if isinstance(v, list)]
    parts = []
    if src.value is not None:
        parts.append(f"As published (column {src.value})")
    elif src.numerator is not None:
        scale = f" × {src.scale:g}" if src.scale != 1 else ""
        parts.append(f"Computed by sefbook: {columns(src.numerator)} divided by {columns(src.denominator)}{scale}")
    elif src.population is not None:  # a count per head of a population (the source's third form)
        population = registry.populations[src.population]
        year = src.population_year(population)
        offset = {
            0: "the same year's estimate (the year before's until the same year's is published)",
            -1: "the year before",
        }.get(year, f"{year:+d} years")
        who = re.sub(r"^(.*)_(\d+)_(\d+)$", r"\1 aged \2 to \3", src.population).replace("_", " ")
        parts.append(
            f"Computed by sefbook: {src.count} per {src.per:,} {who} "
            f"({population.value} in {' or '.join(population.file)}, {offset})"
        )
    if summed:
        parts.append("summing " + "; ".join(summed) + " (a suppressed part suppresses the sum)")
    if src.complement:
        parts.append("shown as 100 minus the published share")
    return ", ".join(parts) + "."
