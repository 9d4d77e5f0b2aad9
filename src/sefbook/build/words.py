"""An edit to the words alone: the sections' words rendered again, without a kernel and without
the data.

The section notebook shows the section's opening (heading, key facts, narrative, quotes), its
performance table and its charts. Only the narrative and the quotes come from the words; the
heading, the key facts, the table and the charts come from the rest (sef.yml, the registry, the
data), and sefbook/cache.py keys a part's words apart from the rest. So when a section's words
alone changed, its kept notebook still holds all the rest, and only the words are new: its
narrative cell says in its output's metadata where the words begin (notebook.narrative_output),
and `render_words_again` renders them (render/prose.py, the very functions the notebook calls)
and puts them in place.

Two ways in:

- **A build with the data** (build/with_data.py) that finds a section's words changed renders them so.
- **`rebuild_words`**, a build planned as words alone (build/freshness.py's plan_build: the files
  changed since the last good report are words only): it reads the edition and the last
  report's outline (build/outline.py), never the data, and so neither imports pandas nor
  starts a kernel. If a part other than a section reads the words that changed (the headlines
  read the responses, "what changed" the checklist of last year's plans), or anything it needs
  was not kept, it says so by returning None and the build runs as usual.

Only the notebook as sefbook ships it qualifies (SECTION_CELLS: a test keeps this in step with
notebooks/section.ipynb). If a council changed its cells, or rendering warns or fails, the part
runs on a kernel. tests/test_cache.py compares such builds' HTML with a fresh build's.
"""

from __future__ import annotations

import json
import time
import warnings
from pathlib import Path
from typing import Any

from sefbook.build.export import check_tools
from sefbook.build.freshness import (
    FIGURES_FILE,
    MANIFEST_FILE,
    REPORT_FILE,
    TABLES_FILE,
    BuildPlan,
    before_reading,
    output_root,
    record,
)
from sefbook.build.join import (
    Rewording,
    assemble,
    assemble_page,
    cell_id,
    notebook_text,
    shown_cells,
    with_words_again,
)
from sefbook.build.manifest import write_manifest
from sefbook.build.outline import Outline, words_read
from sefbook.build.result import BuildResult, Progress, Timer
from sefbook.build.staging import publish, staged
from sefbook.cache import PartCache, PartKey
from sefbook.digests import bytes_digest, file_digest
from sefbook.domain import ReportKind
from sefbook.inputs.edition.contents import Edition
from sefbook.inputs.edition.read import load_edition
from sefbook.paths import resolve
from sefbook.render.prose import OPENING, WORDS_FROM, front_matter_html, section_words_html

# The section notebook's code cells after its parameters, as shipped: the opening is the second.
SECTION_CELLS = (
    (
        "from sefbook.notebook import load_section, show_charts, show_narrative, show_performance_table\n\n"
        "view = load_section(section, edition, data_dir, la_code, period, number, returns=returns)"
    ),
    "show_narrative(view)",
    "show_performance_table(view)",
    "show_charts(view)",
)
# Warnings a kernel does not show for a cell that calls a library (Python's default filters),
# among them an unclosed resource of something else, found by the garbage collector meanwhile
_NOT_SHOWN = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)


def render_words_again(executed: Path, section: str, edition: Edition, kind: ReportKind) -> Rewording | None:
    """Render the words of section `section` in its kept notebook `executed` (in place) from
    `edition`: the opening's cell in the joined report, and its HTML before and after. None,
    leaving the file to be executed afresh, if the notebook is not the one sefbook ships or its
    words cannot be rendered here just as a kernel would.

    The notebook is read and written as JSON, as nbformat writes it (papermill wrote it so): one
    string changed in a notebook that was checked when it was written needs no nbformat."""
    nb = json.loads(executed.read_text(encoding="utf-8"))
    if nb.get("nbformat") != 4:
        return None
    cells = list(shown_cells(nb))
    if tuple(notebook_text(c["source"]).strip() for _, c in cells) != SECTION_CELLS:
        return None
    index, opening_cell = cells[1]
    outputs = opening_cell.get("outputs", [])
    if len(outputs) != 1 or outputs[0].get("output_type") != "display_data" or "text/html" not in outputs[0]["data"]:
        return None
    opening = notebook_text(outputs[0]["data"]["text/html"])
    words_from = outputs[0].get("metadata", {}).get(OPENING, {}).get(WORDS_FROM)
    if not isinstance(words_from, int) or not 0 <= words_from <= len(opening):
        return None  # kept by an older sefbook, which did not say where the words begin
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            words = section_words_html(edition, section, kind)
    except Exception:  # noqa: BLE001 - any failure means: run the notebook instead
        return None
    if any(not issubclass(w.category, _NOT_SHOWN) for w in warned):
        return None  # a kernel would print it under the cell, and the build would pass it on: let it
    again = opening[:words_from] + words
    outputs[0]["data"]["text/html"] = again.splitlines(keepends=True)  # line by line, as nbformat writes text
    executed.write_text(json.dumps(nb, **_AS_NBFORMAT_WRITES) + "\n", encoding="utf-8")
    return Rewording(cell_id(executed, index), opening, again)


# nbformat.v4.writes's JSON: sorted keys, one space of indent, text as it is (tests/test_words.py compares)
_AS_NBFORMAT_WRITES: dict[str, Any] = {"indent": 1, "sort_keys": True, "separators": (",", ": "), "ensure_ascii": False}


def rebuild_words(plan: BuildPlan, progress: Progress) -> BuildResult | None:
    """The report built again after its words alone changed (`plan.last`: the last good report
    against the files now), from its outline, its kept parts and the edition; None (nothing
    written) where it needs a kernel or anything the last build did not keep: then the build
    runs as usual. The digests recorded are those `plan.last` took before anything was read; a
    part is kept for reuse only if nothing read changed meanwhile. The caller holds the lock."""
    request, last = plan.request, plan.last
    output_dir, formats = request.output_dir, request.formats
    started, timer = time.perf_counter(), Timer()
    snapshot = before_reading(plan.target, output_dir, last, resolve(request.edition))
    root = output_root(output_dir)
    destination = plan.destination
    try:
        kept = json.loads((destination / MANIFEST_FILE).read_text(encoding="utf-8"))["build"]
        listings, outline = kept["listings"], Outline.from_record(kept.get("outline"))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if outline is None:
        return None  # built by an older sefbook
    with timer("validate"):
        edition = load_edition(
            resolve(request.edition), require_narrative=outline.kind is not ReportKind.quarterly
        ).with_returns(resolve(request.returns) if request.returns else None)
    snapshot.take([*(f.resolve() for f in edition.input_files()), *outline.previous, *outline.read])  # any not taken
    words = {part.name: words_read(edition, part.name, part.section, snapshot.digests) for part in outline.parts}
    if any(not part.section and words[part.name] != part.words for part in outline.parts):
        return None  # the headlines or "what changed" read the words that changed: a kernel runs them
    check_tools(formats)
    cache = PartCache(root, plan.target.name, progress)
    with staged(root, plan.target.name) as staging:
        (staging / "notebooks").mkdir()
        said, reused, reworded, rewordings = [], [], [], []
        for n, part in enumerate(outline.parts, start=1):
            key, executed = PartKey(part.rest, words[part.name]), staging / "notebooks" / f"{part.name}.ipynb"
            if cache.fetch(part.name, key, executed):
                said.append(f"[{n}/{len(outline.parts)}] {part.title}: unchanged, reused")
                reused.append(part.name)
                continue
            with timer(f"section {part.name}"):
                rewording = (
                    render_words_again(executed, part.name, edition, outline.kind)
                    if part.section and cache.fetch_with_other_words(part.name, key, executed)
                    else None
                )
                if rewording is None:
                    return None  # not kept, or not as sefbook ships it: a kernel runs it
                if snapshot.steady():  # its key says what it read
                    cache.keep(part.name, key, executed)
            reworded.append(part.name)
            rewordings.append(rewording)
            said.append(
                f"[{n}/{len(outline.parts)}] {part.title}: words changed, rendered again in "
                f"{timer.steps[f'section {part.name}']:.1f} s (table and charts unchanged)"
            )
        if not all(cache.fetch_file(name, outline.figures, staging / name) for name in (FIGURES_FILE, TABLES_FILE)):
            return None
        for line in said:
            progress(line)
        for warning in edition.warnings:  # a child's personal data in the words (inputs/edition/personal.py)
            progress(f"warning: {warning}")
        notebooks = [staging / "notebooks" / f"{part.name}.ipynb" for part in outline.parts]
        front_matter = front_matter_html(outline.front_matter)
        page = _last_page(destination / REPORT_FILE, kept.get("report"))
        page = with_words_again(page, front_matter, rewordings) if page is not None else None
        if page is not None:  # the last page, its reworded openings replaced: no need of nbconvert
            warnings_ = assemble_page(staging, page, notebooks, formats, timer, progress)
        else:
            warnings_ = assemble(staging, front_matter, notebooks, outline.title, formats, timer, progress)
        own = [f.resolve() for f in edition.input_files()]
        build = record(
            [*own, *map(Path, outline.previous), *map(Path, outline.read)],
            plan.target.options,
            listings,
            outline.to_record(),
            snapshot,
            report=file_digest(staging / REPORT_FILE),
        )
        write_manifest(
            staging / MANIFEST_FILE,
            edition=outline.edition,
            title=outline.edition_title,
            status=outline.status,
            files=[*own, *map(Path, outline.read)],
            steps=timer.steps,
            build=build,
            digests=snapshot.digests,
        )
        publish(staging, destination)
    return BuildResult(
        report=destination / REPORT_FILE,
        manifest=destination / MANIFEST_FILE,
        seconds=round(time.perf_counter() - started, 2),
        steps=timer.steps,
        warnings=warnings_,
        reused=reused,
        reworded=reworded,
    )


def _last_page(report: Path, recorded: object) -> str | None:
    """The last good report's page, if it is the one its build recorded (not changed since)."""
    try:
        page = report.read_bytes()
    except OSError:
        return None
    if not isinstance(recorded, str) or bytes_digest(page) != recorded:
        return None
    try:
        return page.decode("utf-8")
    except UnicodeDecodeError:
        return None
