"""The files written: their names, their leading columns, how each is quoted and encoded, the
check that Kingsmere's shown cells are numbers, and the CSV writer."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .areas import GEOGRAPHY, GEOGRAPHY_NAME_FIRST, KINGSMERE
from .care_leavers import care_leavers_accommodation, care_leavers_activity, care_leavers_in_touch
from .children_in_need import (
    a1_assessments,
    b1_children_in_need,
    c1_referrals,
    c3_factors,
    c4_section_47s_and_icpcs,
    d3_subsequent_plans,
    d5_plans_by_duration,
)
from .fingertips import injuries_councils, injuries_regions
from .local_collections import early_help, kingsmere_local_figures, youth_justice
from .looked_after import (
    adoption_timings,
    cla_ceased_reasons,
    cla_characteristics,
    cla_new_placements,
    cla_numbers,
    cla_outcomes,
    cla_placement_stability,
    cla_school_moves,
    cla_social_workers,
    cla_started,
)
from .population import ons_population
from .school_outcomes import absence, ks2, ks4
from .workforce import csww_ethnicity, csww_indicators
from .world import World

# The real d3/d5 files quote empty geography fields ("") except old_la_code; so do we.
QUOTED_EMPTY = {"region_code", "region_name", "new_la_code", "la_name"}


@dataclass(frozen=True)
class Output:
    name: str
    make: Callable[[World], tuple[list[str], list[dict]]]
    name_first: bool = False  # la_name before new_la_code
    bom: bool = False  # UTF-8 byte-order mark, as some real files have
    quote_empty: bool = False
    geography: tuple[str, ...] | None = None  # other leading columns (a national-only file: fewer; Fingertips: none)

    def header(self, columns: list[str]) -> list[str]:
        if self.geography is not None:
            return list(self.geography) + columns
        return (GEOGRAPHY_NAME_FIRST if self.name_first else GEOGRAPHY) + columns


FILES = [
    Output("ons_mid-year_population_estimates_2020_to_2024.csv", ons_population),
    Output("b1_children_in_need_2021_to_2025.csv", b1_children_in_need),
    Output("c1_children_in_need_referrals_and_rereferrals_2021_to_2025.csv", c1_referrals),
    Output("a1_children_in_need_assessments_2021_to_2025.csv", a1_assessments),
    Output("c4_children_in_need_section_47s_and_icpcs_2021_to_2025.csv", c4_section_47s_and_icpcs, quote_empty=True),
    Output("d3_cpps_subsequent_plan_2021_to_2025.csv", d3_subsequent_plans, quote_empty=True),
    Output("d5_cpps_at31march_by_duration_2021_to_2025.csv", d5_plans_by_duration, quote_empty=True),
    Output("cla_number_and_rate_per_10k_children.csv", cla_numbers, name_first=True, bom=True),
    Output("la_cla_placement_stability.csv", cla_placement_stability, name_first=True, bom=True),
    Output("la_cla_during_year_new_placements.csv", cla_new_placements, name_first=True),
    Output("la_care_leavers_activity.csv", care_leavers_activity, name_first=True, bom=True),
    Output("la_care_leavers_accommodation_suitability.csv", care_leavers_accommodation, name_first=True),
    Output("la_care_leavers_in_touch.csv", care_leavers_in_touch, name_first=True),
    Output("csww_indicators_2021_to_2025.csv", csww_indicators),
    Output("early_help_assessments_2021_to_2025.csv", early_help),
    Output("yj_first_time_entrants_2021_to_2024.csv", youth_justice),
    # Added later (new draws only): files whose indicators the registry gained.
    Output("c3_factors_identified_at_end_of_assessment_2021_to_2025.csv", c3_factors),
    Output("la_cla_on_31_march_by_characteristics.csv", cla_characteristics, name_first=True),
    Output("la_children_who_started_to_be_looked_after_during_the_year.csv", cla_started, name_first=True),
    Output("la_children_who_ceased_during_the_year.csv", cla_ceased_reasons, name_first=True),
    Output("la_cla_school_moves.csv", cla_school_moves, name_first=True),
    Output("la_cla_swcount.csv", cla_social_workers, name_first=True),
    Output("la_conviction_health_outcome_cla.csv", cla_outcomes, name_first=True),
    Output(
        "national_cla_adopted_average_time_between_adoption_process_stages.csv",
        adoption_timings,
        geography=tuple(GEOGRAPHY[:5]),
    ),
    Output("absence_la.csv", absence, name_first=True),
    Output("ks2_la.csv", ks2, name_first=True, bom=True),
    Output("ks4_la.csv", ks4, name_first=True, bom=True),
    Output("csww_role_by_characteristics_inpost_2021_to_2025.csv", csww_ethnicity),
    Output("la_hospital_admissions_2324.csv", injuries_councils, geography=()),
    Output("region_hospital_admissions_2324.csv", injuries_regions, geography=()),
]
# Written into the example edition, not the data folder: the council's own figures.
LOCAL_FIGURES = Output("local_figures.csv", kingsmere_local_figures)


# Kingsmere's figures that the example edition shows (sefs/example-*/sef.yml lists the
# indicators) are all numbers, but for the one scripted "c" (KINGSMERE_SUPPRESSED_YEAR): in the
# files added later a council's count of 1 to 5 is "c", as in the real files, and Kingsmere has
# some in breakdowns it does not report (a few young people in one category). (file, rows,
# columns) of the cells the edition's newer indicators read; keep this in step with the sections'
# lists.
KINGSMERE_SHOWN = [
    (
        "c1_children_in_need_referrals_and_rereferrals_2021_to_2025.csv",
        {},
        ["no_further_action_count", "no_further_action_percent", "not_in_need_count", "not_in_need_percent"],
    ),
    ("c3_factors_identified_at_end_of_assessment_2021_to_2025.csv", {}, ["Young_Carer"]),
    ("la_hospital_admissions_2324.csv", {"Sex": "Persons", "Category Type": ""}, ["Value", "Count"]),
    (
        "la_cla_on_31_march_by_characteristics.csv",
        {"cla_group": "Placement", "characteristic": "Foster placements"},
        ["number", "percentage"],
    ),
    (
        "la_conviction_health_outcome_cla.csv",
        {"breakdown": "Had their annual health assessment"},
        ["children_count", "children_percent"],
    ),
    ("la_conviction_health_outcome_cla.csv", {"breakdown": "SDQ average score"}, ["children_count"]),
    (
        "absence_la.csv",
        {"social_care_group": "CLA 12 months at 31 March", "phase_type_grouping": "Total"},
        ["t_pupils", "t_pupils_pa_10_exact", "pt_pupils_pa_10_exact"],
    ),
    (
        "la_care_leavers_activity.csv",
        {"care_leaver_age": "19 to 21 years", "breakdown": "Higher education i.e. studies beyond A level"},
        ["care_leaver_count", "care_leaver_percent"],
    ),
    ("csww_indicators_2021_to_2025.csv", {}, ["absence_rate_fte"]),
    (
        "la_cla_swcount.csv",
        {"cla_group": "CLA on 31 March", "sw_stability": "3 or more social workers during the year"},
        ["children_count", "children_percent"],
    ),
    (
        "csww_role_by_characteristics_inpost_2021_to_2025.csv",
        {"role": "Total", "breakdown": "White"},
        ["inpost_headcount", "inpost_headcount_percentage"],
    ),
]


def check_kingsmere_shown(name: str, rows: list[dict]) -> None:
    for file, filters, columns in KINGSMERE_SHOWN:
        if file != name:
            continue
        ours = [
            r
            for r in rows
            if (r.get("old_la_code") or r.get("Area Code")) in ("991", KINGSMERE.new_la_code)
            and all(r[k] == v for k, v in filters.items())
        ]
        assert ours, f"{name}: no Kingsmere rows for {filters}"
        for r in ours:
            for column in columns:
                assert r[column] not in ("", "c", "x", "z", "k", "low", "u"), (
                    f"{name}: Kingsmere {r.get('time_period') or r.get('Time period')} {filters} {column} is "
                    f"{r[column]!r}, but the example edition shows it; adjust its story"
                )


def quote_minimal(value: str) -> str:
    if any(ch in value for ch in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_csv(path: Path, header: list[str], rows: list[dict], bom: bool, quote_empty: bool):
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        if not quote_empty:
            writer = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
            writer.writerow(header)
            writer.writerows([row[c] for c in header] for row in rows)
            return
        # csv.writer never quotes an empty field, so write these lines by hand.
        f.write(",".join(header) + "\n")
        f.writelines(
            ",".join('""' if row[c] == "" and c in QUOTED_EMPTY else quote_minimal(row[c]) for c in header) + "\n"
            for row in rows
        )
