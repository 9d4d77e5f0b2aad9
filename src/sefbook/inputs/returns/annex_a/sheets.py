"""A workbook's sheets matched to Annex A's lists by name, and each list's header row found below its title rows."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from sefbook.errors import InputError
from sefbook.inputs.returns.annex_a.lists import HEADER_SEARCH_ROWS, LIST_NAMES, REQUIRED_LISTS, ListSpec


def _normal(text: object) -> str:
    """A header or sheet name as compared: lower case, one space between words, straight apostrophes."""
    return re.sub(r"\s+", " ", str(text).replace("\u2019", "'").replace("_", " ")).strip().lower()


def _list_number(sheet: str) -> int | None:
    """The list a sheet holds, by its number or its name."""
    name = _normal(sheet)
    numbered = re.match(r"^list\s*-?\s*0*(\d+)\b", name)
    if numbered:
        return int(numbered[1])
    return next((number for number, names in LIST_NAMES.items() if name in names), None)


def list_sheets(path: Path, names: list[str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for sheet in names:
        number = _list_number(sheet)
        if number is None:
            continue
        if number in found:
            raise InputError(
                path,
                f"has two sheets for List {number}",
                expected="one sheet per list",
                found=f"{found[number]!r} and {sheet!r}",
            )
        found[number] = sheet
    for number in REQUIRED_LISTS:
        if number not in found:
            raise InputError(
                path,
                f"has no List {number} ({LIST_NAMES[number][0]})",
                expected=f"a sheet named 'List {number}' or {LIST_NAMES[number][0]!r}",
                found="sheets " + ", ".join(repr(s) for s in names),
            )
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
    raise InputError(
        path,
        f"has no header row with List {spec.number}'s columns",
        where=f"sheet {sheet!r}" + (f", row {best + 1}" if len(best_missing) < len(wanted) else ""),
        expected="columns " + ", ".join(n for k, n in spec.columns.items() if k not in spec.optional),
        found="no column " + ", ".join(repr(n) for n in names),
    )


def list_table(path: Path, sheet: str, raw: pd.DataFrame, spec: ListSpec) -> pd.DataFrame:
    """The list's columns (as sefbook names them), text stripped, each row with its row in the workbook."""
    header = _header_row(path, sheet, raw, spec)
    positions = {_normal(v): j for j, v in reversed(list(enumerate(raw.iloc[header]))) if isinstance(v, str)}
    body = raw.iloc[header + 1 :]
    table = pd.DataFrame(
        {
            key: body.iloc[:, positions[_normal(name)]]
            for key, name in spec.columns.items()
            if _normal(name) in positions
        }
    )  # an optional column may be absent
    table = table.map(lambda v: v.strip() or None if isinstance(v, str) else v)  # "  " is blank
    table = table[table.notna().any(axis=1)]  # blank rows between and after
    return table.assign(_row=table.index + 1, _sheet=sheet)
