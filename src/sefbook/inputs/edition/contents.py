"""An edition once read: its configuration, narrative, quotes, plan and areas for improvement,
and the files it reads."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from sefbook.errors import InputError
from sefbook.inputs.edition.config import PLACEABLE_PARTS, EditionConfig, Fact, section_of
from sefbook.inputs.edition.improvement import AreasForImprovement
from sefbook.inputs.edition.markdown import image_file, images
from sefbook.inputs.edition.personal import returns_references, scan_files
from sefbook.inputs.edition.plan import Plan
from sefbook.inputs.files import inside
from sefbook.inputs.published.registry import Registry
from sefbook.inputs.sections import SECTIONS, Section
from sefbook.paths import EDITION_FILE, NARRATIVE_DIR, QUOTES_FILE


@dataclass(frozen=True)
class Quote:
    section: str
    text: str
    who: str
    where: str
    publish: bool = True  # false: for internal versions only (consent given for that alone)
    shows: str = ""  # for a long testimony: a line on what it shows


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
        return checked(replace(self, config=self.config.model_copy(update={"returns": str(Path(folder).resolve())})))

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


def _check_returns(folder: Path) -> None:
    """Every file and folder in the returns folder (which the edition, or --returns, declares) is
    in it, links followed: the returns' readers follow links."""
    for top, folders, files in os.walk(folder):  # which follows no link: only a link can lead out
        for path in (Path(top) / name for name in [*folders, *files]):
            if path.is_symlink():
                inside(path, [folder], "the returns folder")


def checked(edition: Edition) -> Edition:
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
