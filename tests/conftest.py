"""Shared fixtures. Tests run against the committed example edition and the example data that
scripts/make_example_data.py generates, and against small hand-written files in tmp_path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from sefbook.build.export import find_chromium

# Tests keep what sefbook caches (canonical tables) in a folder of their own, made afresh for
# each run: hermetic, and the user's cache is left alone. Kernels the tests start inherit it.
os.environ["SEFBOOK_CACHE_DIR"] = tempfile.mkdtemp(prefix="sefbook-test-cache-")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_EDITION = ROOT / "sefs" / "example-2025"
EXAMPLE_DATA = ROOT / "data" / "example"
NOTEBOOKS = ROOT / "notebooks"
PUBLISHED_DATA = ROOT.parent / "shared" / "data" / "dfe"  # real DfE files, read in place when present


@pytest.fixture
def edition_copy(tmp_path: Path) -> Path:
    """A writable copy of the example edition, under the same folder name (beside a copy of the
    previous year's edition it names; not of the next year's, which tests make again)."""
    later = {"example-2026"}
    shutil.copytree(
        EXAMPLE_EDITION.parent,
        tmp_path / "editions",
        ignore=lambda folder, names: later & set(names) if Path(folder) == EXAMPLE_EDITION.parent else [],
    )
    return tmp_path / "editions" / EXAMPLE_EDITION.name


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, target)
    return target


def set_key(sef: Path, key: str, value: str) -> None:
    """Set a top-level key of an edition's sef.yml, replacing it if present (a key given twice is
    refused, so tests cannot simply append one)."""
    lines = sef.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith(f"{key}:")]
    sef.write_text("\n".join(kept + [f"{key}: {value}"]) + "\n", encoding="utf-8")


def write_csv(path: Path, header: str, *rows: str, bom: bool = False, newline: str = "\n") -> Path:
    """Write a small CSV exactly as given (to control BOMs, quoting and line endings)."""
    text = newline.join([header, *rows]) + newline
    path.write_bytes(("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8"))
    return path


CHROMIUM = find_chromium()
NO_CHROMIUM = (
    "Chromium not found: install Debian's chromium package (make test does so when it runs as root with apt-get)"
)
REPORT_FORMATS = "html,pdf,docx" if CHROMIUM else "html,docx"


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> Path:
    """Build the example once for the whole run, through the console script as a user would,
    in every format this machine can make. Returns the report.html path."""
    out = tmp_path_factory.mktemp("output")
    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("sefbook")),
            "build",
            str(EXAMPLE_EDITION),
            "--data",
            str(EXAMPLE_DATA),
            "--output",
            str(out),
            "--format",
            REPORT_FORMATS,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    report = out / EXAMPLE_EDITION.name / "report.html"
    assert run.stdout.strip() == str(report)  # the report's path is the one line on stdout
    assert (
        "[14/14]" in run.stderr
    )  # progress: headlines, what changed, six sections, three chapters, plan, improvement, about
    return report


def with_key_indicators(registry, key_ids: set[str]):
    """The registry with these indicators, and no others, of importance 1 (charted by default):
    tests of charts do not hang on the registry's own choice."""
    from sefbook.inputs.published.registry import Registry

    return Registry(
        publications=registry.publications,
        populations=registry.populations,
        indicators=[i.model_copy(update={"importance": 1 if i.id in key_ids else 2}) for i in registry.indicators],
        returns_only=registry.returns_only,
        renamed_columns=registry.renamed_columns,
    )


ODD_FILE = "la_care_leavers_accommodation_suitability.csv"  # named like a publication, but not one


def downloads_with_an_odd_file(folder: Path) -> Path:
    """The published files (linked, read in place) plus one CSV whose name matches an indicator's
    file but whose contents do not: as a council's downloads folder may hold."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in PUBLISHED_DATA.iterdir():
        (folder / path.name).symlink_to(path)
    (folder / ODD_FILE).write_text("Title,Notes\nCare leavers,see the spreadsheet\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def pack_build(tmp_path_factory) -> Path:
    """A data-only pack for Barking and Dagenham (301) from the published files, built once,
    from a folder that also holds one odd file (which the pack leaves out, saying why)."""
    if not PUBLISHED_DATA.is_dir():
        pytest.skip("published DfE files not beside the project (../shared/data/dfe)")
    from sefbook.build.pipeline import build_pack

    out = tmp_path_factory.mktemp("packs")
    data = downloads_with_an_odd_file(tmp_path_factory.mktemp("downloads") / "dfe")
    return build_pack("301", data_dir=data, output_dir=out, formats=tuple(REPORT_FORMATS.split(","))).report


BUILD_FIXTURES = {"example_build", "pack_build"}


def pytest_collection_modifyitems(items):
    """A test that needs a built report (directly or through another fixture) is a build test:
    `pytest -m "not build"` leaves it out. Tests that start kernels themselves are marked."""
    for item in items:
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)
