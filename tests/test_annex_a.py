"""Ofsted's Annex A: its lists found by sheet and header, each figure counted on hand-made workbooks at the quarter
ends the lists cover, every bad workbook named (file, sheet, row, child, what was found), the returns folder
preferring a statutory return's figure, and the example's Annex A agreeing with the example's returns."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from conftest import EXAMPLE_EDITION
from sefbook.errors import InputError
from sefbook.inputs.annex_a import ANNEX_A_INDICATORS, annex_a_figures, quarter_ends, read_annex_a
from sefbook.inputs.cin_census import cin_figures, read_cin_census
from sefbook.inputs.collection import run_date
from sefbook.inputs.returns import computed_figures, return_indicators
from sefbook.inputs.ssda903 import read_ssda903, ssda903_figures

RETURNS = EXAMPLE_EDITION / "returns"
RUN = "annex-a-2025-10-14"
L6 = ["Child Unique ID", "CIN Start Date", "Primary Need Code", "CIN Closure Date", "Reason for Closure", "Case Status"]
L7 = ["Child Unique ID", "Child Protection Plan Start Date", "Initial Category of Abuse", "Latest Category of Abuse",
      "Child Protection Plan End Date"]
L8 = ["Child Unique ID", "Date Started to be Looked After",
      "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
      "Child's Legal Status", "Date Ceased to be Looked After", "Reason Ceased to be Looked After"]


# --- writing a workbook by hand ------------------------------------------------------------------------------


def need(child: str, start: object, end: object = None, reason: str | None = None, status: str = "c) CIN plan") -> list:
    return [child, start, "N1 - Abuse or neglect", end, reason, "e) Closed episode" if end else status]


def plan(child: str, start: object, end: object = None, category: str = "a) Neglect") -> list:
    return [child, start, category, category, end]


def care(child: str, start: object, end: object = None, reason: str | None = None, legal: str = "C2: FCO",
         subsequent: str = "b) No") -> list:
    return [child, start, subsequent, legal, end, reason]


def annex(tmp_path: Path, in_need=(), plans=(), in_care=(), *, name: str = RUN, extra: dict | None = None,
          sheet_names: tuple[str, str, str] = ("List 6", "List 7", "List 8"), headers=(L6, L7, L8)) -> Path:
    """An Annex A folder holding one workbook: each list under a title row and a blank row, as councils' are."""
    folder = tmp_path / name
    folder.mkdir(parents=True)
    wb = Workbook()
    wb.remove(wb.active)
    sheets = dict(zip(sheet_names, zip(headers, (in_need, plans, in_care)))) | (extra or {})
    for sheet, (header, rows) in sheets.items():
        ws = wb.create_sheet(sheet)
        ws.append([f"Annex A {sheet}"])
        ws.append([])
        ws.append(header)
        for row in rows:
            ws.append(list(row))
    wb.save(folder / "annex_a.xlsx")
    return folder


def figures(folder: Path, population: dict[int, float] | None = None) -> dict:
    return {(f.indicator, f.time_period, f.quarter): f.value
            for f in annex_a_figures(read_annex_a(folder), population or {})}


# --- the figures, on hand-made children ----------------------------------------------------------------------


def test_on_a_day_counts_at_each_quarter_end_the_lists_cover(tmp_path):
    folder = annex(
        tmp_path,
        in_need=[need("A", date(2024, 5, 1)),  # open throughout
                 need("B", "01/05/2025", "30/06/2025", "RC7 - Services ceased"),  # closed on 30 June: not open then
                 need("C", datetime(2025, 7, 1)),  # from 1 July
                 need("D", date(2025, 9, 30))],  # referred on 30 September: open on it
        plans=[plan("A", date(2023, 6, 30)),  # two years or more on 30 June 2025
               plan("E", date(2025, 5, 1), date(2025, 8, 1))],
        in_care=[care("F", date(2020, 1, 1)),
                 care("G", date(2025, 5, 1), date(2025, 9, 1), "a) E11: Adopted - application unopposed"),
                 care("H", date(2024, 1, 1), legal="V3: Short term breaks, episodes recorded")])  # never counted
    found = figures(folder, {2025: 10_000})
    # six months before 14 October 2025 (no earlier event): 30 June and 30 September 2025, quarters 1 and 2 of 2026
    assert found == pytest.approx({
        ("children_in_need_count", 2026, 1): 1, ("cin_rate", 2026, 1): 1,  # A (B closed on the day)
        ("children_in_need_count", 2026, 2): 3, ("cin_rate", 2026, 2): 3,  # A, C, D
        ("child_protection_plan_count", 2026, 1): 2, ("cpp_rate", 2026, 1): 2, ("cpp_two_years", 2026, 1): 50,
        ("child_protection_plan_count", 2026, 2): 1, ("cpp_rate", 2026, 2): 1, ("cpp_two_years", 2026, 2): 100,
        ("children_looked_after_count", 2026, 1): 2, ("cla_rate", 2026, 1): 2,  # F, G
        ("children_looked_after_count", 2026, 2): 1, ("cla_rate", 2026, 2): 1,  # F
    })
    assert {f.source for f in annex_a_figures(read_annex_a(folder), {})} == {"computed from Annex A 2025-10-14"}


def test_the_period_reaches_back_to_the_earliest_event_in_it_and_31_march_is_quarter_0(tmp_path):
    # a plan that ended on 20 December 2024 is in the period: the lists cover at least from then
    folder = annex(tmp_path, in_need=[need("A", date(2024, 1, 1))],
                   plans=[plan("B", date(2024, 2, 1), date(2024, 12, 20))], in_care=[care("C", date(2024, 11, 1))])
    ends = [(year, quarter, day) for year, quarter, day in quarter_ends(read_annex_a(folder))]
    assert ends == [(2025, 3, date(2024, 12, 31)), (2025, 0, date(2025, 3, 31)), (2026, 1, date(2025, 6, 30)),
                    (2026, 2, date(2025, 9, 30))]  # not 30 September 2024: before the period
    found = figures(folder, {2024: 20_000})
    assert found[("children_in_need_count", 2025, 0)] == 1
    assert found[("cla_rate", 2025, 3)] == pytest.approx(0.5)  # the year to 31 March 2025: mid-2024's population
    assert ("cla_rate", 2026, 1) not in found  # no mid-2025 population: no rate
    assert found[("child_protection_plan_count", 2025, 3)] == 0  # B ended on 20 December


def test_a_later_period_whose_earlier_one_is_not_listed_leaves_the_looked_after_count_out_before_it(tmp_path):
    folder = annex(tmp_path, in_need=[need("A", date(2024, 1, 1))],
                   in_care=[care("F", date(2020, 1, 1)),
                            care("G", date(2025, 8, 1), subsequent="a) Yes")])  # its first period is not in the list
    found = figures(folder)
    assert ("children_looked_after_count", 2026, 1) not in found  # 30 June: G's earlier period may have been open
    assert found[("children_looked_after_count", 2026, 2)] == 2
    listed = annex(tmp_path / "listed", in_need=[need("A", date(2024, 1, 1))],
                   in_care=[care("G", date(2025, 1, 1), date(2025, 7, 1), "E4A"),
                            care("G", date(2025, 8, 1), subsequent="Y")])  # listed: nothing is left out
    assert figures(listed)[("children_looked_after_count", 2026, 1)] == 1


def test_sheets_found_by_name_headers_by_their_columns_whatever_the_case_and_spacing(tmp_path):
    headers = ([" child   unique  id ", *[c.upper() for c in L6[1:]]], [c.upper() for c in L7], [c.lower() for c in L8])
    folder = annex(tmp_path, [need(17, date(2025, 5, 1))], [], [care("F", date(2020, 1, 1))],
                   sheet_names=("Children in need", "list_7 child protection", "LIST 8"), headers=headers,
                   extra={"Notes": (["anything"], [["x"]]), "List 10 adoption": (["Child Unique ID"], [])})
    annex_a = read_annex_a(folder)
    assert annex_a.sheets == {6: "Children in need", 7: "list_7 child protection", 8: "LIST 8", 10: "List 10 adoption"}
    assert annex_a.in_need["child"].tolist() == ["17"]  # a number typed as an ID is the ID


def test_every_figure_is_a_registry_indicator_the_returns_folder_gives():
    from sefbook.inputs.registry import load_registry

    assert set(ANNEX_A_INDICATORS) <= {ind.id for ind in load_registry().indicators}
    assert set(ANNEX_A_INDICATORS) <= set(return_indicators())
    assert len(return_indicators()) == len(set(return_indicators()))


# --- bad workbooks, each named -----------------------------------------------------------------------------------

OK_NEED, OK_PLAN, OK_CARE = need("KM1", date(2025, 5, 1)), plan("KM2", date(2025, 5, 1)), care("KM3", date(2025, 5, 1))
BAD = {
    # name: ((List 6 rows, List 7 rows, List 8 rows), fragments of the message)
    "a date that is not a date": (([OK_NEED, need("KM4", "31/02/2025"), need("KM5", "May 2025")], [], [OK_CARE]),
                                  ["sheet 'List 6'", "row 5", "child KM4", "'CIN Start Date'", "is not a date",
                                   "'31/02/2025' (and 1 more rows like it)"]),
    "a date after the run": (([OK_NEED], [plan("KM6", date(2025, 10, 15))], [OK_CARE]),
                             ["sheet 'List 7'", "row 4", "child KM6", "after the day the lists were run",
                              "on or before 14/10/2025", "'15/10/2025'"]),
    "an end before its start": (([OK_NEED], [], [care("KM7", date(2025, 5, 1), date(2025, 4, 1), "E8")]),
                                ["sheet 'List 8'", "row 4", "child KM7", "ending before it starts",
                                 "'Date Ceased to be Looked After'", "'01/04/2025'"]),
    "an unknown legal status": (([OK_NEED], [], [OK_CARE, care("KM8", date(2025, 5, 1), legal="C9: Care order")]),
                                ["sheet 'List 8'", "row 5", "child KM8", "'Child's Legal Status'", "'C9: Care order'",
                                 "C1, C2"]),
    "an unknown reason for closure": (([need("KM9", date(2025, 5, 1), date(2025, 6, 1), "RC10 - Other")], [],
                                       [OK_CARE]), ["child KM9", "'Reason for Closure'", "'RC10 - Other'", "RC1"]),
    "an unknown category of abuse": (([OK_NEED], [plan("KM10", date(2025, 5, 1), category="Neglect")], [OK_CARE]),
                                     ["child KM10", "'Initial Category of Abuse'", "'Neglect'", "a, b, c, d, e"]),
    "an end without its reason": (([OK_NEED], [], [care("KM11", date(2025, 5, 1), date(2025, 6, 1))]),
                                  ["child KM11", "an end and a reason that disagree", "found nothing"]),
    "a row without a child": (([OK_NEED, need(None, date(2025, 5, 1))], [], [OK_CARE]),
                              ["row 5", "child without a Child Unique ID", "'Child Unique ID'"]),
    "a child's plans overlapping": (([OK_NEED], [plan("KM12", date(2025, 5, 1)), plan("KM12", date(2025, 6, 1))],
                                     [OK_CARE]), ["child KM12", "child protection plans overlapping", "'01/06/2025'"]),
    "a subsequent period not yes or no": (([OK_NEED], [], [care("KM13", date(2025, 5, 1), subsequent="maybe")]),
                                          ["child KM13", "not yes or no", "'maybe'"]),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_workbook_is_named_with_the_sheet_the_row_the_child_and_what_was_found(case, tmp_path):
    (in_need, plans, in_care), fragments = BAD[case]
    folder = annex(tmp_path, in_need, plans, in_care)
    with pytest.raises(InputError) as err:
        read_annex_a(folder)
    assert err.value.message.startswith(str(folder / "annex_a.xlsx"))
    for fragment in fragments:
        assert fragment in err.value.message, (fragment, err.value.message)


@pytest.mark.parametrize("change, fragments", [
    (dict(sheet_names=("List 6", "List 7", "Looked after")), ["has no List 8 (children in care)", "'List 8'",
                                                              "found sheets 'List 6', 'List 7', 'Looked after'"]),
    (dict(sheet_names=("List 6", "List 7", "Children in care"), extra={"List 8": (L8, [])}),
     ["two sheets for List 8", "'Children in care' and 'List 8'"]),
    (dict(headers=(L6, L7[:-1], L8)), ["sheet 'List 7', row 3", "no header row with List 7's columns",
                                       "no column 'Child Protection Plan End Date'"]),
])
def test_a_workbook_without_its_lists_is_named(change, fragments, tmp_path):
    with pytest.raises(InputError) as err:
        read_annex_a(annex(tmp_path, [OK_NEED], [OK_PLAN], [OK_CARE], **change))
    for fragment in fragments:
        assert fragment in err.value.message, (fragment, err.value.message)


@pytest.mark.parametrize("name, fragment", [
    ("annex-a-2025-13-01", "names a day that is not a date"),
    ("annex-a-2019-10-14", "a reporting year sefbook does not know"),
    ("annex-2025-10-14", "is not named as Ofsted's Annex A lists"),
])
def test_an_annex_a_folder_names_the_day_its_lists_were_run(name, fragment, tmp_path):
    with pytest.raises(InputError) as err:
        run_date(tmp_path / name, "annex-a")
    assert fragment in err.value.message


def test_an_annex_a_folder_holds_one_workbook(tmp_path):
    (tmp_path / RUN).mkdir()
    with pytest.raises(InputError, match="has no Annex A workbook"):
        read_annex_a(tmp_path / RUN)
    (tmp_path / RUN / "annex_a.xlsx").write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError, match="is not an Excel workbook"):
        read_annex_a(tmp_path / RUN)


# --- in the returns folder, and the example ---------------------------------------------------------------------


def test_a_statutory_returns_figure_wins_and_the_annex_a_fills_the_quarter_ends_it_alone_reaches(tmp_path):
    folder = tmp_path / "returns"
    shutil.copytree(RETURNS / "ssda903-2026-to-2025-10-14", folder / "ssda903-2026-to-2025-10-14")
    annex(folder, [need("A", date(2024, 1, 1))], [], [care(f"C{i}", date(2020, 1, 1)) for i in range(3)])
    found = {(f.indicator, f.time_period, f.quarter): f for f in computed_figures(folder, {})}
    ssda903 = {f.quarter: f.value for f in ssda903_figures(read_ssda903(folder / "ssda903-2026-to-2025-10-14"), {})
               if f.indicator == "children_looked_after_count"}
    assert found[("children_looked_after_count", 2026, 2)].value == ssda903[2] != 3  # the SSDA903's, not the lists'
    assert found[("children_looked_after_count", 2026, 2)].source == "computed from SSDA903 2026"
    assert found[("children_in_need_count", 2026, 2)].source == "computed from Annex A 2025-10-14"  # no census here


def test_the_example_annex_a_agrees_with_the_example_returns_on_every_quarter_end_both_cover():
    population = {2024: 62_317.0, 2025: 62_900.0}
    from_annex = {(f.indicator, f.time_period, f.quarter): f.value
                  for f in annex_a_figures(read_annex_a(RETURNS / RUN), population)}
    statutory = ssda903_figures(read_ssda903(RETURNS / "ssda903-2025"), population)
    statutory += ssda903_figures(read_ssda903(RETURNS / "ssda903-2026-to-2025-10-14"), population)
    statutory += cin_figures(read_cin_census(RETURNS / "cin-2025"), population)
    statutory += cin_figures(read_cin_census(RETURNS / "cin-2026-to-2025-10-14"), population)
    both = {(f.indicator, f.time_period, f.quarter): f.value for f in statutory
            if (f.indicator, f.time_period, f.quarter) in from_annex}
    # 31 March 2025 (whole years), 30 June and 30 September 2025 (in progress): every figure the Annex A gives
    assert {(year, quarter) for _, year, quarter in both} == {(2025, 0), (2026, 1), (2026, 2)}
    assert {indicator for indicator, _, _ in both} == set(ANNEX_A_INDICATORS)
    for key, value in both.items():
        assert from_annex[key] == pytest.approx(value), key
    assert from_annex[("children_looked_after_count", 2025, 0)] == 458  # the example's published count
    assert ("children_in_need_count", 2025, 3) in from_annex  # 31 December 2024: the Annex A's alone


def test_the_example_returns_folder_gives_the_annex_a_figures_only_where_no_return_does():
    found = {(f.indicator, f.time_period, f.quarter): f.source
             for f in computed_figures(RETURNS, {2024: 62_317.0, 2025: 62_900.0})}
    assert found[("children_looked_after_count", 2026, 2)] == "computed from SSDA903 2026"
    assert found[("children_in_need_count", 2025, 0)] == "computed from CIN census 2025"
    assert found[("children_in_need_count", 2025, 3)] == "computed from Annex A 2025-10-14"
