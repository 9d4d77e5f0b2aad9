"""One indicator judged for the report: its figures against the comparators and its headline."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar, cast

import pandas as pd

from sefbook.analysis.compare import (
    PerformanceRow,
    TableRows,
    comparator_series,
    comparison_table,
    neighbour_ranking,
    performance_row_of,
    periods_by_indicator,
    periods_of,
    table_rows,
)
from sefbook.analysis.headlines import Headline, classify, importance_of
from sefbook.analysis.small_numbers import base_of, council_bases, few_reason
from sefbook.inputs.load import Inputs
from sefbook.inputs.published.registry import Indicator

T = TypeVar("T")


@dataclass(frozen=True)
class Assessment:
    row: PerformanceRow  # a figure resting on few children has no rank or quartile here
    headline: Headline
    few: str = ""  # why the figure is not ranked or headlined: it rests on few children ("" when not)


def _once(inputs: Inputs, name: str, work_out: Callable[[], T]) -> T:
    """A result worked out from the inputs the first time it is asked for, and kept with them."""
    if name not in inputs.derived:
        inputs.derived[name] = work_out()
    return cast(T, inputs.derived[name])  # kept under this name by this function alone


def indicators_present(inputs: Inputs) -> frozenset[str]:
    """The indicators the table holds any row of (found once: a pack's table has 120,000 rows)."""
    return _once(inputs, "present", lambda: frozenset(inputs.table["indicator"].unique()))


def comparisons(inputs: Inputs) -> pd.DataFrame:
    """Every comparison for the report's council, computed once (one vectorised pass) and kept
    with the inputs: tables, charts, headlines and figures.csv all read these."""
    return _once(inputs, "comparisons", lambda: _comparisons(inputs))


def _comparisons(inputs: Inputs) -> pd.DataFrame:
    registry = inputs.registry
    indicators = [registry.get(i, i) for i in sorted(indicators_present(inputs))]
    # what any council's comparisons read of the table (its rows by area, every council's ranks):
    # worked out once for all the packs a process builds
    key = "rows " + repr([(i,) if isinstance(i, str) else (i.id, i.ranked, i.polarity, i.unit) for i in indicators])
    if key not in inputs.shared:
        inputs.shared[key] = table_rows(inputs.table, indicators)
    return comparison_table(inputs.table, inputs.place, indicators, rows=cast(TableRows, inputs.shared[key]))


def neighbour_rows(inputs: Inputs) -> pd.DataFrame:
    """The council's and its statistical neighbours' rows: what a ranking among them reads,
    picked out of the table once per report rather than once per chart."""
    table, place = inputs.table, inputs.place
    return _once(
        inputs, "neighbour_rows", lambda: table[table["area_code"].isin((place.la_code, *place.neighbour_codes))]
    )


def bases(inputs: Inputs) -> pd.Series:
    """The count each of the council's figures rests on (analysis/small_numbers.py), found once."""
    return _once(inputs, "bases", lambda: council_bases(inputs.table, inputs.place.la_code))


def derive(inputs: Inputs) -> Inputs:
    """Every result derived from the inputs, worked out now (for inputs that several parts share)."""
    for work_out in (indicators_present, comparisons, neighbour_rows, bases):
        work_out(inputs)
    return inputs


def ranking_among_neighbours(inputs: Inputs, indicator: Indicator, period: int) -> pd.DataFrame:
    """The council among its statistical neighbours in one period (see neighbour_ranking)."""
    return neighbour_ranking(neighbour_rows(inputs), indicator, inputs.place, period)


def indicator_series(inputs: Inputs, indicator: Indicator) -> pd.DataFrame:
    """One indicator's comparisons, one row per period."""
    return comparator_series(inputs.table, indicator, inputs.place, comparisons(inputs))


def assess(inputs: Inputs, indicator: Indicator) -> Assessment:
    """The council's figures for one indicator and its headline. A figure resting on fewer than
    `few_children` children loses its rank and is no headline; nor is a background indicator
    (importance 3) unless the edition pins it. Worked out once per report and indicator: the
    table, the headlines, figures.csv and tables.xlsx each ask."""
    assessed: dict[str, tuple[Indicator, Assessment]] = _once(inputs, "assessments", dict)
    kept = assessed.get(indicator.id)
    if kept is None or kept[0] != indicator:  # an indicator changed under the same id is judged again
        kept = assessed[indicator.id] = (indicator, _assess(inputs, indicator))
    return kept[1]


def _assess(inputs: Inputs, indicator: Indicator) -> Assessment:
    config = inputs.edition.config
    rules = config.headlines
    every = _once(inputs, "periods", lambda: periods_by_indicator(comparisons(inputs)))
    row = performance_row_of(indicator, every.get(indicator.id) or periods_of(comparisons(inputs).iloc[:0]))
    headline = classify(row, rules)
    has_figure = row.period is not None and not math.isnan(row.latest)  # a symbol is no figure, few or many
    few = few_reason(base_of(bases(inputs), indicator, row.period), config.few_children) if has_figure else ""
    if few:
        row = replace(row, rank=math.nan, quartile=math.nan)
    weightless = importance_of(indicator, rules) == 3 and indicator.id not in rules.pin
    if (few or weightless) and headline in (Headline.highlight, Headline.targeted):
        headline = Headline.neither
    return Assessment(row, headline, few)


def section_indicators(inputs: Inputs, section: str) -> list[Indicator]:
    """The indicators a section shows: those it lists (or the registry's for it) that have data."""
    registry, present = inputs.registry, indicators_present(inputs)
    return [registry[i] for i in inputs.edition.indicator_ids(section, registry) if i in present]
