"""A list's rows checked: dates as days, codes as codes, numbers as numbers, and the period the lists cover (a bad cell refused by name)."""

from __future__ import annotations

import re
from datetime import date, datetime
from numbers import Real
from pathlib import Path

import pandas as pd

from sefbook.errors import InputError
from sefbook.inputs.returns.annex_a.lists import CODE_PATTERNS, GUIDANCE_PERIOD_MONTHS, NO, WHAT, YES, ListSpec
from sefbook.inputs.returns.collection import (
    code_shown,
    is_personal,
)


def _shown(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "nothing"
    if isinstance(value, (datetime, date)):
        return repr(value.strftime("%d/%m/%Y"))
    return repr(value)


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
    """Refuse the workbook at the first bad row: its sheet, row, child, column, what was found (in the cell as
    written) and how many rows are like it. In a column of `codes`, what was found is withheld from logs unless it
    looks like a slip of a code (collection.code_shown: a UPN, a date or a reference typed there is personal)."""
    if not bad.any():
        return
    first = frame[bad].iloc[0]
    more = int(bad.sum()) - 1
    value = (raw if raw is not None else frame).loc[first.name, column]
    child = _shown(first["child"]).strip("'") if pd.notna(first["child"]) else "without a Child Unique ID"
    looks_personal = codes is not None and not (
        _shown(value) == "nothing" or code_shown(value, codes, set(frame["child"].astype(str)))
    )
    raise InputError(
        path,
        problem,
        where=f"sheet {first['_sheet']!r}, row {first['_row']}, {{child}}, column '{spec.columns[column]}'",
        child=child,
        expected=expected,
        found=_shown(value) + (f" (and {more} more rows like it)" if more else ""),
        personal=is_personal(spec.columns[column]) or looks_personal,
    )


def _as_days(cells: pd.Series) -> pd.Series:
    """Each cell as a day: a date cell as it is, text written dd/mm/yyyy or yyyy-mm-dd; NaT otherwise."""
    is_date = cells.map(lambda v: isinstance(v, (datetime, date)))
    is_text = cells.map(lambda v: isinstance(v, str))
    days = pd.to_datetime(cells.where(is_date), errors="coerce").dt.normalize()
    text = cells.where(is_text).astype("string")
    british = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")
    return days.fillna(british).fillna(pd.to_datetime(text, format="%Y-%m-%d", errors="coerce"))


def check_list(path: Path, table: pd.DataFrame, spec: ListSpec, run_on: date) -> pd.DataFrame:
    """The list checked, its dates as days and its codes as codes."""
    _refuse(
        path, table, table["child"].isna(), "has a row without a child", "a Child Unique ID in every row", spec, "child"
    )
    checked = table.assign(child=table["child"].map(lambda v: str(int(v)) if isinstance(v, float) else str(v)))
    for column, blank_allowed in spec.dates.items():
        if column not in table:  # an optional column the list lacks
            continue
        days = _as_days(table[column])
        bad = days.isna() & ~(table[column].isna() & blank_allowed)
        _refuse(
            path,
            checked,
            bad,
            "has a date that is not a date",
            "a date (a date cell, or text written dd/mm/yyyy)" + (" or blank" if blank_allowed else ""),
            spec,
            column,
            table,
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
    if isinstance(value, Real) and not isinstance(value, bool) and value >= 0 and float(value).is_integer():
        return float(value)
    return float("nan")


def check_periods(path: Path, frame: pd.DataFrame, spec: ListSpec, raw: pd.DataFrame) -> None:
    """Ends not before starts, a reason given exactly when an end is, and a child's rows not overlapping."""
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
    ordered = frame.sort_values(["child", start], kind="stable")
    by_child = ordered.groupby("child")
    previous_end = by_child[end].shift()
    overlapping = (by_child.cumcount() > 0) & (previous_end.isna() | (ordered[start] < previous_end))
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
