"""A section whose words alone changed: its narrative cell rendered again in the build's process.

The section notebook loads its view, then shows the section's opening (heading, key facts,
narrative, quotes), its performance table and its charts. The table and the charts read the
data, never the words. So when a section's narrative, the pictures it shows or its quotes are
all that changed (build/cache.py keeps the words apart in a part's key), the kept notebook's
table and charts are the ones a kernel would show again, and only the opening is new. This
module renders it with the very calls the notebook's cells make and puts it in place of the
old one: no kernel starts, and an edited paragraph is in the report in under a second.

Only the notebook as sefbook ships it qualifies (SECTION_CELLS: a test keeps this in step with
notebooks/section.ipynb). If a council changed its cells, or rendering warns or fails, the part
runs on a kernel as usual. tests/test_cache.py compares such a build's HTML with a fresh one's.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import nbformat

from sefbook.notebook import load_section

# The section notebook's code cells after its parameters, as shipped: the opening is the second.
SECTION_CELLS = (
    "from sefbook.notebook import load_section, show_charts, show_narrative, show_performance_table\n\n"
    "view = load_section(section, edition, data_dir, la_code, period, number, returns=returns)",
    "show_narrative(view)",
    "show_performance_table(view)",
    "show_charts(view)",
)
_SKIPPED = {"parameters", "injected-parameters"}
# Warnings a kernel does not show for a cell that calls a library (Python's default filters),
# among them an unclosed resource of something else, found by the garbage collector meanwhile
_NOT_SHOWN = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)


def render_words_again(executed: Path, parameters: dict[str, object]) -> bool:
    """Render the opening of the kept section notebook `executed` (in place) from `parameters`,
    the ones papermill was given. False, leaving the file to be executed afresh, if the notebook
    is not the one sefbook ships or the opening cannot be rendered here just as a kernel would."""
    nb = nbformat.read(executed, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code" and not _SKIPPED & set(c.metadata.get("tags", []))]
    if tuple(c.source.strip() for c in cells) != SECTION_CELLS:
        return False
    outputs = cells[1].outputs
    if len(outputs) != 1 or outputs[0].output_type != "display_data" or "text/html" not in outputs[0].data:
        return False
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            view = load_section(str(parameters["section"]), str(parameters["edition"]), str(parameters["data_dir"]),
                                str(parameters["la_code"]), str(parameters["period"]), int(parameters["number"]),
                                returns=str(parameters["returns"]))
            opening = view.opening_html()
    except Exception:  # noqa: BLE001 - the kernel runs it, and says what is wrong as it always does
        return False
    if any(not issubclass(w.category, _NOT_SHOWN) for w in warned):
        return False  # a kernel would print it under the cell, and the build would pass it on: let it
    outputs[0].data["text/html"] = opening
    nbformat.write(nb, executed)
    return True
