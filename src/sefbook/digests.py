"""Content digests (SHA-256): of pieces, of a file, of a folder's files, and of the package's code.

`code_digest` is the package's own code and the versions of what it draws with: anything kept
from an earlier run (sefbook/cache.py) is thrown away when it changes.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib import metadata
from pathlib import Path

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
)


def digest(*pieces: bytes | str) -> str:
    h = hashlib.sha256()
    for piece in pieces:
        data = piece.encode("utf-8") if isinstance(piece, str) else piece
        h.update(len(data).to_bytes(8, "big"))  # length-prefixed: ("ab", "c") differs from ("a", "bc")
        h.update(data)
    return h.hexdigest()


def bytes_digest(data: bytes) -> str:
    """The digest file_digest gives a file holding `data`."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def folder_digests(folder: Path) -> tuple[tuple[str, str], ...]:
    """Each file under `folder` (links followed) by its path there and its content's digest: what a
    reading of the folder is kept by (a corrected file keeps its size and modification time when
    copied with cp -p or unzipped). Raises OSError when the folder cannot be listed or read."""
    return tuple(sorted((str(p.relative_to(folder)), file_digest(p)) for p in folder.rglob("*") if p.is_file()))


def folder_names(folder: Path) -> tuple[str, ...]:
    """The folders under `folder`, by their paths there: one holding no file may still change what
    is read (an unknown return's folder is refused). Raises OSError as folder_digests."""
    return tuple(sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_dir()))


_VERSION = re.compile(r"^Version:[ \t]*(\S+)", re.MULTILINE)


def installed_version(name: str) -> str | None:
    """The installed version of a distribution (None if it is not installed): its METADATA file's
    Version field, which importlib.metadata.version gives too, read without parsing the whole
    file as an e-mail message, as that does (a no-op build reads eleven)."""
    try:
        text = metadata.distribution(name).read_text("METADATA") or ""
    except metadata.PackageNotFoundError:
        return None
    found = _VERSION.search(text.split("\n\n", 1)[0])  # the fields end at the first empty line
    return found.group(1) if found else None


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The package's source, templates and registry, and the versions of what it draws with."""
    files = sorted(p for p in PACKAGE_DIR.rglob("*") if p.suffix in CODE_SUFFIXES and "__pycache__" not in p.parts)
    versions = [
        f"{name}=={version}" if (version := installed_version(name)) else f"{name} absent" for name in DEPENDENCIES
    ]
    return digest(*versions, *(piece for p in files for piece in (str(p.relative_to(PACKAGE_DIR)), p.read_bytes())))
