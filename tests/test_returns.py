"""The returns folder: each kind of return found by its folder's name, a folder that is none
refused, the return covering more of a year preferred, and the figures kept in the cache folder
(figures only) so that every notebook of a build need not read a census again; and no child's
reference, UPN or date of birth in anything a build writes or prints."""

from __future__ import annotations

import os
import pickle
import re
import shutil
from datetime import date

import pandas as pd
import pytest
from helpers import EXAMPLE_DATA, EXAMPLE_EDITION

from sefbook.cache import cache_dir
from sefbook.errors import InputError
from sefbook.inputs.returns.collection import collection_period
from sefbook.inputs.returns.folder import KINDS_KEPT, computed_figures, returns_figures
from sefbook.inputs.returns.ssda903.figures import ssda903_figures
from sefbook.inputs.returns.ssda903.read import read_ssda903

RETURNS = EXAMPLE_EDITION / "returns"
POPULATION = {2024: 62_317.0, 2025: 62_900.0}
KINGSMERE = ("991", "Kingsmere")  # sef.yml's old LA code and name: the example census's LEA


def by_key(figures):
    return {(f.indicator, f.time_period, f.quarter): (f.value, f.source) for f in figures}


@pytest.mark.slow
def test_the_folder_gives_both_kinds_and_each_figure_once():
    figures = by_key(computed_figures(RETURNS, POPULATION, council=KINGSMERE))
    assert len(figures) == len(computed_figures(RETURNS, POPULATION, council=KINGSMERE))  # no figure twice
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
    figures = by_key(computed_figures(folder, POPULATION, council=KINGSMERE))
    assert figures[("children_looked_after_count", 2025, 0)][0] == 458  # the whole year's, on 31 March
    # the quarter ends come from the extract alone (the whole return gives 31 March only)
    expected_q1 = next(
        f.value
        for f in ssda903_figures(read_ssda903(extract), POPULATION)
        if f.indicator == "children_looked_after_count" and f.quarter == 1
    )
    assert figures[("children_looked_after_count", 2025, 1)][0] == expected_q1


@pytest.mark.parametrize(
    "name, fragments",
    [
        ("ssda-2025", ["is not a return sefbook reads", "ssda903-<year> or cin-<year>", "'ssda-2025'"]),
        ("annex-a", ["is not a return sefbook reads", "'annex-a'"]),
    ],
)
def test_a_folder_that_is_no_return_is_refused(name, fragments, tmp_path):
    folder = tmp_path / "returns"
    shutil.copytree(RETURNS / "ssda903-2025", folder / "ssda903-2025")
    (folder / name).mkdir()
    with pytest.raises(InputError) as err:
        computed_figures(folder, POPULATION, council=KINGSMERE)
    for fragment in fragments:
        assert fragment in err.value.message


def test_an_empty_returns_folder_is_refused(tmp_path):
    (tmp_path / "returns").mkdir()
    with pytest.raises(InputError) as err:
        computed_figures(tmp_path / "returns", POPULATION, council=KINGSMERE)
    assert "holds no return sefbook reads" in err.value.message


@pytest.mark.parametrize(
    "name, kind, expected",
    [
        ("cin-2025", "cin", (2025, date(2025, 3, 31))),
        ("ssda903-2026-to-2025-10-14", "ssda903", (2026, date(2025, 10, 14))),
    ],
)
def test_a_folders_name_gives_its_year_and_last_day(name, kind, expected, tmp_path):
    assert collection_period(tmp_path / name, kind) == expected


def test_a_cin_folder_is_not_taken_for_an_ssda903_return(tmp_path):
    with pytest.raises(InputError) as err:
        collection_period(tmp_path / "cin-2025", "ssda903")
    assert "is not named as an SSDA903 return" in err.value.message


@pytest.mark.slow
def test_figures_are_kept_in_the_cache_folder_and_no_child_with_them(tmp_path):
    folder = tmp_path / "returns"
    shutil.copytree(RETURNS, folder)
    first = computed_figures(folder, POPULATION, council=KINGSMERE)
    kept = list((cache_dir() / "returns").glob("*.pickle"))
    assert kept
    text = b"".join(path.read_bytes() for path in kept)
    assert b"KM" not in text  # figures only: no child's reference
    recalled = pickle.loads(kept[0].read_bytes())
    assert {type(f).__name__ for f in recalled.figures} == {"ComputedFigure"}
    assert {type(x).__name__ for x in recalled.left_out} <= {"LeftOut"}  # reasons in counts, never a child
    # a changed return is read again (its size or time changed), not recalled
    census = folder / "cin-2025" / "cin_census_2025.xml"
    census.write_text(
        census.read_text(encoding="utf-8").replace(
            "<ReferralNFA>false</ReferralNFA>", "<ReferralNFA>true</ReferralNFA>", 50
        ),
        encoding="utf-8",
    )
    second = by_key(computed_figures(folder, POPULATION, council=KINGSMERE))
    assert (
        second[("referrals_no_further_action", 2025, 0)][0] > by_key(first)[("referrals_no_further_action", 2025, 0)][0]
    )


@pytest.mark.slow  # the example's returns read whole
def test_a_folder_added_to_returns_whose_figures_are_kept_is_refused_and_a_copy_reuses_them(tmp_path):
    """The returns' figures are kept by what the folder holds, not where it is: a copy elsewhere
    reuses them, and an empty folder added (which holds no file to change a digest) is refused
    as it is when nothing was kept. Found in a full run: the bad-data case of that name passed
    alone and failed once another test had kept the same returns' figures."""
    first, copy = tmp_path / "first", tmp_path / "elsewhere" / "returns"
    shutil.copytree(RETURNS, first)
    shutil.copytree(RETURNS, copy)
    entries = lambda: sorted((cache_dir() / "returns").glob("*.pickle"))
    kept = returns_figures(first, POPULATION, council=KINGSMERE)
    before = entries()
    assert returns_figures(copy, POPULATION, council=KINGSMERE) == kept
    assert entries() == before  # recalled, not worked out and kept again
    (copy / "ssda-2025").mkdir()
    with pytest.raises(InputError) as err:
        returns_figures(copy, POPULATION, council=KINGSMERE)
    assert str(err.value.file).endswith("ssda-2025") and "is not a return sefbook reads" in err.value.message


@pytest.mark.slow  # the example's returns read whole, then each kind read or recalled
def test_a_changed_return_reads_its_kind_again_and_recalls_the_others(tmp_path, monkeypatch):
    """Each kind's figures are kept by its own folders' files: a census changed reads the censuses
    again and recalls the SSDA903 returns and the Annex A, and gives the figures a reading without
    any cache gives."""
    folder = tmp_path / "returns"
    shutil.copytree(RETURNS, folder)
    kinds = cache_dir() / KINDS_KEPT
    entries = lambda: set(kinds.glob("*.pickle"))
    returns_figures(folder, POPULATION, council=KINGSMERE)
    before = entries()
    assert before  # each kind kept (or kept already, by another test reading the same returns)
    census = folder / "cin-2025" / "cin_census_2025.xml"
    census.write_text(
        census.read_text(encoding="utf-8").replace(
            "<ReferralNFA>false</ReferralNFA>", "<ReferralNFA>true</ReferralNFA>", 37
        ),
        encoding="utf-8",
    )
    changed = returns_figures(folder, POPULATION, council=KINGSMERE)
    (new,) = entries() - before  # the censuses, read again; the other kinds recalled
    assert {batch.name for batch in pickle.loads(new.read_bytes())} == {
        "cin-2025",
        "cin-2026",
        "cin-2026-to-2025-10-14",
    }
    assert b"KM" not in new.read_bytes()  # figures only: no child's reference
    blocker = tmp_path / "no-cache"
    blocker.write_text("a file, not a cache folder\n", encoding="utf-8")
    monkeypatch.setenv("SEFBOOK_CACHE_DIR", str(blocker))
    assert returns_figures(folder, POPULATION, council=KINGSMERE) == changed  # read whole, as the cache gave it


@pytest.mark.build
def test_no_child_reference_date_of_birth_or_upn_reaches_any_output(
    example_build, example_2026_build, edition_copy, tmp_path
):
    """The annual reports of 2025 and 2026 (returns named in sef.yml; built once for the run, each
    with a cache folder of its own) and a quarterly report built here (returns given with --returns,
    from a folder elsewhere; it shows figures computed from the return): every file written (report,
    figures.csv, manifest, executed notebooks, the caches) and everything printed is searched for
    every child's reference, UPN and date of birth. Each build's own cache folder holds all it kept
    and nothing other tests kept (a real Ofsted inspection's date can be a synthetic child's date of birth)."""
    import os
    import subprocess
    import sys

    from helpers import kept_by_the_build, set_key

    out, own_cache = tmp_path / "out", tmp_path / "cache"
    elsewhere = tmp_path / "secure-share" / "returns"
    shutil.copytree(RETURNS, elsewhere)
    shutil.rmtree(edition_copy / "returns")
    set_key(edition_copy / "sef.yml", "returns", "null")
    command = [str(edition_copy), "--format", "html,docx", "--period", "2025-Q2", "--returns", str(elsewhere)]
    done = subprocess.run(
        [sys.executable, "-m", "sefbook", "build", *command, "--data", str(EXAMPLE_DATA), "--output", str(out)],
        env={**os.environ, "SEFBOOK_CACHE_DIR": str(own_cache)},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    printed, searched = [done.stdout + done.stderr], [out, own_cache]
    for report in (example_build, example_2026_build):
        cache, log = kept_by_the_build(report)
        printed.append(log)
        searched += [report.parent.parent, cache]  # its output folder (with the parts kept there) and its cache
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
    secrets |= {
        str(v) for sheet in annex.values() for v in sheet.to_numpy().ravel() if re.fullmatch(r"KM\d{6}", str(v))
    }
    assert len(secrets) > 5000 and census_children > 3000
    # every file written: the reports, figures.csv, manifests, executed notebooks, the parts kept in
    # the output's cache, and everything kept in sefbook's own cache folder (figures, tables, charts)
    written = [p for folder in searched for p in folder.rglob("*") if p.is_file()]
    assert any(p.suffix == ".docx" for p in written) and {"figures.csv", "tables.xlsx"} <= {p.name for p in written}
    zipped = (".docx", ".xlsx")  # Word and tables.xlsx: XML in a zip
    texts = {str(p): p.read_bytes().decode("utf-8", errors="replace") for p in written if p.suffix not in zipped}
    import zipfile

    for p in written:
        if p.suffix in zipped:
            with zipfile.ZipFile(p) as z:
                texts[str(p)] = "".join(
                    z.read(n).decode("utf-8", errors="replace") for n in z.namelist() if n.endswith(".xml")
                )
    texts["stdout and stderr"] = "".join(printed)
    quarterly = texts[str(out / f"{edition_copy.name}-2025-Q2" / "report.html")]
    assert "computed from SSDA903 2026" in quarterly and "computed from CIN census 2026" in quarterly
    assert any(".pickle" in where for where in texts)  # the cache folder was searched too
    # the returns' figures are in the report ... and nothing of any child. Every secret has one of a few shapes (a
    # reference, a UPN, a date): each text's tokens of those shapes are found once and looked up (a substring search
    # of each of some 30,000 secrets in every file took minutes); a UPN's token is looked up with and without its A
    shapes = re.compile(r"KM\d{6}|K\d{12}A?|\d{2}/\d{2}/\d{4}|\d{4}-\d{2}-\d{2}")
    assert all(shapes.fullmatch(secret) for secret in secrets), [s for s in secrets if not shapes.fullmatch(s)][:5]
    leaks = {
        (where, token)
        for where, text in texts.items()
        for found in shapes.findall(text)
        for token in {found, found.rstrip("A")}
        if token in secrets
    }
    assert not leaks, sorted(leaks)[:5]


# --- earlier years' returns in the folder, and the registry's returns-only indicators ----------------------------------


def test_the_folder_links_each_whole_year_to_the_years_before_it(tmp_path):
    from test_ssda903_history import _two_years

    folder = _two_years(tmp_path)
    figures = by_key(computed_figures(folder, POPULATION, council=KINGSMERE))
    # E came into care in June 2023 (the 2024 return) and moved in with its adopters on 1 May 2024 (335 days)
    assert figures[("adoption_a1_days", 2025, 0)] == (335, "computed from SSDA903 2025")
    assert figures[("adoption_a2_days", 2025, 0)] == (
        122,
        "computed from SSDA903 2025",
    )  # order 1/12/2023, match 1/4/2024
    # a year missing between two returns breaks the chain: the 2025 return alone cannot reach E's start
    (folder / "ssda903-2024").rename(folder / "ssda903-2023")
    for name in ("children.csv", "episodes.csv"):  # the same children, a year earlier: nothing links them to 2025
        path = folder / "ssda903-2023" / name
        path.write_text(
            path.read_text(encoding="utf-8").replace("/2023", "/2022").replace("/2024", "/2023"), encoding="utf-8"
        )
    assert ("adoption_a1_days", 2025, 0) not in by_key(computed_figures(folder, POPULATION, council=KINGSMERE))


def test_the_folder_refuses_two_years_that_disagree(tmp_path):
    from test_ssda903_history import DISAGREEING, _two_years

    earlier, later, refused, fragments = DISAGREEING["a legal status"]
    with pytest.raises(InputError) as err:
        computed_figures(_two_years(tmp_path, earlier, later), POPULATION, council=KINGSMERE)
    assert err.value.file.endswith(f"{refused}/episodes.csv") and fragments[0] in err.value.message


def test_a_returns_only_indicator_builds_into_the_canonical_table_and_is_not_ranked(edition_copy, tmp_path):
    from test_ssda903_history import _two_years

    from sefbook.inputs.load import load_inputs
    from sefbook.inputs.sections import SECTIONS
    from sefbook.render.section import SectionView

    sef = edition_copy / "sef.yml"
    sef.write_text(
        sef.read_text(encoding="utf-8").replace(
            "  - name: children_in_care\n    indicators: [",
            "  - name: children_in_care\n    indicators: [adoption_a1_days, ",
        ),
        encoding="utf-8",
    )
    inputs = load_inputs(edition_copy, EXAMPLE_DATA, sections=["children_in_care"], returns=_two_years(tmp_path))
    t = inputs.table
    row = t[t["indicator"] == "adoption_a1_days"]
    assert len(row) == 1 and (row["area_code"] == inputs.place.la_code).all()  # the council's alone: no comparators
    assert (row["value"].iloc[0], row["time_period"].iloc[0], row["quarter"].iloc[0]) == (335, 2025, 0)
    assert row["provisional"].iloc[0] and row["source_file"].iloc[0] == "computed from SSDA903 2025"
    shown = next(
        r for r in SectionView(SECTIONS["children_in_care"], inputs).performance_rows() if r["id"] == "adoption_a1_days"
    )
    assert (shown["latest"], shown["rank"], shown["neighbours"]) == ("335", "", "x")
    assert shown["not_ranked"] == "computed from the council's own returns; not published for other councils"


def test_the_examples_year_before_agrees_with_its_publication_and_fills_in_the_2025_history():
    from sefbook.inputs.load import load_inputs
    from sefbook.inputs.returns.ssda903.figures import ssda903_left_out
    from sefbook.inputs.returns.ssda903.history import link_years

    before, year = read_ssda903(RETURNS / "ssda903-2024"), read_ssda903(RETURNS / "ssda903-2025")
    counted = {f.indicator: f.value for f in ssda903_figures(before, {})}["children_looked_after_count"]
    t = load_inputs(EXAMPLE_EDITION, EXAMPLE_DATA, sections=["context"]).table
    published = t[
        (t["indicator"] == "children_looked_after_count") & (t["time_period"] == 2024) & (t["area_key"] == "991")
    ]
    assert counted == published["value"].iloc[0] == 471 and not published["provisional"].iloc[0]
    linked = link_years([before, year])[1]  # the two years agree on every child's episodes, or this refuses
    alone, filled = ssda903_left_out(year, POPULATION), ssda903_left_out(linked, POPULATION)
    how_many = lambda reason: int(re.search(r"for (\d+) children", reason)[1])
    for indicator in ("cla_long_term_stability", "adoption_entry_to_adoption_months"):
        # children who came into care from April 2023 are now settled; those before it still are not
        assert 0 < how_many(filled[indicator]) < how_many(alone[indicator])
        assert "before 1 April 2023, where the earliest of them starts" in filled[indicator]


def test_this_years_edition_shows_its_returns_figures_beside_last_years_published():
    """The 2026 example is written before the DfE publishes 2025-26: its year's figures are the
    returns', provisional, compared with the other councils' 2024-25 (the latest published)."""
    from sefbook.analysis.assess import assess
    from sefbook.inputs.load import load_inputs
    from sefbook.inputs.returns.ssda903.measures import looked_after_on

    inputs = load_inputs(EXAMPLE_EDITION.parent / "example-2026", EXAMPLE_DATA)
    table = inputs.table
    ours = table[table["area_code"] == inputs.place.la_code]

    def figure(indicator: str, year: int) -> pd.Series:
        found = ours[(ours["indicator"] == indicator) & (ours["time_period"] == year) & (ours["quarter"] == 0)]
        assert len(found) == 1, (indicator, year, found)
        return found.iloc[0]

    for indicator, source in [
        ("cla_rate", "SSDA903 2026"),
        ("cla_long_term_stability", "SSDA903 2026"),
        ("rereferral_12m", "CIN census 2026"),
        ("assessments_45_days", "CIN census 2026"),
        ("adoption_a1_days", "SSDA903 2026"),
    ]:
        this_year = figure(indicator, 2026)
        assert this_year["provisional"] and f"computed from {source}" in this_year["source_file"], this_year
    last_year = figure("cla_rate", 2025)
    assert not last_year["provisional"] and "computed from" not in last_year["source_file"]
    # the rate recomputed from the return: children in care on 31 March 2026 over the latest published
    # mid-year (mid-2024 stands in for mid-2025, not yet published), and its source says so
    children = figure("child_population", 2024)["value"]
    assert not (ours["indicator"].eq("child_population") & ours["time_period"].eq(2025)).any()
    in_care = looked_after_on(read_ssda903(RETURNS / "ssda903-2026").episodes, date(2026, 3, 31))
    assert figure("cla_rate", 2026)["value"] == pytest.approx(in_care / children * 10_000)
    assert "per 10,000 children of mid-2024" in figure("cla_rate", 2026)["source_file"]
    assert "mid-2024" not in figure("rereferral_12m", 2026)["source_file"]  # a share divides by no population
    # the table's row: 2026's figure against the neighbours', region's and England's for 2025
    row = assess(inputs, inputs.registry["cla_rate"]).row
    assert (row.period, row.comparators_period) == (2026, 2025)
    assert row.previous == pytest.approx(last_year["value"])
    published_2025 = table[
        (table["indicator"] == "cla_rate") & (table["time_period"] == 2025) & (table["geographic_level"] == "National")
    ]["value"]
    assert row.england == pytest.approx(published_2025.iloc[0])


@pytest.mark.slow
def test_publication_mode_suppresses_returns_figures_on_few_or_uncounted_children(tmp_path):
    """A figure from the returns carries the smallest count of children behind it: publication mode
    shows "c" where that is 1 to 4, and where it is not known (an average over the children adopted)."""
    from helpers import set_key

    from sefbook.inputs.load import load_inputs

    shutil.copytree(EXAMPLE_EDITION.parent, tmp_path / "sefs")
    edition = tmp_path / "sefs" / "example-2026"
    set_key(edition / "sef.yml", "audience", "publication")
    set_key(edition / "sef.yml", "suppression_threshold", "20")  # high, so that some of the example's counts are small
    figures = {
        (f.indicator, f.time_period, f.quarter): f
        for f in computed_figures(RETURNS, {2024: 62_317.0, 2025: 62_317.0}, council=KINGSMERE)
    }
    table = load_inputs(edition, EXAMPLE_DATA).table
    ours = table[(table["area_code"] == "E06000991") & (table["time_period"] == 2026) & (table["quarter"] == 0)]
    shown = ours.set_index("indicator")
    # the children in care on 31 March 2026, and the rate resting on them: many children, shown
    in_care = figures[("children_looked_after_count", 2026, 0)].value
    assert figures[("cla_rate", 2026, 0)].smallest_count == in_care > 5
    assert shown.loc["cla_rate", "symbol"] == "" and shown.loc["cla_rate", "value"] > 0
    # the scorecard's days: an average over the children adopted, whose number is not counted: never published
    assert figures[("adoption_a1_days", 2026, 0)].smallest_count is None
    assert shown.loc["adoption_a1_days", "symbol"] == "c" and pd.isna(shown.loc["adoption_a1_days", "value"])
    # a figure whose count is small is suppressed, one whose count is not is shown
    judged = []
    for indicator in shown.index:
        f = figures.get((indicator, 2026, 0))
        if f is None or f.smallest_count is None or indicator == "children_looked_after_count":
            continue
        small = 1 <= f.smallest_count < 20
        assert (shown.loc[indicator, "symbol"] == "c") is small, (indicator, f.smallest_count)
        judged.append(small)
    assert True in judged and False in judged


# --- a council's returns are its own ----------------------------------------------------------------------------------


def test_a_census_of_another_council_refuses_the_whole_folder(tmp_path):
    """The example's census says LEA 991: read for council 981, the folder (its SSDA903 returns too) is refused."""
    with pytest.raises(InputError) as err:
        computed_figures(RETURNS, POPULATION, council=("981", "Ashcombe"))
    message = err.value.message
    assert "cin_census_2025.xml" in message and "element LEA" in message
    assert "is the return of LA 991, not of Ashcombe (981)" in message and "expected LEA 981; found 991" in message


def test_a_census_that_names_no_council_is_refused(tmp_path):
    folder = tmp_path / "returns"
    shutil.copytree(RETURNS / "cin-2025", folder / "cin-2025")
    census = folder / "cin-2025" / "cin_census_2025.xml"
    census.write_text(census.read_text(encoding="utf-8").replace("<LEA>991</LEA>", ""), encoding="utf-8")
    with pytest.raises(InputError) as err:
        computed_figures(folder, POPULATION, council=KINGSMERE)
    assert "does not say whose return it is" in err.value.message and "Header/Source/LEA" in err.value.message


@pytest.mark.slow
def test_returns_with_no_census_and_from_outside_the_edition_are_said(edition_copy, tmp_path):
    """An SSDA903 return names no council: without a census beside it, the notes say it is taken to be the
    edition's; a returns folder outside the edition is named."""
    from sefbook.inputs.load import load_inputs

    outside = tmp_path / "elsewhere"
    shutil.copytree(RETURNS / "ssda903-2025", outside / "ssda903-2025")
    notes = load_inputs(edition_copy, EXAMPLE_DATA, returns=outside).notes
    relative = os.path.relpath(outside.resolve(), edition_copy.resolve())
    assert relative.startswith("..") and f"returns read from {relative} (relative to the edition folder)" in notes
    assert not [n for n in notes if str(tmp_path.resolve()) in n]  # no local path: the report travels
    assert any("name no council and no CIN census beside them does" in n and "Kingsmere's" in n for n in notes)
    inside = load_inputs(edition_copy, EXAMPLE_DATA).notes  # the example's own folder, with its censuses
    assert not [n for n in inside if "returns" in n]


def test_a_figure_the_examples_returns_leave_out_is_named_with_its_reason_in_about():
    from sefbook.inputs.load import load_inputs
    from sefbook.render.pages import about_html

    inputs = load_inputs(EXAMPLE_EDITION.parent / "example-2026", EXAMPLE_DATA)
    left_out = {(x.indicator, x.year, x.source): x.reason for x in inputs.returns_left_out}
    reason = left_out[("adoption_a1_days", 2025, "ssda903-2025")]
    assert "none of the 20 children adopted in the year was placed for adoption first" in reason
    about = about_html(inputs)
    assert "Not computed from the council's returns" in about
    title = inputs.registry["adoption_a1_days"].title
    assert f"<strong>{title}</strong> (ssda903-2025): {reason}" in about.replace("&#39;", "'")
    assert "KM1" not in about  # counts only: no child's reference
