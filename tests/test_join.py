"""Joining executed parts: outputs only, in order, warnings returned, and stable cell ids so
that the same inputs give the same HTML."""

from __future__ import annotations

import nbformat
import pytest

from sefbook.build.join import join_parts


def _executed(path, *cells):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("section = 'x'", metadata={"tags": ["parameters"]})
    params.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<p>parameters</p>"})]
    nb.cells = [params, nbformat.v4.new_markdown_cell("# a heading the report never shows")]
    for html, stream in cells:
        cell = nbformat.v4.new_code_cell("show()")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": html})] if html else []
        if stream:
            cell.outputs.append(nbformat.v4.new_output("stream", name="stderr", text=stream))
        nb.cells.append(cell)
    nbformat.write(nb, path)
    return path


def test_outputs_in_order_with_stable_ids_and_warnings_returned(tmp_path):
    a = _executed(tmp_path / "headlines.ipynb", ("<p>A1</p>", ""))
    b = _executed(tmp_path / "care_leavers.ipynb", ("<p>B1</p>", ""), ("", "UserWarning: odd"), ("<p>B2</p>", ""))
    report, warnings = join_parts("<h1>Title</h1>", [a, b], "Title")
    html = [c.outputs[0].data["text/html"] for c in report.cells]
    assert html == ["<h1>Title</h1>", "<p>A1</p>", "<p>B1</p>", "<p>B2</p>"]  # no parameters, no markdown
    assert [c.id for c in report.cells] == ["front-matter", "headlines-3", "care_leavers-3", "care_leavers-5"]
    assert warnings == ["care_leavers.ipynb cell 4 printed to stderr: UserWarning: odd"]
    again, _ = join_parts("<h1>Title</h1>", [a, b], "Title")
    assert nbformat.writes(again) == nbformat.writes(report)


def test_an_exporter_kept_for_the_next_report_exports_it_as_a_new_one_would(tmp_path):
    import threading

    from sefbook.build import join

    first, _ = join_parts("<h1>First</h1>", [_executed(tmp_path / "a.ipynb", ("<p>A1</p>", ""))], "First")
    second, _ = join_parts(
        "<h1>Second</h1>", [_executed(tmp_path / "b.ipynb", ("<p>B1</p>", ""), ("<p>B2</p>", ""))], "Second"
    )
    join.export_html(first)
    kept = join.export_html(second)  # by the exporter that exported the first
    anew: list[str] = []
    thread = threading.Thread(target=lambda: anew.append(join.export_html(second)))  # a thread has its own
    thread.start()
    thread.join()
    assert kept == anew[0] and "<p>B2</p>" in kept and "<p>A1</p>" not in kept and "<title>Second</title>" in kept


def test_templates_compiled_once_and_kept_export_the_report_as_templates_compiled_afresh(tmp_path, monkeypatch):
    import threading

    from sefbook.build import join
    from sefbook.render import templates

    def export_in_a_new_thread(report) -> str:  # a thread has its own exporter: its templates loaded anew
        done: list[str] = []
        thread = threading.Thread(target=lambda: done.append(join.export_html(report)))
        thread.start()
        thread.join()
        return done[0]

    report, _ = join_parts("<h1>Title</h1>", [_executed(tmp_path / "a.ipynb", ("<p>A1</p>", ""))], "Title")
    monkeypatch.setenv("SEFBOOK_CACHE_DIR", str(tmp_path / "cache"))
    templates.compiled_templates.cache_clear()
    monkeypatch.setattr(join, "compiled_templates", lambda: None)  # no cache: compiled in the process
    afresh = export_in_a_new_thread(report)
    assert not list((tmp_path / "cache").rglob("*.cache"))
    monkeypatch.undo()
    monkeypatch.setenv("SEFBOOK_CACHE_DIR", str(tmp_path / "cache"))
    templates.compiled_templates.cache_clear()
    try:
        compiled = export_in_a_new_thread(report)  # compiled, and kept
        kept = sorted((tmp_path / "cache" / "templates").rglob("*.cache"))
        loaded = export_in_a_new_thread(report)  # loaded from what was kept
        assert len(kept) >= 5 and sorted((tmp_path / "cache" / "templates").rglob("*.cache")) == kept
        assert afresh == compiled == loaded and "<p>A1</p>" in loaded
    finally:
        templates.compiled_templates.cache_clear()


def _page(tmp_path, leadership: str, front: str = "<h1>Title</h1>") -> str:
    """The exported page of a report whose leadership part shows `leadership` in its first cell."""
    from sefbook.build.join import export_html

    parts = [
        _executed(tmp_path / "headlines.ipynb", ("<p>Headlines</p>", "")),
        _executed(tmp_path / "leadership.ipynb", (leadership, ""), ("<table><tr><td>1</td></tr></table>", "")),
        _executed(tmp_path / "plan.ipynb", ("<p>Plan</p>", "")),
    ]
    return export_html(join_parts(front, parts, "Title")[0])


BEFORE = "<section><h2>Leadership</h2><p>Last week's words.</p>\n<p>And more.</p></section>"
AFTER = "<section><h2>Leadership</h2><p>This week's words, &amp; a quote.</p></section>\n"


def test_an_opening_reworded_in_the_last_page_is_the_page_the_export_makes_of_the_new_parts(tmp_path):
    from sefbook.build.join import Rewording, with_words_again

    last = _page(tmp_path, BEFORE)
    page = with_words_again(last, "<h1>Title</h1>", [Rewording("leadership-3", BEFORE, AFTER)])
    assert page is not None and page == _page(tmp_path, AFTER) and page != last
    # two at once, given in either order; the last cell has no cell after it to show where it ends
    both = [Rewording("leadership-3", BEFORE, AFTER), Rewording("headlines-3", "<p>Headlines</p>", "<p>H</p>")]
    twice = with_words_again(last, "<h1>Title</h1>", both)
    assert twice is not None and twice == _page(tmp_path, AFTER).replace("<p>Headlines</p>", "<p>H</p>")
    assert with_words_again(last, "<h1>Title</h1>", [Rewording("plan-3", "<p>Plan</p>", "<p>P</p>")]) is None


@pytest.mark.parametrize(
    ("case", "front", "rewording"),
    [
        ("words older than the page's", "<h1>Title</h1>", ("leadership-3", "<p>Older words</p>", AFTER)),
        ("a beginning of the page's words", "<h1>Title</h1>", ("leadership-3", BEFORE.split("\n")[0], AFTER)),
        ("a cell the page has not got", "<h1>Title</h1>", ("leadership-9", BEFORE, AFTER)),
        ("a cell of several outputs", "<h1>Title</h1>", ("leadership-4", "<table><tr><td>1</td></tr></table>", AFTER)),
        ("front matter not the page's", "<h1>Another title</h1>", ("leadership-3", BEFORE, AFTER)),
    ],
)
def test_a_page_not_laid_out_as_the_rewording_expects_is_left_for_the_export(tmp_path, case, front, rewording):
    from sefbook.build.join import Rewording, with_words_again

    last = _page(tmp_path, BEFORE)
    if case == "a cell of several outputs":  # the table's cell also printed a second picture
        nb = nbformat.read(tmp_path / "leadership.ipynb", as_version=4)
        nb.cells[3].outputs.append(nbformat.v4.new_output("display_data", data={"text/html": "<p>2</p>"}))
        nbformat.write(nb, tmp_path / "leadership.ipynb")
        from sefbook.build.join import export_html

        parts = [tmp_path / f"{name}.ipynb" for name in ("headlines", "leadership", "plan")]
        last = export_html(join_parts("<h1>Title</h1>", parts, "Title")[0])
    assert with_words_again(last, front, [Rewording(*rewording)]) is None, case


def test_a_page_changed_by_hand_or_twice_holding_a_cell_is_left_for_the_export(tmp_path):
    from sefbook.build.join import Rewording, with_words_again

    last = _page(tmp_path, BEFORE)
    rewording = [Rewording("leadership-3", BEFORE, AFTER)]
    assert with_words_again(last.replace("And more.", "And more, by hand."), "<h1>Title</h1>", rewording) is None
    start = last.index('<div id="cell-id=leadership-3"')
    end = last.index('<div id="cell-id=', start + 1)
    assert with_words_again(last[:end] + last[start:end] + last[end:], "<h1>Title</h1>", rewording) is None
