"""The example's Annex A, derived from its SSDA903 and CIN census returns, gives the same counts and shares as they do on every quarter end both cover."""

from __future__ import annotations

import functools
from datetime import date

import pandas as pd
import pytest
from test_annex_a import ADOPTION, LEAVERS_19_21, RETURNS, RUN, YEAR_TO_DATE, _between

from sefbook.inputs.returns.annex_a.figures import ANNEX_A_INDICATORS, annex_a_figures, annex_a_left_out
from sefbook.inputs.returns.annex_a.read import read_annex_a
from sefbook.inputs.returns.cin_census.figures import cin_figures
from sefbook.inputs.returns.cin_census.measures import rereferrals, working_days_after
from sefbook.inputs.returns.cin_census.read import read_cin_census
from sefbook.inputs.returns.cin_census.schema import ASSESSMENT_WORKING_DAYS, ICPC_WORKING_DAYS
from sefbook.inputs.returns.folder import computed_figures
from sefbook.inputs.returns.ssda903.figures import ssda903_figures
from sefbook.inputs.returns.ssda903.measures import adopted_in_year, oc3_figures
from sefbook.inputs.returns.ssda903.read import read_ssda903


@pytest.mark.slow
def test_the_example_annex_a_agrees_with_the_example_returns_on_every_quarter_end_both_cover():
    population = {2024: 62_317.0, 2025: 62_900.0}
    from_annex = {
        (f.indicator, f.time_period, f.quarter): f.value
        for f in annex_a_figures(read_annex_a(RETURNS / RUN), population)
    }
    statutory = ssda903_figures(read_ssda903(RETURNS / "ssda903-2025"), population)
    statutory += ssda903_figures(read_ssda903(RETURNS / "ssda903-2026-to-2025-10-14"), population)
    statutory += cin_figures(read_cin_census(RETURNS / "cin-2025"), population)
    statutory += cin_figures(read_cin_census(RETURNS / "cin-2026-to-2025-10-14"), population)
    both = {
        (f.indicator, f.time_period, f.quarter): f.value
        for f in statutory
        if (f.indicator, f.time_period, f.quarter) in from_annex
    }
    # 31 March 2025 (whole years), 30 June and 30 September 2025 (in progress): every on-a-day figure the Annex A
    # gives (its year-to-date shares, for 2025-26's quarters, no return gives: the next test checks them)
    assert {(year, quarter) for _, year, quarter in both} == {(2025, 0), (2026, 1), (2026, 2)}
    # (its care leaver and adoption figures are over the years to date: a return in progress gives none; a test
    # below counts them from it)
    assert {indicator for indicator, _, _ in both} == set(ANNEX_A_INDICATORS) - YEAR_TO_DATE - ADOPTION - {
        *LEAVERS_19_21,
        "care_leavers_19_21_count",
    }
    for key, value in both.items():
        assert from_annex[key] == pytest.approx(value), key
    assert from_annex[("children_looked_after_count", 2025, 0)] == 458  # the example's published count
    assert ("children_in_need_count", 2025, 3) in from_annex  # 31 December 2024: the Annex A's alone


@pytest.mark.slow
def test_the_example_returns_folder_gives_the_annex_a_figures_only_where_no_return_does():
    found = {
        (f.indicator, f.time_period, f.quarter): f.source
        for f in computed_figures(RETURNS, {2024: 62_317.0, 2025: 62_900.0}, council=("991", "Kingsmere"))
    }
    assert found[("children_looked_after_count", 2026, 2)] == "computed from SSDA903 2026"
    assert found[("children_in_need_count", 2025, 0)] == "computed from CIN census 2025"
    assert found[("children_in_need_count", 2025, 3)] == "computed from Annex A 2025-10-14"
    # care leavers and adoption: the year's from the SSDA903, this year's so far from the Annex A
    assert found[("care_leavers_in_touch", 2025, 0)] == "computed from SSDA903 2025"
    assert found[("care_leavers_in_touch", 2026, 2)] == "computed from Annex A 2025-10-14"
    assert found[("adoption_decision_to_match_months", 2026, 1)] == "computed from Annex A 2025-10-14"


@pytest.mark.slow
def test_the_example_annex_a_year_to_date_shares_agree_with_the_census_in_progress_counted_the_same_way():
    from_annex = {
        (f.indicator, f.time_period, f.quarter): f.value
        for f in annex_a_figures(read_annex_a(RETURNS / RUN), {})
        if f.indicator in YEAR_TO_DATE
    }
    census = read_cin_census(RETURNS / "cin-2026-to-2025-10-14")
    from_census = {}
    for quarter, end in ((1, date(2025, 6, 30)), (2, date(2025, 9, 30))):
        year_to_date = functools.partial(_between, start=pd.Timestamp(2025, 4, 1), end=pd.Timestamp(end))
        referred = census.episodes[year_to_date(census.episodes["CINreferralDate"])]
        done = census.assessments[year_to_date(census.assessments["AssessmentAuthorisationDate"])]
        in_time = working_days_after(done["AssessmentActualStartDate"], done["AssessmentAuthorisationDate"])
        held = census.section47s[year_to_date(census.section47s["DateOfInitialCPC"])]
        days = working_days_after(held["S47ActualStartDate"], held["DateOfInitialCPC"])
        days[(held["DateOfInitialCPC"] < held["S47ActualStartDate"]).to_numpy()] = -1  # before its start: late
        plans = census.plans
        started = plans[year_to_date(plans["CPPstartDate"])]
        first = started["child"].map(plans.groupby("child")["CPPstartDate"].min())
        subsequent = (started["NumberOfPreviousCPP"] > 0) | (started["CPPstartDate"] > first)
        from_census |= {
            ("referrals_no_further_action", 2026, quarter): referred["ReferralNFA"].sum() / len(referred) * 100,
            ("assessments_45_days", 2026, quarter): (in_time <= ASSESSMENT_WORKING_DAYS).sum() / len(done) * 100,
            ("icpc_15_days", 2026, quarter): ((days >= 0) & (days <= ICPC_WORKING_DAYS)).sum() / len(held) * 100,
            ("cpp_subsequent", 2026, quarter): subsequent.sum() / len(started) * 100,
        }
    assert from_annex == from_census  # exactly: the same children, counted the same way
    # the figures themselves, and how many each rests on, as the example's returns give them
    assert {k: round(v, 2) for k, v in from_annex.items()} == {
        ("referrals_no_further_action", 2026, 1): 3.09,
        ("referrals_no_further_action", 2026, 2): 3.04,
        ("assessments_45_days", 2026, 1): 89.65,
        ("assessments_45_days", 2026, 2): 88.89,
        ("icpc_15_days", 2026, 1): 84.76,
        ("icpc_15_days", 2026, 2): 84.26,
        ("cpp_subsequent", 2026, 1): 23.33,
        ("cpp_subsequent", 2026, 2): 23.43,
    }
    # no rereferral_12m: the example's lists reach back to 15 October 2024, not to 1 April 2024. Counted from List 3
    # as if they did, it would match the census only with the earlier census's referrals behind it:
    referrals = read_annex_a(RETURNS / RUN).referrals.rename(columns={"referral": "CINreferralDate"})
    assert rereferrals(referrals, referrals, 2026)[0] == len(
        census.episodes[census.episodes["CINreferralDate"] >= pd.Timestamp(2025, 4, 1)]
    )  # every referral of the year so far listed


def test_the_example_annex_a_care_leaver_and_adoption_figures_agree_with_the_return_in_progress_counted_the_same_way():
    annex_a = read_annex_a(RETURNS / RUN)
    from_annex = {
        (f.indicator, f.time_period, f.quarter): f.value
        for f in annex_a_figures(annex_a, {})
        if f.indicator in LEAVERS_19_21 | ADOPTION | {"care_leavers_19_21_count"}
    }
    ret = read_ssda903(RETURNS / "ssda903-2026-to-2025-10-14")
    oc3, adopted = ret.tables["OC3"], adopted_in_year(ret.episodes, 2026)
    # each OC3 young person's birthday in 2025-26 (29 February on 1 March), worked out here
    birthday = oc3["DOB"].map(
        lambda born: pd.Timestamp(
            2025 if (born.month, born.day) >= (4, 1) else 2026,
            *((3, 1) if (born.month, born.day) == (2, 29) else (born.month, born.day)),
        )
    )
    from_return = {}
    for quarter, end in ((1, pd.Timestamp(2025, 6, 30)), (2, pd.Timestamp(2025, 9, 30))):
        # OC3's care leavers whose birthday has come by the quarter's end, counted as the SSDA903's year is
        shares = oc3_figures(oc3[birthday <= end], 2026)
        from_return |= {(indicator, 2026, quarter): shares[indicator] for indicator in LEAVERS_19_21}
        matched = adopted[adopted["DEC"] <= end][["CHILD"]].merge(ret.tables["AD1"], on="CHILD")
        from_return[("adoption_decision_to_match_months", 2026, quarter)] = (
            matched["DATE_MATCH"] - matched["DATE_INT"]
        ).dt.days.mean() / (365.25 / 12)
    assert {key: from_annex[key] for key in from_return} == pytest.approx(from_return)
    # where the return holds the start of an adopted child's time in care, List 10 gives the same day
    entered = annex_a.adoptions.set_index("child")["entered"]
    known = adopted[adopted["period_known"]]
    assert len(known) >= 5 and (entered[known["CHILD"]].to_numpy() == known["period_start"].to_numpy()).all()
    # the rest are List 10's alone: from entering care (no start is missing from it), A1 and A2, the years to 30
    # June and 30 September 2025
    assert {key for key in from_annex if key not in from_return} == {
        (indicator, 2026, quarter)
        for indicator in ADOPTION - {"adoption_decision_to_match_months"}
        for quarter in (1, 2)
    }
    # 2024-25's are left out (so no year's count): those whose birthday was from April to mid-October 2024 have a
    # later record, their 2025 birthday's
    assert not any(key[1] == 2025 for key in from_annex)
    reason = annex_a_left_out(annex_a)["care_leavers_19_21_count"]
    assert "of the young people whose 19th to 21st birthday fell in the year to 31/03/2025" in reason


# --- issue 25: a workbook too large to lay out is refused before it is read ----------------------------------
