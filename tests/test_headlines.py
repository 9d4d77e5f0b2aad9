"""Headline classification and sentences, from rows worked out by hand."""

import math

import pytest

from sefbook.analysis.compare import PerformanceRow
from sefbook.analysis.headlines import classify
from sefbook.inputs.edition.config import HeadlineRules
from sefbook.inputs.published.registry import default_registry
from sefbook.render.wording import sentence

REG = default_registry()
NAN = math.nan


def row(indicator_id, latest, previous, *, sn_mean=NAN, sn_median=NAN, england=NAN, direction=None, symbol=""):
    ind = REG[indicator_id]
    from sefbook.analysis.compare import direction as judge

    return PerformanceRow(
        indicator=ind,
        period=2025,
        latest=latest,
        latest_symbol=symbol,
        previous=previous,
        previous_symbol="",
        neighbours_mean=sn_mean,
        neighbours_median=sn_median,
        neighbours_count=10,
        region=NAN,
        england=england,
        direction=direction or judge(ind, latest, previous),
        three_year_direction="not known",
        rank=NAN,
        rank_of=NAN,
        quartile=NAN,
        source_file="f.csv",
        source_row=2,
    )


DEFAULT = HeadlineRules()


def test_the_issue_example_sentence():
    r = row("rereferral_12m", 16.8, 18.2, sn_mean=20.1)
    assert (
        sentence(r, DEFAULT, "East Midlands")
        == "Re-referrals within 12 months fell from 18.2% to 16.8%, below the statistical neighbour average of 20.1%."
    )
    assert classify(r, DEFAULT) == "highlight"


@pytest.mark.parametrize(
    "latest, previous, sn, expected",
    [
        (16.8, 18.2, 20.1, "highlight"),  # better than neighbours and improving
        (16.8, 16.8, 20.1, "highlight"),  # better than neighbours, no change
        (19.0, 18.5, 20.1, "neither"),  # better than neighbours but worsened within 5% (0.5 < 0.925)
        (19.5, 18.5, 20.1, "targeted"),  # better than neighbours but worsened by more than 5% (1.0 > 0.925)
        (21.0, 22.0, 20.1, "targeted"),  # improving, but worse than neighbours
        (20.1, 20.5, 20.1, "neither"),  # in line with neighbours
    ],
)
def test_classification_rules_for_a_lower_is_better_indicator(latest, previous, sn, expected):
    assert classify(row("rereferral_12m", latest, previous, sn_mean=sn), DEFAULT) == expected


def test_rules_are_tunable_comparator_and_tolerance():
    r = row("care_leavers_eet", 58.0, 60.0, sn_mean=55.0, sn_median=59.0, england=56.0)
    # fell 2 points from 60 (3.3% of last year): better than the neighbours' 55 but worsening
    assert classify(r, HeadlineRules()) == "neither"  # within the default 5% tolerance
    assert classify(r, HeadlineRules(worsening_tolerance=2)) == "targeted"  # beyond a 2% tolerance
    assert classify(r, HeadlineRules(compare_with="neighbours_median")) == "targeted"  # worse than 59
    assert (
        sentence(r, HeadlineRules(compare_with="england"), "East Midlands")
        == "Care leavers aged 19 to 21 in education, employment or training fell from 60% to 58%, above the England figure of 56%."
    )


def test_contextual_indicators_are_never_headlines_and_symbols_are_not_known():
    assert classify(row("cla_rate", 80.0, 70.0, sn_mean=60.0), DEFAULT) == "context"
    suppressed = row("cpp_two_years", NAN, 2.0, sn_mean=3.0, symbol="c")
    assert classify(suppressed, DEFAULT) == "not known"
    assert (
        sentence(suppressed, DEFAULT, "East Midlands")
        == "Child protection plans open two years or more: no published figure for 2025 (c)."
    )


def test_sentence_without_a_previous_year_or_comparator():
    r = row("sw_average_caseload", 15.2, NAN)
    assert sentence(r, DEFAULT, "East Midlands") == "Average caseload per social worker stood at 15.2 in 2025."


def spread_row(indicator_id, latest, previous, sn_mean, spread, **kw):
    from dataclasses import replace

    return replace(
        row(indicator_id, latest, previous, sn_mean=sn_mean, **kw), neighbours_spread=spread, previous_period=2024
    )


def test_the_rules_know_the_neighbours_spread():
    # a caseload of 14.9 against 14.8, neighbours spread 1.6: in line, not an area although it improved
    assert classify(spread_row("sw_average_caseload", 14.9, 15.4, 14.8, 1.6), DEFAULT) == "neither"
    assert (
        classify(row("sw_average_caseload", 14.9, 15.4, sn_mean=14.8), DEFAULT) == "targeted"
    )  # no spread: as printed
    # turnover down 7.5 points, a little above the neighbours' 15.0 (spread 4): a marked improvement
    assert classify(spread_row("sw_turnover_rate", 15.5, 23.0, 15.0, 4.0), DEFAULT) == "highlight"
    # clearly worse than the neighbours, however much it improved: still an area
    assert classify(spread_row("sw_turnover_rate", 22.0, 30.0, 15.0, 4.0), DEFAULT) == "targeted"


def test_a_contextual_indicator_the_edition_wants_lower_can_be_a_headline_with_its_years():
    rules = HeadlineRules(wanted={"cpp_rate": "lower"})
    r = spread_row("cpp_rate", 48.0, 51.0, 55.0, 6.0)
    assert classify(r, DEFAULT) == "context" and classify(r, rules) == "highlight"
    assert sentence(r, rules, "East Midlands") == (
        "Child protection plans per 10,000 children fell from 51.0 in 2024 "
        "to 48.0 in 2025, below the statistical neighbour average of 55.0."
    )


def test_significance_ranks_by_distance_and_movement_in_spreads():
    from sefbook.analysis.headlines import significance

    near = spread_row("rereferral_12m", 19.0, 19.2, 20.1, 2.0)
    far = spread_row("rereferral_12m", 12.0, 16.0, 20.1, 2.0)
    assert significance(far, DEFAULT) == pytest.approx((8.1 + 4.0) / 2.0)
    assert significance(far, DEFAULT) > significance(near, DEFAULT)


def ranked_row(indicator_id, latest, previous, sn_mean, spread, quartile):
    from dataclasses import replace

    return replace(
        spread_row(indicator_id, latest, previous, sn_mean, spread), rank=1.0, rank_of=150.0, quartile=quartile
    )


@pytest.mark.parametrize("quartile, expected", [(1, "neither"), (2, "targeted"), (4, "targeted"), (NAN, "targeted")])
def test_an_area_is_never_in_the_best_quartile_of_all_councils(quartile, expected):
    # three or more placements 9% against neighbours' 7% (spread 1.5): worse, so an area unless among the best quarter
    assert classify(ranked_row("cla_three_placements", 9.0, 9.0, 7.0, 1.5, quartile), DEFAULT) == expected


@pytest.mark.parametrize("quartile, expected", [(3, "highlight"), (4, "neither")])
def test_a_marked_improvement_in_line_with_neighbours_is_no_highlight_from_the_worst_quartile(quartile, expected):
    # turnover down 7.5 points, a little above the neighbours' 15.0 (spread 4): in line, a marked improvement
    assert classify(ranked_row("sw_turnover_rate", 15.5, 23.0, 15.0, 4.0, quartile), DEFAULT) == expected
    # better than the comparator, it is a highlight whatever its quartile
    assert classify(ranked_row("sw_turnover_rate", 10.0, 23.0, 15.0, 4.0, quartile), DEFAULT) == "highlight"


def test_the_editions_importance_overrides_the_registrys():
    from sefbook.analysis.headlines import importance_of

    absence = REG["sw_absence_rate"]
    assert importance_of(absence, DEFAULT) == 3
    assert importance_of(absence, HeadlineRules(importance={"sw_absence_rate": 1})) == 1
