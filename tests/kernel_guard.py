"""A pytest plugin: a test not marked `build` that starts a Jupyter kernel fails.

For such a test, JUPYTER_PATH names a folder whose python3 kernel only leaves a mark and exits:
jupyter_client looks there first, in this process and in every process it starts (a `sefbook
build` run as a command, a Dask worker). The test fails if the mark is there after its setup,
its call or its teardown. The environment is restored after each test."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

MARK_NAME = "a kernel was started"
GUARDED = pytest.StashKey[tuple[Path, str | None]]()  # the guard's folder, JUPYTER_PATH before it

# What the stand-in kernel runs: leave the mark, then exit as a kernel that could not start.
KERNEL_CODE = "import pathlib, sys; pathlib.Path(sys.argv[1]).write_text(sys.argv[2]); sys.exit(1)"


def guard_folder(root: Path) -> Path:
    """A Jupyter data folder under `root` whose python3 kernel leaves `root`/MARK_NAME."""
    kernel = root / "jupyter" / "kernels" / "python3"
    kernel.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-c", KERNEL_CODE, str(root / MARK_NAME), "{connection_file}"],
        "display_name": "no kernel in a unit test",
        "language": "python",
    }
    (kernel / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return root / "jupyter"


def _guarded(item: pytest.Item) -> bool:
    return item.get_closest_marker("build") is None


def _refuse_a_started_kernel(item: pytest.Item, when: str) -> None:
    if GUARDED not in item.stash:
        return
    mark = item.stash[GUARDED][0] / MARK_NAME
    if mark.exists():
        mark.unlink()  # said once
        pytest.fail(
            f"a unit test started a Jupyter kernel (found after its {when}): mark the test `build`, "
            "or give it what it needs without a kernel",
            pytrace=False,
        )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_setup(item: pytest.Item):
    if _guarded(item):
        root = Path(tempfile.mkdtemp(prefix="sefbook-kernel-guard-"))
        item.stash[GUARDED] = (root, os.environ.get("JUPYTER_PATH"))
        os.environ["JUPYTER_PATH"] = str(guard_folder(root))
    try:
        return (yield)
    finally:
        _refuse_a_started_kernel(item, "setup")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_call(item: pytest.Item):
    try:
        return (yield)
    finally:
        _refuse_a_started_kernel(item, "call")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    try:
        return (yield)
    finally:
        try:
            _refuse_a_started_kernel(item, "teardown")
        finally:
            if GUARDED in item.stash:
                root, jupyter_path = item.stash[GUARDED]
                if jupyter_path is None:
                    os.environ.pop("JUPYTER_PATH", None)
                else:
                    os.environ["JUPYTER_PATH"] = jupyter_path
                shutil.rmtree(root, ignore_errors=True)
