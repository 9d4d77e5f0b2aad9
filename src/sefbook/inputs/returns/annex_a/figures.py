"""The figures an Annex A gives (counts and rates per 10,000 children on each quarter end, and the reasons a figure is left out)."""

from __future__ import annotations

from sefbook.inputs.returns.annex_a.adoption import ADOPTION_INDICATORS, adoption_measures
from sefbook.inputs.returns.annex_a.leavers import LEAVER_INDICATORS, NOT_FROM_ANNEX_A, care_leaver_measures
from sefbook.inputs.returns.annex_a.lists import AnnexA
from sefbook.inputs.returns.annex_a.quarters import on_a_day, quarter_ends, year_to_date, years_to_date
from sefbook.inputs.returns.collection import (
    COMPUTED_SOURCE,
    ComputedFigure,
)

RATES = {
    "children_in_need_count": "cin_rate",
    "child_protection_plan_count": "cpp_rate",
    "children_looked_after_count": "cla_rate",
}


def annex_a_figures(annex: AnnexA, population: dict[int, float]) -> list[ComputedFigure]:
    """The figures one Annex A gives, on each quarter end within the period its lists cover. `population`: the
    council's children aged 0 to 17 by mid-year; a rate is computed only where the mid-year before the reporting
    year's end is known."""
    source = f"{COMPUTED_SOURCE}Annex A {annex.run_on.isoformat()}"
    figures = []
    for year, quarter, day in quarter_ends(annex):
        children = population.get(year - 1)  # the year to 31 March 2025: mid-2024 estimates
        for name, value in on_a_day(annex, day).items():
            if value is None:
                continue
            figures.append(ComputedFigure(name, year, quarter, float(value), source))
            if name in RATES and children and children > 0:
                figures.append(ComputedFigure(RATES[name], year, quarter, value / children * 10_000, source))
    for year, quarter, first, last in years_to_date(annex):
        figures += [
            ComputedFigure(name, year, quarter, float(value), source)
            for name, value in year_to_date(annex, year, first, last).items()
            if value is not None
        ]
    for measures in (care_leaver_measures(annex)[0], adoption_measures(annex)[0]):
        figures += [
            ComputedFigure(name, year, quarter, value, source) for (name, year, quarter), value in measures.items()
        ]
    return figures


def annex_a_left_out(annex: AnnexA) -> dict[str, str]:
    """The care leaver and adoption indicators Lists 9 and 10 could feed but this Annex A gives no figure for,
    each with the reason (as ssda903_left_out gives the SSDA903's)."""
    leavers, why_leavers = care_leaver_measures(annex)
    adoptions, why_adoptions = adoption_measures(annex)
    given = {name for name, _, _ in leavers} | {name for name, _, _ in adoptions}
    return {
        indicator: reason
        for indicator, reason in (NOT_FROM_ANNEX_A | why_leavers | why_adoptions).items()
        if indicator not in given
    }


ANNEX_A_INDICATORS = (
    "children_in_need_count",
    "cin_rate",
    "child_protection_plan_count",
    "cpp_rate",
    "cpp_two_years",
    "children_looked_after_count",
    "cla_rate",
    "rereferral_12m",
    "referrals_no_further_action",
    "assessments_45_days",
    "icpc_15_days",
    "cpp_subsequent",
    *LEAVER_INDICATORS,
    *ADOPTION_INDICATORS,
)
