"""Read and validate an edition: sef.yml, one narrative file per section, and the quotes file.

An edition is a folder under sefs/ (for example sefs/example-2025). Everything here is checked
before any notebook runs, and every problem names its file and key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, TypeVar

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from sefbook.errors import InputError
from sefbook.analysis.headlines import HeadlineRules
from sefbook.inputs.registry import Registry, default_registry
from sefbook.inputs.sections import NARRATIVE_HEADINGS, SECTIONS

if TYPE_CHECKING:
    from sefbook.inputs.improvement import AreasForImprovement
    from sefbook.inputs.plan import Plan

M = TypeVar("M", bound=BaseModel)

EDITION_FILE = "sef.yml"
NARRATIVE_DIR = "narrative"
QUOTES_FILE = "quotes.yml"


def _old_la_code(value: object) -> object:
    # YAML reads 991 as an integer; old LA codes are three-character strings ("201".."999").
    return f"{value:03d}" if isinstance(value, int) else value


OldLaCode = Annotated[str, BeforeValidator(_old_la_code), Field(pattern=r"^\d{3}$")]
NewLaCode = Annotated[str, Field(pattern=r"^E\d{8}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SectionChoice(_Strict):
    """A section in sef.yml, optionally with the indicators it shows (default: the registry's)."""

    name: str
    indicators: list[str] | None = None


def _section_choice(value: object) -> object:
    return {"name": value} if isinstance(value, str) else value


class EditionConfig(_Strict):
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
    # internal: everything shown. publication: figures resting on fewer than
    # suppression_threshold children are shown as "c", and quotes with publish: false left out.
    audience: Literal["internal", "publication"] = "internal"
    suppression_threshold: int = Field(default=5, ge=1)
    # The yearly cycle (paths relative to the edition folder; a plan may be shared by editions)
    plan: str | None = None  # the departmental plan: vision, ambitions, priorities, measures, actions
    areas_for_improvement: str | None = None  # the last inspection's areas for improvement
    previous_edition: str | None = None  # last year's edition, for "what changed"


@dataclass(frozen=True)
class Quote:
    section: str
    text: str
    who: str
    where: str
    publish: bool = True  # false: for internal versions only (consent given for that alone)


class _QuoteModel(_Strict):
    section: str
    text: str = Field(min_length=1)
    who: str = Field(min_length=1)
    where: str = Field(min_length=1)
    publish: bool = True


class _QuotesFile(_Strict):
    quotes: list[_QuoteModel]


@dataclass(frozen=True)
class Edition:
    """A validated edition: configuration, narrative text per section, and quotes (and, where
    the edition has them, its plan and the last inspection's areas for improvement)."""

    folder: Path
    config: EditionConfig
    narrative: dict[str, str]  # section name -> markdown
    quotes: tuple[Quote, ...]
    plan: "Plan | None" = None
    improvement: "AreasForImprovement | None" = None

    @property
    def linked_indicators(self) -> list[str]:
        """Indicator ids the plan's measures and the areas for improvement name."""
        ids = [m.indicator for m in self.plan.measures] if self.plan else []
        ids += [i for area in self.improvement.areas for i in area.indicators] if self.improvement else []
        return list(dict.fromkeys(ids))

    def path(self, relative: str) -> Path:
        return (self.folder / relative).resolve()

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def title(self) -> str:
        c = self.config
        return c.title or f"{c.la_name} children's services self-evaluation {c.year}"

    @property
    def section_names(self) -> list[str]:
        return [s.name for s in self.config.sections]

    def indicator_ids(self, section: str, registry: Registry) -> list[str]:
        for choice in self.config.sections:
            if choice.name == section:
                if choice.indicators is not None:
                    return list(choice.indicators)
        return [ind.id for ind in registry.for_section(section)]

    def quotes_for(self, section: str) -> list[Quote]:
        return [q for q in self.quotes if q.section == section]

    def input_files(self) -> list[Path]:
        files = [self.folder / EDITION_FILE, self.folder / QUOTES_FILE]
        files += [self.folder / NARRATIVE_DIR / SECTIONS[s].narrative for s in self.section_names]
        for extra in (self.config.local_figures, self.config.plan, self.config.areas_for_improvement):
            if extra:
                files.append(self.folder / extra)
        return [f for f in files if f.exists()]


def read_text(path: Path) -> str:
    """Read a text file whatever its line endings or byte-order mark (files come from Windows too)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, "is not UTF-8 text", where=f"byte {exc.start}",
                         expected="a file saved as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_yaml(path: Path) -> object:
    text = read_text(path)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and start:  # where the unclosed bracket or quote began, which is what to fix
            problem += f" ({context} that starts at line {start.line + 1}, column {start.column + 1})"
        raise InputError(path, "is not valid YAML", where=where, found=problem) from None


def validation_error(path: Path, exc: ValidationError) -> InputError:
    errors = exc.errors()
    # An unknown key usually explains a missing one (a misspelling), so it is reported first.
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = ".".join(str(p) for p in err["loc"])
    found = err.get("input")
    where = f"key {loc}" if loc else None
    if err["type"] == "missing":
        return InputError(path, "is missing a required key", where=where)
    if err["type"] == "extra_forbidden":
        return InputError(path, "has a key sefbook does not know (a misspelling?)", where=where)
    return InputError(path, "has an invalid value", where=where,
                      expected=err["msg"].removeprefix("Value error, "), found=repr(found))


def load_model(path: Path, model: type[M]) -> M:
    """Read a YAML file into a validated model; an error names the file and the key."""
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise InputError(path, "is not a mapping of keys to values", found=type(raw).__name__)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise validation_error(path, exc) from None


def _check_headings(path: Path, markdown: str) -> None:
    """Each narrative has the four SEF headings, as level-2 headings, in order."""
    found = [m.group(1).strip() for m in re.finditer(r"^##\s+(.+?)\s*#*\s*$", markdown, re.M)]
    found_lower = [h.lower() for h in found]
    positions = []
    for heading in NARRATIVE_HEADINGS:
        if heading.lower() not in found_lower:
            raise InputError(path, "is missing a narrative heading",
                             expected=f"'## {heading}'", found=", ".join(found) or "no '##' headings")
        positions.append(found_lower.index(heading.lower()))
    if positions != sorted(positions):
        raise InputError(path, "has the narrative headings out of order",
                         expected=" / ".join(NARRATIVE_HEADINGS), found=" / ".join(found))


def load_edition(folder: str | Path, registry: Registry | None = None, *, require_narrative: bool = True) -> Edition:
    """Read and validate an edition folder. Raises InputError naming the file and key.
    Without `require_narrative` (a quarterly report) a section's narrative may be missing."""
    registry = registry or default_registry()
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "edition folder not found", expected=f"a folder holding {EDITION_FILE}")
    config_path = folder / EDITION_FILE
    config = load_model(config_path, EditionConfig)

    for i, choice in enumerate(config.sections):
        if choice.name not in SECTIONS:
            raise InputError(config_path, "names an unknown section", where=f"key sections[{i}]",
                             expected="one of " + ", ".join(SECTIONS), found=repr(choice.name))
        for ind in choice.indicators or []:
            if ind not in registry:
                raise InputError(config_path, "names an unknown indicator id",
                                 where=f"key sections[{i}].indicators",
                                 expected="an id from the registry (src/sefbook/inputs/indicators.yml)",
                                 found=repr(ind))
    names = [c.name for c in config.sections]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InputError(config_path, "lists a section twice", where="key sections",
                         found=", ".join(duplicates))

    narrative = {}
    for name in names:
        path = folder / NARRATIVE_DIR / SECTIONS[name].narrative
        if not path.exists():
            if not require_narrative:
                continue
            raise InputError(path, "narrative file not found",
                             expected=f"a markdown file for section {name!r} with the four headings")
        narrative[name] = read_text(path)
        _check_headings(path, narrative[name])

    quotes: tuple[Quote, ...] = ()
    quotes_path = folder / QUOTES_FILE
    if quotes_path.exists():
        parsed = load_model(quotes_path, _QuotesFile)
        for i, q in enumerate(parsed.quotes):
            if q.section not in SECTIONS:
                raise InputError(quotes_path, "names an unknown section", where=f"key quotes[{i}].section",
                                 expected="one of " + ", ".join(SECTIONS), found=repr(q.section))
        quotes = tuple(Quote(**q.model_dump()) for q in parsed.quotes
                       if q.publish or config.audience == "internal")

    from sefbook.inputs.improvement import load_areas_for_improvement  # here: they read files through this module
    from sefbook.inputs.plan import load_plan

    plan = load_plan(folder / config.plan, registry) if config.plan else None
    improvement = (load_areas_for_improvement(folder / config.areas_for_improvement, registry)
                   if config.areas_for_improvement else None)
    if config.previous_edition and not (folder / config.previous_edition / EDITION_FILE).exists():
        raise InputError(config_path, "names a previous edition that is not there", where="key previous_edition",
                         expected=f"a folder holding {EDITION_FILE}, relative to the edition",
                         found=repr(config.previous_edition))
    return Edition(folder=folder.resolve(), config=config, narrative=narrative, quotes=quotes, plan=plan,
                   improvement=improvement)
