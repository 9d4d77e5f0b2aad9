"""An edition once read: its configuration, narrative, quotes, plan and areas for improvement,
and the files it reads."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from sefbook.digests import folder_digests
from sefbook.inputs.edition.config import PLACEABLE_PARTS, Configured
from sefbook.inputs.edition.improvement import AreasForImprovement
from sefbook.inputs.edition.markdown import image_file, images
from sefbook.inputs.edition.personal import returns_references, scan_files
from sefbook.inputs.edition.plan import Plan
from sefbook.inputs.files import inside
from sefbook.inputs.published.registry import Registry
from sefbook.paths import EDITION_FILE, NARRATIVE_DIR, QUOTES_FILE


@dataclass(frozen=True)
class Quote:
    section: str
    text: str
    who: str
    where: str
    publish: bool = True  # false: for internal versions only (consent given for that alone)
    shows: str = ""  # for a long testimony: a line on what it shows


@dataclass(frozen=True, kw_only=True)
class Edition(Configured):
    """A validated edition: its folder, configuration, narrative text per section, and quotes (and,
    where the edition has them, its plan and the last inspection's areas for improvement). A
    data-only pack is not an edition: it is a Pack (inputs/pack.py)."""

    folder: Path
    narrative: dict[str, str]  # section name -> markdown
    quotes: tuple[Quote, ...]
    plan: Plan | None = None
    improvement: AreasForImprovement | None = None
    registry: Registry  # the registry it was checked against, with the council's own indicators
    # The council's response to an indicator that is an area for targeted activity, from the
    # narratives' front matter (indicator id -> text); it comes before the areas for improvement's.
    responses: dict[str, str] = field(default_factory=dict)
    # What looks like a child's personal data in the words, for an internal report (publication
    # mode refuses it): one line each, naming the file, the line and the kind, never the value.
    warnings: tuple[str, ...] = ()
    # Each file in the returns folder by its path there and its content's digest, taken once when the
    # edition was checked, for the returns' figures to be kept by (None: no returns folder, or unlisted).
    returns_files: tuple[tuple[str, str], ...] | None = None

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

    def path(self, relative: str) -> Path:
        return (self.folder / relative).resolve()

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def config_file(self) -> Path:
        return self.folder / EDITION_FILE

    def quotes_for(self, section: str) -> list[Quote]:
        return [q for q in self.quotes if q.section == section]

    def narrative_files(self, section: str) -> list[Path]:
        """A section's narrative file and the pictures it shows."""
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
        if not folder:
            return self
        return checked(replace(self, config=self.config.model_copy(update={"returns": str(Path(folder).resolve())})))

    def words_files(self) -> list[Path]:
        """The files the council writes, whose text may reach the report (scanned for personal data)."""
        c = self.config
        files = [self.folder / EDITION_FILE, self.folder / QUOTES_FILE]
        files += [self.folder / NARRATIVE_DIR / self.section(s).narrative for s in self.section_names]
        return files + [
            self.folder / extra
            for extra in (c.plan, c.areas_for_improvement, c.local_figures, c.local_indicators)
            if extra
        ]

    def input_files(self) -> list[Path]:
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
    refused in publication mode, a warning each otherwise (inputs/edition/personal.py)."""
    c = edition.config
    returns = edition.path(c.returns) if c.returns else None
    files = None
    if returns is not None and returns.is_dir():
        _check_returns(returns)
        try:
            files = folder_digests(returns)
        except OSError:  # unreadable: the returns' readers refuse it, naming the file
            files = None
    findings = scan_files(edition.words_files(), returns_references(returns, dict(files or ())))
    if findings and c.audience == "publication":
        raise findings[0].refusal()
    return replace(edition, warnings=tuple(dict.fromkeys(f.warning for f in findings)), returns_files=files)
