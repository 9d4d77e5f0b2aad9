"""Ofsted's Annex A: its lists found by sheet and header, each figure counted on hand-made workbooks at the quarter
ends the lists cover (and each year-to-date share over the years to date they cover; List 9's care leavers and List
10's adoptions over the years to date they settle), what cannot be settled left out with its reason, every bad
workbook named (file, sheet, row, child, what was found), the returns folder preferring a statutory return's figure,
and the example's Annex A agreeing with the example's returns."""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from conftest import EXAMPLE_EDITION
from openpyxl import Workbook

from sefbook.errors import InputError
from sefbook.inputs.annex_a import (
    ANNEX_A_INDICATORS,
    MONTH_DAYS,
    adoption_years_to_date,
    annex_a_figures,
    annex_a_left_out,
    quarter_ends,
    read_annex_a,
)
from sefbook.inputs.cin_census import (
    ASSESSMENT_WORKING_DAYS,
    ICPC_WORKING_DAYS,
    cin_figures,
    read_cin_census,
    rereferrals,
    working_days_after,
)
from sefbook.inputs.collection import run_date
from sefbook.inputs.returns import computed_figures, return_indicators
from sefbook.inputs.ssda903 import adopted_in_year, oc3_figures, read_ssda903, ssda903_figures

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


def care_leavers_annex(tmp_path: Path, *more: list, header: list[str] = L9) -> Path:
    """List 9 beside Lists 6 to 8 of six months (2025-26's quarters 1 and 2). Birthdays and the window around each
    (three months before to a month after) worked out by hand."""
    rows = [
        leaver("Y1", date(2006, 5, 10), date(2025, 5, 20)),  # 19 on 10 May 2025
        # 21 on 1 June 2025; not in touch, on the window's first day; activity and accommodation not known
        leaver("Y2", "01/06/2004", date(2025, 3, 1), "b) No", None, None, None),
        # 20 on 15 August 2025: not in education, employment or training; unsuitable
        leaver(
            "Y3",
            date(2005, 8, 15),
            date(2025, 9, 14),
            "Yes",
            "G5: Not in education, employment or training - other",
            "D: Semi-independent, transitional accommodation and self-contained accommodation",
            "b) Unsuitable",
        ),
        leaver("Y4", date(2006, 9, 20), date(2025, 9, 1), "f) Rhom"),  # went home: left out, as the DfE does
        leaver("Y5", date(2007, 7, 5), date(2025, 1, 1), eligibility="a) Relevant child"),  # 18: not 19 to 21
        # 19 on 2 May 2025 but a qualifying care leaver, whom the DfE does not count (its contact is no matter)
        leaver("Y6", date(2006, 5, 2), date(2024, 1, 1), eligibility="c) Qualifying care leaver"),
        leaver("Y7", date(2004, 11, 1), date(2025, 10, 1)),  # 21 on 1 November 2025: after the quarters
        # 20 on 12 April 2025, on the window's last day (12 May); an apprenticeship
        leaver(
            "Y8",
            date(2005, 4, 12),
            date(2025, 5, 12),
            "Y",
            "F4: Young person engaged full time in an apprenticeship",
            "Z: With former foster carers",
        ),
        *more,
    ]
    if header != L9:
        rows = [[cell for name, cell in zip(L9, row) if name in header] for row in rows]
    return annex(
        tmp_path, [need("Z", date(2024, 1, 1))], [], [care("X", date(2020, 1, 1))], extra={"List 9": (header, rows)}
    )


def test_care_leavers_19_to_21_over_each_year_to_date_counted_by_their_status_around_the_birthday(tmp_path):
    found = {key: value for key, value in figures(care_leavers_annex(tmp_path)).items() if key[0] in LEAVERS_19_21}
    assert found == pytest.approx(
        {
            # to 30 June: Y1, Y2, Y8 (Y6 a qualifying care leaver; Y3, Y4 later)
            ("care_leavers_in_touch", 2026, 1): 200 / 3,
            ("care_leavers_eet", 2026, 1): 200 / 3,  # Y1, Y8
            ("care_leavers_neet_19_21", 2026, 1): 0,
            ("care_leavers_higher_education_19_21", 2026, 1): 0,
            ("care_leavers_apprenticeship_19_21", 2026, 1): 100 / 3,
            ("care_leavers_activity_not_known_19_21", 2026, 1): 100 / 3,
            ("care_leavers_suitable_accommodation", 2026, 1): 200 / 3,
            # to 30 September also Y3 (Y4 went home)
            ("care_leavers_in_touch", 2026, 2): 75,
            ("care_leavers_eet", 2026, 2): 50,
            ("care_leavers_neet_19_21", 2026, 2): 25,
            ("care_leavers_higher_education_19_21", 2026, 2): 0,
            ("care_leavers_apprenticeship_19_21", 2026, 2): 25,
            ("care_leavers_activity_not_known_19_21", 2026, 2): 25,
            ("care_leavers_suitable_accommodation", 2026, 2): 50,
        }
    )
    left_out = annex_a_left_out(read_annex_a(care_leavers_annex(tmp_path / "again")))
    # no 31 March in the lists' period: no year's count; never the 17 to 18 measures
    assert "reaches no 31 March" in left_out["care_leavers_19_21_count"]
    assert "eligibility on the day the lists were run" in left_out["care_leavers_eet_17_18"]
    assert not LEAVERS_19_21 & set(left_out)


@pytest.mark.parametrize(
    "contact, left_out",
    [
        (date(2025, 6, 3), False),  # a month after 3 May: around it
        (date(2025, 6, 4), True),
        (date(2025, 2, 2), True),
        (None, True),
    ],
)
def test_a_care_leaver_whose_latest_contact_is_not_around_the_birthday_leaves_the_year_to_date_out(
    contact, left_out, tmp_path
):
    folder = care_leavers_annex(tmp_path, leaver("Y9", date(2005, 5, 3), contact))  # 20 on 3 May 2025
    found = {key for key in figures(folder) if key[0] in LEAVERS_19_21}
    assert bool(found) != left_out
    if left_out:  # the status then is not listed: never guessed, nor Y9 counted without it
        reason = annex_a_left_out(read_annex_a(folder))["care_leavers_in_touch"]
        assert "for 1 of the young people whose 19th to 21st birthday fell in the year to 30/06/2025" in reason
        assert "to 30/09/2025" in reason
    else:
        assert figures(folder)[("care_leavers_in_touch", 2026, 1)] == 75  # Y1, Y8, Y9 of four


def test_a_list_9_column_not_there_leaves_the_figures_resting_on_it_out_with_the_reason(tmp_path):
    folder = care_leavers_annex(tmp_path, header=[c for c in L9 if c != "Activity Status"])
    found = {key[0] for key in figures(folder)} & LEAVERS_19_21
    assert found == {"care_leavers_in_touch", "care_leavers_suitable_accommodation"}
    assert annex_a_left_out(read_annex_a(folder))["care_leavers_eet"] == "List 9 has no column 'Activity Status'"
    no_dates = care_leavers_annex(tmp_path / "no dates", header=[c for c in L9 if c != "Latest Date of Contact"])
    assert not {key[0] for key in figures(no_dates)} & LEAVERS_19_21
    assert "no column 'Latest Date of Contact'" in annex_a_left_out(read_annex_a(no_dates))["care_leavers_in_touch"]


def adoption_annex(tmp_path: Path, *more: list, header: list[str] = L10) -> Path:
    """List 10 beside Lists 6 to 8 of six months; days between the dates worked out by hand."""
    rows = [  # 2024 a leap year: 486 days in care, 122 from decision to match, 288 to the placement, 61 from order to
        # match; adopted 1 May 2025
        adoptee(
            "A1",
            date(2024, 1, 1),
            date(2024, 6, 1),
            date(2024, 8, 1),
            date(2024, 10, 1),
            date(2024, 10, 15),
            date(2025, 5, 1),
        ),
        # 476 days in care, 30 from decision to match, 122 to the placement; matched before the placement order
        # (the scorecard's A2 counts 0); placed first as fostering for adoption
        adoptee(
            "A2",
            "01/03/2024",
            date(2024, 4, 1),
            date(2024, 7, 1),
            date(2024, 5, 1),
            date(2024, 7, 1),
            "20/06/2025",
            fostering=date(2024, 4, 1),
        ),
        # placed with consent (no placement order: not in A2); 212 days in care, 22 from decision to match, 59 to
        # the placement; adopted 1 August 2025
        adoptee("A3", date(2025, 1, 1), date(2025, 1, 10), None, date(2025, 2, 1), date(2025, 3, 1), date(2025, 8, 1)),
        adoptee(
            "A4",
            date(2023, 1, 1),
            date(2023, 6, 1),
            date(2023, 9, 1),
            date(2023, 10, 1),
            date(2023, 11, 1),
            date(2025, 3, 1),
        ),  # adopted before 1 April 2025: in neither year to date
        adoptee("W1", date(2025, 1, 1), date(2025, 3, 1)),  # waiting
        adoptee(
            "R1",
            date(2024, 1, 1),
            date(2024, 2, 1),
            reversed_on=date(2025, 9, 1),
            reason="RD3 - Prospective adopters could not be found",
        ),
        *more,
    ]
    if header != L10:
        rows = [[cell for name, cell in zip(L10, row) if name in header] for row in rows]
    return annex(
        tmp_path, [need("Z", date(2024, 1, 1))], [], [care("X", date(2020, 1, 1))], extra={"List 10": (header, rows)}
    )


def test_adoption_timeliness_over_each_year_to_date_list_10_holds_every_adoption_of(tmp_path):
    folder = adoption_annex(tmp_path)
    annex_a = read_annex_a(folder)
    assert annex_a.period_start == date(2025, 4, 14)  # List 10's 12 months do not widen the other lists' six
    # its own: from 14 October 2024, so 2025-26's years to date to 30 June and 30 September, not 2024-25's
    assert adoption_years_to_date(annex_a) == [
        (2026, 1, date(2025, 4, 1), date(2025, 6, 30)),
        (2026, 2, date(2025, 4, 1), date(2025, 9, 30)),
    ]
    found = {key: value for key, value in figures(folder).items() if key[0] in ADOPTION}
    assert found == pytest.approx(
        {
            # to 30 June: A1 and A2
            ("adoption_entry_to_adoption_months", 2026, 1): (486 + 476) / 2 / MONTH_DAYS,
            ("adoption_decision_to_match_months", 2026, 1): (122 + 30) / 2 / MONTH_DAYS,
            ("adoption_a1_days", 2026, 1): (288 + 122) / 2,
            ("adoption_a2_days", 2026, 1): (61 + 0) / 2,
            # to 30 September also A3 (not in A2: no placement order)
            ("adoption_entry_to_adoption_months", 2026, 2): (486 + 476 + 212) / 3 / MONTH_DAYS,
            ("adoption_decision_to_match_months", 2026, 2): (122 + 30 + 22) / 3 / MONTH_DAYS,
            ("adoption_a1_days", 2026, 2): (288 + 122 + 59) / 3,
            ("adoption_a2_days", 2026, 2): (61 + 0) / 2,
        }
    )
    assert MONTH_DAYS == 365.25 / 12  # as ssda903.py averages months
    assert "foster carers" in annex_a_left_out(annex_a)["adoption_a10_days"]  # never from List 10: see the module
    assert "adoption_a10_days" not in ANNEX_A_INDICATORS


def test_an_adoption_listed_further_back_than_12_months_reaches_the_whole_year_it_lies_in(tmp_path):
    # adopted 20 March 2024: List 10 holds every adoption from then, so 2024-25 as a whole (on 31 March 2025) too
    folder = adoption_annex(
        tmp_path,
        adoptee(
            "A5",
            date(2022, 1, 1),
            date(2023, 1, 1),
            date(2023, 3, 1),
            date(2023, 6, 1),
            date(2023, 7, 1),
            date(2024, 3, 20),
        ),
    )
    found = figures(folder)
    # the year to 31 March 2025 holds A4 alone (adopted 1 March 2025): 304 days from care to its placement
    assert found[("adoption_a1_days", 2025, 0)] == (date(2023, 11, 1) - date(2023, 1, 1)).days == 304
    assert ("adoption_a1_days", 2025, 3) not in found  # no one adopted from April to December 2024
    assert ("adoption_a1_days", 2024, 0) not in found  # 2023-24 began before 20 March 2024


def test_a_list_10_column_or_an_adopted_childs_date_not_there_leaves_its_figures_out_with_the_reason(tmp_path):
    folder = adoption_annex(tmp_path, header=[c for c in L10 if c != "Date Placed for Adoption"])
    found = {key[0] for key in figures(folder)} & ADOPTION
    assert found == {"adoption_entry_to_adoption_months", "adoption_decision_to_match_months"}
    left_out = annex_a_left_out(read_annex_a(folder))
    assert (
        left_out["adoption_a1_days"]
        == left_out["adoption_a2_days"]
        == ("List 10 has no column 'Date Placed for Adoption'")
    )
    # adopted on 1 June 2025 under a placement order, placed, but no match given: left out, not averaged without it
    unmatched = adoption_annex(
        tmp_path / "unmatched",
        adoptee("A6", date(2024, 1, 1), date(2024, 3, 1), date(2024, 5, 1), None, date(2024, 9, 1), date(2025, 6, 1)),
    )
    found = figures(unmatched)
    assert not {key for key in found if key[0] in {"adoption_decision_to_match_months", "adoption_a2_days"}}
    assert found[("adoption_a1_days", 2026, 1)] == pytest.approx((288 + 122 + 244) / 3)  # A6: 244 days
    assert found[("adoption_a1_days", 2026, 2)] == pytest.approx((288 + 122 + 59 + 244) / 4)
    left_out = annex_a_left_out(read_annex_a(unmatched))
    assert left_out["adoption_decision_to_match_months"] == (
        "1 children adopted from 01/04/2025 to 30/06/2025 have no 'Date of Matching Child and Prospective Adopters'; "
        "1 children adopted from 01/04/2025 to 30/09/2025 have no 'Date of Matching Child and Prospective Adopters'"
    )
    assert "with a placement order have no 'Date of Matching" in left_out["adoption_a2_days"]


def test_sheets_found_by_name_headers_by_their_columns_whatever_the_case_and_spacing(tmp_path):
    headers = ([" child   unique  id ", *[c.upper() for c in L6[1:]]], [c.upper() for c in L7], [c.lower() for c in L8])
    folder = annex(
        tmp_path,
        [need(17, date(2025, 5, 1))],
        [],
        [care("F", date(2020, 1, 1))],
        sheet_names=("Children in need", "list_7 child protection", "LIST 8"),
        headers=headers,
        extra={"Notes": (["anything"], [["x"]]), "List 11 adopters": (["Individual adopter identifier"], [["AD1"]])},
    )
    annex_a = read_annex_a(folder)
    assert annex_a.sheets == {6: "Children in need", 7: "list_7 child protection", 8: "LIST 8", 11: "List 11 adopters"}
    assert annex_a.in_need["child"].tolist() == ["17"]  # a number typed as an ID is the ID


def test_every_figure_is_a_registry_indicator_the_returns_folder_gives():
    from sefbook.inputs.published.registry import load_registry

    registry = load_registry()
    assert set(ANNEX_A_INDICATORS) <= {ind.id for ind in [*registry.indicators, *registry.returns_only]}
    assert all("Annex A" in registry[i].computed_from for i in ANNEX_A_INDICATORS if registry[i].computed_from)
    assert set(ANNEX_A_INDICATORS) <= set(return_indicators())
    assert len(return_indicators()) == len(set(return_indicators()))


# --- bad workbooks, each named -----------------------------------------------------------------------------------

OK_NEED, OK_PLAN, OK_CARE = need("KM1", date(2025, 5, 1)), plan("KM2", date(2025, 5, 1)), care("KM3", date(2025, 5, 1))
BAD = {
    # name: ((List 6 rows, List 7 rows, List 8 rows), fragments of the message)
    "a date that is not a date": (
        ([OK_NEED, need("KM4", "31/02/2025"), need("KM5", "May 2025")], [], [OK_CARE]),
        [
            "sheet 'List 6'",
            "row 5",
            "child KM4",
            "'CIN Start Date'",
            "is not a date",
            "'31/02/2025' (and 1 more rows like it)",
        ],
    ),
    "a date after the run": (
        ([OK_NEED], [plan("KM6", date(2025, 10, 15))], [OK_CARE]),
        [
            "sheet 'List 7'",
            "row 4",
            "child KM6",
            "after the day the lists were run",
            "on or before 14/10/2025",
            "'15/10/2025'",
        ],
    ),
    "an end before its start": (
        ([OK_NEED], [], [care("KM7", date(2025, 5, 1), date(2025, 4, 1), "E8")]),
        [
            "sheet 'List 8'",
            "row 4",
            "child KM7",
            "ending before it starts",
            "'Date Ceased to be Looked After'",
            "'01/04/2025'",
        ],
    ),
    "an unknown legal status": (
        ([OK_NEED], [], [OK_CARE, care("KM8", date(2025, 5, 1), legal="C9: Care order")]),
        ["sheet 'List 8'", "row 5", "child KM8", "'Child's Legal Status'", "'C9: Care order'", "C1, C2"],
    ),
    "an unknown reason for closure": (
        ([need("KM9", date(2025, 5, 1), date(2025, 6, 1), "RC10 - Other")], [], [OK_CARE]),
        ["child KM9", "'Reason for Closure'", "'RC10 - Other'", "RC1"],
    ),
    "an unknown category of abuse": (
        ([OK_NEED], [plan("KM10", date(2025, 5, 1), category="Neglect")], [OK_CARE]),
        ["child KM10", "'Initial Category of Abuse'", "'Neglect'", "a, b, c, d, e"],
    ),
    "an end without its reason": (
        ([OK_NEED], [], [care("KM11", date(2025, 5, 1), date(2025, 6, 1))]),
        ["child KM11", "an end and a reason that disagree", "found nothing"],
    ),
    "a row without a child": (
        ([OK_NEED, need(None, date(2025, 5, 1))], [], [OK_CARE]),
        ["row 5", "child without a Child Unique ID", "'Child Unique ID'"],
    ),
    "a child's plans overlapping": (
        ([OK_NEED], [plan("KM12", date(2025, 5, 1)), plan("KM12", date(2025, 6, 1))], [OK_CARE]),
        ["child KM12", "child protection plans overlapping", "'01/06/2025'"],
    ),
    "a subsequent period not yes or no": (
        ([OK_NEED], [], [care("KM13", date(2025, 5, 1), subsequent="maybe")]),
        ["child KM13", "not yes or no", "'maybe'"],
    ),
    # Lists 3, 4, 5 and List 7's previous plans: (lists, fragments, the sheets added)
    "a referral date that is not a date": (
        ([OK_NEED], [], [OK_CARE]),
        ["sheet 'List 3'", "row 5", "child KM20", "'Date of referral'", "is not a date", "'2025-13-01'"],
        {"List 3": (L3, [referral("KM19", date(2025, 5, 1)), referral("KM20", "2025-13-01")])},
    ),
    "a referral's NFA not yes or no": (
        ([OK_NEED], [], [OK_CARE]),
        [
            "sheet 'List 3'",
            "row 4",
            "child KM21",
            "'Referral NFA?'",
            "not yes or no",
            "'perhaps' (and 1 more rows like it)",
        ],
        {"List 3": (L3, [referral("KM21", date(2025, 5, 1), "perhaps"), referral("KM21", date(2025, 6, 1), None)])},
    ),
    "an assessment authorised before it started": (
        ([OK_NEED], [], [OK_CARE]),
        [
            "sheet 'List 4'",
            "row 4",
            "child KM22",
            "authorised before it started",
            "'Continuous Assessment Date of Authorisation'",
            "'01/05/2025'",
        ],
        {"List 4": (L4, [assessment("KM22", date(2025, 5, 2), date(2025, 5, 1))])},
    ),
    "an assessment authorised after the run": (
        ([OK_NEED], [], [OK_CARE]),
        ["sheet 'List 4'", "child KM23", "after the day the lists were run", "'20/10/2025'"],
        {"List 4": (L4, [assessment("KM23", date(2025, 9, 1), date(2025, 10, 20))])},
    ),
    "a conference date that is not a date": (
        ([OK_NEED], [], [OK_CARE]),
        [
            "sheet 'List 5'",
            "row 4",
            "child KM24",
            "'Date of Initial Child Protection Conference'",
            "'soon'",
            "or blank",
        ],
        {"List 5": (L5, [enquiry("KM24", date(2025, 9, 1), "soon")])},
    ),
    "an enquiry without a child": (
        ([OK_NEED], [], [OK_CARE]),
        ["sheet 'List 5'", "row 4", "child without a Child Unique ID"],
        {"List 5": (L5, [enquiry(None, date(2025, 9, 1))])},
    ),
    "a number of previous plans not a whole number": (
        ([OK_NEED], [plan("KM25", date(2025, 5, 1)) + ["two"]], [OK_CARE]),
        [
            "sheet 'List 7'",
            "row 4",
            "child KM25",
            "'Number of Previous Child Protection Plans'",
            "not a whole number",
            "'two'",
        ],
        {},
        (L6, L7_PREVIOUS, L8),
    ),
    # Lists 9 and 10
    "a care leaver's in touch not a code": (
        ([OK_NEED], [], [OK_CARE]),
        [
            "sheet 'List 9'",
            "row 5",
            "child KM31",
            "'LA in Touch'",
            "a code the Annex A guidance does not know",
            "'maybe'",
            "NREQ",
        ],
        {
            "List 9": (
                L9,
                [
                    leaver("KM30", date(2005, 5, 1), date(2025, 5, 1)),
                    leaver("KM31", date(2005, 5, 1), date(2025, 5, 1), "maybe"),
                ],
            )
        },
    ),
    "an activity the guidance does not know": (
        ([OK_NEED], [], [OK_CARE]),
        ["sheet 'List 9'", "row 4", "child KM32", "'Activity Status'", "'F9: Full time at sea'", "F1, F2"],
        {"List 9": (L9, [leaver("KM32", date(2005, 5, 1), date(2025, 5, 1), activity="F9: Full time at sea")])},
    ),
    "a contact before the young person was born": (
        ([OK_NEED], [], [OK_CARE]),
        [
            "sheet 'List 9'",
            "row 4",
            "child KM33",
            "has a contact before the young person was born",
            "Latest Date of Contact on or after Date of Birth",
            "'01/01/2005'",
        ],
        {"List 9": (L9, [leaver("KM33", date(2005, 5, 1), "01/01/2005")])},
    ),
    "a placement for adoption before the match": (
        ([OK_NEED], [], [OK_CARE]),
        [
            "sheet 'List 10'",
            "row 4",
            "child KM34",
            "has a placement for adoption before the match",
            "'Date Placed for Adoption'",
            "'01/02/2025'",
        ],
        {
            "List 10": (
                L10,
                [
                    adoptee(
                        "KM34", date(2024, 1, 1), date(2024, 6, 1), date(2024, 8, 1), date(2025, 3, 1), date(2025, 2, 1)
                    )
                ],
            )
        },
    ),
    "an adoption order before the placement": (
        ([OK_NEED], [], [OK_CARE]),
        [
            "sheet 'List 10'",
            "child KM35",
            "has an adoption order before the placement for adoption",
            "'Date of Adoption Order'",
            "'01/04/2025'",
        ],
        {
            "List 10": (
                L10,
                [
                    adoptee(
                        "KM35",
                        date(2024, 1, 1),
                        date(2024, 6, 1),
                        date(2024, 8, 1),
                        date(2024, 9, 1),
                        date(2025, 5, 1),
                        date(2025, 4, 1),
                    )
                ],
            )
        },
    ),
    "a match before the decision": (
        ([OK_NEED], [], [OK_CARE]),
        [
            "child KM36",
            "has a match before the decision",
            "'Date of Matching Child and Prospective Adopters'",
            "'01/05/2024'",
        ],
        {"List 10": (L10, [adoptee("KM36", date(2024, 1, 1), date(2024, 6, 1), matched=date(2024, 5, 1))])},
    ),
    "an adoption date that is not a date": (
        ([OK_NEED], [], [OK_CARE]),
        ["sheet 'List 10'", "child KM37", "'Date of Adoption Order'", "is not a date", "'soon'", "or blank"],
        {"List 10": (L10, [adoptee("KM37", date(2024, 1, 1), date(2024, 6, 1), adopted="soon")])},
    ),
    "an unknown reason for a reversal": (
        ([OK_NEED], [], [OK_CARE]),
        ["child KM38", "'Reason Why Child No Longer Placed for Adoption'", "'RD9 - Other'", "RD1, RD2, RD3, RD4"],
        {
            "List 10": (
                L10,
                [
                    adoptee(
                        "KM38", date(2024, 1, 1), date(2024, 6, 1), reversed_on=date(2025, 1, 1), reason="RD9 - Other"
                    )
                ],
            )
        },
    ),
    "a reversal without its reason": (
        ([OK_NEED], [], [OK_CARE]),
        ["child KM39", "that disagree", "both given or both blank", "found nothing"],
        {"List 10": (L10, [adoptee("KM39", date(2024, 1, 1), date(2024, 6, 1), reversed_on=date(2025, 1, 1))])},
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_workbook_is_named_with_the_sheet_the_row_the_child_and_what_was_found(case, tmp_path):
    (in_need, plans, in_care), fragments, *more = BAD[case]
    extra, headers = (more + [{}, (L6, L7, L8)][len(more) :])[:2]
    folder = annex(tmp_path, in_need, plans, in_care, extra=extra, headers=headers)
    with pytest.raises(InputError) as err:
        read_annex_a(folder)
    assert err.value.message.startswith(str(folder / "annex_a.xlsx"))
    for fragment in fragments:
        assert fragment in err.value.message, (fragment, err.value.message)


@pytest.mark.parametrize(
    "change, fragments",
    [
        (
            {"sheet_names": ("List 6", "List 7", "Looked after")},
            ["has no List 8 (children in care)", "'List 8'", "found sheets 'List 6', 'List 7', 'Looked after'"],
        ),
        (
            {"sheet_names": ("List 6", "List 7", "Children in care"), "extra": {"List 8": (L8, [])}},
            ["two sheets for List 8", "'Children in care' and 'List 8'"],
        ),
        (
            {"headers": (L6, L7[:-1], L8)},
            [
                "sheet 'List 7', row 3",
                "no header row with List 7's columns",
                "no column 'Child Protection Plan End Date'",
            ],
        ),
        (
            {"extra": {"List 4": (L4[:-1], [])}},
            [
                "sheet 'List 4', row 3",
                "no header row with List 4's columns",
                "no column 'Continuous Assessment Date of Authorisation'",
            ],
        ),
        (
            {"extra": {"Section 47": (L5[:2], [])}},
            [
                "sheet 'Section 47'",
                "no header row with List 5's columns",
                "no column 'Date of Initial Child Protection Conference'",
            ],
        ),
        (
            {
                "extra": {
                    "Adoption": ([c for c in L10 if not c.startswith("Date of Decision that Child Should be")], [])
                }
            },
            [
                "sheet 'Adoption'",
                "no header row with List 10's columns",
                "no column 'Date of Decision that Child Should be Placed for Adoption'",
            ],
        ),
        (
            {"extra": {"List 9 care leavers": (["Young person"] + L9[1:], [])}},
            ["sheet 'List 9 care leavers'", "no header row with List 9's columns", "no column 'Child Unique ID'"],
        ),
    ],
)
def test_a_workbook_without_its_lists_is_named(change, fragments, tmp_path):
    with pytest.raises(InputError) as err:
        read_annex_a(annex(tmp_path, [OK_NEED], [OK_PLAN], [OK_CARE], **change))
    for fragment in fragments:
        assert fragment in err.value.message, (fragment, err.value.message)


@pytest.mark.parametrize(
    "name, fragment",
    [
        ("annex-a-2025-13-01", "names a day that is not a date"),
        ("annex-a-2019-10-14", "a reporting year sefbook does not know"),
        ("annex-2025-10-14", "is not named as Ofsted's Annex A lists"),
    ],
)
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
    found = {
        (f.indicator, f.time_period, f.quarter): f for f in computed_figures(folder, {}, council=("991", "Kingsmere"))
    }
    ssda903 = {
        f.quarter: f.value
        for f in ssda903_figures(read_ssda903(folder / "ssda903-2026-to-2025-10-14"), {})
        if f.indicator == "children_looked_after_count"
    }
    assert found[("children_looked_after_count", 2026, 2)].value == ssda903[2] != 3  # the SSDA903's, not the lists'
    assert found[("children_looked_after_count", 2026, 2)].source == "computed from SSDA903 2026"
    assert found[("children_in_need_count", 2026, 2)].source == "computed from Annex A 2025-10-14"  # no census here


def test_the_example_annex_a_agrees_with_the_example_returns_on_every_quarter_end_both_cover():
    population = {2024: 62_317.0, 2025: 62_900.0}
    from_annex = {
        (f.indicator, f.time_period, f.quarter): f.value
        for f in annex_a_figures(read_annex_a(RETURNS / RUN), population)
    }
    statutory = ssda903_figures(read_ssda903(RETURNS / "ssda903-2025"), population)
    statutory += ssda903_figures(read_ssda903(RETURNS / "ssda903-2026-to-2025-10-14"), population)
    statutory += cin_figures(read_cin_census(RETURNS / "cin-2025"), population)
    statutory += cin_figures(read_cin_census(RETURNS / "cin-2026-to-2025-10-14"), population)
    both = {
        (f.indicator, f.time_period, f.quarter): f.value
        for f in statutory
        if (f.indicator, f.time_period, f.quarter) in from_annex
    }
    # 31 March 2025 (whole years), 30 June and 30 September 2025 (in progress): every on-a-day figure the Annex A
    # gives (its year-to-date shares, for 2025-26's quarters, no return gives: the next test checks them)
    assert {(year, quarter) for _, year, quarter in both} == {(2025, 0), (2026, 1), (2026, 2)}
    # (its care leaver and adoption figures are over the years to date: a return in progress gives none; a test
    # below counts them from it)
    assert {indicator for indicator, _, _ in both} == set(ANNEX_A_INDICATORS) - YEAR_TO_DATE - ADOPTION - {
        *LEAVERS_19_21,
        "care_leavers_19_21_count",
    }
    for key, value in both.items():
        assert from_annex[key] == pytest.approx(value), key
    assert from_annex[("children_looked_after_count", 2025, 0)] == 458  # the example's published count
    assert ("children_in_need_count", 2025, 3) in from_annex  # 31 December 2024: the Annex A's alone


def test_the_example_returns_folder_gives_the_annex_a_figures_only_where_no_return_does():
    found = {
        (f.indicator, f.time_period, f.quarter): f.source
        for f in computed_figures(RETURNS, {2024: 62_317.0, 2025: 62_900.0}, council=("991", "Kingsmere"))
    }
    assert found[("children_looked_after_count", 2026, 2)] == "computed from SSDA903 2026"
    assert found[("children_in_need_count", 2025, 0)] == "computed from CIN census 2025"
    assert found[("children_in_need_count", 2025, 3)] == "computed from Annex A 2025-10-14"
    # care leavers and adoption: the year's from the SSDA903, this year's so far from the Annex A
    assert found[("care_leavers_in_touch", 2025, 0)] == "computed from SSDA903 2025"
    assert found[("care_leavers_in_touch", 2026, 2)] == "computed from Annex A 2025-10-14"
    assert found[("adoption_decision_to_match_months", 2026, 1)] == "computed from Annex A 2025-10-14"


def test_the_example_annex_a_year_to_date_shares_agree_with_the_census_in_progress_counted_the_same_way():
    from_annex = {
        (f.indicator, f.time_period, f.quarter): f.value
        for f in annex_a_figures(read_annex_a(RETURNS / RUN), {})
        if f.indicator in YEAR_TO_DATE
    }
    census = read_cin_census(RETURNS / "cin-2026-to-2025-10-14")
    from_census = {}
    for quarter, end in ((1, date(2025, 6, 30)), (2, date(2025, 9, 30))):
        year_to_date = functools.partial(_between, start=pd.Timestamp(2025, 4, 1), end=pd.Timestamp(end))
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
            ("cpp_subsequent", 2026, quarter): subsequent.sum() / len(started) * 100,
        }
    assert from_annex == from_census  # exactly: the same children, counted the same way
    # the figures themselves, and how many each rests on, as the example's returns give them
    assert {k: round(v, 2) for k, v in from_annex.items()} == {
        ("referrals_no_further_action", 2026, 1): 3.09,
        ("referrals_no_further_action", 2026, 2): 3.04,
        ("assessments_45_days", 2026, 1): 89.65,
        ("assessments_45_days", 2026, 2): 88.89,
        ("icpc_15_days", 2026, 1): 84.76,
        ("icpc_15_days", 2026, 2): 84.26,
        ("cpp_subsequent", 2026, 1): 23.33,
        ("cpp_subsequent", 2026, 2): 23.43,
    }
    # no rereferral_12m: the example's lists reach back to 15 October 2024, not to 1 April 2024. Counted from List 3
    # as if they did, it would match the census only with the earlier census's referrals behind it:
    referrals = read_annex_a(RETURNS / RUN).referrals.rename(columns={"referral": "CINreferralDate"})
    assert rereferrals(referrals, referrals, 2026)[0] == len(
        census.episodes[census.episodes["CINreferralDate"] >= pd.Timestamp(2025, 4, 1)]
    )  # every referral of the year so far listed


def test_the_example_annex_a_care_leaver_and_adoption_figures_agree_with_the_return_in_progress_counted_the_same_way():
    annex_a = read_annex_a(RETURNS / RUN)
    from_annex = {
        (f.indicator, f.time_period, f.quarter): f.value
        for f in annex_a_figures(annex_a, {})
        if f.indicator in LEAVERS_19_21 | ADOPTION | {"care_leavers_19_21_count"}
    }
    ret = read_ssda903(RETURNS / "ssda903-2026-to-2025-10-14")
    oc3, adopted = ret.tables["OC3"], adopted_in_year(ret.episodes, 2026)
    # each OC3 young person's birthday in 2025-26 (29 February on 1 March), worked out here
    birthday = oc3["DOB"].map(
        lambda born: pd.Timestamp(
            2025 if (born.month, born.day) >= (4, 1) else 2026,
            *((3, 1) if (born.month, born.day) == (2, 29) else (born.month, born.day)),
        )
    )
    from_return = {}
    for quarter, end in ((1, pd.Timestamp(2025, 6, 30)), (2, pd.Timestamp(2025, 9, 30))):
        # OC3's care leavers whose birthday has come by the quarter's end, counted as the SSDA903's year is
        shares = oc3_figures(oc3[birthday <= end], 2026)
        from_return |= {(indicator, 2026, quarter): shares[indicator] for indicator in LEAVERS_19_21}
        matched = adopted[adopted["DEC"] <= end][["CHILD"]].merge(ret.tables["AD1"], on="CHILD")
        from_return[("adoption_decision_to_match_months", 2026, quarter)] = (
            matched["DATE_MATCH"] - matched["DATE_INT"]
        ).dt.days.mean() / (365.25 / 12)
    assert {key: from_annex[key] for key in from_return} == pytest.approx(from_return)
    # where the return holds the start of an adopted child's time in care, List 10 gives the same day
    entered = annex_a.adoptions.set_index("child")["entered"]
    known = adopted[adopted["period_known"]]
    assert len(known) >= 5 and (entered[known["CHILD"]].to_numpy() == known["period_start"].to_numpy()).all()
    # the rest are List 10's alone: from entering care (no start is missing from it), A1 and A2, the years to 30
    # June and 30 September 2025
    assert {key for key in from_annex if key not in from_return} == {
        (indicator, 2026, quarter)
        for indicator in ADOPTION - {"adoption_decision_to_match_months"}
        for quarter in (1, 2)
    }
    # 2024-25's are left out (so no year's count): those whose birthday was from April to mid-October 2024 have a
    # later record, their 2025 birthday's
    assert not any(key[1] == 2025 for key in from_annex)
    reason = annex_a_left_out(annex_a)["care_leavers_19_21_count"]
    assert "of the young people whose 19th to 21st birthday fell in the year to 31/03/2025" in reason


# --- issue 25: a workbook too large to lay out is refused before it is read ----------------------------------


def forge_sheet(workbook: Path, *, dimension: str | None = None, far_cell: str | None = None) -> None:
    """Rewrite the first sheet's XML inside the .xlsx: the dimension it declares, and one more cell far away (what
    made calamine ask for 512 GiB and abort the process)."""
    import re
    import zipfile

    forged = workbook.with_suffix(".forged")
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(forged, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            data = source.read(part.filename)
            if part.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                if dimension:
                    text = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>', text)
                if far_cell:
                    row = re.sub(r"[A-Z]", "", far_cell)
                    text = text.replace(
                        "</sheetData>",
                        f'<row r="{row}"><c r="{far_cell}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
                    )
                data = text.encode()
            target.writestr(part, data)
    forged.replace(workbook)


def _read_in_a_subprocess(folder: Path) -> subprocess.CompletedProcess:
    """read_annex_a in a process of its own: were the check missing, calamine would abort this one."""
    code = (
        "import sys; from pathlib import Path; from sefbook.errors import InputError; "
        "from sefbook.inputs.annex_a import read_annex_a\n"
        "try:\n    print(len(read_annex_a(Path(sys.argv[1])).in_need))\n"
        "except InputError as exc:\n    sys.exit(exc.message)"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, timeout=120, check=False
    )


def test_a_sheet_with_a_cell_at_the_grids_far_corner_is_refused_not_a_crash(tmp_path):
    folder = annex(tmp_path, [OK_NEED], [OK_PLAN], [OK_CARE])
    forge_sheet(folder / "annex_a.xlsx", dimension="A1:XFD1048576", far_cell="XFD1048576")
    run = _read_in_a_subprocess(folder)
    assert run.returncode == 1, (run.returncode, run.stderr)  # sys.exit(message): refused, not SIGABRT (-6)
    assert run.stderr.strip() == (
        f"{folder / 'annex_a.xlsx'}, sheet 'List 6': has a sheet too large to read safely; "
        f"expected at most 10,000,000 cells from A1 to its last cell; found cells up to "
        f"XFD1048576 (1,048,576 rows x 16,384 columns: 17,179,869,184 cells)"
    )


def test_a_sheet_declaring_the_whole_grid_but_holding_a_few_cells_is_read(tmp_path):
    # calamine sizes a sheet by its cells, not by the <dimension> it declares (which generators write loosely)
    folder = annex(tmp_path, [OK_NEED], [OK_PLAN], [OK_CARE])
    forge_sheet(folder / "annex_a.xlsx", dimension="A1:XFD1048576")
    run = _read_in_a_subprocess(folder)
    assert (run.returncode, run.stdout.strip()) == (0, "1"), run.stderr


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_opened(tmp_path):
    from sefbook.inputs.published.sheet_sizes import check_workbook_size

    folder = annex(tmp_path, [OK_NEED], [OK_PLAN], [OK_CARE])
    workbook = folder / "annex_a.xlsx"
    check_workbook_size(workbook)
    with pytest.raises(InputError) as err:
        check_workbook_size(workbook, most_unpacked=1000)
    assert err.value.message.startswith(
        f"{workbook}: is a workbook too large to read safely (a zip bomb?); "
        f"expected a workbook unpacking to at most 1,000 bytes; found "
    )


def bomb_annex_a(edition: Path, data: Path) -> None:
    """For the bad-input table: the example's Annex A with a cell at XFD1048576 in its first sheet."""
    forge_sheet(edition / "returns" / RUN / "annex_a.xlsx", dimension="A1:XFD1048576", far_cell="XFD1048576")
