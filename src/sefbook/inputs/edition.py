"""Read and validate an edition: sef.yml, one narrative file per section, and the quotes file.

An edition is a folder under sefs/ (for example sefs/example-2025). Everything here is checked
before any notebook runs, and every problem names its file and key.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StrictBool, ValidationError, model_validator

from sefbook.errors import InputError, refuse_all
from sefbook.inputs.files import Strict, inside, load_model, read_text, validation_error
from sefbook.inputs.improvement import AreasForImprovement, load_areas_for_improvement
from sefbook.inputs.markdown import check_renders_faithfully, image_file, images
from sefbook.inputs.personal import returns_references, scan_files
from sefbook.inputs.plan import Plan, load_plan
from sefbook.inputs.registry import Indicator, Registry, default_registry
from sefbook.inputs.sections import NARRATIVE_HEADINGS, SECTIONS, Section, split_key_marks
from sefbook.paths import EDITION_FILE, NARRATIVE_DIR, QUOTES_FILE

# Parts an edition may place among its sections in sef.yml (by default they follow them): the
# key in sef.yml that must name the part's file.
PLACEABLE_PARTS = {"plan": "plan", "areas_for_improvement": "areas_for_improvement"}


class ReportKind(StrEnum):
    """What a build makes of an edition (or, for a pack, of the data alone)."""

    annual = "annual"  # an edition's self-evaluation
    quarterly = "quarterly"  # an edition's quarterly performance report (--period)
    pack = "pack"  # a data-only benchmarking pack for any council (--la)


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
    # figures computed the DfE's way, provisional until published (inputs/returns.py)
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


@dataclass(frozen=True)
class Quote:
    section: str
    text: str
    who: str
    where: str
    publish: bool = True  # false: for internal versions only (consent given for that alone)
    shows: str = ""  # for a long testimony: a line on what it shows


class _QuoteModel(Strict):
    section: str
    text: str = Field(min_length=1)
    who: str = Field(min_length=1)
    where: str = Field(min_length=1)
    publish: StrictBool = True  # "no" (a string) is refused, never taken for a yes or a no
    shows: str = ""


class _QuotesFile(Strict):
    quotes: list[_QuoteModel]


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


@dataclass(frozen=True)
class Edition:
    """A validated edition: configuration, narrative text per section, and quotes (and, where
    the edition has them, its plan and the last inspection's areas for improvement). A data-only
    pack has a configuration made from the data and no folder."""

    folder: Path | None
    config: EditionConfig
    narrative: dict[str, str]  # section name -> markdown
    quotes: tuple[Quote, ...]
    plan: Plan | None = None
    improvement: AreasForImprovement | None = None
    registry: Registry | None = None  # the registry it was checked against, with the council's own indicators
    # The council's response to an indicator that is an area for targeted activity, from the
    # narratives' front matter (indicator id -> text); it comes before the areas for improvement's.
    responses: dict[str, str] = field(default_factory=dict)
    # What looks like a child's personal data in the words, for an internal report (publication
    # mode refuses it): one line each, naming the file, the line and the kind, never the value.
    warnings: tuple[str, ...] = ()

    @property
    def linked_indicators(self) -> list[str]:
        """Indicator ids the plan's measures, the areas for improvement and the facts blocks name."""
        ids = [m.indicator for m in self.plan.measures] if self.plan else []
        ids += [i for area in self.improvement.areas for i in area.indicators] if self.improvement else []
        ids += [i for s in self.config.sections for i in self.fact_ids(s.name)]
        return list(dict.fromkeys(ids))

    def asked_for(self, registry: Registry) -> list[tuple[str, Path, str, bool]]:
        """Who asks for each indicator: (id, the file, its key, whether it names the indicator rather
        than show it as its section's by default), in the files' order; for a message that names them."""
        if self.folder is None:
            return []
        c, config_path = self.config, self.folder / EDITION_FILE
        asked = []
        for i, choice in enumerate(c.sections):
            if choice.name in PLACEABLE_PARTS:
                continue
            if choice.indicators is not None:
                asked += [
                    (ind, config_path, f"key sections[{i}].indicators[{j}]", True)
                    for j, ind in enumerate(choice.indicators)
                ]
            else:
                asked += [
                    (ind.id, config_path, f"key sections[{i}]", False) for ind in registry.for_section(choice.name)
                ]
            asked += [
                (f.indicator, config_path, f"key sections[{i}].facts[{j}]", True)
                for j, f in enumerate(choice.facts)
                if f.indicator
            ]
        if self.plan and c.plan:
            asked += [
                (m.indicator, self.folder / c.plan, f"key measures[{k}].indicator", True)
                for k, m in enumerate(self.plan.measures)
            ]
        if self.improvement and c.areas_for_improvement:
            asked += [
                (ind, self.folder / c.areas_for_improvement, f"key areas[{k}].indicators[{j}]", True)
                for k, area in enumerate(self.improvement.areas)
                for j, ind in enumerate(area.indicators)
            ]
        return asked

    def facts(self, section: str) -> list[Fact]:
        return next((c.facts for c in self.config.sections if c.name == section), [])

    def fact_ids(self, section: str) -> list[str]:
        return [f.indicator for f in self.facts(section) if f.indicator]

    def path(self, relative: str) -> Path:
        if self.folder is None:
            raise ValueError("a data-only pack has no edition folder")
        return (self.folder / relative).resolve()

    @property
    def name(self) -> str:
        return self.folder.name if self.folder else ""

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
        raise InputError(
            self.folder / EDITION_FILE if self.folder else "sef.yml",
            "does not list this section",
            where="key sections",
            expected=f"{name!r} among the sections",
            found=", ".join(self.section_names),
        )

    def quotes_for(self, section: str) -> list[Quote]:
        return [q for q in self.quotes if q.section == section]

    def narrative_files(self, section: str) -> list[Path]:
        """A section's narrative file and the pictures it shows."""
        if self.folder is None:
            return []
        folder = self.folder / NARRATIVE_DIR
        files = [folder / self.section(section).narrative]
        for source, _, _ in images(self.narrative.get(section, "")):
            picture = image_file(folder, source)
            if picture is not None and picture.is_file():
                files.append(picture)
        return files

    def with_returns(self, folder: str | Path | None) -> Edition:
        """The edition reading the council's returns from `folder` (`--returns DIR`) in place of
        sef.yml's `returns:`; itself if `folder` is None or empty. The returns are checked and the
        words scanned again for the children they hold."""
        if not folder or self.folder is None:
            return self
        return _checked(replace(self, config=self.config.model_copy(update={"returns": str(Path(folder).resolve())})))

    def words_files(self) -> list[Path]:
        """The files the council writes, whose text may reach the report (scanned for personal data)."""
        if self.folder is None:
            return []
        c = self.config
        files = [self.folder / EDITION_FILE, self.folder / QUOTES_FILE]
        files += [self.folder / NARRATIVE_DIR / self.section(s).narrative for s in self.section_names]
        return files + [
            self.folder / extra
            for extra in (c.plan, c.areas_for_improvement, c.local_figures, c.local_indicators)
            if extra
        ]

    def input_files(self) -> list[Path]:
        if self.folder is None:
            return []
        files = [self.folder / EDITION_FILE, self.folder / QUOTES_FILE]
        files += [f for s in self.section_names for f in self.narrative_files(s)]
        for extra in (
            self.config.local_figures,
            self.config.local_indicators,
            self.config.plan,
            self.config.areas_for_improvement,
        ):
            if extra:
                files.append(self.folder / extra)
        if self.config.returns:  # their digests only ever leave sefbook (the manifest), never their rows
            files += sorted((self.folder / self.config.returns).glob("ssda903-*/*.csv"))
        return [f for f in files if f.exists()]


class _FrontMatter(Strict):
    """What a narrative file may say before its text, between '---' lines (as in Jekyll or Quarto)."""

    # indicator id -> the council's response, shown under the indicator when it is an area for
    # targeted activity ("In response: ...")
    responses: dict[str, str] = Field(default_factory=dict)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)


def split_front_matter(path: Path, markdown: str) -> tuple[_FrontMatter, str]:
    """A narrative's front matter (validated) and its text. The text keeps the front matter's
    lines as blank lines, so that a line number in a message is the file's."""
    found = _FRONT_MATTER.match(markdown)
    if not found:
        if re.match(r"---[ \t]*\r?\n", markdown):  # else its YAML would be printed as the narrative's text
            raise InputError(
                path,
                "opens front matter that is never closed",
                where="line 1",
                expected="a second '---' line after the front matter",
                found="none",
            )
        return _FrontMatter(), markdown
    block = found.group(1)
    front = load_model(path, _FrontMatter, "\n" + block)  # padded: line numbers are the file's
    return front, "\n" * found.group(0).count("\n") + markdown[found.end() :]


def _check_headings(path: Path, markdown: str) -> None:
    """Each narrative has the four SEF headings, as level-2 headings, in order."""
    found = [m.group(1).strip() for m in re.finditer(r"^##\s+(.+?)\s*#*\s*$", markdown, re.MULTILINE)]
    found_lower = [h.lower() for h in found]
    positions = []
    for heading in NARRATIVE_HEADINGS:
        if heading.lower() not in found_lower:
            raise InputError(
                path,
                "is missing a narrative heading",
                expected=f"'## {heading}'",
                found=", ".join(found) or "no '##' headings",
            )
        positions.append(found_lower.index(heading.lower()))
    if positions != sorted(positions):
        raise InputError(
            path,
            "has the narrative headings out of order",
            expected=" / ".join(NARRATIVE_HEADINGS),
            found=" / ".join(found),
        )


def _check_neighbours(path: Path, config: EditionConfig) -> None:
    """The council is not its own neighbour, and no neighbour is counted twice in the average."""
    seen: set[str] = set()
    for i, code in enumerate(config.statistical_neighbours):
        if code == config.old_la_code:
            raise InputError(
                path,
                "lists the council among its own statistical neighbours",
                where=f"key statistical_neighbours[{i}]",
                expected=f"other councils' codes than {config.old_la_code} ({config.la_name})",
                found=repr(code),
            )
        if code in seen:
            raise InputError(
                path,
                "lists a statistical neighbour twice",
                where=f"key statistical_neighbours[{i}]",
                expected="each neighbour once",
                found=repr(code),
            )
        seen.add(code)


def _roots(folder: Path, config: EditionConfig) -> tuple[list[Path], str]:
    """The folders an edition's own files may be in (links followed), and what to call them: its
    own, and the previous edition's it names (a plan or a chapter carried over from last year)."""
    if config.previous_edition:
        return [folder, folder / config.previous_edition], "the edition folder or its previous edition's"
    return [folder], "the edition folder"


def _check_returns(folder: Path) -> None:
    """Every file and folder in the returns folder (which the edition, or --returns, declares) is
    in it, links followed: the returns' readers follow links."""
    for top, folders, files in os.walk(folder):  # which follows no link: only a link can lead out
        for path in (Path(top) / name for name in [*folders, *files]):
            if path.is_symlink():
                inside(path, [folder], "the returns folder")


def _checked(edition: Edition) -> Edition:
    """The edition with its returns checked and its words scanned for a child's personal data:
    refused in publication mode, a warning each otherwise (inputs/personal.py)."""
    c = edition.config
    returns = edition.path(c.returns) if c.returns else None
    if returns is not None and returns.is_dir():
        _check_returns(returns)
    findings = scan_files(edition.words_files(), returns_references(returns))
    if findings and c.audience == "publication":
        raise findings[0].refusal()
    return replace(edition, warnings=tuple(dict.fromkeys(f.warning for f in findings)))


def _check_sign_off(path: Path, config: EditionConfig) -> None:
    given = [key for key in ("signed_off_by", "signed_off_on") if getattr(config, key) is not None]
    if given and config.status == "draft":
        raise InputError(
            path,
            "a draft is not signed off",
            where=f"key {given[0]}",
            expected="status: final, or no sign-off until the report is signed off",
            found="status: draft",
        )
    if len(given) == 1:
        missing = "signed_off_on" if given == ["signed_off_by"] else "signed_off_by"
        raise InputError(
            path,
            "a sign-off needs both who and when",
            where=f"key {missing}",
            expected="signed_off_by (a name and role) and signed_off_on (a date such as 2026-07-15)",
            found="missing",
        )


def load_edition(
    folder: str | Path,
    registry: Registry | None = None,
    *,
    require_narrative: bool = True,
    returns: str | Path | None = None,
) -> Edition:
    """Read and validate an edition folder. Raises InputError naming the file and key.
    Without `require_narrative` (a quarterly report) a section's narrative may be missing.
    `returns` (`--returns DIR`) names the council's returns folder in place of sef.yml's.

    Every file it reads must be inside the edition folder or the previous edition's, links
    followed (pictures: inside the narrative folder), and the returns' inside the returns folder."""
    registry = registry or default_registry()
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "edition folder not found", expected=f"a folder holding {EDITION_FILE}")
    config_path = inside(folder / EDITION_FILE, [folder], "the edition folder")
    config = load_model(config_path, EditionConfig)
    if returns:
        config = config.model_copy(update={"returns": str(Path(returns).resolve())})
    _check_neighbours(config_path, config)
    _check_sign_off(config_path, config)
    if config.previous_edition and (folder / config.previous_edition).resolve() == folder.resolve():
        raise InputError(
            config_path,
            "names itself as its previous edition",
            where="key previous_edition",
            expected="last year's edition folder, relative to this one (such as ../kingsmere-2025)",
            found=repr(config.previous_edition),
        )
    # before anything it declares is read: a file there may be read
    if config.previous_edition and not (folder / config.previous_edition / EDITION_FILE).exists():
        raise InputError(
            config_path,
            "names a previous edition that is not there",
            where="key previous_edition",
            expected=f"a folder holding {EDITION_FILE}, relative to the edition",
            found=repr(config.previous_edition),
        )
    roots, what = _roots(folder, config)
    for key in ("local_indicators", "local_figures", "plan", "areas_for_improvement"):
        if written := getattr(config, key):
            inside(folder / written, roots, what, named_in=config_path, key=key, written=written)
    if config.local_indicators:  # the council's own indicators join the registry for this edition
        registry = registry.with_local(load_local_indicators(folder / config.local_indicators, registry))

    unknown: list[InputError] = []  # every unknown indicator id, in every file, is listed at once

    def ask(indicator_id: str, file: Path, where: str) -> None:
        if problem := registry.unknown(indicator_id, file, where):
            unknown.append(problem)

    rules = config.headlines
    for key, ids in (
        ("pin", rules.pin),
        ("drop", rules.drop),
        ("reword", list(rules.reword)),
        ("wanted", list(rules.wanted)),
        ("importance", list(rules.importance)),
    ):
        for indicator_id in ids:
            ask(indicator_id, config_path, f"key headlines.{key}")
    for i, choice in enumerate(config.sections):
        if choice.name in PLACEABLE_PARTS:  # the plan or the areas for improvement, placed here
            if not getattr(config, PLACEABLE_PARTS[choice.name]):
                raise InputError(
                    config_path,
                    "places a part the edition does not have",
                    where=f"key sections[{i}]",
                    expected=f"key {PLACEABLE_PARTS[choice.name]} naming its file",
                    found=repr(choice.name),
                )
            continue
        if choice.name not in SECTIONS and not choice.title:
            raise InputError(
                config_path,
                "names an unknown section",
                where=f"key sections[{i}]",
                expected="one of " + ", ".join(SECTIONS) + ", or a chapter of the edition's own "
                "with a title (- name: foreword, title: Foreword)",
                found=repr(choice.name),
            )
        for j, ind in enumerate(choice.indicators or []):
            ask(ind, config_path, f"key sections[{i}].indicators[{j}]")
    names = [c.name for c in config.sections]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InputError(config_path, "lists a section twice", where="key sections", found=", ".join(duplicates))

    for i, choice in enumerate(config.sections):
        for j, fact in enumerate(choice.facts):
            if fact.indicator:
                ask(fact.indicator, config_path, f"key sections[{i}].facts[{j}]")

    narrative, responses, answered_in = {}, {}, {}
    for i, choice in enumerate(config.sections):
        if choice.name in PLACEABLE_PARTS:
            continue
        section = section_of(choice)
        path = inside(
            folder / NARRATIVE_DIR / section.narrative,
            roots,
            what,
            key=f"sections[{i}].file",
            named_in=config_path if choice.file else None,
            written=choice.file,
        )
        if not path.exists():
            if not require_narrative:
                continue
            raise InputError(
                path,
                "narrative file not found",
                expected=f"a markdown file for section {section.name!r}"
                + (" with the four headings" if section.sef_headings else ""),
            )
        front, narrative[section.name] = split_front_matter(path, read_text(path))
        for indicator_id, response in front.responses.items():
            ask(indicator_id, path, f"front matter key responses.{indicator_id}")
            if indicator_id in answered_in:
                raise InputError(
                    path,
                    "gives a response another narrative gives",
                    where=f"key responses.{indicator_id}",
                    expected="one response for each indicator",
                    found=f"one in {answered_in[indicator_id].name} too",
                )
            answered_in[indicator_id], responses[indicator_id] = path, response.strip()
        if section.sef_headings:
            _check_headings(path, narrative[section.name])
        check_renders_faithfully(path, narrative[section.name], folder / NARRATIVE_DIR)

    quotes: tuple[Quote, ...] = ()
    quotes_path = inside(folder / QUOTES_FILE, roots, what)
    if quotes_path.exists():
        parsed = load_model(quotes_path, _QuotesFile)
        for i, q in enumerate(parsed.quotes):
            if q.section not in SECTIONS and q.section not in names:
                raise InputError(
                    quotes_path,
                    "names an unknown section",
                    where=f"key quotes[{i}].section",
                    expected="one of " + ", ".join(dict.fromkeys([*SECTIONS, *names])),
                    found=repr(q.section),
                )
        quotes = tuple(Quote(**q.model_dump()) for q in parsed.quotes if q.publish or config.audience == "internal")

    plan = load_plan(folder / config.plan, registry, unknown) if config.plan else None
    improvement = (
        load_areas_for_improvement(folder / config.areas_for_improvement, registry, unknown)
        if config.areas_for_improvement
        else None
    )
    refuse_all(unknown)
    return _checked(
        Edition(
            folder=folder.resolve(),
            config=config,
            narrative=narrative,
            quotes=quotes,
            plan=plan,
            improvement=improvement,
            registry=registry,
            responses=responses,
        )
    )
