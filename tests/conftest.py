"""Shared fixtures (and the plugin that keeps kernels out of unit tests). Tests run against the
committed example edition and the example data that scripts/make_example_data.py generates, and
against small hand-written files in tmp_path. What tests share besides fixtures is in helpers.py;
no test imports this module."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from helpers import EXAMPLE_DATA, EXAMPLE_EDITION, PUBLISHED_DATA, REPORT_FORMATS, ROOT, downloads_with_an_odd_file

# Tests keep what sefbook caches (canonical tables) in a folder of their own, made afresh for
# each run: hermetic, and the user's cache is left alone. Kernels the tests start inherit it.
os.environ["SEFBOOK_CACHE_DIR"] = tempfile.mkdtemp(prefix="sefbook-test-cache-")

pytest_plugins = ["kernel_guard", "pytester"]  # pytester runs the guard's own test


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


def _built(edition: Path, out: Path, formats: str) -> Path:
    """An edition of the example built through the console script, as a user would; its report.html."""
    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("sefbook")),
            "build",
            str(edition),
            "--data",
            str(EXAMPLE_DATA),
            "--output",
            str(out),
            "--format",
            formats,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    report = out / edition.name / "report.html"
    assert run.stdout.strip() == str(report)  # the report's path is the one line on stdout
    # progress: headlines, what changed, six sections, three chapters, plan, improvement, about
    assert "[14/14]" in run.stderr
    return report


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> Path:
    """The example (2025) built once for the whole run, in every format this machine can make.
    Returns the report.html path."""
    return _built(EXAMPLE_EDITION, tmp_path_factory.mktemp("output"), REPORT_FORMATS)


@pytest.fixture(scope="session")
def example_2026_build(tmp_path_factory) -> Path:
    """The 2026 example (what `sefbook build` and `sefbook.load()` read by default; its sef.yml
    marks key indicators) built once for the whole run, as HTML. Returns the report.html path."""
    return _built(ROOT / "sefs" / "example-2026", tmp_path_factory.mktemp("output-2026"), "html")


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


BUILD_FIXTURES = {"example_build", "example_2026_build", "pack_build"}


def pytest_collection_modifyitems(items):
    """A test that needs a built report (directly or through another fixture) is a build test:
    `pytest -m "not build"` leaves it out. Tests that start kernels themselves are marked."""
    for item in items:
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)
