"""Whether the last good report is up to date, decided without reading any data.

The manifest of the last good report records the digest (SHA-256, never a modification time,
so a fresh checkout of the same files is still up to date) of every file the build read, the
data folder's listing, the package's own code and the options. A build whose recorded files are
all unchanged is up to date: it stops here, before pandas is even imported, and says so.
Kept apart from the build's heavier modules so that this check stays light (sefbook/cache.py
says what else is kept).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from sefbook.digests import code_digest, file_digest
from sefbook.paths import (
    DEFAULT_DATA,
    DEFAULT_EDITION,
    NARRATIVE_DIR,
    QUOTES_FILE,
    notebooks_folder,
    project_root,
    resolve,
)

REPORT_FILE = "report.html"
MANIFEST_FILE = "manifest.json"
FIGURES_FILE = "figures.csv"
TABLES_FILE = "tables.xlsx"  # the performance tables and figures.csv's rows, for a spreadsheet


def listing(folder: Path) -> list[str]:
    """The files and folders of a data or returns folder, by relative name (a folder's ends in /):
    one that appears or goes changes what is read, an empty folder too (an unknown return's is refused)."""
    return sorted(
        str(p.relative_to(folder)) + ("/" if p.is_dir() else "") for p in folder.rglob("*") if p.is_file() or p.is_dir()
    )


# Recorded in place of a digest for a file that changed while the build read it: it never
# matches a digest, so the next build reads the file again
CHANGED_WHILE_READ = "changed while the build read it"


def _signature(path: Path) -> tuple[int, ...] | None:
    """A file's stat as far as a change to it shows (the change time cannot be set back): None
    if it is not a regular file."""
    try:
        s = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(s.st_mode):
        return None
    return (s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino, s.st_dev)


class Snapshot:
    """Input files' digests, each taken before the build read the file, with its stat then: a
    file whose stat differs later may have been read in another state than its digest says."""

    def __init__(self) -> None:
        self.digests: dict[str, str] = {}
        self.stats: dict[str, tuple[int, ...]] = {}

    def take(self, paths: Iterable[Path | str]) -> Snapshot:
        """Digest the files not taken yet (those that are regular files)."""
        for path in paths:
            name = str(path)
            if name in self.digests:
                continue
            signature = _signature(Path(name))
            if signature is None:
                continue
            try:
                self.digests[name] = file_digest(Path(name))
            except OSError:
                continue
            self.stats[name] = signature  # taken before the digest: a write meanwhile shows later
        return self

    def steady(self) -> bool:
        """Whether every file taken is as it was then (else what was read of it is not known)."""
        return all(_signature(Path(name)) == signature for name, signature in self.stats.items())

    def recorded(self, name: str) -> str:
        """The digest to record for a file read: the one taken before it was read, or a mark that
        it changed meanwhile; one taken now for a file this snapshot has not got."""
        if name not in self.digests:
            return file_digest(Path(name))
        return self.digests[name] if _signature(Path(name)) == self.stats[name] else CHANGED_WHILE_READ


def record(
    files: list[Path],
    options: dict[str, object],
    listings: dict[str, list[str]],
    outline: dict[str, object] | None = None,
    snapshot: Snapshot | None = None,
    report: str = "",
) -> dict[str, object]:
    """The build record a manifest keeps for compare(): the code, the options, the data folders'
    listings and every file read with its digest taken before it was read (`snapshot`: a file
    that changed while the build ran is recorded as such, and read again by the next build);
    the outline (build/outline.py) and the report page's digest (a rebuild of the words alone
    changes that page only if it is the one built)."""
    snapshot = snapshot or Snapshot()
    return {
        "code": code_digest(),
        "options": options,
        "listings": listings,
        "files": {str(f): snapshot.recorded(str(f)) for f in files},
        **({"outline": outline} if outline else {}),
        **({"report": report} if report else {}),
    }


def recorded_files(manifest: Path) -> list[str]:
    """The input files the last good report's manifest records ([] if there is none to read)."""
    try:
        files = json.loads(manifest.read_text(encoding="utf-8"))["build"]["files"]
        return [str(name) for name in files] if isinstance(files, dict) else []
    except (OSError, ValueError, KeyError, TypeError):
        return []


class LastBuild(NamedTuple):
    """The last good report against the inputs as they are now, file by file."""

    built_at: str
    changed: list[Path]  # recorded input files whose content differs now ([]: up to date)
    # the recorded files' digests now (those that are there): each file read once
    digests: Mapping[str, str] = MappingProxyType({})
    snapshot: Snapshot | None = None  # the same digests with each file's stat, for the build's record


def compare(manifest: Path, options: dict[str, object], outputs: list[Path]) -> LastBuild | None:
    """When the report was built and which of its files changed since; None when more than its
    files changed (the code, the options, the listing of the data or returns folder, an output
    missing) or there is no usable manifest: then anything may have."""
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
        build = recorded["build"]
        if build["options"] != options or not all(o.is_file() for o in outputs):
            return None
        if build["code"] != code_digest():
            return None
        for folder, files in build["listings"].items():  # the data folder, and the returns folder if any
            if not Path(folder).is_dir() or listing(Path(folder)) != files:
                return None
        snapshot = Snapshot().take(build["files"])
        now = snapshot.digests
        changed = [Path(name) for name, recorded_digest in build["files"].items() if now.get(name) != recorded_digest]
        return LastBuild(str(recorded.get("built_at", "")), changed, now, snapshot)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no manifest, or one from an older sefbook: build


def up_to_date(manifest: Path, options: dict[str, object], outputs: list[Path]) -> str | None:
    """The time the report was built, if it is up to date with its inputs; None if anything
    changed (a file, the listing of the data or returns folder, the code, the options) or any
    output is missing."""
    last = compare(manifest, options, outputs)
    return last.built_at if last is not None and not last.changed else None


class Request(NamedTuple):
    """A build asked for: the report's folder name, the options that decide what it holds (not
    how fast it is made: workers are left out) and the data folder."""

    name: str
    options: dict[str, object]
    data: Path


def output_root(output_dir: str | Path | None) -> Path:
    return Path(output_dir).resolve() if output_dir else project_root() / "output"


def _options(
    kind: str,
    what: str,
    data: Path,
    notebooks_dir: str | Path | None,
    formats: tuple[str, ...],
    period: str,
    **more: object,
) -> dict[str, object]:
    notebooks = str(notebooks_folder(notebooks_dir))
    return {
        "kind": kind,
        "of": what,
        "data": str(data),
        "notebooks": notebooks,
        "formats": sorted(formats),
        "period": period,
        **more,
    }


def edition_request(
    edition_dir: str | Path,
    data_dir: str | Path,
    notebooks_dir: str | Path | None,
    formats: tuple[str, ...],
    period: str,
    returns: str | Path | None = None,
) -> Request:
    edition, data = resolve(edition_dir), resolve(data_dir)
    options = _options(
        "quarterly" if period else "annual",
        str(edition),
        data,
        notebooks_dir,
        formats,
        period,
        returns=str(resolve(returns)) if returns else "",
    )
    return Request(f"{edition.name}-{period}" if period else edition.name, options, data)


def pack_request(
    la_code: str, data_dir: str | Path, notebooks_dir: str | Path | None, formats: tuple[str, ...], strict: bool
) -> Request:
    data = resolve(data_dir)
    # a pack's folder is named by the old code; given a new code, the name is known only from the data
    name = f"pack-{la_code}" if la_code.isdigit() else ""
    return Request(name, _options("pack", la_code, data, notebooks_dir, formats, "", strict=strict), data)


def last_build(request: Request, output_dir: str | Path | None, formats: tuple[str, ...]) -> LastBuild | None:
    """The last good report of this request against its inputs now (None: none to compare)."""
    if not request.name:
        return None
    destination = output_root(output_dir) / request.name
    report = destination / REPORT_FILE
    outputs = [report, *(report.with_suffix(f".{f}") for f in formats if f != "html")]
    return compare(destination / MANIFEST_FILE, request.options, outputs)


def words_alone(last: LastBuild | None, edition: Path) -> bool:
    """Whether what changed since the last good report is only an edition's words: narratives,
    the pictures beside them, quotes. A build will then most likely render them in its own
    process (build/words.py) and need no kernel."""
    if last is None or not last.changed:
        return False
    return all(f.is_relative_to(edition / NARRATIVE_DIR) or f == edition / QUOTES_FILE for f in last.changed)


def before_reading(
    request: Request, output_dir: str | Path | None, last: LastBuild | None, edition: Path | None = None
) -> Snapshot:
    """The digests of what a build is about to read, taken before it reads any of it: the files
    the last good report recorded (digested already if `last` compared them) and the edition
    folder's own files; the rest are taken as soon as the build knows them (Snapshot.take)."""
    if last is not None and last.snapshot is not None:
        snapshot = last.snapshot
    else:
        manifest = output_root(output_dir) / request.name / MANIFEST_FILE
        snapshot = Snapshot().take(recorded_files(manifest) if request.name else [])
    if edition is not None and edition.is_dir():
        snapshot.take(
            sorted(
                p.resolve()
                for p in edition.rglob("*")
                if not any(part.startswith(".") for part in p.relative_to(edition).parts) and p.is_file()
            )
        )
    return snapshot


@dataclass(frozen=True)
class BuildRequest:
    """A report asked for: an edition's (or, with `la_code`, a council's data-only pack) and how."""

    edition: str | Path = DEFAULT_EDITION
    la_code: str = ""  # a pack for this council, in place of an edition
    data_dir: str | Path = DEFAULT_DATA
    output_dir: str | Path | None = None
    notebooks_dir: str | Path | None = None
    workers: int | None = None
    formats: tuple[str, ...] = ("html",)
    period: str = ""  # a quarterly report, such as '2025-Q2'
    returns: str | Path | None = None  # the council's returns folder, in place of sef.yml's
    strict: bool = False  # a pack stops at an indicator whose file cannot be read
    fresh: bool = False  # build every part again, ignoring what earlier builds kept
    # when only words changed, rebuild from the last outline without the data (the command line does)
    words_without_data: bool = False

    @property
    def is_pack(self) -> bool:
        return bool(self.la_code)

    def target(self) -> Request:
        """The report's folder name, the options that decide what it holds, and the data folder."""
        if self.is_pack:
            return pack_request(self.la_code, self.data_dir, self.notebooks_dir, self.formats, self.strict)
        return edition_request(self.edition, self.data_dir, self.notebooks_dir, self.formats, self.period, self.returns)


@dataclass(frozen=True)
class BuildPlan:
    """What a build will do, decided once from the last good report and the inputs now."""

    request: BuildRequest
    target: Request
    last: LastBuild | None  # the last good report against the inputs now (each input hashed once, here)
    up_to_date: bool  # nothing changed: nothing runs
    words_only: bool  # only an edition's words changed: rebuilt from the last outline, no data, no kernel

    @property
    def destination(self) -> Path:
        return output_root(self.request.output_dir) / self.target.name

    @property
    def report(self) -> Path:
        return self.destination / REPORT_FILE


def plan_build(request: BuildRequest) -> BuildPlan:
    """The plan of a build; the last good report is compared also with `fresh`: its digests are
    those of the inputs before the build reads them."""
    target = request.target()
    last = last_build(target, request.output_dir, request.formats)
    changed = last is None or bool(last.changed)
    return BuildPlan(
        request=request,
        target=target,
        last=last,
        up_to_date=not request.fresh and not changed,
        words_only=(
            not request.fresh
            and request.words_without_data
            and not request.is_pack
            and words_alone(last, resolve(request.edition))
        ),
    )
