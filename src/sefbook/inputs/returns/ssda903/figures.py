"""The figures an SSDA903 return gives (whole year or quarter ends), the reasons a figure is left out, and the counts behind each."""

from __future__ import annotations

from datetime import date

import pandas as pd

from sefbook.inputs.returns.collection import (
    COMPUTED_SOURCE,
    QUARTER_ENDS,
    ComputedFigure,
)
from sefbook.inputs.returns.ssda903.codes import (
    ADOPTED,
    CHILD_ARRANGEMENTS,
    OC2_INDICATORS,
    OC3_INDICATORS,
    OPTIONAL_TABLES,
    SPECIAL_GUARDIANSHIP,
)
from sefbook.inputs.returns.ssda903.history import all_episodes, history_holder, history_not_held
from sefbook.inputs.returns.ssda903.measures import (
    adopted_in_year,
    care_episodes,
    children_looked_after_on,
    long_term_stability,
    looked_after_on,
    mean_days,
    months_of,
    oc2_figures,
    oc2_shares,
    oc3_figures,
    oc3_shares,
    percent_of,
    placements_in_two_years,
    placements_in_year,
    social_workers_in_year,
    started_and_ceased,
    uasc_on,
    year_span,
)
from sefbook.inputs.returns.ssda903.read import Ssda903


def ssda903_figures(ret: Ssda903, population: dict[int, float]) -> list[ComputedFigure]:
    """The figures one SSDA903 return gives: on 31 March of its year if it covers it, else at
    the end of each quarter it covers. `population`: the council's published children aged 0 to
    17 by mid-year; a rate is computed only where the mid-year before the reporting year's end
    is known (as the DfE divides by)."""
    return figures_and_left_out(ret, population)[0]


def ssda903_left_out(ret: Ssda903, population: dict[int, float]) -> dict[str, str]:
    """The indicators this return could feed but does not, each with the reason."""
    return figures_and_left_out(ret, population)[1]


def _days(ret: Ssda903) -> list[tuple[int, date]]:
    """31 March of its year (quarter 0) for a whole return, else the quarter ends it covers."""
    if ret.covers_to >= date(ret.year, 3, 31):
        return [(0, date(ret.year, 3, 31))]
    return [
        (quarter, date(ret.year - 1, month, day))
        for quarter, month, day in QUARTER_ENDS[:3]
        if date(ret.year - 1, month, day) <= ret.covers_to
    ]


def figures_and_left_out(ret: Ssda903, population: dict[int, float]) -> tuple[list[ComputedFigure], dict[str, str]]:
    """The return's figures, and the indicators it could feed but does not, each with the reason (read once)."""
    source = f"{COMPUTED_SOURCE}SSDA903 {ret.year}"
    children = population.get(ret.year - 1)  # the year to 31 March 2025: mid-2024 estimates
    per_10k = (lambda count: count / children * 10_000) if children and children > 0 else None
    values: dict[tuple[str, int], float | None] = {}
    gaps = {
        indicator: reason
        for spec in OPTIONAL_TABLES
        if spec.name in ret.absent
        for indicator in spec.feeds
        for reason in [ret.absent[spec.name]]
    }
    days = _days(ret)
    if days and days[0][0] == 0:  # a whole year: who came into care, who left and how, and the year's measures
        whole, whole_gaps = _whole_year(ret, per_10k)
        values |= {(indicator, 0): value for indicator, value in whole.items()}
        gaps |= whole_gaps
    for quarter, day in days:
        count = looked_after_on(ret.episodes, day)
        values[("children_looked_after_count", quarter)] = float(count)
        values[("cla_rate", quarter)] = per_10k(count) if per_10k else None
        if "UASC" in ret.tables:
            values[("uasc_cla_rate", quarter)] = per_10k(uasc_looked_after(ret, day)) if per_10k else None
    figures = [
        ComputedFigure(indicator, ret.year, quarter, float(value), source)
        for (indicator, quarter), value in values.items()
        if value is not None
    ]
    return figures, {i: r for i, r in gaps.items() if not any(f.indicator == i for f in figures)}


def _whole_year(ret: Ssda903, per_10k) -> tuple[dict[str, float | None], dict[str, str]]:
    """The measures only a whole year's return gives, and why any of them is not given."""
    values: dict[str, float | None] = {}
    gaps: dict[str, str] = {}
    started, ceased = started_and_ceased(ret.episodes, ret.year)
    if per_10k:
        values |= {"cla_started_rate": per_10k(started), "cla_ceased_rate": per_10k(len(ceased))}
    if len(ceased):
        for indicator, reasons in CEASED_BY_REASON.items():
            values[indicator] = float(ceased.isin(reasons).mean() * 100)
    values["cla_three_placements"] = percent_of(placements_in_year(ret.episodes, ret.year) >= 3)
    two_years, unsettled = placements_in_two_years(all_episodes(ret), ret.year)
    if unsettled:
        gaps["cla_three_placements_2_years"] = (
            f"for {unsettled} children {history_holder(ret)} not hold the start of their time in care ({history_not_held(ret)})"
        )
    elif len(two_years):
        values["cla_three_placements_2_years"] = percent_of(two_years >= 3)
    stability, unsettled = long_term_stability(all_episodes(ret), ret.header, ret.year)
    if unsettled:
        gaps["cla_long_term_stability"] = (
            f"for {unsettled} children {history_holder(ret)} not hold the start of their time "
            f"in care or of their placement ({history_not_held(ret)})"
        )
    else:
        values["cla_long_term_stability"] = stability
    values |= _adoption(ret, gaps)
    if "OC2" in ret.tables:
        values |= oc2_figures(ret)
    if "OC3" in ret.tables:
        values |= oc3_figures(ret.tables["OC3"], ret.year)
    if "UASC" in ret.tables and per_10k:
        values["uasc_started_rate"] = per_10k(uasc_started(ret))
    if "social worker episodes" in ret.tables:
        values["cla_three_social_workers"] = percent_of(three_social_workers(ret))
        social_workers_two_years, why_not = three_social_workers_two_years(ret)
        if social_workers_two_years is None:
            gaps["cla_three_social_workers_2_years"] = why_not
        elif len(social_workers_two_years):
            values["cla_three_social_workers_2_years"] = percent_of(social_workers_two_years)
    return values, gaps


CEASED_BY_REASON = {
    "cla_ceased_adopted": ADOPTED,
    "cla_ceased_sgo": SPECIAL_GUARDIANSHIP,
    "cla_ceased_cao": CHILD_ARRANGEMENTS,
}


def uasc_looked_after(ret: Ssda903, day: date) -> int:
    """Children looked after on `day` who were unaccompanied asylum-seeking children then."""
    in_care = pd.Series(children_looked_after_on(ret.episodes, day))
    return int(uasc_on(ret.tables["UASC"], in_care, pd.Series(pd.Timestamp(day), index=in_care.index)).sum())


def uasc_started(ret: Ssda903) -> int:
    """Children starting care in the year (their first start) who were unaccompanied asylum-seeking children then."""
    first, last = year_span(ret.year)
    counted = care_episodes(ret.episodes)
    starts = counted[(counted["RNE"] == "S") & counted["DECOM"].between(first, last)].drop_duplicates("CHILD")
    return int(uasc_on(ret.tables["UASC"], starts["CHILD"], starts["DECOM"]).sum())


def three_social_workers_two_years(ret: Ssda903) -> tuple[pd.Series | None, str]:
    """Of the children looked after on 31 March whose time in care began by 1 April two years before (as for
    placements over two years), whether each had three or more different social workers (SW_ID) in those two years,
    from this year's social worker episodes and the year before's (linked); or None and why it cannot be said."""
    if ret.social_workers_before is None:
        return None, (
            f"it needs the year before's social worker episodes too: put ssda903-{ret.year - 1}, with its "
            f"social worker table, beside this one"
            if not ret.linked
            else f"{ret.linked[0]} has no social worker table"
        )
    cohort, unsettled = placements_in_two_years(all_episodes(ret), ret.year)
    if unsettled:
        return (
            None,
            f"for {unsettled} children {history_holder(ret)} not hold the start of their time in care ({history_not_held(ret)})",
        )
    sw = pd.concat([ret.social_workers_before, ret.tables["social worker episodes"]], ignore_index=True)
    first, last = pd.Timestamp(ret.year - 2, 4, 1), pd.Timestamp(ret.year, 3, 31)
    overlapping = sw[(sw["SW_DECOM"] <= last) & (sw["SW_DEC"].isna() | (sw["SW_DEC"] >= first))]
    workers = overlapping.groupby("CHILD")["SW_ID"].nunique()
    return workers.reindex(cohort.index, fill_value=0) >= 3, ""


def three_social_workers(ret: Ssda903) -> pd.Series:
    """Of the children looked after on 31 March, whether each had three or more social workers in the year."""
    workers = social_workers_in_year(ret.tables["social worker episodes"], ret.year)
    in_care = children_looked_after_on(ret.episodes, date(ret.year, 3, 31))
    return workers.reindex(in_care, fill_value=0) >= 3


def _adoption(ret: Ssda903, gaps: dict[str, str]) -> dict[str, float | None]:
    """Average months from entering care, and from the decision to adopt (AD1's DATE_INT) to the match with adopters
    (DATE_MATCH), to adoption, and the scorecard's A1, A10 and A2 in days, for the children adopted in the year."""
    adopted = adopted_in_year(all_episodes(ret), ret.year)
    values: dict[str, float | None] = {}
    if not len(adopted):
        return values
    if not adopted["period_known"].all():
        gaps["adoption_entry_to_adoption_months"] = (
            f"for {int((~adopted['period_known']).sum())} children adopted in the year {history_holder(ret)} not hold the "
            f"day they came into care ({history_not_held(ret)})"
        )
    else:
        values["adoption_entry_to_adoption_months"] = months_of(adopted["DEC"] - adopted["period_start"])
    values |= _scorecard(ret, adopted, gaps)
    if "AD1" in ret.tables:
        matched = adopted[["CHILD"]].merge(ret.tables["AD1"], on="CHILD", how="left")
        if matched["DATE_MATCH"].isna().any():
            gaps["adoption_decision_to_match_months"] = (
                f"{int(matched['DATE_MATCH'].isna().sum())} children adopted in the year have no AD1 row"
            )
        else:
            values["adoption_decision_to_match_months"] = months_of(matched["DATE_MATCH"] - matched["DATE_INT"])
    return values


def _scorecard(ret: Ssda903, adopted: pd.DataFrame, gaps: dict[str, str]) -> dict[str, float]:
    """The scorecard's A1 and A10 (entering care to moving in with the adoptive family) and A2 (court authority to
    the match), in days, over the children adopted in the year who count in each; why any is not given."""
    values: dict[str, float] = {}
    placed = adopted[adopted["placed_on"].notna()]  # not placed for adoption first: the scorecard leaves them out
    a1_a10 = ("adoption_a1_days", "adoption_a10_days")
    if not len(placed):
        for indicator in a1_a10:
            gaps[indicator] = (
                f"none of the {len(adopted)} children adopted in the year was placed for adoption "
                f"first (their adoption's episode is not PLACE A3 to A6), and the scorecard counts only "
                f"those who were"
            )
    elif not placed["period_known"].all():
        for indicator in a1_a10:
            gaps[indicator] = (
                f"for {int((~placed['period_known']).sum())} children adopted in the year {history_holder(ret)} "
                f"not hold the day they came into care ({history_not_held(ret)})"
            )
    else:
        values["adoption_a1_days"] = mean_days(placed["placed_on"] - placed["period_start"])
        values["adoption_a10_days"] = mean_days(placed["moved_in_on"] - placed["period_start"])
    if "AD1" not in ret.tables:
        return values  # its reason is the table's (OPTIONAL_TABLES)
    ordered = placed[placed["authority_on"].notna()]  # with neither order: the scorecard leaves them out
    matched = ordered[["CHILD", "authority_on", "authority_known"]].merge(ret.tables["AD1"], on="CHILD", how="left")
    if not len(ordered):
        gaps["adoption_a2_days"] = (
            f"none of the {len(adopted)} children adopted in the year was both placed for "
            f"adoption first (PLACE A3 to A6) and under a placement or freeing order (LS E1, "
            f"D1), whom alone the scorecard counts"
        )
    elif not matched["authority_known"].all():
        gaps["adoption_a2_days"] = (
            f"for {int((~matched['authority_known']).sum())} children adopted in the year {history_holder(ret)} not hold the "
            f"day the court gave authority to place them ({history_not_held(ret)})"
        )
    elif matched["DATE_MATCH"].isna().any():
        gaps["adoption_a2_days"] = (
            f"{int(matched['DATE_MATCH'].isna().sum())} children adopted in the year have no AD1 row"
        )
    else:  # matched before the court's authority: zero days, as the scorecard counts it
        waited = matched["DATE_MATCH"] - matched["authority_on"]
        values["adoption_a2_days"] = mean_days(waited.mask(waited < pd.Timedelta(0), pd.Timedelta(0)))
    return values


SSDA903_INDICATORS = (
    "children_looked_after_count",
    "cla_rate",
    "cla_started_rate",
    "cla_ceased_rate",
    "cla_ceased_adopted",
    "cla_ceased_sgo",
    "cla_ceased_cao",
    "cla_three_placements",
    "cla_three_placements_2_years",
    "cla_long_term_stability",
    *OC2_INDICATORS,
    *OC3_INDICATORS,
    "adoption_entry_to_adoption_months",
    "adoption_decision_to_match_months",
    "uasc_started_rate",
    "uasc_cla_rate",
    "cla_three_social_workers",
    "cla_three_social_workers_2_years",
    "adoption_a1_days",
    "adoption_a2_days",
    "adoption_a10_days",
)


def ssda903_counts(ret: Ssda903) -> dict[str, dict[str, float]]:
    """The counts of children behind a whole year's figures, per indicator, each under the column of the DfE's
    published table that carries it (a rate's count, the children counted in a share). Empty for a return in
    progress (the DfE publishes whole years only). Counts only: no child's row leaves this module."""
    if ret.covers_to < date(ret.year, 3, 31):
        return {}
    year, episodes = ret.year, ret.episodes
    started, ceased = started_and_ceased(episodes, year)
    counts: dict[str, float] = {
        "cla_rate": len(children_looked_after_on(episodes, date(year, 3, 31))),
        "cla_started_rate": started,
        "cla_ceased_rate": len(ceased),
        "cla_three_placements": (placements_in_year(episodes, year) >= 3).sum(),
    }
    two_years, unsettled = placements_in_two_years(all_episodes(ret), year)
    if len(two_years) and not unsettled:
        counts["cla_three_placements_2_years"] = (two_years >= 3).sum()
    if "OC2" in ret.tables:
        counts |= {indicator: part.sum() for indicator, part in oc2_shares(ret).items() if len(part)}
    if "social worker episodes" in ret.tables:
        counts["cla_three_social_workers"] = three_social_workers(ret).sum()
        social_workers_two_years, _ = three_social_workers_two_years(ret)
        if social_workers_two_years is not None and len(social_workers_two_years):
            counts["cla_three_social_workers_2_years"] = social_workers_two_years.sum()
    found = {indicator: {"children_count": float(count)} for indicator, count in counts.items()}
    if len(ceased):
        found |= {
            indicator: {"number": float(ceased.isin(reasons).sum())} for indicator, reasons in CEASED_BY_REASON.items()
        }
    if "OC3" in ret.tables:
        found |= {
            indicator: {"care_leaver_count": float(part.sum())}
            for indicator, part in oc3_shares(ret.tables["OC3"], year).items()
            if len(part)
        }
    if "UASC" in ret.tables:
        found |= {
            "uasc_started_rate": {"number": float(uasc_started(ret))},
            "uasc_cla_rate": {"number": float(uasc_looked_after(ret, date(year, 3, 31)))},
        }
    return found
