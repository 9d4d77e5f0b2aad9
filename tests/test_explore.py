"""notebooks/explore.ipynb, the analyst's starting point: it runs under plain papermill, for the
example and for any council from the DfE files, and its tables are the workbook's own numbers."""

from __future__ import annotations

import re
import subprocess
import sys
from html import escape
from io import StringIO
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml
from helpers import NOTEBOOKS, PUBLISHED_DATA, ROOT

import sefbook
from sefbook.render.pages import plan_html
from sefbook.render.parts import EXPLORE_NOTEBOOK, report_parts

PAPERMILL = Path(sys.executable).with_name("papermill")
EXAMPLE_PLAN = ROOT / "sefs" / "example-2026" / "plan.yml"
INDICATOR = "rereferral_12m"


def _run(out: Path, *parameters: str) -> dict[str, list]:
    """Runs the notebook as an analyst types it, from the project root; each tagged cell's outputs."""
    run = subprocess.run(
        [str(PAPERMILL), str(NOTEBOOKS / EXPLORE_NOTEBOOK), str(out), *parameters, "--no-progress-bar"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    cells = [c for c in nbformat.read(out, as_version=4).cells if c.cell_type == "code"]
    outputs = [o for c in cells for o in c.outputs]
    assert not [o for o in outputs if o.output_type in ("error", "stream")], "errors or warnings printed"
    # no HTML of the report: tables are DataFrames, and the one figure is the chart's cell
    assert all(
        'class="dataframe"' in o.data["text/html"] or "chart" in c.metadata.get("tags", [])
        for c in cells
        for o in c.outputs
        if "text/html" in o.get("data", {})
    )
    return {tag: c.outputs for c in cells for tag in c.metadata.get("tags", [])}


def _table(outputs: list) -> pd.DataFrame:
    """The DataFrame a cell showed, read back from its HTML (the text form elides columns)."""
    (shown,) = [o for o in outputs if o.output_type == "execute_result"]
    frame = pd.read_html(StringIO(shown.data["text/html"]), index_col=0)[0]
    frame.columns = frame.columns.get_level_values(0)  # the index's name is a second header row
    return frame


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> dict[str, list]:
    return _run(tmp_path_factory.mktemp("explore") / "example.ipynb")


@pytest.mark.build
def test_the_five_year_comparison_is_the_workbooks(example):
    expected = sefbook.load().compare(INDICATOR).tail(5)
    shown = _table(example["compare"])
    assert list(shown.columns) == list(expected.columns) and list(shown.index) == list(expected.index)
    # pandas shows six decimals: equal to them, and a NaN (no comparator yet) shown as NaN
    pd.testing.assert_frame_equal(
        shown,
        pd.DataFrame(expected),
        check_exact=False,
        rtol=0,
        atol=1e-6,
        check_dtype=False,
        check_names=False,
        check_index_type=False,
    )
    assert "<figure" in example["chart"][0].data["text/html"]


@pytest.mark.build
def test_the_neighbour_that_improved_most_comes_first(example):
    s = sefbook.load()
    five = s.compare(INDICATOR).tail(5)
    neighbours = list(five.columns[1 : 1 + len(s.place.neighbour_codes)])  # after the council, before their mean
    lower_better = s.inputs.registry[INDICATOR].polarity.value == "lower_better"
    assert lower_better  # re-referrals: a fall is the improvement
    falls = {name: five[name].dropna().iloc[0] - five[name].dropna().iloc[-1] for name in neighbours}
    shown = _table(example["improved"])
    assert sorted(shown.index) == sorted(neighbours)
    assert shown.index[0] == max(falls, key=falls.get)
    assert shown["improvement"].to_dict() == pytest.approx(falls, abs=1e-6)
    assert list(shown["improvement"]) == sorted(shown["improvement"], reverse=True)


@pytest.mark.build
def test_the_plan_table_lists_each_measure_of_the_plan(example):
    plan = yaml.safe_load(EXAMPLE_PLAN.read_text(encoding="utf-8"))
    shown = _table(example["measures"])
    assert list(shown["indicator"]) == [m["indicator"] for m in plan["measures"]]
    rereferrals = shown.set_index("indicator").loc[INDICATOR]
    latest = sefbook.load().compare(INDICATOR).iloc[-1, 0]  # the council's latest, against a target of 18.0
    assert rereferrals["target"] == 18.0 and latest > 18.0 and rereferrals["status"] == "not yet met"


@pytest.mark.build
def test_it_runs_for_a_council_from_the_dfe_files_and_says_it_has_no_plan(tmp_path):
    if not (PUBLISHED_DATA / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv").is_file():
        pytest.skip("the DfE files are not in ../shared/data/dfe")
    outputs = _run(tmp_path / "856.ipynb", "-p", "la", "856", "-p", "data", "../shared/data/dfe")
    assert "Leicester" in outputs["load"][0].data["text/plain"]
    assert "Leicester" in _table(outputs["compare"]).columns[0]
    assert outputs["measures"][0].data == {
        "text/plain": "No plan: Leicester has no plan.yml (sef.yml's plan:), so no measures."
    }


def test_the_build_never_runs_the_explore_notebook():
    """Every notebook in notebooks/ travels with the package; the build runs only the report's parts."""
    parts = report_parts(sefbook.load().inputs)
    assert {"plan.ipynb", "section.ipynb"} <= {part.notebook for part in parts}
    assert EXPLORE_NOTEBOOK not in {part.notebook for part in parts}


def test_the_measures_are_the_plan_pages_own():
    """s.measures judges each measure as the plan on a page does: same period, trend and status, same order."""
    s = sefbook.load()
    page = plan_html(s.inputs)
    measures = s.measures
    assert len(measures) == len(yaml.safe_load(EXAMPLE_PLAN.read_text(encoding="utf-8"))["measures"])
    within_a_row = r"[^\n]*?"  # the page writes each measure's row on one line
    rows = [
        re.escape(f'<tr><th scope="row">{escape(m.title)}</th><td>{m.period}</td>')
        + within_a_row
        + re.escape(
            f'</span> {m.trend}</td><td class="sef-target-{m.status.replace(" ", "-")}">{m.status.capitalize()}</td></tr>'
        )
        for m in measures.itertuples()
    ]
    assert re.search(".*?".join(rows), page, re.DOTALL), "a measure's period, trend or status differs from the page's"
    assert set(measures["status"]) == {"no target", "target met", "not yet met"}  # the example has each
    assert measures["latest"].notna().all() and (measures["symbol"] == "").all()


@pytest.mark.slow
def test_a_council_without_a_plan_has_no_measures_and_says_so(edition_copy):
    (edition_copy / "plan.yml").unlink()
    sef = edition_copy / "sef.yml"
    sef.write_text(
        "\n".join(line for line in sef.read_text(encoding="utf-8").splitlines() if not line.startswith("plan:")) + "\n",
        encoding="utf-8",
    )
    s = sefbook.load(edition_copy)
    assert s.measures.empty and s.measures._repr_html_() is None
    assert repr(s.measures) == f"No plan: {s.place.la_name} has no plan.yml (sef.yml's plan:), so no measures."
