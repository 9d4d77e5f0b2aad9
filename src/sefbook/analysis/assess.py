"""One indicator judged for the report: its figures against the comparators and its headline."""

from __future__ import annotations

from dataclasses import dataclass

from sefbook.analysis.compare import PerformanceRow, performance_row
from sefbook.analysis.headlines import Headline, classify
from sefbook.inputs.load import Inputs
from sefbook.inputs.registry import Indicator


@dataclass(frozen=True)
class Assessment:
    row: PerformanceRow
    headline: Headline


def assess(inputs: Inputs, indicator: Indicator) -> Assessment:
    row = performance_row(inputs.table, indicator, inputs.place)
    return Assessment(row, classify(row, inputs.edition.config.headlines))


def section_indicators(inputs: Inputs, section: str) -> list[Indicator]:
    """The indicators a section shows: those it lists (or the registry's for it) that have data."""
    registry, present = inputs.registry, set(inputs.table["indicator"])
    return [registry[i] for i in inputs.edition.indicator_ids(section, registry) if i in present]
