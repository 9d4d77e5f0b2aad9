"""Each notebook runs on its own under papermill with its default parameters, from any working
directory, and is kept in git without outputs. One notebook serves every section."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest
from helpers import NOTEBOOKS, ROOT

from sefbook.inputs.sections import SECTIONS
from sefbook.render.parts import EXPLORE_NOTEBOOK, OTHER_PARTS, SECTION_NOTEBOOK


@pytest.mark.build
@pytest.mark.parametrize("name", SECTIONS)
def test_the_section_notebook_serves_every_section(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a scheduled job may start anywhere: defaults still find the example
    out = tmp_path / f"{name}.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOKS / SECTION_NOTEBOOK),
        str(out),
        kernel_name="python3",
        parameters={"section": name},
        progress_bar=False,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    cells = nbformat.read(out, as_version=4).cells
    outputs = [o for c in cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type in ("error", "stream")], "errors or warnings printed"
    html = "".join(o.data.get("text/html", "") for o in outputs if "data" in o)
    assert f"</span> {SECTIONS[name].title}</h2>" in html
    assert "What we are proud of" in html and "Our plans for the next twelve months" in html
    assert '<table class="sef-table sef-performance-table' in html
    # the example marks key indicators in every section but the context, whose counts are never charted
    assert ('<figure class="sef-chart">' in html) == (name != "context")


@pytest.mark.build
@pytest.mark.parametrize(
    "part, expected",
    [
        ("headlines", ">What we are proud of</h3>"),
        ("changes", ">What we said we would do</h3>"),
        ("plan", ">Overdue actions</h3>"),
        ("improvement", "<caption>Each area for improvement"),
        ("about", 'id="about-rereferral_12m"'),
        ("charts", '<h2 id="charts">Annex: charts</h2>'),
    ],
)
def test_report_part_notebooks_run_with_default_parameters(part, expected, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / f"{part}.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOKS / OTHER_PARTS[part].notebook),
        str(out),
        kernel_name="python3",
        progress_bar=False,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    outputs = [o for c in nbformat.read(out, as_version=4).cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type in ("error", "stream")]
    html = "".join(o.data.get("text/html", "") for o in outputs if "data" in o)
    assert expected in html


@pytest.mark.build
def test_plain_papermill_command_with_a_parameter(tmp_path):
    """The command an analyst or a scheduler types: `papermill in.ipynb out.ipynb -p ...`."""
    out = tmp_path / "children_in_care.ipynb"
    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("papermill")),
            str(NOTEBOOKS / "section.ipynb"),
            str(out),
            "-p",
            "section",
            "children_in_care",
            "-p",
            "edition",
            "sefs/example-2025",
            "--no-progress-bar",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    html = json.dumps(nbformat.read(out, as_version=4).cells)
    assert "Long-term placement stability" in html and "Children in care</h2>" in html
    assert "Care leavers aged 19 to 21" not in html  # that section's, not this one's


@pytest.mark.parametrize(
    "notebook, expected",
    [
        ("section.ipynb", {"section", "number", "edition", "data_dir", "returns", "la_code", "period"}),
        ("headlines.ipynb", {"edition", "data_dir", "returns", "la_code", "period"}),
    ],
)
def test_parameters_are_typed_and_explained_for_help_notebook(notebook, expected):
    params = papermill.inspect_notebook(str(NOTEBOOKS / notebook))
    assert set(params) == expected
    for p in params.values():
        assert p["inferred_type_name"] == ("int" if p["name"] == "number" else "str")
        assert p["help"], f"parameter {p['name']} has no comment"


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebooks_are_committed_clean_and_thin(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "strip outputs before committing"
    assert sum("parameters" in c.metadata.get("tags", []) for c in code) == 1
    # thin: cells call the package; no function definitions or loops live in a notebook
    for cell in code:
        assert not re.search(r"^\s*(def|class|for|while|if)\b|import pandas", cell.source, re.MULTILINE), cell.source
    assert path.name in (SECTION_NOTEBOOK, EXPLORE_NOTEBOOK) or path.stem in OTHER_PARTS


@pytest.mark.build
def test_an_edition_can_put_its_charts_in_an_annex(edition_copy, tmp_path):
    from helpers import set_key

    from sefbook.inputs.load import load_inputs
    from sefbook.render.pages import chart_annex_html
    from sefbook.render.parts import report_parts
    from sefbook.render.section import SectionView

    set_key(edition_copy / "sef.yml", "charts", "annex")
    sef = edition_copy / "sef.yml"  # children in care's one key indicator: the children looked after rate
    marked = sef.read_text(encoding="utf-8").replace("[cla_rate,", "[{id: cla_rate, key: true},")
    sef.write_text(marked, encoding="utf-8")
    inputs = load_inputs(edition_copy, ROOT / "data" / "example")
    assert [p.name for p in report_parts(inputs)][-2:] == ["charts", "about"]
    view = SectionView(inputs.edition.section("children_in_care"), inputs)
    assert view.charts_html() == "" and view.performance_table_html()  # the table stays, the charts move
    annex = chart_annex_html(inputs)
    drawn = [c for n in inputs.edition.section_names for c in SectionView(inputs.edition.section(n), inputs).charts()]
    assert annex.count('<figure class="sef-chart">') == len(drawn) and "key indicators" in annex
    cared = annex.split('<h3 id="charts-section-children-in-care">Children in care</h3>')[1].split("<h3")[0]
    assert cared.count("<figcaption>Children looked after per 10,000 children: Kingsmere against its comparators<") == 1
    assert cared.count('<figure class="sef-chart">') == 1  # its one key indicator's trend (no ranking of rates here)
