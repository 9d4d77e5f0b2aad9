"""The bad-input suite for the data: one table of cases that grows with every bug found, as
test_bad_inputs.py's for the edition. Each case breaks a copy of the example's data files or the
council's returns in one way, runs `sefbook build` as a user would, and asserts the exit status,
that the message names the file and the fault, that no traceback is printed, and that the last
good report is exactly as it was (tests/bad_inputs.py).

Adding a case is one line: a name, what to break (a function of the edition and data folders),
the extra command-line arguments, the exit status and the fragments the message must hold."""

from __future__ import annotations

import pytest
from bad_inputs import Cases, append, cell, keep_header_only, key, not_a_file, refused_plainly, replace

BAD_DATA: Cases = {
    # the council's own returns (synthetic in the example)
    "a return with an unknown legal status": (
        replace("returns/ssda903-2025/episodes.csv", ",C2,", ",C9,", count=3),
        ["--show-child-references"],
        2,
        ["episodes.csv", "child KM", "column LS", "'C9' (and 2 more rows like it)"],
    ),
    # a child's reference is printed at a terminal only, never into a scheduled job's log
    "a return's child unnamed in a log": (
        replace("returns/ssda903-2025/episodes.csv", ",C2,", ",C9,"),
        [],
        2,
        ["episodes.csv", "row ", "column LS", "child (reference withheld from logs", "'C9'"],
    ),
    "a returns folder that is not there": (
        key("returns", "returns-not-here"),
        [],
        2,
        ["returns-not-here", "returns folder not found"],
    ),
    "a census with an unknown category of abuse": (
        replace(
            "returns/cin-2025/cin_census_2025.xml",
            "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>",
            "<InitialCategoryOfAbuse>NEGLECT</InitialCategoryOfAbuse>",
            count=2,
        ),
        ["--show-child-references"],
        2,
        [
            "cin_census_2025.xml",
            "line ",
            "child KM5",
            "element InitialCategoryOfAbuse",
            "'NEGLECT' (and 1 more like it)",
        ],
    ),
    "a folder in the returns that is no return": (
        lambda edition, data: (edition / "returns" / "ssda-2025").mkdir(),
        [],
        2,
        ["ssda-2025", "is not a return sefbook reads", "ssda903-<year>"],
    ),
    # the data
    "missing column": (
        replace("data/c1_*.csv", "rereferral_percent", "rereferral_pct"),
        [],
        2,
        ["c1_children_in_need_referrals_and_rereferrals", "missing required columns", "rereferral_percent"],
    ),
    "non-numeric value": (
        cell("csww_indicators_*.csv", "agency_rate_fte", "twelve"),
        [],
        2,
        ["csww_indicators", "column agency_rate_fte", "'twelve'", "row "],
    ),
    "infinite value": (
        cell("c1_*.csv", "rereferral_percent", "inf"),
        [],
        2,
        ["c1_children", "rereferral_percent", "'inf'"],
    ),
    "decimal comma": (
        cell("c1_*.csv", "rereferral_percent", "16,8"),
        [],
        2,
        ["c1_children", "decimal point", "'16,8'"],
    ),
    "percentage over 100": (
        cell("c1_*.csv", "rereferral_percent", "250"),
        [],
        2,
        ["c1_children", "rereferral_percent", "250"],
    ),
    "negative count": (cell("b1_*.csv", "At31_episodes", "-4"), [], 2, ["b1_children_in_need", "-4"]),
    "population of zero": (cell("ons_*.csv", "population_estimate", "0"), [], 2, ["ons_", "population_estimate", "0"]),
    "data file is a folder": (not_a_file("data/c1_*.csv", "folder"), [], 2, ["c1_children", "folder"]),
    "data file is a dangling link": (not_a_file("data/c1_*.csv", "dangling link"), [], 2, ["c1_children", "link"]),
    "data file is a FIFO": (not_a_file("data/c1_*.csv", "fifo"), [], 2, ["c1_children", "not a regular file"]),
    "region under another code in one file": (
        replace("data/c1_*.csv", "E12000004,East Midlands", "E12000099,East Midlands", count=-1),
        [],
        2,
        ["c1_children", "gives a region another code", "E12000004", "E12000099"],
    ),
    "council under another GSS code in one file": (
        replace("data/c1_*.csv", "991,E06000991", "991,E06000999", count=-1),
        [],
        0,
        [],
    ),
    "local authority in another case": (replace("data/c1_*.csv", "Local authority", "LOCAL AUTHORITY"), [], 0, []),
    # --- issue 25: the build's freshness and caches ---
    # --- issue 25: the council's returns ---
    "a return's table that is empty": (
        lambda e, d: (e / "returns" / "ssda903-2025" / "episodes.csv").write_bytes(b""),
        [],
        2,
        ["ssda903-2025/episodes.csv: is empty", "found no text"],
    ),
    "a return's row with one field too many": (
        replace("returns/ssda903-2025/episodes.csv", ",XXXXXXX\n", ",XXXXXXX,X\n"),
        [],
        2,
        ["episodes.csv, line 2: has a row with more fields than its header", "expected 13 fields", "found 14 fields"],
    ),
    "a return's table saved in cp1252": (
        lambda e, d: (e / "returns" / "ssda903-2025" / "header.csv").write_bytes(
            (e / "returns" / "ssda903-2025" / "header.csv")
            .read_text(encoding="utf-8")
            .replace(",,\n", ",\u00a3,\n", 1)
            .encode("cp1252")
        ),
        [],
        2,
        ["header.csv, line 2, byte ", "is not UTF-8 text", "found the byte 0xA3"],
    ),
    "a child twice in a return's header with two dates of birth": (
        append("returns/ssda903-2025/header.csv", "KM104011,1,01/01/2011,APKN,K171615767276A,,\n"),
        [],
        2,
        [
            "header.csv, rows 2 and ",
            "child (reference withheld",
            "column DOB",
            "lists a child twice, with different dates of birth",
            "found (withheld: personal data)",
        ],
    ),
    "a child twice in a return's header, alike": (
        append("returns/ssda903-2025/header.csv", "KM104011,1,28/01/2010,APKN,K171615767276A,,\n"),
        [],
        2,
        ["header.csv, rows 2 and ", "column CHILD", "lists a child twice;"],
    ),
    "a UPN in a return's coded column, in a log": (
        replace("returns/ssda903-2025/episodes.csv", ",C2,", ",A123456789012,"),
        [],
        2,
        ["episodes.csv, row ", "column LS", "found (withheld: personal data)"],
    ),
    "an Annex A with a cell at the grid's far corner": (
        lambda e, d: __import__("test_annex_a_workbooks").bomb_annex_a(e, d),
        [],
        2,
        ["annex_a.xlsx, sheet '", "has a sheet too large to read safely", "found cells up to XFD1048576"],
    ),
    # --- issue 25: published data files and their cache ---
    # no rows: the council's returns would stand in for the publication's figures without a word
    "data file with a header but no rows": (
        lambda e, d: keep_header_only(next(d.glob("c1_*.csv"))),
        [],
        2,
        ["c1_children_in_need_referrals", "has a header but no rows"],
    ),
    "local figures with a header but no rows": (
        lambda e, d: (e / "local_figures.csv").write_text(
            (e / "local_figures.csv").read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8"
        ),
        [],
        2,
        ["local_figures.csv", "has a header but no rows"],
    ),
    # --- issue 26: real councils' files ---
    # a return of another council must never be printed as this one's figures
    "a CIN census of another council": (
        replace("returns/cin-2026/cin_census_2026.xml", "<LEA>991</LEA>", "<LEA>856</LEA>"),
        [],
        2,
        [
            "cin_census_2026.xml",
            "is the return of LA 856, not of Kingsmere (991)",
            "element LEA",
            "expected LEA 991",
            "found 856",
        ],
    ),
    # --- issue 25: resources and names ---
    "a data file named with terminal controls": (  # shown escaped: a terminal never runs them
        lambda e, d: (
            replace("data/c1_*.csv", "rereferral_percent", "rereferral_pct")(e, d),
            (c1 := next(d.glob("c1_*.csv"))).rename(c1.with_name(c1.name.replace("_2021", "_\x1b[31m\x07\r\n2021"))),
        ),
        [],
        2,
        [
            "c1_children_in_need_referrals_and_rereferrals_\\x1b[31m\\x07\\x0d\\x0a2021_to_2025.csv",
            "missing required columns",
        ],
    ),
}


@pytest.mark.parametrize("case", BAD_DATA)
def test_bad_data_is_refused_plainly_and_the_last_report_is_kept(case, example_build, edition_copy, data_copy, capsys):
    refused_plainly(BAD_DATA[case], example_build, edition_copy, data_copy, capsys)
