"""The two local collections (early help assessments, youth justice first-time entrants) and
Kingsmere's own unpublished figures for the example edition."""

from __future__ import annotations

import random

from .areas import AGE_10_17, KINGSMERE, YEARS, geography, rows_by_year_and_area
from .rounding import half_up
from .stories import SEED
from .world import World


def early_help(w: World):
    rows = []
    for year, area in rows_by_year_and_area():
        # Not a DfE collection, so counts are not rounded to 10 at any level.
        rows.append(
            {
                **geography(year, area),
                "category": "Early help",
                "early_help_assessments_started": str(half_up(w.expected("early_help_rate", area, year))),
            }
        )
    return ["category", "early_help_assessments_started"], rows


# Youth justice figures are published a year behind: the file stops at 2024, and Kingsmere's
# 2025 figure comes from its own youth justice service (local_figures.csv, provisional).
LAST_PUBLISHED_YJ_YEAR = 2024


def youth_justice(w: World):
    rows = []
    for year, area in rows_by_year_and_area():
        if year > LAST_PUBLISHED_YJ_YEAR:
            continue
        entrants = w.expected("first_time_entrant_rate", area, year, per=100_000, age=AGE_10_17)
        rows.append(
            {**geography(year, area), "category": "Youth justice", "first_time_entrants": str(half_up(entrants))}
        )
    return ["category", "first_time_entrants"], rows


# The first two quarters of 2025-26 from Kingsmere's own systems, for the quarterly report:
# (registry id, story, decimals), each drifting a little on from its 2025 level.
QUARTERLY = [
    ("rereferral_12m", "rereferral_pct", 1),
    ("assessments_45_days", "assessment_45_days_pct", 1),
    ("cpp_subsequent", "cpp_subsequent_pct", 1),
    ("sw_agency_rate", "agency_pct", 1),
    ("care_leavers_eet", "eet_19_21_pct", 0),
]


def kingsmere_local_figures(w: World):
    """The council's own, unpublished figures, in the canonical long shape: one row per
    indicator (a registry id) with its value as the report shows it. Quarters are written as
    the DfE writes them: time_period 202526, time_identifier Q1."""
    rows = []
    rng = random.Random(SEED + 1)  # its own draws: the published files stay byte-identical
    for quarter in (1, 2):
        for indicator, story, decimals in QUARTERLY:
            value = w.level(story, KINGSMERE, YEARS[-1]) * (1 + rng.gauss(0, 0.03))
            rows.append(
                {
                    **geography(YEARS[-1], KINGSMERE),
                    "time_period": f"{YEARS[-1]}{(YEARS[-1] + 1) % 100:02d}",
                    "time_identifier": f"Q{quarter}",
                    "indicator": indicator,
                    "value": f"{value:.{decimals}f}",
                }
            )
    for year in YEARS:
        if year > LAST_PUBLISHED_YJ_YEAR:
            entrants = half_up(w.expected("first_time_entrant_rate", KINGSMERE, year, per=100_000, age=AGE_10_17))
            rate = entrants / w.children(KINGSMERE, year - 1, AGE_10_17) * 100_000
            rows.append({**geography(year, KINGSMERE), "indicator": "youth_justice_fte_rate", "value": f"{rate:.1f}"})
    return ["indicator", "value"], rows
