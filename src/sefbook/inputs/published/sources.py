"""`sefbook sources`: which files to download, and from where. For each publication the registry
reads (its `publications:`), the page to get its files from, each file's pattern and where on the
page it is, and the indicators it gives; with a data folder, which files the folder holds and which
indicators are missing for want of the others. Only the folder's names are looked at (a glob per
pattern): `sefbook indicators --data` reads the files."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from sefbook.inputs.published.reader import data_folder
from sefbook.inputs.published.registry import Indicator, Registry


@dataclass(frozen=True)
class FileSource:
    pattern: str  # as the registry's sources read it (a glob)
    where: str  # where on the publication's page it is
    indicators: tuple[str, ...]  # the indicators whose source reads it
    populations: tuple[str, ...] = ()  # the populations (denominators of rates) read from it
    found: tuple[str, ...] = ()  # with a data folder: the files in it matching the pattern


@dataclass(frozen=True)
class PublicationSources:
    id: str
    title: str
    publisher: str
    page: str | None  # None: not published nationally (the note says where it comes from)
    note: str
    files: tuple[FileSource, ...]
    looked_in: Path | None = None  # the data folder looked in, if any
    missing: tuple[str, ...] = ()  # indicators missing from that folder for want of this publication's files

    @property
    def indicators(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i for f in self.files for i in f.indicators))

    @property
    def files_missing(self) -> tuple[str, ...]:
        return tuple(f.pattern for f in self.files if not f.found) if self.looked_in else ()


@dataclass(frozen=True)
class OwnFigure:
    """An indicator with no file to download: computed from the council's own returns."""

    id: str
    computed_from: tuple[str, ...]


def sources(registry: Registry, data_dir: str | Path | None = None) -> tuple[list[PublicationSources], list[OwnFigure]]:
    """Each publication with its files and indicators, and the indicators from the council's own
    returns; with `data_dir`, what the folder holds of each publication and what is missing."""
    pubs = [_publication(registry, pub_id) for pub_id in registry.publications]
    own = [OwnFigure(ind.id, tuple(ind.computed_from or ())) for ind in registry.returns_only]
    if data_dir is None:
        return pubs, own
    folder = data_folder(data_dir)
    looked = [replace(p, looked_in=folder, files=tuple(_found(folder, f) for f in p.files)) for p in pubs]
    found = {f.pattern for p in looked for f in p.files if f.found}
    return [replace(p, missing=_missing(registry, p, found)) for p in looked], own


def _publication(registry: Registry, pub_id: str) -> PublicationSources:
    pub = registry.publications[pub_id]
    files = tuple(
        FileSource(
            pattern,
            where,
            tuple(ind.id for ind in registry.indicators if ind.source and pattern in ind.source.files),
            tuple(name for name, pop in registry.populations.items() if pattern in pop.file),
        )
        for pattern, where in pub.files.items()
    )
    return PublicationSources(pub_id, pub.title, pub.publisher, pub.page, pub.note, files)


def _found(folder: Path, file: FileSource) -> FileSource:
    return replace(file, found=tuple(sorted(p.name for p in folder.glob(file.pattern))))


def _needs(registry: Registry, ind: Indicator) -> list[tuple[str, ...]]:
    """The file patterns an indicator needs, as groups of which one file each must be there: its
    source's releases (any one will do), each operand's other publication, its population's file."""
    src = ind.source
    if src is None:  # a published indicator always has one
        return []
    groups = [tuple(src.file)] + [tuple(op.file) for op in (src.numerator, src.denominator) if op and op.file]
    if src.population:
        groups.append(tuple(registry.populations[src.population].file))
    return groups


def _missing(registry: Registry, pub: PublicationSources, found: set[str]) -> tuple[str, ...]:
    """The indicators missing because none of a group of files they need, listed by this publication, is there."""
    own = {f.pattern for f in pub.files}
    return tuple(
        ind.id
        for ind in registry.indicators
        if any(set(group) <= own and not found.intersection(group) for group in _needs(registry, ind))
    )


def source_lines(pubs: list[PublicationSources], own: list[OwnFigure]) -> list[str]:
    """The listing as plain text lines for a terminal: a block per publication, then the council's own."""
    lines: list[str] = []
    for pub in pubs:
        lines += _publication_lines(pub) + [""]
    lines.append("From the council's own returns or figures (nothing to download):")
    lines += [f"  {o.id} (computed from its {' and '.join(o.computed_from)})" for o in own]
    lines.append("  and an edition's own indicators, from its local figures file")
    looked = next((p.looked_in for p in pubs if p.looked_in), None)
    return lines + ([_summary(pubs, looked)] if looked else [])


def _publication_lines(pub: PublicationSources) -> list[str]:
    lines = [f"{pub.title} ({pub.publisher})", f"  {pub.page or 'no page to download from'}"]
    lines += [f"  {pub.note}"] if pub.note else []
    for f in pub.files:
        lines += [f"  {f.pattern}", f"    where: {f.where}", f"    gives: {_gives(f)}"]
        if pub.looked_in:
            lines.append(f"    in folder: {', '.join(f.found)}" if f.found else "    not in folder")
    if pub.missing:
        lines.append(f"  missing for want of it: {_ids(pub.missing)}")
    return lines


def _gives(f: FileSource) -> str:
    parts = [_ids(f.indicators)] if f.indicators else []
    parts += [f"population {name}" for name in f.populations]
    return "; ".join(parts) or "no indicator"


def _ids(ids: tuple[str, ...]) -> str:
    return f"{len(ids)} indicator{'s' if len(ids) != 1 else ''}: {', '.join(ids)}"


def _summary(pubs: list[PublicationSources], folder: Path) -> str:
    files = [f for p in pubs for f in p.files]
    missing = {i for p in pubs for i in p.missing}
    return (
        f"{sum(bool(f.found) for f in files)} of {len(files)} files found in {folder}; "
        f"{len(missing)} indicators missing for want of the others"
    )
