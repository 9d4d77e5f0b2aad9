"""What sefbook keeps between runs and within one, where, and keyed by what: every cache in one place.

Every key is a content digest (SHA-256, sefbook/digests.py), never a modification time, and each
key includes the package's code digest where what is kept depends on the code: a change to
sefbook or the libraries it draws with throws the old entries away. A cache only saves time:
one that cannot be read or written is done without (the command line puts a temporary folder in
its place for the run: cli.py), and a damaged entry is deleted and made again. `--fresh` ignores the parts cache; SEFBOOK_CACHE_DIR moves the cache folder.

| what is kept | where | keyed by |
|---|---|---|
| a YAML file's parse (`yaml`) | cache folder `/yaml/` (pickle) | code, the text |
| the registry (`registry`) | cache folder `/registry/` (pickle) | code, the registry files' digests |
| a data folder's canonical table (`tables`) | cache folder `/tables/` (pickle) | code, each file's name and digest, the indicators read |
| the council's returns' figures (`returns`) | cache folder `/returns/` (pickle) | code, each file's name in the folder and digest, its subfolders' names, population, council |
| one kind of return's figures (`returns-by-kind`: SSDA903, CIN census, Annex A) | cache folder `/returns-by-kind/` (pickle) | code, the reader, its own folders' files (names and digests) and folders, population, council |
| a drawn chart (`charts`) | cache folder `/charts/` (pickle) | code, chart kind, indicator, labels, the data's hash |
| compiled report templates | cache folder `/templates/<code>/` (Jinja bytecode) | code, template |
| each part's executed notebook | `<output>/.sefbook-cache/<report>/` | the part's key (build/keys.py): what it reads, its words apart |
| figures.csv and tables.xlsx | `<output>/.sefbook-cache/<report>/` | every row of the table, the configuration, code |
| the last good report (up to date?) | `<output>/<report>/manifest.json` | each input file's digest, listings, options, code (build/freshness.py) |
| a CSV, workbook sheet or export read (in memory) | `ContentCache` in this process | the file's path and digest |
| a data folder's reading, crosswalks, a pack's or an edition's inputs, a notebook's parameters (in memory) | module dicts: inputs/published/reader.py `_READ`, folder.py `_CROSSWALKS`; notebook.py `_KEPT`; build/kernels.py `_DECLARED` | the folders' files' digests (and an edition's folders' names), checked by the first part of each build a kernel runs (`notebook.in_build`), which a build gives its own reading (`notebook.share_reading`, never kept past the build); the notebook's digest |

The cache folder is `$SEFBOOK_CACHE_DIR`, else `$XDG_CACHE_HOME/sefbook`, else `~/.cache/sefbook`:
outside the project, like pip's. The parts cache is beside the reports it serves: a part is
reused only if its key is unchanged, and a part that read a file changed while the build ran
is not kept at all (build/freshness.py's Snapshot). When only a section's words changed, its
kept notebook's table and charts still stand, and build/words.py renders the words again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from sefbook.digests import digest

KEPT_TABLES = 24  # canonical tables kept in the cache folder (the most recently used)
KEPT_SMALL = 512  # small things (a YAML file's parse): many, and cheap to keep
PARTS_CACHE = ".sefbook-cache"  # under the output folder: each report's kept parts, and its build lock

T = TypeVar("T")


class ContentCache(Generic[T]):
    """What is worked out from a file's bytes, kept in this process by the file's path and the
    digest of those very bytes (read once: hashed, then worked out from): a file rewritten with
    the same size and modification time is worked out again. A failure is not kept."""

    def __init__(self, most: int) -> None:
        self.most = most
        self._kept: dict[tuple[Hashable, ...], T] = {}

    def get(self, path: Path, make: Callable[[bytes], T], *options: Hashable) -> tuple[str, T]:
        """The content's digest and `make(content)`, worked out at most once per path, content and options."""
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        key = (str(path.resolve()), sha, *options)
        if key in self._kept:
            return sha, self._kept[key]
        return sha, self._keep(key, make(data))

    def known(self, path: Path, sha: str, make: Callable[[bytes], T], *options: Hashable) -> T:
        """`make(content)` for a file whose digest was taken already (`sha`): read only if not kept
        for that digest, and then kept under the digest of what was read."""
        key = (str(path.resolve()), sha, *options)
        if key in self._kept:
            return self._kept[key]
        return self.get(path, make, *options)[1]

    def _keep(self, key: tuple[Hashable, ...], value: T) -> T:
        if len(self._kept) >= self.most:
            self._kept.clear()
        self._kept[key] = value
        return value


def cache_dir() -> Path:
    if os.environ.get("SEFBOOK_CACHE_DIR"):
        return Path(os.environ["SEFBOOK_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sefbook"


def usable_cache_dir() -> Path | None:
    """The cache folder, made if need be; None when it cannot be used (`cache_problem` says why)."""
    return None if cache_problem() else cache_dir()


def cache_problem() -> str | None:
    """Why the cache folder cannot be used, or None. A cache only saves time: without one,
    everything is worked out again (the command line says so once)."""
    return _problem(str(cache_dir()))


@lru_cache(maxsize=4)
def _problem(folder: str) -> str | None:
    path = Path(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return "is a file"
    except NotADirectoryError:
        return "is under a file"
    except OSError as exc:
        return exc.strerror or str(exc)
    if not path.is_dir():
        return "is a file"
    if not os.access(path, os.W_OK | os.X_OK):
        return "cannot be written"
    return None


def recall(kind: str, key: str) -> object | None:
    """What was kept under this key, or None (never kept, or unreadable: worked out again). A
    damaged entry (cut short, overwritten) is deleted, so that it is kept again whole."""
    folder = usable_cache_dir()
    if folder is None:
        return None
    path = folder / kind / f"{key}.pickle"
    try:
        with path.open("rb") as f:
            value = pickle.load(f)
    except OSError:
        return None  # not kept, or not readable: worked out again
    except Exception:  # noqa: BLE001 - a damaged pickle raises anything; it is deleted and worked out again
        path.unlink(missing_ok=True)
        return None
    try:
        os.utime(path)  # recently used: kept longest
    except OSError:
        pass
    return value


def keep(kind: str, key: str, value: object, most: int = KEPT_TABLES) -> None:
    """Keep a value under this key (written beside, then renamed: never half a file); the least
    recently used beyond `most` go. A cache that cannot be written is done without."""
    root = usable_cache_dir()
    if root is None:
        return
    folder = root / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".partial", delete=False) as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        Path(f.name).replace(folder / f"{key}.pickle")
        if key.endswith(("0", "8")):  # clear out now and then (1 in 8 keeps): listing a big folder costs
            kept = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in kept[most:]:
                old.unlink(missing_ok=True)
    except OSError:
        pass


@dataclass(frozen=True)
class PartKey:
    """What a part reads, as digests: the edition's words apart from the rest (build/outline.py)."""

    rest: str  # everything but the words
    words: str = ""  # a section's narrative files, the pictures they show and its quotes; "" if it reads no words


class PartCache:
    """Executed part notebooks, one per part, under <output>/.sefbook-cache/<report>/, named by
    their key and their own content's digest: `<part>.<rest>.<words>.<content>.ipynb`. A kept
    file whose content is not what its name says (cut short, overwritten) is discarded and the
    part runs again; a cache folder that cannot be written is said once and done without."""

    def __init__(self, output_root: Path, report: str, say: Callable[[str], None] = lambda message: None) -> None:
        self.folder = output_root / PARTS_CACHE / report
        self._say, self._said = say, False

    def _prefix(self, part: str, key: PartKey) -> str:
        return f"{part}.{key.rest[:32]}.{key.words[:16] or 'none'}."

    def fetch(self, part: str, key: PartKey, to: Path) -> bool:
        """Copy the kept output for this part and key to `to`; False if there is none (or it is damaged)."""
        return any(self._copy(kept, to) for kept in self._kept(f"{self._prefix(part, key)}*.ipynb"))

    def fetch_with_other_words(self, part: str, key: PartKey, to: Path) -> bool:
        """Copy a section's kept output whose inputs differ from `key` in its words alone; False
        if there is none (or the part has no words)."""
        if not key.words:
            return False
        same = self._prefix(part, key)
        return any(
            self._copy(kept, to)
            for kept in self._kept(f"{part}.{key.rest[:32]}.*.ipynb")
            if not kept.name.startswith(same)
        )

    def keep_file(self, name: str, key: str, made: Path) -> None:
        """Keep a file made from the report's inputs (figures.csv, tables.xlsx) for `key`, in place of
        the one for other inputs."""
        self._put(made, f"{name}.{key[:32]}.", replacing=f"{name}.*")

    def fetch_file(self, name: str, key: str, to: Path) -> bool:
        """Copy the file kept for `key` to `to`; False if there is none (or it is damaged)."""
        return any(self._copy(kept, to) for kept in self._kept(f"{name}.{key[:32]}.*"))

    def keep(self, part: str, key: PartKey, executed: Path) -> None:
        """Keep an executed part, replacing the part's older outputs."""
        self._put(executed, self._prefix(part, key), replacing=f"{part}.*.ipynb")

    def _kept(self, pattern: str) -> list[Path]:
        try:
            return sorted(p for p in self.folder.glob(pattern) if not p.name.endswith(".partial"))
        except OSError:
            return []

    def _copy(self, kept: Path, to: Path) -> bool:
        """Copy a kept file to `to` if its content is what its name says; else discard it."""
        try:
            content = kept.read_bytes()
        except OSError:
            return False
        if digest(content)[:16] != kept.name.removesuffix(".ipynb").rsplit(".", 1)[-1]:
            try:
                kept.unlink(missing_ok=True)  # cut short or overwritten: the part runs again
            except OSError:
                pass
            return False
        to.write_bytes(content)
        return True

    def _put(self, source: Path, prefix: str, replacing: str) -> None:
        """Copy `source` in place of the kept files matching `replacing`, named `prefix` and its
        content's digest (written beside, then renamed: a build stopped part-way never leaves
        half a file in the cache)."""
        try:
            content = source.read_bytes()
            self.folder.mkdir(parents=True, exist_ok=True)
            for old in self.folder.glob(replacing):
                old.unlink(missing_ok=True)
            target = self.folder / (prefix + digest(content)[:16] + (".ipynb" if source.suffix == ".ipynb" else ""))
            partial = target.with_name(target.name + ".partial")
            partial.write_bytes(content)
            partial.replace(target)
        except OSError as exc:
            if not self._said:
                self._said = True
                self._say(
                    f"note: the parts cache {self.folder} cannot be written ({exc.strerror or exc}); "
                    "parts are not kept for the next build"
                )
