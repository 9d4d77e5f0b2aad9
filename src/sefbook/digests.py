"""Content digests (SHA-256) and where sefbook keeps what it has already worked out.

`code_digest` is the package's own code and the versions of what it draws with: anything kept
from an earlier run is thrown away when it changes. The cache folder is `$SEFBOOK_CACHE_DIR`,
else `$XDG_CACHE_HOME/sefbook`, else `~/.cache/sefbook`: outside the project, like pip's.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Hashable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Generic, TypeVar

from sefbook.paths import PACKAGE_DIR

# What the package's own code is made of: a change to any of these may change what it makes.
CODE_SUFFIXES = (".py", ".yml", ".yaml", ".j2", ".css", ".json", ".tpl")
DEPENDENCIES = (
    "pandas",
    "numpy",
    "matplotlib",
    "pillow",
    "nbconvert",
    "papermill",
    "markdown-it-py",
    "nh3",
    "jinja2",
    "python-calamine",
    "odfpy",
)
KEPT_TABLES = 24  # canonical tables kept in the cache folder (the most recently used)
KEPT_SMALL = 512  # small things (a YAML file's parse): many, and cheap to keep

T = TypeVar("T")
_MISSING = object()


def digest(*pieces: bytes | str) -> str:
    h = hashlib.sha256()
    for piece in pieces:
        data = piece.encode("utf-8") if isinstance(piece, str) else piece
        h.update(len(data).to_bytes(8, "big"))  # length-prefixed: ("ab", "c") differs from ("a", "bc")
        h.update(data)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def folder_digests(folder: Path) -> tuple[tuple[str, str], ...]:
    """Each file under `folder` (links followed) by its path there and its content's digest: what a
    reading of the folder is kept by (a corrected file keeps its size and modification time when
    copied with cp -p or unzipped). Raises OSError when the folder cannot be listed or read."""
    return tuple(sorted((str(p.relative_to(folder)), file_digest(p)) for p in folder.rglob("*") if p.is_file()))


class ContentCache(Generic[T]):
    """What is worked out from a file's bytes, kept in this process by the file's path and the
    digest of those very bytes (read once: hashed, then worked out from): a file rewritten with
    the same size and modification time is worked out again. A failure is not kept."""

    def __init__(self, most: int) -> None:
        self.most = most
        self._kept: dict[tuple, T] = {}

    def get(self, path: Path, make: Callable[[bytes], T], *options: Hashable) -> tuple[str, T]:
        """The content's digest and `make(content)`, worked out at most once per path, content and options."""
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        key = (str(path.resolve()), sha, *options)
        value = self._kept.get(key, _MISSING)
        if value is not _MISSING:
            return sha, value
        value = make(data)
        if len(self._kept) >= self.most:
            self._kept.clear()
        self._kept[key] = value
        return sha, value


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The package's source, templates and registry, and the versions of what it draws with."""
    files = sorted(p for p in PACKAGE_DIR.rglob("*") if p.suffix in CODE_SUFFIXES and "__pycache__" not in p.parts)
    versions = []
    for name in DEPENDENCIES:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} absent")
    return digest(*versions, *(piece for p in files for piece in (str(p.relative_to(PACKAGE_DIR)), p.read_bytes())))


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
