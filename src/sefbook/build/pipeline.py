"""The build: validate, execute the section notebooks, join them, export, move into place.

    inputs   = load_inputs(edition, data)            # every check, before any kernel starts
    executed = execute_sections(...)                 # papermill, sections in parallel
    report   = join_sections(front matter, executed) # outputs only, in the edition's order
    html     = export_html(report)                   # nbconvert with sefbook's template
    publish(staging, output/<edition>)               # only now is the last good report replaced

Everything is written to a staging folder beside the destination first, so a failed build
leaves the previous report exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import queue
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterator

import nbformat

from sefbook.errors import InputError, NotebookError
from sefbook.build.export import CONVERTERS, check_tools
from sefbook.build.provenance import write_figures
from sefbook.inputs.load import Inputs, load_inputs, load_pack_inputs
from sefbook.paths import DEFAULT_DATA, NOTEBOOKS_DIR_NAME, PACKAGE_DIR, project_root, resolve
from sefbook.inputs.registry import REGISTRY_FILE
from sefbook.inputs.sections import CHANGES, HEADLINES, IMPROVEMENT, PARTS, PLAN, SECTIONS, Section
from sefbook.render.view import front_matter_html, report_title

Progress = Callable[[str], None]
REPORT_FILE = "report.html"
MANIFEST_FILE = "manifest.json"
FIGURES_FILE = "figures.csv"
RECORDED_PACKAGES = ("sefbook", "pandas", "matplotlib", "papermill", "nbconvert", "nbformat",
                     "ipykernel", "pyyaml", "pydantic", "markdown-it-py", "jinja2")


@dataclass
class BuildResult:
    report: Path
    manifest: Path
    seconds: float
    steps: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class _Timer:
    """Records how long each named step takes, for the manifest."""

    def __init__(self) -> None:
        self.steps: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.steps[name] = round(time.perf_counter() - start, 3)


def build(edition_dir: str | Path, *, data_dir: str | Path = DEFAULT_DATA, output_dir: str | Path | None = None,
          notebooks_dir: str | Path | None = None, workers: int | None = None, formats: tuple[str, ...] = ("html",),
          period: str = "", progress: Progress = lambda message: None) -> BuildResult:
    """Build an edition's self-evaluation into <output>/<edition>/report.html (and .pdf, .docx);
    with `period` (such as '2025-Q2'), its quarterly performance report into <edition>-<period>/."""
    timer = _Timer()
    with timer("validate"):
        inputs = load_inputs(resolve(edition_dir), resolve(data_dir), period=period)
    parameters = {"edition": str(inputs.edition.folder), "data_dir": str(inputs.data_dir), "la_code": "",
                  "period": period}
    return _build(inputs, parameters, timer, output_dir, notebooks_dir, workers, formats, progress)


def build_pack(la_code: str, *, data_dir: str | Path, output_dir: str | Path | None = None,
               notebooks_dir: str | Path | None = None, workers: int | None = None,
               formats: tuple[str, ...] = ("html",), progress: Progress = lambda message: None) -> BuildResult:
    """Build a data-only benchmarking pack for any council into <output>/pack-<old code>/."""
    timer = _Timer()
    with timer("validate"):
        inputs = load_pack_inputs(la_code, resolve(data_dir))
    for indicator, reason in inputs.table.attrs.get("missing", {}).items():
        progress(f"left out {indicator}: {reason}")
    parameters = {"edition": "", "data_dir": str(inputs.data_dir), "la_code": inputs.edition.config.old_la_code,
                  "period": ""}
    return _build(inputs, parameters, timer, output_dir, notebooks_dir, workers, formats, progress)


def _build(inputs: Inputs, parameters: dict[str, str], timer: "_Timer", output_dir: str | Path | None,
           notebooks_dir: str | Path | None, workers: int | None, formats: tuple[str, ...],
           progress: Progress) -> BuildResult:
    started = time.perf_counter() - sum(timer.steps.values())
    check_tools(formats)
    root = project_root()
    notebooks = _section_notebooks(inputs, resolve(notebooks_dir) if notebooks_dir else root / NOTEBOOKS_DIR_NAME)
    output_root = Path(output_dir).resolve() if output_dir else root / "output"
    edition = inputs.edition
    progress(f"Checked {edition.name}: {len(edition.section_names)} sections, "
             f"{inputs.table['indicator'].nunique()} indicators, {len(inputs.table):,} data rows")

    output_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{edition.name}.building-", dir=output_root))
    staging.chmod(0o755)  # mkdtemp makes it private; the published report is for readers
    try:
        with timer("execute"):
            executed = execute_sections(notebooks, staging / "notebooks", parameters, workers, progress, timer)
        with timer("join and export"):
            report, warnings = join_sections(front_matter_html(inputs), executed, report_title(inputs))
            (staging / REPORT_FILE).write_text(export_html(report), encoding="utf-8")
            write_figures(staging / FIGURES_FILE, inputs)
        for fmt in formats:
            if fmt in CONVERTERS:
                with timer(f"export {fmt}"):
                    CONVERTERS[fmt](staging / REPORT_FILE, (staging / REPORT_FILE).with_suffix(f".{fmt}"))
                progress(f"Exported {fmt}")
        for warning in warnings:
            progress(f"warning: {warning}")
        steps = dict(timer.steps)
        write_manifest(staging / MANIFEST_FILE, inputs, notebooks, steps)
        destination = output_root / (edition.name + (f"-{inputs.period}" if inputs.period else ""))
        publish(staging, destination)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    seconds = round(time.perf_counter() - started, 2)
    return BuildResult(report=destination / REPORT_FILE, manifest=destination / MANIFEST_FILE,
                       seconds=seconds, steps=steps, warnings=warnings)


def report_parts(inputs: Inputs) -> list[Section]:
    """The report's parts in order: headlines, what changed, the sections, plan, improvement."""
    c = inputs.edition.config
    return [HEADLINES, *([CHANGES] if c.previous_edition and not inputs.period else []),
            *(SECTIONS[name] for name in inputs.edition.section_names),
            *([PLAN] if c.plan else []), *([IMPROVEMENT] if c.areas_for_improvement else [])]


def _section_notebooks(inputs: Inputs, notebooks_dir: Path) -> list[Path]:
    paths = []
    for part in report_parts(inputs):
        path = notebooks_dir / part.notebook
        if not path.exists():
            raise InputError(path, "notebook not found", expected=f"a notebook for {part.title.lower()!r}")
        paths.append(path)
    return paths


def _title(notebook: Path) -> str:
    return {**SECTIONS, **PARTS}[notebook.stem].title


def execute_sections(notebooks: list[Path], out_dir: Path, parameters: dict[str, str], workers: int | None,
                     progress: Progress, timer: _Timer) -> list[Path]:
    """Run each section notebook with papermill's Python API.

    A few kernels are started once and each runs several notebooks in turn (a warm kernel has
    pandas and matplotlib imported already), with the kernels working in parallel. Each notebook
    sets everything it uses in its own cells, and the tests run each one alone as well.
    """
    out_dir.mkdir(parents=True)
    workers = max(1, min(len(notebooks), workers or max(2, os.cpu_count() or 2)))
    todo: queue.SimpleQueue[Path] = queue.SimpleQueue()
    for notebook in notebooks:
        todo.put(notebook)
    done: dict[Path, Path] = {}
    finished: queue.SimpleQueue[tuple[Path, float]] = queue.SimpleQueue()

    def worker() -> None:
        try:
            kernel = _WarmKernel(cwd=notebooks[0].parent)
        except Exception as exc:  # a scheduled job gets exit status 1 and this line, not a traceback
            _drain(todo)
            raise NotebookError("(no notebook: the python3 kernel)", None, f"could not start: {exc}") from exc
        # Imported only now, while the kernel boots: papermill is slow to import (its notebook
        # validation loads jsonschema's format checkers) and only the build needs it.
        import papermill
        try:
            while True:
                try:
                    notebook = todo.get_nowait()
                except queue.Empty:
                    return
                output, start = out_dir / notebook.name, time.perf_counter()
                try:
                    declared = papermill.inspect_notebook(str(notebook))  # pass only what it takes
                    papermill.execute_notebook(str(notebook), str(output),
                                               parameters={k: v for k, v in parameters.items() if k in declared},
                                               kernel_name="python3", progress_bar=False, log_output=False,
                                               km=kernel.manager)
                except Exception as exc:
                    _drain(todo)  # one failure fails the build: start no more notebooks
                    if isinstance(exc, papermill.PapermillExecutionError):
                        # papermill's cell index counts its injected parameters cell; report the source's.
                        cell = _source_cell_number(output, exc.cell_index)
                        raise NotebookError(notebook.name, cell, f"{exc.ename}: {exc.evalue}") from None
                    raise NotebookError(notebook.name, None, f"{type(exc).__name__}: {exc}") from exc
                done[notebook] = output
                finished.put((notebook, time.perf_counter() - start))
        finally:
            kernel.shutdown()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(worker) for _ in range(workers)]
        for n in range(1, len(notebooks) + 1):
            while True:
                try:
                    notebook, seconds = finished.get(timeout=0.1)
                    break
                except queue.Empty:
                    failed = next((f for f in futures if f.done() and f.exception()), None)
                    if failed:
                        raise failed.exception()
            timer.steps[f"section {notebook.stem}"] = round(seconds, 3)
            progress(f"[{n}/{len(notebooks)}] {_title(notebook)}: done in {seconds:.1f} s")
        for future in futures:
            future.result()
    return [done[nb] for nb in notebooks]


def _drain(todo: queue.SimpleQueue) -> None:
    while True:
        try:
            todo.get_nowait()
        except queue.Empty:
            return


class _WarmKernel:
    """One python3 kernel, started once and used for several notebooks."""

    def __init__(self, cwd: Path) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self._run_sync = run_sync
        self.manager = AsyncKernelManager(kernel_name="python3")
        # the kernel's own start-up notices are not the report's business; errors still show
        run_sync(self.manager.start_kernel)(cwd=str(cwd), extra_arguments=["--IPKernelApp.log_level=ERROR"])

    def shutdown(self) -> None:
        self._run_sync(self.manager.shutdown_kernel)(now=True)


def _source_cell_number(executed: Path, cell_index: int) -> int:
    """1-based number of the failing cell in the notebook as an analyst sees it."""
    try:
        cells = nbformat.read(executed, as_version=4).cells
        injected = sum(1 for c in cells[:cell_index] if "injected-parameters" in c.metadata.get("tags", []))
        return cell_index - injected + 1
    except Exception:  # the executed copy may be unreadable after a crash; the raw index still helps
        return cell_index + 1


def join_sections(front_matter: str, executed: list[Path], title: str) -> tuple[nbformat.NotebookNode, list[str]]:
    """One notebook holding the front matter and each section's displayed outputs, in order.

    Only rich display outputs are kept. Text a cell printed to stderr (a warning) is not part of
    the report: it is returned so the build can show it."""
    report = nbformat.v4.new_notebook(metadata={"title": title})
    report.cells.append(_html_cell(front_matter))
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
                report.cells.append(nbformat.v4.new_code_cell(outputs=outputs))
    return report, warnings


def _html_cell(html: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", data={"text/html": html})])


def export_html(report: nbformat.NotebookNode) -> str:
    """nbconvert with sefbook's own template: outputs only, no code, no prompts, no scripts."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="sefbook", extra_template_basedirs=[str(PACKAGE_DIR / "templates")],
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(report, resources={"metadata": {"name": report.metadata["title"]}})
    return body


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(path: Path, inputs: Inputs, notebooks: list[Path], steps: dict[str, float]) -> None:
    files = [*inputs.edition.input_files(), *map(Path, inputs.table.attrs.get("files_read", [])),
             REGISTRY_FILE, *notebooks]
    versions = {}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    manifest = {
        "edition": inputs.edition.name,
        "title": inputs.edition.title,
        "status": inputs.edition.config.status,
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "packages": versions,
        "inputs": [{"path": str(f.resolve()), "sha256": _sha256(f)} for f in files],
        "steps_seconds": steps,
    }
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def publish(staging: Path, destination: Path) -> None:
    """Replace the destination with the staged build, keeping the old one until the swap is done."""
    previous = destination.with_name(f".{destination.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if destination.exists():
        destination.rename(previous)
    try:
        staging.rename(destination)
    except BaseException:
        if previous.exists() and not destination.exists():
            previous.rename(destination)
        raise
    shutil.rmtree(previous, ignore_errors=True)
