"""A section whose words alone changed is rendered in the build's process (build/words.py): only
for the section notebook as sefbook ships it, else it runs on a kernel as usual."""

from __future__ import annotations

import json

import nbformat

from conftest import EXAMPLE_DATA, EXAMPLE_EDITION, NOTEBOOKS
from sefbook.build.words import SECTION_CELLS, render_words_again
from sefbook.notebook import load_section

# what the build gives the section notebook for the example's leadership section
PARAMETERS = {"section": "leadership", "edition": str(EXAMPLE_EDITION), "data_dir": str(EXAMPLE_DATA), "la_code": "",
              "period": "", "number": 6, "returns": ""}


def _code_cells(nb: nbformat.NotebookNode) -> tuple[str, ...]:
    return tuple(c.source.strip() for c in nb.cells
                 if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", []))


def test_the_cells_it_stands_in_for_are_the_section_notebooks_own():
    # a change to notebooks/section.ipynb must be made in build/words.py too, or its words are
    # never rendered outside a kernel again
    assert _code_cells(nbformat.read(NOTEBOOKS / "section.ipynb", as_version=4)) == SECTION_CELLS


def _executed(tmp_path, cells: tuple[str, ...]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    for source in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": f"<p>{source[:10]}</p>"})]
        nb.cells.append(cell)
    return nb


def test_the_opening_is_rendered_with_the_notebooks_own_calls_and_the_table_and_charts_are_kept(tmp_path):
    path = tmp_path / "section.ipynb"
    nbformat.write(_executed(tmp_path, SECTION_CELLS), path)
    assert render_words_again(path, PARAMETERS)
    nb = nbformat.read(path, as_version=4)
    expected = load_section("leadership", str(EXAMPLE_EDITION), str(EXAMPLE_DATA), number=6).opening_html()
    assert nb.cells[1].outputs[0].data["text/html"] == expected
    assert "What we are proud of" in expected
    assert [c.outputs[0].data["text/html"] for c in nb.cells[2:]] == ["<p>show_perfo</p>", "<p>show_chart</p>"]


def test_a_notebook_whose_cells_were_changed_is_left_for_a_kernel(tmp_path):
    changed = (*SECTION_CELLS[:1], "show_narrative(view)\nprint('and something of ours')", *SECTION_CELLS[2:])
    path = tmp_path / "section.ipynb"
    nbformat.write(_executed(tmp_path, changed), path)
    before = path.read_bytes()
    assert not render_words_again(path, PARAMETERS)
    assert path.read_bytes() == before


def test_a_narrative_cell_with_other_outputs_than_one_picture_of_html_is_left_for_a_kernel(tmp_path):
    nb = _executed(tmp_path, SECTION_CELLS)
    nb.cells[1].outputs.append(nbformat.v4.new_output("stream", name="stderr", text="a warning\n"))
    path = tmp_path / "section.ipynb"
    nbformat.write(nb, path)
    assert not render_words_again(path, PARAMETERS)


def test_parameters_it_cannot_load_leave_the_notebook_to_a_kernel(tmp_path):
    path = tmp_path / "section.ipynb"
    nbformat.write(_executed(tmp_path, SECTION_CELLS), path)
    before = path.read_bytes()
    parameters = {**PARAMETERS, "edition": str(tmp_path / "no-such-edition")}
    assert not render_words_again(path, parameters)
    assert path.read_bytes() == before


def test_the_command_line_expects_no_kernel_only_when_words_alone_changed(tmp_path):
    from sefbook.build.freshness import compare, words_alone
    from sefbook.digests import code_digest, file_digest

    edition, data = tmp_path / "edition", tmp_path / "data"
    (edition / "narrative").mkdir(parents=True)
    data.mkdir()
    files = {"narrative": edition / "narrative" / "leadership.md", "picture": edition / "narrative" / "chart.png",
             "quotes": edition / "quotes.yml", "config": edition / "sef.yml", "data": data / "c1.csv"}
    for path in files.values():
        path.write_text("before\n", encoding="utf-8")
    report = tmp_path / "report.html"
    report.write_text("<html></html>", encoding="utf-8")
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"built_at": "then", "build": {
        "code": code_digest(), "options": {}, "listings": {},
        "files": {str(p): file_digest(p) for p in files.values()}}}), encoding="utf-8")

    assert not words_alone(compare(manifest, {}, [report]), edition)  # nothing changed: no build at all
    for words in ("narrative", "picture", "quotes"):
        files[words].write_text(f"{words} after\n", encoding="utf-8")
    last = compare(manifest, {}, [report])
    assert sorted(last.changed) == sorted(files[w] for w in ("narrative", "picture", "quotes"))
    assert words_alone(last, edition)
    for other in ("config", "data"):
        files[other].write_text("after\n", encoding="utf-8")
        assert not words_alone(compare(manifest, {}, [report]), edition)
        files[other].write_text("before\n", encoding="utf-8")
    assert words_alone(compare(manifest, {}, [report]), edition)
    assert not words_alone(compare(manifest, {"formats": ["pdf"]}, [report]), edition)  # other options: anything may


def test_a_warning_the_kernel_would_show_sends_the_section_to_it_and_one_it_would_not_does_not(tmp_path, monkeypatch):
    import warnings

    from sefbook.render.section import SectionView

    opening = SectionView.opening_html

    def warning(category):
        def warned(view):
            warnings.warn("from the opening", category, stacklevel=1)
            return opening(view)
        return warned

    path = tmp_path / "section.ipynb"
    for category, rendered in ((UserWarning, False), (FutureWarning, False), (ResourceWarning, True),
                               (DeprecationWarning, True)):
        nbformat.write(_executed(tmp_path, SECTION_CELLS), path)
        monkeypatch.setattr(SectionView, "opening_html", warning(category))
        assert render_words_again(path, PARAMETERS) is rendered, category
