"""The manifest written beside every report: when and with what it was built, each input file
with its digest, how long each step took, and the build record the next build compares
(build/freshness.py), with the outline a rebuild of words alone starts from (build/outline.py)."""

from __future__ import annotations

import json
import platform
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from sefbook.digests import file_digest, installed_version

RECORDED_PACKAGES = (
    "sefbook",
    "pandas",
    "matplotlib",
    "papermill",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "pyyaml",
    "pydantic",
    "markdown-it-py",
    "jinja2",
)


def write_manifest(
    path: Path,
    *,
    edition: str,
    title: str,
    status: str,
    files: list[Path],
    steps: dict[str, float],
    build: dict[str, object],
    digests: dict[str, str] | None = None,
) -> None:
    """`digests`: the input files' digests taken before the build read them (else the build
    record's, else taken now)."""
    recorded = build.get("files")
    known = {**(recorded if isinstance(recorded, dict) else {}), **(digests or {})}  # each file read once
    inputs = [str(f.resolve()) for f in dict.fromkeys(files)]
    manifest = {
        "edition": edition,
        "title": title,
        "status": status,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "packages": package_versions(),
        "inputs": [{"path": f, "sha256": known.get(f) or file_digest(Path(f))} for f in inputs],
        "steps_seconds": steps,
        "build": build,  # what the next build compares to tell whether anything changed (build/freshness.py)
    }
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


@cache  # once per process: a worker building many packs need not read the metadata for each
def package_versions() -> dict[str, str | None]:
    """The installed version of each recorded package (None: not installed)."""
    return {name: installed_version(name) for name in RECORDED_PACKAGES}
