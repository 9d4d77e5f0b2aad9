"""A child's reference, and any personal data found in a bad cell, reach a person at a terminal
and never a log: a refused return's message names the file, the row and the column for a
scheduled job, and the child too only at a terminal or with --show-child-references."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE_DATA
from sefbook.errors import InputError
from sefbook.inputs.collection import is_personal
from sefbook.inputs.ssda903 import read_ssda903


def _break_cell(path: Path, column: str, value: str) -> tuple[int, str, str]:
    """Write `value` into `column` of the table's first data row; return the row's number (as the
    message counts rows: the header is row 1), its child's reference and the value replaced."""
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    child, was = rows[0]["CHILD"], rows[0][column]
    rows[0][column] = value
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return 2, child, was


@pytest.mark.parametrize("field, personal", [("CHILD", True), ("DOB", True), ("MC_DOB", True), ("UPN", True),
                                             ("LAchildID", True), ("PersonBirthDate", True), ("Child Unique ID", True),
                                             ("Child's Date of Birth", True), ("Date of birth", True),
                                             ("DECOM", False), ("LS", False), ("CIN Start Date", False),
                                             ("CPPstartDate", False)])
def test_the_fields_that_are_a_childs_personal_data_are_known(field, personal):
    assert is_personal(field) is personal


def test_a_refused_returns_message_withholds_the_child_unless_asked(edition_copy):
    header = edition_copy / "returns" / "ssda903-2025" / "header.csv"
    row, child, _ = _break_cell(header, "DOB", "31/02/2011")
    with pytest.raises(InputError) as err:
        read_ssda903(header.parent)
    exc = err.value
    assert exc.child == child and exc.personal
    assert f"row {row}, child {child}, column DOB" in exc.message and "'31/02/2011'" in exc.message
    for quiet in (exc.describe(show_child=False), str(exc)):  # str(): what a traceback or a notebook shows
        assert child not in quiet and "31/02/2011" not in quiet, quiet
        assert f"row {row}, child (reference withheld" in quiet and "column DOB" in quiet
        assert "found (withheld: personal data)" in quiet


@pytest.mark.parametrize("asked", [False, True])
def test_a_scheduled_check_logs_the_row_but_not_the_child(edition_copy, asked):
    episodes = edition_copy / "returns" / "ssda903-2025" / "episodes.csv"
    row, child, _ = _break_cell(episodes, "LS", "C9")
    run = subprocess.run([sys.executable, "-m", "sefbook", "check", str(edition_copy), "--data", str(EXAMPLE_DATA),
                          *(["--show-child-references"] if asked else [])],
                         capture_output=True, text=True, timeout=300)  # stderr is a pipe, as in a scheduled job
    assert run.returncode == 2, run.stderr
    assert f"episodes.csv, row {row}, child " in run.stderr and "column LS" in run.stderr
    assert "'C9'" in run.stderr  # a code is no personal data: the analyst sees what to fix
    assert (child in run.stderr) is asked, run.stderr
    assert ("reference withheld" in run.stderr) is not asked
    assert "Traceback" not in run.stderr
