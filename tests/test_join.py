"""Joining executed parts: outputs only, in order, warnings returned, and stable cell ids so
that the same inputs give the same HTML."""

from __future__ import annotations

import nbformat

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
    second, _ = join_parts("<h1>Second</h1>", [_executed(tmp_path / "b.ipynb", ("<p>B1</p>", ""), ("<p>B2</p>", ""))],
                           "Second")
    join.export_html(first)
    kept = join.export_html(second)  # by the exporter that exported the first
    anew: list[str] = []
    thread = threading.Thread(target=lambda: anew.append(join.export_html(second)))  # a thread has its own
    thread.start()
    thread.join()
    assert kept == anew[0] and "<p>B2</p>" in kept and "<p>A1</p>" not in kept and "<title>Second</title>" in kept
