"""The council's own figures, computed from its returns, written as rows of the DfE's published files.

For each figure of a whole reporting year, the registry (inputs/published/indicators/) says which file the DfE
publishes it in, which columns and which rows (filters): this module writes the council's row of
that file, so that `read_published` on a folder of these files gives the same figures the returns
gave. Where the registry computes a figure from counts (a numerator over a denominator, a count
per population) the row carries the counts, as the DfE's does, never the share: the readers give
them (`ssda903_counts`, `cin_counts`), and the population file the rates divide by is written too.
A share published as it is carries the children it counts where the reader gives them, else "x".

Two uses: a check that the computation agrees with the publication (tests/test_republish.py), and
a council sharing its provisional figures with its regional benchmarking group in the DfE's shape.
Nothing is suppressed here: `suppress_small_counts` applies when a table is published.

Not re-shaped, each with the reason (`Republished.not_reshaped`): a figure for a quarter (the DfE
publishes whole years), a publication of England only, a workbook or export (not the DfE's CSV
shape), a figure summed over several published rows, or one whose counts the reader does not give.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sefbook.inputs.published.registry import Indicator, Registry
from sefbook.inputs.published.rounding import half_up, shown
from sefbook.inputs.returns.cin_census.figures import cin_counts
from sefbook.inputs.returns.cin_census.read import read_cin_census
from sefbook.inputs.returns.collection import ComputedFigure
from sefbook.inputs.returns.ssda903.figures import ssda903_counts
from sefbook.inputs.returns.ssda903.read import read_ssda903

Counts = Mapping[tuple[str, int], Mapping[str, float]]  # (indicator, reporting year) -> {published column: count}

TIME_AND_COUNTRY = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
)
# The CLA publication's files (la_*, cla_*) put the council's name before its GSS code; the others after.
NAME_BEFORE_CODE = ("la_", "cla_")
# Columns a publication holds one label in for every row of the council's figures (as the DfE's files do).
LABELS = {
    "a1_children_in_need_assessments_*.csv": {"category": "Assessments"},
    "b1_children_in_need_*.csv": {"category": "Children in Need"},
    "c1_children_in_need_referrals_and_rereferrals_*.csv": {"category": "Referrals and Re-referrals"},
    "c4_children_in_need_section_47s_and_icpcs_*.csv": {
        "category": "Section 47s and Initial Child Protection Conferences"
    },
    "d3_cpps_subsequent_plan_*.csv": {"category": "Child Protection Plans which are a second or subsequent plan"},
    "d5_cpps_at31march_by_duration_*.csv": {"category": "Child Protection Plans by length of time"},
    "la_children_who_ceased_during_the_year*.csv": {"cla_group": "Reason episode ceased"},
    "la_children_who_started_to_be_looked_after_during_the_year*.csv": {
        "cla_group": "Unaccompanied asylum-seeking children"
    },
    "la_cla_on_31_march_by_characteristics*.csv": {"cla_group": "Unaccompanied asylum-seeking children"},
}
# Publications a council's row would not belong in.
NOT_REBUILT = {
    "national_cla_adopted_average_time_between_adoption_process_stages*.csv": "the DfE publishes the adoption timings for England only (a national series): a council's row is not "
    "the publication's shape",
}


@dataclass(frozen=True)
class Place:
    """The council, as the DfE's files name it."""

    old_la_code: str
    new_la_code: str
    la_name: str
    region_code: str
    region_name: str
    country_code: str = "E92000001"
    country_name: str = "England"


@dataclass(frozen=True)
class Republished:
    """The DfE-shaped files (file name -> rows), the indicators whose figures they carry, and those not re-shaped
    (indicator id -> why)."""

    files: dict[str, pd.DataFrame]
    reshaped: tuple[str, ...]
    not_reshaped: dict[str, str] = field(default_factory=dict)

    def write(self, folder: Path) -> list[Path]:
        """Write each file into `folder` (made if need be), as the DfE writes its CSVs."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, frame in self.files.items():
            paths.append(folder / name)
            frame.to_csv(paths[-1], index=False, encoding="utf-8")
        return paths


@dataclass
class _Rows:
    """The cells written so far: (file pattern, reporting year, the row's filter values) -> {column: text}."""

    cells: dict[tuple[str, int, tuple[tuple[str, str], ...]], dict[str, str]] = field(default_factory=dict)
    filters: dict[tuple[str, int, tuple[tuple[str, str], ...]], dict[str, str]] = field(default_factory=dict)

    def put(self, pattern: str, year: int, filters: Mapping[str, str], column: str, text: str) -> None:
        key = (pattern, year, tuple(sorted(filters.items())))
        self.filters.setdefault(key, dict(filters))  # in the registry's order, as the publication's columns run
        row = self.cells.setdefault(key, {})
        if row.get(column, "x") == "x":  # a count one figure does not give ("x"), another may
            row[column] = text
        elif text not in ("x", row[column]):  # two figures of one row disagree on a count: a reader's mistake
            raise ValueError(f"{pattern} {year} {dict(filters)}: {column} is both {row[column]} and {text}")


def as_published(
    figures: Iterable[ComputedFigure], counts: Counts, registry: Registry, place: Place, population: Mapping[int, float]
) -> Republished:
    """The council's whole-year `figures` as rows of the DfE's published files the registry reads them from.
    `counts`: the counts behind them (`returns_counts`); `population`: the council's children by mid-year, written
    as the population file its rates divide by."""
    rows, reshaped, not_reshaped = _Rows(), [], {}
    for figure in figures:
        indicator, behind = registry[figure.indicator], counts.get((figure.indicator, figure.time_period), {})
        reason = _why_not(figure, indicator, behind, registry, population)
        if reason is None:
            _put(rows, figure, indicator, behind, registry, population)
            reshaped.append(figure.indicator)
        elif figure.indicator not in reshaped:
            not_reshaped[figure.indicator] = reason
    reshaped = list(dict.fromkeys(reshaped))
    not_reshaped = {i: r for i, r in not_reshaped.items() if i not in reshaped}
    return Republished(_files(rows, place), tuple(reshaped), not_reshaped)


def _why_not(
    figure: ComputedFigure,
    indicator: Indicator,
    counts: Mapping[str, float],
    registry: Registry,
    population: Mapping[int, float],
) -> str | None:
    """Why this figure cannot be written as the DfE publishes it; None if it can."""
    src = indicator.source
    if figure.quarter:
        return "a quarter's figure: the DfE publishes whole reporting years"
    if indicator.computed_from:  # a returns-only indicator (the registry's returns_only)
        return "computed only from the council's returns: no publication sefbook reads has it for each council"
    if src is None:
        return "the council's own indicator: no published file"
    if src.layout is not None:
        return "published in a workbook or an export, not a DfE open-data CSV"
    if src.file[0] in NOT_REBUILT:
        return NOT_REBUILT[src.file[0]]
    operands = [op for op in (src.numerator, src.denominator) if op]
    if any(not isinstance(v, str) for f in [src.filters, *(op.filters for op in operands)] for v in f.values()):
        return "the published figure sums several rows, which one computed figure cannot be split into"
    needed = [c for op in operands for c in op.columns] + ([src.count] if src.count else [])
    missing = [c for c in needed if c not in counts]
    if missing:
        return f"the reader does not give the count{'s' if len(missing) > 1 else ''} it rests on ({', '.join(missing)})"
    if (
        src.population
        and src.population_year(registry.populations[src.population]) + figure.time_period not in population
    ):
        return f"no population for mid-{src.population_year(registry.populations[src.population]) + figure.time_period}"
    return None


def _put(
    rows: _Rows,
    figure: ComputedFigure,
    indicator: Indicator,
    counts: Mapping[str, float],
    registry: Registry,
    population: Mapping[int, float],
) -> None:
    """Write the figure's cells: the value as published, or the counts it is computed from (`_why_not` found none
    of the reasons it cannot be)."""
    src, year = indicator.source, figure.time_period
    if src is None:
        raise ValueError(f"{indicator.id} has no published file to write")
    home, src_filters = src.file[0], _one_value_each(src.filters)
    if src.value is not None:
        value = 100 - figure.value if src.complement else figure.value
        rows.put(home, year, src_filters, src.value, _printed(value, indicator, src.value_format))
        for column in src.suppression_counts or []:
            rows.put(home, year, src_filters, column, _count(counts[column]) if column in counts else "x")
    for op in (src.numerator, src.denominator):
        if op is not None:
            where, filters = (op.file[0] if op.file else home), {**src_filters, **_one_value_each(op.filters)}
            for column in op.columns:
                rows.put(where, year + op.period_offset, filters, column, _count(counts[column]))
    if src.count is not None:
        rows.put(home, year, src_filters, src.count, _count(counts[src.count]))
        if src.population is None:
            raise ValueError(f"{indicator.id} counts children but names no population to divide by")
        pop = registry.populations[src.population]
        mid_year = year + src.population_year(pop)
        rows.put(pop.file[0], mid_year, pop.filters, pop.value, _count(population[mid_year]))


def _one_value_each(filters: Mapping[str, str | list[str]]) -> dict[str, str]:
    """A figure's filters, each one value (`_why_not` refuses a figure that sums several rows)."""
    several = [name for name, value in filters.items() if not isinstance(value, str)]
    if several:
        raise ValueError(f"filters {several} take several values: the figure sums rows")
    return {name: value for name, value in filters.items() if isinstance(value, str)}


def _printed(value: float, indicator: Indicator, value_format: str) -> str:
    """The value to the decimals the publication prints (years:months for a duration so published)."""
    if value_format == "years_months":
        months = int(half_up(value))
        return f"{months // 12:02d}:{months % 12:02d}"
    return shown(value, indicator.decimals, thousands=False)


def _count(count: float) -> str:
    return str(int(count)) if float(count).is_integer() else repr(float(count))


def _files(rows: _Rows, place: Place) -> dict[str, pd.DataFrame]:
    """One DataFrame per file, its columns in the DfE's order: time and geography, labels, filters, measures."""
    by_pattern: dict[str, list[dict[str, str]]] = {}
    for (pattern, year, sorted_filters), cells in sorted(rows.cells.items()):
        geography = {
            "time_period": str(year),
            "time_identifier": "Reporting year",
            "geographic_level": "Local authority",
            "country_code": place.country_code,
            "country_name": place.country_name,
            "region_code": place.region_code,
            "region_name": place.region_name,
            "old_la_code": place.old_la_code,
            "new_la_code": place.new_la_code,
            "la_name": place.la_name,
        }
        by_pattern.setdefault(pattern, []).append(
            {**geography, **LABELS.get(pattern, {}), **rows.filters[(pattern, year, sorted_filters)], **cells}
        )
    files = {}
    for pattern, records in by_pattern.items():
        frame = pd.DataFrame(records)
        council = (
            ["old_la_code", "la_name", "new_la_code"]
            if pattern.startswith(NAME_BEFORE_CODE)
            else ["old_la_code", "new_la_code", "la_name"]
        )
        first = [*TIME_AND_COUNTRY, *council]
        frame = frame[first + [c for c in frame.columns if c not in first]].fillna("x")  # a cell no figure fills
        files[_file_name(pattern, frame["time_period"])] = frame
    return files


def _file_name(pattern: str, years: pd.Series) -> str:
    """The pattern's name, its wildcard the years the file covers (2024_to_2025), as the DfE names a series."""
    first, last = years.astype(int).min(), years.astype(int).max()
    span = str(first) if first == last else f"{first}_to_{last}"
    return pattern.replace("_*", f"_{span}").replace("*", "")


def returns_counts(folder: Path) -> dict[tuple[str, int], dict[str, float]]:
    """The counts behind the figures of every whole-year return in a returns folder (ssda903-<year>/,
    cin-<year>/), keyed by indicator and reporting year, for `as_published`."""
    found: dict[tuple[str, int], dict[str, float]] = {}
    censuses = {}
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        if sub.name.startswith("ssda903-") and "-to-" not in sub.name:
            ret = read_ssda903(sub)
            found |= {(indicator, ret.year): c for indicator, c in ssda903_counts(ret).items()}
        elif sub.name.startswith("cin-") and "-to-" not in sub.name:
            census = read_cin_census(sub)
            censuses[census.year] = census
    for year, census in censuses.items():  # a re-referral looks back to the year before's census
        found |= {(indicator, year): c for indicator, c in cin_counts(census, censuses.get(year - 1)).items()}
    return found
