"""Adoption timeliness from List 10 (the days from entering care to moving in, and from authority to a match), by year to date."""

from __future__ import annotations

from datetime import date

import pandas as pd

from sefbook.inputs.returns.annex_a.lists import ADOPTION_LIST_MONTHS, MONTH_DAYS, SPECS, AnnexA, listed
from sefbook.inputs.returns.annex_a.quarters import quarter_ends_between

ADOPTION_INDICATORS = (
    "adoption_entry_to_adoption_months",
    "adoption_decision_to_match_months",
    "adoption_a1_days",
    "adoption_a2_days",
)


def adoptions_listed_from(annex: AnnexA) -> date:
    """The first day from which List 10 holds every adoption: the guidance's 12 months before the run, or further
    back to its earliest adoption order."""
    months = (pd.Timestamp(annex.run_on) - pd.DateOffset(months=ADOPTION_LIST_MONTHS)).date()
    earliest = listed(annex.adoptions, 10)["adopted"].min()
    return min(months, earliest.date()) if pd.notna(earliest) else months


def adoption_years_to_date(annex: AnnexA) -> list[tuple[int, int, date, date]]:
    """(reporting year, quarter, its first day, the quarter's end) of each quarter end on or before the run whose
    year to date (from 1 April; the whole year on 31 March) List 10 holds every adoption of."""
    start = adoptions_listed_from(annex)
    ends = quarter_ends_between(start, annex.run_on)
    return [(year, quarter, date(year - 1, 4, 1), day) for year, quarter, day in ends if date(year - 1, 4, 1) >= start]


def _mean_days(gaps: pd.Series) -> float:
    return float(gaps.dt.days.mean())


def adoption_timeliness(annex: AnnexA, first: date, last: date) -> tuple[dict[str, float], dict[str, str]]:
    """The averages over the children adopted (Date of Adoption Order) from `first` to `last`, and why any is not
    given (a column List 10 lacks, a date an adopted child's row lacks)."""
    adoptions, names = listed(annex.adoptions, 10), SPECS[10].columns
    adopted = adoptions[adoptions["adopted"].between(pd.Timestamp(first), pd.Timestamp(last))]
    when = f"from {first.strftime('%d/%m/%Y')} to {last.strftime('%d/%m/%Y')}"
    if not len(adopted):
        return {}, {indicator: f"no child in List 10 was adopted {when}" for indicator in ADOPTION_INDICATORS}
    values = {"adoption_entry_to_adoption_months": _mean_days(adopted["adopted"] - adopted["entered"]) / MONTH_DAYS}
    gaps = {}
    for indicator, start, end, unit in (
        ("adoption_decision_to_match_months", "decision", "matched", MONTH_DAYS),
        ("adoption_a1_days", "entered", "placed", 1),
    ):
        if end not in adopted:
            gaps[indicator] = f"List 10 has no column {names[end]!r}"
        elif adopted[end].isna().any():  # left out, not averaged over the others
            gaps[indicator] = f"{int(adopted[end].isna().sum())} children adopted {when} have no {names[end]!r}"
        else:
            values[indicator] = _mean_days(adopted[end] - adopted[start]) / unit
    lacking = [names[c] for c in ("placement_order", "matched", "placed") if c not in adopted]
    if lacking:
        gaps["adoption_a2_days"] = f"List 10 has no column {', '.join(map(repr, lacking))}"
    else:
        # the scorecard's A2: only children placed for adoption with court authority (a placement order)
        authorised = adopted[adopted["placement_order"].notna() & adopted["placed"].notna()]
        if authorised["matched"].isna().any():
            gaps["adoption_a2_days"] = (
                f"{int(authorised['matched'].isna().sum())} children adopted {when} with a "
                f"placement order have no {names['matched']!r}"
            )
        elif not len(authorised):
            gaps["adoption_a2_days"] = f"no child adopted {when} was placed for adoption under a placement order"
        else:  # matched before the court's authority: 0 days, as the scorecard counts it
            waited = authorised["matched"] - authorised["placement_order"]
            values["adoption_a2_days"] = _mean_days(waited.mask(waited < pd.Timedelta(0), pd.Timedelta(0)))
    return values, gaps


def adoption_measures(annex: AnnexA) -> tuple[dict[tuple[str, int, int], float], dict[str, str]]:
    """List 10's figures, (indicator, reporting year, quarter): value, over each year to date it holds every
    adoption of; and why an indicator it could give is not given."""
    if annex.adoptions is None:
        return {}, {indicator: "the workbook has no List 10 (adoption)" for indicator in ADOPTION_INDICATORS}
    if "adopted" not in annex.adoptions:
        return {}, {
            indicator: f"List 10 has no column {SPECS[10].columns['adopted']!r}" for indicator in ADOPTION_INDICATORS
        }
    values: dict[tuple[str, int, int], float] = {}
    gaps: dict[str, list[str]] = {}
    periods = adoption_years_to_date(annex)
    for year, quarter, first, last in periods:
        found, why = adoption_timeliness(annex, first, last)
        values |= {(indicator, year, quarter): value for indicator, value in found.items()}
        for indicator, reason in why.items():
            gaps.setdefault(indicator, []).append(reason)
    if not periods:
        start = adoptions_listed_from(annex).strftime("%d/%m/%Y")
        return {}, {
            indicator: f"List 10 holds the adoptions from {start} (the 12 months before the run, or its "
            f"earliest adoption order): no year to date from 1 April lies within that"
            for indicator in ADOPTION_INDICATORS
        }
    return values, {indicator: "; ".join(dict.fromkeys(reasons)) for indicator, reasons in gaps.items()}
