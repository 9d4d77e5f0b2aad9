"""The checks every reader of a council's returns makes, and the one way a bad value is refused.

A bad value is refused at its first row (or element): the message names the file, where the value is in that
return's own terms (row and column; line and element; sheet, row and column), the child, what was expected and
what was found, and how many more are like it. What was found is withheld from logs where its field is personal
data, or where a coded field holds something that does not look like a slip of a code (collection.code_shown: a
UPN, a date or a child's reference typed there).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from sefbook.errors import InputError
from sefbook.inputs.returns.collection import code_shown, is_personal


@dataclass(frozen=True)
class Naming:
    """How one kind of return names the place of a bad value in its messages."""

    where: Callable[[pd.Series, str], str]  # the first bad row and its field: "row 6, {child}, column LS"
    child: Callable[[pd.Series], str]  # that row's child, as the message names it
    day_format: str  # how the return writes a day: a date found is shown so
    like_it: str = "rows like it"  # "(and 2 more rows like it)"
    label: Callable[[str], str] = str  # a field's name as the file writes it (for is_personal)
    children: Callable[[pd.DataFrame], Collection[str]] = lambda frame: set(frame["child"].astype(str))


def shown(value: object, day_format: str) -> str:
    """A value found, as a message shows it: quoted, a day as the return writes one, "nothing" for a blank."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]  # a cell: any scalar
        return "nothing"
    if isinstance(value, (datetime, date)):
        return repr(value.strftime(day_format))
    return repr(value)


def refuse_first(
    path: Path,
    frame: pd.DataFrame,
    bad: pd.Series,
    problem: str,
    expected: str,
    field: str,
    naming: Naming,
    *,
    cells: pd.DataFrame | None = None,
    codes: Collection[str] | None = None,
    children: Collection[str] | None = None,
) -> None:
    """Refuse the return at the first bad row, if any. `cells`: the rows as written, where `frame` holds them
    converted; `codes`: the field is coded, so what was found is shown only if it looks like a slip of a code
    (`children`, the references it must not be; by default the frame's children)."""
    if not bad.any():
        return
    first = frame[bad].iloc[0]
    more = int(bad.sum()) - 1
    value = cells[field].get(first.name) if cells is not None else first.get(field)
    found = shown(value, naming.day_format)
    looks_personal = (
        codes is not None
        and found != "nothing"
        and not code_shown(value, codes, naming.children(frame) if children is None else children)
    )
    raise InputError(
        path,
        problem,
        where=naming.where(first, field),
        child=naming.child(first),
        expected=expected,
        found=found + (f" (and {more} more {naming.like_it})" if more else ""),
        personal=is_personal(naming.label(field)) or looks_personal,
    )


def overlapping_periods(frame: pd.DataFrame, start: str, end: str) -> tuple[pd.DataFrame, pd.Series]:
    """Each child's periods (episodes, plans, assessments) in order of start, and which of them starts
    before the one before it ended, or after one that never ended."""
    ordered = frame.sort_values(["child", start], kind="stable")
    by_child = ordered.groupby("child")
    previous_end = by_child[end].shift()
    return ordered, (by_child.cumcount() > 0) & (previous_end.isna() | (ordered[start] < previous_end))


def written_as(day_format: str) -> Callable[[pd.Series], pd.Series]:
    """Text written in `day_format` as days (NaT where it is not one), as a CSV or XML return writes them."""
    return lambda values: pd.to_datetime(values, format=day_format, errors="coerce")


def cells_as_days(cells: pd.Series) -> pd.Series:
    """A workbook's cells as days: a date cell as it is, text written dd/mm/yyyy or yyyy-mm-dd; NaT otherwise."""
    is_date = cells.map(lambda v: isinstance(v, (datetime, date)))
    is_text = cells.map(lambda v: isinstance(v, str))
    days = pd.to_datetime(cells.where(is_date), errors="coerce").dt.normalize()
    text = cells.where(is_text).astype("string")
    british = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")
    return days.fillna(british).fillna(pd.to_datetime(text, format="%Y-%m-%d", errors="coerce"))


def check_days(
    path: Path,
    frame: pd.DataFrame,
    field: str,
    naming: Naming,
    *,
    parse: Callable[[pd.Series], pd.Series],
    expected: str,
    blank_allowed: bool,
    cells: pd.DataFrame | None = None,
) -> pd.Series:
    """The field's days; a value that is not one (or a blank where none is allowed) refused."""
    values = (cells if cells is not None else frame)[field]
    days = parse(values)
    blank = values.isna() | values.eq("")
    refuse_first(
        path,
        frame,
        days.isna() & ~(blank & blank_allowed),
        "has a date that is not a date",
        expected,
        field,
        naming,
        cells=cells,
    )
    return days


def check_codes(
    path: Path,
    frame: pd.DataFrame,
    field: str,
    naming: Naming,
    known: Collection[str],
    *,
    specification: str,
    year: int,
    blank_allowed: bool,
    children: Collection[str] | None = None,
) -> None:
    """A coded field's values are codes the return's specification knows for its collection year."""
    values = frame[field]
    blank = values.isna() | values.eq("")
    refuse_first(
        path,
        frame,
        ~values.isin(known) & ~(blank & blank_allowed),
        f"has a code the {specification} does not know",
        f"one of {', '.join(sorted(known))} (collection year {year})",
        field,
        naming,
        codes=known,
        children=children,
    )
