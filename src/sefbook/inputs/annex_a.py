"""Ofsted's Annex A (the child-level lists a council gives inspectors at an ILACS inspection), read, checked and
turned into on-a-day counts.

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
  Abuse (a to e: neglect, physical, sexual, emotional, multiple);
- List 8 (children in care: "all children in care at the point of inspection. Include all those children who
  ceased to be looked after in the six months before the inspection"): Child Unique ID, Date Started to be Looked
  After, Date Ceased to be Looked After, Reason Ceased to be Looked After (SSDA903's E codes, X1), Child's Legal
  Status (SSDA903's C1 to V4), and "Is this a second or subsequent period of being a Looked After Child within the
  last 12 months (Y/N)";
- Lists 1 and 3, if there: the Date of Contact and Date of referral (events in the period, see below).
Lists 6, 7 and 8 are required; the others are recognised and left alone.

The period the lists cover: at least the six months before the day they were run (the guidance's), and further
back where the lists hold events that must lie in the period (a contact, a referral, an episode, plan or period
of care ending) before that: back to the earliest of them (councils often give twelve months). An earlier quarter
end can be counted only because of this: Lists 6, 7 and 8 hold everyone open on the run day and everyone whose
involvement ended in the period, so everyone open on a day within the period is listed (open on it, and either
still open or ended after it). What is computed, on each quarter end within the period (31 March as the reporting
year's quarter 0, 30 June, 30 September, 31 December as quarters 1 to 3 of the year to the next 31 March), as
collection.py numbers them:
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

What cannot be settled is left out, never guessed. The lists give one row per episode, plan or period: a council's
extract that keeps only each child's latest loses, on an earlier day, a child whose earlier period closed after it.
List 8 says when that happened: a period marked second or subsequent within the last 12 months, with no earlier
period of that child in the list, may have had its unlisted predecessor open on an earlier day, so the looked
after figures are left out on every quarter end before such a period's start. Lists 6 and 7 carry no such mark;
they are taken as listing every episode and plan open in the period, as the guidance asks.

Verified: tests/test_annex_a.py counts each figure on hand-made workbooks and checks that the example's Annex A,
derived from the example's SSDA903 and CIN census returns (scripts/make_example_annex_a.py), gives the same counts
on the quarter ends both cover as those returns do.

**Child-level rows never leave this module** except inside an AnnexA (for annex_a_figures): only counts do, with
"computed from Annex A <run date>" as their source. A workbook that cannot be right (a required list missing, a
header row not found, a date that is not a date or after the day the lists were run, an end before its start, an
unknown code, a child's rows overlapping) is refused with the file, the sheet, the row, the child, the column,
what was expected and found, and how many rows are like it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from sefbook.errors import InputError
from sefbook.inputs.collection import QUARTER_ENDS, ComputedFigure, run_date
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
    (blank allowed?), its codes (pattern, known codes, blank allowed?), the dates that close a row (start, end)."""

    number: int
    columns: dict[str, str]
    dates: dict[str, bool]
    codes: dict[str, tuple[str, frozenset[str], bool]]
    start_end: tuple[str, str] | None = None


SPECS = {
    1: ListSpec(1, {"child": "Child Unique ID", "contact": "Date of Contact"}, {"contact": False}, {}),
    3: ListSpec(3, {"child": "Child Unique ID", "referral": "Date of referral"}, {"referral": False}, {}),
    6: ListSpec(6, {"child": "Child Unique ID", "start": "CIN Start Date", "end": "CIN Closure Date",
                    "reason": "Reason for Closure", "need": "Primary Need Code", "status": "Case Status"},
                {"start": False, "end": True},
                {"reason": ("reason for closure", CLOSURE_REASONS, True),
                 "need": ("primary need code", PRIMARY_NEEDS, False), "status": ("letter", LETTERS, False)},
                ("start", "end")),
    7: ListSpec(7, {"child": "Child Unique ID", "start": "Child Protection Plan Start Date",
                    "end": "Child Protection Plan End Date", "initial": "Initial Category of Abuse",
                    "latest": "Latest Category of Abuse"},
                {"start": False, "end": True},
                {"initial": ("letter", LETTERS, False), "latest": ("letter", LETTERS, False)}, ("start", "end")),
    8: ListSpec(8, {"child": "Child Unique ID", "start": "Date Started to be Looked After",
                    "end": "Date Ceased to be Looked After", "reason": "Reason Ceased to be Looked After",
                    "legal": "Child's Legal Status",
                    "subsequent": "Is this a second or subsequent period of being a Looked After Child within the "
                                  "last 12 months (Y/N)"},
                {"start": False, "end": True},
                {"reason": ("reason ceased", REASONS_CEASED, True), "legal": ("legal status", LEGAL_STATUSES, False)},
                ("start", "end")),
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
    """The row holding the list's column names (the first that has them all)."""
    wanted = {_normal(name) for name in spec.columns.values()}
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
                     expected="columns " + ", ".join(spec.columns.values()),
                     found="no column " + ", ".join(repr(n) for n in names))


def _table(path: Path, sheet: str, raw: pd.DataFrame, spec: ListSpec) -> pd.DataFrame:
    """The list's columns (as sefbook names them), text stripped, each row with its row in the workbook."""
    header = _header_row(path, sheet, raw, spec)
    positions = {_normal(v): j for j, v in reversed(list(enumerate(raw.iloc[header]))) if isinstance(v, str)}
    body = raw.iloc[header + 1:]
    table = pd.DataFrame({key: body.iloc[:, positions[_normal(name)]] for key, name in spec.columns.items()})
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
    raise InputError(path, problem, where=f"sheet {first['_sheet']!r}, row {first['_row']}, child {child}, column "
                                          f"'{spec.columns[column]}'",
                     expected=expected, found=_shown(value) + (f" (and {more} more rows like it)" if more else ""))


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
    return checked


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


def _yes(path: Path, frame: pd.DataFrame, spec: ListSpec, raw: pd.DataFrame) -> pd.Series:
    answer = raw.loc[frame.index, "subsequent"].astype("string").str.lower()
    _refuse(path, frame, ~answer.isin(YES | NO), "has an answer that is not yes or no",
            "Y, N, Yes, No, a) Yes or b) No", spec, "subsequent", raw)
    return answer.isin(YES)


def _period_start(run_on: date, tables: dict[int, pd.DataFrame]) -> date:
    """At least the guidance's six months; further back to the earliest event that must lie in the period."""
    events = [tables[n][c] for n, c in ((1, "contact"), (3, "referral"), (6, "end"), (7, "end"), (8, "end"))
              if n in tables]
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
            if number == 8:
                tables[8] = tables[8].assign(subsequent=_yes(path, tables[8], spec, raw))
    keep = {6: ["child", "start", "end"], 7: ["child", "start", "end"], 8: ["child", "start", "end", "legal",
                                                                          "subsequent"]}
    lists = {n: tables[n][columns].reset_index(drop=True) for n, columns in keep.items()}
    return AnnexA(folder, path, run_on, _period_start(run_on, tables), lists[6], lists[7], lists[8], sheets)


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
    return figures


ANNEX_A_INDICATORS = ("children_in_need_count", "cin_rate", "child_protection_plan_count", "cpp_rate", "cpp_two_years",
                      "children_looked_after_count", "cla_rate")
