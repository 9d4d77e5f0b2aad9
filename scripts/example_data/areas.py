"""The fictional councils and their real region and country, the reporting years, and the
geography columns every DfE file starts with."""

from __future__ import annotations

from dataclasses import dataclass

# Reporting years: 2025 is the year to 31 March 2025. DfE pair reporting year Y with the ONS
# mid-year estimate for Y - 1, so the population file runs a year behind.
YEARS = [2021, 2022, 2023, 2024, 2025]
POPULATION_YEARS = [year - 1 for year in YEARS]

NATIONAL, REGIONAL, LOCAL = "National", "Regional", "Local authority"
AGE_0_17 = "Children aged 0 to 17 years"
AGE_10_17 = "Children aged 10 to 17 years"

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
