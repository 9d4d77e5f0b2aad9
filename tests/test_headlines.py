"""Headline classification and sentences, from rows worked out by hand."""

import math

import pytest

from sefbook.analysis.compare import PerformanceRow
from sefbook.analysis.headlines import classify
from sefbook.inputs.edition import HeadlineRules
from sefbook.render.wording import sentence
from sefbook.inputs.registry import default_registry

REG = default_registry()
NAN = math.nan


def row(indicator_id, latest, previous, *, sn_mean=NAN, sn_median=NAN, england=NAN, direction=None, symbol=""):
    ind = REG[indicator_id]
    from sefbook.analysis.compare import direction as judge
    return PerformanceRow(
        indicator=ind, period=2025, latest=latest, latest_symbol=symbol, previous=previous, previous_symbol="",
        neighbours_mean=sn_mean, neighbours_median=sn_median, neighbours_count=10, region=NAN, england=england,
        direction=direction or judge(ind, latest, previous), three_year_direction="not known",
        rank=NAN, rank_of=NAN, quartile=NAN, source_file="f.csv", source_row=2)


DEFAULT = HeadlineRules()


def test_the_issue_example_sentence():
    r = row("rereferral_12m", 16.8, 18.2, sn_mean=20.1)
    assert sentence(r, DEFAULT, "East Midlands") == \
        "Re-referrals within 12 months fell from 18.2% to 16.8%, below the statistical neighbour average of 20.1%."
    assert classify(r, DEFAULT) == "highlight"


@pytest.mark.parametrize("latest, previous, sn, expected", [
    (16.8, 18.2, 20.1, "highlight"),   # better than neighbours and improving
    (16.8, 16.8, 20.1, "highlight"),   # better than neighbours, no change
    (19.0, 18.5, 20.1, "neither"),     # better than neighbours but worsened within 5% (0.5 < 0.925)
    (19.5, 18.5, 20.1, "targeted"),    # better than neighbours but worsened by more than 5% (1.0 > 0.925)
    (21.0, 22.0, 20.1, "targeted"),    # improving, but worse than neighbours
    (20.1, 20.5, 20.1, "neither"),     # in line with neighbours
])
def test_classification_rules_for_a_lower_is_better_indicator(latest, previous, sn, expected):
    assert classify(row("rereferral_12m", latest, previous, sn_mean=sn), DEFAULT) == expected


def test_rules_are_tunable_comparator_and_tolerance():
    r = row("care_leavers_eet", 58.0, 60.0, sn_mean=55.0, sn_median=59.0, england=56.0)
    # fell 2 points from 60 (3.3% of last year): better than the neighbours' 55 but worsening
    assert classify(r, HeadlineRules()) == "neither"  # within the default 5% tolerance
    assert classify(r, HeadlineRules(worsening_tolerance=2)) == "targeted"  # beyond a 2% tolerance
    assert classify(r, HeadlineRules(compare_with="neighbours_median")) == "targeted"  # worse than 59
    assert sentence(r, HeadlineRules(compare_with="england"), "East Midlands") == \
        "Care leavers aged 19 to 21 in education, employment or training fell from 60% to 58%, above the England figure of 56%."


def test_contextual_indicators_are_never_headlines_and_symbols_are_not_known():
    assert classify(row("cla_rate", 80.0, 70.0, sn_mean=60.0), DEFAULT) == "context"
    suppressed = row("cpp_two_years", NAN, 2.0, sn_mean=3.0, symbol="c")
    assert classify(suppressed, DEFAULT) == "not known"
    assert sentence(suppressed, DEFAULT, "East Midlands") == \
        "Child protection plans open two years or more: no published figure for 2025 (c)."


def test_sentence_without_a_previous_year_or_comparator():
    r = row("sw_average_caseload", 15.2, NAN)
    assert sentence(r, DEFAULT, "East Midlands") == "Average caseload per social worker stood at 15.2 in 2025."
