"""The returns folder: each kind of return found by its folder's name, a folder that is none
refused, the return covering more of a year preferred, and the figures kept in the cache folder
(figures only) so that every notebook of a build need not read a census again; and no child's
reference, UPN or date of birth in anything a build writes or prints."""

from __future__ import annotations

import pickle
import re
import shutil
from datetime import date

import pandas as pd
import pytest

from conftest import EXAMPLE_DATA, EXAMPLE_EDITION
from sefbook.digests import cache_dir
from sefbook.errors import InputError
from sefbook.inputs.collection import collection_period
from sefbook.inputs.returns import computed_figures
from sefbook.inputs.ssda903 import read_ssda903, ssda903_figures

RETURNS = EXAMPLE_EDITION / "returns"
POPULATION = {2024: 62_317.0, 2025: 62_900.0}


def by_key(figures):
    return {(f.indicator, f.time_period, f.quarter): (f.value, f.source) for f in figures}


def test_the_folder_gives_both_kinds_and_each_figure_once():
    figures = by_key(computed_figures(RETURNS, POPULATION))
    assert len(figures) == len(computed_figures(RETURNS, POPULATION))  # no figure twice
    # recomputed from each return on its own: the folder adds nothing and loses nothing
    cla = read_ssda903(RETURNS / "ssda903-2025")
    for f in ssda903_figures(cla, POPULATION):
        assert figures[(f.indicator, f.time_period, f.quarter)] == (f.value, "computed from SSDA903 2025")
    assert figures[("children_in_need_count", 2025, 0)][1] == "computed from CIN census 2025"
    assert figures[("children_in_need_count", 2026, 2)][1] == "computed from CIN census 2026"  # at 30 September 2025
    assert ("children_in_need_count", 2026, 3) not in figures  # 31 December is after the extract


def test_a_return_covering_more_of_the_year_wins(tmp_path):
    folder = tmp_path / "returns"
    shutil.copytree(RETURNS / "ssda903-2025", folder / "ssda903-2025")
    # an extract of the same year taken on 10 October 2024, kept beside the whole year's return
    extract = folder / "ssda903-2025-to-2024-10-10"
    shutil.copytree(folder / "ssda903-2025", extract)
    for name in ("episodes.csv",):
        lines = (extract / name).read_text(encoding="utf-8").splitlines(keepends=True)
        # keep the episodes that started by the extract's day, as open as they were then
        kept = [lines[0]]
        for line in lines[1:]:
            cells = line.rstrip("\n").split(",")
            start = date(*reversed([int(x) for x in cells[1].split("/")]))
            if start <= date(2024, 10, 10):
                ended = cells[7] and date(*reversed([int(x) for x in cells[7].split("/")])) > date(2024, 10, 10)
                if ended:
                    cells[7] = cells[8] = ""
                kept.append(",".join(cells) + "\n")
        (extract / name).write_text("".join(kept), encoding="utf-8")
    for optional in extract.glob("*.csv"):
        if optional.name not in ("header.csv", "episodes.csv"):
            optional.unlink()
    figures = by_key(computed_figures(folder, POPULATION))
    assert figures[("children_looked_after_count", 2025, 0)][0] == 458  # the whole year's, on 31 March
    # the quarter ends come from the extract alone (the whole return gives 31 March only)
    expected_q1 = next(f.value for f in ssda903_figures(read_ssda903(extract), POPULATION)
                       if f.indicator == "children_looked_after_count" and f.quarter == 1)
    assert figures[("children_looked_after_count", 2025, 1)][0] == expected_q1


@pytest.mark.parametrize("name, fragments", [
    ("ssda-2025", ["is not a return sefbook reads", "ssda903-<year> or cin-<year>", "'ssda-2025'"]),
    ("annex-a", ["is not a return sefbook reads", "'annex-a'"]),
])
def test_a_folder_that_is_no_return_is_refused(name, fragments, tmp_path):
    folder = tmp_path / "returns"
    shutil.copytree(RETURNS / "ssda903-2025", folder / "ssda903-2025")
    (folder / name).mkdir()
    with pytest.raises(InputError) as err:
        computed_figures(folder, POPULATION)
    for fragment in fragments:
        assert fragment in err.value.message


def test_an_empty_returns_folder_is_refused(tmp_path):
    (tmp_path / "returns").mkdir()
    with pytest.raises(InputError) as err:
        computed_figures(tmp_path / "returns", POPULATION)
    assert "holds no return sefbook reads" in err.value.message


@pytest.mark.parametrize("name, kind, expected", [
    ("cin-2025", "cin", (2025, date(2025, 3, 31))),
    ("ssda903-2026-to-2025-10-14", "ssda903", (2026, date(2025, 10, 14))),
])
def test_a_folders_name_gives_its_year_and_last_day(name, kind, expected, tmp_path):
    assert collection_period(tmp_path / name, kind) == expected


def test_a_cin_folder_is_not_taken_for_an_ssda903_return(tmp_path):
    with pytest.raises(InputError) as err:
        collection_period(tmp_path / "cin-2025", "ssda903")
    assert "is not named as an SSDA903 return" in err.value.message


def test_figures_are_kept_in_the_cache_folder_and_no_child_with_them(tmp_path):
    folder = tmp_path / "returns"
    shutil.copytree(RETURNS, folder)
    first = computed_figures(folder, POPULATION)
    kept = list((cache_dir() / "returns").glob("*.pickle"))
    assert kept
    text = b"".join(path.read_bytes() for path in kept)
    assert b"KM" not in text  # figures only: no child's reference
    assert {type(f).__name__ for f in pickle.loads(kept[0].read_bytes())} == {"ComputedFigure"}
    # a changed return is read again (its size or time changed), not recalled
    census = folder / "cin-2025" / "cin_census_2025.xml"
    census.write_text(census.read_text(encoding="utf-8").replace("<ReferralNFA>false</ReferralNFA>",
                                                                 "<ReferralNFA>true</ReferralNFA>", 50),
                      encoding="utf-8")
    second = by_key(computed_figures(folder, POPULATION))
    assert second[("referrals_no_further_action", 2025, 0)][0] > by_key(first)[("referrals_no_further_action", 2025, 0)][0]


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
    census_children = 0
    for census in RETURNS.glob("cin-*/*.xml"):  # the CIN census's children: their IDs and UPNs
        text = census.read_text(encoding="utf-8")
        ids = set(re.findall(r"<LAchildID>([^<]+)</LAchildID>", text))
        census_children += len(ids)
        secrets |= ids | set(re.findall(r"<UPN>([^<]+)</UPN>", text))
    annex = pd.read_excel(next(RETURNS.glob("annex-a-*/*.xlsx")), sheet_name=None, engine="calamine", dtype=str)
    secrets |= {str(v) for sheet in annex.values() for v in sheet.to_numpy().ravel() if re.fullmatch(r"KM\d{6}", str(v))}
    assert len(secrets) > 5000 and census_children > 3000
    # every file written: the reports, figures.csv, manifests, executed notebooks, the parts kept in
    # the output's cache, and everything kept in sefbook's own cache folder (figures, tables, charts)
    written = [p for p in (*out.rglob("*"), *cache_dir().rglob("*")) if p.is_file()]
    assert any(p.suffix == ".docx" for p in written) and any(p.name == "figures.csv" for p in written)
    texts = {str(p): p.read_bytes().decode("utf-8", errors="replace") for p in written if p.suffix != ".docx"}
    import zipfile

    for p in written:
        if p.suffix == ".docx":
            with zipfile.ZipFile(p) as z:
                texts[str(p)] = "".join(z.read(n).decode("utf-8", errors="replace") for n in z.namelist()
                                        if n.endswith(".xml"))
    texts["stdout and stderr"] = printed.out + printed.err
    quarterly = texts[str(out / f"{edition_copy.name}-2025-Q2" / "report.html")]
    assert "computed from SSDA903 2026" in quarterly and "computed from CIN census 2026" in quarterly
    assert any(".pickle" in where for where in texts)  # the cache folder was searched too
    # the returns' figures are in the report ...
    leaks = {(where, s) for where, text in texts.items() for s in secrets if s in text}
    assert not leaks, sorted(leaks)[:5]  # ... and nothing of any child
