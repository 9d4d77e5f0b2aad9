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
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from sefbook.paths import PACKAGE_DIR

# What the package's own code is made of: a change to any of these may change what it makes.
CODE_SUFFIXES = (".py", ".yml", ".yaml", ".j2", ".css", ".json", ".tpl")
DEPENDENCIES = ("pandas", "numpy", "matplotlib", "pillow", "nbconvert", "papermill", "markdown-it-py", "nh3",
                "jinja2", "python-calamine", "odfpy")
KEPT_TABLES = 24  # canonical tables kept in the cache folder (the most recently used)
KEPT_SMALL = 512  # small things (a YAML file's parse): many, and cheap to keep


def digest(*pieces: bytes | str) -> str:
    h = hashlib.sha256()
    for piece in pieces:
        data = piece.encode("utf-8") if isinstance(piece, str) else piece
        h.update(len(data).to_bytes(8, "big"))  # length-prefixed: ("ab", "c") differs from ("a", "bc")
        h.update(data)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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


def recall(kind: str, key: str) -> object | None:
    """What was kept under this key, or None (never kept, or unreadable: worked out again)."""
    path = cache_dir() / kind / f"{key}.pickle"
    try:
        with path.open("rb") as f:
            value = pickle.load(f)  # noqa: S301 - sefbook's own file, in the user's own cache folder
        os.utime(path)  # recently used: kept longest
        return value
    except Exception:  # noqa: BLE001 - a missing, partial or stale entry is simply not there
        return None


def keep(kind: str, key: str, value: object, most: int = KEPT_TABLES) -> None:
    """Keep a value under this key (written beside, then renamed: never half a file); the least
    recently used beyond `most` go. A cache that cannot be written is done without."""
    folder = cache_dir() / kind
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
