"""bench/speed.py (`make bench`) runs outside the test command: what it measures must still run."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from helpers import ROOT


def _bench():
    spec = importlib.util.spec_from_file_location("speed", ROOT / "bench" / "speed.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchs_load_measure_loads_the_edits_path_and_neither_pandas_nor_nbformat():
    """The "load" line times a process loading what an edit's rebuild loads: it must run, and load
    no more than the rebuild does."""
    loads = (
        _bench().BUILD_IMPORTS
        + "\nimport sys\nprint(*(name in sys.modules for name in ('pandas', 'nbformat', 'nbconvert')))"
    )
    run = subprocess.run([sys.executable, "-c", loads], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "False", "False"]
