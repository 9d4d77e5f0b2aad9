"""A list's rows checked: dates as days, codes as codes, numbers as numbers, and the period the lists cover (a bad cell refused by name)."""

from __future__ import annotations

import re
from datetime import date
from numbers import Real
from pathlib import Path

import pandas as pd

from sefbook.inputs.returns.annex_a.lists import CODE_PATTERNS, GUIDANCE_PERIOD_MONTHS, NO, WHAT, YES, ListSpec
from sefbook.inputs.returns.checks import Naming, cells_as_days, check_days, overlapping_periods, refuse_first, shown

DAY_FORMAT = "%d/%m/%Y"  # a date cell shown as the guidance writes one


def _naming(spec: ListSpec) -> Naming:
    """A bad cell named by its sheet, row and column as the workbook heads it."""
    return Naming(
        where=lambda row, column: (
            f"sheet {row['_sheet']!r}, row {row['_row']}, {{child}}, column '{spec.columns[column]}'"
        ),
        child=lambda row: (
            shown(row["child"], DAY_FORMAT).strip("'") if pd.notna(row["child"]) else "without a Child Unique ID"
        ),
        day_format=DAY_FORMAT,
        label=lambda column: spec.columns[column],
    )


def _refuse(
    path: Path,
    frame: pd.DataFrame,
    bad: pd.Series,
    problem: str,
    expected: str,
    spec: ListSpec,
    column: str,
    raw: pd.DataFrame | None = None,
    codes: frozenset[str] | None = None,
) -> None:
    """Refuse the workbook at its first bad row, showing what was found in the cell as written (`raw`)."""
    refuse_first(path, frame, bad, problem, expected, column, _naming(spec), cells=raw, codes=codes)


def check_list(path: Path, table: pd.DataFrame, spec: ListSpec, run_on: date) -> pd.DataFrame:
    """The list checked, its dates as days and its codes as codes."""
    _refuse(
        path, table, table["child"].isna(), "has a row without a child", "a Child Unique ID in every row", spec, "child"
    )
    checked = table.assign(child=table["child"].map(lambda v: str(int(v)) if isinstance(v, float) else str(v)))
    for column, blank_allowed in spec.dates.items():
        if column not in table:  # an optional column the list lacks
            continue
        days = check_days(
            path,
            checked,
            column,
            _naming(spec),
            parse=cells_as_days,
            expected="a date (a date cell, or text written dd/mm/yyyy)" + (" or blank" if blank_allowed else ""),
            blank_allowed=blank_allowed,
            cells=table,
        )
        _refuse(
            path,
            checked,
            days > pd.Timestamp(run_on),
            "has a date after the day the lists were run",
            f"a date on or before {run_on.strftime('%d/%m/%Y')} (the folder's date)",
            spec,
            column,
            table,
        )
        checked[column] = days
    for column, (pattern, known, blank_allowed) in spec.codes.items():
        if column not in table:
            continue
        text = table[column].astype("string")
        code = text.str.extract(CODE_PATTERNS[pattern], expand=False)
        code = code.str.lower() if pattern == "letter" else code
        code = code.str.upper().replace({"Y": "YES", "N": "NO"}) if pattern == "in touch" else code  # as SSDA903's
        bad = ~code.isin(known) & ~(text.isna() & blank_allowed)
        _refuse(
            path,
            checked,
            bad,
            "has a code the Annex A guidance does not know",
            f"one of {', '.join(sorted(known))}, as the guidance's drop-down writes it",
            spec,
            column,
            table,
            codes=known,
        )
        checked[column] = code
    for column, blank_allowed in spec.answers.items():
        if column in table:
            answer = table[column].astype("string").str.lower()
            _refuse(
                path,
                checked,
                ~answer.isin(YES | NO) & ~(answer.isna() & blank_allowed),
                "has an answer that is not yes or no",
                "Y, N, Yes, No, a) Yes or b) No",
                spec,
                column,
                table,
                codes=frozenset({"Y", "N", "YES", "NO", "y", "n", "yes", "no"}),
            )
            checked[column] = answer.isin(YES)
    for column in spec.numbers:
        if column in table:
            number = table[column].map(_whole)
            _refuse(
                path,
                checked,
                number.isna(),
                "has a number that is not a whole number",
                "a whole number, 0 or more",
                spec,
                column,
                table,
            )
            checked[column] = number.astype("int64")
    for earlier, later, problem in spec.ordered:
        if earlier in table and later in table:  # NaT (a blank) compares as neither before nor after
            _refuse(
                path,
                checked,
                checked[later] < checked[earlier],
                problem,
                f"{spec.columns[later]} on or after {spec.columns[earlier]}",
                spec,
                later,
                table,
            )
    for one, other in spec.together:
        if one in table and other in table:
            _refuse(
                path,
                checked,
                checked[one].isna() != checked[other].isna(),
                f"has a {spec.columns[one]} and a {spec.columns[other]} that disagree",
                "both given or both blank",
                spec,
                other,
                table,
            )
    return checked


def _whole(value: object) -> float:
    """A whole number, 0 or more, as a cell holds it (1, 1.0, "1"); NaN otherwise."""
    if isinstance(value, str) and re.fullmatch(r"\d+", value):
        return float(value)
    if isinstance(value, Real) and not isinstance(value, bool) and float(value) >= 0 and float(value).is_integer():
        return float(value)
    return float("nan")


def check_periods(path: Path, frame: pd.DataFrame, spec: ListSpec, raw: pd.DataFrame) -> None:
    """Ends not before starts, a reason given exactly when an end is, and a child's rows not overlapping."""
    if spec.start_end is None:  # a list of events, not of periods
        return
    start, end = spec.start_end
    what = WHAT[spec.number]
    _refuse(
        path,
        frame,
        frame[end] < frame[start],
        f"has {what[:-1]} ending before it starts",
        f"{spec.columns[end]} on or after {spec.columns[start]}",
        spec,
        end,
        raw,
    )
    if "reason" in spec.columns:
        _refuse(
            path,
            frame,
            frame[end].isna() != frame["reason"].isna(),
            "has an end and a reason that disagree",
            f"{spec.columns[end]} and {spec.columns['reason']} both given (it ended) or both blank (it is open)",
            spec,
            "reason",
            raw,
        )
    ordered, overlapping = overlapping_periods(frame, start, end)
    _refuse(
        path,
        ordered,
        overlapping,
        f"has a child's {what} overlapping",
        f"each to start on or after the end of the one before ({spec.columns[end]})",
        spec,
        start,
        raw,
    )


def period_start(run_on: date, tables: dict[int, pd.DataFrame]) -> date:
    """At least the guidance's six months; further back to the earliest event that must lie in the period."""
    events = [
        tables[n][c]
        for n, c in (
            (1, "contact"),
            (3, "referral"),
            (4, "authorised"),
            (5, "conference"),
            (6, "end"),
            (7, "end"),
            (8, "end"),
        )
        if n in tables
    ]
    earliest = min((e.min() for e in events if e.notna().any()), default=pd.NaT)
    six_months = (pd.Timestamp(run_on) - pd.DateOffset(months=GUIDANCE_PERIOD_MONTHS)).date()
    return min(six_months, earliest.date()) if pd.notna(earliest) else six_months
