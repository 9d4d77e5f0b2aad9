"""The indicator registry: what each indicator is and where its value comes from.

Definitions live in the YAML files of indicators/ beside this module, one entry per indicator:
the publications and populations first, then each section's indicators in the report's order.
This module reads and validates them into plain objects; the reader (rows.py) uses the `source`
of each.

Three kinds of indicator: a published one (under `indicators:`, with the `source` it is read
from, and computed from a council's returns too where a reader gives it); one computed only
from a council's own returns (under `returns_only:`, with `computed_from`, the return that gives
it, and no source: no publication sefbook reads has it for each council, so it is never ranked
or compared, and a table note says why); and an edition's own (`local_indicators`, from its
local figures file). A returns-only indicator is shown where an edition names it (a section's
`indicators:`, the plan): a section's default list, a data-only pack and `sefbook indicators`
(`for_section`, `ids`) hold the published ones, each of which has a source to read.

`publications:` says where each file comes from (the page to download it from, and where on it);
every file an indicator, a population or the statistical-neighbour model reads is listed under
exactly one publication, checked when the registry is loaded (`sefbook sources` lists them).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import BeforeValidator, Field, PrivateAttr, ValidationError, model_validator

from sefbook.cache import keep, recall
from sefbook.digests import code_digest, digest, file_digest
from sefbook.errors import InputError
from sefbook.inputs.files import Strict, load_model, validation_error
from sefbook.inputs.published.layouts import FingertipsLayout, WorkbookLayout
from sefbook.inputs.published.neighbours import FILE_PATTERNS as NEIGHBOUR_FILES
from sefbook.inputs.sections import SECTIONS

REGISTRY_FOLDER = Path(__file__).with_name("indicators")
# Read in this order, one registry: an indicator's place in it is its place in a section's list.
REGISTRY_FILES = tuple(
    REGISTRY_FOLDER / f"{name}.yml"
    for name in (
        "publications",
        "context",
        "early_help",
        "help_and_protection",
        "assessment_factors",
        "help_and_protection_education",
        "children_in_care",
        "children_in_care_outcomes",
        "care_leavers",
        "leadership",
        "returns_only",
    )
)


_Default = TypeVar("_Default")
_Value = TypeVar("_Value")


class Polarity(StrEnum):
    higher_better = "higher_better"
    lower_better = "lower_better"
    contextual = "contextual"


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


class Population(Strict):
    """A population used as the denominator of a rate (for example children aged 0 to 17)."""

    file: Annotated[list[str], BeforeValidator(_as_list)]
    value: str
    filters: dict[str, str] = Field(default_factory=dict)
    period_offset: int = 0  # which population year pairs with a reporting year


class Publication(Strict):
    """A publication sefbook reads files from: its landing page (whose latest release is the one
    to download) and the file patterns it publishes, each with where on the page it is."""

    title: str
    publisher: str
    page: str | None = None  # None: not published nationally (the note says where it comes from)
    note: str = ""
    files: dict[str, str] = Field(min_length=1)  # file pattern: where on the page (the data set's name)

    @model_validator(mode="after")
    def _a_page_or_a_note(self) -> Publication:
        if self.page is not None and not self.page.startswith("https://"):
            raise ValueError(f"a publication's page is an https:// address, found {self.page!r}")
        if self.page is None and not self.note:
            raise ValueError("a publication with no page needs a note saying where its files come from")
        return self


Layout = WorkbookLayout | FingertipsLayout
FilterValue = str | list[str]  # one row's value, or several rows' values to be summed


class Operand(Strict):
    """A numerator or denominator: one or more columns (summed), from the source's rows or, with
    its own `filters` or `file`, from other rows or another publication (for example the
    children in need on 31 March, as the denominator of a share on a child protection plan)."""

    column: Annotated[list[str], BeforeValidator(_as_list)] = Field(min_length=1)
    filters: dict[str, FilterValue] = Field(default_factory=dict)  # over the source's own filters
    file: Annotated[list[str], BeforeValidator(_as_list)] | None = None
    period_offset: int = 0  # which of this file's years pairs with a reporting year

    @property
    def columns(self) -> list[str]:
        return list(self.column)


def _operand(value: object) -> object:
    # `numerator: referral_count` and `numerator: [a, b]` are columns of the source's own rows
    return {"column": value} if isinstance(value, (str, list)) else value


class Source(Strict):
    """Where an indicator's value comes from, in files of the DfE open-data shape."""

    # File name patterns (globs) in the data folder: one publication, newest release first.
    # Rows of an older release fill the periods a newer one does not cover.
    file: Annotated[list[str], BeforeValidator(_as_list)]
    # column: value picks rows; column: [values] picks several rows and sums them (a suppressed
    # part suppresses the sum)
    filters: dict[str, FilterValue] = Field(default_factory=dict)
    value: str | None = None
    value_format: Literal["number", "years_months"] = "number"  # years_months: '01:04' is 16 months
    numerator: Annotated[Operand, BeforeValidator(_operand)] | None = None
    denominator: Annotated[Operand, BeforeValidator(_operand)] | None = None
    scale: float = 1.0
    count: str | None = None
    per: int | None = None
    population: str | None = None
    # the mid-year estimate this source's periods pair with, when not the population's own pairing
    # (0: the same year's, the year before's standing in until the ONS publishes it)
    population_offset: int | None = None
    complement: bool = False  # the figure is 100 minus the published share
    # Counts of children behind a published percentage (for a `value` source): in publication
    # mode a figure resting on a small count is suppressed. Numerator, denominator and count
    # sources use their own columns.
    suppression_counts: list[str] | None = None
    # How this publication's older releases differ: columns renamed (older name: today's) and
    # breakdowns relabelled (column: {older label: today's}).
    renamed_columns: dict[str, str] = Field(default_factory=dict)
    renamed_values: dict[str, dict[str, str]] = Field(default_factory=dict)
    # Files that are not DfE open-data CSVs, read by a layout into the same shape: a table in an
    # ODS or Excel workbook (MHCLG outturn, Ofsted outcomes) or an OHID Fingertips export.
    workbook: WorkbookLayout | None = None
    fingertips: FingertipsLayout | None = None

    @property
    def layout(self) -> Layout | None:
        return self.workbook or self.fingertips

    @property
    def count_per_population(self) -> tuple[str, int, str]:
        """A count source's column, per and population (its validator has checked all three are given)."""
        if self.count is None or self.per is None or self.population is None:
            raise ValueError("not a count source: it gives no count, per and population")
        return self.count, self.per, self.population

    @model_validator(mode="after")
    def _one_kind(self) -> Source:
        kinds = [
            self.value is not None,
            self.numerator is not None or self.denominator is not None,
            self.count is not None or self.population is not None,
        ]
        if sum(kinds) != 1:
            raise ValueError("give exactly one of: value; numerator and denominator; count, per and population")
        if (self.numerator is None) != (self.denominator is None):
            raise ValueError("numerator and denominator go together")
        if self.count is not None and (self.per is None or self.population is None):
            raise ValueError("count needs per and population")
        return self

    def population_year(self, population: Population) -> int:
        """Which population year pairs with a reporting year (an offset: -1 is the year before)."""
        return population.period_offset if self.population_offset is None else self.population_offset

    @property
    def files(self) -> list[str]:
        """Every file pattern the source reads."""
        extra = [f for op in (self.numerator, self.denominator) if op and op.file for f in op.file]
        return list(dict.fromkeys([*self.file, *extra]))


Period = Literal[
    "year to 31 March",
    "on 31 March",
    "on 30 September",
    "academic year",
    "financial year",
    "calendar year",
    "mid-year",
    "census day",
]


class Indicator(Strict):
    id: str
    title: str
    unit: Literal["percent", "rate", "number", "count", "grade"]  # grade: Ofsted's 1 (outstanding) to 4
    per: int | None = None  # for rates: per 10,000 or per 100,000
    decimals: int = 1
    polarity: Polarity
    section: str
    definition: str
    period: Period  # what a figure for a year covers, in words
    publication: str  # the publication (and publisher) the figure comes from
    # Whether a rank and quartile among councils mean anything (not for a size, a background
    # fact or a national series); default: yes, unless the indicator is a count. Never for a
    # contextual indicator (1st of what, if neither way is better?) or the council's own.
    rank: bool | None = None
    # A spending line can be below zero (income or a refund exceeded spend); any other negative
    # figure is refused as one that cannot be right.
    negative_allowed: bool = False
    # A percentage that is a ratio of two counts rather than a share of a whole (conferences over
    # the year's enquiries) can pass 100 in a real year; a share over 100 is refused as impossible.
    over_100_allowed: bool = False
    # How much the indicator weighs in a SEF: 1 a key indicator (charted by default, headlined
    # first), 2 a usual one, 3 background detail. An edition may override it in sef.yml.
    importance: Literal[1, 2, 3] = 2
    source: Source | None = None  # None: the council's own indicator, with figures from its local figures file
    # A returns-only indicator (`returns_only:`): the council's returns it is computed from (ssda903.py, ...); one
    # or a list (an Annex A's lists may give what the SSDA903 gives)
    computed_from: Annotated[list[Literal["SSDA903", "CIN census", "Annex A"]], BeforeValidator(_as_list)] | None = None

    @property
    def local(self) -> bool:
        """The council's own indicator (from its local figures, or computed only from its returns): not published,
        so never compared with others."""
        return self.source is None

    @property
    def published_source(self) -> Source:
        """Where a published indicator is read from (the council's own have no source to read)."""
        if self.source is None:
            raise ValueError(f"indicator {self.id!r} is the council's own: it has no published source")
        return self.source

    @model_validator(mode="after")
    def _known_section(self) -> Indicator:
        if self.section not in SECTIONS:
            raise ValueError(f"unknown section {self.section!r}; known: {', '.join(SECTIONS)}")
        if self.unit == "rate" and not self.per:
            raise ValueError("a rate needs `per` (for example 10000)")
        if self.over_100_allowed and self.unit != "percent":
            raise ValueError("over_100_allowed is for a percentage (a ratio that can pass 100)")
        return self

    @property
    def ranked(self) -> bool:
        return self.not_ranked_because is None

    @property
    def not_ranked_because(self) -> str | None:
        """Why a rank means nothing for this indicator, in the words a table note uses; None if it does."""
        if self.computed_from:
            return "computed from the council's own returns; not published for other councils"
        if self.local:
            return "the council's own figure"
        if self.polarity is Polarity.contextual:
            return "contextual"
        if self.rank is False or (self.rank is None and self.unit == "count"):
            return "a size" if self.unit == "count" else "not comparable"
        return None

    @property
    def unit_label(self) -> str:
        if self.unit == "percent":
            return "%"
        if self.unit == "rate":
            return f"per {self.per:,}"
        return ""


class RegistryFile(Strict):
    """One file of the registry: any of its keys (a list continues the previous file's)."""

    # where each file comes from (inputs/published/sources.py); load_registry checks every file read is listed
    publications: dict[str, Publication] = Field(default_factory=dict)
    populations: dict[str, Population] = Field(default_factory=dict)
    indicators: list[Indicator] = Field(default_factory=list)  # published: each has a source
    returns_only: list[Indicator] = Field(default_factory=list)  # computed only from a council's returns
    renamed_columns: dict[str, str] = Field(default_factory=dict)  # older release's name -> today's


class Registry(RegistryFile):
    populations: dict[str, Population]
    indicators: list[Indicator]
    _by_id: dict[str, Indicator] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: object) -> None:
        self._by_id.update((ind.id, ind) for ind in [*self.indicators, *self.returns_only])

    @model_validator(mode="after")
    def _consistent(self) -> Registry:
        seen: set[str] = set()
        for ind in [*self.indicators, *self.returns_only]:
            if ind.id in seen:
                raise ValueError(f"indicator id {ind.id!r} is defined twice")
            seen.add(ind.id)
            pop = ind.source.population if ind.source else None
            if pop is not None and pop not in self.populations:
                raise ValueError(f"indicator {ind.id!r} uses unknown population {pop!r}")
        return self

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self._by_id[indicator_id]

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self._by_id

    def get(self, indicator_id: str, default: _Default) -> Indicator | _Default:
        return self._by_id.get(indicator_id, default)

    def require(self, indicator_id: str, file: str | Path, where: str) -> Indicator:
        """The indicator with this id, or an InputError naming the file and key that named it."""
        if problem := self.unknown(indicator_id, file, where):
            raise problem
        return self._by_id[indicator_id]

    def unknown(self, indicator_id: str, file: str | Path, where: str) -> InputError | None:
        """None for an id the registry knows; for another, the problem, naming the file and key that named it."""
        if indicator_id in self._by_id:
            return None
        return InputError(
            file,
            "names an unknown indicator id",
            where=where,
            expected="an id from the registry (src/sefbook/inputs/published/indicators/)",
            found=repr(indicator_id),
        )

    @property
    def ids(self) -> list[str]:
        return [ind.id for ind in self.indicators]

    def for_section(self, section: str) -> list[Indicator]:
        return [ind for ind in self.indicators if ind.section == section]

    def with_local(self, local: list[Indicator]) -> Registry:
        """This registry and a council's own indicators (which must not reuse a registry id)."""
        if not local:
            return self
        return Registry(
            publications=self.publications,
            populations=self.populations,
            renamed_columns=self.renamed_columns,
            indicators=[*self.indicators, *local],
            returns_only=self.returns_only,
        )


def load_registry(files: str | Path | Sequence[Path] = REGISTRY_FILES) -> Registry:
    """The registry from its files, read in order (or from one file holding all of it). A
    problem names the file it is in, and the key within it."""
    one = isinstance(files, (str, Path))
    paths = [Path(files)] if isinstance(files, (str, Path)) else list(files)
    parts = [(path, load_model(path, Registry if one else RegistryFile)) for path in paths]
    registry = _joined(parts)
    for file, part in parts:
        _check_sources(file, part)
    _check_publications(parts)
    return registry


def _joined(parts: list[tuple[Path, RegistryFile]]) -> Registry:
    """The registry's files as one: their lists one after another, their mappings together."""
    try:
        return Registry(
            publications=_merged("publications", [(file, part.publications) for file, part in parts]),
            populations=_merged("populations", [(file, part.populations) for file, part in parts]),
            renamed_columns=_merged("renamed_columns", [(file, part.renamed_columns) for file, part in parts]),
            indicators=[ind for _, part in parts for ind in part.indicators],
            returns_only=[ind for _, part in parts for ind in part.returns_only],
        )
    except ValidationError as exc:  # an id defined twice, an unknown population: across the files
        raise validation_error(parts[0][0] if len(parts) == 1 else parts[0][0].parent, exc) from None


def _merged(key: str, mappings: list[tuple[Path, dict[str, _Value]]]) -> dict[str, _Value]:
    """One key's mappings from the registry's files as one; a name defined in two files is refused."""
    merged: dict[str, _Value] = {}
    defined_in: dict[str, Path] = {}
    for file, mapping in mappings:
        for name, value in mapping.items():
            if name in defined_in:
                raise InputError(
                    file,
                    "defines a name another file of the registry defines",
                    where=f"key {key}.{name}",
                    expected="each name in one file",
                    found=f"also in {defined_in[name].name}",
                )
            defined_in[name], merged[name] = file, value
    return merged


def _check_sources(path: Path, registry: RegistryFile) -> None:
    """A published indicator has a source and is not marked as computed from the returns; one computed
    only from the returns has no source and says which return."""
    for i, ind in enumerate(registry.indicators):
        if ind.local:
            raise InputError(
                path,
                "has an indicator with no source",
                where=f"key indicators[{i}].source",
                expected="where its value comes from (only an edition's own indicators have none, and "
                "those computed only from a council's returns, under returns_only)",
            )
        if ind.computed_from:
            raise InputError(
                path,
                "has a published indicator marked as computed only from returns",
                where=f"key indicators[{i}].computed_from",
                expected="no computed_from under indicators (a published indicator is computed from "
                "the returns wherever a reader gives it); returns_only for one no publication "
                "has",
                found=repr(ind.computed_from),
            )
    for i, ind in enumerate(registry.returns_only):
        if ind.source is not None:  # a source would make it published: it belongs under indicators
            raise InputError(
                path,
                "has a returns-only indicator with a source",
                where=f"key returns_only[{i}].source",
                expected="no source (an indicator with a publication goes under indicators)",
            )
        if ind.computed_from is None:
            raise InputError(
                path,
                "has a returns-only indicator that does not say which return it is computed from",
                where=f"key returns_only[{i}].computed_from",
                expected="SSDA903, CIN census or Annex A (or a list of them)",
            )


def files_read(registry: RegistryFile) -> list[tuple[str, str, str]]:
    """Every file pattern the registry (or one of its files) reads, as (key, what reads it, pattern):
    the indicators' sources and the populations."""
    read = [
        (f"indicators[{i}].source.file", f"indicator {ind.id!r}", pattern)
        for i, ind in enumerate(registry.indicators)
        if ind.source
        for pattern in ind.source.files
    ]
    return read + [
        (f"populations.{name}.file", f"population {name!r}", pattern)
        for name, population in registry.populations.items()
        for pattern in population.file
    ]


def _check_publications(parts: list[tuple[Path, RegistryFile]]) -> None:
    """Every file pattern read (and the statistical-neighbour model's) belongs to exactly one
    publication (`sefbook sources` says where to get it)."""
    owners: dict[str, str] = {}
    for path, part in parts:
        for pub_id, pub in part.publications.items():
            for pattern in pub.files:
                if pattern in owners:
                    raise InputError(
                        path,
                        f"lists file {pattern!r} under two publications",
                        where=f"key publications.{pub_id}.files",
                        expected="each file pattern under exactly one publication",
                        found=f"also under publications.{owners[pattern]}.files",
                    )
                owners[pattern] = pub_id
    neighbours = [("publications", "the statistical-neighbour model", pattern) for pattern in NEIGHBOUR_FILES]
    for path, part in parts:
        for key, reader, pattern in files_read(part) + (neighbours if path == parts[0][0] else []):
            if pattern not in owners:
                raise InputError(
                    path,
                    f"{reader} reads file {pattern!r}, which no publication lists",
                    where=f"key {key}",
                    expected="the same file pattern under a publication's files (key publications), "
                    "saying where to download it",
                    found=repr(pattern),
                )


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The registry, kept in sefbook's cache folder once read (reading its YAML strictly is slow,
    and every build and notebook starts with it): kept by its files' digests and
    the package's code."""
    key = digest(code_digest(), *map(file_digest, REGISTRY_FILES))
    kept = recall("registry", key)
    if isinstance(kept, Registry):
        return kept
    registry = load_registry()
    keep("registry", key, registry)
    return registry
