"""How a published file that is not in the DfE's open-data shape is laid out: a workbook's sheet,
header row and columns (workbooks.py reads it), a Fingertips export's rows (fingertips.py).

The registry names a layout for each such indicator. The layouts are kept apart from their
readers, which need pandas, so that reading the registry does not: a rebuild after a narrative
edit reads the edition and the registry and never the data (build/words.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from sefbook.errors import InputError
from sefbook.inputs.files import Strict

Level = Literal["National", "Regional", "Local authority"]
Symbol = Literal["c", "x", "z", "u"]


class Period(Strict):
    """The period of a file that has no period column, read from its file name."""

    from_file_name: str  # one group: a year ("31_March_(\d{4})"); two: a financial year ("(\d{4})-(\d{2})")
    time_identifier: str = "Financial year"

    @field_validator("from_file_name")
    @classmethod
    def _one_or_two_groups(cls, pattern: str) -> str:
        try:
            groups = re.compile(pattern).groups
        except re.error as exc:
            raise ValueError(f"a regular expression ({exc})") from None
        if groups not in (1, 2):
            raise ValueError("a regular expression with one group (a year) or two (a financial year, 2024-25)")
        return pattern


def period_from_name(path: Path, period: Period) -> str:
    """The reporting year as the EES writes it: financial year 2024-25 -> "2025"; a year -> itself."""
    match = re.search(period.from_file_name, path.name)
    if not match:
        raise InputError(
            path,
            "has no period in its file name",
            expected=f"a name matching {period.from_file_name!r}",
            found=repr(path.name),
        )
    if len(match.groups()) == 1:
        if not re.fullmatch(r"\d{4}", match.group(1)):
            raise InputError(
                path,
                "has a year in its file name sefbook cannot read",
                expected="four digits",
                found=repr(match.group(1)),
            )
        return match.group(1)
    start, end = match.groups()
    if not (re.fullmatch(r"\d{4}", start) and end.isdigit() and (int(start) + 1) % 100 == int(end) % 100):
        raise InputError(
            path,
            "has a financial year in its file name sefbook cannot read",
            expected="consecutive years such as 2024-25",
            found=repr(match.group(0)),
        )
    return str(int(start) + 1)


class WorkbookLayout(Strict):
    """Where a table sits in a workbook and how to read it."""

    sheet: str  # a name, or a pattern such as "RSX_LA_Data_*" (the sheet name carries the year)
    header_row: int = Field(ge=1)  # the spreadsheet's row number, as a person sees it
    code_column: str  # the GSS code ("ONS Code"); the table ends at a blank code or a repeated header
    name_column: str | None = None  # only to name the row in error messages
    # Without a level column, the row with code E92000001 is England and every other row a council.
    level_column: str | None = None
    levels: dict[Level, list[str]] | None = None  # level -> the level column's values
    period: Period
    measures: list[str] = Field(min_length=1)  # headers, matched loosely; output columns keep these names
    symbols: dict[str, Symbol] = Field(default_factory=dict)  # the publisher's marker -> GSS symbol
    categories: dict[str, float] = Field(default_factory=dict)  # text -> number (Ofsted judgements -> grades)
    blank: Symbol | None = None  # what a blank cell means; by default a blank is an error
    # The day each row's figures describe, where the publisher gives one (Ofsted's "Inspection date"):
    # a judgement as at 31 March may come from an inspection years before, and is printed with its date.
    date_column: str | None = None

    @model_validator(mode="after")
    def _levels_need_a_column(self) -> WorkbookLayout:
        if (self.level_column is None) != (self.levels is None):
            raise ValueError("level_column and levels go together")
        return self


class FingertipsLayout(Strict):
    """Which rows of a Fingertips export make the indicator, and what their area types are."""

    indicator_id: int
    filters: dict[str, str] = Field(
        default_factory=dict
    )  # column -> value, e.g. Sex: Persons, Category Type: "" (the headline rows)
    levels: dict[Level, list[str]]  # level -> Area Type values; rows of other area types are left out
    measures: list[str] = Field(default=["Value", "Count", "Denominator"], min_length=1)
    blank: Symbol = "x"  # a blank measure: not presented (its Value note says why)
    symbols: dict[str, Symbol] = Field(
        default_factory=dict
    )  # markers in measure cells, should an export ever carry any
