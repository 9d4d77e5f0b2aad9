"""The example data is reproducible: scripts/make_example_data.py, run again, writes the committed
data/example files and the example edition's local figures byte for byte (its draws are seeded
and made in a fixed order, so a reordering or a changed story shows up here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "make_example_data.py"
COMMITTED_DATA = ROOT / "data" / "example"
COMMITTED_EDITION = ROOT / "sefs" / "example-2025"


def test_the_generator_writes_the_committed_example_files_byte_for_byte(tmp_path):
    data, edition = tmp_path / "data", tmp_path / "edition"
    edition.mkdir()
    subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(data), "--edition", str(edition)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    written = sorted(path.name for path in data.iterdir())
    assert written == sorted(path.name for path in COMMITTED_DATA.glob("*.csv"))
    for name in written:
        assert (data / name).read_bytes() == (COMMITTED_DATA / name).read_bytes(), f"data/example/{name} differs"
    local_figures = "local_figures.csv"
    assert [path.name for path in edition.iterdir()] == [local_figures]
    assert (edition / local_figures).read_bytes() == (COMMITTED_EDITION / local_figures).read_bytes()
