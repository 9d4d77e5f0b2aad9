"""The council's own child-level returns: SSDA903 read and checked, children in care counted the
DfE's way on hand-made children, the example's synthetic return agreeing with the example's
published figure, a return in progress giving quarter-end figures, and every bad return named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from conftest import EXAMPLE_DATA, EXAMPLE_EDITION
from sefbook.errors import InputError
from sefbook.inputs.load import load_inputs
from sefbook.inputs.returns import (EPISODES_COLUMNS, HEADER_COLUMNS, looked_after_on, read_returns, read_ssda903,
                                    ssda903_figures)

RETURNS = EXAMPLE_EDITION / "returns"


def episodes(*rows: tuple[str, str, str, str, str]) -> pd.DataFrame:
    """(child, DECOM, DEC, LS, REC) rows as read: dates parsed, blanks as missing."""
    frame = pd.DataFrame(rows, columns=["CHILD", "DECOM", "DEC", "LS", "REC"])
    for column in ("DECOM", "DEC"):
        frame[column] = pd.to_datetime(frame[column].replace("", None), format="%d/%m/%Y")
    return frame.assign(RNE="S")


def test_children_in_care_on_a_day_the_dfe_way():
    table = episodes(
        ("A", "01/01/2020", "", "C2", ""),  # in care throughout
        ("B", "01/05/2024", "31/03/2025", "C2", "E4A"),  # left on 31 March: not in care at its end
        ("C", "01/06/2024", "01/09/2024", "C2", "X1"),  # two episodes, one child ...
        ("C", "01/09/2024", "", "V2", ""),  # ... counted once
        ("D", "01/02/2025", "", "V3", ""),  # short breaks only: not counted
        ("E", "01/04/2025", "", "C1", ""),  # came into care after the day
        ("F", "31/03/2025", "", "E1", ""),  # came into care on the day: counted
    )
    assert looked_after_on(table, date(2025, 3, 31)) == 3  # A, C, F
    assert looked_after_on(table, date(2024, 7, 1)) == 3  # A, B, C


def test_starts_and_leavers_count_each_child_once_and_leave_out_short_breaks():
    from sefbook.inputs.returns import started_and_ceased

    table = pd.DataFrame([
        ("A", "10/05/2024", "20/06/2024", "C2", "E4A", "S"),  # came in, went home ...
        ("A", "01/09/2024", "", "C2", "", "S"),  # ... and came back: one start
        ("B", "01/01/2020", "15/11/2024", "E1", "E11", "S"),  # adopted
        ("C", "01/01/2023", "01/08/2024", "C2", "X1", "S"),  # a placement move, not a leaving
        ("C", "01/08/2024", "", "C2", "", "P"),
        ("D", "01/06/2024", "", "V3", "", "S"),  # short breaks: neither a start nor a leaving
        ("E", "01/01/2022", "31/05/2024", "C1", "E4A", "S"),  # left, came back, left again:
        ("E", "01/07/2024", "28/02/2025", "C2", "E45", "S"),  # counted once, by the last (a special guardianship order)
        ("F", "01/04/2025", "", "C2", "", "S"),  # the year after
    ], columns=["CHILD", "DECOM", "DEC", "LS", "REC", "RNE"])
    for column in ("DECOM", "DEC"):
        table[column] = pd.to_datetime(table[column].replace("", None), format="%d/%m/%Y")
    started, ceased = started_and_ceased(table, 2025)
    assert started == 2  # A and E
    assert sorted(ceased) == ["E11", "E45", "E4A"]  # B, E (last time), A
    ret = read_ssda903(_write(Path(__import__("tempfile").mkdtemp()) / "ssda903-2025",
                              [_child(c) for c in "ABCDEF" if c != "F"],
                              [_episode(r.CHILD, r.DECOM.strftime("%d/%m/%Y"),
                                        "" if pd.isna(r.DEC) else r.DEC.strftime("%d/%m/%Y"), r.REC, r.LS, r.RNE)
                               for r in table[table["CHILD"] != "F"].itertuples()]))
    figures = {f.indicator: f.value for f in ssda903_figures(ret, {2024: 10_000})}
    assert figures["cla_started_rate"] == pytest.approx(2) and figures["cla_ceased_rate"] == pytest.approx(3)  # of 10,000 children
    assert figures["cla_ceased_adopted"] == pytest.approx(100 / 3) and figures["cla_ceased_sgo"] == pytest.approx(100 / 3)
    assert figures["cla_ceased_cao"] == 0


def _write(folder: Path, header: list[dict], rows: list[dict]) -> Path:
    folder.mkdir(parents=True)
    pd.DataFrame(header, columns=list(HEADER_COLUMNS)).to_csv(folder / "children.csv", index=False)
    pd.DataFrame(rows, columns=list(EPISODES_COLUMNS)).to_csv(folder / "episodes.csv", index=False)
    return folder


def _child(ref: str) -> dict:
    return dict(CHILD=ref, SEX="1", DOB="01/02/2015", ETHNIC="WBRI", UPN="", MOTHER="", MC_DOB="")


def _episode(ref: str, decom: str, dec: str = "", rec: str = "", ls: str = "C2", rne: str = "S") -> dict:
    return dict(CHILD=ref, DECOM=decom, RNE=rne, LS=ls, CIN="N1", PLACE="U4", PLACE_PROVIDER="PR1", DEC=dec, REC=rec,
                REASON_PLACE_CHANGE="", HOME_POST="", PL_POST="", URN="XXXXXXX")


def test_a_return_in_progress_gives_figures_at_the_quarter_ends_it_covers_and_a_rate_needs_last_years_population(tmp_path):
    folder = _write(tmp_path / "ssda903-2026-to-2025-08-20", [_child("T1"), _child("T2"), _child("T3")], [
        _episode("T1", "01/01/2024"),
        _episode("T2", "15/05/2025", "20/08/2025", "E4A"),
        _episode("T3", "02/07/2025"),
    ])
    ret = read_ssda903(folder)
    assert ret.covers_to == date(2025, 8, 20)  # as the folder says: extracted on 20 August 2025
    figures = {(f.indicator, f.quarter): f.value for f in ssda903_figures(ret, {2025: 20_000})}
    assert figures == {("children_looked_after_count", 1): 2, ("cla_rate", 1): 2 / 20_000 * 10_000}  # Q2 not covered
    assert {f.indicator for f in ssda903_figures(ret, {2024: 20_000})} == {"children_looked_after_count"}
    assert ssda903_figures(ret, {})[0].source == "computed from SSDA903 2026"


def test_the_example_return_agrees_with_the_published_figure_and_a_published_figure_wins():
    year = next(r for r in read_returns(RETURNS) if r.year == 2025)
    computed = {f.indicator: f.value for f in ssda903_figures(year, {}) if f.quarter == 0}
    inputs = load_inputs(EXAMPLE_EDITION, EXAMPLE_DATA)
    t = inputs.table
    published = t[(t["indicator"] == "children_looked_after_count") & (t["area_code"] == inputs.place.la_code)
                  & (t["time_period"] == 2025)]
    assert len(published) == 1 and not published["provisional"].iloc[0]  # the published figure, not the computed one
    assert computed["children_looked_after_count"] == published["value"].iloc[0] == 458


def test_the_quarterly_report_shows_children_in_care_at_the_quarter_end_computed_from_the_return():
    from sefbook.analysis.assess import assess
    from sefbook.render.section import SectionView

    inputs = load_inputs(EXAMPLE_EDITION, EXAMPLE_DATA, period="2025-Q2")
    t = inputs.table
    row = t[(t["indicator"] == "children_looked_after_count") & (t["quarter"] == 2)]
    assert row["source_file"].tolist() == ["computed from SSDA903 2026"] and row["provisional"].all()
    ret = next(r for r in read_returns(RETURNS) if r.year == 2026)
    expected = looked_after_on(ret.episodes, date(2025, 9, 30))
    assessed = assess(inputs, inputs.registry["children_looked_after_count"]).row
    assert (assessed.latest, assessed.period, assessed.quarter, assessed.provisional) == (expected, 2026, 2, True)
    html = SectionView(inputs.edition.section("context"), inputs).performance_table_html()
    assert f"{expected:,}" in html and "(provisional)" in html


BAD_RETURNS = {
    # name: (change to the example's 2025 episodes table, fragments of the message)
    "a date that is not a date": (lambda e: e.assign(DECOM=e["DECOM"].where(e.index != 3, "31/02/2024")),
                                  ["episodes.csv", "row 5, child KM", "column DECOM", "not a date", "'31/02/2024'"]),
    "an unknown legal status, in three rows": (lambda e: e.assign(LS=e["LS"].where(~e.index.isin([4, 9, 11]), "C9")),
                                               ["row 6, child KM", "column LS", "'C9' (and 2 more rows like it)",
                                                "collection year 2025"]),
    "an episode ending before it starts": (
        lambda e: e.assign(DEC=e["DEC"].where(e.index != _ended(e), "01/01/2000")),
        ["ends before it starts", "column DEC", "'01/01/2000'"]),
    "an end without a reason": (lambda e: e.assign(REC=e["REC"].where(e.index != _ended(e), "")),
                                ["end and reason disagree", "column REC"]),
    "a child's episodes overlapping": (lambda e: pd.concat([e, e.iloc[[0]]], ignore_index=True),
                                       ["overlapping", "child KM", "column DECOM"]),
    "a child the header does not list": (lambda e: e.assign(CHILD=e["CHILD"].where(e.index != 2, "ZZ999999")),
                                         ["a child the header does not list", "child ZZ999999"]),
    "a missing table": (None, ["has no SSDA903 episodes table", "CHILD, DECOM, RNE"]),
}


def _ended(e: pd.DataFrame) -> int:
    return int(e.index[(e["DEC"] != "") & (e["REC"] != "X1")][0])


@pytest.mark.parametrize("case", BAD_RETURNS)
def test_a_bad_return_is_named_with_the_row_the_child_and_how_many_rows(case, tmp_path):
    change, fragments = BAD_RETURNS[case]
    folder = tmp_path / "ssda903-2025"
    folder.mkdir()
    source = RETURNS / "ssda903-2025"
    (folder / "header.csv").write_bytes((source / "header.csv").read_bytes())
    if change is not None:
        frame = pd.read_csv(source / "episodes.csv", dtype=str, keep_default_na=False)
        change(frame).to_csv(folder / "episodes.csv", index=False)
    with pytest.raises(InputError) as err:
        read_ssda903(folder)
    for fragment in fragments:
        assert fragment in err.value.message, (fragment, err.value.message)


@pytest.mark.parametrize("name, fragments", [
    ("returns-2025", ["is not named as an SSDA903 return", "ssda903-<year>"]),
    ("ssda903-2015", ["a year from 2021 to 2026", "2015"]),
    ("ssda903-2026-to-2026-05-01", ["an extract date outside its collection year", "'2026-05-01'"]),
    ("ssda903-2026-to-2025-02-30", ["an extract date outside its collection year", "'2025-02-30'"]),
])
def test_a_return_folder_names_its_collection_year(name, fragments, tmp_path):
    with pytest.raises(InputError) as err:
        read_ssda903(_write(tmp_path / name, [_child("A")], [_episode("A", "01/01/2024")]))
    for fragment in fragments:
        assert fragment in err.value.message


@pytest.mark.build
def test_no_child_reference_date_of_birth_or_upn_reaches_any_output(edition_copy, tmp_path, capsys):
    """Build the annual report (returns named in sef.yml) and the quarterly report (returns given
    with --returns, from a folder elsewhere; it shows figures computed from the return), then
    search every file written (report, figures.csv, manifest, executed notebooks, the cache) and
    everything printed for every child's reference, UPN and date of birth."""
    import shutil

    from conftest import set_key
    from sefbook import cli

    out = tmp_path / "out"
    assert cli.main(["build", str(EXAMPLE_EDITION), "--data", str(EXAMPLE_DATA), "--output", str(out),
                     "--format", "html,docx"]) == 0
    elsewhere = tmp_path / "secure-share" / "returns"
    shutil.copytree(RETURNS, elsewhere)
    shutil.rmtree(edition_copy / "returns")
    set_key(edition_copy / "sef.yml", "returns", "null")
    assert cli.main(["build", str(edition_copy), "--data", str(EXAMPLE_DATA), "--output", str(out),
                     "--format", "html,docx", "--period", "2025-Q2", "--returns", str(elsewhere)]) == 0
    printed = capsys.readouterr()
    secrets = set()
    for header in RETURNS.glob("ssda903-*/header.csv"):
        frame = pd.read_csv(header, dtype=str, keep_default_na=False)
        secrets |= set(frame["CHILD"]) | set(frame["DOB"]) | {u for u in frame["UPN"] if u}
        secrets |= {pd.to_datetime(d, format="%d/%m/%Y").strftime("%Y-%m-%d") for d in frame["DOB"]}
    assert len(secrets) > 1000
    written = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.suffix == ".docx" for p in written) and any(p.name == "figures.csv" for p in written)
    texts = {str(p): p.read_bytes().decode("utf-8", errors="replace") for p in written if p.suffix != ".docx"}
    import zipfile

    for p in written:
        if p.suffix == ".docx":
            with zipfile.ZipFile(p) as z:
                texts[str(p)] = "".join(z.read(n).decode("utf-8", errors="replace") for n in z.namelist()
                                        if n.endswith(".xml"))
    texts["stdout and stderr"] = printed.out + printed.err
    shown = "computed from SSDA903 2026" in texts[str(out / f"{edition_copy.name}-2025-Q2" / "report.html")]
    assert shown  # the return's figures are in the report ...
    leaks = {(where, s) for where, text in texts.items() for s in secrets if s in text}
    assert not leaks, sorted(leaks)[:5]  # ... and nothing of any child
