"""A data-only pack for any council, read from the DfE's files as published (../shared/data/dfe,
read in place). Expected figures are read from the CSV files here, independently of the package."""

from __future__ import annotations

import csv
import statistics
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import ODD_FILE, PUBLISHED_DATA, downloads_with_an_odd_file, with_key_indicators

from sefbook import cli
from sefbook.inputs.published.registry import default_registry
from sefbook.render.charts import charted

pytestmark = [
    pytest.mark.skipif(not PUBLISHED_DATA.is_dir(), reason="published DfE files not beside the project"),
    pytest.mark.slow,
]


def _rows(pattern: str) -> list[tuple[int, dict]]:
    path = next(PUBLISHED_DATA.glob(pattern))
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [(line, row) for line, row in enumerate(csv.DictReader(f), start=2)]


def _neighbours(old_code: str) -> list[str]:
    with (PUBLISHED_DATA / "sn_model_2025_wide.csv").open(encoding="utf-8-sig", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["old_la_code"] == old_code)
    return [row[f"SN_{n}"] for n in range(1, 11)]


def _half_up(value: Decimal) -> Decimal:
    """To one decimal, a half going up (the DfE's round_five_up), never to even."""
    return value.quantize(Decimal("0.1"), ROUND_HALF_UP)


@pytest.fixture(scope="module")
def pack(pack_build) -> Path:
    return pack_build.parent


@pytest.fixture(scope="module")
def figures(pack) -> list[dict]:
    with (pack / "figures.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_rereferral_figure_neighbour_mean_rank_and_source_row_match_the_published_file(figures):
    c1 = _rows("c1_children_in_need_referrals_and_rereferrals_*.csv")
    latest = max(int(r["time_period"]) for _, r in c1)
    year = [(line, r) for line, r in c1 if int(r["time_period"]) == latest]
    line, ours = next((line, r) for line, r in year if r["old_la_code"] == "301")
    sn = [
        Decimal(r["rereferral_percent"])
        for _, r in year  # exact, as published: rounded half up as the DfE does
        if r["old_la_code"] in _neighbours("301") and r["rereferral_percent"].replace(".", "").isdigit()
    ]
    councils = [
        float(r["rereferral_percent"])
        for _, r in year
        if r["geographic_level"] == "Local authority" and r["rereferral_percent"].replace(".", "").isdigit()
    ]
    england = next(r["rereferral_percent"] for _, r in year if r["geographic_level"] == "National")

    row = next(
        f
        for f in figures
        if f["indicator_id"] == "rereferral_12m" and f["time_period"] == str(latest) and f["area_kind"] == "council"
    )
    assert row["la_name"] == "Barking and Dagenham" and row["la_code"] == "E09000002"
    assert row["value_shown"] == f"{float(ours['rereferral_percent']):.1f}%"
    assert row["neighbours_mean"] == f"{_half_up(statistics.mean(sn))}%"
    assert row["neighbours_median"] == f"{_half_up(statistics.median(sn))}%"
    assert row["neighbours_with_figure"] == str(len(sn))
    assert row["england"] == f"{float(england):.1f}%"
    assert row["rank"] == str(1 + sum(v < float(ours["rereferral_percent"]) for v in councils))  # lower is better
    assert row["rank_of"] == str(len(councils))
    assert (row["source_file"], row["source_row"]) == (
        "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        str(line),
    )
    assert row["headline"] in {"highlight", "targeted", "neither"}


def test_a_suppressed_figure_is_shown_as_its_symbol_never_zero(figures):
    suppressed = [f for f in figures if f["symbol"]]
    for f in suppressed:
        assert f["value_shown"] == f["symbol"]
    d5 = _rows("d5_cpps_at31march_by_duration_*.csv")
    published = {r["time_period"]: r["2_years_or_more_percent"] for _, r in d5 if r["old_la_code"] == "301"}
    for f in (f for f in figures if f["indicator_id"] == "cpp_two_years" and f["area_kind"] == "council"):
        value = published[f["time_period"]]
        assert f["value_shown"] == (value if value in {"c", "x", "z", "u", "low", "k"} else f"{float(value):.1f}%")


def test_every_row_of_figures_csv_names_its_source(figures):
    assert figures
    assert all(f["source_file"] and f["source_row"] for f in figures if not f["symbol"])


def test_pack_report_opens_with_headlines_and_states_the_neighbour_model(pack):
    soup = BeautifulSoup((pack / "report.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.h1.get_text().startswith("Barking and Dagenham children's services benchmarking pack")
    after_contents = [h["id"] for h in soup.find_all("h2", id=True) if h["id"] != "toc-heading"]
    assert after_contents[0] == "headlines"
    assert "2025 model" in soup.find("section", class_="sef-headlines").get_text()
    assert soup.select("table.sef-table")
    # charts for the registry's key indicators alone (importance 1), at most a trend and a ranking each
    key = [ind for ind in default_registry().indicators if ind.importance == 1 and charted(ind)]
    figures = soup.select("figure.sef-chart")
    assert len(figures) <= 2 * len(key)
    assert all(any(f.figcaption.get_text().startswith(ind.title + ":") for ind in key) for f in figures)
    assert soup.find(class_="sef-status") is None  # not a draft edition


@pytest.mark.build  # its build starts a kernel as the inputs are checked
def test_pack_by_new_code_is_the_same_council_and_an_unknown_code_exits_2(tmp_path, capsys):
    status = cli.main(["pack", "--la", "E09999999", "--data", str(PUBLISHED_DATA), "--output", str(tmp_path)])
    assert status == 2
    assert "has no council with this LA code" in capsys.readouterr().err
    from sefbook.inputs.load import load_pack_inputs

    assert load_pack_inputs("E09000002", PUBLISHED_DATA).place == load_pack_inputs("301", PUBLISHED_DATA).place


@pytest.mark.build  # its build starts a kernel as the inputs are checked
def test_an_odd_file_is_left_out_with_its_reason_and_strict_makes_it_exit_2(tmp_path, capsys):
    from sefbook.inputs.load import load_pack_inputs

    data = downloads_with_an_odd_file(tmp_path / "downloads")
    inputs = load_pack_inputs("301", data)
    reason = inputs.left_out["care_leavers_suitable_accommodation"]
    assert ODD_FILE in reason and "missing required columns" in reason and "found columns Title, Notes" in reason
    assert "care_leavers_suitable_accommodation" not in set(inputs.table["indicator"])
    assert "rereferral_12m" in set(inputs.table["indicator"])  # the rest is read
    status = cli.main(["pack", "--la", "301", "--data", str(data), "--output", str(tmp_path / "out"), "--strict"])
    err = capsys.readouterr().err
    assert status == 2 and ODD_FILE in err and "missing required columns" in err
    assert not (tmp_path / "out" / "pack-301").exists()


def test_the_pack_says_what_it_left_out_and_why(pack):
    soup = BeautifulSoup((pack / "report.html").read_text(encoding="utf-8"), "html.parser")
    left_out = soup.select_one("ul.sef-left-out").get_text(" ", strip=True)
    assert "Care leavers aged 19 to 21 in suitable accommodation" in left_out and ODD_FILE in left_out
    about = soup.find("section", class_="sef-about")
    assert about.find(id="about-rereferral_12m") is not None
    assert "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv" in about.get_text()


def test_a_pack_numbers_its_sections_1_to_n_claims_no_status_and_names_no_local_folder(pack):
    html = (pack / "report.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    numbers = [h.select_one(".sef-number").get_text() for h in soup.select("h2") if h.select_one(".sef-number")]
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)] and len(numbers) >= 5
    contents = [
        a.select_one(".sef-number").get_text() for a in soup.select("nav.sef-toc a") if a.select_one(".sef-number")
    ]
    assert contents == numbers
    assert "Final" not in soup.select_one(".sef-title-block").get_text()
    # the downloads folder is under the test run's temporary folder; the files it links to are in ../shared
    assert "/tmp/" not in html and str(PUBLISHED_DATA.resolve()) not in html


def test_a_packs_charts_are_drawn_and_not_kept_while_a_reports_are_kept(tmp_path, monkeypatch):
    from helpers import EXAMPLE_DATA, EXAMPLE_EDITION

    from sefbook.inputs.load import load_inputs, load_pack_inputs
    from sefbook.render.section import SectionView

    monkeypatch.setenv("SEFBOOK_CACHE_DIR", str(tmp_path / "cache"))
    kept = lambda: len(list((tmp_path / "cache" / "charts").glob("*.pickle")))
    registry = with_key_indicators(
        default_registry(), {i.id for i in default_registry().indicators if i.section == "care_leavers"}
    )
    pack = load_pack_inputs("201", PUBLISHED_DATA, registry=registry, sections=["care_leavers"])
    drawn = SectionView(pack.edition.section("care_leavers"), pack).charts()
    assert len(drawn) > 5 and all(b"<svg" in chart.svg for chart in drawn)
    assert not (tmp_path / "cache" / "charts").exists()  # `pack --all` would push out a report's charts
    report = load_inputs(EXAMPLE_EDITION, EXAMPLE_DATA, registry=registry, sections=["care_leavers"])
    charts = SectionView(report.edition.section("care_leavers"), report).charts()
    assert kept() == len(charts) > 0  # recalled by the report's next build


def test_a_packs_parts_share_one_loading_of_its_inputs_and_say_the_same(tmp_path):
    """A pack's notebooks run in turn in one kernel: the inputs and comparisons are worked out by
    the first and shared, each notebook's tables its own to change, and loaded again when a file
    in the folder changes. A section reads the same from them as from its own loading."""
    import numpy as np

    from sefbook import notebook
    from sefbook.inputs.load import load_pack_inputs
    from sefbook.render.section import SectionView

    data = downloads_with_an_odd_file(tmp_path / "downloads")
    first, again = notebook.pack_inputs_once("301", data), notebook.pack_inputs_once("301", data)
    assert again.place == first.place and again.table.equals(first.table)
    values = lambda inputs: inputs.table["value"].to_numpy()
    assert np.shares_memory(values(first), values(again))  # one loading, not two
    assert np.shares_memory(
        first.derived["comparisons"]["council"].to_numpy(), again.derived["comparisons"]["council"].to_numpy()
    )  # one comparison
    first.table.loc[first.table.index[0], "value"] = -1.0  # a notebook that changes its table...
    assert notebook.pack_inputs_once("301", data).table["value"].iloc[0] != -1.0  # ...changes only its own

    (data / "readme.txt").write_text("a file saved into the folder", encoding="utf-8")
    renewed = notebook.pack_inputs_once("301", data)
    assert not np.shares_memory(values(renewed), values(again)) and renewed.table.equals(again.table)

    def section(inputs) -> str:
        view = SectionView(inputs.edition.section("help_and_protection"), inputs, number=3)
        return view.opening_html() + view.performance_table_html() + view.charts_html()

    shared = section(renewed)
    # (its charts too: none, or the same, as the registry's key indicators have them)
    assert shared == section(load_pack_inputs("301", data, sections=["help_and_protection"])) and "sef-table" in shared
