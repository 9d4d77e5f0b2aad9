"""Performance headlines: each indicator classified as a highlight, an area for targeted
activity, or neither, by explicit rules an edition can tune (`headlines:` in sef.yml).

The rules, in order, for an indicator where higher or lower is better:
  1. an area for targeted activity if it is worse than the comparator, or it worsened on last
     year by more than `worsening_tolerance` per cent of last year's figure;
  2. a highlight if it is better than the comparator and did not worsen on last year;
  3. otherwise neither.
A contextual indicator (where neither direction is better) is never a headline, unless the
edition says which way it wants it to move (`wanted:`). Comparisons are made at the precision the
figures are printed.

The rank among all councils tempers both (quartile 1 = the best quarter, as compare.py ranks):
  - a figure in the best quartile of all councils is not an area for targeted activity, even
    when it is worse than the comparator or worsened: it is better than three councils in four
    (Leicester's three or more placements, 4th best of 150, is not an area);
  - a figure in the worst quartile is a highlight only when it is better than the comparator:
    a marked improvement that leaves it among the worst quarter is not one to be proud of yet.

Which headlines the page shows (analysis/assess.py, render/pages.py): an indicator's weight
(`importance`, the registry's, an edition may override it) comes first, then significance; a
background indicator (importance 3) is never a headline unless pinned, and a figure resting on
few children (analysis/small_numbers.py) never is.

When the neighbours' spread is known (their standard deviation), the rules know the scale: a gap
smaller than a quarter of the spread is "in line" (a caseload of 14.9 against 14.8 is not an
area), and an indicator that improved by a whole spread or more, without being clearly worse
than the comparator, is a highlight. Headlines are ranked by `significance`: how far from the
comparator, and how far it moved, in spreads. No claim of statistical significance is made. The
sentences that put a headline in words are drafted in render/wording.py.
"""

from __future__ import annotations

import math
from enum import StrEnum

from sefbook.analysis.compare import Comparison, PerformanceRow, compared_with
from sefbook.inputs.edition.config import HeadlineRules
from sefbook.inputs.published.registry import Indicator, Polarity


class Headline(StrEnum):
    highlight = "highlight"
    targeted = "targeted"  # an area for targeted activity
    neither = "neither"
    context = "context"  # a contextual indicator: never a headline
    not_known = "not known"  # no figure, or no comparator


def importance_of(indicator: Indicator, rules: HeadlineRules) -> int:
    """The indicator's weight in this edition: 1 key, 2 usual, 3 background."""
    return rules.importance.get(indicator.id, indicator.importance)


BEST_QUARTILE, WORST_QUARTILE = 1, 4


def comparator_value(row: PerformanceRow, rules: HeadlineRules) -> float:
    return getattr(row, rules.compare_with)


IN_LINE = 0.25  # a gap smaller than this many spreads is in line with the comparator
MARKED_MOVE = 1.0  # a move of this many spreads or more is marked


def polarity_of(row: PerformanceRow, rules: HeadlineRules) -> Polarity:
    """The indicator's polarity, or for a contextual one the direction the edition wants."""
    wanted = rules.wanted.get(row.indicator.id)
    if row.indicator.polarity is Polarity.contextual and wanted:
        return Polarity.higher_better if wanted == "higher" else Polarity.lower_better
    return row.indicator.polarity


def _better(polarity: Polarity, difference: float) -> float:
    """A difference signed so that positive is better."""
    return difference if polarity is Polarity.higher_better else -difference


def spread(row: PerformanceRow) -> float:
    """The scale gaps and moves are judged on: the neighbours' standard deviation (NaN if unknown)."""
    s = row.neighbours_spread
    return s if not math.isnan(s) and s > 0 else math.nan


def significance(row: PerformanceRow, rules: HeadlineRules) -> float:
    """How much a headline matters: the gap to the comparator plus the move on last year, both in
    the neighbours' spreads (or, without a spread, in per cent of the comparator)."""
    other = comparator_value(row, rules)
    scale = spread(row)
    if math.isnan(scale):
        scale = abs(other) / 10 if not math.isnan(other) and other else 1.0
    gap = abs(row.latest - other) if not math.isnan(other) else 0.0
    move = abs(row.latest - row.previous) if not math.isnan(row.previous) else 0.0
    return (gap + move) / scale


def classify(row: PerformanceRow, rules: HeadlineRules) -> Headline:
    indicator = row.indicator
    if indicator.unit == "grade":  # an Ofsted judgement is a category: never compared with a number
        return Headline.context
    polarity = polarity_of(row, rules)
    if polarity is Polarity.contextual:
        return Headline.context
    judged = indicator.model_copy(update={"polarity": polarity})
    other = comparator_value(row, rules)
    versus = compared_with(judged, row.latest, other)
    if versus is Comparison.not_known:
        return Headline.not_known
    scale = spread(row)
    if not math.isnan(scale) and abs(row.latest - other) < IN_LINE * scale:
        versus = Comparison.same  # a gap within a quarter of the neighbours' spread is in line
    moved = _better(polarity, row.latest - row.previous) if not math.isnan(row.previous) else 0.0
    worsened = moved < 0 and compared_with(judged, row.latest, row.previous) is Comparison.worse
    beyond_tolerance = worsened and abs(row.latest - row.previous) > rules.worsening_tolerance / 100 * abs(row.previous)
    if versus is Comparison.worse or beyond_tolerance:
        return Headline.neither if row.quartile == BEST_QUARTILE else Headline.targeted
    if versus is Comparison.better and not worsened:
        return Headline.highlight
    if (
        not math.isnan(scale)
        and moved >= MARKED_MOVE * scale
        and versus is not Comparison.worse
        and row.quartile != WORST_QUARTILE
    ):
        return Headline.highlight  # a marked improvement, in line with the comparator
    return Headline.neither
