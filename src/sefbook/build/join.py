"""Joining the executed parts into one report notebook, and exporting it as one HTML page."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import nbformat

from sefbook.paths import PACKAGE_DIR


def join_parts(front_matter: str, executed: list[Path], title: str) -> tuple[nbformat.NotebookNode, list[str]]:
    """One notebook holding the front matter and each part's displayed outputs, in order.

    Only rich display outputs are kept. Text a cell printed to stderr (a warning) is not part of
    the report: it is returned so the build can show it. Cells are named after their part
    ('care_leavers-2'), not at random, so the same inputs give the same HTML."""
    report = nbformat.v4.new_notebook(metadata={"title": title})
    report.cells.append(html_cell(front_matter, "front-matter"))
    warnings: list[str] = []
    for path in executed:
        nb = nbformat.read(path, as_version=4)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or {"parameters", "injected-parameters"} & set(cell.metadata.get("tags", [])):
                continue
            outputs = []
            for output in cell.outputs:
                if output.output_type in ("display_data", "execute_result"):
                    outputs.append(output)
                elif output.output_type == "stream" and output.text.strip():
                    warnings.append(f"{path.name} cell {index + 1} printed to {output.name}: {output.text.strip()[:300]}")
            if outputs:
                report.cells.append(nbformat.v4.new_code_cell(outputs=outputs, id=f"{path.stem}-{index + 1}"))
    return report, warnings


def html_cell(html: str, cell_id: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", data={"text/html": html})],
                                     id=cell_id)


def export_html(report: nbformat.NotebookNode) -> str:
    """nbconvert with sefbook's own template: outputs only, no code, no prompts, no scripts."""
    exporter = _report_exporter()(
        template_name="sefbook", extra_template_basedirs=[str(PACKAGE_DIR / "templates")],
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(report, resources={"metadata": {"name": report.metadata["title"]}})
    return body


def prepare_export() -> None:
    """Import nbconvert ahead of the export (a build does so while its notebooks run)."""
    _report_exporter()


@cache
def _report_exporter() -> type:
    """nbconvert's HTML exporter without its last pass, which parses the whole page again with
    BeautifulSoup to give pictures without alt text a placeholder (every picture in a report has
    its own) and to make notebook cells focusable (a report has none to step through): two thirds
    of the export's time for a pack's few hundred charts."""
    from nbconvert import HTMLExporter, TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):  # noqa: ANN001, ANN003, ANN202 - nbconvert's signature
            language = nb.metadata.get("language_info", {})
            lexer = language.get("pygments_lexer", language.get("name", None))
            self.register_filter("highlight_code", self.filters.get("highlight_code",
                                                                    Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata,
                                                                           parent=self, resources=resources))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return ReportExporter
