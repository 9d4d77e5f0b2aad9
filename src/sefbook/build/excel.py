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
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from sefbook.analysis.assess import assess
from sefbook.build.provenance import COLUMNS, figure_rows
from sefbook.inputs.load import Inputs
from sefbook.inputs.registry import Indicator
from sefbook.inputs.rounding import half_up
from sefbook.render.parts import SECTION_NOTEBOOK, report_parts
from sefbook.render.section import SectionView

FIGURES_SHEET = "figures"
MAX_SHEET_NAME = 31  # Excel's limit
_NOT_IN_A_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_BOLD = Font(bold=True)


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
            name, n = base[:MAX_SHEET_NAME - len(suffix)] + suffix, n + 1
        taken.add(name.lower())
        names.append(name)
    return names


def _figure(ws, value: float, fmt: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = fmt
    return cell


def _header(ws, columns: list[str]) -> list[WriteOnlyCell]:
    cells = [WriteOnlyCell(ws, value=c) for c in columns]
    for cell in cells:
        cell.font = _BOLD
    return cells


def _shown_or_number(ws, ind: Indicator, value: float, shown: str, fmt: str):
    """A comparator as a number in its format, or the report's text where it prints no number
    (a symbol, a dash for a count not compared, "7 of 10 good or better" for a judgement)."""
    if ind.unit == "grade" or math.isnan(value) or shown in ("–", "x", ""):
        return shown
    return _figure(ws, float(value), fmt)


def _council(ws, ind: Indicator, value: float, symbol: str, shown: str, fmt: str):
    """The council's figure as a number in its format; its symbol, or a judgement's words, as text."""
    if symbol or ind.unit == "grade" or math.isnan(value):
        return shown
    return _figure(ws, float(value), fmt)


def _section_sheet(wb: Workbook, name: str, view: SectionView) -> None:
    inputs = view.inputs
    c = inputs.edition.config
    ws = wb.create_sheet(name)
    columns = ["Indicator", "Indicator id", "Period", c.la_name, "Provisional", "Year before", "Change",
               "Neighbours (mean)", "Neighbours with a figure", c.region_name, "England", "Rank", "Rank of",
               "Quartile", "Not ranked because", "On the year", "Over three years", "Headline",
               "Source file", "Source row"]
    for letter, width in zip("ABCDEFGHIJKLMNOPQRST", (48, 24, 14, 12, 11, 12, 10, 12, 12, 12, 12, 7, 8, 9, 30,
                                                          13, 13, 20, 48, 10)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "C2"
    ws.append(_header(ws, columns))
    for shown in view.performance_rows():
        ind = inputs.registry[shown["id"]]
        r = assess(inputs, ind).row
        fmt = number_format(ind)
        graded = ind.unit == "grade"
        latest = _council(ws, ind, r.latest, r.latest_symbol, shown["latest"], fmt)
        previous = _council(ws, ind, r.previous, r.previous_symbol, shown["previous"], fmt)
        # the change between the figures as printed, as the report's Change column works it out
        change = shown["change"] if graded or not shown["change"] else _figure(
            ws, float(half_up(half_up(r.latest, ind.decimals) - half_up(r.previous, ind.decimals), ind.decimals)),
            number_format(ind).replace('"%"', '" points"'))
        ws.append([None if cell == "" else cell for cell in [
            shown["title"] + (f" ({shown['unit_label']})" if shown["unit_label"] else ""), ind.id, shown["period"],
            latest, "yes" if shown["provisional"] else "", previous, change,
            _shown_or_number(ws, ind, r.neighbours_mean, shown["neighbours"], fmt), int(r.neighbours_count),
            _shown_or_number(ws, ind, r.region, shown["region"], fmt),
            _shown_or_number(ws, ind, r.england, shown["england"], fmt),
            *(("", "", "") if not shown["rank"] else (int(r.rank), int(r.rank_of),
                                                     "" if math.isnan(r.quartile) else int(r.quartile))),
            shown["not_ranked"], shown["direction_text"], shown["three_years"], shown["headline_text"],
            r.source_file, int(r.source_row) or "",
        ]])


def _figures_sheet(wb: Workbook, inputs: Inputs) -> None:
    ws = wb.create_sheet(FIGURES_SHEET)
    ws.freeze_panes = "A2"
    ws.append(_header(ws, COLUMNS))
    registry = inputs.registry
    formats = {}
    for row in figure_rows(inputs):
        ind_id = row["indicator_id"]
        if ind_id not in formats:
            formats[ind_id] = number_format(registry[ind_id] if ind_id in registry else None)
        value = row["value"]
        # an empty cell is left out (None), not written as an empty string: half the time of the sheet
        ws.append([_figure(ws, value, formats[ind_id]) if column == "value" and value != ""
                   else None if row.get(column, "") == "" else row[column] for column in COLUMNS])


def write_tables(path: Path, inputs: Inputs) -> None:
    """tables.xlsx: a sheet for each section's performance table, in the report's order, and the
    figures sheet (figures.csv's rows, `value` a number)."""
    wb = Workbook(write_only=True)  # streamed: a pack's ten thousand figures in a fraction of a second
    # the sections in the report's order, named with the number its contents give them
    views = [SectionView(inputs.edition.section(part.name), inputs, number=part.number)
             for part in report_parts(inputs) if part.notebook == SECTION_NOTEBOOK]
    views = [v for v in views if v.indicators]  # a chapter of prose has no table
    for view, name in zip(views, sheet_names([f"{v.number} {v.section.title}" for v in views])):
        _section_sheet(wb, name, view)
    _figures_sheet(wb, inputs)
    wb.save(path)
