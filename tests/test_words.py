"""A section whose words alone changed is rendered in the build's process (build/words.py): only
for the section notebook as sefbook ships it, else it runs on a kernel as usual."""

from __future__ import annotations

import json

import nbformat
import pytest
from helpers import EXAMPLE_DATA, EXAMPLE_EDITION, NOTEBOOKS

from sefbook.build.words import SECTION_CELLS, render_words_again
from sefbook.domain import ReportKind
from sefbook.inputs.edition.read import load_edition
from sefbook.notebook import load_section, narrative_output
from sefbook.render.prose import OPENING, WORDS_FROM

SECTION = "leadership"


def _code_cells(nb: nbformat.NotebookNode) -> tuple[str, ...]:
    return tuple(
        c.source.strip() for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])
    )


def test_the_cells_it_stands_in_for_are_the_section_notebooks_own():
    # a change to notebooks/section.ipynb must be made in build/words.py too, or its words are
    # never rendered outside a kernel again
    assert _code_cells(nbformat.read(NOTEBOOKS / "section.ipynb", as_version=4)) == SECTION_CELLS


def _opening() -> tuple[str, dict]:
    """The leadership section's narrative cell output, as a kernel shows it today."""
    return narrative_output(load_section(SECTION, str(EXAMPLE_EDITION), str(EXAMPLE_DATA), number=6))


def _kept(path, cells: tuple[str, ...] = SECTION_CELLS, words: str = "<p>last week's words</p>") -> None:
    """A kept section notebook whose narrative cell shows today's lead (heading, key facts) with
    other words, and whose table and charts cells show placeholders."""
    html, metadata = _opening()
    lead = html[: metadata[OPENING][WORDS_FROM]]
    nb = nbformat.v4.new_notebook()
    for source in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": f"<p>{source[:10]}</p>"})]
        nb.cells.append(cell)
    nb.cells[1].outputs = [
        nbformat.v4.new_output(
            "display_data", data={"text/html": lead + words}, metadata={OPENING: {WORDS_FROM: len(lead)}}
        )
    ]
    nbformat.write(nb, path)


def _edition():
    return load_edition(EXAMPLE_EDITION)


def test_the_words_are_rendered_from_the_edition_alone_and_the_lead_table_and_charts_are_kept(tmp_path):
    path = tmp_path / "section.ipynb"
    _kept(path)
    assert render_words_again(path, SECTION, _edition(), ReportKind.annual)
    nb = nbformat.read(path, as_version=4)
    # the very opening a kernel renders from the data and the edition
    expected, _ = _opening()
    assert nb.cells[1].outputs[0].data["text/html"] == expected
    assert "What we are proud of" in expected and "last week's words" not in expected
    assert [c.outputs[0].data["text/html"] for c in nb.cells[2:]] == ["<p>show_perfo</p>", "<p>show_chart</p>"]


def test_the_notebook_is_written_as_nbformat_writes_it_and_says_what_changed_where(tmp_path):
    path = tmp_path / "leadership.ipynb"
    _kept(path, words="<p>last week's words,\nover two lines</p>\n")
    before = nbformat.read(path, as_version=4).cells[1].outputs[0].data["text/html"]
    rewording = render_words_again(path, SECTION, _edition(), ReportKind.annual)
    written = path.read_text(encoding="utf-8")
    assert written == nbformat.writes(nbformat.reads(written, as_version=4)) + "\n"  # byte for byte nbformat's
    assert rewording is not None and rewording.before == before
    assert rewording.after == nbformat.reads(written, as_version=4).cells[1].outputs[0].data["text/html"]
    assert rewording.cell == "leadership-2"  # the narrative cell's id in the joined report (build/join.py)


def test_a_notebook_whose_cells_were_changed_is_left_for_a_kernel(tmp_path):
    changed = (*SECTION_CELLS[:1], "show_narrative(view)\nprint('and something of ours')", *SECTION_CELLS[2:])
    path = tmp_path / "section.ipynb"
    _kept(path, changed)
    before = path.read_bytes()
    assert not render_words_again(path, SECTION, _edition(), ReportKind.annual)
    assert path.read_bytes() == before


def test_a_narrative_cell_with_other_outputs_than_one_picture_of_html_is_left_for_a_kernel(tmp_path):
    path = tmp_path / "section.ipynb"
    _kept(path)
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].outputs.append(nbformat.v4.new_output("stream", name="stderr", text="a warning\n"))
    nbformat.write(nb, path)
    assert not render_words_again(path, SECTION, _edition(), ReportKind.annual)


@pytest.mark.parametrize(
    "metadata",
    [{}, {OPENING: {}}, {OPENING: {WORDS_FROM: "12"}}, {OPENING: {WORDS_FROM: -1}}, {OPENING: {WORDS_FROM: 10**9}}],
)
def test_a_kept_notebook_that_does_not_say_where_its_words_begin_is_left_for_a_kernel(tmp_path, metadata):
    # an older sefbook's, or one whose output was changed by hand: the lead cannot be told apart
    path = tmp_path / "section.ipynb"
    _kept(path)
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].outputs[0].metadata = metadata
    nbformat.write(nb, path)
    before = path.read_bytes()
    assert not render_words_again(path, SECTION, _edition(), ReportKind.annual)
    assert path.read_bytes() == before


def test_a_quarterly_reports_section_shows_no_quotes(tmp_path):
    path = tmp_path / "section.ipynb"
    _kept(path)
    assert render_words_again(path, "context", _edition(), ReportKind.annual)
    with_quotes = nbformat.read(path, as_version=4).cells[1].outputs[0].data["text/html"]
    _kept(path)
    assert render_words_again(path, "context", _edition(), ReportKind.quarterly)
    without = nbformat.read(path, as_version=4).cells[1].outputs[0].data["text/html"]
    assert "sef-quote" in with_quotes and "sef-quote" not in without


def test_the_command_line_expects_no_kernel_only_when_words_alone_changed(tmp_path):
    from sefbook.build.freshness import compare, words_alone
    from sefbook.digests import code_digest, file_digest

    edition, data = tmp_path / "edition", tmp_path / "data"
    (edition / "narrative").mkdir(parents=True)
    data.mkdir()
    files = {
        "narrative": edition / "narrative" / "leadership.md",
        "picture": edition / "narrative" / "chart.png",
        "quotes": edition / "quotes.yml",
        "config": edition / "sef.yml",
        "data": data / "c1.csv",
    }
    for path in files.values():
        path.write_text("before\n", encoding="utf-8")
    report = tmp_path / "report.html"
    report.write_text("<html></html>", encoding="utf-8")
    manifest = tmp_path / "manifest.json"
    manifest.write_text(
        json.dumps(
            {
                "built_at": "then",
                "build": {
                    "code": code_digest(),
                    "options": {},
                    "listings": {},
                    "files": {str(p): file_digest(p) for p in files.values()},
                },
            }
        ),
        encoding="utf-8",
    )

    assert not words_alone(compare(manifest, {}, [report]), edition)  # nothing changed: no build at all
    for words in ("narrative", "picture", "quotes"):
        files[words].write_text(f"{words} after\n", encoding="utf-8")
    last = compare(manifest, {}, [report])
    assert sorted(last.changed) == sorted(files[w] for w in ("narrative", "picture", "quotes"))
    # the digests of the files now, which the rebuild's record takes rather than reading them again
    assert last.digests == {str(p): file_digest(p) for p in files.values()}
    assert words_alone(last, edition)
    for other in ("config", "data"):
        files[other].write_text("after\n", encoding="utf-8")
        assert not words_alone(compare(manifest, {}, [report]), edition)
        files[other].write_text("before\n", encoding="utf-8")
    assert words_alone(compare(manifest, {}, [report]), edition)
    assert not words_alone(compare(manifest, {"formats": ["pdf"]}, [report]), edition)  # other options: anything may


def test_a_warning_the_kernel_would_show_sends_the_section_to_it_and_one_it_would_not_does_not(tmp_path, monkeypatch):
    import warnings

    from sefbook.build import words

    rendered_words = words.section_words_html

    def warning(category):
        def warned(*args):
            warnings.warn("from the words", category, stacklevel=1)
            return rendered_words(*args)

        return warned

    path = tmp_path / "section.ipynb"
    for category, rendered in (
        (UserWarning, False),
        (FutureWarning, False),
        (ResourceWarning, True),
        (DeprecationWarning, True),
    ):
        _kept(path)
        monkeypatch.setattr(words, "section_words_html", warning(category))
        assert bool(render_words_again(path, SECTION, _edition(), ReportKind.annual)) is rendered, category
