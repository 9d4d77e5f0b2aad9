"""Joining the executed parts into one report notebook, exporting it as one HTML page, and
converting that to the other formats asked for; and, when a section's words alone changed, the
last page with that section's opening replaced, as the export would give it.

nbformat and nbconvert are imported where they are used: a rebuild of the words alone that can
replace an opening in the last page (with_words_again) needs neither."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sefbook.build.export import CONVERTERS
from sefbook.build.freshness import REPORT_FILE
from sefbook.build.result import Progress, Timer
from sefbook.paths import PACKAGE_DIR
from sefbook.render.templates import compiled_templates

if TYPE_CHECKING:
    import nbformat

FRONT_MATTER = "front-matter"  # the first cell's id in the joined report


def assemble(
    staging: Path,
    front_matter: str,
    executed: list[Path],
    title: str,
    formats: tuple[str, ...],
    timer: Timer,
    progress: Progress,
) -> list[str]:
    """The report in `staging`: the front matter and the executed parts joined, exported as HTML,
    then converted to each other format asked for. Returns what the parts printed (warnings)."""
    with timer("join and export"):
        report, warnings = join_parts(front_matter, executed, title)
        (staging / REPORT_FILE).write_text(export_html(report), encoding="utf-8")
    return _other_formats(staging, formats, warnings, timer, progress)


def assemble_page(
    staging: Path, page: str, executed: list[Path], formats: tuple[str, ...], timer: Timer, progress: Progress
) -> list[str]:
    """As assemble, for a report whose page is made already (with_words_again) from these parts."""
    with timer("join and export"):
        warnings = [w for path in executed for w in _printed(path, json.loads(path.read_text(encoding="utf-8")))]
        (staging / REPORT_FILE).write_text(page, encoding="utf-8")
    return _other_formats(staging, formats, warnings, timer, progress)


def _other_formats(
    staging: Path, formats: tuple[str, ...], warnings: list[str], timer: Timer, progress: Progress
) -> list[str]:
    for fmt in formats:
        if fmt in CONVERTERS:
            with timer(f"export {fmt}"):
                CONVERTERS[fmt](staging / REPORT_FILE, (staging / REPORT_FILE).with_suffix(f".{fmt}"))
            progress(f"Exported {fmt}")
    for warning in warnings:
        progress(f"warning: {warning}")
    return warnings


def join_parts(front_matter: str, executed: list[Path], title: str) -> tuple[nbformat.NotebookNode, list[str]]:
    """One notebook holding the front matter and each part's displayed outputs, in order.

    Only rich display outputs are kept. Text a cell printed to stderr (a warning) is not part of
    the report: it is returned so the build can show it. Cells are named after their part
    ('care_leavers-2'), not at random, so the same inputs give the same HTML."""
    import nbformat

    report = nbformat.v4.new_notebook(metadata={"title": title})
    report.cells.append(html_cell(front_matter, FRONT_MATTER))
    warnings: list[str] = []
    for path in executed:
        nb = read_executed(path)
        warnings += _printed(path, nb)
        for index, cell in shown_cells(nb):
            outputs = [o for o in cell["outputs"] if o["output_type"] in ("display_data", "execute_result")]
            if outputs:
                report.cells.append(_output_cell(outputs, cell_id(path, index)))
    return report, warnings


def cell_id(executed: Path, index: int) -> str:
    """The id of the executed part's cell `index` (from 0) in the joined report: 'care_leavers-2'."""
    return f"{executed.stem}-{index + 1}"


def shown_cells(nb: Mapping[str, Any]) -> Iterable[tuple[int, Mapping[str, Any]]]:
    """An executed part's code cells other than its parameters, by their index (a notebook as
    nbformat reads it, or its JSON)."""
    for index, cell in enumerate(nb["cells"]):
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "code" and not {"parameters", "injected-parameters"} & set(tags):
            yield index, cell


def notebook_text(value: str | list[str]) -> str:
    """A notebook's text as one string (its JSON holds multi-line text line by line)."""
    return "".join(value) if isinstance(value, list) else value


def _printed(path: Path, nb: Mapping[str, Any]) -> list[str]:
    """What the part's cells printed (a warning): not part of the report, but said by the build."""
    said = []
    for index, cell in shown_cells(nb):
        for output in cell.get("outputs", []):
            text = notebook_text(output.get("text", ""))
            if output["output_type"] == "stream" and text.strip():
                said.append(f"{path.name} cell {index + 1} printed to {output['name']}: {text.strip()[:300]}")
    return said


def read_executed(path: Path) -> nbformat.NotebookNode:
    """An executed part, as papermill wrote it (and nbformat checked it then): read without
    checking it against the schema again, which an edit's rebuild need not wait for."""
    import nbformat

    with path.open(encoding="utf-8") as f:
        nb = json.load(f)
    if nb.get("nbformat") != 4:
        return nbformat.read(path, as_version=4)
    return nbformat.v4.nbjson.to_notebook(nb)  # as nbformat.read has it (lines joined), unchecked


def _output_cell(outputs: list, cell_id: str) -> nbformat.NotebookNode:
    """A code cell of outputs alone (nbconvert checks the whole report against the schema)."""
    import nbformat

    return nbformat.from_dict(
        {"id": cell_id, "cell_type": "code", "metadata": {}, "execution_count": None, "source": "", "outputs": outputs}
    )


def html_cell(html: str, cell_id: str) -> nbformat.NotebookNode:
    return _output_cell([{"output_type": "display_data", "data": {"text/html": html}, "metadata": {}}], cell_id)


_exporters = threading.local()


def export_html(report: nbformat.NotebookNode) -> str:
    """nbconvert with sefbook's own template: outputs only, no code, no prompts, no scripts.

    One exporter a thread, kept for the next report (a preview's rebuild, a worker's next pack): a
    new one compiles its seven Jinja templates again. Jinja still reads a template again if its
    file changes.

    The page is rendered by TemplateExporter.from_notebook_node, not HTMLExporter's: that one then
    parses the whole page again with BeautifulSoup to give pictures without alt text a placeholder
    (every picture in a report has its own) and to make notebook cells focusable (the template has
    none), which made the export several times slower (bench/RESULTS.md)."""
    from nbconvert import TemplateExporter

    exporter = getattr(_exporters, "exporter", None)
    if exporter is None:
        exporter = _exporters.exporter = report_exporter()
    body, _ = TemplateExporter.from_notebook_node(
        exporter, report, resources={"metadata": {"name": report.metadata["title"]}}
    )
    return body


def report_exporter():
    """nbconvert's HTML exporter on sefbook's template, set up once through its public methods:
    the templates compiled once for every process (a bytecode cache), and the two filters
    HTMLExporter.from_notebook_node would register on each export registered here instead (a
    report has no code to highlight and no widgets, so neither depends on the notebook)."""
    from nbconvert import HTMLExporter
    from nbconvert.filters import DataTypeFilter
    from nbconvert.filters.highlight import Highlight2HTML

    exporter = HTMLExporter(
        template_name="sefbook",
        extra_template_basedirs=[str(PACKAGE_DIR / "templates")],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    # nbconvert makes its Jinja environment again only if the template settings change, never after this
    exporter.environment.bytecode_cache = compiled_templates()
    exporter.register_filter("highlight_code", Highlight2HTML(parent=exporter))
    exporter.register_filter("filter_data_type", DataTypeFilter(parent=exporter))
    return exporter


class Rewording(NamedTuple):
    """A cell of the joined report whose one HTML output was rendered again: its id, and the HTML
    before and after."""

    cell: str
    before: str
    after: str


_CELL = '<div id="cell-id='  # how the export begins a cell
_HTML_OUTPUT = 'data-mime-type="text/html">\n'  # and what comes just before an HTML output's own text


def with_words_again(page: str, front_matter: str, rewordings: Sequence[Rewording]) -> str | None:
    """`page`, a report export_html made, with each rewording's HTML in place of the one before:
    the page export_html would make from the parts as they are now, without nbconvert. None unless
    each reworded cell is laid out exactly as the export lays out the front matter's, a cell of one
    HTML output (each then differs from it only in its id and that output), and is there once."""
    front = _cell(page, FRONT_MATTER)
    if front is None:
        return None
    head, found, tail = page[front[0] : front[1]].partition(_HTML_OUTPUT + front_matter)
    if not found or not head.startswith(_opening(FRONT_MATTER)) or _CELL in tail:
        return None
    head = head.removeprefix(_opening(FRONT_MATTER))  # the cell's wrapping after its id, up to its output
    places = []
    for rewording in rewordings:
        if (place := _cell(page, rewording.cell)) is None:
            return None
        places.append((*place, rewording))
    pieces, at = [], 0
    for start, end, rewording in sorted(places):
        laid_out = _opening(rewording.cell) + head + _HTML_OUTPUT
        if start < at or page[start:end] != laid_out + rewording.before + tail:
            return None
        pieces += [page[at:start], laid_out, rewording.after, tail]
        at = end
    return "".join([*pieces, page[at:]])


def _opening(cell: str) -> str:
    return f'{_CELL}{cell}"'


def _cell(page: str, cell: str) -> tuple[int, int] | None:
    """Where the cell of this id begins in the page and where the next one does; None unless it
    is there once and a cell follows it."""
    start = page.find(_opening(cell))
    if start < 0 or page.find(_opening(cell), start + 1) >= 0:
        return None
    end = page.find(_CELL, start + len(_opening(cell)))
    return (start, end) if end >= 0 else None
