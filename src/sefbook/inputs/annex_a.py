"""Ofsted's Annex A (the child-level lists a council gives inspectors at an ILACS inspection), read, checked and
turned into on-a-day counts and year-to-date shares.

An Annex A is a folder in the returns folder named by the day its lists were run, `annex-a-2025-10-14/` (see
returns.py), holding one Excel workbook (.xlsx), one sheet per list. Lists and columns as Ofsted's Annex A
guidance and the sector's tools give them (checked against liia-tools' annex_a specification and pipeline,
Annex_A_schema.yml, and Data to Insight's SSD Annex A queries, which quote the guidance's description of each
list): List 1 contacts, 2 early help, 3 referrals, 4 assessments, 5 section 47 enquiries and ICPCs, 6 children in
need, 7 child protection, 8 children in care, 9 care leavers, 10 adoption, 11 adopters. A sheet is found by its
list number ("List 6", "List_6", "List 6 - Children in need") or its list's name ("Children in need"); its header
row by its column names (title rows above it are common), matched case- and whitespace-insensitively.

What is read (the lists' own column names):
- List 6 (children in need: "all children in need at the point of inspection, and those whose episode closed in
  the period"): Child Unique ID, CIN Start Date, CIN Closure Date, Reason for Closure (RC1 to RC9), Primary Need
  Code (N0 to N9), Case Status (a to e);
- List 7 (child protection: "all those who are the subject of a child protection plan at the point of
  inspection. Include those who ceased to be the subject of a child protection plan in the six months before"):
  Child Unique ID, Child Protection Plan Start Date, Child Protection Plan End Date, Initial and Latest Category of
  Abuse (a to e: neglect, physical, sexual, emotional, multiple), and Number of Previous Child Protection Plans if
  the list has it (a whole number; without it cpp_subsequent is left out);
- List 8 (children in care: "all children in care at the point of inspection. Include all those children who
  ceased to be looked after in the six months before the inspection"): Child Unique ID, Date Started to be Looked
  After, Date Ceased to be Looked After, Reason Ceased to be Looked After (SSDA903's E codes, X1), Child's Legal
  Status (SSDA903's C1 to V4), and "Is this a second or subsequent period of being a Looked After Child within the
  last 12 months (Y/N)";
- List 1, if there: the Date of Contact (an event in the period, see below);
- List 3 (referrals), if there: Child Unique ID, Date of referral, and Referral NFA? (yes or no) if the list has it;
- List 4 (assessments: "children with assessments in the previous six months"), if there: Child Unique ID,
  Continuous Assessment Start Date, Continuous Assessment Date of Authorisation (blank while it is open; not before
  its start);
- List 5 (section 47 enquiries and ICPCs: "all section 47 enquiries in the six months before the inspection"), if
  there: Child Unique ID, Strategy discussion initiating Section 47 Enquiry Start Date, Date of Initial Child
  Protection Conference (blank if none was held).
Lists 6, 7 and 8 are required; Lists 3, 4 and 5 are optional (a list not there leaves its figures out), and checked
as Lists 6 to 8 are when there; the others are recognised and left alone.

The period the lists cover: at least the six months before the day they were run (the guidance's), and further back
where the lists hold events that must lie in the period (a contact, a referral, an assessment's authorisation, an
initial conference, an episode, plan or period of care ending) before that: back to the earliest of them (councils
often give twelve months). An earlier quarter end can be counted only because of this: Lists 6, 7 and 8 hold
everyone open on the run day and everyone whose involvement ended in the period, so everyone open on a day within
the period is listed (open on it, and either still open or ended after it). What is computed, on each quarter end
within the period (31 March as the reporting year's quarter 0, 30 June, 30 September, 31 December as quarters 1 to 3
of the year to the next 31 March), as collection.py numbers them:
- **children_in_need_count**: List 6 rows open on the day (CIN Start Date on or before it, CIN Closure Date blank
  or after it), as the CIN census's episodes open on a day are counted (cin_census.py); a referral that led to no
  further action is not a child in need and closes the day it opens, so it never counts;
- **child_protection_plan_count**: List 7 plans open on the day; **cpp_two_years**: of those, the share open two
  years or more (started on or before the day two years before);
- **children_looked_after_count**: children with a List 8 period of care open on the day, leaving out those looked
  after under a series of short breaks (legal status V3, V4), as SSDA903's count does (ssda903.py). List 8 gives
  only the current (or last) legal status of each period, which is what is left out by;
- **cin_rate**, **cpp_rate**, **cla_rate**: each count per 10,000 children aged 0 to 17, on the population of the
  mid-year before the reporting year's end (population[Y - 1] for the year to 31 March Y); no population, no rate.

Year to date: on each quarter end 1 to 3 within the period whose whole year to date (1 April to the quarter's end)
lies within it too, the shares the CIN census gives for a whole year (cin_census.py), counted over the year to date
by the same methods (its `rereferrals`, `working_days_after` with England's bank holidays, 45 and 15 working days);
31 March's whole year is left to the census, which the DfE publishes. A share with nothing to divide by is left out.
Lists 4 and 5 are taken, as the guidance's "in the six months before" reads, to hold every assessment authorised
and every conference held in the period, whenever it started, as Lists 6 and 7 are taken to hold every episode and
plan (an extract keeping only those started in the period would lose the few that took longer than the time from
the period's start to the year's):
- **referrals_no_further_action**: of List 3's referrals in the year to date (each row counted), the share whose
  Referral NFA? is yes;
- **rereferral_12m**: of those referrals, the share within 12 calendar months of the same child's previous referral
  in List 3 (the census's rule and its `rereferrals`: a child's two rows on one day are one referral when looking
  back). Annex A has no column saying whether a referral was a re-referral, and List 3 holds only referrals in the
  period, so the figure is given only where the period reaches back 12 months before the year's 1 April, every
  previous referral that could count being then listed: an Annex A of the usual six or twelve months never does.
  Its "Number of Referrals in Last 12 Months" cannot stand in: it is a child's count, over the 12 months before the
  lists were run (Data to Insight's SSD queries: the child's referrals since then, less one), not before each
  referral;
- **assessments_45_days**: of List 4's assessments authorised in the year to date, the share authorised within 45
  working days of the Continuous Assessment Start Date. The census (and the indicator's definition) counts from the
  referral; List 4 has no referral date, and its assessment cannot be tied to a List 3 referral for certain (List 3
  says nothing of which assessment followed, and the referral may precede the period), so the days are counted
  from the assessment's start, never more working days than from the referral: the share can be higher than the
  census's;
- **icpc_15_days**: of List 5's initial conferences held in the year to date, the share held within 15 working days
  of the section 47 enquiry's start; one dated before its enquiry's start is counted among the conferences, not
  among those in time, as the census's docstring (and the DfE's table C4) says. That is asked of the dates
  themselves: `working_days_after` gives 0, not a negative, for a conference dated the day before a start on a
  Friday or before a bank holiday, which the census's own count (0 days or more) would take as in time;
- **cpp_subsequent**: of List 7's plans started in the year to date, the share that were a second or subsequent
  plan: Number of Previous Child Protection Plans of 1 or more, or an earlier plan of the child in List 7, as the
  census's is. Without that column it is left out: a child's earlier plan that ended before the period is not
  listed.
Left out: the counts and rates over the year to date (referrals, section 47 enquiries, conferences, plans started)
are not comparable with the year's, which the registry defines; s47_to_icpc would need List 5 to hold every
enquiry started in the year to date and every conference held in it alike, which the guidance does not settle for
enquiries started before the period.

What cannot be settled is left out, never guessed. The lists give one row per episode, plan or period: a council's
extract that keeps only each child's latest loses, on an earlier day, a child whose earlier period closed after it.
List 8 says when that happened: a period marked second or subsequent within the last 12 months, with no earlier
period of that child in the list, may have had its unlisted predecessor open on an earlier day, so the looked
after figures are left out on every quarter end before such a period's start. Lists 6 and 7 carry no such mark;
they are taken as listing every episode and plan open in the period, as the guidance asks.

Verified: tests/test_annex_a.py counts each figure on hand-made workbooks and checks that the example's Annex A,
derived from the example's SSDA903 and CIN census returns (scripts/make_example_annex_a.py), gives the same counts
on the quarter ends both cover as those returns do, and the same year-to-date shares for 2025-26's quarters 1 and 2
as the census in progress gives counted the same way. Column names as liia-tools' Annex_A_schema.yml gives them.

**Child-level rows never leave this module** except inside an AnnexA (for annex_a_figures): only counts do, with
"computed from Annex A <run date>" as their source. A workbook that cannot be right (a required list missing, a
header row not found, a date that is not a date or after the day the lists were run, an end before its start, an
unknown code, an answer not yes or no, a number of previous plans not a whole number, an assessment authorised
before it started, a child's rows overlapping) is refused with the file, the sheet, the row, the child, the column,
what was expected and found, and how many rows are like it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from numbers import Real
from pathlib import Path

import pandas as pd

from sefbook.errors import InputError
from sefbook.inputs.cin_census import ASSESSMENT_WORKING_DAYS, ICPC_WORKING_DAYS, rereferrals, working_days_after
from sefbook.inputs.collection import QUARTER_ENDS, ComputedFigure, is_personal, run_date
from sefbook.inputs.files import regular_file

SHORT_BREAKS = frozenset({"V3", "V4"})
LEGAL_STATUSES = frozenset({"C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3"})
REASONS_CEASED = frozenset({"E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E4A", "E4B", "E41", "E43",
                            "E44", "E45", "E46", "E47", "E48", "E5", "E6", "E7", "E8", "E9", "X1"})
CLOSURE_REASONS = frozenset({f"RC{n}" for n in range(1, 10)})
PRIMARY_NEEDS = frozenset({f"N{n}" for n in range(10)})
LETTERS = frozenset("abcde")  # the guidance's drop-down options, "a) Neglect", "e) Closed episode"
YES, NO = frozenset({"y", "yes", "a) yes"}), frozenset({"n", "no", "b) no"})
GUIDANCE_PERIOD_MONTHS = 6  # the lists cover at least the six months before they were run
HEADER_SEARCH_ROWS = 30  # title rows above the header: a header further down is not one

# Every list, by number: its name (a sheet may be named by either)
LIST_NAMES = {1: ("contacts",), 2: ("early help",), 3: ("referrals",), 4: ("assessments",),
              5: ("section 47 enquiries and icpcs", "sec47 and icpc", "section 47"), 6: ("children in need",),
              7: ("child protection",), 8: ("children in care", "children looked after", "looked after children"),
              9: ("care leavers",), 10: ("adoption",), 11: ("adopters",)}
# A code column: the pattern that finds its code in a cell ("RC7 - Services ceased ...", "a) E11: Adopted ..."),
# the codes known, and whether it may be blank.
CODE_PATTERNS = {"reason for closure": r"^(RC\d)\b", "primary need code": r"^(N\d)\b", "letter": r"^([a-eA-E])\)",
                 "legal status": r"^(?:[a-z]{1,2}\)\s*)?([A-Z]\d)\b",
                 "reason ceased": r"^(?:[a-z]{1,2}\)\s*)?(E\d+[AB]?|X1)\b"}


@dataclass(frozen=True)
class ListSpec:
    """A list sefbook reads: its columns (the key sefbook uses: the header as the guidance writes it), its dates
    (blank allowed?), its codes (pattern, known codes, blank allowed?), the dates that close a row (start, end).
    `optional`: columns a list may lack (the figures resting on them are then left out); `answers`: yes or no
    columns (blank allowed?); `numbers`: whole numbers, 0 or more; `ordered`: a date that may not come before
    another (earlier, later, the problem)."""

    number: int
    columns: dict[str, str]
    dates: dict[str, bool]
    codes: dict[str, tuple[str, frozenset[str], bool]]
    start_end: tuple[str, str] | None = None
    optional: frozenset[str] = frozenset()
    answers: dict[str, bool] = field(default_factory=dict)
    numbers: tuple[str, ...] = ()
    ordered: tuple[str, str, str] | None = None


SPECS = {
    1: ListSpec(1, {"child": "Child Unique ID", "contact": "Date of Contact"}, {"contact": False}, {}),
    3: ListSpec(3, {"child": "Child Unique ID", "referral": "Date of referral", "nfa": "Referral NFA?"},
                {"referral": False}, {}, optional=frozenset({"nfa"}), answers={"nfa": False}),
    4: ListSpec(4, {"child": "Child Unique ID", "start": "Continuous Assessment Start Date",
                    "authorised": "Continuous Assessment Date of Authorisation"},
                {"start": False, "authorised": True}, {},
                ordered=("start", "authorised", "has an assessment authorised before it started")),
    5: ListSpec(5, {"child": "Child Unique ID", "start": "Strategy discussion initiating Section 47 Enquiry Start Date",
                    "conference": "Date of Initial Child Protection Conference"},
                {"start": False, "conference": True}, {}),
    6: ListSpec(6, {"child": "Child Unique ID", "start": "CIN Start Date", "end": "CIN Closure Date",
                    "reason": "Reason for Closure", "need": "Primary Need Code", "status": "Case Status"},
                {"start": False, "end": True},
                {"reason": ("reason for closure", CLOSURE_REASONS, True),
                 "need": ("primary need code", PRIMARY_NEEDS, False), "status": ("letter", LETTERS, False)},
                ("start", "end")),
    7: ListSpec(7, {"child": "Child Unique ID", "start": "Child Protection Plan Start Date",
                    "end": "Child Protection Plan End Date", "initial": "Initial Category of Abuse",
                    "latest": "Latest Category of Abuse", "previous": "Number of Previous Child Protection Plans"},
                {"start": False, "end": True},
                {"initial": ("letter", LETTERS, False), "latest": ("letter", LETTERS, False)}, ("start", "end"),
                optional=frozenset({"previous"}), numbers=("previous",)),
    8: ListSpec(8, {"child": "Child Unique ID", "start": "Date Started to be Looked After",
                    "end": "Date Ceased to be Looked After", "reason": "Reason Ceased to be Looked After",
                    "legal": "Child's Legal Status",
                    "subsequent": "Is this a second or subsequent period of being a Looked After Child within the "
                                  "last 12 months (Y/N)"},
                {"start": False, "end": True},
                {"reason": ("reason ceased", REASONS_CEASED, True), "legal": ("legal status", LEGAL_STATUSES, False)},
                ("start", "end"), answers={"subsequent": False}),
}
REQUIRED_LISTS = (6, 7, 8)
WHAT = {6: "episodes of need", 7: "child protection plans", 8: "periods of care"}


@dataclass(frozen=True)
class AnnexA:
    """One Annex A, checked: the day its lists were run, the first day they cover, and the lists the figures rest
    on, one row per episode, plan or period (child-level: they never leave this module's figures)."""

    folder: Path
    file: Path
    run_on: date
    period_start: date
    in_need: pd.DataFrame  # List 6: child, start, end (days)
    plans: pd.DataFrame  # List 7: child, start, end
    in_care: pd.DataFrame  # List 8: child, start, end, legal (its code), subsequent (bool)
    sheets: dict[int, str]  # the sheet each list was found on
    referrals: pd.DataFrame | None = None  # List 3, if there: child, referral, and nfa (bool) if its column is
    assessments: pd.DataFrame | None = None  # List 4, if there: child, start, authorised
    enquiries: pd.DataFrame | None = None  # List 5, if there: child, start, conference


def _normal(text: object) -> str:
    """A header or sheet name as compared: lower case, one space between words, straight apostrophes."""
    return re.sub(r"\s+", " ", str(text).replace("\u2019", "'").replace("_", " ")).strip().lower()


def _workbook(folder: Path) -> Path:
    found = sorted(p for p in folder.glob("*") if p.suffix.lower() == ".xlsx" and not p.name.startswith("~$"))
    if not found:
        raise InputError(folder, "has no Annex A workbook", expected="one .xlsx file holding Ofsted's Annex A lists",
                         found=", ".join(sorted(p.name for p in folder.iterdir())) or "an empty folder")
    if len(found) > 1:
        raise InputError(folder, "has two Annex A workbooks", expected="one .xlsx file",
                         found=", ".join(p.name for p in found))
    return regular_file(found[0])


def _list_number(sheet: str) -> int | None:
    """The list a sheet holds, by its number or its name."""
    name = _normal(sheet)
    numbered = re.match(r"^list\s*-?\s*0*(\d+)\b", name)
    if numbered:
        return int(numbered[1])
    return next((number for number, names in LIST_NAMES.items() if name in names), None)


def _sheets(path: Path, names: list[str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for sheet in names:
        number = _list_number(sheet)
        if number is None:
            continue
        if number in found:
            raise InputError(path, f"has two sheets for List {number}", expected="one sheet per list",
                             found=f"{found[number]!r} and {sheet!r}")
        found[number] = sheet
    for number in REQUIRED_LISTS:
        if number not in found:
            raise InputError(path, f"has no List {number} ({LIST_NAMES[number][0]})",
                             expected=f"a sheet named 'List {number}' or {LIST_NAMES[number][0]!r}",
                             found="sheets " + ", ".join(repr(s) for s in names))
    return found


def _header_row(path: Path, sheet: str, raw: pd.DataFrame, spec: ListSpec) -> int:
    """The row holding the list's column names (the first that has them all, its optional ones aside)."""
    wanted = {_normal(name) for key, name in spec.columns.items() if key not in spec.optional}
    best, best_missing = 0, wanted
    for i in range(min(HEADER_SEARCH_ROWS, len(raw))):
        missing = wanted - {_normal(v) for v in raw.iloc[i] if isinstance(v, str)}
        if not missing:
            return i
        if len(missing) < len(best_missing):
            best, best_missing = i, missing
    names = [name for name in spec.columns.values() if _normal(name) in best_missing]
    raise InputError(path, f"has no header row with List {spec.number}'s columns",
                     where=f"sheet {sheet!r}" + (f", row {best + 1}" if len(best_missing) < len(wanted) else ""),
                     expected="columns " + ", ".join(n for k, n in spec.columns.items() if k not in spec.optional),
                     found="no column " + ", ".join(repr(n) for n in names))


def _table(path: Path, sheet: str, raw: pd.DataFrame, spec: ListSpec) -> pd.DataFrame:
    """The list's columns (as sefbook names them), text stripped, each row with its row in the workbook."""
    header = _header_row(path, sheet, raw, spec)
    positions = {_normal(v): j for j, v in reversed(list(enumerate(raw.iloc[header]))) if isinstance(v, str)}
    body = raw.iloc[header + 1:]
    table = pd.DataFrame({key: body.iloc[:, positions[_normal(name)]] for key, name in spec.columns.items()
                          if _normal(name) in positions})  # an optional column may be absent
    table = table.map(lambda v: v.strip() or None if isinstance(v, str) else v)  # "  " is blank
    table = table[table.notna().any(axis=1)]  # blank rows between and after
    return table.assign(_row=table.index + 1, _sheet=sheet)


def _shown(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "nothing"
    if isinstance(value, (datetime, date)):
        return repr(value.strftime("%d/%m/%Y"))
    return repr(value)


def _refuse(path: Path, frame: pd.DataFrame, bad: pd.Series, problem: str, expected: str, spec: ListSpec,
            column: str, raw: pd.DataFrame | None = None) -> None:
    """Refuse the workbook at the first bad row: its sheet, row, child, column, what was found (in the cell as
    written) and how many rows are like it."""
    if not bad.any():
        return
    first = frame[bad].iloc[0]
    more = int(bad.sum()) - 1
    value = (raw if raw is not None else frame).loc[first.name, column]
    child = _shown(first["child"]).strip("'") if pd.notna(first["child"]) else "without a Child Unique ID"
    raise InputError(path, problem, where=f"sheet {first['_sheet']!r}, row {first['_row']}, {{child}}, column "
                                          f"'{spec.columns[column]}'", child=child,
                     expected=expected, found=_shown(value) + (f" (and {more} more rows like it)" if more else ""),
                     personal=is_personal(spec.columns[column]))


def _as_days(cells: pd.Series) -> pd.Series:
    """Each cell as a day: a date cell as it is, text written dd/mm/yyyy or yyyy-mm-dd; NaT otherwise."""
    is_date = cells.map(lambda v: isinstance(v, (datetime, date)))
    is_text = cells.map(lambda v: isinstance(v, str))
    days = pd.to_datetime(cells.where(is_date), errors="coerce").dt.normalize()
    text = cells.where(is_text).astype("string")
    british = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")
    return days.fillna(british).fillna(pd.to_datetime(text, format="%Y-%m-%d", errors="coerce"))


def _check(path: Path, table: pd.DataFrame, spec: ListSpec, run_on: date) -> pd.DataFrame:
    """The list checked, its dates as days and its codes as codes."""
    _refuse(path, table, table["child"].isna(), "has a row without a child", "a Child Unique ID in every row",
            spec, "child")
    checked = table.assign(child=table["child"].map(lambda v: str(int(v)) if isinstance(v, float) else str(v)))
    for column, blank_allowed in spec.dates.items():
        days = _as_days(table[column])
        bad = days.isna() & ~(table[column].isna() & blank_allowed)
        _refuse(path, checked, bad, "has a date that is not a date",
                "a date (a date cell, or text written dd/mm/yyyy)" + (" or blank" if blank_allowed else ""), spec,
                column, table)
        _refuse(path, checked, days > pd.Timestamp(run_on), "has a date after the day the lists were run",
                f"a date on or before {run_on.strftime('%d/%m/%Y')} (the folder's date)", spec, column, table)
        checked[column] = days
    for column, (pattern, known, blank_allowed) in spec.codes.items():
        text = table[column].astype("string")
        code = text.str.extract(CODE_PATTERNS[pattern], expand=False)
        code = code.str.lower() if pattern == "letter" else code
        bad = ~code.isin(known) & ~(text.isna() & blank_allowed)
        _refuse(path, checked, bad, "has a code the Annex A guidance does not know",
                f"one of {', '.join(sorted(known))}, as the guidance's drop-down writes it", spec, column, table)
        checked[column] = code
    for column, blank_allowed in spec.answers.items():
        if column in table:
            answer = table[column].astype("string").str.lower()
            _refuse(path, checked, ~answer.isin(YES | NO) & ~(answer.isna() & blank_allowed),
                    "has an answer that is not yes or no", "Y, N, Yes, No, a) Yes or b) No", spec, column, table)
            checked[column] = answer.isin(YES)
    for column in spec.numbers:
        if column in table:
            number = table[column].map(_whole)
            _refuse(path, checked, number.isna(), "has a number that is not a whole number",
                    "a whole number, 0 or more", spec, column, table)
            checked[column] = number.astype("int64")
    if spec.ordered:
        earlier, later, problem = spec.ordered
        _refuse(path, checked, checked[later] < checked[earlier], problem,
                f"{spec.columns[later]} on or after {spec.columns[earlier]}", spec, later, table)
    return checked


def _whole(value: object) -> float:
    """A whole number, 0 or more, as a cell holds it (1, 1.0, "1"); NaN otherwise."""
    if isinstance(value, str) and re.fullmatch(r"\d+", value):
        return float(value)
    if isinstance(value, Real) and not isinstance(value, bool) and value >= 0 and float(value).is_integer():
        return float(value)
    return float("nan")


def _check_periods(path: Path, frame: pd.DataFrame, spec: ListSpec, raw: pd.DataFrame) -> None:
    """Ends not before starts, a reason given exactly when an end is, and a child's rows not overlapping."""
    start, end = spec.start_end
    what = WHAT[spec.number]
    _refuse(path, frame, frame[end] < frame[start], f"has {what[:-1]} ending before it starts",
            f"{spec.columns[end]} on or after {spec.columns[start]}", spec, end, raw)
    if "reason" in spec.columns:
        _refuse(path, frame, frame[end].isna() != frame["reason"].isna(), "has an end and a reason that disagree",
                f"{spec.columns[end]} and {spec.columns['reason']} both given (it ended) or both blank (it is open)",
                spec, "reason", raw)
    ordered = frame.sort_values(["child", start], kind="stable")
    by_child = ordered.groupby("child")
    previous_end = by_child[end].shift()
    overlapping = (by_child.cumcount() > 0) & (previous_end.isna() | (ordered[start] < previous_end))
    _refuse(path, ordered, overlapping, f"has a child's {what} overlapping",
            f"each to start on or after the end of the one before ({spec.columns[end]})", spec, start, raw)


def _period_start(run_on: date, tables: dict[int, pd.DataFrame]) -> date:
    """At least the guidance's six months; further back to the earliest event that must lie in the period."""
    events = [tables[n][c] for n, c in ((1, "contact"), (3, "referral"), (4, "authorised"), (5, "conference"),
                                        (6, "end"), (7, "end"), (8, "end")) if n in tables]
    earliest = min((e.min() for e in events if e.notna().any()), default=pd.NaT)
    six_months = (pd.Timestamp(run_on) - pd.DateOffset(months=GUIDANCE_PERIOD_MONTHS)).date()
    return min(six_months, earliest.date()) if pd.notna(earliest) else six_months


def read_annex_a(folder: Path) -> AnnexA:
    """Read and check one Annex A folder (`annex-a-<the day the lists were run>`)."""
    run_on = run_date(folder, "annex-a")
    path = _workbook(folder)
    try:
        raw_sheets = pd.read_excel(path, sheet_name=None, header=None, engine="calamine")
    except Exception as exc:  # calamine's errors are its own: a file that is not a workbook, or a damaged one
        raise InputError(path, "is not an Excel workbook sefbook can read", expected="an .xlsx file",
                         found=str(exc) or type(exc).__name__) from None
    sheets = _sheets(path, list(raw_sheets))
    tables = {}
    for number, spec in SPECS.items():
        if number in sheets:
            raw = _table(path, sheets[number], raw_sheets[sheets[number]], spec)
            tables[number] = _check(path, raw, spec, run_on)
            if spec.start_end:
                _check_periods(path, tables[number], spec, raw)
    keep = {3: ["child", "referral", "nfa"], 4: ["child", "start", "authorised"], 5: ["child", "start", "conference"],
            6: ["child", "start", "end"], 7: ["child", "start", "end", "previous"],
            8: ["child", "start", "end", "legal", "subsequent"]}
    lists = {n: tables[n][[c for c in columns if c in tables[n]]].reset_index(drop=True)
             for n, columns in keep.items() if n in tables}
    return AnnexA(folder, path, run_on, _period_start(run_on, tables), lists[6], lists[7], lists[8], sheets,
                  lists.get(3), lists.get(4), lists.get(5))


def quarter_ends(annex: AnnexA) -> list[tuple[int, int, date]]:
    """(reporting year, quarter, day) of each quarter end within the period the lists cover (31 March: the
    year's quarter 0)."""
    days = []
    for year in range(annex.period_start.year, annex.run_on.year + 1):
        for quarter, month, day in QUARTER_ENDS:
            when = date(year, month, day)
            if annex.period_start <= when <= annex.run_on:
                days.append((year, 0, when) if month == 3 else (year + 1, quarter, when))
    return sorted(days, key=lambda d: d[2])


def _open_on(frame: pd.DataFrame, day: date) -> pd.Series:
    when = pd.Timestamp(day)
    return (frame["start"] <= when) & (frame["end"].isna() | (frame["end"] > when))


def care_listed_from(annex: AnnexA) -> date | None:
    """The first day from which List 8 holds every period of care open on it: after the start of the last period
    marked second or subsequent whose earlier period is not listed (None: from the period's start)."""
    care = annex.in_care.sort_values(["child", "start"], kind="stable")
    first_listed = care.groupby("child").cumcount() == 0
    unlisted_before = care[care["subsequent"] & first_listed]
    return unlisted_before["start"].max().date() if len(unlisted_before) else None


def on_a_day(annex: AnnexA, day: date) -> dict[str, float | None]:
    """The counts and the share on `day` (None where the lists cannot settle it, or a share has nothing to
    divide by)."""
    plans = annex.plans[_open_on(annex.plans, day)]
    two_years = int((plans["start"] + pd.DateOffset(years=2) <= pd.Timestamp(day)).sum())
    care = annex.in_care
    listed_from = care_listed_from(annex)
    in_care = care.loc[_open_on(care, day) & ~care["legal"].isin(SHORT_BREAKS), "child"].nunique()
    return {"children_in_need_count": int(_open_on(annex.in_need, day).sum()),
            "child_protection_plan_count": len(plans),
            "cpp_two_years": two_years / len(plans) * 100 if len(plans) else None,
            "children_looked_after_count": in_care if listed_from is None or day >= listed_from else None}


def years_to_date(annex: AnnexA) -> list[tuple[int, int, date, date]]:
    """(reporting year, quarter, its first day, the quarter's end) of each quarter end 1 to 3 within the period the
    lists cover whose whole year to date (from 1 April) lies within it too."""
    return [(year, quarter, date(year - 1, 4, 1), day) for year, quarter, day in quarter_ends(annex)
            if quarter and date(year - 1, 4, 1) >= annex.period_start]


def _share(part: int, whole: int) -> float | None:
    return part / whole * 100 if whole else None


def year_to_date(annex: AnnexA, year: int, first: date, last: date) -> dict[str, float | None]:
    """The shares over `first` to `last` (the reporting year `year` to a quarter's end), each as cin_census.py
    counts its year's: None where a list or column it rests on is not there, where the lists cannot settle it, or
    where it has nothing to divide by."""
    start, end = pd.Timestamp(first), pd.Timestamp(last)
    values: dict[str, float | None] = {}
    if annex.referrals is not None:
        listed = annex.referrals[annex.referrals["referral"] <= end]
        in_ytd = listed["referral"].between(start, end)
        referrals = int(in_ytd.sum())
        if annex.period_start <= (start - pd.DateOffset(months=12)).date():  # every previous referral is listed
            history = listed.rename(columns={"referral": "CINreferralDate"})[["child", "CINreferralDate"]]
            counted, rereferred = rereferrals(history, history, year)  # nothing after `last`: the year to date
            values["rereferral_12m"] = _share(rereferred, counted)
        if "nfa" in listed:
            values["referrals_no_further_action"] = _share(int((in_ytd & listed["nfa"]).sum()), referrals)
    if annex.assessments is not None:
        done = annex.assessments[annex.assessments["authorised"].between(start, end)]
        days = working_days_after(done["start"], done["authorised"])
        values["assessments_45_days"] = _share(int((days <= ASSESSMENT_WORKING_DAYS).sum()), len(done))
    if annex.enquiries is not None:
        held = annex.enquiries[annex.enquiries["conference"].between(start, end)]
        days = working_days_after(held["start"], held["conference"])
        in_time = (held["conference"] >= held["start"]).to_numpy() & (days <= ICPC_WORKING_DAYS)  # not before it
        values["icpc_15_days"] = _share(int(in_time.sum()), len(held))
    if "previous" in annex.plans:
        plans = annex.plans
        started = plans[plans["start"].between(start, end)]
        earlier_listed = started["start"] > started["child"].map(plans.groupby("child")["start"].min())
        values["cpp_subsequent"] = _share(int(((started["previous"] > 0) | earlier_listed).sum()), len(started))
    return values


RATES = {"children_in_need_count": "cin_rate", "child_protection_plan_count": "cpp_rate",
         "children_looked_after_count": "cla_rate"}


def annex_a_figures(annex: AnnexA, population: dict[int, float]) -> list[ComputedFigure]:
    """The figures one Annex A gives, on each quarter end within the period its lists cover. `population`: the
    council's children aged 0 to 17 by mid-year; a rate is computed only where the mid-year before the reporting
    year's end is known."""
    source = f"computed from Annex A {annex.run_on.isoformat()}"
    figures = []
    for year, quarter, day in quarter_ends(annex):
        children = population.get(year - 1)  # the year to 31 March 2025: mid-2024 estimates
        for name, value in on_a_day(annex, day).items():
            if value is None:
                continue
            figures.append(ComputedFigure(name, year, quarter, float(value), source))
            if name in RATES and children and children > 0:
                figures.append(ComputedFigure(RATES[name], year, quarter, value / children * 10_000, source))
    for year, quarter, first, last in years_to_date(annex):
        figures += [ComputedFigure(name, year, quarter, float(value), source)
                    for name, value in year_to_date(annex, year, first, last).items() if value is not None]
    return figures


ANNEX_A_INDICATORS = ("children_in_need_count", "cin_rate", "child_protection_plan_count", "cpp_rate", "cpp_two_years",
                      "children_looked_after_count", "cla_rate", "rereferral_12m", "referrals_no_further_action",
                      "assessments_45_days", "icpc_15_days", "cpp_subsequent")
