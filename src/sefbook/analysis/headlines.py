"""Performance headlines: each indicator classified as a highlight, an area for targeted
activity, or neither, by explicit rules an edition can tune (`headlines:` in sef.yml).

The rules, in order, for an indicator where higher or lower is better:
  1. an area for targeted activity if it is worse than the comparator, or it worsened on last
     year by more than `worsening_tolerance` per cent of last year's figure;
  2. a highlight if it is better than the comparator and did not worsen on last year;
  3. otherwise neither.
A contextual indicator (where neither direction is better) is never a headline. Comparisons are
made at the precision the figures are printed. No claim of statistical significance is made.
The sentences that put a headline in words are drafted in render/wording.py.
"""

from __future__ import annotations

from enum import StrEnum

from sefbook.analysis.compare import Comparison, Direction, PerformanceRow, compared_with
from sefbook.inputs.edition import HeadlineRules
from sefbook.inputs.registry import Polarity


class Headline(StrEnum):
    highlight = "highlight"
    targeted = "targeted"  # an area for targeted activity
    neither = "neither"
    context = "context"  # a contextual indicator: never a headline
    not_known = "not known"  # no figure, or no comparator


def comparator_value(row: PerformanceRow, rules: HeadlineRules) -> float:
    return getattr(row, rules.compare_with)


def classify(row: PerformanceRow, rules: HeadlineRules) -> Headline:
    indicator = row.indicator
    if indicator.polarity is Polarity.contextual:
        return Headline.context
    versus = compared_with(indicator, row.latest, comparator_value(row, rules))
    if versus is Comparison.not_known:
        return Headline.not_known
    worsened = row.direction == Direction.worse
    beyond_tolerance = worsened and abs(row.latest - row.previous) > rules.worsening_tolerance / 100 * abs(row.previous)
    if versus is Comparison.worse or beyond_tolerance:
        return Headline.targeted
    if versus is Comparison.better and not worsened:
        return Headline.highlight
    return Headline.neither
