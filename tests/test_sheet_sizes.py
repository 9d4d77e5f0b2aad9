"""A published workbook too large to lay out is refused before calamine reads it (issue 25): one cell at the grid's
far corner made calamine ask for 512 GiB and abort the whole process. Run in a process of its own, so that a check
gone missing fails this test instead of killing the test run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook
from test_annex_a_workbooks import forge_sheet

READ = """import sys
from pathlib import Path
from sefbook.errors import InputError
from sefbook.inputs.published.layouts import WorkbookLayout
from sefbook.inputs.published.workbooks import read_workbook
layout = WorkbookLayout(sheet="RSX_*", header_row=1, code_column="ONS Code", measures=["Spend"],
                        period={"from_file_name": r"(\\d{4})-(\\d{2})"})
try:
    print(len(read_workbook(Path(sys.argv[1]), layout, {"E06000016": ("856", "Leicester", "E12000004", "East Midlands")})))
except InputError as exc:
    sys.exit(exc.message)
"""


def _workbook(tmp_path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "RSX_LA_Data_202425"
    sheet.append(["ONS Code", "Spend"])
    sheet.append(["E06000016", 12.5])
    path = tmp_path / "RSX_LA_Data_2024-25_data_by_LA.xlsx"
    book.save(path)
    return path


def test_a_published_workbook_with_a_cell_at_the_far_corner_is_refused_in_one_line(tmp_path):
    path = _workbook(tmp_path)
    run = subprocess.run(
        [sys.executable, "-c", READ, str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert (run.returncode, run.stdout.strip()) == (0, "1"), run.stderr  # as made, it reads
    forge_sheet(path, far_cell="XFD1048576")
    run = subprocess.run(
        [sys.executable, "-c", READ, str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 1, (run.returncode, run.stderr)  # refused (sys.exit with the message), not SIGABRT
    assert run.stderr.strip() == (
        f"{path}, sheet 'RSX_LA_Data_202425': has a sheet too large to read safely; "
        f"expected at most 10,000,000 cells from A1 to its last cell; found cells up to "
        f"XFD1048576 (1,048,576 rows x 16,384 columns: 17,179,869,184 cells)"
    )
