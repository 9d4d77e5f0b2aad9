"""The DfE's measures over a return's episodes and tables: who is looked after on a day, placements, stability, care leavers, adoptions."""

from __future__ import annotations

from datetime import date

import pandas as pd

from sefbook.inputs.returns.ssda903.codes import (
    ACTIVITY_NOT_KNOWN,
    ADOPTED,
    APPRENTICESHIP,
    COURT_AUTHORITY,
    EET,
    EET_BEFORE_2022,
    ENDS_A_PERIOD_IN_CARE,
    HIGHER_EDUCATION,
    NEET,
    NEW_PLACEMENT,
    NOT_A_CARE_LEAVER_NOW,
    PLACED_FOR_ADOPTION,
    SDQ_CONCERN,
    SHORT_BREAKS,
    TEMPORARY_PLACEMENTS,
    WITH_FOSTER_CARERS,
)
from sefbook.inputs.returns.ssda903.read import Ssda903, age_on


def looked_after_on(episodes: pd.DataFrame, day: date) -> int:
    """Children looked after on `day` (an episode open on it: started on or before, not ended
    before), not counting those looked after only under a series of short breaks."""
    return len(children_looked_after_on(episodes, day))


def children_looked_after_on(episodes: pd.DataFrame, day: date) -> pd.Index:
    """The children counted by `looked_after_on`."""
    when = pd.Timestamp(day)
    open_then = (episodes["DECOM"] <= when) & (episodes["DEC"].isna() | (episodes["DEC"] > when))
    return pd.Index(episodes.loc[open_then & ~episodes["LS"].isin(SHORT_BREAKS), "CHILD"].unique())


def started_and_ceased(episodes: pd.DataFrame, year: int) -> tuple[int, pd.Series]:
    """Children who started to be looked after in the year to 31 March `year` (each counted
    once), and the reasons the children who ceased did so (each child once, by the last time
    in the year they ceased), short breaks left out."""
    first, last = pd.Timestamp(year - 1, 4, 1), pd.Timestamp(year, 3, 31)
    counted = episodes[~episodes["LS"].isin(SHORT_BREAKS)]
    starts = counted[(counted["RNE"] == "S") & counted["DECOM"].between(first, last)]
    ends = counted[counted["REC"].isin(ENDS_A_PERIOD_IN_CARE) & counted["DEC"].between(first, last)]
    last_ending = ends.sort_values("DEC", kind="stable").drop_duplicates("CHILD", keep="last")
    return int(starts["CHILD"].nunique()), last_ending["REC"]


def year_span(year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(year - 1, 4, 1), pd.Timestamp(year, 3, 31)


def percent_of(part: pd.Series) -> float | None:
    """The share of True in `part` as a percentage; None if there is no one to count."""
    return float(part.mean() * 100) if len(part) else None


def care_episodes(episodes: pd.DataFrame) -> pd.DataFrame:
    """Episodes that count as being looked after (not short breaks), each child's in date order."""
    return episodes[~episodes["LS"].isin(SHORT_BREAKS)].sort_values(["CHILD", "DECOM"], kind="stable")


def placements_in_year(episodes: pd.DataFrame, year: int) -> pd.Series:
    """Placements during the year of each child looked after on 31 March: the one the year began in, and each episode
    starting in the year with a new placement (RNE S, P, T, B or U), except a temporary placement (PLACE T0 to T4)
    and the return from one (which has no reason for a placement change); short breaks left out."""
    placements = _placements_between(episodes, *year_span(year))
    return placements.reindex(children_looked_after_on(episodes, date(year, 3, 31)), fill_value=0)


def _placements_between(episodes: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.Series:
    """Each child's placements from `first` to `last`, counted as placements_in_year counts them."""
    counted = care_episodes(episodes).sort_values(["CHILD", "DECOM"], kind="stable")
    temporary = counted["PLACE"].isin(TEMPORARY_PLACEMENTS)
    after_temporary = counted.groupby("CHILD")["PLACE"].shift().isin(TEMPORARY_PLACEMENTS)
    new = counted["RNE"].isin(NEW_PLACEMENT) & counted["DECOM"].between(first, last) & ~temporary & ~after_temporary
    held_at_start = (counted["DECOM"] < first) & (counted["DEC"].isna() | (counted["DEC"] > first))
    return (new | held_at_start).groupby(counted["CHILD"]).sum()


def placements_in_two_years(episodes: pd.DataFrame, year: int) -> tuple[pd.Series, int]:
    """Of the children looked after on 31 March who had been looked after continuously for the two years before
    (their period of care began by 1 April two years before: the DfE's "CLA 2 years on 31 March"), the placements each
    had in those two years, counted as placements_in_year counts them; and how many children the episodes cannot
    settle this for (their period's start is not held: it may be before or after that day). Needs the year before's
    return linked (link_years): a year's own return starts on 1 April of its year."""
    first, last = pd.Timestamp(year - 2, 4, 1), pd.Timestamp(year, 3, 31)
    e = _periods_and_placements(episodes)
    now = e[(e["DECOM"] <= last) & (e["DEC"].isna() | (e["DEC"] > last))]
    long_enough = now["period_start"] <= first  # the period's first episode held is at or before the window's start
    unsettled = int((~long_enough & ~now["period_known"]).sum())
    cohort = now.loc[long_enough, "CHILD"]
    return _placements_between(episodes, first, last).reindex(cohort, fill_value=0), unsettled


def _periods_and_placements(episodes: pd.DataFrame) -> pd.DataFrame:
    """Each episode with the start of its period of care and of its placement, and whether the return holds that
    start (a period starts with RNE S; a placement with S, P, T, B or U): an earlier start is in an earlier return."""
    e = care_episodes(episodes).reset_index(drop=True)
    by_child = e.groupby("CHILD")
    joined = (by_child["REC"].shift() == "X1") & (e["DECOM"] == by_child["DEC"].shift())
    new_period = (by_child.cumcount() == 0) | (e["RNE"] == "S") | ~joined
    new_placement = new_period | e["RNE"].isin(NEW_PLACEMENT)
    period, placement = new_period.cumsum(), new_placement.cumsum()
    e["period"], e["placement"] = period, placement
    e["period_start"] = e.groupby(period)["DECOM"].transform("first")
    e["period_known"] = e.groupby(period)["RNE"].transform("first") == "S"
    e["placement_start"] = e.groupby(placement)["DECOM"].transform("first")
    e["placement_known"] = e.groupby(placement)["RNE"].transform("first").isin(NEW_PLACEMENT)
    starts = e[new_placement].groupby(period[new_placement])
    e["previous_placement_start"] = (
        starts["placement_start"].shift().reindex(e.index).groupby(placement).transform("first")
    )
    e["previous_placement_known"] = (
        starts["placement_known"]
        .shift()
        .reindex(e.index)
        .groupby(placement)
        .transform("first")
        .fillna(False)
        .astype(bool)
    )
    return e


def long_term_stability(episodes: pd.DataFrame, header: pd.DataFrame, year: int) -> tuple[float | None, int]:
    """Children under 16 on 31 March looked after continuously for at least two and a half years (since 30 September
    three years before) who have lived in the same placement for at least two years (since 31 March two years
    before), or are placed for adoption and that placement and the one before it together last two years; and
    how many children the return cannot settle this for (their start is in an earlier return)."""
    cared_since, placed_since = pd.Timestamp(year - 3, 9, 30), pd.Timestamp(year - 2, 3, 31)
    e = _periods_and_placements(episodes)
    on_day = pd.Timestamp(year, 3, 31)
    now = e[(e["DECOM"] <= on_day) & (e["DEC"].isna() | (e["DEC"] > on_day))].merge(header, on="CHILD")
    now = now[age_on(now["DOB"], date(year, 3, 31)) < 16]
    long_enough = now["period_start"] <= cared_since
    unsettled = ~long_enough & ~now["period_known"]
    adoption = now["PLACE"].isin(PLACED_FOR_ADOPTION)
    stayed = now["placement_start"] <= placed_since
    stayed_unknown = ~stayed & ~now["placement_known"]
    with_previous = adoption & (now["previous_placement_start"] <= placed_since)
    with_previous_unknown = adoption & ~with_previous & ~now["previous_placement_known"] & now["placement_known"]
    stable = stayed | with_previous
    unsettled |= long_enough & ~stable & (stayed_unknown | with_previous_unknown)
    cohort = now[long_enough]
    return percent_of(stable[long_enough]) if len(cohort) else None, int(unsettled.sum())


def continuously_looked_after_12_months(episodes: pd.DataFrame, year: int) -> pd.Index:
    """Children looked after on 1 April and on 31 March whose time in care did not end in between (OC2's cohort)."""
    first, last = year_span(year)
    counted = care_episodes(episodes)
    ended = counted.loc[counted["REC"].isin(ENDS_A_PERIOD_IN_CARE) & counted["DEC"].between(first, last), "CHILD"]
    whole_year = children_looked_after_on(episodes, first.date()).intersection(
        children_looked_after_on(episodes, last.date())
    )
    return whole_year.difference(pd.Index(ended.unique()))


def _oc2_cohort(ret: Ssda903) -> pd.DataFrame:
    """OC2's rows of the children looked after continuously for 12 months, with their age on 31 March (a child with no
    OC2 row has blanks: not checked)."""
    cohort = pd.DataFrame({"CHILD": continuously_looked_after_12_months(ret.episodes, ret.year)})
    oc2 = cohort.merge(ret.header, on="CHILD").merge(ret.tables["OC2"].drop(columns="DOB"), on="CHILD", how="left")
    return oc2.assign(age=age_on(oc2["DOB"], date(ret.year, 3, 31)))


def oc2_shares(ret: Ssda903) -> dict[str, pd.Series]:
    """Each OC2 share's children, True for those counted in it, over its age band."""
    oc2 = _oc2_cohort(ret)
    under_5, sdq_ages, from_10 = oc2["age"] < 5, oc2["age"].between(5, 16), oc2["age"].between(10, 17)
    return {
        "cla_health_assessments": oc2["HEALTH_ASSESSMENT"] == "1",
        "cla_immunisations": oc2["IMMUNISATIONS"] == "1",
        "cla_dental_checks": oc2["TEETH_CHECK"] == "1",
        "cla_development_assessments": oc2.loc[under_5, "HEALTH_CHECK"] == "1",
        "cla_sdq_received": oc2.loc[sdq_ages, "SDQ_SCORE"].notna(),
        "cla_sdq_concern": oc2.loc[sdq_ages, "SDQ_SCORE"].dropna() >= SDQ_CONCERN,
        "cla_convicted": oc2.loc[from_10, "CONVICTED"] == "1",
        "cla_substance_misuse": oc2["SUBSTANCE_MISUSE"] == "1",
    }


def oc2_figures(ret: Ssda903) -> dict[str, float | None]:
    """The OC2 measures, each over the children looked after continuously for 12 months in its age band on 31 March
    (a child with no OC2 row counts as not having had the check)."""
    oc2 = _oc2_cohort(ret)
    scores = oc2.loc[oc2["age"].between(5, 16), "SDQ_SCORE"].dropna()
    average = {"cla_sdq_average": float(scores.mean()) if len(scores) else None}
    return {indicator: percent_of(part) for indicator, part in oc2_shares(ret).items()} | average


def _care_leavers(oc3: pd.DataFrame, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The care leavers aged 17 to 18 and 19 to 21 at their birthday in the year, but those who died or went home to
    their parents for six months (as the DfE counts them)."""
    leavers = oc3[~oc3["IN_TOUCH"].isin(NOT_A_CARE_LEAVER_NOW)]
    age = age_on(leavers["DOB"], date(year, 3, 31))
    return leavers[age <= 18], leavers[age >= 19]


def oc3_shares(oc3: pd.DataFrame, year: int) -> dict[str, pd.Series]:
    """Each care leaver share's young people, True for those counted in it, over their age band."""
    young, older = _care_leavers(oc3, year)
    eet = EET_BEFORE_2022 if year < 2022 else EET
    apprenticeship = {"care_leavers_apprenticeship_19_21": older["ACTIV"].isin(APPRENTICESHIP)} if year >= 2022 else {}
    return {
        "care_leavers_eet": older["ACTIV"].isin(eet),
        "care_leavers_eet_17_18": young["ACTIV"].isin(eet),
        "care_leavers_neet_19_21": older["ACTIV"].isin(NEET),
        "care_leavers_higher_education_19_21": older["ACTIV"].isin(HIGHER_EDUCATION),
        **apprenticeship,
        "care_leavers_activity_not_known_19_21": older["ACTIV"].isin(ACTIVITY_NOT_KNOWN),
        "care_leavers_suitable_accommodation": older["ACCOM"].str.endswith("1"),
        "care_leavers_suitable_accommodation_17_18": young["ACCOM"].str.endswith("1"),
        "care_leavers_in_touch": older["IN_TOUCH"] == "YES",
    }


def oc3_figures(oc3: pd.DataFrame, year: int) -> dict[str, float | None]:
    """The care leaver measures, by age at the birthday in the year (17 to 18, 19 to 21), over every care leaver
    of that age but those who died or went home to their parents for six months (as the DfE counts them)."""
    shares = {indicator: percent_of(part) for indicator, part in oc3_shares(oc3, year).items()}
    return shares | {"care_leavers_19_21_count": float(len(_care_leavers(oc3, year)[1]))}


def adopted_in_year(episodes: pd.DataFrame, year: int) -> pd.DataFrame:
    """The episodes that ended in an adoption in the year (E11, E12), with their period of care's start and the
    days the adoption timings count from and to (NaT where there is none):

    - `placed_on`: the start of the run of placed-for-adoption episodes (PLACE A3 to A6) that ended in the adoption
      (NaT: not placed for adoption first);
    - `moved_in_on`: the day the child moved in with the carers who adopted it: `placed_on`, or for a child placed
      for adoption with its current foster carers (A3, A5) the start of the placement before (the scorecard's
      adjustment for foster carer adoptions), within the same period of care;
    - `authority_on`: the start of the first episode of the period under a placement order or freeing order (LS E1,
      D1), and `authority_known`: whether the episodes held reach it (an earlier one may be in an earlier return)."""
    first, last = year_span(year)
    e = _periods_and_placements(episodes)
    by_child = e.groupby("CHILD")
    new_period = e["period"] != by_child["period"].shift()
    placed = e["PLACE"].isin(PLACED_FOR_ADOPTION)
    # a run of placed-for-adoption episodes starts where the one before (in the period) was not one
    run_starts = placed & (new_period | ~by_child["PLACE"].shift().isin(PLACED_FOR_ADOPTION))
    run = run_starts.cumsum()
    e["placed_on"] = e["DECOM"].groupby(run).transform("first").where(placed)
    before_run = e["placement_start"].shift().where(run_starts & ~new_period)  # the placement the run followed
    foster_on = before_run.groupby(run).transform("first")
    e["moved_in_on"] = foster_on.where(e["PLACE"].isin(WITH_FOSTER_CARERS) & foster_on.notna(), e["placed_on"])
    authority = e["LS"].isin(COURT_AUTHORITY)
    first_authority = authority & (authority.groupby(e["period"]).cumsum() == 1)
    e["authority_on"] = e["DECOM"].where(first_authority).groupby(e["period"]).transform("first")
    # the first order's episode is the first held of its period: it may have started in an earlier return
    e["authority_known"] = e["period_known"] | ~(first_authority & new_period).groupby(e["period"]).transform("any")
    return e[e["REC"].isin(ADOPTED) & e["DEC"].between(first, last)]


def months_of(days: pd.Series) -> float:
    return float(days.dt.days.mean() / (365.25 / 12))


def mean_days(days: pd.Series) -> float:
    return float(days.dt.days.mean())


def uasc_on(uasc: pd.DataFrame, children: pd.Series, days: pd.Series) -> pd.Series:
    """Whether each child was an unaccompanied asylum-seeking child on its day (in the UASC table, its status not
    ceased by then)."""
    ceased = children.map(uasc.groupby("CHILD")["DUC"].max())
    listed = children.isin(set(uasc["CHILD"]))
    return listed & (ceased.isna() | (ceased > days))


def social_workers_in_year(sw: pd.DataFrame, year: int) -> pd.Series:
    """How many different social workers (SW_ID) each child had during the year."""
    first, last = year_span(year)
    overlapping = sw[(sw["SW_DECOM"] <= last) & (sw["SW_DEC"].isna() | (sw["SW_DEC"] >= first))]
    return overlapping.groupby("CHILD")["SW_ID"].nunique()
