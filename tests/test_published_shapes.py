"""Each source shape the registry expresses, read from the DfE's real files in ../shared/data/dfe
(in place) and checked against values recomputed here from the file itself, independently of
the package (csv module, or pandas straight on the workbook)."""

from __future__ import annotations

import csv
import math

import pandas as pd
import pytest
from helpers import PUBLISHED_DATA

from sefbook.inputs.published.reader import read_published
from sefbook.inputs.published.registry import default_registry

pytestmark = [
    pytest.mark.skipif(not PUBLISHED_DATA.is_dir(), reason="published DfE files not beside the project"),
    pytest.mark.slow,
]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return read_published(PUBLISHED_DATA, default_registry(), leave_out="unreadable").table


def figure(table, indicator, area_key, period):
    rows = table[(table["indicator"] == indicator) & (table["area_key"] == area_key) & (table["time_period"] == period)]
    assert len(rows) == 1, (indicator, area_key, period, len(rows))
    return rows.iloc[0]


def csv_rows(pattern: str, **match: str) -> list[dict]:
    path = next(PUBLISHED_DATA.glob(pattern))
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [
            dict(row, _line=line)
            for line, row in enumerate(csv.DictReader(f), start=2)
            if all(row.get(k) == v for k, v in match.items())
        ]


def one(pattern: str, **match: str) -> dict:
    rows = csv_rows(pattern, **match)
    assert len(rows) == 1, (pattern, match, len(rows))
    return rows[0]


def population(old_code: str, year: int) -> float:
    return float(
        one(
            "ons_mid-year_population_estimates_*.csv",
            old_la_code=old_code,
            time_period=str(year),
            age_group="Children aged 0 to 17 years",
        )["population_estimate"]
    )


def test_a_wide_file_column_per_factor_as_a_rate_of_the_previous_years_population(table):
    row = one("c3_*.csv", old_la_code="301", time_period="2025")
    got = figure(table, "factor_domestic_abuse_parent_rate", "301", 2025)
    assert got["value"] == pytest.approx(float(row["Domestic_Abuse_parent"]) / population("301", 2024) * 10_000)
    assert got["source_row"] == row["_line"]


def test_a_numerator_and_a_denominator_from_two_publications(table):
    plans = one("d5_*.csv", old_la_code="856", time_period="2025")["CPP_At31"]
    in_need = one("b1_*.csv", old_la_code="856", time_period="2025")["At31_episodes"]
    assert figure(table, "cpp_share_of_cin", "856", 2025)["value"] == pytest.approx(float(plans) / float(in_need) * 100)


def test_a_published_symbol_stays_a_symbol(table):
    row = one("d5_*.csv", old_la_code="856", time_period="2025")
    got = figure(table, "cpp_two_years", "856", 2025)
    assert row["2_years_or_more_percent"] == "c" and got["symbol"] == "c" and math.isnan(got["value"])


def test_academic_years_are_filed_under_the_year_they_end_and_every_release_version_is_kept(table):
    for academic, year in (("202425", 2025), ("202324", 2024)):
        row = one("ks2_la.csv", old_la_code="856", time_period=academic, social_care_group="CINO at 31 March")
        assert figure(table, "ks2_rwm_expected_cin", "856", year)["value"] == float(row["pt_rwm_met_expected_standard"])


def test_a_national_series_written_in_years_and_months(table):
    rows = csv_rows(
        "national_cla_adopted_average_time_between_adoption_process_stages*.csv",
        time_period="2025",
        age_start_poc="Total",
    )
    row = next(r for r in rows if r["stage_of_adoption_process"].startswith("2."))
    years, months = map(int, row["number"].split(":"))
    got = table[(table["indicator"] == "adoption_decision_to_match_months") & (table["time_period"] == 2025)]
    assert got["geographic_level"].tolist() == ["National"]  # no council figure, so no rank
    assert got["value"].iloc[0] == years * 12 + months


def _workbook(name_pattern: str, header_row: int) -> pd.DataFrame:
    path = next(PUBLISHED_DATA.glob(name_pattern))
    sheet = next(s for s in pd.ExcelFile(path, engine="calamine").sheet_names if s.startswith(path.name[:3]))
    frame = pd.read_excel(path, sheet_name=sheet, header=header_row - 1, engine="calamine")
    frame.columns = [" ".join(str(c).split()) for c in frame.columns]
    return frame


def test_a_share_from_a_workbook_table_with_notes_above_it(table):
    rsx = _workbook("RSX_LA_Data_*.ods", 7)
    row = rsx[rsx["ONS Code"] == "E09000002"].iloc[0]
    share = (
        row["Children Social Care - Total Expenditure (C3 = C1 + C2)"]
        / row["Total Service Expenditure - Total Expenditure (C3 = C1 + C2)"]
        * 100
    )
    assert figure(table, "csc_spend_share", "301", 2025)["value"] == pytest.approx(share)


def test_spend_per_child_in_care_from_a_workbook_over_a_csv(table):
    ro3 = _workbook("RO3_LA_Data_*.ods", 7)
    spend = ro3.loc[
        ro3["ONS Code"] == "E06000016",
        "Children's social care - Children Looked After - Total Expenditure (C3 = C1 + C2)",
    ].iloc[0]
    children = one(
        "cla_number_and_rate_per_10k_children*.csv",
        old_la_code="856",
        time_period="2025",
        population_type="Children looked after on 31 March each year",
    )["children_count"]
    assert figure(table, "cla_spend_per_child_in_care", "856", 2025)["value"] == pytest.approx(
        spend * 1000 / float(children)
    )


def test_an_ofsted_judgement_read_as_a_grade(table):
    path = next(PUBLISHED_DATA.glob("LA_Inspection_Outcomes_*.ods"))
    frame = pd.read_excel(path, sheet_name="Inspections_as_at_31_March", header=2, engine="calamine")
    judgement = frame.loc[frame["Local authority area code"] == "E06000016", "Overall effectiveness"].iloc[0]
    grades = {"Outstanding": 1, "Good": 2, "Requires improvement to be good": 3, "Inadequate": 4}
    assert figure(table, "ofsted_overall_effectiveness", "856", 2025)["value"] == grades[judgement]


def test_a_fingertips_export_for_councils_and_regions(table):
    row = one(
        "la_hospital_admissions_*.csv",
        **{"Area Code": "E09000002", "Time period": "2023/24", "Sex": "Persons", "Category Type": "", "Age": "<15 yrs"},
    )
    assert figure(table, "hospital_admissions_injury_0_14", "301", 2024)["value"] == pytest.approx(float(row["Value"]))
    regions = table[
        (table["indicator"] == "hospital_admissions_injury_0_14") & (table["geographic_level"] == "Regional")
    ]
    assert "E12000004" in set(regions["area_code"])  # East Midlands, from the region export


def test_a_council_whose_gss_code_changed_keeps_one_series(table):
    codes = {r["new_la_code"] for r in csv_rows("b1_*.csv", old_la_code="815")}
    assert codes == {"E10000023", "E06000065"}  # North Yorkshire became a unitary council in 2023
    series = table[(table["indicator"] == "cin_rate") & (table["area_key"] == "815")]
    assert series["area_code"].unique().tolist() == ["E06000065"]
    assert series["time_period"].min() <= 2020 and series["time_period"].max() == 2025
