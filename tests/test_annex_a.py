"""Ofsted's Annex A: its lists found by sheet and header, each figure counted on hand-made workbooks at the quarter
ends the lists cover (and each year-to-date share over the years to date they cover), every bad workbook named
(file, sheet, row, child, what was found), the returns folder preferring a statutory return's figure, and the
example's Annex A agreeing with the example's returns."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from conftest import EXAMPLE_EDITION
from sefbook.errors import InputError
from sefbook.inputs.annex_a import ANNEX_A_INDICATORS, annex_a_figures, quarter_ends, read_annex_a
from sefbook.inputs.cin_census import (ASSESSMENT_WORKING_DAYS, ICPC_WORKING_DAYS, cin_figures, read_cin_census,
                                       rereferrals, working_days_after)
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
L3 = ["Child Unique ID", "Date of referral", "Referral Source", "Referral NFA?",
      "Number of Referrals in Last 12 Months"]
L4 = ["Child Unique ID", "Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"]
L5 = ["Child Unique ID", "Strategy discussion initiating Section 47 Enquiry Start Date",
      "Was an Initial Child Protection Conference deemed unnecessary?", "Date of Initial Child Protection Conference"]
L7_PREVIOUS = [*L7, "Number of Previous Child Protection Plans"]
YEAR_TO_DATE = {"rereferral_12m", "referrals_no_further_action", "assessments_45_days", "icpc_15_days",
                "cpp_subsequent"}


# --- writing a workbook by hand ------------------------------------------------------------------------------


def need(child: str, start: object, end: object = None, reason: str | None = None, status: str = "c) CIN plan") -> list:
    return [child, start, "N1 - Abuse or neglect", end, reason, "e) Closed episode" if end else status]


def plan(child: str, start: object, end: object = None, category: str = "a) Neglect") -> list:
    return [child, start, category, category, end]


def care(child: str, start: object, end: object = None, reason: str | None = None, legal: str = "C2: FCO",
         subsequent: str = "b) No") -> list:
    return [child, start, subsequent, legal, end, reason]


def referral(child: str | None, day: object, nfa: object = "b) No") -> list:
    return [child, day, "q) 6: Police", nfa, 1]


def assessment(child: str | None, start: object, authorised: object = None) -> list:
    return [child, start, authorised]


def enquiry(child: str | None, start: object, conference: object = None) -> list:
    return [child, start, "b) No" if conference else None, conference]


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


def year_to_date_annex(tmp_path: Path, *, lists: tuple[int, ...] = (3, 4, 5), previous: bool = True) -> Path:
    """Lists 3, 4, 5 and 7 for the year to 30 June and to 30 September 2025 (2025-26 quarters 1 and 2)."""
    extra = {
        "List 3": (L3, [referral("A", date(2025, 3, 3)),  # before the year: not counted
                        referral("B", date(2025, 4, 10), "a) Yes"), referral("C", "20/05/2025", "N"),  # Q1
                        referral("D", date(2025, 8, 1), "Yes"), referral("E", date(2025, 9, 5)),
                        referral("F", date(2025, 9, 6), "no")]),
        "List 4": (L4, [assessment("A1", date(2025, 6, 2), date(2025, 6, 2)),  # the same day: 0, in time
                        # Mon 3 February to Thu 10 April 2025: 48 working days, late (started before the period)
                        assessment("A7", date(2025, 2, 3), date(2025, 4, 10)),
                        # Thu 1 May to Mon 7 July 2025: 47 weekdays, less May Day (5 May) and the spring bank
                        # holiday (26 May): 45 working days, in time; to Tue 8 July: 46, late
                        assessment("A2", date(2025, 5, 1), date(2025, 7, 7)),
                        assessment("A3", date(2025, 5, 1), "08/07/2025"),
                        assessment("A4", date(2025, 9, 1), date(2025, 9, 10)),  # 7 working days
                        assessment("A5", date(2025, 9, 15)),  # open: not counted
                        assessment("A6", date(2025, 3, 10), date(2025, 3, 20))]),  # before the year
        "List 5": (L5, [# Fri 16 May to Mon 9 June 2025: 16 weekdays, less the spring bank holiday (26 May): 15
                        # working days, in time; to Tue 10 June: 16, late
                        enquiry("S1", date(2025, 5, 16), date(2025, 6, 9)),
                        enquiry("S2", date(2025, 5, 16), date(2025, 6, 10)),
                        # before its start (Thu 31 July, Fri 1 August; working_days_after gives 0): held, not in time
                        enquiry("S3", date(2025, 8, 1), date(2025, 7, 31)),
                        enquiry("S4", date(2025, 8, 4)),  # no conference
                        # Wed 20 August to Wed 10 September: 15 weekdays, less the late summer bank holiday: 14
                        enquiry("S5", date(2025, 8, 20), date(2025, 9, 10)),
                        enquiry("S6", date(2025, 9, 1), date(2025, 9, 1))]),  # the same day: 0, in time
    }
    plans = [plan("G", date(2025, 1, 1), date(2025, 3, 1)) + [0],
             plan("G", date(2025, 5, 1)) + [0],  # second: G's earlier plan is listed
             plan("H", date(2025, 6, 1)) + [2],  # the council says two before
             plan("I", date(2025, 6, 15)) + [0.0],
             plan("J", date(2025, 8, 1)) + ["0"]]
    return annex(tmp_path, [need("Z", date(2024, 1, 1))], [row if previous else row[:-1] for row in plans],
                 [care("Y", date(2020, 1, 1))], headers=(L6, L7_PREVIOUS if previous else L7, L8),
                 extra={f"List {n}": extra[f"List {n}"] for n in lists})


def test_year_to_date_shares_over_each_year_to_date_within_the_period(tmp_path):
    folder = year_to_date_annex(tmp_path)
    assert read_annex_a(folder).period_start == date(2025, 3, 1)  # G's first plan ended then
    found = {key: value for key, value in figures(folder).items() if key[0] in YEAR_TO_DATE}
    assert found == pytest.approx({
        # referrals from 1 April: to 30 June B (NFA), C; to 30 September also D (NFA), E, F
        ("referrals_no_further_action", 2026, 1): 50, ("referrals_no_further_action", 2026, 2): 40,
        # authorised from 1 April: to 30 June A1 (in time), A7 (late); to 30 September also A2 (in time), A3
        # (late), A4 (in time)
        ("assessments_45_days", 2026, 1): 50, ("assessments_45_days", 2026, 2): 60,
        # held from 1 April: to 30 June S1 (in time), S2 (late); to 30 September also S3 (before its start),
        # S5 and S6 (in time)
        ("icpc_15_days", 2026, 1): 50, ("icpc_15_days", 2026, 2): 60,
        # started from 1 April: to 30 June G (its earlier plan listed), H (two before), I; to 30 September also J
        ("cpp_subsequent", 2026, 1): 200 / 3, ("cpp_subsequent", 2026, 2): 50,
    })  # no rereferral_12m: the lists do not reach back 12 months before 1 April 2025; nothing on 31 March 2025


def test_a_list_or_column_not_there_leaves_its_year_to_date_shares_out(tmp_path):
    found = {key[0] for key in figures(year_to_date_annex(tmp_path, lists=(3,), previous=False))}
    assert found & YEAR_TO_DATE == {"referrals_no_further_action"}  # no List 4 or 5, no previous plans


def test_rereferrals_are_counted_only_where_the_lists_reach_back_12_months_before_the_year(tmp_path):
    no_nfa = [c for c in L3 if c != "Referral NFA?"]  # no NFA column: that share is left out
    rows = [["K", date(2024, 3, 1)], ["K", date(2025, 4, 10)],  # 13 months after K's previous: not a re-referral
            ["L", date(2024, 6, 30)], ["L", date(2025, 6, 30)],  # 12 months to the day: a re-referral
            ["M", date(2025, 5, 1)], ["M", date(2025, 9, 1)],  # the second a re-referral
            ["N", date(2025, 7, 1)], ["N", date(2025, 7, 1)],  # two rows on one day: each counted, neither a re-
            ["O", date(2025, 2, 1)], ["O", date(2025, 8, 1)]]  # referral; O's second a re-referral
    folder = annex(tmp_path, [need("Z", date(2024, 1, 1))], [], [care("Y", date(2020, 1, 1))],
                   extra={"Referrals": (no_nfa, [[child, day, "q) 6: Police", 1] for child, day in rows])})
    assert read_annex_a(folder).period_start == date(2024, 3, 1)
    found = {key: value for key, value in figures(folder).items() if key[0] in YEAR_TO_DATE}
    assert found == pytest.approx({
        ("rereferral_12m", 2026, 1): 100 / 3,  # K, L (re), M: 1 of 3
        ("rereferral_12m", 2026, 2): 300 / 7,  # also M (re), N, N, O (re): 3 of 7
    })  # 2024-25's years to date: the lists do not reach back to April 2023


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
    # Lists 3, 4, 5 and List 7's previous plans: (lists, fragments, the sheets added)
    "a referral date that is not a date": (([OK_NEED], [], [OK_CARE]),
                                           ["sheet 'List 3'", "row 5", "child KM20", "'Date of referral'",
                                            "is not a date", "'2025-13-01'"],
                                           {"List 3": (L3, [referral("KM19", date(2025, 5, 1)),
                                                            referral("KM20", "2025-13-01")])}),
    "a referral's NFA not yes or no": (([OK_NEED], [], [OK_CARE]),
                                       ["sheet 'List 3'", "row 4", "child KM21", "'Referral NFA?'", "not yes or no",
                                        "'perhaps' (and 1 more rows like it)"],
                                       {"List 3": (L3, [referral("KM21", date(2025, 5, 1), "perhaps"),
                                                        referral("KM21", date(2025, 6, 1), None)])}),
    "an assessment authorised before it started": (([OK_NEED], [], [OK_CARE]),
                                                   ["sheet 'List 4'", "row 4", "child KM22",
                                                    "authorised before it started",
                                                    "'Continuous Assessment Date of Authorisation'", "'01/05/2025'"],
                                                   {"List 4": (L4, [assessment("KM22", date(2025, 5, 2),
                                                                               date(2025, 5, 1))])}),
    "an assessment authorised after the run": (([OK_NEED], [], [OK_CARE]),
                                               ["sheet 'List 4'", "child KM23", "after the day the lists were run",
                                                "'20/10/2025'"],
                                               {"List 4": (L4, [assessment("KM23", date(2025, 9, 1),
                                                                           date(2025, 10, 20))])}),
    "a conference date that is not a date": (([OK_NEED], [], [OK_CARE]),
                                             ["sheet 'List 5'", "row 4", "child KM24",
                                              "'Date of Initial Child Protection Conference'", "'soon'",
                                              "or blank"],
                                             {"List 5": (L5, [enquiry("KM24", date(2025, 9, 1), "soon")])}),
    "an enquiry without a child": (([OK_NEED], [], [OK_CARE]),
                                   ["sheet 'List 5'", "row 4", "child without a Child Unique ID"],
                                   {"List 5": (L5, [enquiry(None, date(2025, 9, 1))])}),
    "a number of previous plans not a whole number": (([OK_NEED], [plan("KM25", date(2025, 5, 1)) + ["two"]],
                                                       [OK_CARE]),
                                                      ["sheet 'List 7'", "row 4", "child KM25",
                                                       "'Number of Previous Child Protection Plans'",
                                                       "not a whole number", "'two'"], {}, (L6, L7_PREVIOUS, L8)),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_workbook_is_named_with_the_sheet_the_row_the_child_and_what_was_found(case, tmp_path):
    (in_need, plans, in_care), fragments, *more = BAD[case]
    extra, headers = (more + [{}, (L6, L7, L8)][len(more):])[:2]
    folder = annex(tmp_path, in_need, plans, in_care, extra=extra, headers=headers)
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
    (dict(extra={"List 4": (L4[:-1], [])}), ["sheet 'List 4', row 3", "no header row with List 4's columns",
                                              "no column 'Continuous Assessment Date of Authorisation'"]),
    (dict(extra={"Section 47": (L5[:2], [])}), ["sheet 'Section 47'", "no header row with List 5's columns",
                                                "no column 'Date of Initial Child Protection Conference'"]),
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
    # 31 March 2025 (whole years), 30 June and 30 September 2025 (in progress): every on-a-day figure the Annex A
    # gives (its year-to-date shares, for 2025-26's quarters, no return gives: the next test checks them)
    assert {(year, quarter) for _, year, quarter in both} == {(2025, 0), (2026, 1), (2026, 2)}
    assert {indicator for indicator, _, _ in both} == set(ANNEX_A_INDICATORS) - YEAR_TO_DATE
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


def test_the_example_annex_a_year_to_date_shares_agree_with_the_census_in_progress_counted_the_same_way():
    from_annex = {(f.indicator, f.time_period, f.quarter): f.value
                  for f in annex_a_figures(read_annex_a(RETURNS / RUN), {}) if f.indicator in YEAR_TO_DATE}
    census = read_cin_census(RETURNS / "cin-2026-to-2025-10-14")
    from_census = {}
    for quarter, end in ((1, date(2025, 6, 30)), (2, date(2025, 9, 30))):
        year_to_date = lambda dates: dates.between(pd.Timestamp(2025, 4, 1), pd.Timestamp(end))  # noqa: E731
        referred = census.episodes[year_to_date(census.episodes["CINreferralDate"])]
        done = census.assessments[year_to_date(census.assessments["AssessmentAuthorisationDate"])]
        in_time = working_days_after(done["AssessmentActualStartDate"], done["AssessmentAuthorisationDate"])
        held = census.section47s[year_to_date(census.section47s["DateOfInitialCPC"])]
        days = working_days_after(held["S47ActualStartDate"], held["DateOfInitialCPC"])
        days[(held["DateOfInitialCPC"] < held["S47ActualStartDate"]).to_numpy()] = -1  # before its start: late
        plans = census.plans
        started = plans[year_to_date(plans["CPPstartDate"])]
        first = started["child"].map(plans.groupby("child")["CPPstartDate"].min())
        subsequent = (started["NumberOfPreviousCPP"] > 0) | (started["CPPstartDate"] > first)
        from_census |= {
            ("referrals_no_further_action", 2026, quarter): referred["ReferralNFA"].sum() / len(referred) * 100,
            ("assessments_45_days", 2026, quarter): (in_time <= ASSESSMENT_WORKING_DAYS).sum() / len(done) * 100,
            ("icpc_15_days", 2026, quarter): ((days >= 0) & (days <= ICPC_WORKING_DAYS)).sum() / len(held) * 100,
            ("cpp_subsequent", 2026, quarter): subsequent.sum() / len(started) * 100}
    assert from_annex == from_census  # exactly: the same children, counted the same way
    # the figures themselves, and how many each rests on, as the example's returns give them
    assert {k: round(v, 2) for k, v in from_annex.items()} == {
        ("referrals_no_further_action", 2026, 1): 3.09, ("referrals_no_further_action", 2026, 2): 3.04,
        ("assessments_45_days", 2026, 1): 89.65, ("assessments_45_days", 2026, 2): 88.89,
        ("icpc_15_days", 2026, 1): 84.76, ("icpc_15_days", 2026, 2): 84.26,
        ("cpp_subsequent", 2026, 1): 23.33, ("cpp_subsequent", 2026, 2): 23.43}
    # no rereferral_12m: the example's lists reach back to 15 October 2024, not to 1 April 2024. Counted from List 3
    # as if they did, it would match the census only with the earlier census's referrals behind it:
    referrals = read_annex_a(RETURNS / RUN).referrals.rename(columns={"referral": "CINreferralDate"})
    assert rereferrals(referrals, referrals, 2026)[0] == len(census.episodes[
        census.episodes["CINreferralDate"] >= pd.Timestamp(2025, 4, 1)])  # every referral of the year so far listed
