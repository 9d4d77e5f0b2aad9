"""Joining the executed parts into one report notebook, exporting it as one HTML page, and
converting that to the other formats asked for."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import nbformat

from sefbook.build.export import CONVERTERS
from sefbook.build.freshness import REPORT_FILE
from sefbook.build.result import Progress, Timer
from sefbook.paths import PACKAGE_DIR
from sefbook.render.templates import compiled_templates


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
    report = nbformat.v4.new_notebook(metadata={"title": title})
    report.cells.append(html_cell(front_matter, "front-matter"))
    warnings: list[str] = []
    for path in executed:
        nb = read_executed(path)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or {"parameters", "injected-parameters"} & set(cell.metadata.get("tags", [])):
                continue
            outputs = []
            for output in cell.outputs:
                if output.output_type in ("display_data", "execute_result"):
                    outputs.append(output)
                elif output.output_type == "stream" and output.text.strip():
                    warnings.append(
                        f"{path.name} cell {index + 1} printed to {output.name}: {output.text.strip()[:300]}"
                    )
            if outputs:
                report.cells.append(_output_cell(outputs, f"{path.stem}-{index + 1}"))
    return report, warnings


def read_executed(path: Path) -> nbformat.NotebookNode:
    """An executed part, as papermill wrote it (and nbformat checked it then): read without
    checking it against the schema again, which an edit's rebuild need not wait for."""
    with path.open(encoding="utf-8") as f:
        nb = json.load(f)
    if nb.get("nbformat") != 4:
        return nbformat.read(path, as_version=4)
    return nbformat.v4.nbjson.to_notebook(nb)  # as nbformat.read has it (lines joined), unchecked


def _output_cell(outputs: list, cell_id: str) -> nbformat.NotebookNode:
    """A code cell of outputs alone (nbconvert checks the whole report against the schema)."""
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


def prepare_export() -> None:
    """Import nbconvert ahead of the export (a build does so while its notebooks run)."""
    import nbconvert  # noqa: F401


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
