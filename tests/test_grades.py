"""Ofsted judgements as categories: never averaged, ranked or compared with a number; the
neighbours, region and England counted as judged good or better; each grade printed with the date
of the inspection it comes from. Hand-made tables check the rules; a pack for Leicester (856) from
the published files checks the report a reader gets."""

from __future__ import annotations

import datetime as dt
import math
import re
from html import unescape
from pathlib import Path

import pandas as pd
import pytest
from helpers import PUBLISHED_DATA
from test_workbooks import CROSSWALK, write_ods

from sefbook.analysis.compare import comparison_table, performance_row
from sefbook.analysis.headlines import Headline, classify
from sefbook.domain import Place
from sefbook.errors import InputError
from sefbook.inputs.edition.config import HeadlineRules
from sefbook.inputs.published.layouts import WorkbookLayout
from sefbook.inputs.published.registry import default_registry
from sefbook.inputs.published.workbooks import read_workbook
from sefbook.render.formatting import comparator_cell, format_change, neighbours_cell, neighbours_note, period_in_words
from sefbook.render.wording import sentence

REGISTRY = default_registry()
GRADE = REGISTRY["ofsted_children_in_care"]
REGION, OTHER_REGION = "E12000004", "E12000007"
NEIGHBOURS = {"E06000981": 1, "E06000982": 2, "E06000983": 2, "E06000984": 3, "E06000985": 4, "E06000986": "z"}
PLACE = Place(
    la_code="E06000991",
    la_name="Kingsmere",
    region_code=REGION,
    region_name="East Midlands",
    neighbour_codes=tuple(NEIGHBOURS),
)
# Councils beyond the neighbours: two more in the region, two elsewhere
OTHERS = {
    ("E06000971", REGION): 2,
    ("E06000972", REGION): 4,
    ("E09000001", OTHER_REGION): 1,
    ("E09000002", OTHER_REGION): 3,
}


def graded_table(council_grade: int = 3, council_date: str = "2023-03-14", previous: int | None = None) -> pd.DataFrame:
    records = []

    def add(code: str, region: str, grade: int | str, date: str = "", period: int = 2025) -> None:
        symbol = grade if isinstance(grade, str) else ""
        records.append(
            {
                "indicator": GRADE.id,
                "time_period": period,
                "geographic_level": "Local authority",
                "area_code": code,
                "region_code": region,
                "value": math.nan if symbol else float(grade),
                "symbol": symbol,
                "source_file": "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
                "source_row": len(records) + 4,
                "provisional": False,
                "quarter": 0,
                "date": date,
            }
        )

    add(PLACE.la_code, REGION, council_grade, council_date)
    if previous is not None:
        add(PLACE.la_code, REGION, previous, "2021-06-07", period=2024)
    for code, grade in NEIGHBOURS.items():
        add(code, REGION, grade, "2024-01-15")
    for (code, region), grade in OTHERS.items():
        add(code, region, grade, "2022-11-01")
    return pd.DataFrame(records)


def good_or_better(grades) -> tuple[int, int]:
    """(judged good or better, judged): counted here from the inputs, not by the code under test."""
    judged = [g for g in grades if not isinstance(g, str)]
    return sum(1 for g in judged if g <= 2), len(judged)


def test_a_grade_has_no_mean_median_spread_or_rank_and_its_comparators_are_counted():
    comparisons = comparison_table(graded_table(), PLACE, [GRADE], min_councils_ranked=1)
    row = comparisons.loc[(GRADE.id, 2025)]
    for column in (
        "neighbours_mean",
        "neighbours_median",
        "neighbours_spread",
        "region",
        "england",
        "rank",
        "rank_of",
        "quartile",
    ):
        assert math.isnan(row[column]), column
    good, judged = good_or_better(NEIGHBOURS.values())
    assert (good, judged) == (3, 5)  # 1, 2, 2 of 1, 2, 2, 3, 4; the "z" is not judged
    assert (row["neighbours_good"], row["neighbours_count"]) == (good, judged)
    in_region = [3, *NEIGHBOURS.values(), *(g for (_, r), g in OTHERS.items() if r == REGION)]
    everyone = [3, *NEIGHBOURS.values(), *OTHERS.values()]
    assert (row["region_good"], row["region_judged"]) == good_or_better(in_region) == (4, 8)
    assert (row["england_good"], row["england_judged"]) == good_or_better(everyone) == (5, 10)


def test_the_table_cells_read_as_a_distribution_and_the_date_is_the_inspections():
    r = performance_row(graded_table(), GRADE, PLACE)
    assert neighbours_cell(GRADE, r) == "3 of 5 good or better"
    assert comparator_cell(GRADE, r, "region") == "4 of 8 good or better"
    assert comparator_cell(GRADE, r, "england") == "5 of 10 good or better"
    assert neighbours_note(GRADE, r.neighbours_count, len(NEIGHBOURS)) == "5 of 6 neighbours have this judgement"
    assert r.date == "2023-03-14"
    assert period_in_words(GRADE, r.period, r.quarter, r.date) == "inspected 14 March 2023"
    # a figure that is not a judgement keeps its period and mean
    rate = REGISTRY["rereferral_12m"]
    assert period_in_words(rate, 2025, 0, "2023-03-14") == "year to 31 March 2025"


def test_a_change_of_grade_is_said_in_words_and_no_headline_compares_a_grade_with_a_number():
    r = performance_row(graded_table(council_grade=4, council_date="2024-09-23", previous=2), GRADE, PLACE)
    assert format_change(GRADE, r.latest, r.previous) == "was Good"
    assert r.direction == "worse"  # Inadequate after Good: a change of grade, in words
    assert classify(r, HeadlineRules()) is Headline.context  # never a highlight or an area by arithmetic
    text = sentence(r, HeadlineRules(), "East Midlands")
    assert text == (
        "Ofsted grade: children in care: judged Inadequate in September 2024; "
        "3 of the 5 neighbours judged good or better."
    )
    assert "average" not in text and "31 March" not in text


ODS_HEADER = [
    "Local authority area code",
    "Local authority name",
    "Inspection date",
    "The experiences and progress of children in care",
]
LAYOUT = WorkbookLayout(
    sheet="Inspections_as_at_31_March",
    header_row=3,
    code_column="Local authority area code",
    date_column="Inspection date",
    period={"from_file_name": r"31_March_(\d{4})", "time_identifier": "Reporting year"},
    measures=["The experiences and progress of children in care"],
    categories={"Outstanding": 1, "Good": 2, "Requires improvement to be good": 3, "Inadequate": 4},
    blank="z",
)


def inspections(tmp_path: Path, *rows: list[object]) -> Path:
    return write_ods(
        tmp_path / "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
        {
            "Inspections_as_at_31_March": [
                ["Local authority inspection judgements as at 31 March 2025"],
                [],
                ODS_HEADER,
                *rows,
            ]
        },
    )


def test_the_inspection_date_is_read_as_a_date_and_a_date_that_is_not_one_is_refused(tmp_path):
    path = inspections(
        tmp_path,
        ["E09000002", "Barking and Dagenham", dt.date(2023, 7, 10), "Good"],
        ["E06000016", "Leicester", "23/09/2024", "Inadequate"],
        ["E08000016", "Barnsley", None, None],
    )  # not inspected under this judgement
    frame = read_workbook(path, LAYOUT, CROSSWALK).set_index("old_la_code")
    assert frame["_date"].to_dict() == {"301": "2023-07-10", "856": "2024-09-23", "370": ""}

    bad = inspections(
        tmp_path,
        ["E09000002", "Barking and Dagenham", dt.date(2023, 7, 10), "Good"],
        ["E06000016", "Leicester", "autumn 2024", "Inadequate"],
    )
    with pytest.raises(InputError, match="a date that is not a date") as err:
        read_workbook(bad, LAYOUT, CROSSWALK)
    assert err.value.where == "sheet 'Inspections_as_at_31_March', row 5, column 'Inspection date'"
    assert "LA_Inspection_Outcomes_as_at_31_March_2025.ods" in str(err.value) and "autumn 2024" in str(err.value)

    undated = inspections(tmp_path, ["E06000016", "Leicester", None, "Inadequate"])
    with pytest.raises(InputError, match="a figure without its date") as err:
        read_workbook(undated, LAYOUT, CROSSWALK)
    assert err.value.where == "sheet 'Inspections_as_at_31_March', row 4, column 'Inspection date'"


# ---- a pack for Leicester from the published files -------------------------------------------------

OFSTED_FILE = PUBLISHED_DATA / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"


@pytest.fixture(scope="module")
def leicester(tmp_path_factory) -> Path:
    if not OFSTED_FILE.is_file():
        pytest.skip("published DfE files not beside the project (../shared/data/dfe)")
    from sefbook.build.pipeline import build_pack

    out = tmp_path_factory.mktemp("pack-856")
    return build_pack("856", data_dir=PUBLISHED_DATA, output_dir=out, formats=("html",)).report


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.build  # reads a pack built (with kernels) for this module
def test_a_pack_prints_grades_in_words_with_their_inspection_and_neighbours_counted(leicester):
    html = leicester.read_text(encoding="utf-8")
    sheet = pd.read_excel(OFSTED_FILE, sheet_name="Inspections_as_at_31_March", header=2, engine="calamine")
    sheet = sheet.set_index("Local authority area code")
    rows = re.findall(r"<tr[^>]*>.*?</tr>", html, flags=re.DOTALL)
    graded = [_text(r) for r in rows if 'href="#about-ofsted_' in r]  # the performance tables' rows
    assert len(graded) == 5  # overall, leaders, help and protection, children in care, care leavers
    inspected = sheet.loc["E06000016", "Inspection date"]
    for row in graded:
        assert "31 March" not in row and "average" not in row and "mean" not in row, row
        assert f"inspected {inspected.day} {inspected:%B %Y}" in row, row
        assert re.search(r"\b\d+ of \d+ good or better\b", row), row
    # the neighbours' cells recomputed from the Ofsted file and the neighbour model (old LA codes,
    # matched to the GSS codes Ofsted uses through a DfE file that has both)
    model = pd.read_csv(PUBLISHED_DATA / "sn_model_2025_wide.csv", dtype=str, encoding="utf-8-sig")
    old_codes = model.loc[model["old_la_code"] == "856", [f"SN_{n}" for n in range(1, 11)]].iloc[0].tolist()
    codes = pd.read_csv(
        PUBLISHED_DATA / "cla_number_and_rate_per_10k_children.csv", dtype=str, usecols=["old_la_code", "new_la_code"]
    ).drop_duplicates("old_la_code", keep="last")
    gss = codes.set_index("old_la_code").loc[old_codes, "new_la_code"].tolist()
    for title, column in (
        ("overall effectiveness", "Overall effectiveness"),
        ("care leavers", "The experiences and progress of care leavers"),
    ):
        judged = sheet.loc[gss, column].dropna()
        good = int(judged.isin(["Outstanding", "Good"]).sum())
        row = next(r for r in graded if f"Ofsted grade: {title}" in r)
        assert f"{good} of {len(judged)} good or better" in row, (row, good, len(judged))
    # figures.csv traces the same cells: the inspection's date and the councils counted good or better
    figures = pd.read_csv(leicester.parent / "figures.csv", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    ours = figures[figures["area_kind"] == "council"]  # not its neighbours' judgements
    overall = ours[ours["indicator_id"] == "ofsted_overall_effectiveness"].iloc[-1]
    assert overall["inspected"] == f"{inspected:%Y-%m-%d}" and overall["neighbours_mean"] == ""
    table_row = next(r for r in graded if "Ofsted grade: overall effectiveness" in r)
    for column in ("neighbours_good_or_better", "region", "england"):
        assert re.fullmatch(r"\d+ of \d+ good or better", overall[column]) and overall[column] in table_row, column
    text = _text(html)
    assert not re.search(r"average of [1-4](?![\d.,%])", text)  # a grade averaged; "3.5%" is a rate
    assert not re.search(r"(Outstanding|Good|Requires improvement|Inadequate)[^.]{0,40}31 March", text)
