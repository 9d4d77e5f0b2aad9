"""Make sefbook's example data: fictional statistics in the shape of the real DfE files.

Writes one CSV per publication that the indicator registry (src/sefbook/indicators.yml) reads,
plus nothing else, into data/example/ (or --out DIR):

    ONS mid-year population estimates, children in need (a1, b1, c1, c4, d3, d5),
    children looked after (numbers and rates, placement stability, new placements),
    care leavers (activity, accommodation, in touch), the social work workforce (csww),
    and two local collections: early help assessments and youth justice first-time entrants.

EVERYTHING HERE IS FICTIONAL. The council (Kingsmere), its ten statistical neighbours, their
codes and every number are invented; only the England and East Midlands geography codes are
real. The files copy the published files' shape (column order, geography columns, rounding,
symbols such as c, x, z, low and k, byte-order marks and quoted empty fields) so that readers
written for the real files are exercised by the example, but no real value is used.

The generator is seeded (random.Random(20250331)) and uses the standard library only, so
running it again writes byte-identical files:

    python scripts/make_example_data.py [--out DIR]
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
    return Area(LOCAL, *region, str(old_code), f"E06000{old_code}", name,
                children, growth, teen_share, teen_growth)


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


class World:
    """Every random draw happens here, once, in a fixed order; the file writers are pure."""

    def __init__(self, rng: random.Random):
        self.population = self._populations(rng)
        self.levels = self._levels(rng)

    @staticmethod
    def _populations(rng):
        population = {}
        for area in AREAS:
            teens = area.children * area.teen_share
            for t, year in enumerate(POPULATION_YEARS):
                wobble = 1 + rng.gauss(0, 0.0008)  # estimates are revised and never smooth
                population[area.key, AGE_0_17, year] = half_up(
                    area.children * (1 + area.growth) ** t * wobble)
                population[area.key, AGE_10_17, year] = half_up(
                    teens * (1 + area.teen_growth) ** t * wobble)
        return population

    @staticmethod
    def _levels(rng):
        levels = {}
        for name, story in STORIES.items():
            # A region sits close to England; each neighbour has its own level and drift.
            region_offset = rng.gauss(0, story.spread / 5)
            shape = {a.key: (rng.gauss(0, story.spread), rng.gauss(0, story.spread / 10))
                     for a in NEIGHBOURS}
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
                values[KINGSMERE.key] = (start + (end - start) * t / (len(YEARS) - 1)
                                         + rng.gauss(0, story.noise / 3))
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
    units = 10 ** dp
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


# --- geography ---------------------------------------------------------------------------------

GEOGRAPHY = ["time_period", "time_identifier", "geographic_level", "country_code",
             "country_name", "region_code", "region_name", "old_la_code", "new_la_code",
             "la_name"]
# The cla_* and la_care_leavers_* files put la_name before new_la_code.
GEOGRAPHY_NAME_FIRST = GEOGRAPHY[:8] + ["la_name", "new_la_code"]


def rows_by_year_and_area():
    """Newest year first, then National, Regional and councils by old code."""
    for year in reversed(YEARS):
        for area in AREAS:
            yield year, area


def geography(year: int, area: Area) -> dict:
    return {
        "time_period": str(year), "time_identifier": "Reporting year",
        "geographic_level": area.level, "country_code": "E92000001", "country_name": "England",
        "region_code": area.region_code, "region_name": area.region_name,
        "old_la_code": area.old_la_code, "new_la_code": area.new_la_code,
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
                rows.append({**geography(year, area), "age_group": age,
                             "population_estimate": str(w.population[area.key, age, year])})
    return columns, rows


def b1_children_in_need(w: World):
    columns = ["category", "Started_episodes", "At31_episodes"]
    rows = []
    for year, area in rows_by_year_and_area():
        started = published(area, w.expected("cin_started_rate", area, year))
        at31 = published(area, w.expected("cin_at31_rate", area, year))
        rows.append({**geography(year, area), "category": "Children in Need",
                     "Started_episodes": str(started), "At31_episodes": str(at31)})
    return columns, rows


def c1_referrals(w: World):
    measures = ["referral_count", "rereferral_count", "rereferral_percent"]
    rows = []
    for year, area in rows_by_year_and_area():
        referrals = published(area, w.expected("referral_rate", area, year))
        rereferrals = published(area, w.share("rereferral_pct", area, year, referrals))
        values = [str(referrals), str(rereferrals), ratio(rereferrals, referrals)]
        if (area.old_la_code, year) == C1_FAILED_RETURN:
            values = ["x"] * len(measures)
        rows.append({**geography(year, area), "category": "Referrals and Re-referrals",
                     **dict(zip(measures, values))})
    return ["category"] + measures, rows


def a1_assessments(w: World):
    columns = ["category", "assessments_completed", "assessments_within_45_days",
               "assessments_within_45_days_percent"]
    rows = []
    for year, area in rows_by_year_and_area():
        completed = published(area, w.expected("assessment_rate", area, year))
        on_time = published(area, w.share("assessment_45_days_pct", area, year, completed))
        rows.append({**geography(year, area), "category": "Assessments",
                     "assessments_completed": str(completed),
                     "assessments_within_45_days": str(on_time),
                     "assessments_within_45_days_percent": ratio(on_time, completed)})
    return columns, rows


def c4_section_47s_and_icpcs(w: World):
    columns = ["category", "Section47", "ICPC", "Duration_0-10_days", "Duration_11-15_days",
               "Duration_more_than_15_days"]
    rows = []
    for year, area in rows_by_year_and_area():
        s47 = w.expected("s47_rate", area, year)
        icpc = w.share("icpc_per_s47_pct", area, year, s47)
        in_15 = w.share("icpc_15_days_pct", area, year, icpc)
        in_10 = w.share("icpc_0_10_share_pct", area, year, in_15)
        bands = [published(area, in_10), published(area, in_15 - in_10),
                 published(area, icpc - in_15)]
        # The bands are printed first and ICPC is their sum, so they always add up.
        rows.append({**geography(year, area), "category": "Section 47 enquiries and ICPCs",
                     "Section47": str(published(area, s47)), "ICPC": str(sum(bands)),
                     **dict(zip(columns[3:], map(str, bands)))})
    return columns, rows


def d3_subsequent_plans(w: World):
    columns = ["category", "CPP_start", "CPP_subsequent", "CPP_subsequent_percent"]
    rows = []
    for year, area in rows_by_year_and_area():
        started = published(area, w.expected("cpp_start_rate", area, year))
        repeat = published(area, w.share("cpp_subsequent_pct", area, year, started))
        rows.append({**geography(year, area),
                     "category": "Child Protection Plans which are a second or subsequent plan",
                     "CPP_start": str(started), "CPP_subsequent": str(repeat),
                     "CPP_subsequent_percent": ratio(repeat, started)})
    return columns, rows


def d5_plans_by_duration(w: World):
    columns = ["category", "CPP_At31", "2_years_or_more", "2_years_or_more_percent"]
    rows = []
    for year, area in rows_by_year_and_area():
        at31 = published(area, w.expected("cpp_at31_rate", area, year))
        long_plans = published(area, w.share("cpp_two_years_pct", area, year, at31))
        if area is KINGSMERE and year == KINGSMERE_SUPPRESSED_YEAR:
            long_plans = 4  # scripted: leaves a gap in the council's own series
        values = [str(long_plans), ratio(long_plans, at31)]
        if area.level == LOCAL and 0 < long_plans < 6:
            values = ["c", "c"]  # counts of 1 to 5 are suppressed, and so is their percentage
        assert area is not KINGSMERE or year == KINGSMERE_SUPPRESSED_YEAR or values[0] != "c", \
            "Kingsmere should have exactly one suppressed year; adjust cpp_two_years_pct"
        rows.append({**geography(year, area),
                     "category": "Child Protection Plans by length of time",
                     "CPP_At31": str(at31), **dict(zip(columns[2:], values))})
    return columns, rows


def cla_at31(w: World, area: Area, year: int) -> int:
    """Children looked after at 31 March: shared by every children-looked-after file."""
    return published(area, w.expected("cla_at31_rate", area, year))


def cla_numbers(w: World):
    columns = ["population_type", "population_estimate", "children_count", "rate_per_10000"]
    rows = []
    for year, area in rows_by_year_and_area():
        population = w.children(area, year)
        starters = published(area, w.expected("cla_start_rate", area, year))
        looked_after = cla_at31(w, area, year)
        for population_type, count, shown_population in [
            ("Children looked after on 31 March each year", looked_after, str(population)),
            # The population is "not applicable" to a flow of children over the year.
            ("Children starting to be looked after each year", starters, "z"),
        ]:
            rows.append({**geography(year, area), "population_type": population_type,
                         "population_estimate": shown_population, "children_count": str(count),
                         "rate_per_10000": ratio(count, population, scale=10_000, dp=0)})
    return columns, rows


def cla_placement_stability(w: World):
    columns = ["cla_group", "placement_stability", "children_count", "children_percent"]
    long_term = ("Children looked after continuously for at least 2.5 years on 31 March"
                 " aged under 16 years")
    rows = []
    for year, area in rows_by_year_and_area():
        total = cla_at31(w, area, year)
        moved = published(area, w.share("three_placements_pct", area, year, total))
        group = published(area, w.share("long_term_group_pct", area, year, total))
        stable = published(area, w.share("long_term_stable_pct", area, year, group))
        for cla_group, stability, n, of in [
            ("CLA on 31 March", "With 3 or more placements during the year", moved, total),
            ("CLA on 31 March", "Total children", total, total),
            (long_term, "Living with the same carer for at least 2 years", stable, group),
            (long_term, "Total children", group, group),
        ]:
            rows.append({**geography(year, area), "cla_group": cla_group,
                         "placement_stability": stability, "children_count": str(n),
                         "children_percent": ratio(n, of, dp=0)})
    return columns, rows


def cla_new_placements(w: World):
    columns = ["characteristic", "breakdown", "children_count", "children_percent"]
    rows = []
    for year, area in rows_by_year_and_area():
        total = published(area, w.share("new_placements_per_100_cla", area, year,
                                        cla_at31(w, area, year)))
        far = published(area, w.share("over_20_miles_pct", area, year, total))
        for breakdown, n in [("Placed 20 miles or less from home", total - far),
                             ("Placed more than 20 miles from home", far),
                             ("Total", total)]:
            rows.append({**geography(year, area),
                         "characteristic": "Location of new placements during the year",
                         "breakdown": breakdown, "children_count": str(n),
                         "children_percent": ratio(n, total, dp=0)})
    return columns, rows


def care_leaver_rows(w: World, split):
    """Rows for one care leaver file. `split(area, year, age, total)` returns the file's
    categories (after "Total") with counts; the last category takes the remainder so the
    categories always add up to the total."""
    columns = ["care_leaver_age", "breakdown", "care_leaver_count", "care_leaver_percent"]
    rows = []
    for year, area in rows_by_year_and_area():
        looked_after = cla_at31(w, area, year)
        for age, cohort in [("17 to 18 years", "leavers_17_18_per_100_cla"),
                            ("19 to 21 years", "leavers_19_21_per_100_cla")]:
            total = published(area, w.share(cohort, area, year, looked_after))
            for breakdown, n in [("Total", total)] + split(area, year, age, total):
                shown = care_leaver_percent(n, total)
                assert shown != "k" or (area.old_la_code, year) == CARE_LEAVER_ONE_NEET, \
                    f"unplanned 'k' for {area.la_name} {year} {age} {breakdown}"
                rows.append({**geography(year, area), "care_leaver_age": age,
                             "breakdown": breakdown, "care_leaver_count": str(n),
                             "care_leaver_percent": shown})
    return columns, rows


def by_age(w: World, stories: tuple[str, str], area: Area, year: int, age: str, total: int):
    """The share of `total` from the 17-18 or the 19-21 story, as a printed count."""
    story = stories[0] if age == "17 to 18 years" else stories[1]
    return published(area, w.share(story, area, year, total))


def care_leavers_activity(w: World):
    def split(area, year, age, total):
        unknown = published(area, w.share("activity_unknown_pct", area, year, total))
        eet = min(total - unknown,
                  by_age(w, ("eet_17_18_pct", "eet_19_21_pct"), area, year, age, total))
        neet = total - eet - unknown
        if (area.old_la_code, year) == CARE_LEAVER_ONE_NEET and age == "19 to 21 years":
            # Scripted: a return that recorded one young person as NEET and the rest as
            # not known; 1 in a few hundred prints as "k".
            neet, unknown = 1, unknown + neet - 1
            assert total > 200, "the scripted NEET row needs a cohort over 200 to print 'k'"
        return [("Total in education, employment or training", eet),
                ("Total not in education, employment or training", neet),
                ("Total information not known", unknown)]
    return care_leaver_rows(w, split)


def care_leavers_accommodation(w: World):
    def split(area, year, age, total):
        unknown = published(area, w.share("accommodation_unknown_pct", area, year, total))
        suitable = min(total - unknown,
                       by_age(w, ("suitable_17_18_pct", "suitable_19_21_pct"), area, year, age, total))
        return [("Accommodation considered suitable", suitable),
                ("Accommodation considered not suitable", total - suitable - unknown),
                ("Accommodation information not known", unknown)]
    return care_leaver_rows(w, split)


def care_leavers_in_touch(w: World):
    def split(area, year, age, total):
        # Few 17 and 18 year-olds have stopped needing a service; more have by 19 to 21.
        done = w.share("no_longer_requires_pct", area, year, total)
        done = published(area, done if age == "19 to 21 years" else done / 2)
        in_touch = min(total - done,
                       by_age(w, ("in_touch_17_18_pct", "in_touch_19_21_pct"), area, year, age, total))
        return [("In touch", in_touch), ("Not in touch", total - in_touch - done),
                ("No longer requires services", done)]
    return care_leaver_rows(w, split)


def csww_indicators(w: World):
    columns = ["inpost_fte", "leavers_fte", "turnover_rate_fte", "agency_fte", "agency_rate_fte",
               "vacancy_fte", "vacancy_rate_fte", "caseload_fte"]
    rows = []
    for year, area in rows_by_year_and_area():
        # FTEs are held in whole tenths so the printed rates follow from the printed FTEs.
        in_post = half_up(10 * w.expected("social_workers_rate", area, year))
        leavers = half_up(w.share("turnover_pct", area, year, in_post))
        agency_pct = w.level("agency_pct", area, year)
        agency = half_up(in_post * agency_pct / (100 - agency_pct))  # agency / (agency + in post)
        vacancy_pct = w.level("vacancy_pct", area, year)
        vacancies = half_up(in_post * vacancy_pct / (100 - vacancy_pct))
        row = {**geography(year, area),
               "inpost_fte": tenths(in_post), "leavers_fte": tenths(leavers),
               "turnover_rate_fte": ratio(leavers, in_post),
               "agency_fte": tenths(agency), "agency_rate_fte": ratio(agency, agency + in_post),
               "vacancy_fte": tenths(vacancies),
               "vacancy_rate_fte": ratio(vacancies, vacancies + in_post),
               "caseload_fte": tenths(half_up(10 * w.level("caseload", area, year)))}
        if (area.old_la_code, year) == CSWW_NO_AGENCY:
            # Scripted: a few hours of agency cover, 0.04 FTE, which rounds to 0.0.
            row["agency_fte"] = row["agency_rate_fte"] = "low"
        rows.append(row)
    return columns, rows


def early_help(w: World):
    rows = []
    for year, area in rows_by_year_and_area():
        # Not a DfE collection, so counts are not rounded to 10 at any level.
        rows.append({**geography(year, area), "category": "Early help",
                     "early_help_assessments_started":
                         str(half_up(w.expected("early_help_rate", area, year)))})
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
        rows.append({**geography(year, area), "category": "Youth justice",
                     "first_time_entrants": str(half_up(entrants))})
    return ["category", "first_time_entrants"], rows


# The first two quarters of 2025-26 from Kingsmere's own systems, for the quarterly report:
# (registry id, story, decimals), each drifting a little on from its 2025 level.
QUARTERLY = [("rereferral_12m", "rereferral_pct", 1), ("assessments_45_days", "assessment_45_days_pct", 1),
             ("cpp_subsequent", "cpp_subsequent_pct", 1), ("sw_agency_rate", "agency_pct", 1),
             ("care_leavers_eet", "eet_19_21_pct", 0)]


def kingsmere_local_figures(w: World):
    """The council's own, unpublished figures, in the canonical long shape: one row per
    indicator (a registry id) with its value as the report shows it. Quarters are written as
    the DfE writes them: time_period 202526, time_identifier Q1."""
    rows = []
    rng = random.Random(SEED + 1)  # its own draws: the published files stay byte-identical
    for quarter in (1, 2):
        for indicator, story, decimals in QUARTERLY:
            value = w.level(story, KINGSMERE, YEARS[-1]) * (1 + rng.gauss(0, 0.03))
            rows.append({**geography(YEARS[-1], KINGSMERE), "time_period": f"{YEARS[-1]}{(YEARS[-1] + 1) % 100:02d}",
                         "time_identifier": f"Q{quarter}", "indicator": indicator,
                         "value": f"{value:.{decimals}f}"})
    for year in YEARS:
        if year > LAST_PUBLISHED_YJ_YEAR:
            entrants = half_up(w.expected("first_time_entrant_rate", KINGSMERE, year, per=100_000, age=AGE_10_17))
            rate = entrants / w.children(KINGSMERE, year - 1, AGE_10_17) * 100_000
            rows.append({**geography(year, KINGSMERE), "indicator": "youth_justice_fte_rate",
                         "value": f"{rate:.1f}"})
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


FILES = [
    Output("ons_mid-year_population_estimates_2020_to_2024.csv", ons_population),
    Output("b1_children_in_need_2021_to_2025.csv", b1_children_in_need),
    Output("c1_children_in_need_referrals_and_rereferrals_2021_to_2025.csv", c1_referrals),
    Output("a1_children_in_need_assessments_2021_to_2025.csv", a1_assessments),
    Output("c4_children_in_need_section_47s_and_icpcs_2021_to_2025.csv", c4_section_47s_and_icpcs),
    Output("d3_cpps_subsequent_plan_2021_to_2025.csv", d3_subsequent_plans, quote_empty=True),
    Output("d5_cpps_at31march_by_duration_2021_to_2025.csv", d5_plans_by_duration,
           quote_empty=True),
    Output("cla_number_and_rate_per_10k_children.csv", cla_numbers, name_first=True, bom=True),
    Output("la_cla_placement_stability.csv", cla_placement_stability, name_first=True, bom=True),
    Output("la_cla_during_year_new_placements.csv", cla_new_placements, name_first=True),
    Output("la_care_leavers_activity.csv", care_leavers_activity, name_first=True, bom=True),
    Output("la_care_leavers_accommodation_suitability.csv", care_leavers_accommodation,
           name_first=True),
    Output("la_care_leavers_in_touch.csv", care_leavers_in_touch, name_first=True),
    Output("csww_indicators_2021_to_2025.csv", csww_indicators),
    Output("early_help_assessments_2021_to_2025.csv", early_help),
    Output("yj_first_time_entrants_2021_to_2024.csv", youth_justice),
]
# Written into the example edition, not the data folder: the council's own figures.
LOCAL_FIGURES = Output("local_figures.csv", kingsmere_local_figures)


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
        for row in rows:
            f.write(",".join('""' if row[c] == "" and c in QUOTED_EMPTY else quote_minimal(row[c])
                             for c in header) + "\n")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"folder to write to (default: {DEFAULT_OUT})")
    parser.add_argument("--edition", type=Path, default=DEFAULT_EDITION,
                        help=f"edition folder for the council's own figures (default: {DEFAULT_EDITION})")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    world = World(random.Random(SEED))
    targets = [(args.out, output) for output in FILES] + [(args.edition, LOCAL_FIGURES)]
    for folder, output in targets:
        columns, rows = output.make(world)
        header = (GEOGRAPHY_NAME_FIRST if output.name_first else GEOGRAPHY) + columns
        write_csv(folder / output.name, header, rows, output.bom, output.quote_empty)
        print(f"{len(rows):4d} rows  {folder.name}/{output.name}")


if __name__ == "__main__":
    main()
