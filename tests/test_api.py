"""sefbook.load(): the analyst's API. Its numbers are the report's (figures.csv of a build), the
data files' (read here with the csv module), and its rankings follow the indicator's polarity."""

from __future__ import annotations

import csv
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from helpers import EXAMPLE_DATA, PUBLISHED_DATA, ROOT, set_key

import sefbook
from sefbook import cli
from sefbook.errors import InputError
from sefbook.inputs.published.registry import default_registry
from sefbook.inputs.published.rounding import half_up

EDITION = ROOT / "sefs" / "example-2026"  # what load() reads by default, as `sefbook build` does
REREFERRALS = "c1_children_in_need_referrals_and_rereferrals_2021_to_2025.csv"
INDICATOR = "rereferral_12m"


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _number(text: str) -> float:
    """A figure as the report prints it ("19.0%", "61,672"), back to a number; "" or a symbol is NaN."""
    cleaned = text.replace("%", "").replace(",", "").strip()
    try:
        return float(cleaned)
    except ValueError:
        return math.nan


def _same(shown: str, value: float, decimals: int) -> bool:
    """The report's printed figure is this number at the indicator's decimals (both missing counts as the same)."""
    if math.isnan(value):
        return math.isnan(_number(shown))
    return _number(shown) == pytest.approx(half_up(value, decimals))


@pytest.fixture(scope="module")
def example():
    return sefbook.load()


@pytest.fixture(scope="module")
def example_figures_csv(example_2026_build: Path) -> list[dict[str, str]]:
    """The example's figures.csv, from a build of the edition load() reads by default."""
    return _csv_rows(example_2026_build.with_name("figures.csv"))


@pytest.mark.slow
def test_compare_has_the_council_each_neighbour_by_name_their_mean_and_median_region_and_england(example):
    table = example.compare(INDICATOR)
    sef = yaml.safe_load((EDITION / "sef.yml").read_text(encoding="utf-8"))
    data = _csv_rows(EXAMPLE_DATA / REREFERRALS)
    names = {row["old_la_code"]: row["la_name"] for row in data if row["geographic_level"] == "Local authority"}
    neighbours = [names[code] for code in sef["statistical_neighbours"]]
    assert len(neighbours) == 10
    assert list(table.columns) == [
        sef["la_name"],
        *neighbours,
        "Neighbours' mean",
        "Neighbours' median",
        sef["region_name"],
        "England",
    ]
    assert table.index.name == "time_period"
    assert list(table.index) == sorted(table.index) and 2025 in table.index
    assert all(dtype.kind == "f" for dtype in table.dtypes)  # numbers, NaN where a figure is a symbol


@pytest.mark.slow
def test_compare_recomputes_from_the_data_file(example):
    """2025's row: the council's and each neighbour's figure as the CSV gives it, and the neighbours' mean and
    median over those of them with a number."""
    table = example.compare(INDICATOR)
    sef = yaml.safe_load((EDITION / "sef.yml").read_text(encoding="utf-8"))
    rows = {
        row["old_la_code"]: row
        for row in _csv_rows(EXAMPLE_DATA / REREFERRALS)
        if row["time_period"] == "2025" and row["geographic_level"] == "Local authority"
    }
    assert table.loc[2025, sef["la_name"]] == float(rows[sef["old_la_code"]]["rereferral_percent"])
    theirs = [_number(rows[code]["rereferral_percent"]) for code in sef["statistical_neighbours"]]
    for code, value in zip(sef["statistical_neighbours"], theirs):
        assert _same(str(table.loc[2025, rows[code]["la_name"]]), value, 1)
    numbers = pd.Series([v for v in theirs if not math.isnan(v)])
    assert len(numbers) >= 5
    assert table.loc[2025, "Neighbours' mean"] == pytest.approx(numbers.mean())
    assert table.loc[2025, "Neighbours' median"] == pytest.approx(numbers.median())


@pytest.mark.build
def test_compare_equals_the_reports_figures_csv(example, example_figures_csv):
    """Every year of the report's figures.csv for the indicator: the council, the neighbours' mean and median,
    region and England as compare() gives them, at the indicator's decimals (the latest year included)."""
    decimals = default_registry()[INDICATOR].decimals
    table = example.compare(INDICATOR)
    rows = [row for row in example_figures_csv if row["indicator_id"] == INDICATOR]
    reported = [row for row in rows if row["area_kind"] == "council"]
    assert [int(row["time_period"]) for row in reported] == list(table.index)
    # each neighbour's own figure, a row of figures.csv: its number is compare()'s
    neighbour_rows = [row for row in rows if row["area_kind"] == "neighbour"]
    assert len(neighbour_rows) >= 10 * (len(table.index) - 1)
    for row in neighbour_rows:
        expected = table.loc[int(row["time_period"]), row["area_name"]]
        assert (row["value"] == "") if math.isnan(expected) else float(row["value"]) == pytest.approx(expected), row
    council = example.place.la_name
    for row in reported:
        year = int(row["time_period"])
        assert _same(row["value_shown"], table.loc[year, council], decimals), row
        assert _same(row["neighbours_mean"], table.loc[year, "Neighbours' mean"], decimals), row
        assert _same(row["neighbours_median"], table.loc[year, "Neighbours' median"], decimals), row
        assert _same(row["region"], table.loc[year, example.place.region_name], decimals), row
        assert _same(row["england"], table.loc[year, "England"], decimals), row
    latest = reported[-1]
    assert latest["value_shown"] and _number(latest["value_shown"]) == half_up(table.iloc[-1][council], decimals)


@pytest.mark.slow
def test_rank_among_neighbours_is_the_council_and_its_ten_best_first(example):
    ranked = example.rank(INDICATOR)
    assert len(ranked) == 11
    assert ranked["is_council"].sum() == 1
    assert ranked.loc[ranked["is_council"], "area_name"].item() == example.place.la_name
    assert default_registry()[INDICATOR].polarity.value == "lower_better"
    values = ranked["value"].dropna()
    assert list(values) == sorted(values)  # lower is better: the lowest first
    assert list(ranked["rank"].dropna()) == sorted(ranked["rank"].dropna())
    assert ranked.attrs["period"] == 2025  # the latest published year, not the council's provisional 2026
    council_2025 = example.compare(INDICATOR).loc[2025, example.place.la_name]
    assert ranked.loc[ranked["is_council"], "value"].item() == council_2025


@pytest.mark.slow
def test_rank_of_a_higher_is_better_indicator_puts_the_highest_first(example):
    higher = next(
        i
        for i in example.indicator_ids
        if default_registry()[i].polarity.value == "higher_better" and default_registry()[i].unit == "percent"
    )
    ranked = example.rank(higher)
    values = ranked["value"].dropna()
    assert len(values) >= 5 and list(values) == sorted(values, reverse=True)
    assert ranked["is_council"].sum() == 1


@pytest.mark.slow
def test_figures_are_tidy_with_numbers_symbols_and_sources(example):
    figures = example.figures
    assert list(figures.columns[:5]) == ["indicator", "title", "unit", "period", "time_period"]
    assert {"council", "neighbour", "neighbours_mean", "neighbours_median", "region", "england"} == set(
        figures["area_kind"]
    )
    ours = figures[
        (figures["indicator"] == INDICATOR) & (figures["area_kind"] == "council") & (figures["time_period"] == 2025)
    ].iloc[0]
    assert ours["period"] == "year to 31 March 2025"
    assert ours["source_file"] == REREFERRALS
    line = (EXAMPLE_DATA / REREFERRALS).read_text(encoding="utf-8-sig").splitlines()[ours["source_row"] - 1]
    assert line.split(",")[7] == "991" and line.split(",")[0] == "2025"  # the row it says it came from
    assert float(line.split(",")[13]) == ours["value"]
    # a symbol stays a symbol: never a number, never zero
    symbols = figures[figures["symbol"] != ""]
    assert len(symbols) and symbols["value"].isna().all()
    mean = figures[
        (figures["indicator"] == INDICATOR)
        & (figures["area_kind"] == "neighbours_mean")
        & (figures["time_period"] == 2025)
    ]["value"].item()
    assert mean == example.compare(INDICATOR).loc[2025, "Neighbours' mean"]


@pytest.mark.slow
def test_indicators_is_the_registry(example):
    indicators = example.indicators
    registry = default_registry()
    assert list(indicators.columns) == [
        "id",
        "title",
        "unit",
        "polarity",
        "section",
        "importance",
        "period",
        "publication",
        "definition",
    ]
    assert set(registry.ids) <= set(indicators["id"])
    row = indicators.set_index("id").loc[INDICATOR]
    assert (row["title"], row["polarity"]) == (registry[INDICATOR].title, "lower_better")


@pytest.mark.slow
def test_chart_is_the_reports_trend_chart(example):
    chart = example.chart(INDICATOR)
    assert chart.svg.startswith(b"<?xml") or b"<svg" in chart.svg[:400]
    assert example.place.la_name in chart.title
    assert chart._repr_html_().startswith('<figure class="sef-chart">')


@pytest.mark.slow
def test_an_unknown_indicator_is_named(example):
    with pytest.raises(InputError, match="'re_referals'"):
        example.compare("re_referals")


def test_an_edition_and_a_council_code_together_are_refused():
    with pytest.raises(InputError, match="takes an edition or a council's LA code, not both"):
        sefbook.load(EDITION, la="856")
    assert "load" in dir(sefbook)


def test_an_invalid_edition_raises_the_reports_one_line_message(edition_copy, capsys):
    set_key(edition_copy / "sef.yml", "old_la_code", '"999"')
    with pytest.raises(InputError) as raised:
        sefbook.load(edition_copy, data=EXAMPLE_DATA)
    message = str(raised.value)
    assert message.startswith(f"{edition_copy / 'sef.yml'}, key old_la_code: names a council that is not in the data")
    assert "\n" not in message and "found '999'" in message
    assert cli.main(["check", str(edition_copy), "--data", str(EXAMPLE_DATA)]) == 2
    assert message in capsys.readouterr().err  # the same words as the command line says


@pytest.mark.slow
@pytest.mark.skipif(
    not PUBLISHED_DATA.is_dir(), reason="published DfE files not beside the project (../shared/data/dfe)"
)
def test_a_council_from_the_dfe_files_by_its_old_or_new_code():
    leicester = sefbook.load(la="856", data=PUBLISHED_DATA)
    table = leicester.compare(INDICATOR)
    assert leicester.place.la_name == "Leicester" and len(leicester.place.neighbour_codes) == 10
    assert list(table.columns[:1]) == ["Leicester"]
    assert list(table.columns[-4:]) == ["Neighbours' mean", "Neighbours' median", "East Midlands", "England"]
    assert len(table.columns) == 15
    source = next(PUBLISHED_DATA.glob("c1_children_in_need_referrals_and_rereferrals_*.csv"))
    row = next(r for r in _csv_rows(source) if r["old_la_code"] == "856" and r["time_period"] == "2025")
    assert table.loc[2025, "Leicester"] == float(row["rereferral_percent"])
    assert len(leicester.rank(INDICATOR)) == 11
    everyone = leicester.rank(INDICATOR, among="all")  # every council with a row in 2025, the lowest first
    councils = {
        r["new_la_code"]
        for r in _csv_rows(source)
        if r["time_period"] == "2025" and r["geographic_level"] == "Local authority"
    }
    assert set(everyone["area_code"]) == councils
    assert list(everyone["value"].dropna()) == sorted(everyone["value"].dropna())
    ours = everyone[everyone["is_council"]]
    assert ours["rank"].item() == 1 + (everyone["value"] < float(row["rereferral_percent"])).sum()
    by_new_code = sefbook.load(la="E06000016", data=PUBLISHED_DATA)
    assert by_new_code.compare(INDICATOR).equals(table)


def test_load_prints_a_comparison_from_a_fresh_interpreter():
    """The issue's check, as an analyst types it, from the project's root: every column printed, none elided."""
    typed = "import sefbook; s = sefbook.load(); print(s.compare('rereferral_12m'))"
    run = subprocess.run(
        [sys.executable, "-c", typed], capture_output=True, text=True, cwd=ROOT, timeout=300, check=False
    )
    assert run.returncode == 0, run.stderr
    sef = yaml.safe_load((EDITION / "sef.yml").read_text(encoding="utf-8"))
    names = {row["old_la_code"]: row["la_name"] for row in _csv_rows(EXAMPLE_DATA / REREFERRALS)}
    for name in [
        sef["la_name"],
        *(names[c] for c in sef["statistical_neighbours"]),
        "Neighbours' mean",
        "Neighbours' median",
        sef["region_name"],
        "England",
    ]:
        assert name in run.stdout
    assert "..." not in run.stdout and "<" not in run.stdout  # no elided column, no HTML
    assert "19.0" in run.stdout  # the council's 2025 figure


def test_importing_the_package_leaves_pandas_until_load_is_asked_for():
    """`load` is exported lazily: the command line's quick paths (an edit-only rebuild) import sefbook without
    pandas."""
    command = (
        "import sys, sefbook; before = 'pandas' in sys.modules; sefbook.load; print(before, 'pandas' in sys.modules)"
    )
    run = subprocess.run(
        [sys.executable, "-c", command], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "True"]
