"""An OHID Fingertips export: hospital admissions for injury, children aged 0 to 14.

Not a DfE file: Fingertips' own 27 columns, GSS codes only, financial years written 2023/24,
a crude rate per 10,000 with 95% confidence limits (Byar's method). A council export (which
repeats England's rows) and a region export (which repeats the councils') are both written.
Published later than the DfE files: the last year is 2023/24 (reporting year 2024)."""

from __future__ import annotations

import math

from .areas import AREAS, EAST_MIDLANDS, ENGLAND, LOCAL, NATIONAL, REGIONAL
from .rounding import half_up
from .world import World

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
