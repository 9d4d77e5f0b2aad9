"""Everything a build or a notebook reads, loaded and checked in one call.

`load_inputs` validates the edition, reads the indicator data into the canonical table and
finds the council, its region and its neighbours in that table; `load_pack_inputs` does the
same for any council from published files alone. The build calls them once before running any
notebook; a kernel's notebooks call them again, once for all its parts (sefbook/notebook.py).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pandas as pd

from sefbook.domain import Place, ReportKind
from sefbook.errors import InputError, refuse_all
from sefbook.inputs.edition.config import EditionConfig
from sefbook.inputs.edition.contents import Edition
from sefbook.inputs.edition.read import load_edition
from sefbook.inputs.pack import Pack
from sefbook.inputs.published.neighbours import find_neighbour_model
from sefbook.inputs.published.reader import (
    PublishedData,
    code_notes,
    read_local_figures,
    read_published,
    suppress_small_counts,
)
from sefbook.inputs.published.registry import Registry, default_registry
from sefbook.inputs.sections import SECTIONS
from sefbook.paths import EDITION_FILE

if TYPE_CHECKING:  # read only with returns: imported where they are read
    from sefbook.inputs.returns.folder import LeftOut

POPULATION_INDICATOR = "child_population"  # children aged 0 to 17: the base of every rate per 10,000


@dataclass(frozen=True)
class Inputs:
    kind: ReportKind
    edition: Edition | Pack  # the edition read, or a pack's made from the data (kind says which)
    registry: Registry
    table: pd.DataFrame
    place: Place
    data_dir: Path
    period: str = ""  # for a quarterly report, the quarter such as "2025-Q2"; otherwise ""
    files_read: tuple[Path, ...] = ()  # the data files the table was read from
    left_out: dict[str, str] = field(default_factory=dict)  # indicator id -> why its file could not be read
    absent: dict[str, str] = field(default_factory=dict)  # indicator id -> the files looked for, not in the folder
    notes: tuple[str, ...] = ()  # what the reader should know of the data (said by the build, in About the figures)
    returns_left_out: tuple[LeftOut, ...] = ()  # figures the council's returns could give but do not, with why
    # Results later floors derive from these inputs once per report (the comparisons), kept here
    # so that every table, chart and headline reads the same ones. Filled by sefbook.analysis.
    derived: dict[str, object] = field(default_factory=dict, compare=False, repr=False)
    # Results worked out from the table alone, the same for any council (see PublishedData.shared):
    # shared by inputs read from one table. Inputs given another table need a new one (replace(...,
    # shared={})), as they need new derived results.
    shared: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def name(self) -> str:
        """The report's folder name under the output folder."""
        if self.kind is ReportKind.pack:
            return f"pack-{self.edition.config.old_la_code}"
        if self.kind is ReportKind.quarterly:
            return f"{self.edition.name}-{self.period}"
        return self.edition.name


def _areas(table: pd.DataFrame, level: str) -> pd.DataFrame:
    return table[table["geographic_level"] == level].drop_duplicates("area_code")


def resolve_place(edition: Edition, table: pd.DataFrame, data_dir: Path) -> Place:
    """Find the edition's council, region and neighbours in the data; name any that are missing."""
    config = edition.config
    config_path = edition.folder / EDITION_FILE
    las = _areas(table, "Local authority").set_index("old_la_code")
    where_data = f"a council in the data files under {data_dir}"

    if config.old_la_code not in las.index:
        raise InputError(
            config_path,
            "names a council that is not in the data",
            where="key old_la_code",
            expected=where_data,
            found=repr(config.old_la_code),
        )
    in_data = las.loc[config.old_la_code, "area_code"]
    if in_data != config.new_la_code:
        raise InputError(
            config_path,
            "has a new LA code that does not match the data",
            where="key new_la_code",
            expected=f"{in_data!r} (the data's code for old code {config.old_la_code})",
            found=repr(config.new_la_code),
        )

    regions = _areas(table, "Regional").set_index("region_name")
    if config.region_name not in regions.index:
        raise InputError(
            config_path,
            "names a region that is not in the data",
            where="key region_name",
            expected="one of " + ", ".join(sorted(regions.index)) if len(regions) else "Regional rows in the data",
            found=repr(config.region_name),
        )

    neighbours = []
    for i, code in enumerate(config.statistical_neighbours):
        if code not in las.index:
            raise InputError(
                config_path,
                "names a statistical neighbour that is not in the data",
                where=f"key statistical_neighbours[{i}]",
                expected=where_data,
                found=repr(code),
            )
        neighbours.append(cast(str, las.loc[code, "area_code"]))

    return Place(
        la_code=config.new_la_code,
        la_name=config.la_name,
        region_code=cast(str, regions.loc[config.region_name, "area_code"]),
        region_name=config.region_name,
        neighbour_codes=tuple(neighbours),
        neighbour_model=config.statistical_neighbour_model or "",
    )


def parse_period(period: str, where: str = "--period") -> tuple[int, int]:
    """'2025-Q2' (quarter 2 of the financial year from April 2025) -> (2026, 2): the reporting
    year it falls in, and the quarter."""
    match = re.fullmatch(r"(\d{4})-Q([1-4])", period.strip())
    if not match:
        raise InputError(
            where,
            "is not a quarter sefbook knows",
            expected="a financial-year quarter such as 2025-Q2 (July to September 2025)",
            found=repr(period),
        )
    return int(match.group(1)) + 1, int(match.group(2))


def _select_period(table: pd.DataFrame, year: int, period: str) -> pd.DataFrame:
    """Whole reporting years up to the edition's year; for a quarterly report, also the
    council's own figures for that quarter (which may fall in the year after)."""
    keep = (table["quarter"] == 0) & (table["time_period"] <= year)
    if period:
        reporting_year, quarter = parse_period(period)
        keep |= (table["quarter"] == quarter) & (table["time_period"] == reporting_year)
    return table[keep]


def check_reporting_year(edition: Edition, table: pd.DataFrame, place: Place, period: str) -> None:
    """The edition's year (or quarter) has figures for the council: a report of an empty year
    would show last year's figures as if they were this year's."""
    ours = table[table["area_code"] == place.la_code]
    if period:
        year, quarter = parse_period(period)
        if not ((ours["time_period"] == year) & (ours["quarter"] == quarter)).any():
            quarters = sorted({period_name(y, q) for y, q in zip(ours["time_period"], ours["quarter"]) if q})
            raise InputError(
                "--period",
                "has no figures for the council in that quarter",
                expected="one of " + ", ".join(quarters)
                if quarters
                else "a quarter the edition's local figures cover (time_identifier Q1 to Q4)",
                found=repr(period),
            )
        return
    years = sorted({int(y) for y in ours.loc[ours["quarter"] == 0, "time_period"]})
    if edition.config.year not in years:
        raise InputError(
            edition.folder / EDITION_FILE,
            "names a year with no figures for the council",
            where="key year",
            expected="one of " + ", ".join(map(str, years)) if years else "a year in the data",
            found=repr(edition.config.year),
        )


def period_name(year: int, quarter: int) -> str:
    """The way --period writes a quarter: reporting year 2026, quarter 2 -> '2025-Q2'."""
    return f"{year - 1}-Q{quarter}"


def add_local_figures(table: pd.DataFrame, edition: Edition, registry: Registry, ids: list[str]) -> pd.DataFrame:
    """Add the council's own figures for periods the published files do not cover yet."""
    c = edition.config
    if not c.local_figures:
        return table
    local = read_local_figures(edition.folder / c.local_figures, registry, c.old_la_code, c.new_la_code)
    local = local[local["indicator"].isin(ids)]
    key = ["indicator", "area_code", "time_period", "quarter"]
    published = pd.MultiIndex.from_frame(table[key]) if len(table) else pd.MultiIndex.from_tuples([], names=key)
    new = local[~pd.MultiIndex.from_frame(local[key]).isin(published)] if len(local) else local
    return pd.concat([table, new], ignore_index=True) if len(new) else table


def _population_with_stand_ins(population: dict[int, float], year: int) -> tuple[dict[int, float], dict[int, int]]:
    """The council's children by mid-year, with the latest published estimate standing in for the
    mid-years up to the edition's year that are not published yet (the ONS publishes mid-2025 in
    the summer of 2026, after a council's figures for 2025-26 are first wanted), and for the
    year after it (a quarterly report's). Returns the population and, for each stand-in, the
    mid-year it is: a rate divided by one says so."""
    if not population:
        return population, {}
    latest = max(population)
    stand_ins = {missing: latest for missing in range(latest + 1, year + 1)}
    return population | {missing: population[latest] for missing in stand_ins}, stand_ins


def add_computed_figures(
    table: pd.DataFrame, edition: Edition, registry: Registry, ids: list[str], data_dir: Path, place: Place
) -> tuple[pd.DataFrame, tuple[LeftOut, ...]]:
    """Add the figures computed from the council's own returns for periods the published files
    do not cover yet (provisional; their source says which return); and those of `ids` the returns leave out."""
    from sefbook.inputs.returns.folder import return_indicators, returns_figures

    wanted = set(return_indicators()) & set(ids)
    if not wanted:
        return table, ()
    c = edition.config
    if not c.returns:
        return table, ()
    population_rows = read_published(data_dir, registry, [POPULATION_INDICATOR], leave_out="missing").table
    ours = population_rows[(population_rows["area_code"] == place.la_code) & (population_rows["quarter"] == 0)]
    population, stand_ins = _population_with_stand_ins(
        dict(zip(ours["time_period"].astype(int), ours["value"].astype(float))), c.year
    )
    rows = []
    found = returns_figures(
        edition.path(c.returns), population, council=(c.old_la_code, c.la_name), files=edition.returns_files
    )
    for f in found.figures:
        if f.indicator in wanted:
            source = f.source
            if registry[f.indicator].unit == "rate" and f.time_period - 1 in stand_ins:
                source += (
                    f" (per 10,000 children of mid-{stand_ins[f.time_period - 1]}, the latest estimate "
                    f"published: the DfE will divide by mid-{f.time_period - 1}'s)"
                )
            rows.append(
                {
                    "indicator": f.indicator,
                    "time_period": f.time_period,
                    "geographic_level": "Local authority",
                    "area_code": place.la_code,
                    "area_key": c.old_la_code,
                    "old_la_code": c.old_la_code,
                    "area_name": place.la_name,
                    "region_code": place.region_code,
                    "region_name": place.region_name,
                    "value": f.value,
                    "symbol": "",
                    "source_file": source,
                    "source_row": 0,
                    "provisional": True,
                    "smallest_count": f.value
                    if registry[f.indicator].unit == "count"
                    else (float("nan") if f.smallest_count is None else f.smallest_count),
                    "quarter": f.quarter,
                }
            )
    if not rows:
        return table, _still_left_out(found.left_out, wanted, table)
    computed = pd.DataFrame(rows, columns=table.columns)
    key = ["indicator", "area_code", "time_period", "quarter"]
    published = pd.MultiIndex.from_frame(table[key])
    new = computed[~pd.MultiIndex.from_frame(computed[key]).isin(published)]  # a published figure wins
    table = pd.concat([table, new], ignore_index=True) if len(new) else table
    return table, _still_left_out(found.left_out, wanted, table)


def _still_left_out(left_out: tuple[LeftOut, ...], wanted: set[str], table: pd.DataFrame) -> tuple[LeftOut, ...]:
    """The reasons a return gives no figure, for the indicators asked for that no file or return gives that year."""
    ours = table[table["indicator"].isin(wanted)]
    given = set(zip(ours["indicator"], ours["time_period"].astype(int)))
    return tuple(
        x
        for x in left_out
        if x.indicator in wanted
        and ((x.indicator, x.year) not in given if x.year is not None else x.indicator not in set(ours["indicator"]))
    )


def returns_notes(edition: Edition) -> tuple[str, ...]:
    """Where the council's returns were read from, when not from the edition folder (`--returns DIR`,
    or sef.yml's `returns:` leading out of it), and whose they are taken to be when nothing in them says."""
    from sefbook.inputs.returns.folder import council_notes

    c = edition.config
    if not c.returns:
        return ()
    folder, home = edition.path(c.returns), edition.folder.resolve()
    # named relative to the edition folder: the notes are printed in a report that travels, where a local path
    # means nothing and says whose machine built it
    named = os.path.relpath(folder, home)
    outside = () if folder.is_relative_to(home) else (f"returns read from {named} (relative to the edition folder)",)
    return outside + council_notes(folder, c.la_name, named)


def unreadable(edition: Edition, registry: Registry, published: PublishedData, ids: list[str], named: set[str]) -> None:
    """Refuse the indicators of `ids` the data cannot give, all at once, each naming the file and key
    that ask for it: any whose file is there but cannot be read, and those the edition names (in
    `named`) whose publication is not in the data folder (one it only shows by default is left out)."""
    asked: dict[str, list[tuple[Path, str, bool]]] = {}
    for indicator, file, key, names in edition.asked_for(registry):
        asked.setdefault(indicator, []).append((file, key, names))
    problems = []
    for indicator in ids:
        if indicator in published.left_out:
            why = f"whose data file cannot be read: {published.left_out[indicator]}"
        elif indicator in published.absent and indicator in named:
            why = f"whose publication is not in the data folder: {published.absent[indicator]}"
        else:
            continue
        askers = asked.get(indicator) or [(edition.folder / EDITION_FILE, "", True)]
        file, key, names = askers[0]
        also = "; ".join(f"{Path(f).name} {k}" for f, k, _ in askers[1:])
        problems.append(
            InputError(
                file,
                f"{'asks for' if names else 'shows by default'} indicator {indicator!r}, "
                f"{why}" + (f" (also asked for by {also})" if also else ""),
                where=key or None,
            )
        )
    refuse_all(problems)


def load_inputs(
    edition_dir: str | Path | Edition,
    data_dir: str | Path,
    *,
    registry: Registry | None = None,
    sections: Iterable[str] | None = None,
    include_linked: bool | None = None,
    period: str = "",
    require_year: bool | None = None,
    returns: str | Path | None = None,
) -> Inputs:
    """Validate an edition and its data. `sections` limits the data read to those sections'
    indicators (a notebook needs only its own); the default reads every section's, and those
    the edition's plan and areas for improvement name (`include_linked`, by default only when
    all sections are read). Figures after the edition's year are left out: an edition reports
    on its own year. A `period` such as '2025-Q2' makes a quarterly performance report: the
    council's own figures for that quarter are added as the latest, and narrative is optional.

    An indicator a section shows by default whose file is not in the data folder is left out
    (named in `absent`); one the edition names (in its sections, plan or areas for
    improvement) must be there. A file that is there but wrong is always an error. `returns`
    names the council's returns folder in place of sef.yml's `returns:`. An `Edition` already read
    (a build reads it before it loads pandas, to refuse a bad one fast) is used as it is.

    The edition's year (or the quarter) must have figures for the council, or the report would
    show an older year's as the latest. That is checked on the whole edition (by default when
    `sections` is None, as a build does before any notebook starts): one section may have no
    figures for a quarter while others do. `require_year=False` (sefbook check, for an edition
    started before its year's figures exist) skips it."""
    registry = registry or default_registry()
    if period:
        parse_period(period)  # a bad quarter is named before anything is read
    # `--returns DIR`: the council's returns from elsewhere than sef.yml says
    edition = (
        edition_dir
        if isinstance(edition_dir, Edition)
        else load_edition(edition_dir, registry, require_narrative=not period, returns=returns)
    )
    registry = edition.registry  # with the council's own indicators, if it defines any
    wanted = list(sections) if sections is not None else edition.section_names
    edition.check_listed(wanted)
    ids = [i for s in wanted for i in [*edition.indicator_ids(s, registry), *edition.fact_ids(s)]]
    if include_linked or (include_linked is None and sections is None):
        ids += edition.linked_indicators
    ids = list(dict.fromkeys(ids))
    if not ids:  # a chapter of prose alone: one of the edition's indicators finds the council in the data
        ids = next(
            ([i] for s in edition.section_names for i in edition.indicator_ids(s, registry) if not registry[i].local),
            [],
        )
    named = [i for s in edition.config.sections if s.indicators for i in s.indicators] + edition.linked_indicators
    data_dir = Path(data_dir)
    published_ids = [i for i in ids if not registry[i].local]  # the council's own come from its local figures
    # every indicator that cannot be read is named at once, with the file and key that ask for it
    published = read_published(data_dir, registry, published_ids, leave_out="unreadable")
    unreadable(edition, registry, published, published_ids, set(named))
    table = _select_period(published.table, edition.config.year, "")  # published figures up to the edition's year
    place = resolve_place(edition, table, data_dir)  # on published data: the council must be there
    if edition.config.local_figures:
        table = add_local_figures(table, edition, registry, ids)
    returns_left_out: tuple[LeftOut, ...] = ()
    if edition.config.returns:
        table, returns_left_out = add_computed_figures(table, edition, registry, ids, data_dir, place)
    if require_year or (require_year is None and sections is None):
        check_reporting_year(edition, table, place, period)
    table = _select_period(table, edition.config.year, period)
    if edition.config.audience == "publication":
        table = suppress_small_counts(table, edition.config.suppression_threshold)
    return Inputs(
        kind=ReportKind.quarterly if period else ReportKind.annual,
        edition=edition,
        registry=registry,
        table=table,
        place=place,
        data_dir=data_dir.resolve(),
        period=period,
        files_read=published.files_read,
        left_out=published.left_out,
        absent=published.absent,
        notes=code_notes(published, edition.config.old_la_code, edition.config.new_la_code, edition.config.la_name)
        + returns_notes(edition),
        returns_left_out=returns_left_out,
    )


def load_previous_inputs(now: Inputs) -> Inputs:
    """Last year's edition (named by `previous_edition`), read from the same data folder and shown
    under this year's rules: in publication mode its small counts are suppressed too, whatever
    last year's edition said, so "what changed" never prints a figure this report hides."""
    edition = now.edition
    if not isinstance(edition, Edition) or not edition.config.previous_edition:
        raise ValueError("only an edition that names its previous edition has one")
    before = load_inputs(edition.path(edition.config.previous_edition), now.data_dir)
    config = edition.config
    if config.audience != "publication":
        return before
    return replace(
        before, table=suppress_small_counts(before.table, config.suppression_threshold), derived={}, shared={}
    )


def load_pack_inputs(
    la_code: str,
    data_dir: str | Path,
    *,
    registry: Registry | None = None,
    sections: Iterable[str] | None = None,
    strict: bool = False,
) -> Inputs:
    """Inputs for a data-only benchmarking pack: any council in a folder of published files.

    The council is found by its old or new LA code; its region and name come from the data, its
    statistical neighbours from the DfE neighbour file in the same folder. No narrative. An
    indicator whose file is not in the folder, or cannot be read as the registry says, is left
    out (named in `absent`, or in `left_out` with what was expected and found), and a section
    with no indicator left is not shown: one odd file never stops a pack. With `strict`, a file
    that is there but cannot be read stops it (a publication not downloaded never does)."""
    registry = registry or default_registry()
    data_dir = Path(data_dir)
    code = str(la_code).strip()
    wanted = list(sections) if sections is not None else list(SECTIONS)
    ids = [ind.id for name in wanted for ind in registry.for_section(name)]
    published = read_published(data_dir, registry, ids, leave_out="missing" if strict else "unreadable")
    return pack_inputs(published, code, data_dir, registry, wanted)


def current_councils(data_dir: str | Path, registry: Registry | None = None) -> dict[str, str]:
    """The councils a folder of published files holds today (old LA code -> name): those in the
    latest year of the child population (which the DfE republishes for every council), or, in a
    folder without it, in the latest year of any indicator. A council since reorganised, found
    only in older years, is not among them."""
    registry = registry or default_registry()
    ids = [ind.id for name in SECTIONS for ind in registry.for_section(name)]
    table = read_published(Path(data_dir), registry, ids, leave_out="unreadable").table
    las = table[(table["geographic_level"] == "Local authority") & (table["old_la_code"] != "")]
    population = las[las["indicator"] == POPULATION_INDICATOR]
    if len(population):
        las = population
    latest = las.groupby("indicator")["time_period"].transform("max")
    current = las[las["time_period"] == latest].sort_values("time_period").drop_duplicates("old_la_code", keep="last")
    return dict(sorted(zip(current["old_la_code"], current["area_name"])))


@dataclass(frozen=True)
class _Councils:
    """What every council's pack from one table shares, worked out once."""

    by_period: pd.DataFrame  # the councils' rows, oldest period first
    indicators: set[str]  # the indicators the table holds
    new_codes: dict[str, str]  # old LA code -> the council's latest new code
    region_codes: dict[str, str]  # region name -> its code


def _councils(published: PublishedData) -> _Councils:
    kept = published.shared.get("councils")
    if isinstance(kept, _Councils):
        return kept
    table = published.table
    by_period = table[table["geographic_level"] == "Local authority"].sort_values("time_period")
    now = by_period.drop_duplicates("old_la_code", keep="last")
    regions = table[table["geographic_level"] == "Regional"].drop_duplicates("region_name")
    councils = _Councils(
        by_period,
        set(table["indicator"].unique()),
        dict(zip(now["old_la_code"], now["area_code"])),
        dict(zip(regions["region_name"], regions["area_code"])),
    )
    published.shared["councils"] = councils
    return councils


def pack_inputs(published: PublishedData, code: str, data_dir: Path, registry: Registry, wanted: list[str]) -> Inputs:
    """A pack's inputs for one council, from published data already read (so that many
    councils' packs can share one reading)."""
    table = published.table
    councils = _councils(published)
    las = councils.by_period
    council = las[(las["old_la_code"] == code) | (las["area_code"] == code)]
    if council.empty:
        raise InputError(
            data_dir,
            "has no council with this LA code",
            where="--la",
            expected="an old (3-digit) or new (9-character) LA code found in the data files",
            found=repr(code),
        )
    latest = council.iloc[-1]
    model = find_neighbour_model(data_dir)
    if model is None:
        raise InputError(
            data_dir,
            "has no statistical neighbour file",
            expected="sn_model_*.csv or New_Statistical_Neighbour_Groupings_*.csv",
        )
    neighbours = model.neighbours_of(latest["old_la_code"])
    shown = [n for n in wanted if any(ind.id in councils.indicators for ind in registry.for_section(n))]
    year = int(las["time_period"].max())
    config = EditionConfig.model_validate(
        {
            "la_name": latest["area_name"],
            "old_la_code": latest["old_la_code"],
            "new_la_code": latest["area_code"],
            "region_name": latest["region_name"],
            "year": year,
            "reporting_period": "latest published statistics",
            "status": "final",
            "statistical_neighbours": list(neighbours),
            "sections": shown or wanted[:1],
            "title": f"{latest['area_name']} children's services benchmarking pack {year}",
            "statistical_neighbour_model": f"DfE children's services statistical neighbours, {model.model_year} model "
            f"({model.source_file})",
        }
    )
    place = Place(
        la_code=config.new_la_code,
        la_name=config.la_name,
        region_code=councils.region_codes.get(config.region_name, cast(str, latest["region_code"])),
        region_name=config.region_name,
        # a neighbour missing from every file (a council since reorganised) simply contributes nothing
        neighbour_codes=tuple(councils.new_codes[c] for c in neighbours if c in councils.new_codes),
        neighbour_model=config.statistical_neighbour_model or "",
    )
    return Inputs(
        kind=ReportKind.pack,
        edition=Pack(config=config),
        registry=registry,
        table=table,
        place=place,
        data_dir=data_dir.resolve(),
        files_read=published.files_read,
        left_out=published.left_out,
        absent=published.absent,
        shared=published.shared,
    )
