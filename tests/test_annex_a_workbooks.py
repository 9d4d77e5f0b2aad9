"""A workbook too large to lay out (a far cell, a whole-grid dimension, too much unpacked) refused before calamine reads it, in a subprocess that must not abort."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_annex_a import RUN, annex
from test_annex_a_leavers import OK_CARE, OK_NEED, OK_PLAN

from sefbook.errors import InputError


def forge_sheet(workbook: Path, *, dimension: str | None = None, far_cell: str | None = None) -> None:
    """Rewrite the first sheet's XML inside the .xlsx: the dimension it declares, and one more cell far away (what
    made calamine ask for 512 GiB and abort the process)."""
    import re
    import zipfile

    forged = workbook.with_suffix(".forged")
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(forged, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            data = source.read(part.filename)
            if part.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                if dimension:
                    text = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>', text)
                if far_cell:
                    row = re.sub(r"[A-Z]", "", far_cell)
                    text = text.replace(
                        "</sheetData>",
                        f'<row r="{row}"><c r="{far_cell}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
                    )
                data = text.encode()
            target.writestr(part, data)
    forged.replace(workbook)


def _read_in_a_subprocess(folder: Path) -> subprocess.CompletedProcess:
    """read_annex_a in a process of its own: were the check missing, calamine would abort this one."""
    code = (
        "import sys; from pathlib import Path; from sefbook.errors import InputError; "
        "from sefbook.inputs.returns.annex_a.read import read_annex_a\n"
        "try:\n    print(len(read_annex_a(Path(sys.argv[1])).in_need))\n"
        "except InputError as exc:\n    sys.exit(exc.message)"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, timeout=120, check=False
    )


def test_a_sheet_with_a_cell_at_the_grids_far_corner_is_refused_not_a_crash(tmp_path):
    folder = annex(tmp_path, [OK_NEED], [OK_PLAN], [OK_CARE])
    forge_sheet(folder / "annex_a.xlsx", dimension="A1:XFD1048576", far_cell="XFD1048576")
    run = _read_in_a_subprocess(folder)
    assert run.returncode == 1, (run.returncode, run.stderr)  # sys.exit(message): refused, not SIGABRT (-6)
    assert run.stderr.strip() == (
        f"{folder / 'annex_a.xlsx'}, sheet 'List 6': has a sheet too large to read safely; "
        f"expected at most 10,000,000 cells from A1 to its last cell; found cells up to "
        f"XFD1048576 (1,048,576 rows x 16,384 columns: 17,179,869,184 cells)"
    )


def test_a_sheet_declaring_the_whole_grid_but_holding_a_few_cells_is_read(tmp_path):
    # calamine sizes a sheet by its cells, not by the <dimension> it declares (which generators write loosely)
    folder = annex(tmp_path, [OK_NEED], [OK_PLAN], [OK_CARE])
    forge_sheet(folder / "annex_a.xlsx", dimension="A1:XFD1048576")
    run = _read_in_a_subprocess(folder)
    assert (run.returncode, run.stdout.strip()) == (0, "1"), run.stderr


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_opened(tmp_path):
    from sefbook.inputs.published.sheet_sizes import check_workbook_size

    folder = annex(tmp_path, [OK_NEED], [OK_PLAN], [OK_CARE])
    workbook = folder / "annex_a.xlsx"
    check_workbook_size(workbook)
    with pytest.raises(InputError) as err:
        check_workbook_size(workbook, most_unpacked=1000)
    assert err.value.message.startswith(
        f"{workbook}: is a workbook too large to read safely (a zip bomb?); "
        f"expected a workbook unpacking to at most 1,000 bytes; found "
    )


def bomb_annex_a(edition: Path, data: Path) -> None:
    """For the bad-input table: the example's Annex A with a cell at XFD1048576 in its first sheet."""
    forge_sheet(edition / "returns" / RUN / "annex_a.xlsx", dimension="A1:XFD1048576", far_cell="XFD1048576")
