"""Where every figure came from, written beside the report (build/manifest.py lists the files).

figures.csv: every figure the report shows, one row each, traceable to its file and row. One
row per indicator and period charted for the council (the table's latest and previous year
are among them), with the comparator values shown beside it and where the council's value came
from; after it, one row for each statistical neighbour's figure that period (area_kind
"neighbour"), so a neighbour's figure is a row to filter, chart or join, not a column to parse.
`value_shown` is the figure as the report prints it (a symbol as the symbol); `value` is the
number as read, empty for a symbol: a symbol is never a zero.
"""

from __future__ import annotations

import csv
import functools
import math
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sefbook.analysis.assess import assess, bases, comparisons, neighbour_rows, section_indicators
from sefbook.analysis.small_numbers import base_of, few_reason
from sefbook.inputs.load import Inputs
from sefbook.render.formatting import format_value, judged_good

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = [
    "section",
    "indicator_id",
    "indicator",
    "la_code",
    "old_la_code",
    "la_name",
    # whose figure the row is: the report's council ("council") or one of its statistical neighbours ("neighbour")
    "area_kind",
    "area_code",
    "area_name",
    "time_period",
    "value_shown",
    "value",
    "symbol",
    "provisional",
    "neighbours_mean",
    "neighbours_median",
    "neighbours_with_figure",
    "region",
    "england",
    "rank",
    "rank_of",
    "quartile",
    "headline",
    "source_file",
    "source_row",
    # an Ofsted judgement: the inspection's date and the neighbours judged good or better (its
    # region's and England's councils are counted so in "region" and "england", as the table prints them)
    "inspected",
    "neighbours_good_or_better",
    # why a figure has no rank though councils are ranked: it rests on few children (as the table says)
    "not_ranked_because",
]


def _number(value: float, symbol: str) -> int | float | str:
    """A figure as read, for `value` (61672, not 61672.0): empty for a symbol or a figure not there, never a zero."""
    if symbol or value is None or math.isnan(value):
        return ""
    # to 15 significant figures, all a spreadsheet holds: a rate sefbook computed from counts means no more,
    # and figures.csv and tables.xlsx then hold the same number (published figures are shorter)
    value = float(f"{float(value):.15g}")
    return int(value) if value.is_integer() else value


def _shown(ind, value: float) -> str:
    return "" if math.isnan(value) else format_value(ind, value)


def _records(frame: pd.DataFrame) -> list[dict]:
    """The frame's rows as dicts of Python values, as to_dict("records") gives them, read a column
    at a time: to_dict boxes a string column's cells one by one."""
    columns = {name: frame[name].tolist() for name in frame.columns}
    return [dict(zip(columns, values)) for values in zip(*columns.values())]


def _neighbour_figures(inputs: Inputs) -> dict[tuple[str, int], list[dict]]:
    """Each neighbour's row of the table for each indicator and period, in the order the
    neighbour model lists them (the table's last row for an area, as the comparisons read it)."""
    codes = inputs.place.neighbour_codes
    rows = neighbour_rows(inputs)
    rows = rows[rows["area_code"].isin(codes)].drop_duplicates(["indicator", "time_period", "area_code"], keep="last")
    order = {code: n for n, code in enumerate(codes)}
    found: dict[tuple[str, int], list[dict]] = {}
    for record in sorted(_records(rows), key=lambda r: order[r["area_code"]]):
        found.setdefault((record["indicator"], int(record["time_period"])), []).append(record)
    return found


def figure_rows(inputs: Inputs) -> list[dict[str, object]]:
    """figures.csv's rows (worked out once per report: tables.xlsx's figures sheet holds the same)."""
    if "figure rows" not in inputs.derived:
        inputs.derived["figure rows"] = _figure_rows(inputs)
    return cast(list[dict[str, object]], inputs.derived["figure rows"])  # kept under this name here alone


def _figure_rows(inputs: Inputs) -> list[dict[str, object]]:
    place, config = inputs.place, inputs.edition.config
    neighbours = _neighbour_figures(inputs)
    # every indicator's comparisons, one period to a row, read out of the table once: asked for one
    # indicator at a time, a pack's hundred indicators are slow
    series_of: dict[str, list[tuple[int, dict]]] = {}
    table = comparisons(inputs)
    for (indicator_id, period), record in zip(table.index, _records(table)):
        series_of.setdefault(indicator_id, []).append((period, record))
    rows = []
    for section in inputs.edition.section_names:
        for ind in section_indicators(inputs, section):
            series = series_of.get(ind.id, [])
            latest_headline = assess(inputs, ind).headline
            shown = functools.partial(_shown, ind)
            graded = ind.unit == "grade"  # a category: comparators counted, never averaged
            for period, s in series:
                few = few_reason(base_of(bases(inputs), ind, period), config.few_children) if ind.ranked else ""
                rows.append(
                    {
                        "section": section,
                        "indicator_id": ind.id,
                        "indicator": ind.title,
                        "la_code": place.la_code,
                        "old_la_code": config.old_la_code,
                        "la_name": place.la_name,
                        "area_kind": "council",
                        "area_code": place.la_code,
                        "area_name": place.la_name,
                        "time_period": period,
                        "value_shown": format_value(ind, s["council"], s["council_symbol"]),
                        "value": _number(s["council"], s["council_symbol"]),
                        "symbol": s["council_symbol"],
                        "provisional": "yes" if s["provisional"] else "",
                        "neighbours_mean": shown(s["neighbours_mean"]),
                        "neighbours_median": shown(s["neighbours_median"]),
                        "neighbours_with_figure": int(s["neighbours_count"]),
                        "region": judged_good(s["region_good"], s["region_judged"]) if graded else shown(s["region"]),
                        "england": judged_good(s["england_good"], s["england_judged"])
                        if graded
                        else shown(s["england"]),
                        "rank": "" if few or math.isnan(s["rank"]) else int(s["rank"]),
                        "rank_of": "" if few or math.isnan(s["rank_of"]) else int(s["rank_of"]),
                        "quartile": "" if few or math.isnan(s["quartile"]) else int(s["quartile"]),
                        "headline": latest_headline if period == series[-1][0] else "",
                        "source_file": s["source_file"],
                        "source_row": int(s["source_row"]) or "",
                        "inspected": s["date"] if graded else "",
                        "neighbours_good_or_better": judged_good(s["neighbours_good"], int(s["neighbours_count"]))
                        if graded
                        else "",
                        "not_ranked_because": few,
                    }
                )
                rows.extend(
                    {
                        "section": section,
                        "indicator_id": ind.id,
                        "indicator": ind.title,
                        "la_code": place.la_code,
                        "old_la_code": config.old_la_code,
                        "la_name": place.la_name,
                        "area_kind": "neighbour",
                        "area_code": n["area_code"],
                        "area_name": n["area_name"],
                        "time_period": period,
                        "value_shown": format_value(ind, n["value"], n["symbol"]),
                        "value": _number(n["value"], n["symbol"]),
                        "symbol": n["symbol"] or ("x" if math.isnan(n["value"]) else ""),  # as value_shown prints it
                        "provisional": "yes" if n["provisional"] else "",
                        "source_file": n["source_file"],
                        "source_row": int(n["source_row"]) or "",
                        "inspected": (n.get("date") or "") if graded else "",
                    }
                    for n in neighbours.get((ind.id, period), [])
                )
    return rows


def write_figures(path: Path, inputs: Inputs) -> None:
    # utf-8-sig so that Excel, where most analysts will open it, reads the characters correctly
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)  # DictWriter's rows as lists made here: it checks each row's keys again
        writer.writerow(COLUMNS)
        writer.writerows([row.get(column, "") for column in COLUMNS] for row in figure_rows(inputs))
