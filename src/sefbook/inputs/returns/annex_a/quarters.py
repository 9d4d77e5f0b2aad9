"""Counts on each quarter end the lists cover, and the year to date: children in need, on a plan, looked after."""

from __future__ import annotations

from datetime import date

import pandas as pd

from sefbook.inputs.returns.annex_a.lists import SHORT_BREAKS, AnnexA
from sefbook.inputs.returns.cin_census.measures import rereferrals, working_days_after
from sefbook.inputs.returns.cin_census.schema import ASSESSMENT_WORKING_DAYS, ICPC_WORKING_DAYS
from sefbook.inputs.returns.collection import (
    QUARTER_ENDS,
)


def quarter_ends(annex: AnnexA) -> list[tuple[int, int, date]]:
    """(reporting year, quarter, day) of each quarter end within the period the lists cover (31 March: the
    year's quarter 0)."""
    return quarter_ends_between(annex.period_start, annex.run_on)


def quarter_ends_between(first: date, last: date) -> list[tuple[int, int, date]]:
    days = []
    for year in range(first.year, last.year + 1):
        for quarter, month, day in QUARTER_ENDS:
            when = date(year, month, day)
            if first <= when <= last:
                days.append((year, 0, when) if month == 3 else (year + 1, quarter, when))
    return sorted(days, key=lambda d: d[2])


def _open_on(frame: pd.DataFrame, day: date) -> pd.Series:
    when = pd.Timestamp(day)
    return (frame["start"] <= when) & (frame["end"].isna() | (frame["end"] > when))


def care_listed_from(annex: AnnexA) -> date | None:
    """The first day from which List 8 holds every period of care open on it: after the start of the last period
    marked second or subsequent whose earlier period is not listed (None: from the period's start)."""
    care = annex.in_care.sort_values(["child", "start"], kind="stable")
    first_listed = care.groupby("child").cumcount() == 0
    unlisted_before = care[care["subsequent"] & first_listed]
    return unlisted_before["start"].max().date() if len(unlisted_before) else None


def on_a_day(annex: AnnexA, day: date) -> dict[str, float | None]:
    """The counts and the share on `day` (None where the lists cannot settle it, or a share has nothing to
    divide by)."""
    plans = annex.plans[_open_on(annex.plans, day)]
    two_years = int((plans["start"] + pd.DateOffset(years=2) <= pd.Timestamp(day)).sum())
    care = annex.in_care
    listed_from = care_listed_from(annex)
    in_care = care.loc[_open_on(care, day) & ~care["legal"].isin(SHORT_BREAKS), "child"].nunique()
    return {
        "children_in_need_count": int(_open_on(annex.in_need, day).sum()),
        "child_protection_plan_count": len(plans),
        "cpp_two_years": two_years / len(plans) * 100 if len(plans) else None,
        "children_looked_after_count": in_care if listed_from is None or day >= listed_from else None,
    }


def years_to_date(annex: AnnexA) -> list[tuple[int, int, date, date]]:
    """(reporting year, quarter, its first day, the quarter's end) of each quarter end 1 to 3 within the period the
    lists cover whose whole year to date (from 1 April) lies within it too."""
    return [
        (year, quarter, date(year - 1, 4, 1), day)
        for year, quarter, day in quarter_ends(annex)
        if quarter and date(year - 1, 4, 1) >= annex.period_start
    ]


def _share(part: int, whole: int) -> float | None:
    return part / whole * 100 if whole else None


def year_to_date(annex: AnnexA, year: int, first: date, last: date) -> dict[str, float | None]:
    """The shares over `first` to `last` (the reporting year `year` to a quarter's end), each as cin_census/
    counts its year's: None where a list or column it rests on is not there, where the lists cannot settle it, or
    where it has nothing to divide by."""
    start, end = pd.Timestamp(first), pd.Timestamp(last)
    values: dict[str, float | None] = {}
    if annex.referrals is not None:
        listed = annex.referrals[annex.referrals["referral"] <= end]
        in_ytd = listed["referral"].between(start, end)
        referrals = int(in_ytd.sum())
        if annex.period_start <= (start - pd.DateOffset(months=12)).date():  # every previous referral is listed
            history = listed.rename(columns={"referral": "CINreferralDate"})[["child", "CINreferralDate"]]
            counted, rereferred = rereferrals(history, history, year)  # nothing after `last`: the year to date
            values["rereferral_12m"] = _share(rereferred, counted)
        if "nfa" in listed:
            values["referrals_no_further_action"] = _share(int((in_ytd & listed["nfa"]).sum()), referrals)
    if annex.assessments is not None:
        done = annex.assessments[annex.assessments["authorised"].between(start, end)]
        days = working_days_after(done["start"], done["authorised"])
        values["assessments_45_days"] = _share(int((days <= ASSESSMENT_WORKING_DAYS).sum()), len(done))
    if annex.enquiries is not None:
        held = annex.enquiries[annex.enquiries["conference"].between(start, end)]
        days = working_days_after(held["start"], held["conference"])
        in_time = (held["conference"] >= held["start"]).to_numpy() & (days <= ICPC_WORKING_DAYS)  # not before it
        values["icpc_15_days"] = _share(int(in_time.sum()), len(held))
    if "previous" in annex.plans:
        plans = annex.plans
        started = plans[plans["start"].between(start, end)]
        earlier_listed = started["start"] > started["child"].map(plans.groupby("child")["start"].min())
        values["cpp_subsequent"] = _share(int(((started["previous"] > 0) | earlier_listed).sum()), len(started))
    return values


# --- List 9: care leavers -----------------------------------------------------------------------------------
