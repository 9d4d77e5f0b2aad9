"""The figures a CIN census gives (rates per 10,000 children, shares, medians) and the counts behind each."""

from __future__ import annotations

from datetime import date

from sefbook.inputs.returns.cin_census.measures import counts_on_a_day, counts_over_the_year, on_a_day, over_the_year
from sefbook.inputs.returns.cin_census.parse import CinCensus
from sefbook.inputs.returns.cin_census.schema import FACTORS
from sefbook.inputs.returns.collection import (
    COMPUTED_SOURCE,
    QUARTER_ENDS,
    ComputedFigure,
)

# counts turned into rates per 10,000 children, and the rate's indicator
RATES = {
    "children_in_need_count": "cin_rate",
    "child_protection_plan_count": "cpp_rate",
    "referrals_count": "referral_rate",
    "s47_count": "s47_rate",
    "icpc_count": "icpc_rate",
    "cpp_started_count": "cpp_started_rate",
    "children_in_need_started_count": "children_in_need_started_rate",
} | {column: indicator for indicator, (column, _) in FACTORS.items()}
COUNTS_SHOWN = {"children_in_need_count", "child_protection_plan_count", "referrals_count"}  # in the registry as counts


def _figures(
    values: dict[str, float | None], year: int, quarter: int, children: float | None, source: str
) -> list[ComputedFigure]:
    figures = []
    for name, value in values.items():
        if value is None:
            continue
        if name in COUNTS_SHOWN or name not in RATES:
            figures.append(ComputedFigure(name, year, quarter, float(value), source))
        if name in RATES and children and children > 0:
            figures.append(ComputedFigure(RATES[name], year, quarter, value / children * 10_000, source))
    return figures


def cin_figures(
    census: CinCensus, population: dict[int, float], earlier: CinCensus | None = None
) -> list[ComputedFigure]:
    """The figures one CIN census gives: for a whole year, on 31 March and over the year; for one
    in progress, on the last day of each quarter it covers. `population`: the council's published
    children aged 0 to 17 by mid-year; a rate is computed only where the mid-year before the
    reporting year's end is known (as the DfE divides by). `earlier`: the previous year's census,
    if there is one, for the previous referrals a re-referral looks back to."""
    source = f"{COMPUTED_SOURCE}CIN census {census.year}"
    children = population.get(census.year - 1)  # the year to 31 March 2025: mid-2024 estimates
    if census.covers_to >= date(census.year, 3, 31):
        values = on_a_day(census, date(census.year, 3, 31)) | over_the_year(census, earlier)
        return _figures(values, census.year, 0, children, source)
    figures = []
    for quarter, month, day in QUARTER_ENDS[:3]:
        end = date(census.year - 1, month, day)
        if end <= census.covers_to:
            figures += _figures(on_a_day(census, end), census.year, quarter, children, source)
    return figures


CIN_INDICATORS = (
    "children_in_need_count",
    "cin_rate",
    "child_protection_plan_count",
    "cpp_rate",
    "cpp_two_years",
    "cpp_under_3_months",
    "cpp_share_of_cin",
    "referrals_count",
    "referral_rate",
    "rereferral_12m",
    "referrals_no_further_action",
    "referrals_assessed_not_in_need",
    "children_in_need_started_rate",
    "assessments_45_days",
    "s47_rate",
    "icpc_rate",
    "s47_to_icpc",
    "icpc_15_days",
    "icpc_median_days",
    "cpp_started_rate",
    "cpp_subsequent",
    *FACTORS,
)

# The counts behind each figure, by the published columns that carry them: a rate's count, a share's part and whole.
COUNTED = {
    "children_in_need_count": ("At31_episodes",),
    "cin_rate": ("At31_episodes",),
    "child_protection_plan_count": ("CPP_At31",),
    "cpp_rate": ("CPP_At31",),
    "cpp_two_years": ("2_years_or_more", "CPP_At31"),
    "cpp_under_3_months": ("3_months_or_less", "CPP_At31"),
    "cpp_share_of_cin": ("CPP_At31", "At31_episodes"),
    "referrals_count": ("referral_count",),
    "referral_rate": ("referral_count",),
    "rereferral_12m": ("rereferral_count", "referral_count"),
    "referrals_no_further_action": ("no_further_action_count", "referral_count"),
    "referrals_assessed_not_in_need": ("not_in_need_count", "referral_count"),
    "children_in_need_started_rate": ("Started_episodes",),
    "assessments_45_days": ("assessments_within_45_days", "assessments_completed"),
    "s47_rate": ("Section47",),
    "icpc_rate": ("ICPC",),
    "s47_to_icpc": ("ICPC", "Section47"),
    "icpc_15_days": ("Duration_0-10_days", "Duration_11-15_days", "ICPC"),
    "icpc_median_days": ("ICPC",),  # the median itself is published as it is, with its conferences
    "cpp_started_rate": ("CPP_start",),
    "cpp_subsequent": ("CPP_subsequent", "CPP_start"),
} | {indicator: (column,) for indicator, (column, _) in FACTORS.items()}


def cin_counts(census: CinCensus, earlier: CinCensus | None = None) -> dict[str, dict[str, float]]:
    """The counts behind a whole year's figures (on 31 March and over the year), per indicator, each under the
    column of the DfE's published table that carries it: a rate's count, a share's part and whole. Empty for a census
    in progress (the DfE publishes whole years only). Counts only: no child's row leaves this module."""
    if census.covers_to < date(census.year, 3, 31):
        return {}
    counts = counts_on_a_day(census, date(census.year, 3, 31)) | counts_over_the_year(census, earlier)
    return {indicator: {column: float(counts[column]) for column in columns} for indicator, columns in COUNTED.items()}
