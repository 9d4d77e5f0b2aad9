"""Shared fixtures. Tests run against the committed example edition and the example data that
scripts/make_example_data.py generates, and against small hand-written files in tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_EDITION = ROOT / "sefs" / "example-2025"
EXAMPLE_DATA = ROOT / "data" / "example"
NOTEBOOKS = ROOT / "notebooks"
PUBLISHED_DATA = ROOT.parent / "shared" / "data" / "dfe"  # real DfE files, read in place when present


@pytest.fixture
def edition_copy(tmp_path: Path) -> Path:
    """A writable copy of the example edition, under the same folder name."""
    target = tmp_path / "editions" / EXAMPLE_EDITION.name
    shutil.copytree(EXAMPLE_EDITION, target)
    return target


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, target)
    return target


def write_csv(path: Path, header: str, *rows: str, bom: bool = False, newline: str = "\n") -> Path:
    """Write a small CSV exactly as given (to control BOMs, quoting and line endings)."""
    text = newline.join([header, *rows]) + newline
    path.write_bytes(("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8"))
    return path
