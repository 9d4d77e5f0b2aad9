"""Make sefbook's example data: fictional statistics in the shape of the real DfE files.

Writes one CSV per publication that the indicator registry (src/sefbook/inputs/indicators.yml)
reads from a CSV into data/example/ (or --out DIR):

    ONS mid-year population estimates; children in need (a1, b1, c1, c3, c4, d3, d5); children
    looked after (numbers and rates, placement stability, new placements, characteristics on 31
    March, children who started and ceased, school moves, social worker changes, outcomes (OC2),
    adoption timings); care leavers (activity, accommodation, in touch); outcomes of children in
    need and looked after (absence, key stage 2, key stage 4); the social work workforce
    (indicators, ethnicity); an OHID Fingertips export (hospital admissions for injury); and two
    local collections: early help assessments and youth justice first-time entrants.

The MHCLG spending and Ofsted outcome workbooks (ODS) are not imitated.

EVERYTHING HERE IS FICTIONAL. The council (Kingsmere), its ten statistical neighbours, their
codes and every number are invented; only the England and East Midlands geography codes are
real. The files copy the published files' shape (column order, geography columns, filter values,
rounding, symbols such as c, x, z, low and k, byte-order marks and quoted empty fields) so that
readers written for the real files are exercised by the example, but no real value is used.

The generator is seeded and uses the standard library only, so running it again writes
byte-identical files:

    python scripts/make_example_data.py [--out DIR]

random.Random(20250331) draws the figures of the first example files (STORIES); every figure
added since (NEW_STORIES: new columns, new rows, new files) comes from a second generator,
random.Random(20250331 + 2), so adding them left every earlier figure exactly as it was. Add new
figures the same way: to NEW_STORIES, after the ones already there.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SEED = 20250331
REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "data" / "example"
DEFAULT_EDITION = REPO / "sefs" / "example-2025"

# Reporting years: 2025 is the year to 31 March 2025. DfE pair reporting year Y with the ONS
# mid-year estimate for Y - 1, so the population file runs a year behind.
YEARS = [2021, 2022, 2023, 2024, 2025]
POPULATION_YEARS = [year - 1 for year in YEARS]

NATIONAL, REGIONAL, LOCAL = "National", "Regional", "Local authority"
AGE_0_17 = "Children aged 0 to 17 years"
AGE_10_17 = "Children aged 10 to 17 years"


# --- areas -----------------------------------------------------------------------------------

NORTH_WEST = ("E12000002", "North West")
YORKSHIRE = ("E12000003", "Yorkshire and The Humber")
EAST_MIDLANDS_REGION = ("E12000004", "East Midlands")
WEST_MIDLANDS = ("E12000005", "West Midlands")


@dataclass(frozen=True)
class Area:
    level: str
    region_code: str
    region_name: str
    old_la_code: str
    new_la_code: str
    la_name: str
    children: int  # aged 0 to 17 at mid-2020
    growth: float  # yearly growth of the 0 to 17 population
    teen_share: float  # aged 10 to 17 as a share of 0 to 17 at mid-2020
    teen_growth: float  # yearly growth of the 10 to 17 population

    @property
    def key(self) -> str:
        return self.old_la_code or self.region_code or "E92000001"


def council(old_code: int, name: str, region, children, growth, teen_share, teen_growth) -> Area:
    # Invented codes: old 981-991 and E06000981-E06000991 are not used by any real council.
    return Area(LOCAL, *region, str(old_code), f"E06000{old_code}", name, children, growth, teen_share, teen_growth)


ENGLAND = Area(NATIONAL, "", "", "", "", "", 12_030_000, 0.002, 0.443, 0.005)
EAST_MIDLANDS = Area(REGIONAL, *EAST_MIDLANDS_REGION, "", "", "", 1_002_000, 0.004, 0.448, 0.006)
KINGSMERE = council(991, "Kingsmere", EAST_MIDLANDS_REGION, 61_600, 0.003, 0.432, 0.006)
NEIGHBOURS = [
    council(981, "Ashcombe", EAST_MIDLANDS_REGION, 54_800, 0.004, 0.441, 0.006),
    council(982, "Brackenridge", WEST_MIDLANDS, 71_200, 0.001, 0.446, 0.004),
    council(983, "Calderbury", YORKSHIRE, 47_300, -0.002, 0.452, 0.003),
    council(984, "Dunmoor", NORTH_WEST, 63_900, 0.000, 0.447, 0.005),
    council(985, "Fernleigh", EAST_MIDLANDS_REGION, 41_600, 0.006, 0.437, 0.008),
    council(986, "Greyhallow", WEST_MIDLANDS, 88_400, 0.003, 0.439, 0.006),
    council(987, "Hollinsbury", YORKSHIRE, 58_100, -0.001, 0.449, 0.004),
    council(988, "Ketterby", EAST_MIDLANDS_REGION, 66_700, 0.005, 0.436, 0.007),
    council(989, "Lowmarsh", WEST_MIDLANDS, 79_500, 0.002, 0.444, 0.005),
    council(990, "Northwold", EAST_MIDLANDS_REGION, 44_900, -0.003, 0.455, 0.002),
]
# Published row order within a year: National, Regional, then councils by old code.
AREAS = [ENGLAND, EAST_MIDLANDS] + sorted(NEIGHBOURS + [KINGSMERE], key=lambda a: a.old_la_code)

# Scripted symbol events (see data/example/README.md).
C1_FAILED_RETURN = ("987", 2021)  # Hollinsbury: referrals return failed, every measure "x"
CSWW_NO_AGENCY = ("982", 2024)  # Brackenridge: agency FTE above zero but rounds to 0.0, "low"
CARE_LEAVER_ONE_NEET = ("986", 2023)  # Greyhallow: one 19-21 year-old NEET, percent "k"
KINGSMERE_SUPPRESSED_YEAR = 2022  # two-year child protection plans under 6: "c"


# --- stories ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    england: float  # England's level in 2021
    trend: float  # England's change per year
    spread: float  # how far a neighbour may sit from England (standard deviation)
    noise: float  # a council's year-to-year wobble (standard deviation)
    kingsmere: tuple[float, float]  # Kingsmere in 2021 and 2025, a straight line between
    low: float = 0.0
    high: float = 1e9


def percent(england, trend, spread, noise, kingsmere, low=0.3) -> Story:
    # Keep percentages off 0 and 100 so every category has someone in it.
    return Story(england, trend, spread, noise, kingsmere, low=low, high=99.0)


# Rates are per 10,000 children aged 0 to 17 unless named otherwise.
STORIES = {
    # children in need
    "cin_started_rate": Story(325, 2, 45, 10, (345, 320)),
    "cin_at31_rate": Story(328, 1, 50, 8, (362, 335)),
    "referral_rate": Story(515, 3, 90, 20, (548, 505)),
    "rereferral_pct": percent(22.4, -0.1, 3.5, 1.0, (24.2, 19.0)),
    "assessment_rate": Story(525, 3, 90, 20, (560, 515)),
    "assessment_45_days_pct": percent(82.5, -0.2, 6, 2, (76, 88)),
    "s47_rate": Story(178, 2, 40, 8, (196, 184)),
    "icpc_per_s47_pct": percent(36, -0.3, 6, 2, (34, 33)),
    "icpc_15_days_pct": percent(78, 0.2, 9, 3, (84.5, 85.5)),
    "icpc_0_10_share_pct": percent(58, 0, 8, 3, (60, 64)),  # of those within 15 days
    # child protection: Kingsmere's repeat plans are a worry that is not shifting
    "cpp_start_rate": Story(51, -0.3, 12, 3, (56, 54)),
    "cpp_subsequent_pct": percent(23.6, 0.2, 4, 1.5, (26.4, 25.9)),
    "cpp_at31_rate": Story(41, -0.3, 10, 2, (44, 41)),
    "cpp_two_years_pct": Story(2.6, -0.05, 0.8, 0.5, (3.2, 2.8), low=0.3, high=10),
    # children looked after
    "cla_at31_rate": Story(69, 0.4, 20, 1.5, (79, 74)),
    "cla_start_rate": Story(25, 0.3, 6, 1.5, (29, 27)),
    "three_placements_pct": percent(10, 0, 2, 1, (11, 9)),
    "long_term_group_pct": percent(35, 0, 4, 1.5, (36, 35)),  # of children looked after
    "long_term_stable_pct": percent(70, 0.2, 5, 2, (68, 72)),
    "new_placements_per_100_cla": Story(78, 0, 10, 4, (80, 82)),
    "over_20_miles_pct": percent(21.5, 0.2, 5, 1.5, (15, 21)),  # Kingsmere: a worry
    # care leavers (cohorts per 100 children looked after at 31 March); the small categories
    # have a 1% floor so that "k" appears only where it is scripted
    "leavers_17_18_per_100_cla": Story(18, 0, 2, 1, (18, 18.5)),
    "leavers_19_21_per_100_cla": Story(47, 0, 4, 1.5, (45, 47)),
    "eet_17_18_pct": percent(65, 0.3, 6, 3, (63, 66)),
    "eet_19_21_pct": percent(55.5, 0.2, 6, 2.5, (52, 60)),
    "activity_unknown_pct": percent(4, 0, 2, 1, (3, 2), low=1),
    "suitable_17_18_pct": percent(90, 0.2, 4, 2, (91, 92)),
    "suitable_19_21_pct": percent(88, 0.1, 4, 2, (89.5, 90.5)),
    "accommodation_unknown_pct": percent(5, 0, 2, 1, (3, 3), low=1),
    "in_touch_17_18_pct": percent(95, 0, 2.5, 1.5, (96, 97)),
    "in_touch_19_21_pct": percent(92, 0.1, 3, 1.5, (94.5, 95.5)),
    "no_longer_requires_pct": percent(3, 0, 1.5, 0.8, (2, 2), low=1),
    # social work workforce: Kingsmere's falling agency use is its success story
    "social_workers_rate": Story(29.5, 0.3, 5, 1, (29, 31)),  # FTE in post per 10,000
    "turnover_pct": percent(15.4, -0.4, 3.5, 1.5, (18.5, 13)),
    "agency_pct": percent(16.5, 0, 6, 1.5, (24, 12)),
    "vacancy_pct": percent(18.5, -0.2, 4, 2, (22, 15)),
    "caseload": Story(16.4, 0, 2, 0.6, (17.2, 15.0), low=8),
    # local collections: family hubs open; fewer children enter the youth justice system
    "early_help_rate": Story(195, 5, 50, 10, (150, 230)),
    "first_time_entrant_rate": Story(155, -6, 35, 10, (170, 120)),  # per 100,000 aged 10-17
}


# Figures added after the first release: drawn from random.Random(NEW_SEED), in this order.
# Stories named *_share_pct split a printed count into the parts a file publishes (apportion:
# the parts always add up to their total); other *_pct stories are a share of a count.
NEW_SEED = SEED + 2
NEW_STORIES = {
    # children in need (b1, c1): episodes over the year, and the front door
    "cin_opening_pct": Story(101, 0, 3, 1, (102, 101), low=85, high=115),  # open 1 April 2020, % of At31 2021
    "cin_child_pct": percent(93.5, 0, 1, 0.4, (93, 93.5)),  # children per 100 episodes
    "awaiting_assessment_rate": Story(13, 0.2, 4, 1.2, (16, 9), low=1),  # per 10,000 on 31 March
    "nfa_pct": percent(6.5, -0.1, 3, 1, (4.5, 3), low=0.4),  # referrals with no further action
    "not_in_need_pct": percent(30, 0.3, 6, 2, (34, 29)),  # assessed, not in need
    "referral_child_pct": percent(88, 0, 2, 0.7, (87.5, 88.5)),  # children per 100 referrals
    "rereferral_child_pct": percent(82, 0, 2, 1, (82, 82)),  # re-referred children per 100 re-referrals
    # section 47s and conferences (c4)
    "s47_child_pct": percent(93, 0, 1.5, 0.5, (93, 93)),
    "icpc_child_pct": percent(95, 0, 1.5, 0.5, (95, 95)),
    "icpc_16_20_share_pct": percent(45, 0, 8, 3, (50, 55)),  # of conferences after 15 days
    # plans by length on 31 March (d5): shares of the plans open under two years
    "cpp_3m_share_pct": percent(32, 0.2, 4, 1.5, (30, 34)),
    "cpp_3_6m_share_pct": percent(26, 0, 3, 1.5, (26, 26)),
    "cpp_6_12m_share_pct": percent(27, 0, 3, 1.5, (28, 27)),
    # children looked after: ceasing, two-year stability, where new placements are
    "cla_ceased_rate": Story(24.5, 0.3, 6, 1.5, (30, 29)),  # per 10,000; Kingsmere: more leave than start
    "cla_2_years_share_pct": percent(47, 0, 4, 1.5, (49, 47)),  # looked after two years, of CLA
    "three_placements_2y_pct": percent(18, 0, 3, 1.5, (19, 15)),
    "far_inside_share_pct": percent(18, 0, 8, 3, (10, 12)),  # of new placements over 20 miles
    "near_outside_share_pct": percent(22, 0, 8, 3, (18, 20)),  # of those 20 miles or less
    "distance_unknown_pct": percent(2, 0, 1, 0.5, (1.5, 1.5), low=0.3),  # of all new placements
    # children looked after on 31 March: placement, distance, unaccompanied children
    "foster_pct": percent(69, -0.6, 5, 1.5, (71, 69)),
    "childrens_homes_pct": percent(11, 0.4, 3, 1, (9, 10.5)),
    "independent_pct": percent(8, 0.4, 3, 1, (7, 8)),
    "far_31_march_pct": percent(19, 0.2, 5, 1.5, (15, 17)),
    "distance_unknown_31_march_pct": percent(2, 0, 1, 0.5, (1, 1), low=0.3),
    "uasc_cla_pct": percent(7, 0.3, 4, 1, (4, 6), low=0.5),  # of children looked after
    "uasc_started_pct": percent(14, 0.5, 7, 2, (9, 12), low=1),  # of children starting
    # why children ceased to be looked after (shares of all who ceased)
    "ceased_adopted_pct": percent(9.5, -0.3, 3, 1.5, (11, 9)),
    "ceased_sgo_pct": percent(12, 0.2, 3, 1.5, (11, 15)),  # Kingsmere's kinship work
    "ceased_cao_pct": percent(3.5, 0, 1.5, 0.8, (3, 3.5), low=0.5),
    "ceased_home_pct": percent(30, 0, 5, 2, (29, 28)),
    "ceased_independent_pct": percent(11, 0, 3, 1.5, (12, 11)),
    # school moves (children of school age looked after on 31 March)
    "school_age_pct": percent(62, 0, 3, 1, (63, 62)),
    "school_moves_any_pct": percent(30, 0, 5, 2, (32, 28)),
    "school_moves_mid_pct": percent(11, 0, 3, 1.2, (13, 10)),
    # social worker changes (la_cla_swcount): steadier as agency use falls
    "three_sw_pct": percent(11, 0, 4, 1.5, (16, 9)),
    "three_sw_2y_pct": percent(24, 0, 6, 2, (30, 20)),
    # outcomes of children looked after for 12 months (OC2)
    "oc2_cohort_pct": percent(70, 0, 3, 1, (70, 71)),  # of CLA on 31 March
    "oc2_0_4_pct": percent(9, 0, 1.5, 0.5, (9, 9)),  # age groups, of the cohort
    "oc2_10_17_pct": percent(58, 0, 3, 1, (59, 58)),
    "oc2_5_16_pct": percent(69, 0, 3, 1, (68, 69)),
    "development_pct": percent(88, 0, 5, 2, (85, 90)),
    "convicted_pct": percent(2.5, -0.1, 1, 0.5, (4, 3.2), low=0.3),
    "health_assessment_pct": percent(89, 0, 4, 2, (86, 92)),
    "immunisations_pct": percent(83, 0, 6, 2, (80, 85)),
    "dental_pct": percent(74, 2, 9, 3, (70, 82)),
    "sdq_received_pct": percent(77, 0, 8, 3, (72, 84)),
    "sdq_average": Story(13.8, 0, 1.2, 0.4, (14.5, 13.9), low=8, high=20),
    "sdq_concern_pct": percent(38, 0, 5, 2, (41, 37)),  # of scores received
    "sdq_borderline_pct": percent(13, 0, 2, 1, (13, 13)),
    "substance_pct": percent(3, 0, 1.5, 0.5, (3.5, 3), low=0.6),
    "substance_intervention_pct": percent(55, 0, 12, 5, (50, 60)),  # of those identified
    "substance_refused_pct": percent(25, 0, 8, 4, (25, 22)),  # of those identified
    # care leavers' activity in detail: shares of those in EET, and of those not
    "cl_education_17_18_pct": percent(70, -0.5, 6, 2, (72, 68)),
    "cl_he_17_18_pct": percent(4, 0, 1.5, 0.7, (3, 4)),
    "cl_apprentice_17_18_pct": percent(5, 0.2, 2, 1, (3, 6)),
    "cl_education_19_21_pct": percent(38, 0, 5, 2, (36, 36)),
    "cl_he_19_21_pct": percent(12, 0.2, 3, 1.5, (12, 14)),
    "cl_apprentice_19_21_pct": percent(4, 0.2, 1.5, 0.7, (3, 8)),  # ring-fenced council apprenticeships
    "cl_neet_illness_pct": percent(18, 0, 4, 2, (17, 18)),
    "cl_neet_parenting_pct": percent(14, 0, 3, 1.5, (15, 13)),
    # social work workforce: the rest of the indicators file, and ethnicity
    "headcount_per_fte_pct": Story(106, 0, 2, 0.5, (105, 105), low=100, high=115),
    "starter_pct": percent(16, -0.2, 3.5, 1.5, (19, 16)),
    "agency_cover_pct": percent(80, 0, 8, 3, (88, 82)),  # agency workers covering vacancies
    "case_holder_pct": percent(58, 0, 5, 2, (60, 62)),  # of social workers in post
    "sw_absence_pct": percent(3.3, 0.05, 0.8, 0.3, (3.9, 3.1)),
    "ethnic_minority_pct": percent(24, 0.5, 6, 1, (12, 16)),  # of those whose ethnicity is known
    "ethnicity_unknown_pct": percent(6, -0.2, 2, 1, (5, 4), low=1),
    # absence, key stage 2 and key stage 4 of children in need, on a plan, looked after
    "abs_cino_pct": percent(16, 0.3, 2, 0.6, (17, 16)),
    "abs_cppo_pct": percent(19, 0.3, 2.5, 0.8, (20, 18.5)),
    "abs_cla_pct": percent(8.5, 0.2, 1.5, 0.5, (9, 8)),
    "pa_cino_pct": percent(44, 0.5, 5, 1.5, (47, 44)),
    "pa_cppo_pct": percent(51, 0.5, 5, 1.5, (54, 50)),
    "pa_cla_pct": percent(23, 0.5, 4, 1.5, (25, 21)),
    "sa_cino_pct": percent(10, 0.4, 2.5, 0.8, (11, 10)),
    "sa_cppo_pct": percent(14, 0.4, 3, 1, (15, 13)),
    "sa_cla_pct": percent(4, 0.2, 1.5, 0.6, (4.5, 3.5)),
    "ks2_rwm_cino_pct": percent(29, 0.5, 5, 3, (27, 30)),
    "ks2_rwm_cppo_pct": percent(25, 0.5, 6, 4, (22, 26)),
    "ks2_rwm_cla_pct": percent(32, 0.5, 6, 4, (30, 36)),
    "att8_cino": Story(17.5, 0.2, 2, 0.8, (16.5, 17.5), low=5, high=60),
    "att8_cppo": Story(14, 0.2, 2, 1, (13, 14.5), low=5, high=60),
    "att8_cla": Story(20, 0.3, 2.5, 1.2, (19, 22), low=5, high=60),
    # hospital admissions for injury, children aged 0 to 14 (per 10,000; OHID)
    "injury_admissions_rate": Story(78, -1.5, 15, 4, (92, 81)),
    # adoption timings (England only): months for each stage, and children adopted
    "adopt_entry_to_decision": Story(9.5, 0.2, 1, 0.8, (0, 0)),
    "adopt_decision_to_match": Story(6.5, 0.6, 1, 0.5, (0, 0)),
    "adopt_match_to_placed": Story(1.3, 0, 0.2, 0.15, (0, 0), low=0.5),
    "adopt_placed_to_adopted": Story(7, 0.2, 1, 0.5, (0, 0)),
    "adopted_children": Story(2950, -60, 100, 40, (0, 0)),
}
# Factors identified at the end of assessment (c3): each a share of the episodes with a factor,
# England's level first; Kingsmere's own level runs between the two multiples of it.
C3_FACTORS = [
    ("Alcohol_Misuse_child", 2.1, (1, 1)),
    ("Alcohol_Misuse_parent", 14, (1.1, 1.05)),
    ("Alcohol_Misuse_person", 2.3, (1, 1)),
    ("Drug_Misuse_child", 4.8, (1, 1.1)),
    ("Drug_Misuse_parent", 14, (1.05, 1.1)),
    ("Drug_Misuse_person", 3.1, (1, 1)),
    ("Domestic_Abuse_child", 11.5, (1.2, 1.1)),
    ("Domestic_Abuse_parent", 32, (1.15, 1.1)),
    ("Domestic_Abuse_person", 5, (1.1, 1.05)),
    ("Mental_Health_child", 17, (0.95, 1.1)),
    ("Mental_Health_parent", 33, (1, 1.05)),
    ("Mental_Health_person", 4.6, (1, 1)),
    ("Learning_Disability_child", 12, (1, 1)),
    ("Learning_Disability_parent", 3, (1, 1)),
    ("Learning_Disability_person", 1.5, (1, 1)),
    ("Physical_Disability_child", 4.7, (1, 1)),
    ("Physical_Disability_parent", 5.2, (1, 1)),
    ("Physical_Disability_person", 1.4, (1, 1)),
    ("Young_Carer", 3.6, (0.8, 1.3)),
    ("Privately_fostered", 0.4, (1, 1)),
    ("Unaccompanied_asylum_seeker", 1.2, (0.6, 0.8)),
    ("Going_missing", 3.3, (1.1, 0.9)),
    ("Child_sexual_exploitation", 2.4, (1.1, 0.9)),
    ("Trafficking", 0.45, (1, 1)),
    ("Gangs", 1.7, (0.9, 1.1)),
    ("Socially_unacceptable_behaviour", 7, (1, 1)),
    ("Self_harm", 5, (1, 1.1)),
    ("Neglect", 18, (1.1, 0.95)),
    ("Emotional_Abuse", 19, (1, 1)),
    ("Physical_Abuse_unknown", 0.6, (1, 1)),
    ("Physical_Abuse_child_on_child", 3, (1, 1.1)),
    ("Physical_Abuse_adult_on_child", 12, (1, 1)),
    ("Sexual_Abuse_unknown", 0.4, (1, 1)),
    ("Sexual_Abuse_child_on_child", 2.5, (1, 1.1)),
    ("Sexual_Abuse_adult_on_child", 3.7, (1, 1)),
    ("Female_Genital_Mutilation", 0.15, (1, 1)),
    ("Faith_linked_abuse", 0.45, (1, 1)),
    ("Child_criminal_exploitation", 3.2, (1, 1.3)),
    ("Other", 16, (1, 1)),
]
NEW_STORIES["c3_episodes_pct"] = percent(80, 0, 5, 2, (78, 82))  # assessments ending with a factor
for _factor, _england, (_k0, _k1) in C3_FACTORS:
    NEW_STORIES[f"c3_{_factor}"] = percent(
        _england, 0, _england * 0.25, _england * 0.08, (_england * _k0, _england * _k1), low=_england / 4
    )


class World:
    """Every random draw happens here, once, in a fixed order; the file writers are pure."""

    def __init__(self, rng: random.Random, new_rng: random.Random):
        self.population = self._populations(rng)
        self.levels = self._levels(rng, STORIES)
        # Figures added after the first release draw from their own generator, so the draws
        # above (and every figure in the first files) stay exactly as they were.
        self.levels.update(self._levels(new_rng, NEW_STORIES))

    @staticmethod
    def _populations(rng):
        population = {}
        for area in AREAS:
            teens = area.children * area.teen_share
            for t, year in enumerate(POPULATION_YEARS):
                wobble = 1 + rng.gauss(0, 0.0008)  # estimates are revised and never smooth
                population[area.key, AGE_0_17, year] = half_up(area.children * (1 + area.growth) ** t * wobble)
                population[area.key, AGE_10_17, year] = half_up(teens * (1 + area.teen_growth) ** t * wobble)
        return population

    @staticmethod
    def _levels(rng, stories):
        levels = {}
        for name, story in stories.items():
            # A region sits close to England; each neighbour has its own level and drift.
            region_offset = rng.gauss(0, story.spread / 5)
            shape = {a.key: (rng.gauss(0, story.spread), rng.gauss(0, story.spread / 10)) for a in NEIGHBOURS}
            start, end = story.kingsmere
            for t, year in enumerate(YEARS):
                england = story.england + story.trend * t
                values = {
                    ENGLAND.key: england + rng.gauss(0, story.noise / 6),
                    EAST_MIDLANDS.key: england + region_offset + rng.gauss(0, story.noise / 4),
                }
                for area in NEIGHBOURS:
                    offset, drift = shape[area.key]
                    values[area.key] = england + offset + drift * t + rng.gauss(0, story.noise)
                values[KINGSMERE.key] = start + (end - start) * t / (len(YEARS) - 1) + rng.gauss(0, story.noise / 3)
                for key, value in values.items():
                    levels[name, key, year] = min(story.high, max(story.low, value))
        return levels

    def level(self, story: str, area: Area, year: int) -> float:
        return self.levels[story, area.key, year]

    def children(self, area: Area, year: int, age: str = AGE_0_17) -> int:
        """The population DfE divide by for reporting year `year` (mid-year before)."""
        return self.population[area.key, age, year - 1]

    def expected(self, story: str, area: Area, year: int, per=10_000, age=AGE_0_17) -> float:
        """A rate story turned back into a number of children."""
        return self.level(story, area, year) * self.children(area, year, age) / per

    def share(self, story: str, area: Area, year: int, of: float) -> float:
        """A percentage story applied to a number."""
        return of * self.level(story, area, year) / 100


# --- rounding and printing as the publications do --------------------------------------------


def half_up(x: float) -> int:
    # Python's round() rounds halves to even; the publications round halves up.
    return math.floor(x + 0.5)


def published(area: Area, x: float) -> int:
    """A count as printed: DfE round national and regional counts to the nearest 10."""
    n = half_up(x)
    return n if area.level == LOCAL else 10 * half_up(n / 10)


def ratio(num: int, den: int, scale: int = 100, dp: int = 1) -> str:
    """num/den*scale rounded half up in whole-number arithmetic, printed without a trailing .0
    (the real files print 21, not 21.0)."""
    units = 10**dp
    n = (2 * scale * units * num + den) // (2 * den)
    whole, frac = divmod(n, units)
    return str(whole) if frac == 0 else f"{whole}.{frac:0{dp}d}"


def tenths(t: int) -> str:
    """An FTE held in tenths, printed to one decimal place as the workforce file does."""
    return ratio(t, 10, scale=1, dp=1)


def care_leaver_percent(n: int, total: int) -> str:
    # "k": a percentage that rounds to zero but is not zero.
    shown = ratio(n, total, dp=0)
    return "k" if n > 0 and shown == "0" else shown


def unit(area: Area) -> int:
    """What a count is rounded to: 1 for a council, 10 for England and a region."""
    return 1 if area.level == LOCAL else 10


def apportion(total: int, weights: list[float], step: int = 1) -> list[int]:
    """Split a printed count into parts (multiples of `step`) in proportion to `weights`, the
    largest remainders rounding up, so the parts always add up to the total."""
    units = total // step
    whole = sum(weights)
    raw = [units * wt / whole for wt in weights]
    parts = [math.floor(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))[: units - sum(parts)]:
        parts[i] += 1
    return [part * step for part in parts]


def count_shown(area: Area, n: int) -> str:
    """A count as printed in the files added later: a council's count of 1 to 5 is "c"."""
    return "c" if area.level == LOCAL and 0 < n < 6 else str(n)


def percent_shown(area: Area, n: int, of: int, dp: int = 0, scale: int = 100, suppress: bool = True) -> str:
    """A percentage of a printed count: "c" with its count, "z" with no one to count, and "k"
    where it rounds to zero but is not zero (as the children looked after files print it)."""
    if suppress and count_shown(area, n) == "c":
        return "c"
    if of == 0:
        return "z"
    shown = ratio(n, of, scale=scale, dp=dp)
    return "k" if n > 0 and shown == "0" else shown


def remainder_weights(*shares: float, floor: float = 5) -> list[float]:
    """Shares (per cent) of a whole, with a last part that takes what is left."""
    return [*shares, max(floor, 100 - sum(shares))]


# --- geography ---------------------------------------------------------------------------------

GEOGRAPHY = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
]
# The cla_* and la_care_leavers_* files put la_name before new_la_code.
GEOGRAPHY_NAME_FIRST = GEOGRAPHY[:8] + ["la_name", "new_la_code"]


def rows_by_year_and_area():
    """Newest year first, then National, Regional and councils by old code."""
    for year in reversed(YEARS):
        for area in AREAS:
            yield year, area


def geography(year: int, area: Area) -> dict:
    return {
        "time_period": str(year),
        "time_identifier": "Reporting year",
        "geographic_level": area.level,
        "country_code": "E92000001",
        "country_name": "England",
        "region_code": area.region_code,
        "region_name": area.region_name,
        "old_la_code": area.old_la_code,
        "new_la_code": area.new_la_code,
        "la_name": area.la_name,
    }


# --- one function per publication file ---------------------------------------------------------
# Each returns (columns after the geography, rows as dicts including the geography).


def ons_population(w: World):
    columns = ["age_group", "population_estimate"]
    rows = []
    for year in reversed(POPULATION_YEARS):
        for area in AREAS:
            for age in (AGE_0_17, AGE_10_17):
                rows.append(
                    {
                        **geography(year, area),
                        "age_group": age,
                        "population_estimate": str(w.population[area.key, age, year]),
                    }
                )
    return columns, rows


def b1_children_in_need(w: World):
    columns = [
        "category",
        "Anypoint_episodes",
        "Anypoint_child",
        "Started_episodes",
        "Started_child",
        "Ended_episodes",
        "Ended_child",
        "At31_episodes",
        "awaiting_assessment",
    ]
    rows = []
    for year, area in rows_by_year_and_area():
        started = published(area, w.expected("cin_started_rate", area, year))
        at31 = published(area, w.expected("cin_at31_rate", area, year))
        # Open at any point = open on 1 April (last year's 31 March) + started in the year.
        opening = (
            published(area, w.share("cin_opening_pct", area, year, at31))
            if year == YEARS[0]
            else published(area, w.expected("cin_at31_rate", area, year - 1))
        )
        anypoint = opening + started
        ended = anypoint - at31
        assert ended > 0, f"{area.la_name} {year}: more children in need on 31 March than all year"
        children = [published(area, w.share("cin_child_pct", area, year, n)) for n in (anypoint, started, ended)]
        awaiting = published(area, w.expected("awaiting_assessment_rate", area, year))
        rows.append(
            {
                **geography(year, area),
                "category": "Children in Need",
                "Anypoint_episodes": str(anypoint),
                "Anypoint_child": str(children[0]),
                "Started_episodes": str(started),
                "Started_child": str(children[1]),
                "Ended_episodes": str(ended),
                "Ended_child": str(children[2]),
                "At31_episodes": str(at31),
                "awaiting_assessment": count_shown(area, awaiting),
            }
        )
    return columns, rows


def c1_referrals(w: World):
    measures = [
        "referral_count",
        "rereferral_count",
        "rereferral_percent",
        "no_further_action_count",
        "no_further_action_percent",
        "not_in_need_count",
        "not_in_need_percent",
        "referral_child_count",
        "rereferral_child_count",
        "rereferral_child_percent",
    ]
    rows = []
    for year, area in rows_by_year_and_area():
        referrals = published(area, w.expected("referral_rate", area, year))
        rereferrals = published(area, w.share("rereferral_pct", area, year, referrals))
        values = [str(referrals), str(rereferrals), ratio(rereferrals, referrals)]
        nfa = published(area, w.share("nfa_pct", area, year, referrals))
        not_in_need = published(area, w.share("not_in_need_pct", area, year, referrals))
        children = published(area, w.share("referral_child_pct", area, year, referrals))
        children_again = published(area, w.share("rereferral_child_pct", area, year, rereferrals))
        values += [
            count_shown(area, nfa),
            percent_shown(area, nfa, referrals, dp=1),
            count_shown(area, not_in_need),
            percent_shown(area, not_in_need, referrals, dp=1),
            str(children),
            str(children_again),
            ratio(children_again, children),
        ]
        if (area.old_la_code, year) == C1_FAILED_RETURN:
            values = ["x"] * len(measures)
        rows.append({**geography(year, area), "category": "Referrals and Re-referrals", **dict(zip(measures, values))})
    return ["category"] + measures, rows


def a1_assessments(w: World):
    columns = ["category", "assessments_completed", "assessments_within_45_days", "assessments_within_45_days_percent"]
    rows = []
    for year, area in rows_by_year_and_area():
        completed = published(area, w.expected("assessment_rate", area, year))
        on_time = published(area, w.share("assessment_45_days_pct", area, year, completed))
        rows.append(
            {
                **geography(year, area),
                "category": "Assessments",
                "assessments_completed": str(completed),
                "assessments_within_45_days": str(on_time),
                "assessments_within_45_days_percent": ratio(on_time, completed),
            }
        )
    return columns, rows


def working_days(bands: list[int], share: float) -> str:
    """The day by which `share` of conferences were held, read off the duration bands (0-10,
    11-15, 16-20, 21 and over working days) as if days were spread evenly within a band."""
    total = sum(bands)
    if total == 0:
        return "z"
    edges = [(0, 10), (10, 15), (15, 20), (20, 30)]
    seen = 0
    for (start, end), n in zip(edges, bands):
        if n and seen + n >= share * total:
            return str(max(1, half_up(start + (end - start) * (share * total - seen) / n)))
        seen += n
    return str(edges[-1][1])


def c4_section_47s_and_icpcs(w: World):
    columns = [
        "category",
        "Section47",
        "Section47_child",
        "ICPC",
        "ICPC_child",
        "Duration_0-10_days",
        "Duration_11-15_days",
        "Duration_16-20_days",
        "Duration_21+_days",
        "Duration_25th_Percentile",
        "Duration_median",
        "Duration_75th_Percentile",
    ]
    rows = []
    for year, area in rows_by_year_and_area():
        s47 = w.expected("s47_rate", area, year)
        icpc = w.share("icpc_per_s47_pct", area, year, s47)
        in_15 = w.share("icpc_15_days_pct", area, year, icpc)
        in_10 = w.share("icpc_0_10_share_pct", area, year, in_15)
        bands = [published(area, in_10), published(area, in_15 - in_10), published(area, icpc - in_15)]
        # The first release printed conferences after 15 days as one band; the real file splits
        # it at 20 days. The split adds up to the old band, so ICPC (their sum) is unchanged.
        late = apportion(
            bands[2],
            [w.level("icpc_16_20_share_pct", area, year), 100 - w.level("icpc_16_20_share_pct", area, year)],
            unit(area),
        )
        bands = bands[:2] + late
        s47_count = published(area, s47)
        rows.append(
            {
                **geography(year, area),
                "category": "Section 47s and Initial Child Protection Conferences",
                "Section47": str(s47_count),
                "Section47_child": str(published(area, w.share("s47_child_pct", area, year, s47_count))),
                "ICPC": str(sum(bands)),
                "ICPC_child": str(published(area, w.share("icpc_child_pct", area, year, sum(bands)))),
                **{c: str(n) for c, n in zip(columns[5:9], bands)},
                "Duration_25th_Percentile": working_days(bands, 0.25),
                "Duration_median": working_days(bands, 0.5),
                "Duration_75th_Percentile": working_days(bands, 0.75),
            }
        )
    return columns, rows


def d3_subsequent_plans(w: World):
    columns = ["category", "CPP_start", "CPP_subsequent", "CPP_subsequent_percent"]
    rows = []
    for year, area in rows_by_year_and_area():
        started = published(area, w.expected("cpp_start_rate", area, year))
        repeat = published(area, w.share("cpp_subsequent_pct", area, year, started))
        rows.append(
            {
                **geography(year, area),
                "category": "Child Protection Plans which are a second or subsequent plan",
                "CPP_start": str(started),
                "CPP_subsequent": str(repeat),
                "CPP_subsequent_percent": ratio(repeat, started),
            }
        )
    return columns, rows


D5_BANDS = [
    "3_months_or_less",
    "more_than_3_months_6_months",
    "more_than_6_months_less_than_1_year",
    "1_year_less_than_2_years",
]


def d5_plans_by_duration(w: World):
    columns = ["category", "CPP_At31"] + [f"{b}{p}" for b in D5_BANDS + ["2_years_or_more"] for p in ("", "_percent")]
    rows = []
    for year, area in rows_by_year_and_area():
        at31 = published(area, w.expected("cpp_at31_rate", area, year))
        long_plans = published(area, w.share("cpp_two_years_pct", area, year, at31))
        if area is KINGSMERE and year == KINGSMERE_SUPPRESSED_YEAR:
            long_plans = 4  # scripted: leaves a gap in the council's own series
        values = [str(long_plans), ratio(long_plans, at31)]
        if area.level == LOCAL and 0 < long_plans < 6:
            values = ["c", "c"]  # counts of 1 to 5 are suppressed, and so is their percentage
        assert area is not KINGSMERE or year == KINGSMERE_SUPPRESSED_YEAR or values[0] != "c", (
            "Kingsmere should have exactly one suppressed year; adjust cpp_two_years_pct"
        )
        # The shorter bands share the plans open under two years.
        shorter = apportion(
            at31 - long_plans,
            remainder_weights(
                *(w.level(s, area, year) for s in ("cpp_3m_share_pct", "cpp_3_6m_share_pct", "cpp_6_12m_share_pct"))
            ),
            unit(area),
        )
        bands = {}
        for band, n in zip(D5_BANDS, shorter):
            bands[band] = count_shown(area, n)
            bands[f"{band}_percent"] = percent_shown(area, n, at31, dp=1)
        rows.append(
            {
                **geography(year, area),
                "category": "Child Protection Plans by length of time",
                "CPP_At31": str(at31),
                **bands,
                **dict(zip(columns[-2:], values)),
            }
        )
    return columns, rows


def cla_at31(w: World, area: Area, year: int) -> int:
    """Children looked after at 31 March: shared by every children-looked-after file."""
    return published(area, w.expected("cla_at31_rate", area, year))


def cla_starters(w: World, area: Area, year: int) -> int:
    return published(area, w.expected("cla_start_rate", area, year))


def cla_ceased(w: World, area: Area, year: int) -> int:
    return published(area, w.expected("cla_ceased_rate", area, year))


def cla_numbers(w: World):
    columns = ["population_type", "population_estimate", "children_count", "rate_per_10000"]
    rows = []
    for year, area in rows_by_year_and_area():
        population = w.children(area, year)
        starters = cla_starters(w, area, year)
        looked_after = cla_at31(w, area, year)
        # In the real file's order (alphabetical): ceasing, on 31 March, starting.
        for population_type, count, shown_population in [
            ("Children ceasing to be looked after each year", cla_ceased(w, area, year), "z"),
            ("Children looked after on 31 March each year", looked_after, str(population)),
            # The population is "not applicable" to a flow of children over the year.
            ("Children starting to be looked after each year", starters, "z"),
        ]:
            rows.append(
                {
                    **geography(year, area),
                    "population_type": population_type,
                    "population_estimate": shown_population,
                    "children_count": str(count),
                    "rate_per_10000": ratio(count, population, scale=10_000, dp=0),
                }
            )
    return columns, rows


LONG_TERM = "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years"


def cla_two_years(w: World, area: Area, year: int) -> int:
    """Children looked after on 31 March who had been looked after for two years."""
    return published(area, w.share("cla_2_years_share_pct", area, year, cla_at31(w, area, year)))


def cla_placement_stability(w: World):
    columns = ["cla_group", "placement_stability", "children_count", "children_percent"]
    rows = []
    for year, area in rows_by_year_and_area():
        total = cla_at31(w, area, year)
        moved = published(area, w.share("three_placements_pct", area, year, total))
        group = published(area, w.share("long_term_group_pct", area, year, total))
        stable = published(area, w.share("long_term_stable_pct", area, year, group))
        two_years = cla_two_years(w, area, year)
        moved_2y = published(area, w.share("three_placements_2y_pct", area, year, two_years))
        # In the real file's order: the long-term group, two years, then all on 31 March.
        for cla_group, stability, n, of in [
            (LONG_TERM, "Living with the same carer for at least 2 years", stable, group),
            (LONG_TERM, "Total children", group, group),
            ("CLA 2 years on 31 March", "Total children", two_years, two_years),
            ("CLA 2 years on 31 March", "With 3 or more placements during the previous 2 years", moved_2y, two_years),
            ("CLA on 31 March", "Total children", total, total),
            ("CLA on 31 March", "With 3 or more placements during the year", moved, total),
        ]:
            rows.append(
                {
                    **geography(year, area),
                    "cla_group": cla_group,
                    "placement_stability": stability,
                    "children_count": str(n),
                    "children_percent": ratio(n, of, dp=0),
                }
            )
    return columns, rows


def cla_new_placements(w: World):
    columns = ["characteristic", "breakdown", "children_count", "children_percent"]
    rows = []
    for year, area in rows_by_year_and_area():
        total = published(area, w.share("new_placements_per_100_cla", area, year, cla_at31(w, area, year)))
        far = published(area, w.share("over_20_miles_pct", area, year, total))
        # The first release printed "Placed more than 20 miles from home" and "... 20 miles or
        # less"; the real file splits each by the LA boundary and has a "not known" row. The
        # split keeps the same total and the same number placed more than 20 miles away.
        step = unit(area)
        unknown = min(total - far, published(area, w.share("distance_unknown_pct", area, year, total)))
        far_inside, far_outside = apportion(
            far, remainder_weights(w.level("far_inside_share_pct", area, year), floor=0), step
        )
        near_inside, near_outside = apportion(
            total - far - unknown, remainder_weights(100 - w.level("near_outside_share_pct", area, year), floor=0), step
        )
        for breakdown, n in [
            ("Distance not known or not recorded", unknown),
            ("Placed inside LA boundary less than 20 miles from home", near_inside),
            ("Placed inside LA boundary more than 20 miles from home", far_inside),
            ("Placed outside LA boundary less than 20 miles from home", near_outside),
            ("Placed outside LA boundary more than 20 miles from home", far_outside),
            ("Total new placements", total),
        ]:
            rows.append(
                {
                    **geography(year, area),
                    "characteristic": "Location of new placements during the year",
                    "breakdown": breakdown,
                    "children_count": str(n),
                    "children_percent": percent_shown(area, n, total, suppress=False),
                }
            )
    return columns, rows


def characteristic_rows(
    area: Area, year: int, groups, columns=("children_count", "children_percent"), dp: int = 0
) -> list[dict]:
    """Rows of a children-looked-after file with filters and a count and percentage:
    `groups` lists (filter values, count, the count it is a percentage of). Counts of 1 to 5
    print as "c" (their percentages too); a percentage that rounds to 0 but is not 0 as "k"."""
    count, share = columns
    return [
        {**geography(year, area), **filters, count: count_shown(area, n), share: percent_shown(area, n, of, dp)}
        for filters, n, of in groups
    ]


# Placements of children looked after on 31 March: (characteristic, story or fixed share).
PLACEMENTS = [
    ("Foster placements", "foster_pct"),
    ("Independent and semi-independent living arrangements/supported accommodation", "independent_pct"),
    ("Other placements", 0.2),
    ("Other placements in the community", 1.2),
    ("Other residential settings", 1.3),
    ("Placed for adoption", 2.5),
    ("Placement with parents or other person with parental responsibility", 6.5),
    ("Residential schools", 0.3),
    ("Secure homes and children's homes", "childrens_homes_pct"),
]


def cla_characteristics(w: World):
    """Children looked after on 31 March by placement, distance from home and whether they are
    unaccompanied asylum-seeking children. Not in ../shared/data/dfe: written as the registry
    reads it (number and percentage, the names of the release before 2025)."""
    columns = ["cla_group", "characteristic", "number", "percentage"]
    rows = []
    for year, area in rows_by_year_and_area():
        total, step = cla_at31(w, area, year), unit(area)
        unknown = published(area, w.share("distance_unknown_31_march_pct", area, year, total))
        far = published(area, w.share("far_31_march_pct", area, year, total))
        placed = apportion(total, [w.level(x, area, year) if isinstance(x, str) else x for _, x in PLACEMENTS], step)
        uasc = published(area, w.share("uasc_cla_pct", area, year, total))
        groups = [
            ("Distance between home and placement", "Distance not known or not recorded", unknown),
            ("Distance between home and placement", "Placed 20 miles or less from home", total - far - unknown),
            ("Distance between home and placement", "Placed more than 20 miles from home", far),
            ("Distance between home and placement", "Total", total),
        ]
        groups += [("Placement", name, n) for (name, _), n in zip(PLACEMENTS, placed)] + [("Placement", "Total", total)]
        groups += [
            ("Unaccompanied asylum-seeking children", "Non-unaccompanied asylum-seeking children", total - uasc),
            ("Unaccompanied asylum-seeking children", "Unaccompanied asylum-seeking children", uasc),
            ("Unaccompanied asylum-seeking children", "Total", total),
        ]
        rows += characteristic_rows(
            area, year, [({"cla_group": g, "characteristic": c}, n, total) for g, c, n in groups], columns[2:]
        )
    return columns, rows


def cla_started(w: World):
    """Children who started to be looked after, by whether they are unaccompanied asylum-seeking
    children. Not in ../shared/data/dfe: written as the registry reads it."""
    columns = ["cla_group", "characteristic", "number", "percentage"]
    rows = []
    for year, area in rows_by_year_and_area():
        total = cla_starters(w, area, year)
        uasc = published(area, w.share("uasc_started_pct", area, year, total))
        group = "Unaccompanied asylum-seeking children"
        rows += characteristic_rows(
            area,
            year,
            [
                ({"cla_group": group, "characteristic": c}, n, total)
                for c, n in [
                    ("Non-unaccompanied asylum-seeking children", total - uasc),
                    ("Unaccompanied asylum-seeking children", uasc),
                    ("Total", total),
                ]
            ],
            columns[2:],
        )
    return columns, rows


CEASED = [
    "Adopted",
    "Care ceased for any other reason",
    "Moved into independent living",
    "Residence order or child arrangement order granted",
    "Returned home to live with parents or other person with parental responsibility",
    "Special guardianship order",
]


def cla_ceased_reasons(w: World):
    """Children who ceased to be looked after, by reason; Total is the ceasing count of the
    numbers-and-rates file. Not in ../shared/data/dfe: written as the registry reads it."""
    columns = ["cla_group", "characteristic", "number", "percentage"]
    rows = []
    for year, area in rows_by_year_and_area():
        total = cla_ceased(w, area, year)
        shares = {
            c: w.level(story, area, year)
            for c, story in [
                ("Adopted", "ceased_adopted_pct"),
                ("Moved into independent living", "ceased_independent_pct"),
                ("Residence order or child arrangement order granted", "ceased_cao_pct"),
                ("Returned home to live with parents or other person with parental responsibility", "ceased_home_pct"),
                ("Special guardianship order", "ceased_sgo_pct"),
            ]
        }
        shares["Care ceased for any other reason"] = max(5, 100 - sum(shares.values()))
        parts = apportion(total, [shares[c] for c in CEASED], unit(area))
        rows += characteristic_rows(
            area,
            year,
            [
                ({"cla_group": "Reason episode ceased", "characteristic": c}, n, total)
                for c, n in [*zip(CEASED, parts), ("Total", total)]
            ],
            columns[2:],
        )
    return columns, rows


def cla_school_moves(w: World):
    """School moves of children of school age looked after on 31 March. Not in
    ../shared/data/dfe: written as the registry reads it (number and percentage)."""
    columns = ["cla_group", "move_measure", "school_stability", "number", "percentage"]
    rows = []
    for year, area in rows_by_year_and_area():
        total = published(area, w.share("school_age_pct", area, year, cla_at31(w, area, year)))
        moved = published(area, w.share("school_moves_any_pct", area, year, total))
        mid_year = min(moved, published(area, w.share("school_moves_mid_pct", area, year, total)))
        rows += characteristic_rows(
            area,
            year,
            [
                ({"cla_group": "CLA on 31 March", "move_measure": m, "school_stability": b}, n, total)
                for m, b, n in [
                    ("Any moves", "Total children", total),
                    ("Any moves", "With one or more moves during the year", moved),
                    ("Mid-year moves", "Total children", total),
                    ("Mid-year moves", "With one or more mid-year moves during the year", mid_year),
                ]
            ],
            columns[3:],
        )
    return columns, rows


def cla_social_workers(w: World):
    """Children looked after with three or more social workers (la_cla_swcount, 2025 names).
    The totals are those of the placement stability file."""
    columns = ["cla_group", "sw_stability", "children_count", "children_percent"]
    rows = []
    for year, area in rows_by_year_and_area():
        total, two_years = cla_at31(w, area, year), cla_two_years(w, area, year)
        changed = published(area, w.share("three_sw_pct", area, year, total))
        changed_2y = published(area, w.share("three_sw_2y_pct", area, year, two_years))
        rows += characteristic_rows(
            area,
            year,
            [
                ({"cla_group": g, "sw_stability": b}, n, of)
                for g, b, n, of in [
                    (
                        "CLA 2 years on 31 March",
                        "3 or more social workers during the previous 2 years",
                        changed_2y,
                        two_years,
                    ),
                    ("CLA 2 years on 31 March", "Total children", two_years, two_years),
                    ("CLA on 31 March", "3 or more social workers during the year", changed, total),
                    ("CLA on 31 March", "Total children", total, total),
                ]
            ],
        )
    return columns, rows


def oc2_cohort(w: World, area: Area, year: int) -> int:
    """Children looked after continuously for 12 months on 31 March (the outcomes cohort)."""
    return published(area, w.share("oc2_cohort_pct", area, year, cla_at31(w, area, year)))


def cla_outcomes(w: World):
    """Outcomes of children looked after for 12 months (OC2), in the real file's rows and order.
    Percentages have the real bases: SDQ bands of the scores received, interventions of those
    identified; the SDQ average sits in children_count with percent "z"."""
    columns = ["characteristic", "breakdown", "children_count", "children_percent"]
    development = "Development assessments: Children looked after ages 0 to 4 years"
    convictions = "Convictions: Children looked after Ages 10 to 17 years"
    health = "Health assessments: Children looked after all ages"
    sdq = "Ages 5 to 16 years with SDQ score"
    substance = "Substance misuse: Children looked after all ages"
    rows = []
    for year, area in rows_by_year_and_area():
        cohort = oc2_cohort(w, area, year)

        def part(story, of, area=area, year=year):
            return published(area, w.share(story, area, year, of))

        young, older, school = part("oc2_0_4_pct", cohort), part("oc2_10_17_pct", cohort), part("oc2_5_16_pct", cohort)
        received = part("sdq_received_pct", school)
        concern, borderline = part("sdq_concern_pct", received), part("sdq_borderline_pct", received)
        identified = part("substance_pct", cohort)
        treated = part("substance_intervention_pct", identified)
        refused = min(identified - treated, part("substance_refused_pct", identified))
        groups = [
            (development, "Development assessments up to date", part("development_pct", young), young),
            (development, "Total ages 0 to 4 years", young, young),
            (
                convictions,
                "Convicted or subject to youth cautions, or youth conditional cautions during the year",
                part("convicted_pct", older),
                older,
            ),
            (convictions, "Total ages 10 to 17 years", older, older),
            (health, "Had their annual health assessment", part("health_assessment_pct", cohort), cohort),
            (health, "Had their immunisations up to date", part("immunisations_pct", cohort), cohort),
            (health, "Had their teeth checked by a dentist", part("dental_pct", cohort), cohort),
            (health, "Total all ages", cohort, cohort),
            (sdq, "SDQ score is a cause for concern", concern, received),
            (sdq, "SDQ score is borderline", borderline, received),
            (sdq, "SDQ score is normal", received - concern - borderline, received),
            (sdq, "SDQ score was received", received, school),
            (sdq, "Total ages 5 to 16 years", school, school),
            (substance, "Identified as having a substance misuse problem", identified, cohort),
            (substance, "Offered intervention but refused it", refused, identified),
            (substance, "Received an intervention for their substance misuse problem", treated, identified),
            (substance, "Total all ages", cohort, cohort),
        ]
        rows += characteristic_rows(
            area, year, [({"characteristic": c, "breakdown": b}, n, of) for c, b, n, of in groups]
        )
        average = "z" if received == 0 else tenths(half_up(10 * w.level("sdq_average", area, year)))
        rows.append(
            {
                **geography(year, area),
                "characteristic": sdq,
                "breakdown": "SDQ average score",
                "children_count": average,
                "children_percent": "z",
            }
        )
    return columns, rows


# Adoption: stages 1 to 6 are average durations, written years:months; stage 7 is a count.
ADOPTION_STAGES = [
    "1. Average time between entry into care and decision that child should be placed for adoption",
    "2. Average time between decision that child should be placed for adoption and matching of child and adopters",
    "3. Average time between date of matching and date placed for adoption",
    "4. Total average time between entry into care and date placed for adoption",
    "5. Average time between date placed for adoption and the date child adopted",
    "6. Total average time between entry into care and adoption",
    "Children adopted who were placed for adoption within 12 months of the LA decision to place the child for adoption",
]
# Age on starting the final period of care, in the real file's order: (label, share of children
# adopted, how long stages 1 and 2 take against the average, share placed within 12 months).
ADOPTION_AGES = [
    ("Aged 1", 33, 0.9, 0.85, 0.8),
    ("Aged 2", 22, 1.05, 1.0, 0.72),
    ("Aged 3", 14, 1.15, 1.25, 0.62),
    ("Aged 4", 10, 1.25, 1.55, 0.52),
    ("Aged 5", 6, 1.3, 1.85, 0.45),
    ("Aged 6", 4, 1.35, 2.1, 0.4),
    ("Aged 7 and over", 5, 1.45, 2.4, 0.33),
    ("Aged under 1", 6, 0.55, 0.6, 0.9),
]


def years_months(months: float) -> str:
    m = half_up(months)
    return f"{m // 12:02d}:{m % 12:02d}"


def adoption_timings(w: World):
    """England's adoption timings (a national-only file, without region or council columns)."""
    columns = ["cla_group", "stage_of_adoption_process", "age_start_poc", "number"]
    rows = []
    for year in reversed(YEARS):
        adopted = published(ENGLAND, w.level("adopted_children", ENGLAND, year))
        counts = apportion(adopted, [a[1] for a in ADOPTION_AGES], 10)
        stages = {}
        for (age, _, s1, s2, _), n in zip(ADOPTION_AGES, counts):
            stage = [
                w.level("adopt_entry_to_decision", ENGLAND, year) * s1,
                w.level("adopt_decision_to_match", ENGLAND, year) * s2,
                w.level("adopt_match_to_placed", ENGLAND, year),
                0,
                w.level("adopt_placed_to_adopted", ENGLAND, year),
            ]
            stage[3] = sum(stage[:3])
            stages[age] = stage + [stage[3] + stage[4]]
        stages["Total"] = [sum(stages[a[0]][i] * n for a, n in zip(ADOPTION_AGES, counts)) / adopted for i in range(6)]
        within = {a[0]: published(ENGLAND, n * a[4]) for a, n in zip(ADOPTION_AGES, counts)}
        within["Total"] = sum(within.values())
        for i, stage in enumerate(ADOPTION_STAGES):
            for age in [a[0] for a in ADOPTION_AGES] + ["Total"]:
                rows.append(
                    {
                        "time_period": str(year),
                        "time_identifier": "Reporting year",
                        "geographic_level": NATIONAL,
                        "country_code": "E92000001",
                        "country_name": "England",
                        "cla_group": "Age on starting final period of care",
                        "stage_of_adoption_process": stage,
                        "age_start_poc": age,
                        "number": years_months(stages[age][i]) if i < 6 else str(within[age]),
                    }
                )
    return columns, rows


def c3_factors(w: World):
    """Factors identified at the end of assessment: wide, one column per factor, counts of
    episodes. Child criminal exploitation was first collected in 2022 ("x" before)."""
    columns = ["category", "Episodes_with_assessment_factor"] + [f for f, _, _ in C3_FACTORS]
    rows = []
    for year, area in rows_by_year_and_area():
        completed = published(area, w.expected("assessment_rate", area, year))
        episodes = published(area, w.share("c3_episodes_pct", area, year, completed))
        row = {
            **geography(year, area),
            "category": "Factors identified at the end of assessment",
            "Episodes_with_assessment_factor": str(episodes),
        }
        for factor, _, _ in C3_FACTORS:
            n = published(area, w.share(f"c3_{factor}", area, year, episodes))
            row[factor] = "x" if factor == "Child_criminal_exploitation" and year < 2022 else count_shown(area, n)
        rows.append(row)
    return columns, rows


# --- outcomes of children in need and looked after: absence, key stage 2, key stage 4 ---------
# Academic years (202425 for reporting year 2025), three groups of children, as the real files.


def academic_year(year: int) -> dict:
    return {"time_period": f"{year - 1}{year % 100:02d}", "time_identifier": "Academic year"}


# (social_care_group, key used in story names)
OUTCOME_GROUPS = [("CINO at 31 March", "cino"), ("CLA 12 months at 31 March", "cla"), ("CPPO at 31 March", "cppo")]


def group_pupils(w: World, area: Area, year: int, group: str) -> int:
    """Pupils in state-funded schools in each group: children in need (not on a plan, not looked
    after), on a plan, looked after for 12 months; about three in five are of school age."""
    if group == "cino":
        children = (
            w.expected("cin_at31_rate", area, year)
            - w.expected("cpp_at31_rate", area, year)
            - w.expected("cla_at31_rate", area, year)
        ) * 0.62
    elif group == "cppo":
        children = w.expected("cpp_at31_rate", area, year) * 0.55
    else:
        children = oc2_cohort(w, area, year) * 0.65
    return published(area, children)


# Phases in the real file's order: (phase, share of pupils by group, absence, persistent absence
# and severe absence against the group's level).
PHASES = [
    ("State-funded secondary", {"cino": 43, "cppo": 40, "cla": 46}, 1.35, 1.3, 1.6),
    ("State-funded primary", {"cino": 45, "cppo": 52, "cla": 38}, 0.65, 0.75, 0.35),
    ("State-funded alternative provision school", {"cino": 2, "cppo": 2, "cla": 3}, 2.8, 1.9, 4.0),
    ("Special", {"cino": 10, "cppo": 6, "cla": 13}, 1.05, 1.0, 1.1),
]
SESSIONS_PER_PUPIL = {"cino": 330, "cppo": 325, "cla": 345}  # half-day sessions possible
AUTHORISED_SHARE = {"cino": 0.52, "cppo": 0.48, "cla": 0.62}  # of sessions missed


def absence(w: World):
    measures = [
        "t_pupils",
        "t_sess_possible",
        "t_sess_overall",
        "pt_overall",
        "t_sess_authorised",
        "pt_sess_authorised",
        "t_sess_unauthorised",
        "pt_sess_unauthorised",
        "t_pupils_pa_10_exact",
        "pt_pupils_pa_10_exact",
        "t_pupils_pa_50_exact",
        "pt_pupils_pa_50_exact",
    ]
    rows = []
    for year, area in rows_by_year_and_area():
        for group, key in OUTCOME_GROUPS:
            pupils = apportion(group_pupils(w, area, year, key), [p[1][key] for p in PHASES], unit(area))
            rate, pa, sa = (w.level(f"{m}_{key}_pct", area, year) / 100 for m in ("abs", "pa", "sa"))
            # phase multipliers scaled so that the pupil-weighted mean is the group's level
            weights = [p[1][key] for p in PHASES]
            norm = [sum(wt * p[i] for wt, p in zip(weights, PHASES)) / sum(weights) for i in (2, 3, 4)]
            phases = []
            for (phase, _, m_abs, m_pa, m_sa), n in zip(PHASES, pupils):
                possible = published(area, n * SESSIONS_PER_PUPIL[key] * (0.9 if "alternative" in phase else 1))
                missed = published(area, possible * min(0.6, rate * m_abs / norm[0]))
                authorised = published(area, missed * AUTHORISED_SHARE[key])
                persistent = published(area, n * min(0.95, pa * m_pa / norm[1]))
                severe = min(persistent, published(area, n * min(0.8, sa * m_sa / norm[2])))
                phases.append((phase, [n, possible, missed, authorised, missed - authorised, persistent, severe]))
            total = [sum(v[i] for _, v in phases) for i in range(7)]
            for phase, counts in [("Total", total)] + phases:
                n, possible, missed, authorised, unauthorised, persistent, severe = counts
                if n == 0:
                    values = ["0"] + ["z"] * 11
                elif count_shown(area, n) == "c":
                    values = ["c"] * 12
                else:
                    values = [
                        str(n),
                        str(possible),
                        str(missed),
                        ratio(missed, possible),
                        str(authorised),
                        ratio(authorised, possible),
                        str(unauthorised),
                        ratio(unauthorised, possible),
                        count_shown(area, persistent),
                        percent_shown(area, persistent, n, dp=1),
                        count_shown(area, severe),
                        percent_shown(area, severe, n, dp=1),
                    ]
                rows.append(
                    {
                        **geography(year, area),
                        **academic_year(year),
                        "absence_terms": "six half terms",
                        "social_care_group": group,
                        "phase_type_grouping": phase,
                        **dict(zip(measures, values)),
                    }
                )
    return ["absence_terms", "social_care_group", "phase_type_grouping"] + measures, rows


KS2_SUBJECTS = [("read", 1.45), ("writta", 1.3), ("mat", 1.35), ("rwm", 1.0), ("gps", 1.35), ("scita", 1.55)]
KS2_PROGRESS = [
    ("read", {"cino": -1.2, "cla": -0.5, "cppo": -1.5}),
    ("writta", {"cino": -1.6, "cla": -0.9, "cppo": -1.9}),
    ("mat", {"cino": -1.8, "cla": -1.2, "cppo": -2.1}),
]
# One year group's share of a group's pupils (older children are more often looked after).
KS2_YEAR_GROUP = {"cino": 0.09, "cppo": 0.1, "cla": 0.075}
KS4_YEAR_GROUP = {"cino": 0.085, "cppo": 0.07, "cla": 0.13}
NO_KS2_TESTS = 2021  # no key stage 2 tests in 2020/21: every measure "x"
KS2_PROGRESS_YEARS = (2022, 2023)  # progress scores are "x" before (no tests) and after (no baseline)


def score(x: float, dp: int = 2) -> str:
    return f"{x:.{dp}f}"


def decimal(x: float, dp: int = 2) -> str:
    """Up to `dp` decimals, without trailing zeros (228722.25, 1200.5, 840)."""
    return f"{x:.{dp}f}".rstrip("0").rstrip(".")


def ks2(w: World):
    measures = [
        f"{t}_{s}_{m}"
        for s, _ in KS2_SUBJECTS
        for t, m in [("t", "eligible_pupils"), ("t", "met_expected_standard"), ("pt", "met_expected_standard")]
    ]
    measures += [
        f"{m}"
        for s, _ in KS2_PROGRESS
        for m in (
            f"t_{s}_progress_eligible_pupils",
            f"t_{s}_progress_score",
            f"avg_{s}_progress_score",
            f"avg_{s}_progress_score_lower_CI",
            f"avg_{s}_progress_score_upper_CI",
        )
    ]
    rows = []
    for year, area in rows_by_year_and_area():
        for group, key in OUTCOME_GROUPS:
            cohort = published(area, group_pupils(w, area, year, key) * KS2_YEAR_GROUP[key])
            rwm = w.level(f"ks2_rwm_{key}_pct", area, year)
            values = {}
            for subject, factor in KS2_SUBJECTS:
                eligible = cohort if subject in ("read", "mat", "gps") else cohort - published(area, cohort * 0.01)
                met = published(area, eligible * min(95, rwm * factor) / 100)
                values |= {
                    f"t_{subject}_eligible_pupils": count_shown(area, eligible),
                    f"t_{subject}_met_expected_standard": count_shown(area, met) if eligible else "z",
                    f"pt_{subject}_met_expected_standard": percent_shown(area, met, eligible),
                }
            for subject, base in KS2_PROGRESS:
                names = [
                    f"t_{subject}_progress_eligible_pupils",
                    f"t_{subject}_progress_score",
                    f"avg_{subject}_progress_score",
                    f"avg_{subject}_progress_score_lower_CI",
                    f"avg_{subject}_progress_score_upper_CI",
                ]
                n = published(area, cohort * 0.93)
                if year not in KS2_PROGRESS_YEARS:
                    values |= dict.fromkeys(names, "x")
                elif count_shown(area, n) in ("c", "0"):
                    values |= dict.fromkeys(names, "c" if n else "z")
                else:
                    average = base[key] + (rwm - w.level(f"ks2_rwm_{key}_pct", ENGLAND, year)) / 8
                    half = 1.96 * 6 / math.sqrt(n)
                    values |= dict(
                        zip(
                            names,
                            [str(n), score(average * n), score(average), score(average - half), score(average + half)],
                        )
                    )
            if year == NO_KS2_TESTS:
                values = dict.fromkeys(measures, "x")
            rows.append(
                {
                    **geography(year, area),
                    **academic_year(year),
                    "social_care_group": group,
                    "version": "Revised" if year == YEARS[-1] else "Final",
                    **values,
                }
            )
    return ["social_care_group", "version"] + measures, rows


KS4_P8 = {"cino": -1.25, "cla": -1.1, "cppo": -1.5}
KS4_P8_YEARS = (2022, 2023, 2024)  # Progress 8 is "x" in 2020/21 and 2024/25
KS4_VERSION = {2021: "Revised", 2025: "Revised"}  # otherwise Final


def ks4(w: World):
    measures = [
        "t_pupils",
        "t_att8",
        "avg_att8",
        "t_l2basics_95",
        "pt_l2basics_95",
        "t_l2basics_94",
        "pt_l2basics_94",
        "t_ebacc_e_ptq_ee",
        "pt_ebacc_e_ptq_ee",
        "t_ebaccaps",
        "avg_ebaccaps",
        "t_inp8calc",
        "t_p8score",
        "avg_p8score",
        "p8score_CI_low",
        "p8score_CI_upp",
    ]
    rows = []
    for year, area in rows_by_year_and_area():
        for group, key in OUTCOME_GROUPS:
            pupils = published(area, group_pupils(w, area, year, key) * KS4_YEAR_GROUP[key])
            att8 = w.level(f"att8_{key}", area, year)
            strong = published(area, pupils * max(1, 1.7 * (att8 - 7)) / 100)  # grade 4 in English and maths
            strongest = published(area, strong * 0.53)  # grade 5
            ebacc = published(area, strong * 0.6)
            v = dict.fromkeys(measures, "z")
            v["t_pupils"] = count_shown(area, pupils)
            if pupils and v["t_pupils"] != "c":
                points = round(att8 * pupils * 4) / 4  # Attainment 8 points come in quarters
                aps = round(att8 / 12 * pupils, 2)
                v |= {
                    "t_att8": decimal(points),
                    "avg_att8": ratio(half_up(points * 4), pupils * 4, scale=1, dp=1),
                    "t_l2basics_95": count_shown(area, strongest),
                    "pt_l2basics_95": percent_shown(area, strongest, pupils, 1),
                    "t_l2basics_94": count_shown(area, strong),
                    "pt_l2basics_94": percent_shown(area, strong, pupils, 1),
                    "t_ebacc_e_ptq_ee": count_shown(area, ebacc),
                    "pt_ebacc_e_ptq_ee": percent_shown(area, ebacc, pupils, 1),
                    "t_ebaccaps": f"{aps:.2f}",
                    "avg_ebaccaps": score(aps / pupils),
                }
                n = published(area, pupils * 0.92)
                if year in KS4_P8_YEARS and count_shown(area, n) != "c" and n:
                    average = KS4_P8[key] + (att8 - w.level(f"att8_{key}", ENGLAND, year)) / 10
                    half = 1.96 * 1.2 / math.sqrt(n)
                    v |= {
                        "t_inp8calc": str(n),
                        "t_p8score": score(average * n),
                        "avg_p8score": score(average),
                        "p8score_CI_low": score(average - half),
                        "p8score_CI_upp": score(average + half),
                    }
                else:
                    v |= dict.fromkeys(
                        ["t_inp8calc", "t_p8score", "avg_p8score", "p8score_CI_low", "p8score_CI_upp"],
                        "x" if year not in KS4_P8_YEARS else "c",
                    )
            elif v["t_pupils"] == "c":
                v = dict.fromkeys(measures, "c")
            if area.level == LOCAL and key == "cppo":  # not published for councils' children on a plan
                v |= dict.fromkeys(["t_l2basics_95", "pt_l2basics_95", "t_l2basics_94", "pt_l2basics_94"], "x")
            if area.level == LOCAL and key in ("cppo", "cla"):
                v |= dict.fromkeys(["t_ebacc_e_ptq_ee", "pt_ebacc_e_ptq_ee", "t_ebaccaps", "avg_ebaccaps"], "x")
            rows.append(
                {
                    **geography(year, area),
                    **academic_year(year),
                    "social_care_group": group,
                    "version": KS4_VERSION.get(year, "Final"),
                    **v,
                }
            )
    return ["social_care_group", "version"] + measures, rows


# --- the social work workforce by ethnicity ----------------------------------------------------

ETHNICITY = [
    ("White", None),
    ("Mixed / Multiple ethnic groups", 20),
    ("Asian / Asian British", 30),
    ("Black / African / Caribbean / Black British", 40),
    ("Other ethnic group", 10),
]


def csww_ethnicity(w: World):
    """Social workers in post by ethnicity (headcount and FTE), for all and for case holders.
    Not in ../shared/data/dfe: written as the registry reads it. Each ethnic group is a
    percentage of those whose ethnicity is known; Known and Not known of the Total."""
    columns = [
        "role",
        "breakdown_topic",
        "breakdown",
        "inpost_FTE",
        "inpost_FTE_percentage",
        "inpost_headcount",
        "inpost_headcount_percentage",
    ]
    rows = []
    for year, area in rows_by_year_and_area():
        f = csww_figures(w, area, year)
        per_fte = w.level("headcount_per_fte_pct", area, year) / 100
        minority = w.level("ethnic_minority_pct", area, year)
        weights = [100 - minority] + [minority * share / 100 for _, share in ETHNICITY[1:]]
        unknown_pct = w.level("ethnicity_unknown_pct", area, year)
        for role, fte in [("Case holder", f["case_holders"]), ("Total", f["in_post"])]:
            headcount = f["in_post_headcount"] if role == "Total" else half_up(fte / 10 * per_fte)
            fte_known, fte_unknown = apportion(fte, [100 - unknown_pct, unknown_pct])
            hc_known, hc_unknown = apportion(headcount, [100 - unknown_pct, unknown_pct])
            groups = [
                (name, a, b, fte_known, hc_known)
                for (name, _), a, b in zip(ETHNICITY, apportion(fte_known, weights), apportion(hc_known, weights))
            ]
            groups += [
                ("Known", fte_known, hc_known, fte, headcount),
                ("Not known", fte_unknown, hc_unknown, fte, headcount),
                ("Total", fte, headcount, fte, headcount),
            ]
            for name, t, hc, t_of, hc_of in groups:
                suppressed = count_shown(area, hc) == "c"
                rows.append(
                    {
                        **geography(year, area),
                        "role": role,
                        "breakdown_topic": "Ethnicity major",
                        "breakdown": name,
                        "inpost_FTE": "c" if suppressed else tenths(t),
                        "inpost_FTE_percentage": "c" if suppressed else ratio(t, t_of),
                        "inpost_headcount": count_shown(area, hc),
                        "inpost_headcount_percentage": percent_shown(area, hc, hc_of, dp=1),
                    }
                )
    return columns, rows


# --- an OHID Fingertips export: hospital admissions for injury, children aged 0 to 14 ----------
# Not a DfE file: Fingertips' own 27 columns, GSS codes only, financial years written 2023/24,
# a crude rate per 10,000 with 95% confidence limits (Byar's method). A council export (which
# repeats England's rows) and a region export (which repeats the councils') are both written.
# Published later than the DfE files: the last year is 2023/24 (reporting year 2024).

FINGERTIPS_COLUMNS = [
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
    "Recent Trend",
    "Compared to England value or percentiles",
    "Compared to percentiles",
    "Time period Sortable",
    "New data",
    "Compared to goal",
    "Time period range",
]
INJURY_YEARS = [2021, 2022, 2023, 2024]  # reporting years: financial years 2020/21 to 2023/24
INJURY_NOT_PRESENTED = ("983", 2022)  # Calderbury 2021/22: blank value, with a note (read as "x")
DECILES = [
    "Most deprived decile (IMD2019)",
    "Second most deprived decile (IMD2019)",
    "Third more deprived decile (IMD2019)",
    "Fourth more deprived decile (IMD2019)",
    "Fifth more deprived decile (IMD2019)",
    "Fifth less deprived decile (IMD2019)",
    "Fourth less deprived decile (IMD2019)",
    "Third less deprived decile (IMD2019)",
    "Second least deprived decile (IMD2019)",
    "Least deprived decile (IMD2019)",
]
DECILE_TYPE = "County & UA deprivation deciles in England (IMD2019, 4/23 geography)"
AREA_TYPES = {NATIONAL: "England", REGIONAL: "Regions (statistical)", LOCAL: "Counties & UAs (from Apr 2023)"}
Z95 = 1.959963985


def byar(count: int, denominator: int, per: int = 10_000) -> tuple[float, float]:
    """95% confidence limits of a crude rate, by Byar's approximation (as Fingertips uses)."""
    o = count
    lower = o * (1 - 1 / (9 * o) - Z95 / (3 * math.sqrt(o))) ** 3 if o else 0.0
    upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + Z95 / (3 * math.sqrt(o + 1))) ** 3
    return lower / denominator * per, upper / denominator * per


def fingertips_number(x: float) -> str:
    return f"{x:.7f}"


def injury_rows(w: World, region_file: bool) -> tuple[list[str], list[dict]]:
    columns = FINGERTIPS_COLUMNS.copy()
    if region_file:
        columns[22] = "Compared to Regions (statistical) value or percentiles"
    name = "Hospital admissions caused by unintentional and deliberate injuries in children (aged 0 to 14 years)"
    rows = []

    def figures(area, year, sex_share=1.0, factor=1.0):
        children = half_up(w.children(area, year) * 15 / 18 * sex_share)  # aged 0 to 14
        count = half_up(
            w.expected("injury_admissions_rate", area, year)
            * 15
            / 18
            * sex_share
            * factor
            * (1.15 if sex_share == 0.512 else 0.84 if sex_share == 0.488 else 1)
        )
        return count, children

    def against(low, high, benchmark):
        return "Better" if high < benchmark else "Worse" if low > benchmark else "Similar"

    def row(area, year, sex, count, children, england, category=("", ""), previous=None, region=None):
        low, high = byar(count, children)
        value = count / children * 10_000
        compared = "Not compared" if area.level == NATIONAL else against(low, high, england)
        trend = (
            "Cannot be calculated"
            if previous is None
            else "Increasing and getting worse"
            if value > previous * 1.08
            else "Decreasing and getting better"
            if value < previous * 0.92
            else "No significant change"
        )
        parent = (
            ("", "")
            if area.level == NATIONAL
            else (
                (area.region_code, f"{area.region_name} region (statistical)")
                if region_file and area.level == LOCAL
                else ("E92000001", "England")
            )
        )
        out = dict.fromkeys(columns, "") | {
            "Indicator ID": "90284",
            "Indicator Name": name,
            "Parent Code": parent[0],
            "Parent Name": parent[1],
            "Area Code": area.new_la_code or area.region_code or "E92000001",
            "Area Name": area.la_name
            or (f"{area.region_name} region (statistical)" if area.level == REGIONAL else "England"),
            "Area Type": AREA_TYPES[area.level],
            "Sex": sex,
            "Age": "<15 yrs",
            "Category Type": category[0],
            "Category": category[1],
            "Time period": f"{year - 1}/{year % 100:02d}",
            "Value": fingertips_number(value),
            "Lower CI 95.0 limit": fingertips_number(low),
            "Upper CI 95.0 limit": fingertips_number(high),
            "Count": str(count),
            "Denominator": str(children),
            "Recent Trend": trend if not category[0] else "",
            "Compared to England value or percentiles": compared,
            columns[22]: "Not compared"
            if not region_file or area.level != LOCAL or region is None
            else against(low, high, region),
            "Time period Sortable": f"{year - 1}0000",
            "Time period range": "1y",
        }
        if (area.old_la_code, year) == INJURY_NOT_PRESENTED:
            out |= dict.fromkeys(["Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Count"], "") | {
                "Value note": "Value not presented: fewer than 70% of records have a valid area of residence",
                "Recent Trend": "Cannot be calculated",
                "Compared to England value or percentiles": "Not compared",
                columns[22]: "Not compared",
            }
        return out

    areas = [a for a in AREAS if region_file or a.level != REGIONAL]
    for year in INJURY_YEARS:
        for sex, share in [("Persons", 1.0), ("Male", 0.512), ("Female", 0.488)]:
            count, children = figures(ENGLAND, year, share)
            england = count / children * 10_000
            count, children = figures(EAST_MIDLANDS, year, share)
            regional = {EAST_MIDLANDS.region_code: count / children * 10_000}  # the only region written
            for area in areas:
                count, children = figures(area, year, share)
                previous = None
                if year > INJURY_YEARS[0]:
                    c0, d0 = figures(area, year - 1, share)
                    previous = c0 / d0 * 10_000
                line = row(
                    area,
                    year,
                    sex,
                    count,
                    children,
                    england,
                    previous=previous,
                    region=regional.get(area.region_code) if area.level == LOCAL else None,
                )
                rows.append(line)
                if area is ENGLAND and not region_file:
                    rows.append(line)  # the council export repeats England's rows
                if area is ENGLAND and sex == "Persons":
                    # England by deprivation decile of the area (filtered out by Category Type)
                    for i, decile in enumerate(DECILES):
                        factor = 1.35 - 0.07 * i
                        rows.append(
                            row(
                                area,
                                year,
                                sex,
                                half_up(count * factor / 10),
                                half_up(children / 10),
                                england,
                                (DECILE_TYPE, decile),
                            )
                        )
    return columns, rows


def injuries_councils(w: World):
    return injury_rows(w, region_file=False)


def injuries_regions(w: World):
    return injury_rows(w, region_file=True)


def care_leaver_rows(w: World, split, details=None):
    """Rows for one care leaver file. `split(area, year, age, total)` returns the file's
    categories (after "Total") with counts; the last category takes the remainder so the
    categories always add up to the total. `details(area, year, age, categories)` returns the
    finer breakdowns a file also has (added later: counts of 1 to 5 print as "c"), and then
    every row is written in the real file's order (alphabetical)."""
    columns = ["care_leaver_age", "breakdown", "care_leaver_count", "care_leaver_percent"]
    rows = []
    for year, area in rows_by_year_and_area():
        looked_after = cla_at31(w, area, year)
        for age, cohort in [
            ("17 to 18 years", "leavers_17_18_per_100_cla"),
            ("19 to 21 years", "leavers_19_21_per_100_cla"),
        ]:
            total = published(area, w.share(cohort, area, year, looked_after))
            categories = [("Total", total)] + split(area, year, age, total)
            block = []
            for breakdown, n in categories:
                shown = care_leaver_percent(n, total)
                assert shown != "k" or (area.old_la_code, year) == CARE_LEAVER_ONE_NEET, (
                    f"unplanned 'k' for {area.la_name} {year} {age} {breakdown}"
                )
                block.append((breakdown, str(n), shown))
            if details:
                for breakdown, n in details(area, year, age, dict(categories)):
                    if n is None:  # not collected that year
                        block.append((breakdown, "z", "z"))
                        continue
                    shown = percent_shown(area, n, total)
                    assert shown != "k", f"unplanned 'k' for {area.la_name} {year} {age} {breakdown}"
                    block.append((breakdown, count_shown(area, n), shown))
                block.sort()
            for breakdown, count, shown in block:
                rows.append(
                    {
                        **geography(year, area),
                        "care_leaver_age": age,
                        "breakdown": breakdown,
                        "care_leaver_count": count,
                        "care_leaver_percent": shown,
                    }
                )
    return columns, rows


def by_age(w: World, stories: tuple[str, str], area: Area, year: int, age: str, total: int):
    """The share of `total` from the 17-18 or the 19-21 story, as a printed count."""
    story = stories[0] if age == "17 to 18 years" else stories[1]
    return published(area, w.share(story, area, year, total))


EET = "Total in education, employment or training"
NEET = "Total not in education, employment or training"
# Before 2022 the return had one "In training or employment" row, apprenticeships included.
APPRENTICESHIPS_FROM = 2022


def care_leavers_activity(w: World):
    def split(area, year, age, total):
        unknown = published(area, w.share("activity_unknown_pct", area, year, total))
        eet = min(total - unknown, by_age(w, ("eet_17_18_pct", "eet_19_21_pct"), area, year, age, total))
        neet = total - eet - unknown
        if (area.old_la_code, year) == CARE_LEAVER_ONE_NEET and age == "19 to 21 years":
            # Scripted: a return that recorded one young person as NEET and the rest as
            # not known; 1 in a few hundred prints as "k".
            neet, unknown = 1, unknown + neet - 1
            assert total > 200, "the scripted NEET row needs a cohort over 200 to print 'k'"
        return [(EET, eet), (NEET, neet), ("Total information not known", unknown)]

    def details(area, year, age, categories):
        ages = "17_18" if age == "17 to 18 years" else "19_21"
        step = unit(area)
        education, higher, apprentice, work = apportion(
            categories[EET],
            remainder_weights(*(w.level(f"cl_{s}_{ages}_pct", area, year) for s in ("education", "he", "apprentice"))),
            step,
        )
        illness, parenting, other = apportion(
            categories[NEET],
            remainder_weights(w.level("cl_neet_illness_pct", area, year), w.level("cl_neet_parenting_pct", area, year)),
            step,
        )
        later = year >= APPRENTICESHIPS_FROM
        return [
            ("Education other than higher education", education),
            ("Higher education i.e. studies beyond A level", higher),
            ("In an apprenticeship", apprentice if later else None),
            ("In training or employment", None if later else work + apprentice),
            ("In training or employment (excl. apprenticeship)", work if later else None),
            ("Not in education, training or employment, owing to illness or disability", illness),
            ("Not in education, training or employment, owing to other reasons", other),
            ("Not in education, training or employment, owing to pregnancy or parenting", parenting),
        ]

    return care_leaver_rows(w, split, details)


def care_leavers_accommodation(w: World):
    def split(area, year, age, total):
        unknown = published(area, w.share("accommodation_unknown_pct", area, year, total))
        suitable = min(total - unknown, by_age(w, ("suitable_17_18_pct", "suitable_19_21_pct"), area, year, age, total))
        return [
            ("Accommodation considered suitable", suitable),
            ("Accommodation considered not suitable", total - suitable - unknown),
            ("Accommodation information not known", unknown),
        ]

    return care_leaver_rows(w, split)


def care_leavers_in_touch(w: World):
    def split(area, year, age, total):
        # Few 17 and 18 year-olds have stopped needing a service; more have by 19 to 21.
        done = w.share("no_longer_requires_pct", area, year, total)
        done = published(area, done if age == "19 to 21 years" else done / 2)
        in_touch = min(total - done, by_age(w, ("in_touch_17_18_pct", "in_touch_19_21_pct"), area, year, age, total))
        return [
            ("In touch", in_touch),
            ("Not in touch", total - in_touch - done),
            ("No longer requires services", done),
        ]

    return care_leaver_rows(w, split)


WORKING_DAYS = 253  # a year's working days: absence_rate_fte = days lost / (FTE x 253)


def csww_figures(w: World, area: Area, year: int) -> dict[str, int]:
    """One area's workforce figures: FTEs in whole tenths (so the printed rates follow from the
    printed FTEs), headcounts and cases in whole numbers."""
    in_post = half_up(10 * w.expected("social_workers_rate", area, year))
    agency_pct = w.level("agency_pct", area, year)
    vacancy_pct = w.level("vacancy_pct", area, year)
    f = {
        "in_post": in_post,
        "leavers": half_up(w.share("turnover_pct", area, year, in_post)),
        "agency": half_up(in_post * agency_pct / (100 - agency_pct)),  # agency / (agency + in post)
        "vacancies": half_up(in_post * vacancy_pct / (100 - vacancy_pct)),
        "caseload": half_up(10 * w.level("caseload", area, year)),
    }
    per_fte = w.level("headcount_per_fte_pct", area, year) / 100
    f["starters"] = half_up(w.share("starter_pct", area, year, in_post))
    for name in ("in_post", "starters", "leavers", "agency"):
        f[f"{name}_headcount"] = max(1 if f[name] else 0, half_up(f[name] / 10 * per_fte))
    f["agency_cover"] = min(f["vacancies"], half_up(w.share("agency_cover_pct", area, year, f["agency"])))
    f["case_holders"] = half_up(w.share("case_holder_pct", area, year, in_post))
    # Cases so that cases / case holders prints as the caseload already published.
    cases = half_up(f["caseload"] * f["case_holders"] / 100)
    while ratio(cases, f["case_holders"], scale=10, dp=1) != tenths(f["caseload"]):
        cases += 1 if 100 * cases < f["caseload"] * f["case_holders"] else -1
    f["cases"] = cases
    f["days_lost"] = half_up(in_post * WORKING_DAYS * w.level("sw_absence_pct", area, year) / 100)
    return f


def csww_indicators(w: World):
    columns = [
        "inpost_fte",
        "inpost_headcount",
        "starters_fte",
        "starters_headcount",
        "leavers_fte",
        "leavers_headcount",
        "turnover_rate_fte",
        "turnover_rate_headcount",
        "agency_fte",
        "agency_headcount",
        "agency_rate_fte",
        "agency_rate_headcount",
        "agency_cover_fte",
        "agency_cover_rate_fte",
        "vacancy_fte",
        "vacancy_rate_fte",
        "vacancy_agency_cover_rate_fte",
        "case_holders_fte",
        "cases",
        "caseload_fte",
        "working_days_lost_fte",
        "absence_rate_fte",
    ]
    rows = []
    for year, area in rows_by_year_and_area():
        f = csww_figures(w, area, year)
        in_post, leavers, agency, vacancies = f["in_post"], f["leavers"], f["agency"], f["vacancies"]
        row = {
            **geography(year, area),
            "inpost_fte": tenths(in_post),
            "leavers_fte": tenths(leavers),
            "turnover_rate_fte": ratio(leavers, in_post),
            "agency_fte": tenths(agency),
            "agency_rate_fte": ratio(agency, agency + in_post),
            "vacancy_fte": tenths(vacancies),
            "vacancy_rate_fte": ratio(vacancies, vacancies + in_post),
            "caseload_fte": tenths(f["caseload"]),
        }
        row |= {
            "inpost_headcount": str(f["in_post_headcount"]),
            "starters_fte": tenths(f["starters"]),
            "starters_headcount": str(f["starters_headcount"]),
            "leavers_headcount": str(f["leavers_headcount"]),
            "turnover_rate_headcount": ratio(f["leavers_headcount"], f["in_post_headcount"]),
            "agency_headcount": str(f["agency_headcount"]),
            "agency_rate_headcount": ratio(f["agency_headcount"], f["agency_headcount"] + f["in_post_headcount"]),
            "agency_cover_fte": tenths(f["agency_cover"]),
            "agency_cover_rate_fte": ratio(f["agency_cover"], agency) if agency else "z",
            "vacancy_agency_cover_rate_fte": ratio(f["agency_cover"], vacancies) if vacancies else "z",
            "case_holders_fte": tenths(f["case_holders"]),
            "cases": str(f["cases"]),
            "working_days_lost_fte": tenths(f["days_lost"]),
            "absence_rate_fte": ratio(f["days_lost"], in_post * WORKING_DAYS),
        }
        if (area.old_la_code, year) == CSWW_NO_AGENCY:
            # Scripted: a few hours of agency cover, 0.04 FTE, which rounds to 0.0: one agency
            # worker, all of it covering a vacancy.
            row["agency_fte"] = row["agency_rate_fte"] = "low"
            row |= {
                "agency_headcount": "1",
                "agency_rate_headcount": ratio(1, 1 + f["in_post_headcount"]),
                "agency_cover_fte": "low",
                "agency_cover_rate_fte": "100",
                "vacancy_agency_cover_rate_fte": "low",
            }
        rows.append(row)
    return columns, rows


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


# --- files ---------------------------------------------------------------------------------------

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
# indicators) are all numbers, but for the one scripted "c" above: in the files added later a
# council's count of 1 to 5 is "c", as in the real files, and Kingsmere has some in breakdowns
# it does not report (a few young people in one category). (file, rows, columns) of the cells
# the edition's newer indicators read; keep this in step with the sections' lists.
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


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"folder to write to (default: {DEFAULT_OUT})")
    parser.add_argument(
        "--edition",
        type=Path,
        default=DEFAULT_EDITION,
        help=f"edition folder for the council's own figures (default: {DEFAULT_EDITION})",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    world = World(random.Random(SEED), random.Random(NEW_SEED))
    targets = [(args.out, output) for output in FILES] + [(args.edition, LOCAL_FIGURES)]
    for folder, output in targets:
        columns, rows = output.make(world)
        check_kingsmere_shown(output.name, rows)
        header = output.header(columns)
        write_csv(folder / output.name, header, rows, output.bom, output.quote_empty)
        print(f"{len(rows):4d} rows  {folder.name}/{output.name}")


if __name__ == "__main__":
    main()
