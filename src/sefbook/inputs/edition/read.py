"""Read and validate an edition: sef.yml, one narrative file per section, and the quotes file.

An edition is a folder under sefs/ (for example sefs/example-2025). Everything here is checked
before any notebook runs, and every problem names its file and key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from pydantic import Field, StrictBool

from sefbook.errors import InputError, refuse_all
from sefbook.inputs.edition.config import PLACEABLE_PARTS, EditionConfig, load_local_indicators, section_of
from sefbook.inputs.edition.contents import Edition, Quote, checked
from sefbook.inputs.edition.improvement import load_areas_for_improvement
from sefbook.inputs.edition.markdown import check_renders_faithfully
from sefbook.inputs.edition.plan import load_plan
from sefbook.inputs.files import Strict, inside, load_model, read_text
from sefbook.inputs.published.registry import Registry, default_registry
from sefbook.inputs.sections import NARRATIVE_HEADINGS, SECTIONS
from sefbook.paths import EDITION_FILE, NARRATIVE_DIR, QUOTES_FILE


class _QuoteModel(Strict):
    section: str
    text: str = Field(min_length=1)
    who: str = Field(min_length=1)
    where: str = Field(min_length=1)
    publish: StrictBool = True  # "no" (a string) is refused, never taken for a yes or a no
    shows: str = ""


class _QuotesFile(Strict):
    quotes: list[_QuoteModel]


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


def edition_folders(folder: Path, returns: Path | None = None) -> tuple[Path, ...]:
    """The folders an edition's reading draws on, from its sef.yml alone: its own, the previous
    edition's it names (its files may be there), and its returns folder (`returns`, else sef.yml's),
    each once and none inside another. Raises InputError for a sef.yml that cannot be read."""
    config = load_model(folder / EDITION_FILE, EditionConfig)
    roots, _ = _roots(folder, config)
    named = returns or (folder / config.returns if config.returns else None)
    found: list[Path] = []
    for candidate in sorted({p.resolve() for p in [*roots, *([named] if named else [])]}, key=lambda p: len(p.parts)):
        if not any(candidate.is_relative_to(kept) for kept in found):
            found.append(candidate)
    return tuple(found)


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
    followed (pictures: inside the narrative folder), and the returns' inside the returns folder.
    Every indicator id no registry knows, in every file, is refused at once, after the rest."""
    registry = registry or default_registry()
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "edition folder not found", expected=f"a folder holding {EDITION_FILE}")
    config_path, config = _read_config(folder, returns)
    roots, what = _roots(folder, config)
    for key in ("local_indicators", "local_figures", "plan", "areas_for_improvement"):
        if written := getattr(config, key):
            inside(folder / written, roots, what, named_in=config_path, key=key, written=written)
    if config.local_indicators:  # the council's own indicators join the registry for this edition
        registry = registry.with_local(load_local_indicators(folder / config.local_indicators, registry))

    unknown: list[InputError] = []

    def ask(indicator_id: str, file: Path, where: str) -> None:
        if problem := registry.unknown(indicator_id, file, where):
            unknown.append(problem)

    _check_sections(config_path, config, ask)
    narrative, responses = _read_narratives(folder, config_path, config, (roots, what), require_narrative, ask)
    quotes = _read_quotes(folder, config, (roots, what))
    plan = load_plan(folder / config.plan, registry, unknown) if config.plan else None
    improvement = (
        load_areas_for_improvement(folder / config.areas_for_improvement, registry, unknown)
        if config.areas_for_improvement
        else None
    )
    refuse_all(unknown)
    return checked(
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


_Ask = Callable[[str, Path, str], None]  # an indicator id, the file and the key naming it: noted if unknown


def _read_config(folder: Path, returns: str | Path | None) -> tuple[Path, EditionConfig]:
    """sef.yml, read and checked on its own (`returns` in place of its returns folder), before
    anything it names is read."""
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
    return config_path, config


def _check_sections(config_path: Path, config: EditionConfig, ask: _Ask) -> None:
    """sef.yml's headline rules and sections: each section known (or a chapter with a title) and
    listed once, a placed part one the edition has, and every indicator id they name asked about."""
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


def _read_narratives(
    folder: Path,
    config_path: Path,
    config: EditionConfig,
    where: tuple[list[Path], str],
    require_narrative: bool,
    ask: _Ask,
) -> tuple[dict[str, str], dict[str, str]]:
    """Each section's narrative (by section name), and the responses their front matter gives (by
    indicator id, each given once): inside the folders `where` allows, with the four SEF headings
    where the section has them, and rendered faithfully."""
    roots, what = where
    narrative: dict[str, str] = {}
    responses: dict[str, str] = {}
    answered_in: dict[str, Path] = {}
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
    return narrative, responses


def _read_quotes(folder: Path, config: EditionConfig, where: tuple[list[Path], str]) -> tuple[Quote, ...]:
    """The quotes the report may print (all of them in an internal report), each naming a section
    or chapter the edition has; none if the edition has no quotes file."""
    roots, what = where
    names = [c.name for c in config.sections]
    quotes_path = inside(folder / QUOTES_FILE, roots, what)
    if not quotes_path.exists():
        return ()
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
    return tuple(Quote(**q.model_dump()) for q in parsed.quotes if q.publish or config.audience == "internal")
