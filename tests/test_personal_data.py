"""A child's reference, and any personal data found in a bad cell, reach a person at a terminal
and never a log: a refused return's message names the file, the row and the column for a
scheduled job, and the child too only at a terminal or with --show-child-references."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import EXAMPLE_DATA, EXAMPLE_EDITION, set_key

from sefbook.errors import InputError
from sefbook.inputs.edition.personal import returns_references, scan_text
from sefbook.inputs.edition.read import load_edition
from sefbook.inputs.returns.collection import is_personal
from sefbook.inputs.returns.ssda903.read import read_ssda903


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


@pytest.mark.parametrize(
    "field, personal",
    [
        ("CHILD", True),
        ("DOB", True),
        ("MC_DOB", True),
        ("UPN", True),
        ("LAchildID", True),
        ("PersonBirthDate", True),
        ("Child Unique ID", True),
        ("Child's Date of Birth", True),
        ("Date of birth", True),
        ("DECOM", False),
        ("LS", False),
        ("CIN Start Date", False),
        ("CPPstartDate", False),
    ],
)
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


@pytest.mark.slow
@pytest.mark.parametrize("asked", [False, True])
def test_a_scheduled_check_logs_the_row_but_not_the_child(edition_copy, asked):
    episodes = edition_copy / "returns" / "ssda903-2025" / "episodes.csv"
    row, child, _ = _break_cell(episodes, "LS", "C9")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "sefbook",
            "check",
            str(edition_copy),
            "--data",
            str(EXAMPLE_DATA),
            *(["--show-child-references"] if asked else []),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # stderr is a pipe, as in a scheduled job
    assert run.returncode == 2, run.stderr
    assert f"episodes.csv, row {row}, child " in run.stderr and "column LS" in run.stderr
    assert "'C9'" in run.stderr  # a code is no personal data: the analyst sees what to fix
    assert (child in run.stderr) is asked, run.stderr
    assert ("reference withheld" in run.stderr) is not asked
    assert "Traceback" not in run.stderr


# --- a child's personal data pasted into the words (inputs/personal.py) ------------------------

UPN_VALUE = "A123456789012"  # the DfE's shape: a letter, 11 digits, a digit or letter


def _paste(path: Path, text: str) -> int:
    """Append `text` as a line of its own to `path`; return its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, text]) + "\n", encoding="utf-8")
    return len(lines) + 1


def _census_child(edition: Path) -> str:
    text = (edition / "returns" / "cin-2025" / "cin_census_2025.xml").read_text(encoding="utf-8")
    return text.split("<LAchildID>", 1)[1].split("<", 1)[0]


def _header_child(edition: Path) -> str:
    with (edition / "returns" / "ssda903-2025" / "header.csv").open(encoding="utf-8") as f:
        return next(csv.DictReader(f))["CHILD"]


@pytest.mark.parametrize(
    "file, pasted, value, kind",
    [
        ("narrative/case_studies.md", "Her UPN is {value}.", UPN_VALUE, "a UPN-shaped string"),
        ("narrative/foreword.md", "Jo (DOB: {value}) told us", "28/01/2010", "a date of birth"),
        ("plan.yml", "# born on {value}", "3rd March 2011", "a date of birth"),
        ("quotes.yml", "# said by {value}", "{census}", "a child's reference or UPN from the returns"),
        ("areas_for_improvement.yml", "# cases {value}/KM1", "{header}", "a child's reference or UPN from the returns"),
        ("local_figures.csv", "# {value}", "{header_lower}", "a child's reference or UPN from the returns"),
    ],
)
def test_personal_data_in_the_words_is_refused_in_publication_and_withheld_from_logs(
    edition_copy, file, pasted, value, kind
):
    header = _header_child(edition_copy)
    value = value.format(census=_census_child(edition_copy), header=header, header_lower=header.lower())
    line = _paste(edition_copy / file, pasted.format(value=value))
    internal = load_edition(edition_copy)  # internal: built, with a warning naming the file and line
    assert internal.warnings == (
        (
            f"{edition_copy / file}, line {line}: holds {kind}, a child's personal data "
            "(not shown here); take it out before the report is shared (sef.yml audience: publication refuses it)"
        ),
    )
    set_key(edition_copy / "sef.yml", "audience", "publication")
    with pytest.raises(InputError) as err:
        load_edition(edition_copy)
    exc = err.value
    assert exc.personal and f"{edition_copy / file}, line {line}: holds {kind}" in exc.message
    assert value in exc.message  # at a terminal, the analyst sees what to take out
    for quiet in (exc.describe(show_child=False), str(exc)):
        assert value not in quiet and "found (withheld: personal data)" in quiet, quiet


@pytest.mark.parametrize(
    "text",
    [
        "At 31 March 2025 there were 412 children looked after, up from 398 at 31/03/2024.",
        "Babies born after 1 April 2024 are counted in the 2025 cohort; the plan was agreed 2025-02-14.",
        "Our LA code is 991 (E06000991); 123456789012 contacts were not made; case KM12 was closed.",
        "Date of the review: 12 June 2025. The birth rate fell.",
    ],
)
def test_ordinary_dates_and_numbers_are_not_taken_for_personal_data(text):
    references = returns_references(EXAMPLE_EDITION / "returns")
    assert references  # the example's returns hold children
    assert scan_text(Path("narrative.md"), text, references) == []


def test_the_example_editions_hold_no_personal_data():
    for name in ("example-2024", "example-2025", "example-2026"):
        assert load_edition(EXAMPLE_EDITION.parent / name).warnings == ()


def test_the_returns_given_on_the_command_line_are_the_ones_scanned_for(edition_copy):
    child = _header_child(edition_copy)
    line = _paste(edition_copy / "narrative" / "foreword.md", f"We met {child} in May.")
    elsewhere = edition_copy.parent / "secure-returns"
    (edition_copy / "returns").rename(elsewhere)
    set_key(edition_copy / "sef.yml", "returns", "returns-on-the-share")  # not there: no child known from it
    assert load_edition(edition_copy).warnings == ()
    given = load_edition(edition_copy, returns=elsewhere)  # --returns, as a build reads it
    assert given.warnings[0].startswith(
        f"{edition_copy / 'narrative' / 'foreword.md'}, line {line}: holds a child's reference"
    )
    assert load_edition(edition_copy).with_returns(elsewhere).warnings == given.warnings  # as an edit's rebuild does


@pytest.mark.slow
def test_sefbook_check_warns_of_personal_data_in_an_internal_edition_and_exits_0(edition_copy, capsys):
    from sefbook import cli

    line = _paste(edition_copy / "narrative" / "case_studies.md", f"UPN {UPN_VALUE}")
    assert cli.main(["check", str(edition_copy), "--data", str(EXAMPLE_DATA)]) == 0
    err = capsys.readouterr().err
    assert (
        f"warning: {edition_copy / 'narrative' / 'case_studies.md'}, line {line}: holds a UPN-shaped string, "
        "a child's personal data (not shown here)"
    ) in err
    assert err.count("holds a UPN-shaped string") == 1
    assert UPN_VALUE not in err


def test_the_scan_reads_the_returns_without_pandas(tmp_path):
    """The edit-only rebuild loads the edition without pandas: so does the scan."""
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import sys; from sefbook.inputs.edition.read import load_edition; "
                f"e = load_edition({str(EXAMPLE_EDITION)!r}); print(e.warnings, 'pandas' in sys.modules)"
            ),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "() False"


@pytest.mark.parametrize("written", ['"no"', '"yes"', "'false'", "0", "1", '""'])
def test_a_quotes_publish_must_be_true_or_false(edition_copy, written):
    """Consent to publish a child's words is a yes or a no: a string is never taken for either."""
    quotes = edition_copy / "quotes.yml"
    quotes.write_text(
        quotes.read_text(encoding="utf-8").replace(
            "    who: young person, 15\n", f"    who: young person, 15\n    publish: {written}\n", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        load_edition(edition_copy)
    assert err.value.message.startswith(
        f"{quotes}, key quotes[0].publish: has an invalid value; expected true or false"
    )
