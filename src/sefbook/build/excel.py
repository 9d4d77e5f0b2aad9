"""tables.xlsx, written beside the report (build/manifest.py lists the files): the report's
performance tables for a spreadsheet, one sheet per section as the report shows it, and a
"figures" sheet holding figures.csv's rows (build/provenance.py).

A figure is a number with the number format it is printed in (16.8 shown as 16.8%, never the
text "16.8%"), so it sorts, sums and charts; a symbol (c, x, z, low) is text, never a zero.
Every row names the file and row its council's figure was read from.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from sefbook.analysis.assess import assess
from sefbook.build.provenance import COLUMNS, figure_rows
from sefbook.inputs.load import Inputs
from sefbook.inputs.published.registry import Indicator
from sefbook.inputs.published.rounding import half_up
from sefbook.render.parts import SECTION_NOTEBOOK, report_parts
from sefbook.render.section import SectionView

FIGURES_SHEET = "figures"
MAX_SHEET_NAME = 31  # Excel's limit
_NOT_IN_A_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def number_format(indicator: Indicator | None) -> str:
    """The Excel format a figure is printed in: its decimals, a percent sign on a percentage
    (the number stays 16.8, as published, not 0.168), thousands separated."""
    decimals = indicator.decimals if indicator else 1
    digits = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return digits + '"%"' if indicator and indicator.unit == "percent" else digits


def sheet_names(titles: list[str]) -> list[str]:
    """Sheet names for these titles: at most 31 characters, none of []:*?/\\, each unique
    (case aside, as Excel compares them), and none named like the figures sheet."""
    taken, names = {FIGURES_SHEET}, []
    for title in titles:
        base = " ".join(_NOT_IN_A_SHEET_NAME.sub(" ", title).split()).strip(" '")[:MAX_SHEET_NAME].strip() or "Sheet"
        name, n = base, 2
        while name.lower() in taken:
            suffix = f" ({n})"
            name, n = base[: MAX_SHEET_NAME - len(suffix)] + suffix, n + 1
        taken.add(name.lower())
        names.append(name)
    return names


@dataclass(frozen=True)
class _Figure:
    """A number and the Excel format it is printed in."""

    value: float
    format: str


class _Book:
    """tables.xlsx being written: xlsxwriter keeps one format object per number format, made once."""

    def __init__(self, path: Path):
        self.workbook = xlsxwriter.Workbook(str(path))
        self.bold = self.workbook.add_format({"bold": True})
        self._formats: dict[str, object] = {}

    def number_format(self, fmt: str):
        if fmt not in self._formats:
            self._formats[fmt] = self.workbook.add_format({"num_format": fmt})
        return self._formats[fmt]

    def sheet(self, name: str, columns: list[str]) -> Worksheet:
        """A sheet with its header row in bold."""
        ws = self.workbook.add_worksheet(name)
        for col, title in enumerate(columns):
            ws.write_string(0, col, title, self.bold)
        return ws

    def write_row(self, ws: Worksheet, row: int, cells: list) -> None:
        """A figure as a number in its format, other numbers as numbers, text as text (never read as
        a formula); an empty cell is left out."""
        for col, cell in enumerate(cells):
            if cell is None or cell == "":
                continue
            if isinstance(cell, _Figure):
                ws.write_number(row, col, cell.value, self.number_format(cell.format))
            elif isinstance(cell, str):
                ws.write_string(row, col, cell)
            else:
                ws.write_number(row, col, cell)


def _shown_or_number(ind: Indicator, value: float, shown: str, fmt: str):
    """A comparator as a number in its format, or the report's text where it prints no number
    (a symbol, a dash for a count not compared, "7 of 10 good or better" for a judgement)."""
    if ind.unit == "grade" or math.isnan(value) or shown in ("–", "x", ""):
        return shown
    return _Figure(float(value), fmt)


def _council(ind: Indicator, value: float, symbol: str, shown: str, fmt: str):
    """The council's figure as a number in its format; its symbol, or a judgement's words, as text."""
    if symbol or ind.unit == "grade" or math.isnan(value):
        return shown
    return _Figure(float(value), fmt)


def _section_sheet(book: _Book, name: str, view: SectionView) -> None:
    inputs = view.inputs
    c = inputs.edition.config
    columns = [
        "Indicator",
        "Indicator id",
        "Period",
        c.la_name,
        "Provisional",
        "Year before",
        "Change",
        "Neighbours (mean)",
        "Neighbours with a figure",
        c.region_name,
        "England",
        "Rank",
        "Rank of",
        "Quartile",
        "Not ranked because",
        "On the year",
        "Over three years",
        "Headline",
        "Source file",
        "Source row",
    ]
    ws = book.sheet(name, columns)
    for col, width in enumerate((48, 24, 14, 12, 11, 12, 10, 12, 12, 12, 12, 7, 8, 9, 30, 13, 13, 20, 48, 10)):
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 2)
    for number, shown in enumerate(view.performance_rows(), start=1):
        ind = inputs.registry[shown["id"]]
        r = assess(inputs, ind).row
        fmt = number_format(ind)
        graded = ind.unit == "grade"
        latest = _council(ind, r.latest, r.latest_symbol, shown["latest"], fmt)
        previous = _council(ind, r.previous, r.previous_symbol, shown["previous"], fmt)
        # the change between the figures as printed, as the report's Change column works it out
        change = (
            shown["change"]
            if graded or not shown["change"]
            else _Figure(
                float(half_up(half_up(r.latest, ind.decimals) - half_up(r.previous, ind.decimals), ind.decimals)),
                fmt.replace('"%"', '" points"'),
            )
        )
        book.write_row(
            ws,
            number,
            [
                shown["title"] + (f" ({shown['unit_label']})" if shown["unit_label"] else ""),
                ind.id,
                shown["period"],
                latest,
                "yes" if shown["provisional"] else "",
                previous,
                change,
                _shown_or_number(ind, r.neighbours_mean, shown["neighbours"], fmt),
                int(r.neighbours_count),
                _shown_or_number(ind, r.region, shown["region"], fmt),
                _shown_or_number(ind, r.england, shown["england"], fmt),
                *(
                    ("", "", "")
                    if not shown["rank"]
                    else (int(r.rank), int(r.rank_of), "" if math.isnan(r.quartile) else int(r.quartile))
                ),
                shown["not_ranked"],
                shown["direction_text"],
                shown["three_years"],
                shown["headline_text"],
                r.source_file,
                int(r.source_row) or "",
            ],
        )


def _figures_sheet(book: _Book, inputs: Inputs) -> None:
    ws = book.sheet(FIGURES_SHEET, COLUMNS)
    ws.freeze_panes(1, 0)
    registry = inputs.registry
    formats: dict[str, str] = {}
    for number, row in enumerate(figure_rows(inputs), start=1):
        ind_id, value = str(row["indicator_id"]), row["value"]
        if ind_id not in formats:
            formats[ind_id] = number_format(registry.get(ind_id, None))
        book.write_row(
            ws,
            number,
            [
                _Figure(value, formats[ind_id])
                if column == "value" and isinstance(value, int | float)
                else row.get(column)
                for column in COLUMNS
            ],
        )


def write_tables(path: Path, inputs: Inputs) -> None:
    """tables.xlsx: a sheet for each section's performance table, in the report's order, and the
    figures sheet (figures.csv's rows, `value` a number)."""
    book = _Book(path)
    # the sections in the report's order, named with the number its contents give them
    views = [
        SectionView(inputs.edition.section(part.name), inputs, number=part.number or 0)  # a section's part has one
        for part in report_parts(inputs)
        if part.notebook == SECTION_NOTEBOOK
    ]
    views = [v for v in views if v.indicators]  # a chapter of prose has no table
    for view, name in zip(views, sheet_names([f"{v.number} {v.section.title}" for v in views])):
        _section_sheet(book, name, view)
    _figures_sheet(book, inputs)
    book.workbook.close()
