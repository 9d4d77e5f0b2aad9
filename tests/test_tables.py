"""The performance tables as a reader meets them in the built example: short cells (a compact
period, rank and quartile in one cell), a count never set beside totals, every mark explained in
the key under its table, and the long notes said once, in About the figures."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sefbook.inputs.published.registry import default_registry

pytestmark = pytest.mark.build  # every test here reads the built example

RANK = re.compile(r"^(\d+)(st|nd|rd|th) of (\d+) \(Q([1-4])\)$")


@pytest.fixture(scope="module")
def soup(example_build: Path) -> BeautifulSoup:
    return BeautifulSoup(example_build.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def latest_figures(example_build: Path) -> dict[str, dict]:
    """figures.csv's row for each indicator's latest period, as the table shows it."""
    with (example_build.parent / "figures.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["area_kind"] == "council"]  # not its neighbours' rows
    latest: dict[str, dict] = {}
    for row in sorted(rows, key=lambda r: int(r["time_period"])):
        latest[row["indicator_id"]] = row  # the newest period read last
    return latest


def _rows(soup: BeautifulSoup):
    for row in soup.select(".sef-performance-table tbody tr"):
        yield row.th.a["href"].removeprefix("#about-"), row


def _shown(cell) -> str:
    """A cell's text as the eye reads it: without the words for a screen reader or the mark."""
    return "".join(t for t in cell.find_all(string=True, recursive=False)).strip()


def test_a_rank_cell_reads_nth_of_m_with_its_quartile_as_figures_csv_has_it(soup, latest_figures):
    ranked = 0
    for indicator_id, row in _rows(soup):
        rank = row.select_one('td[data-label="Rank"]')
        figures = latest_figures[indicator_id]
        if figures["rank"]:
            match = RANK.match(rank.get_text(strip=True))
            assert match, (indicator_id, rank.get_text())
            n, suffix, m, quartile = match.groups()
            assert (n, m, quartile) == (figures["rank"], figures["rank_of"], figures["quartile"]), indicator_id
            assert suffix == ("th" if 10 <= int(n) % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(int(n) % 10, "th"))
            ranked += 1
        else:
            assert _shown(rank) == "–" and rank.select_one(".sef-vh").get_text().startswith(" not ranked: ")
    assert ranked >= 5  # the example has ranked rows to check


def test_every_dash_has_its_reason_in_the_key_under_its_table(soup):
    for table in soup.select(".sef-performance-table"):
        key = table.find_parent(class_="sef-performance").select_one(".sef-key")
        reasons = {line.strong.get_text(): line.get_text(" ", strip=True) for line in key.select(".sef-key-line")}
        for row in table.select("tbody tr"):
            for cell in row.find_all("td"):
                mark = cell.find("sup", attrs={"aria-hidden": "true"})
                if mark is None:
                    continue
                hidden = cell.select_one(".sef-vh").get_text(strip=True)  # "not ranked: contextual"
                assert mark.get_text() in reasons, (row.th.get_text(), mark.get_text())
                if hidden.startswith("not ranked: "):
                    assert reasons[mark.get_text()].endswith(hidden + "."), (reasons[mark.get_text()], hidden)
        assert key.find("a", href="#about-tables")


def test_a_count_is_never_printed_beside_the_region_or_england(soup, latest_figures):
    registry = default_registry()
    counts = 0
    for indicator_id, row in _rows(soup):
        cells = {td["data-label"]: td for td in row.find_all("td")}
        labels = list(cells)
        region, england = cells[labels[labels.index("Neighbours") + 1]], cells["England"]  # the region is named
        if registry[indicator_id].unit == "count":
            counts += 1
            assert _shown(region) == _shown(england) == _shown(cells["Neighbours"]) == "–", indicator_id
            # the council's own count is still printed, as figures.csv has it
            assert cells["Kingsmere"].get_text(" ", strip=True).startswith(latest_figures[indicator_id]["value_shown"])
        else:
            assert _shown(england) != "–" and _shown(region) != "–", indicator_id
    assert counts >= 3  # children in need, on a plan, in care


def test_the_long_note_is_said_once_in_about_the_figures_not_under_tables(soup, example_build):
    text = example_build.read_text(encoding="utf-8")
    note = "A rank is given only where it means something"
    assert text.count(note) == 1
    assert note in soup.find(id="about-tables").find_next("ul").get_text()
    assert soup.find(id="about-tables").find_parent("section")["class"] == ["sef-about"]
    for table in soup.select(".sef-performance"):
        assert note not in table.get_text() and len(table.select_one(".sef-key").get_text().split()) < 120


def test_periods_are_compact_and_their_words_are_in_about(soup, latest_figures):
    registry = default_registry()
    for indicator_id, row in _rows(soup):
        period = row.select_one('td[data-label="Period"]')
        if period is None:  # every row shares one period: the caption says it
            assert "Period: " in row.find_parent("table").caption.get_text()
            continue
        year = int(latest_figures[indicator_id]["time_period"])
        kind = registry[indicator_id].period
        expected = {
            "financial year": f"{year - 1}-{year % 100:02d}",
            "academic year": f"{year - 1}/{year % 100:02d}",
            "on 31 March": f"Mar {year}",
            "on 30 September": f"Sep {year}",
            "mid-year": f"mid-{year}",
        }
        assert period.contents[0].strip() == expected.get(kind, str(year)), (indicator_id, period.get_text())
        assert kind in soup.find(id=f"about-{indicator_id}").get_text()  # the period in words


def test_a_table_whose_rows_share_one_period_says_it_once_in_its_caption(edition_copy):
    from helpers import EXAMPLE_DATA

    from sefbook.inputs.load import load_inputs
    from sefbook.render.section import SectionView

    sef = edition_copy / "sef.yml"
    text = sef.read_text(encoding="utf-8")
    start = text.index("  - name: leadership\n    indicators: [")
    end = text.index("]", start) + 1
    # the workforce figures alone: each on 30 September of the same year
    sef.write_text(
        text[:start] + "  - name: leadership\n    indicators: [sw_turnover_rate, sw_agency_rate]" + text[end:],
        encoding="utf-8",
    )
    inputs = load_inputs(edition_copy, EXAMPLE_DATA, sections=["leadership"])
    table = BeautifulSoup(
        SectionView(inputs.edition.section("leadership"), inputs).performance_table_html(), "html.parser"
    )
    headers = [th.get_text() for th in table.select("thead th")]
    assert "Period" not in headers and len(headers) == 10
    assert "Period: on 30 September 2025." in table.caption.get_text()
    assert not table.select('td[data-label="Period"]') and len(table.select("tbody tr")) == 2
