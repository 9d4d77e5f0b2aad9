"""tables.xlsx beside the report: a sheet per section's performance table as the report shows it,
and a figures sheet holding figures.csv's rows; figures are numbers in their printed format,
symbols are text (never a zero). figures.csv carries each figure as a number (`value`) beside
the string the report prints, and each statistical neighbour's figure as a row of its own."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import EXAMPLE_DATA
from openpyxl import load_workbook

from sefbook import cli
from sefbook.build.excel import FIGURES_SHEET, number_format, sheet_names, write_tables
from sefbook.inputs.load import load_inputs
from sefbook.inputs.published.registry import default_registry
from sefbook.render.formatting import format_value

SYMBOLS = {"c", "x", "z", "u", "low", "k"}


def _figures_csv(folder: Path) -> list[dict]:
    with (folder / "figures.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _sheet(workbook, name: str) -> list[dict]:
    rows = workbook[name].iter_rows(values_only=True)
    header = list(next(rows))
    return [dict(zip(header, row)) for row in rows]


def _html_tables(report: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each performance table of the report: its heading, and each row's indicator id and council cell."""
    soup = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser")
    tables = []
    for block in soup.select("div.sef-performance"):
        rows = []
        for tr in block.select("tbody tr"):
            latest = tr.select_one("td.sef-latest")
            shown = "".join(latest.find_all(string=True, recursive=False)).strip()
            rows.append((tr.th.a["href"].removeprefix("#about-"), shown))
        tables.append((block.h3.get_text(strip=True).removeprefix("Performance: "), rows))
    return tables


@pytest.fixture(scope="module")
def example(example_build: Path):
    folder = example_build.parent
    return folder, load_workbook(folder / "tables.xlsx"), _figures_csv(folder)


def _same_value(csv_value: str, cell_value) -> bool:
    """figures.csv's `value` and the figures sheet's: empty in both, or the same number."""
    if csv_value == "":
        return cell_value is None
    return isinstance(cell_value, (int, float)) and not isinstance(cell_value, bool) and cell_value == float(csv_value)


def test_the_figures_sheet_holds_figures_csv_row_for_row_its_value_a_number(example):
    _, workbook, figures = example
    sheet = workbook[FIGURES_SHEET]
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    assert header == list(figures[0])  # the same columns, in the same order
    assert len(rows) - 1 == len(figures)
    value, shown, source = header.index("value"), header.index("value_shown"), header.index("source_file")
    numbers = 0
    for row, figure in zip(rows[1:], figures):
        assert _same_value(figure["value"], row[value].value), (figure, row[value].value)
        assert (row[shown].value or "") == figure["value_shown"] and (row[source].value or "") == figure["source_file"]
        numbers += figure["value"] != ""
    assert numbers > 1000  # the example's council and neighbours over five years


def test_each_figure_in_the_figures_sheet_is_in_its_indicators_printed_format(example):
    _, workbook, figures = example
    registry = default_registry()
    sheet = workbook[FIGURES_SHEET]
    assert sheet.freeze_panes == "A2" and all(cell.font.b for cell in sheet[1])  # a bold header that stays in view
    column = [c.value for c in sheet[1]].index("value")
    formats = {}
    for figure, cells in zip(figures, sheet.iter_rows(min_row=2)):
        if figure["value"] != "":
            assert cells[column].number_format == number_format(registry[figure["indicator_id"]]), figure
            formats[figure["indicator_id"]] = cells[column].number_format
    assert {'#,##0.0"%"', "#,##0"} <= set(formats.values())  # percentages and counts, each as printed


def test_a_symbol_is_text_never_zero_in_the_figures_sheet(example):
    _, workbook, figures = example
    symbols = [f for f in figures if f["symbol"]]
    assert symbols  # the example has suppressed figures (its own earlier ones and its neighbours')
    for f in symbols:
        assert f["value"] == "" and f["value_shown"] == f["symbol"] and f["symbol"] in SYMBOLS
    rows = [row for row in _sheet(workbook, FIGURES_SHEET) if row["symbol"]]
    assert len(rows) == len(symbols)
    assert all(row["value"] is None and row["value_shown"] == row["symbol"] for row in rows)


@pytest.mark.slow
def test_a_suppressed_latest_figure_is_its_symbol_in_the_sections_sheet(edition_copy, data_copy, tmp_path):
    c1 = next(data_copy.glob("c1_*.csv"))
    rows = c1.read_text(encoding="utf-8").splitlines()
    column = rows[0].split(",").index("rereferral_percent")
    ours = max((i for i, r in enumerate(rows) if ",991," in r), key=lambda i: rows[i].split(",")[0])
    cells = rows[ours].split(",")
    cells[column] = "c"  # Kingsmere's latest re-referral rate, suppressed
    rows[ours] = ",".join(cells)
    c1.write_text("\n".join(rows) + "\n", encoding="utf-8")
    write_tables(tmp_path / "tables.xlsx", load_inputs(edition_copy, data_copy))
    workbook = load_workbook(tmp_path / "tables.xlsx")
    row = next(
        r for name in workbook.sheetnames[:-1] for r in _sheet(workbook, name) if r["Indicator id"] == "rereferral_12m"
    )
    assert row["Kingsmere"] == "c" and row["Change"] is None and row["Rank"] is None  # text; no change, no rank
    assert isinstance(row["Year before"], float) and isinstance(row["England"], float)  # the others still numbers
    ours = [
        r
        for r in _sheet(workbook, FIGURES_SHEET)
        if r["indicator_id"] == "rereferral_12m" and r["area_kind"] == "council"
    ]
    latest = max(ours, key=lambda r: r["time_period"])
    assert (latest["value"], latest["value_shown"], latest["symbol"]) == (None, "c", "c")


def test_each_section_has_a_sheet_with_its_tables_rows_numbers_as_numbers(example):
    folder, workbook, _ = example
    tables = _html_tables(folder / "report.html")
    assert len(tables) >= 5
    assert len(workbook.sheetnames) == len(tables) + 1 and workbook.sheetnames[-1] == FIGURES_SHEET
    registry = default_registry()
    numbers = 0
    for name, (title, html_rows) in zip(workbook.sheetnames, tables):
        # in the report's order, named with the section's number and (as much as fits) its title
        assert " ".join(re.sub(r"[\[\]:*?/\\]", " ", title).split()).startswith(re.sub(r"^\d+ ", "", name)), name
        header = [c.value for c in workbook[name][1]]
        rows = _sheet(workbook, name)
        assert [r["Indicator id"] for r in rows] == [i for i, _ in html_rows]  # every row, in the report's order
        assert header[:4] == ["Indicator", "Indicator id", "Period", "Kingsmere"]
        for (indicator_id, shown), cells in zip(html_rows, workbook[name].iter_rows(min_row=2)):
            ind, cell = registry[indicator_id], cells[3]
            if isinstance(cell.value, (int, float)):
                # the number, printed in the sheet's format, reads as the report prints it
                assert format_value(ind, cell.value) == shown and cell.number_format == number_format(ind)
                numbers += 1
            else:
                assert cell.value == shown  # a symbol or a judgement, as the report prints it
            row = dict(zip(header, (c.value for c in cells)))
            assert row["Source file"], indicator_id  # each row says where its figure came from
    assert numbers >= 30


def test_figures_csv_holds_each_neighbours_figure_as_the_example_file_has_it(example):
    _, _, figures = example
    with next(EXAMPLE_DATA.glob("c1_*.csv")).open(encoding="utf-8-sig", newline="") as f:
        published = {
            (r["new_la_code"], r["time_period"]): (line, r["rereferral_percent"])
            for line, r in enumerate(csv.DictReader(f), start=2)
            if r["geographic_level"] == "Local authority"
        }
    council = [f for f in figures if f["indicator_id"] == "rereferral_12m" and f["area_kind"] == "council"]
    neighbours = [f for f in figures if f["indicator_id"] == "rereferral_12m" and f["area_kind"] == "neighbour"]
    assert council and len(neighbours) == 10 * len(council)  # ten neighbours each year
    for f in neighbours:
        line, value = published[(f["area_code"], f["time_period"])]
        assert f["area_name"] and f["la_code"] == "E06000991"  # a neighbour's row, in Kingsmere's figures
        assert (f["value"], f["source_row"]) == (("" if value in SYMBOLS else value), str(line)), f
        assert f["value_shown"] == (value if value in SYMBOLS else f"{float(value):.1f}%")
    for f in council:
        line, value = published[("E06000991", f["time_period"])]
        assert (f["area_code"], f["value"], f["source_row"]) == ("E06000991", value, str(line))


def test_sheet_names_are_short_unique_and_legal():
    names = sheet_names(
        [
            "Children in need of help and protection: the front door",
            "figures",
            "A/B [c]?",
            "Children in need of help and protection: the second",
            "x" * 40,
            "x" * 40,
        ]
    )
    assert all(len(n) <= 31 for n in names) and len({n.lower() for n in names}) == len(names)
    assert FIGURES_SHEET not in names and not any(set(n) & set("[]:*?/\\") for n in names)
    assert names[2] == "A B c" and names[5].endswith(" (2)")


@pytest.mark.build  # its build starts a kernel as the inputs are checked
def test_a_rebuild_that_reuses_the_sections_still_writes_tables_xlsx(edition_copy, data_copy, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["build", str(edition_copy), "--data", str(data_copy), "--output", str(out)]) == 0
    built = (out / edition_copy.name / "tables.xlsx").read_bytes()
    for before, after in (
        ("## What we are worried about", "A new paragraph.\n\n## What we are worried about"),
        ("A new paragraph.", "A paragraph rewritten."),
    ):  # in the build, then without a kernel
        narrative = edition_copy / "narrative" / "leadership.md"
        narrative.write_text(narrative.read_text(encoding="utf-8").replace(before, after, 1), encoding="utf-8")
        capsys.readouterr()
        assert cli.main(["build", str(edition_copy), "--data", str(data_copy), "--output", str(out)]) == 0
        assert "unchanged, reused" in capsys.readouterr().err
        assert (out / edition_copy.name / "tables.xlsx").read_bytes() == built  # the figures did not change
    assert FIGURES_SHEET in load_workbook(out / edition_copy.name / "tables.xlsx").sheetnames


def test_a_pack_writes_tables_xlsx_with_each_neighbours_figure(pack_build):
    folder = pack_build.parent
    figures = _figures_csv(folder)
    workbook = load_workbook(folder / "tables.xlsx", read_only=True)
    sheet = list(workbook[FIGURES_SHEET].iter_rows(min_row=2, values_only=True))
    column = list(figures[0]).index("value")
    assert len(sheet) == len(figures)
    assert all(_same_value(f["value"], row[column]) for f, row in zip(figures, sheet))
    assert len(_html_tables(pack_build)) == len(workbook.sheetnames) - 1  # a sheet for each performance table
    neighbours = {f["area_code"] for f in figures if f["area_kind"] == "neighbour"}
    assert len(neighbours) == 10 and "E09000002" not in neighbours  # Barking and Dagenham's ten, not itself
