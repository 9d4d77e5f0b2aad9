"""A build's outline: what the report was made of, kept in its manifest for the next build.

A build works out, from the edition and the data, the report's parts in order (each with its
notebook, parameters and cache key), its title, its front matter, the key of figures.csv, and
the files it read. All of it but the words (a section's narrative, the pictures it shows, its
quotes; the responses in narratives' front matter; what narratives say of last year's plans)
comes from files that are not words. So when the words alone changed since the last good report
(build/freshness.py says so, file by file), the last outline still holds for everything else,
and a rebuild (build/words.py) needs the edition's words and this outline, never the data: no
pandas, no kernel.

What each part reads of the words is worked out here, in one place, for both: sefbook/cache.py's
keys and the words rebuild.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from types import MappingProxyType

from sefbook.digests import digest, file_digest
from sefbook.domain import ReportKind
from sefbook.inputs.edition.contents import Edition
from sefbook.inputs.edition.promises import reported
from sefbook.inputs.pack import Pack

NOTHING_KNOWN: Mapping[str, str] = MappingProxyType({})


def file_pieces(paths: list[Path], known: Mapping[str, str] = NOTHING_KNOWN) -> list[str]:
    """Each file's name and content digest ("absent" if it is not there), for a cache key.
    `known`: the digests the build took before reading its inputs (by resolved path): each
    file is hashed once per build."""
    return [piece for p in paths for piece in (p.name, _digest_of(p, known))]


def _digest_of(path: Path, known: Mapping[str, str]) -> str:
    if (taken := known.get(str(path.resolve()))) is not None:
        return taken
    return file_digest(path) if path.is_file() else "absent"


def words_read(edition: Edition | Pack, part: str, section: bool, known: Mapping[str, str] = NOTHING_KNOWN) -> str:
    """A digest of what part `part` (a section if `section`) reads of the edition's words; "" if
    it reads none of them. `known`: as file_pieces()."""
    if section:
        return digest(
            *file_pieces(edition.narrative_files(part), known),
            json.dumps([asdict(q) for q in edition.quotes_for(part)], sort_keys=True, default=str),
        )
    if part == "headlines":  # the council's responses, in its narratives' front matter
        return digest(json.dumps(edition.responses, sort_keys=True))
    if part == "changes":  # what this year's narratives say of last year's plans
        told = {s: [asdict(r) for r in reported(edition.narrative.get(s, ""))] for s in edition.section_names}
        return digest(json.dumps(told, sort_keys=True))
    return ""


@dataclass(frozen=True)
class PartOutline:
    name: str
    title: str
    notebook: str  # its path
    parameters: dict[str, object]  # all that papermill gives it
    section: bool  # served by the section notebook (its words may be rendered without a kernel)
    rest: str  # its cache key but the words (sefbook/cache.py's PartKey)
    words: str


@dataclass(frozen=True)
class Outline:
    kind: ReportKind
    title: str
    front_matter: dict[str, object]  # render/pages.py's front_matter(): all the title block says but the date
    parts: list[PartOutline]
    figures: str  # the key figures.csv and tables.xlsx are kept under in the parts cache
    read: list[str]  # the files read but the edition's own: data, registry, notebooks (the manifest's inputs)
    previous: list[str]  # last year's edition's files (compared, not listed)
    edition: str  # the manifest's name, title and status of the report
    edition_title: str
    status: str

    def to_record(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_record(cls, record: object) -> Outline | None:
        """The outline a manifest holds; None if it holds none (an older sefbook's) or not this shape."""
        try:
            fields = dict(record)  # type: ignore[call-overload]
            parts = [PartOutline(**p) for p in fields.pop("parts")]
            return cls(kind=ReportKind(fields.pop("kind")), parts=parts, **fields)
        except (TypeError, ValueError, KeyError):
            return None
