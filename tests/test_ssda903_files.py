"""An SSDA903 return's CSV files that cannot be read refused as a published file's would be; a child listed twice; a personal value in a coded column withheld from logs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_ssda903 import RETURNS

from sefbook.errors import InputError
from sefbook.inputs.returns.ssda903.read import read_ssda903


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "ssda903-2025"
    shutil.copytree(RETURNS / "ssda903-2025", folder)
    return folder


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


CSV_FAULTS = {  # file, what to do to its lines, what the message holds
    "an empty file": ("episodes.csv", lambda lines: [], ["episodes.csv: is empty", "found no text"]),
    "blank lines only": ("header.csv", lambda lines: ["\n", "\n"], ["header.csv: is empty", "blank lines only"]),
    "a row with one field too many": (
        "episodes.csv",
        lambda lines: lines[:3] + [lines[3].rstrip("\n") + ",X\n"] + lines[4:],
        ["episodes.csv, line 4: has a row with more fields than its header", "expected 13 fields", "found 14 fields"],
    ),
    # pandas would read this one as an index column and shift every column of the file by one
    "the first row with one field too many": (
        "episodes.csv",
        lambda lines: [lines[0], "0," + lines[1], *lines[2:]],
        ["episodes.csv, line 2: has a row with more fields", "found 14 fields"],
    ),
    "a row with one field too few": (
        "header.csv",
        lambda lines: lines[:2] + [lines[2].rsplit(",", 1)[0] + "\n"] + lines[3:],
        ["header.csv, line 3: has a row with fewer fields than its header", "expected 7 fields", "found 6 fields"],
    ),
    "a column named twice": (
        "episodes.csv",
        lambda lines: [lines[0].replace("URN", "LS"), *lines[1:]],
        ["episodes.csv, line 1: has a column named twice", "'LS'"],
    ),
}


@pytest.mark.parametrize("case", CSV_FAULTS)
def test_a_return_csv_that_cannot_be_read_right_is_named_with_the_line(case, tmp_path):
    name, change, fragments = CSV_FAULTS[case]
    folder = _copy(tmp_path)
    (folder / name).write_text("".join(change(_lines(folder / name))), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_ssda903(folder)
    for fragment in fragments:
        assert fragment in err.value.message, (fragment, err.value.message)
    assert "\n" not in err.value.message


def test_a_return_saved_in_cp1252_is_named_with_the_line_and_the_byte(tmp_path):
    folder = _copy(tmp_path)
    header = folder / "header.csv"
    lines = _lines(header)
    lines[2] = lines[2].replace(",,", ",Zo\u00eb \u00a3,", 1)  # a name and a pound sign, as Excel saves them
    header.write_bytes("".join(lines).encode("cp1252"))
    at = "".join(lines).encode("cp1252").index(b"\xeb")
    with pytest.raises(InputError) as err:
        read_ssda903(folder)
    assert err.value.message == (
        f"{header}, line 3, byte {at}: is not UTF-8 text; expected a CSV file saved as UTF-8 "
        f"(in Excel: Save As, 'CSV UTF-8'); found the byte 0xEB, which Windows (cp1252) and "
        f"other encodings use"
    )


def test_a_return_csv_and_a_published_csv_are_refused_in_the_same_words(tmp_path):
    from sefbook.inputs.published.shape import read_published_csv

    for name, (_, change, _) in CSV_FAULTS.items():
        lines = _lines(RETURNS / "ssda903-2025" / "episodes.csv")
        folder = _copy(tmp_path / name.replace(" ", "-"))
        (folder / "episodes.csv").write_text("".join(change(lines)), encoding="utf-8")
        with pytest.raises(InputError) as returned:
            read_ssda903(folder)
        with pytest.raises(InputError) as published:
            read_published_csv(folder / "episodes.csv")
        assert returned.value.message == published.value.message


@pytest.mark.parametrize("same_date", [False, True])
def test_a_child_listed_twice_in_the_header_is_refused_naming_both_rows(same_date, tmp_path):
    # the sector's SSDA903 validator refuses both (data-to-insight/csc-validator-be-903, rule INT32: "Child should
    # only exist once in Header")
    folder = _copy(tmp_path)
    header = folder / "header.csv"
    lines = _lines(header)
    child, sex, born, *rest = lines[1].rstrip("\n").split(",")
    again = ",".join([child, sex, born if same_date else "01/01/2011", *rest]) + "\n"
    header.write_text("".join(lines + [again]), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_ssda903(folder)
    exc = err.value
    last = len(lines) + 1
    if same_date:
        assert f"rows 2 and {last}, child {child}, column CHILD: lists a child twice;" in exc.message
    else:
        assert (
            f"rows 2 and {last}, child {child}, column DOB: lists a child twice, with different dates of birth"
            in exc.message
        )
        assert f"found {born!r} and '01/01/2011'" in exc.message
    quiet = str(exc)  # what a log gets
    assert child not in quiet and born not in quiet and "01/01/2011" not in quiet, quiet
    assert f"rows 2 and {last}, child (reference withheld" in quiet


@pytest.mark.parametrize(
    "column, typed, shown",
    [
        ("LS", "C9", True),  # a slip of a code: the log says what to fix
        ("LS", "A123456789012", False),  # a UPN
        ("RNE", "28/01/2010", False),  # a date (of birth?)
        ("REC", "KM104019", False),  # a child's reference
        ("LS", "K1", True),
    ],
)
def test_a_personal_value_in_a_coded_column_is_withheld_from_logs(column, typed, shown, tmp_path):
    folder = _copy(tmp_path)
    episodes = folder / "episodes.csv"
    lines = _lines(episodes)
    names = lines[0].rstrip("\n").split(",")
    cells = lines[1].rstrip("\n").split(",")
    cells[names.index(column)] = typed
    cells[names.index("DEC")], cells[names.index("REC")] = (
        ("10/06/2024", typed) if column == "REC" else (cells[names.index("DEC")], cells[names.index("REC")])
    )
    episodes.write_text("".join([lines[0], ",".join(cells) + "\n", *lines[2:]]), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_ssda903(folder)
    exc = err.value
    assert f"row 2, child {cells[0]}, column {column}" in exc.message and repr(typed) in exc.message
    assert (typed in str(exc)) is shown, str(exc)
    assert ("found (withheld: personal data)" in str(exc)) is not shown
