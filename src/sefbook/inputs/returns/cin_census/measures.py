"""The DfE's measures over a census: who is in need or on a plan on a day, referrals, assessments and section 47s over the year, in working days."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from sefbook.inputs.returns.cin_census.parse import CinCensus
from sefbook.inputs.returns.cin_census.schema import (
    ASSESSMENT_WORKING_DAYS,
    FACTORS,
    ICPC_WORKING_DAYS,
    NOT_IN_NEED_CLOSURES,
)


def working_days_after(start: pd.Series, end: pd.Series) -> np.ndarray:
    """Working days in England after each `start` up to and including its `end` (Monday to Friday,
    not a bank holiday): 0 on the same day, negative when `end` comes first."""
    import holidays  # here: a build whose figures from the returns are kept never needs it

    if start.empty:
        return np.zeros(0, dtype="int64")
    years = range(int(min(start.min().year, end.min().year)), int(max(start.max().year, end.max().year)) + 1)
    bank_holidays = np.array(sorted(holidays.country_holidays("GB", subdiv="ENG", years=years)), dtype="datetime64[D]")
    first = start.to_numpy().astype("datetime64[D]") + 1
    last = end.to_numpy().astype("datetime64[D]") + 1
    return np.busday_count(first, last, holidays=bank_holidays)


def _open_on(frame: pd.DataFrame, start: str, end: str, day: date) -> pd.Series:
    when = pd.Timestamp(day)
    return (frame[start] <= when) & (frame[end].isna() | (frame[end] > when))


def in_need_on(census: CinCensus, day: date) -> int:
    """Episodes of need open on `day`, leaving out referrals that led to no further action."""
    episodes = census.episodes
    return int((_open_on(episodes, "CINreferralDate", "CINclosureDate", day) & ~episodes["ReferralNFA"]).sum())


def plans_on(census: CinCensus, day: date) -> pd.DataFrame:
    """Child protection plans open on `day`."""
    return census.plans[_open_on(census.plans, "CPPstartDate", "CPPendDate", day)]


def _in_year(dates: pd.Series, year: int) -> pd.Series:
    return dates.between(pd.Timestamp(year - 1, 4, 1), pd.Timestamp(year, 3, 31))


def _share(part: float, whole: int) -> float | None:
    return float(part) / whole * 100 if whole else None


def counts_on_a_day(census: CinCensus, day: date) -> dict[str, int]:
    """The children counted on `day`, each under the column of the DfE's published tables that carries it
    (b1's and d5's; At31 reads "on the day")."""
    plans = plans_on(census, day)
    when = pd.Timestamp(day)
    return {
        "At31_episodes": in_need_on(census, day),
        "CPP_At31": len(plans),
        "2_years_or_more": int((plans["CPPstartDate"] + pd.DateOffset(years=2) <= when).sum()),
        "3_months_or_less": int((plans["CPPstartDate"] + pd.DateOffset(months=3) >= when).sum()),
    }


def on_a_day(census: CinCensus, day: date) -> dict[str, float | None]:
    """The on-a-day counts and shares (None where a share has nothing to divide by)."""
    c = counts_on_a_day(census, day)
    in_need, plans = c["At31_episodes"], c["CPP_At31"]
    return {
        "children_in_need_count": in_need,
        "child_protection_plan_count": plans,
        "cpp_two_years": _share(c["2_years_or_more"], plans),
        "cpp_under_3_months": _share(c["3_months_or_less"], plans),
        "cpp_share_of_cin": _share(plans, in_need),
    }


def rereferrals(episodes: pd.DataFrame, history: pd.DataFrame, year: int) -> tuple[int, int]:
    """Referrals in the year (`episodes`, each counted) and how many came within 12 months of the
    same child's previous referral (any referral in `history`: this census's and an earlier one's;
    an episode open in both censuses is one referral)."""
    key = ["child", "CINreferralDate"]
    known = history.drop_duplicates(key).sort_values(key, kind="stable")
    previous = known.groupby("child")["CINreferralDate"].shift()
    within = previous.notna() & (previous >= known["CINreferralDate"] - pd.DateOffset(months=12))
    rereferred = within & _in_year(known["CINreferralDate"], year)
    return int(_in_year(episodes["CINreferralDate"], year).sum()), int(rereferred.sum())


def referral_outcomes(episodes: pd.DataFrame, year: int) -> dict[str, int]:
    """The year's referrals (CINreferralDate in the year) by what became of them, under the columns of C1 and B1
    that carry them: led to no further action (ReferralNFA); closed after assessment, the child not in need
    (ReasonForClosure RC8 or RC9, `NOT_IN_NEED_CLOSURES`); the rest started an episode of need (B1's
    Started_episodes, still open on 31 March or closed as in need). The three are apart, so that, as in the DfE's
    files, referrals = no further action + not in need + started."""
    referred = _in_year(episodes["CINreferralDate"], year)
    nfa = referred & episodes["ReferralNFA"]
    # an NFA referral closes RC8 too: counted as no further action only (it had no assessment to find need)
    not_in_need = referred & ~episodes["ReferralNFA"] & episodes["ReasonForClosure"].isin(NOT_IN_NEED_CLOSURES)
    return {
        "no_further_action_count": int(nfa.sum()),
        "not_in_need_count": int(not_in_need.sum()),
        "Started_episodes": int((referred & ~nfa & ~not_in_need).sum()),
    }


def conference_durations(section47s: pd.DataFrame, year: int) -> tuple[int, np.ndarray]:
    """Initial conferences held in the year (a Section47 block's DateOfInitialCPC, each counted), and the working
    days from each one's section 47 start to it, for those not dated before the start: C4 counts those among the
    conferences but in no duration band (nor, then, its percentiles)."""
    conferences = section47s[_in_year(section47s["DateOfInitialCPC"], year)]
    days = working_days_after(conferences["S47ActualStartDate"], conferences["DateOfInitialCPC"])
    # the dates decide, not the count: a Saturday start with Friday's conference gives 0 working days
    return len(conferences), days[(conferences["DateOfInitialCPC"] >= conferences["S47ActualStartDate"]).to_numpy()]


def icpc_median_days(census: CinCensus) -> float | None:
    """The median of the year's working days from section 47 start to initial conference (C4's Duration_median;
    None without a conference to time). Of an even number, the mean of the two middle durations: the DfE's rule
    for that case is not stated (it publishes whole days), so a half may print a day apart from the DfE's."""
    _, days = conference_durations(census.section47s, census.year)
    return float(np.median(days)) if len(days) else None


def counts_over_the_year(census: CinCensus, earlier: CinCensus | None = None) -> dict[str, int]:
    """The year's flows, counted, each under the column of the DfE's published tables that carries it (c1's, b1's,
    a1's, c4's, d3's, c3's)."""
    year, episodes = census.year, census.episodes
    history = pd.concat([episodes, earlier.episodes]) if earlier is not None else episodes
    referrals, rereferred = rereferrals(episodes, history[["child", "CINreferralDate"]], year)
    done = census.assessments[_in_year(census.assessments["AssessmentAuthorisationDate"], year)]
    s47 = census.section47s
    conferences, days = conference_durations(s47, year)
    new_plans = census.plans[_in_year(census.plans["CPPstartDate"], year)]
    return (
        {"referral_count": referrals, "rereferral_count": rereferred}
        | referral_outcomes(episodes, year)
        | {
            "assessments_completed": len(done),
            "assessments_within_45_days": int(
                (
                    working_days_after(done["CINreferralDate"], done["AssessmentAuthorisationDate"])
                    <= ASSESSMENT_WORKING_DAYS
                ).sum()
            ),
            "Section47": int(_in_year(s47["S47ActualStartDate"], year).sum()),
            "ICPC": conferences,
            # the DfE publishes the conferences within 15 working days in two bands
            "Duration_0-10_days": int((days <= 10).sum()),
            "Duration_11-15_days": int(((days > 10) & (days <= ICPC_WORKING_DAYS)).sum()),
            "CPP_start": len(new_plans),
            "CPP_subsequent": int(_subsequent(census.plans, new_plans).sum()),
        }
        | (factor_counts(census.factors, done))
    )


def factor_counts(factors: pd.DataFrame, done: pd.DataFrame) -> dict[str, int]:
    """Episodes with an assessment in `done` (those authorised in the year) at whose end each registry factor was
    identified, under its C3 column: an episode counts once for a factor, however many of its assessments in the
    year identified it (C3 counts episodes)."""
    found = factors[factors["assessment"].isin(done["assessment"])].drop_duplicates(["episode", "AssessmentFactors"])
    episodes = found["AssessmentFactors"].value_counts()
    return {column: int(episodes.get(code, 0)) for column, code in FACTORS.values()}


def over_the_year(census: CinCensus, earlier: CinCensus | None = None) -> dict[str, float | None]:
    """The year's flows and their shares (None where a share has nothing to divide by)."""
    c = counts_over_the_year(census, earlier)
    referrals, started, conferences = c["referral_count"], c["Section47"], c["ICPC"]
    in_time = c["Duration_0-10_days"] + c["Duration_11-15_days"]
    # without last year's census a re-referral whose previous episode closed before April is missed: no share then
    rereferred = _share(c["rereferral_count"], referrals) if earlier is not None else None
    return {
        "referrals_count": referrals,
        "rereferral_12m": rereferred,
        "referrals_no_further_action": _share(c["no_further_action_count"], referrals),
        "referrals_assessed_not_in_need": _share(c["not_in_need_count"], referrals),
        "children_in_need_started_count": c["Started_episodes"],
        "assessments_45_days": _share(c["assessments_within_45_days"], c["assessments_completed"]),
        "s47_count": started,
        "icpc_count": conferences,
        "s47_to_icpc": _share(conferences, started),
        "icpc_15_days": _share(in_time, conferences),
        "icpc_median_days": icpc_median_days(census),
        "cpp_started_count": c["CPP_start"],
        "cpp_subsequent": _share(c["CPP_subsequent"], c["CPP_start"]),
    } | {column: c[column] for column, _ in FACTORS.values()}  # the factors' counts, made rates below


def _subsequent(plans: pd.DataFrame, new_plans: pd.DataFrame) -> pd.Series:
    """Whether each new plan is a second or subsequent one: the council says the child had a
    previous plan, or the census holds an earlier one."""
    if new_plans.empty:
        return pd.Series(dtype=bool)
    first_start = plans.groupby("child")["CPPstartDate"].min()
    earlier_in_census = new_plans["CPPstartDate"] > new_plans["child"].map(first_start)
    return (new_plans["NumberOfPreviousCPP"] > 0) | earlier_in_census
