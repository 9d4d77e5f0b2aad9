"""sef.yml's models: an edition's configuration, its sections and headline rules, and the
council's own indicators."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, ValidationError, model_validator

from sefbook.errors import InputError
from sefbook.inputs.files import Strict, load_model, validation_error
from sefbook.inputs.published.registry import Indicator, Registry
from sefbook.inputs.sections import SECTIONS, Section, split_key_marks
from sefbook.paths import EDITION_FILE

# Parts an edition may place among its sections in sef.yml (by default they follow them): the
# key in sef.yml that must name the part's file.
PLACEABLE_PARTS = {"plan": "plan", "areas_for_improvement": "areas_for_improvement"}


Comparator = Literal["neighbours_mean", "neighbours_median", "region", "england"]


def _old_la_code(value: object) -> object:
    # YAML reads 991 as an integer; old LA codes are three-character strings ("201".."999").
    return f"{value:03d}" if isinstance(value, int) else value


OldLaCode = Annotated[str, BeforeValidator(_old_la_code), Field(pattern=r"^\d{3}$")]
NewLaCode = Annotated[str, Field(pattern=r"^E\d{8}$")]


class HeadlineRules(Strict):
    """The `headlines:` block of sef.yml (every key optional): how indicators are classified."""

    compare_with: Comparator = "neighbours_mean"
    worsening_tolerance: float = Field(default=5.0, ge=0)  # per cent of last year's figure
    highlights: int = Field(default=5, ge=0)  # how many highlights the page shows, the most significant first
    areas: int = Field(default=3, ge=0)  # how many areas for targeted activity
    pin: list[str] = Field(default_factory=list)  # indicator ids always headlined (if they are one)
    drop: list[str] = Field(default_factory=list)  # indicator ids never headlined
    reword: dict[str, str] = Field(default_factory=dict)  # indicator id -> the sentence to print instead
    # A contextual indicator the council wants to move one way (fewer children on plans, say)
    # may then be a headline: indicator id -> higher | lower.
    wanted: dict[str, Literal["higher", "lower"]] = Field(default_factory=dict)
    # An indicator's weight for this edition, over the registry's (1 key, 2 usual, 3 background):
    # headlines come from the weightiest first, and a background one is never a headline unless pinned.
    importance: dict[str, Literal[1, 2, 3]] = Field(default_factory=dict)


class Fact(Strict):
    """One line of a section's facts block: an indicator's latest figure (drawn from the data,
    with its period) or a fact the council states itself, with where it comes from."""

    indicator: str | None = None
    label: str | None = None  # a stated fact: what it is ("Schools"), its value and its source
    value: str | None = None
    source: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Fact:
        stated = (self.label, self.value, self.source)
        if self.indicator is not None and any(stated):
            raise ValueError("a fact is either an indicator's figure or a stated fact (label, value, source), not both")
        if self.indicator is None and not all(stated):
            raise ValueError("a stated fact needs a label, a value and a source (or give an indicator id instead)")
        return self


def _fact(value: object) -> object:
    return {"indicator": value} if isinstance(value, str) else value


class SectionChoice(Strict):
    """A section in sef.yml, optionally with the indicators it shows (default: the registry's).
    A name that is not one of the six ILACS sections is a chapter of the edition's own: it needs
    a title, its narrative is free prose, and it shows only the indicators it lists."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    indicators: list[str] | None = None  # plain ids; sef.yml may write `{id: cla_rate, key: true}`
    key_indicators: list[str] = Field(default_factory=list)  # those marked `key: true`: charted
    title: str | None = None  # a chapter's heading (an ILACS section may rename its own)
    file: str | None = None  # the narrative file in narrative/ (default: <name>.md)
    # A block of key facts above the narrative (the context section's "at a glance"): indicator
    # ids, or stated facts with label, value and source.
    facts: list[Annotated[Fact, BeforeValidator(_fact)]] = Field(default_factory=list)


def _section_choice(value: object) -> object:
    if isinstance(value, str):
        return {"name": value}
    if isinstance(value, dict) and "indicators" in value and "key_indicators" not in value:
        ids, key = split_key_marks(value["indicators"])
        return {**value, "indicators": ids, "key_indicators": key}
    return value


class EditionConfig(Strict):
    """The contents of sef.yml. Keys follow the DfE's column names where one exists."""

    la_name: str
    old_la_code: OldLaCode
    new_la_code: NewLaCode
    region_name: str
    year: int = Field(ge=2000, le=2100)
    reporting_period: str
    status: Literal["draft", "final"]
    statistical_neighbours: list[OldLaCode] = Field(min_length=1, max_length=10)
    statistical_neighbour_model: str | None = None  # where the neighbours come from, stated in the report
    sections: list[Annotated[SectionChoice, BeforeValidator(_section_choice)]] = Field(min_length=1)
    title: str | None = None  # defaults to "<la_name> children's services self-evaluation <year>"
    headlines: HeadlineRules = HeadlineRules()  # how performance headlines are classified
    local_figures: str | None = None  # the council's own unpublished figures, a file in the edition
    local_indicators: str | None = None  # the council's own indicators (not published), a file in the edition
    # internal: everything shown. publication: figures resting on fewer than
    # suppression_threshold children are shown as "c", and quotes with publish: false left out.
    audience: Literal["internal", "publication"] = "internal"
    # inline: each section's charts follow its table. annex: gathered in an annex before "About
    # the figures", so that the narrative leads (a long report printed for a committee).
    charts: Literal["inline", "annex"] = "inline"
    suppression_threshold: int = Field(default=5, ge=1)
    # A figure resting on fewer than this many children is marked in its table, not ranked and
    # never a headline (analysis/small_numbers.py).
    few_children: int = Field(default=10, ge=1)
    # The yearly cycle (paths relative to the edition folder; a plan may be shared by editions)
    plan: str | None = None  # the departmental plan: vision, ambitions, priorities, measures, actions
    areas_for_improvement: str | None = None  # the last inspection's areas for improvement
    previous_edition: str | None = None  # last year's edition, for "what changed"
    # The council's own child-level returns (a folder of ssda903-<year>/ and cin-<year>/ folders): this year's
    # figures computed the DfE's way, provisional until published (inputs/returns/folder.py)
    returns: str | None = None
    # The sign-off the cover states: who signed the report off and on which day (both, and only on a final edition)
    signed_off_by: str | None = None
    signed_off_on: date | None = None


def section_of(choice: SectionChoice) -> Section:
    """The section or chapter an entry of sef.yml's `sections` stands for."""
    known = SECTIONS.get(choice.name)
    if known is not None:
        return Section(known.name, choice.title or known.title, choice.file or "", sef_headings=True)
    return Section(choice.name, choice.title or choice.name, choice.file or "", sef_headings=False)


@dataclass(frozen=True, kw_only=True)
class Configured:
    """What a report shows of its configuration, whoever made it (an edition's sef.yml, or a pack's
    made from the data): its title, its sections in order, their facts and indicators."""

    config: EditionConfig

    @property
    def config_file(self) -> Path | str:
        """Where the configuration was read from, as a message names it."""
        return EDITION_FILE

    def facts(self, section: str) -> list[Fact]:
        return next((c.facts for c in self.config.sections if c.name == section), [])

    def fact_ids(self, section: str) -> list[str]:
        return [f.indicator for f in self.facts(section) if f.indicator]

    @property
    def title(self) -> str:
        c = self.config
        return c.title or f"{c.la_name} children's services self-evaluation {c.year}"

    @property
    def section_names(self) -> list[str]:
        """The sections and chapters, in order (without the plan or areas for improvement, which
        the list may place among them)."""
        return [s.name for s in self.config.sections if s.name not in PLACEABLE_PARTS]

    @property
    def order(self) -> list[str]:
        """Everything `sections:` lists, in order: sections, chapters, and placed parts."""
        return [s.name for s in self.config.sections]

    def indicator_ids(self, section: str, registry: Registry) -> list[str]:
        for choice in self.config.sections:
            if choice.name == section and choice.indicators is not None:
                return list(choice.indicators)
        return [ind.id for ind in registry.for_section(section)]

    def key_indicator_ids(self, section: str, registry: Registry) -> set[str]:
        """The section's key indicators (those charted): the ones its list marks `key: true`, or,
        when it marks none, those of its indicators of importance 1 (the registry's, or sef.yml's
        `headlines: importance:` where it says otherwise)."""
        for choice in self.config.sections:
            if choice.name == section and choice.key_indicators:
                return set(choice.key_indicators)
        weight = self.config.headlines.importance
        return {
            i
            for i in self.indicator_ids(section, registry)
            if i in registry and weight.get(i, registry[i].importance) == 1
        }

    def section(self, name: str) -> Section:
        """A section or chapter the edition lists, by name (an ILACS section it does not list is
        still known: a pack or a notebook may ask for one)."""
        for choice in self.config.sections:
            if choice.name == name:
                return section_of(choice)
        if name in SECTIONS:
            return SECTIONS[name]
        raise self._not_listed(name)

    def check_listed(self, names: Iterable[str]) -> None:
        """Each of `names` is a section or chapter the edition lists."""
        for name in names:
            if name not in self.section_names:
                raise self._not_listed(name)

    def _not_listed(self, name: str) -> InputError:
        return InputError(
            self.config_file,
            "does not list this section",
            where="key sections",
            expected=f"{name!r} among the sections",
            found=", ".join(self.section_names),
        )


class LocalIndicator(Strict):
    """An indicator the council defines for itself (no DfE publication): its figures come from
    the edition's local figures file, and it is never ranked or compared with other councils."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    unit: Literal["percent", "rate", "number", "count"]
    per: int | None = None
    decimals: int = 1
    polarity: Literal["higher_better", "lower_better", "contextual"]
    section: str
    definition: str
    period: str = "year to 31 March"
    publication: str = "The council's own figures (not published)"


class _LocalIndicatorsFile(Strict):
    indicators: list[LocalIndicator] = Field(min_length=1)


def load_local_indicators(path: Path, registry: Registry) -> list[Indicator]:
    parsed = load_model(path, _LocalIndicatorsFile)
    local: list[Indicator] = []
    for i, entry in enumerate(parsed.indicators):
        where = f"key indicators[{i}]"
        if entry.id in registry or entry.id in {ind.id for ind in local}:
            raise InputError(
                path,
                "defines an indicator id that is already taken",
                where=f"{where}.id",
                expected="an id of the council's own, not one from the registry",
                found=repr(entry.id),
            )
        if entry.section not in SECTIONS:
            raise InputError(
                path,
                "names an unknown section",
                where=f"{where}.section",
                expected="one of " + ", ".join(SECTIONS),
                found=repr(entry.section),
            )
        try:
            local.append(Indicator.model_validate({**entry.model_dump(), "source": None}))
        except ValidationError as exc:
            raise validation_error(path, exc) from None
    return local
