"""Ofsted's Annex A: its lists found by sheet and header, each figure counted on hand-made workbooks at the quarter
ends the lists cover (and each year-to-date share over the years to date they cover; List 9's care leavers and List
10's adoptions over the years to date they settle), what cannot be settled left out with its reason, every bad
workbook named (file, sheet, row, child, what was found), the returns folder preferring a statutory return's figure,
and the example's Annex A agreeing with the example's returns."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from helpers import EXAMPLE_EDITION
from openpyxl import Workbook

from sefbook.inputs.returns.annex_a.figures import annex_a_figures
from sefbook.inputs.returns.annex_a.quarters import quarter_ends
from sefbook.inputs.returns.annex_a.read import read_annex_a

RETURNS = EXAMPLE_EDITION / "returns"
RUN = "annex-a-2025-10-14"
L6 = ["Child Unique ID", "CIN Start Date", "Primary Need Code", "CIN Closure Date", "Reason for Closure", "Case Status"]
L7 = [
    "Child Unique ID",
    "Child Protection Plan Start Date",
    "Initial Category of Abuse",
    "Latest Category of Abuse",
    "Child Protection Plan End Date",
]
L8 = [
    "Child Unique ID",
    "Date Started to be Looked After",
    "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
    "Child's Legal Status",
    "Date Ceased to be Looked After",
    "Reason Ceased to be Looked After",
]
L3 = [
    "Child Unique ID",
    "Date of referral",
    "Referral Source",
    "Referral NFA?",
    "Number of Referrals in Last 12 Months",
]
L4 = ["Child Unique ID", "Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"]
L5 = [
    "Child Unique ID",
    "Strategy discussion initiating Section 47 Enquiry Start Date",
    "Was an Initial Child Protection Conference deemed unnecessary?",
    "Date of Initial Child Protection Conference",
]
L7_PREVIOUS = [*L7, "Number of Previous Child Protection Plans"]
YEAR_TO_DATE = {
    "rereferral_12m",
    "referrals_no_further_action",
    "assessments_45_days",
    "icpc_15_days",
    "cpp_subsequent",
}
L9 = [
    "Child Unique ID",
    "Date of Birth",
    "Eligibility Category",
    "LA in Touch",
    "Latest Date of Contact",
    "Type of Accommodation",
    "Suitability of Accommodation",
    "Activity Status",
]
L10 = [
    "Child Unique ID",
    "Date the Child Entered Care",
    "Date of Decision that Child Should be Placed for Adoption",
    "Date of Placement Order",
    "Date of Matching Child and Prospective Adopters",
    "Date Placed for Adoption",
    "Date of Adoption Order",
    "Date of Decision that Child Should No Longer be Placed for Adoption",
    "Reason Why Child No Longer Placed for Adoption",
    "Date the child was placed for fostering in FFA or concurrent planning placement",
]
LEAVERS_19_21 = {
    "care_leavers_in_touch",
    "care_leavers_eet",
    "care_leavers_neet_19_21",
    "care_leavers_higher_education_19_21",
    "care_leavers_apprenticeship_19_21",
    "care_leavers_activity_not_known_19_21",
    "care_leavers_suitable_accommodation",
}
ADOPTION = {
    "adoption_entry_to_adoption_months",
    "adoption_decision_to_match_months",
    "adoption_a1_days",
    "adoption_a2_days",
}


# --- writing a workbook by hand ------------------------------------------------------------------------------


def need(child: str, start: object, end: object = None, reason: str | None = None, status: str = "c) CIN plan") -> list:
    return [child, start, "N1 - Abuse or neglect", end, reason, "e) Closed episode" if end else status]


def plan(child: str, start: object, end: object = None, category: str = "a) Neglect") -> list:
    return [child, start, category, category, end]


def care(
    child: str,
    start: object,
    end: object = None,
    reason: str | None = None,
    legal: str = "C2: FCO",
    subsequent: str = "b) No",
) -> list:
    return [child, start, subsequent, legal, end, reason]


def referral(child: str | None, day: object, nfa: object = "b) No") -> list:
    return [child, day, "q) 6: Police", nfa, 1]


def assessment(child: str | None, start: object, authorised: object = None) -> list:
    return [child, start, authorised]


def enquiry(child: str | None, start: object, conference: object = None) -> list:
    return [child, start, "b) No" if conference else None, conference]


def leaver(
    child: str | None,
    born: object,
    contact: object,
    in_touch: str = "a) Yes",
    activity: str | None = "F2: Full time in education other than higher",
    accommodation: str | None = "U: Independent living",
    suitable: str | None = "a) Suitable",
    eligibility: str = "b) Former relevant child",
) -> list:
    return [child, born, eligibility, in_touch, contact, accommodation, suitable, activity]


def adoptee(
    child: str | None,
    entered: object,
    decision: object,
    order: object = None,
    matched: object = None,
    placed: object = None,
    adopted: object = None,
    reversed_on: object = None,
    reason: str | None = None,
    fostering: object = None,
) -> list:
    return [child, entered, decision, order, matched, placed, adopted, reversed_on, reason, fostering]


def annex(
    tmp_path: Path,
    in_need=(),
    plans=(),
    in_care=(),
    *,
    name: str = RUN,
    extra: dict | None = None,
    sheet_names: tuple[str, str, str] = ("List 6", "List 7", "List 8"),
    headers=(L6, L7, L8),
) -> Path:
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


def _between(dates: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    return dates.between(start, end)


def figures(folder: Path, population: dict[int, float] | None = None) -> dict:
    return {
        (f.indicator, f.time_period, f.quarter): f.value
        for f in annex_a_figures(read_annex_a(folder), population or {})
    }


# --- the figures, on hand-made children ----------------------------------------------------------------------


def test_on_a_day_counts_at_each_quarter_end_the_lists_cover(tmp_path):
    folder = annex(
        tmp_path,
        in_need=[
            need("A", date(2024, 5, 1)),  # open throughout
            need("B", "01/05/2025", "30/06/2025", "RC7 - Services ceased"),  # closed on 30 June: not open then
            need("C", datetime(2025, 7, 1)),  # from 1 July
            need("D", date(2025, 9, 30)),
        ],  # referred on 30 September: open on it
        plans=[
            plan("A", date(2023, 6, 30)),  # two years or more on 30 June 2025
            plan("E", date(2025, 5, 1), date(2025, 8, 1)),
        ],
        in_care=[
            care("F", date(2020, 1, 1)),
            care("G", date(2025, 5, 1), date(2025, 9, 1), "a) E11: Adopted - application unopposed"),
            care("H", date(2024, 1, 1), legal="V3: Short term breaks, episodes recorded"),
        ],
    )  # never counted
    found = figures(folder, {2025: 10_000})
    # six months before 14 October 2025 (no earlier event): 30 June and 30 September 2025, quarters 1 and 2 of 2026
    assert found == pytest.approx(
        {
            ("children_in_need_count", 2026, 1): 1,
            ("cin_rate", 2026, 1): 1,  # A (B closed on the day)
            ("children_in_need_count", 2026, 2): 3,
            ("cin_rate", 2026, 2): 3,  # A, C, D
            ("child_protection_plan_count", 2026, 1): 2,
            ("cpp_rate", 2026, 1): 2,
            ("cpp_two_years", 2026, 1): 50,
            ("child_protection_plan_count", 2026, 2): 1,
            ("cpp_rate", 2026, 2): 1,
            ("cpp_two_years", 2026, 2): 100,
            ("children_looked_after_count", 2026, 1): 2,
            ("cla_rate", 2026, 1): 2,  # F, G
            ("children_looked_after_count", 2026, 2): 1,
            ("cla_rate", 2026, 2): 1,  # F
        }
    )
    assert {f.source for f in annex_a_figures(read_annex_a(folder), {})} == {"computed from Annex A 2025-10-14"}


def test_the_period_reaches_back_to_the_earliest_event_in_it_and_31_march_is_quarter_0(tmp_path):
    # a plan that ended on 20 December 2024 is in the period: the lists cover at least from then
    folder = annex(
        tmp_path,
        in_need=[need("A", date(2024, 1, 1))],
        plans=[plan("B", date(2024, 2, 1), date(2024, 12, 20))],
        in_care=[care("C", date(2024, 11, 1))],
    )
    ends = [(year, quarter, day) for year, quarter, day in quarter_ends(read_annex_a(folder))]
    assert ends == [
        (2025, 3, date(2024, 12, 31)),
        (2025, 0, date(2025, 3, 31)),
        (2026, 1, date(2025, 6, 30)),
        (2026, 2, date(2025, 9, 30)),
    ]  # not 30 September 2024: before the period
    found = figures(folder, {2024: 20_000})
    assert found[("children_in_need_count", 2025, 0)] == 1
    assert found[("cla_rate", 2025, 3)] == pytest.approx(0.5)  # the year to 31 March 2025: mid-2024's population
    assert ("cla_rate", 2026, 1) not in found  # no mid-2025 population: no rate
    assert found[("child_protection_plan_count", 2025, 3)] == 0  # B ended on 20 December


def test_a_later_period_whose_earlier_one_is_not_listed_leaves_the_looked_after_count_out_before_it(tmp_path):
    folder = annex(
        tmp_path,
        in_need=[need("A", date(2024, 1, 1))],
        in_care=[care("F", date(2020, 1, 1)), care("G", date(2025, 8, 1), subsequent="a) Yes")],
    )  # its first period is not in the list
    found = figures(folder)
    assert ("children_looked_after_count", 2026, 1) not in found  # 30 June: G's earlier period may have been open
    assert found[("children_looked_after_count", 2026, 2)] == 2
    listed = annex(
        tmp_path / "listed",
        in_need=[need("A", date(2024, 1, 1))],
        in_care=[care("G", date(2025, 1, 1), date(2025, 7, 1), "E4A"), care("G", date(2025, 8, 1), subsequent="Y")],
    )  # listed: nothing is left out
    assert figures(listed)[("children_looked_after_count", 2026, 1)] == 1


def year_to_date_annex(tmp_path: Path, *, lists: tuple[int, ...] = (3, 4, 5), previous: bool = True) -> Path:
    """Lists 3, 4, 5 and 7 for the year to 30 June and to 30 September 2025 (2025-26 quarters 1 and 2)."""
    extra = {
        "List 3": (
            L3,
            [
                referral("A", date(2025, 3, 3)),  # before the year: not counted
                referral("B", date(2025, 4, 10), "a) Yes"),
                referral("C", "20/05/2025", "N"),  # Q1
                referral("D", date(2025, 8, 1), "Yes"),
                referral("E", date(2025, 9, 5)),
                referral("F", date(2025, 9, 6), "no"),
            ],
        ),
        "List 4": (
            L4,
            [
                assessment("A1", date(2025, 6, 2), date(2025, 6, 2)),  # the same day: 0, in time
                # Mon 3 February to Thu 10 April 2025: 48 working days, late (started before the period)
                assessment("A7", date(2025, 2, 3), date(2025, 4, 10)),
                # Thu 1 May to Mon 7 July 2025: 47 weekdays, less May Day (5 May) and the spring bank
                # holiday (26 May): 45 working days, in time; to Tue 8 July: 46, late
                assessment("A2", date(2025, 5, 1), date(2025, 7, 7)),
                assessment("A3", date(2025, 5, 1), "08/07/2025"),
                assessment("A4", date(2025, 9, 1), date(2025, 9, 10)),  # 7 working days
                assessment("A5", date(2025, 9, 15)),  # open: not counted
                assessment("A6", date(2025, 3, 10), date(2025, 3, 20)),
            ],
        ),  # before the year
        "List 5": (
            L5,
            [  # Fri 16 May to Mon 9 June 2025: 16 weekdays, less the spring bank holiday (26 May): 15
                # working days, in time; to Tue 10 June: 16, late
                enquiry("S1", date(2025, 5, 16), date(2025, 6, 9)),
                enquiry("S2", date(2025, 5, 16), date(2025, 6, 10)),
                # before its start (Thu 31 July, Fri 1 August; working_days_after gives 0): held, not in time
                enquiry("S3", date(2025, 8, 1), date(2025, 7, 31)),
                enquiry("S4", date(2025, 8, 4)),  # no conference
                # Wed 20 August to Wed 10 September: 15 weekdays, less the late summer bank holiday: 14
                enquiry("S5", date(2025, 8, 20), date(2025, 9, 10)),
                enquiry("S6", date(2025, 9, 1), date(2025, 9, 1)),
            ],
        ),  # the same day: 0, in time
    }
    plans = [
        plan("G", date(2025, 1, 1), date(2025, 3, 1)) + [0],
        plan("G", date(2025, 5, 1)) + [0],  # second: G's earlier plan is listed
        plan("H", date(2025, 6, 1)) + [2],  # the council says two before
        plan("I", date(2025, 6, 15)) + [0.0],
        plan("J", date(2025, 8, 1)) + ["0"],
    ]
    return annex(
        tmp_path,
        [need("Z", date(2024, 1, 1))],
        [row if previous else row[:-1] for row in plans],
        [care("Y", date(2020, 1, 1))],
        headers=(L6, L7_PREVIOUS if previous else L7, L8),
        extra={f"List {n}": extra[f"List {n}"] for n in lists},
    )


def test_year_to_date_shares_over_each_year_to_date_within_the_period(tmp_path):
    folder = year_to_date_annex(tmp_path)
    assert read_annex_a(folder).period_start == date(2025, 3, 1)  # G's first plan ended then
    found = {key: value for key, value in figures(folder).items() if key[0] in YEAR_TO_DATE}
    assert found == pytest.approx(
        {
            # referrals from 1 April: to 30 June B (NFA), C; to 30 September also D (NFA), E, F
            ("referrals_no_further_action", 2026, 1): 50,
            ("referrals_no_further_action", 2026, 2): 40,
            # authorised from 1 April: to 30 June A1 (in time), A7 (late); to 30 September also A2 (in time), A3
            # (late), A4 (in time)
            ("assessments_45_days", 2026, 1): 50,
            ("assessments_45_days", 2026, 2): 60,
            # held from 1 April: to 30 June S1 (in time), S2 (late); to 30 September also S3 (before its start),
            # S5 and S6 (in time)
            ("icpc_15_days", 2026, 1): 50,
            ("icpc_15_days", 2026, 2): 60,
            # started from 1 April: to 30 June G (its earlier plan listed), H (two before), I; to 30 September also J
            ("cpp_subsequent", 2026, 1): 200 / 3,
            ("cpp_subsequent", 2026, 2): 50,
        }
    )  # no rereferral_12m: the lists do not reach back 12 months before 1 April 2025; nothing on 31 March 2025


def test_a_list_or_column_not_there_leaves_its_year_to_date_shares_out(tmp_path):
    found = {key[0] for key in figures(year_to_date_annex(tmp_path, lists=(3,), previous=False))}
    assert found & YEAR_TO_DATE == {"referrals_no_further_action"}  # no List 4 or 5, no previous plans


def test_rereferrals_are_counted_only_where_the_lists_reach_back_12_months_before_the_year(tmp_path):
    no_nfa = [c for c in L3 if c != "Referral NFA?"]  # no NFA column: that share is left out
    rows = [
        ["K", date(2024, 3, 1)],
        ["K", date(2025, 4, 10)],  # 13 months after K's previous: not a re-referral
        ["L", date(2024, 6, 30)],
        ["L", date(2025, 6, 30)],  # 12 months to the day: a re-referral
        ["M", date(2025, 5, 1)],
        ["M", date(2025, 9, 1)],  # the second a re-referral
        ["N", date(2025, 7, 1)],
        ["N", date(2025, 7, 1)],  # two rows on one day: each counted, neither a re-
        ["O", date(2025, 2, 1)],
        ["O", date(2025, 8, 1)],
    ]  # referral; O's second a re-referral
    folder = annex(
        tmp_path,
        [need("Z", date(2024, 1, 1))],
        [],
        [care("Y", date(2020, 1, 1))],
        extra={"Referrals": (no_nfa, [[child, day, "q) 6: Police", 1] for child, day in rows])},
    )
    assert read_annex_a(folder).period_start == date(2024, 3, 1)
    found = {key: value for key, value in figures(folder).items() if key[0] in YEAR_TO_DATE}
    assert found == pytest.approx(
        {
            ("rereferral_12m", 2026, 1): 100 / 3,  # K, L (re), M: 1 of 3
            ("rereferral_12m", 2026, 2): 300 / 7,  # also M (re), N, N, O (re): 3 of 7
        }
    )  # 2024-25's years to date: the lists do not reach back to April 2023
