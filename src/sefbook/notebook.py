"""What notebooks call: the only sefbook module a notebook imports.

Each function loads and checks what its part needs (paths may be relative to the project root)
and displays the part's HTML. With `la_code`, a part is built for that council from published
data alone (a pack); with `period` (such as '2025-Q2'), for a quarterly performance report.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from sefbook.analysis.assess import derive
from sefbook.digests import folder_digests, folder_names
from sefbook.errors import InputError
from sefbook.inputs.edition.contents import Edition
from sefbook.inputs.edition.read import edition_folders
from sefbook.inputs.load import Inputs, load_inputs, load_pack_inputs, load_previous_inputs
from sefbook.inputs.published.reader import folder_files
from sefbook.inputs.published.registry import default_registry
from sefbook.paths import resolve
from sefbook.render.pages import (
    about_html,
    chart_annex_html,
    headlines_html,
    improvement_html,
    plan_html,
    what_changed_html,
)
from sefbook.render.prose import OPENING, WORDS_FROM
from sefbook.render.section import SectionView


def prepare() -> None:
    """What every part needs first, done before it is asked for (a build calls this in each
    kernel while it checks the inputs): pandas and the package imported, the registry read. The
    chart figures are made when a chart is first drawn, not here: a rebuild recalls its charts
    from the cache folder and draws none, so its kernels need not make them."""
    default_registry()


def _display_html(html: str, metadata: dict | None = None) -> None:
    from IPython.display import HTML, display  # only where a kernel shows it

    display(HTML(html), metadata=metadata)


def _inputs(edition: str, data_dir: str, la_code: str, period: str = "", returns: str = "") -> Inputs:
    if la_code:  # a data-only pack for any council in the data folder
        return pack_inputs_once(la_code, resolve(data_dir))
    return edition_inputs_once(resolve(edition), resolve(data_dir), period, resolve(returns) if returns else None)


def _own_copy(kept: Inputs) -> Inputs:
    """Inputs kept for several notebooks, with shallow copies of the tables: pandas copies on write,
    so a notebook that changes one changes only its own."""
    return replace(
        kept,
        table=kept.table.copy(deep=False),
        derived={
            name: value.copy(deep=False) if isinstance(value, pd.DataFrame) else value
            for name, value in kept.derived.items()
        },
    )


@dataclass
class _Kept:
    """A reading of the inputs kept in this kernel for the parts that ask for the same again."""

    request: tuple  # what was asked for, the registry's identity among it
    # what the folders it was read from held then (files' digests, folders' names); None for a
    # build's own reading (in_build), which a later build does not take
    contents: tuple | None
    build: str  # the build whose part read it or last found it current ("" outside a build)
    inputs: Inputs


# At most one reading of each kind: a worker's kernel goes on from one council's pack to the next
_KEPT: dict[str, _Kept] = {}
# The build whose parts this kernel runs now, as the build says before each (build/kernels.py); ""
# outside a build (JupyterLab, plain papermill)
_BUILD = {"id": ""}
# The build and file whose reading in_build last loaded
_SHARED_READING = {"build": "", "file": ""}


def in_build(build: str, reading: str = "") -> None:
    """Said by a build before each part it runs on this kernel. The parts of one build share one
    reading of the inputs without checking their folders again: the build's own (`reading`, the
    file share_reading wrote), else the one the first part of the build the kernel runs reads and
    checks by content, as any part outside a build does each time. A file written while the build
    runs is the build's to notice: it keeps no part it ran then for reuse, and records the file as
    changed, so that the next build reads it again (build/freshness.py)."""
    _BUILD["id"] = build
    if reading and _SHARED_READING != {"build": build, "file": reading}:
        with open(reading, "rb") as file:
            parameters, inputs = pickle.load(file)
        kind, request = _request(**parameters)
        _KEPT[kind] = _Kept(request, None, build, inputs)  # no contents: the next build reads again
        _SHARED_READING.update(build=build, file=reading)


def share_reading(path: Path, inputs: Inputs, parameters: Mapping[str, object]) -> None:
    """Write a build's inputs, checked and with their comparisons worked out, for its kernels: each
    loads them once (in_build) rather than read and compare the data again. `parameters`: what the
    build gives every part (edition, data_dir, la_code, period, returns)."""
    derive(inputs)
    # without what the comparisons read of the whole table (`shared`, most of a pack's reading): spent once worked out
    done = replace(inputs, shared={})
    with path.open("wb") as file:
        _ReadingPickler(file, protocol=pickle.HIGHEST_PROTOCOL).dump((dict(parameters), done))


class _ReadingPickler(pickle.Pickler):
    """The indicators' registry is the package's own in every process: named, not copied (each
    process reads its own, once)."""

    def reducer_override(self, obj: object) -> Any:  # a reduction, or NotImplemented: pickle's own way
        if obj is default_registry():
            return default_registry, ()
        return NotImplemented


def _current(kind: str, request: tuple, contents: Callable[[], tuple | None]) -> Inputs | None:
    """The reading kept for `request`, if it is current: found so by an earlier part of this
    build, or its folders hold what they held when it was read. None when it must be read."""
    kept = _KEPT.get(kind)
    if kept is None or kept.request != request:
        return None
    if not (_BUILD["id"] and kept.build == _BUILD["id"]):
        if contents() != kept.contents:
            return None
        kept.build = _BUILD["id"]
    return _own_copy(kept.inputs)


def _keep(kind: str, request: tuple, contents: tuple | None, inputs: Inputs) -> Inputs:
    """`inputs`, kept for the parts that ask again if the folders' contents are known."""
    _KEPT.pop(kind, None)
    if contents is not None:
        _KEPT[kind] = _Kept(request, contents, _BUILD["id"], inputs)
    return _own_copy(inputs)


def _request(edition: str, data_dir: str, la_code: str = "", period: str = "", returns: str = "") -> tuple[str, tuple]:
    """The kind of reading a part asks for, and what it asks for (the registry's identity among it)."""
    registry = default_registry()
    data = str(resolve(data_dir).resolve())
    if la_code:  # a data-only pack for any council in the data folder
        return "pack", (str(la_code).strip(), data, id(registry))
    return "edition", (
        str(resolve(edition).resolve()),
        data,
        period,
        str(resolve(returns).resolve()) if returns else "",
        id(registry),
    )


def pack_inputs_once(la_code: str, data_dir: Path) -> Inputs:
    """The pack's inputs, every section's, with their comparisons computed: loaded and compared
    by the first of the pack's notebooks that asks, then shared (each caller its own copies, see
    _own_copy); a change to any file in the data folder loads them again."""
    _, request = _request("", str(data_dir), la_code)
    kept = _current("pack", request, lambda: folder_files(data_dir))
    if kept is not None:
        return kept
    files = folder_files(data_dir)
    return _keep("pack", request, files, derive(load_pack_inputs(la_code, data_dir, registry=default_registry())))


def edition_inputs_once(edition: Path, data_dir: Path, period: str = "", returns: Path | None = None) -> Inputs:
    """The edition's inputs, every section's and those its plan and areas for improvement name,
    checked as a build checks them and with their comparisons computed. Kept by the content of
    every folder they are read from (the edition's, the previous edition's, the returns', the
    data's), taken before the reading and found the same after it; read again when any changes."""
    _, request = _request(str(edition), str(data_dir), "", period, str(returns) if returns else "")
    kept = _current("edition", request, lambda: _contents(edition, data_dir, returns))
    if kept is not None:
        return kept
    before = _contents(edition, data_dir, returns)
    inputs = derive(load_inputs(edition, data_dir, period=period, returns=returns, registry=default_registry()))
    steady = before is not None and _contents(edition, data_dir, returns) == before  # nothing changed as it was read
    return _keep("edition", request, before if steady else None, inputs)


def _contents(edition: Path, data_dir: Path, returns: Path | None) -> tuple | None:
    """What every folder an edition's reading draws on holds (files' digests, folders' names); None
    when one cannot be read, or its sef.yml cannot (the reading then says why)."""
    try:
        folders = edition_folders(edition, returns)
        return tuple((str(f), folder_digests(f), folder_names(f)) for f in folders) + (
            (str(data_dir.resolve()), folder_files(data_dir)),
        )
    except (InputError, OSError):
        return None


def load_section(
    name: str, edition: str, data_dir: str, la_code: str = "", period: str = "", number: int = 0, returns: str = ""
) -> SectionView:
    """Load and check what one section needs. `number` is its number in the report (the build
    gives it: a pack shows only the sections it has figures for); 0 takes its place in the edition."""
    inputs = _inputs(edition, data_dir, la_code, period=period, returns=returns)
    if isinstance(inputs.edition, Edition):  # a pack shows the sections it has figures for: the build asks no other
        inputs.edition.check_listed([name])
    return SectionView(inputs.edition.section(name), inputs, number=int(number))


def show_narrative(view: SectionView) -> None:
    """The section's heading, its key facts, its narrative under the four headings, and its quotes."""
    _display_html(*narrative_output(view))


def narrative_output(view: SectionView) -> tuple[str, dict]:
    """The narrative cell's HTML and its output's metadata, which says where the words begin:
    a rebuild after an edit to the words alone keeps the lead (heading, key facts: from the
    data) and renders the rest again without reading the data (build/words.py)."""
    lead = view.lead_html()
    return lead + view.words_html(), {OPENING: {WORDS_FROM: len(lead)}}


def show_performance_table(view: SectionView) -> None:
    _display_html(view.performance_table_html())


def show_charts(view: SectionView) -> None:
    _display_html(view.charts_html())


def show_headlines(edition: str, data_dir: str, la_code: str = "", period: str = "", returns: str = "") -> None:
    """Every section's indicators compared and classified: the headlines page."""
    _display_html(headlines_html(_inputs(edition, data_dir, la_code, period=period, returns=returns)))


def show_plan(edition: str, data_dir: str, period: str = "", returns: str = "") -> None:
    """The plan on a page: ambitions, priorities, measures against targets, action progress."""
    _display_html(plan_html(_inputs(edition, data_dir, "", period=period, returns=returns)))


def show_improvement(edition: str, data_dir: str, period: str = "", returns: str = "") -> None:
    """The last inspection's areas for improvement, with response, impact and latest figures."""
    _display_html(improvement_html(_inputs(edition, data_dir, "", period=period, returns=returns)))


def show_changes(edition: str, data_dir: str, returns: str = "") -> None:
    """What changed since the previous edition (named in sef.yml)."""
    now = _inputs(edition, data_dir, "", returns=returns)
    before = load_previous_inputs(now)
    _display_html(what_changed_html(now, before))


def show_chart_annex(edition: str, data_dir: str, la_code: str = "", period: str = "", returns: str = "") -> None:
    """The charts annex: every section's charts, for an edition with `charts: annex`."""
    _display_html(chart_annex_html(_inputs(edition, data_dir, la_code, period=period, returns=returns)))


def show_about(edition: str, data_dir: str, la_code: str = "", period: str = "", returns: str = "") -> None:
    """About the figures: definitions, periods and sources; what was left out and why."""
    _display_html(about_html(_inputs(edition, data_dir, la_code, period=period, returns=returns)))
