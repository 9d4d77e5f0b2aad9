"""Shared fixtures (and the plugin that keeps kernels out of unit tests). Tests run against the
committed example edition and the example data that scripts/make_example_data.py generates, and
against small hand-written files in tmp_path. What tests share besides fixtures is in helpers.py;
no test imports this module."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import (
    EXAMPLE_DATA,
    EXAMPLE_EDITION,
    PUBLISHED_DATA,
    REPORT_FORMATS,
    ROOT,
    downloads_with_an_odd_file,
    kept_folder,
)
from hypothesis import HealthCheck, settings

from sefbook.build.imports import skip_unused_format_checkers

# A test process runs sefbook's code as its command does, and like it goes without jsonschema's
# optional format checkers, which notebook validation never uses (one compiles grammars for
# seconds when nbformat is first imported). Kernels and plain papermill runs are left alone.
skip_unused_format_checkers()

# pytest keeps each test module as it rewrote its asserts (tests/__pycache__), but not where Python
# may write no bytecode (PYTHONDONTWRITEBYTECODE, set in some CI images): every worker of each stage
# would rewrite them all again, seconds each time. The package's own are compiled by `make bytecode`.
sys.dont_write_bytecode = False

# Tests keep what sefbook caches (canonical tables) in a folder of their own, made afresh for
# each run (for each worker under pytest-xdist): hermetic, and the user's cache is left alone.
# Kernels the tests start inherit it.
CACHE = os.environ["SEFBOOK_CACHE_DIR"] = tempfile.mkdtemp(prefix="sefbook-test-cache-")


# Started in the background by a script, this process (and each build it starts) would ignore
# Ctrl-C, and the test that stops a build with SIGINT would wait for ever: builds get it as at a terminal.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

pytest_plugins = ["kernel_guard", "pytester"]  # pytester runs the guard's own test

# No example may fail for taking long: the suite runs on a loaded machine, two workers at once.
settings.register_profile("sefbook", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("sefbook")


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
    """An edition of the example built through the console script, as a user would; its report.html.
    It keeps a cache folder of its own and what it printed (helpers.kept_by_the_build): a test may
    search all that one build wrote, and nothing else."""
    kept = kept_folder(out)
    kept.mkdir()
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
        # its own IPython folder too, where a kernel would keep its input history (helpers.kept_folder)
        env={**os.environ, "SEFBOOK_CACHE_DIR": str(kept / "cache"), "IPYTHONDIR": str(kept / "ipython")},
        timeout=600,
        check=False,
    )
    (kept / "build.log").write_text(run.stdout + run.stderr, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    report = out / edition.name / "report.html"
    assert run.stdout.strip() == str(report)  # the report's path is the one line on stdout
    # progress: headlines, what changed, six sections, three chapters, plan, improvement, about
    assert "[14/14]" in run.stderr
    return report


def _once_for_the_run(tmp_path_factory, name: str, build: Callable[[Path], Path]) -> Path:
    """What `build(folder)` makes (a report in an output folder), made once for the whole run. Under
    pytest-xdist the first worker to ask builds it where every worker sees it (the others wait on a
    lock), and each worker gets a copy of the output folder of its own: tests build into it (a
    quarterly report beside it, refused builds that must leave it as it was) and must not meet
    another worker's build there."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return build(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent / name  # the run's folder, above each worker's own
    shared.mkdir(exist_ok=True)
    with (shared / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released as the file closes
        record = shared / "built"  # the output folder's name, then the report's path within it
        if not record.is_file():  # the first to ask; a build that failed left no record, so it is tried again
            output = Path(tempfile.mkdtemp(dir=shared, prefix="output-"))
            record.write_text(f"{output.name}\n{build(output).relative_to(output)}", encoding="utf-8")
        folder, report = record.read_text(encoding="utf-8").split("\n")
    mine = tmp_path_factory.mktemp(name)
    shutil.copytree(shared / folder, mine, dirs_exist_ok=True)
    if kept_folder(shared / folder).is_dir():
        shutil.copytree(kept_folder(shared / folder), kept_folder(mine))
    return mine / report


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> Path:
    """The example (2025) built once for the whole run, in every format this machine can make.
    Returns the report.html path."""
    return _once_for_the_run(tmp_path_factory, "output", lambda out: _built(EXAMPLE_EDITION, out, REPORT_FORMATS))


@pytest.fixture(scope="session")
def example_2026_build(tmp_path_factory) -> Path:
    """The 2026 example (what `sefbook build` and `sefbook.load()` read by default; its sef.yml
    marks key indicators) built once for the whole run, as HTML. Returns the report.html path."""
    return _once_for_the_run(
        tmp_path_factory, "output-2026", lambda out: _built(ROOT / "sefs" / "example-2026", out, "html")
    )


@pytest.fixture(scope="session")
def pack_build(tmp_path_factory) -> Path:
    """A data-only pack for Barking and Dagenham (301) from the published files, built once,
    from a folder that also holds one odd file (which the pack leaves out, saying why)."""
    if not PUBLISHED_DATA.is_dir():
        pytest.skip("published DfE files not beside the project (../shared/data/dfe)")
    from sefbook.build.pipeline import build_pack

    def build(out: Path) -> Path:
        data = downloads_with_an_odd_file(out.parent / f"{out.name}-downloads" / "dfe")
        return build_pack("301", data_dir=data, output_dir=out, formats=tuple(REPORT_FORMATS.split(","))).report

    return _once_for_the_run(tmp_path_factory, "packs", build)


BUILD_FIXTURES = {"example_build", "example_2026_build", "pack_build"}


def pytest_collection_modifyitems(items):
    """A test that needs a built report (directly or through another fixture) is a build test:
    `pytest -m "not build"` leaves it out. Tests that start kernels themselves are marked."""
    for item in items:
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)


def pytest_unconfigure(config):
    shutil.rmtree(CACHE, ignore_errors=True)  # this process's cache folder (tens of megabytes): of no use after the run
