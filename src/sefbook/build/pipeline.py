"""The build's story: validate, execute the report's parts, join them, export, move into place.

    up_to_date(last manifest)                       # nothing changed: stop here, in well under a second
    inputs   = load_inputs(edition, data)           # every check, before any kernel starts
    parts    = report_parts(inputs)                 # the one ordered list of the report's parts
    reuse parts whose inputs are unchanged          # build/cache.py: keyed by what each part reads
    run_notebooks(jobs)                             # papermill on warm kernels, in parallel
    report   = join_parts(front matter, executed)   # outputs only, in the parts' order
    html     = export_html(report)                  # nbconvert with sefbook's template
    publish(staging, output/<report name>)          # only now is the last good report replaced

Everything is written to a staging folder beside the destination first, so a failed build
leaves the previous report exactly as it was.
"""

from __future__ import annotations

import errno
import itertools
import os
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

from sefbook.build.cache import PartCache, PartKey, build_record, figures_key, part_keys
from sefbook.build.freshness import (FIGURES_FILE, MANIFEST_FILE, REPORT_FILE, current, edition_request,
                                     output_root as _output_root, pack_request)
from sefbook.build.export import CONVERTERS, check_tools
from sefbook.build.join import export_html, join_parts, prepare_export
from sefbook.build.kernels import Job, KernelPool, default_workers, run_notebooks
from sefbook.build.provenance import write_figures, write_manifest
from sefbook.build.words import render_words_again
from sefbook.errors import InputError, OutputError
from sefbook.inputs.load import Inputs, load_inputs, load_pack_inputs
from sefbook.paths import DEFAULT_DATA, notebooks_folder, resolve
from sefbook.render.pages import front_matter_html, report_title
from sefbook.render.parts import Part, report_parts

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    report: Path
    manifest: Path
    seconds: float
    steps: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)  # parts whose kept output was used (inputs unchanged)
    reworded: list[str] = field(default_factory=list)  # sections whose words alone changed: rendered here, no kernel
    up_to_date: bool = False  # nothing changed since the last good report: nothing was built


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
          period: str = "", fresh: bool = False, progress: Progress = lambda message: None,
          kernels: KernelPool | None = None, returns: str | Path | None = None) -> BuildResult:
    """Build an edition's self-evaluation into <output>/<edition>/report.html (and .pdf, .docx);
    with `period` (such as '2025-Q2'), its quarterly performance report into <edition>-<period>/.
    Parts whose inputs have not changed are reused, and a report whose inputs have not changed
    at all is left as it is (`fresh` builds everything again). `kernels`: a pool kept warm by the
    caller (the preview, rebuilding on every save), else one of its own."""
    timer = _Timer()
    returns = resolve(returns) if returns else None
    request = edition_request(edition_dir, data_dir, notebooks_dir, formats, period, returns)
    if not fresh and (report := current(request, output_dir, formats, progress)):
        return _unchanged(report)
    with _kernels(notebooks_dir, kernels) as kernels, timer("validate"):
        inputs = load_inputs(resolve(edition_dir), request.data, period=period, returns=returns)
    parameters = {"edition": str(inputs.edition.folder), "data_dir": str(inputs.data_dir), "la_code": "",
                  "period": period, "returns": str(returns or "")}
    return _build(inputs, parameters, timer, output_dir, notebooks_dir, workers, formats, progress, request.options,
                  fresh, kernels)


def build_pack(la_code: str, *, data_dir: str | Path, output_dir: str | Path | None = None,
               notebooks_dir: str | Path | None = None, workers: int | None = None,
               formats: tuple[str, ...] = ("html",), strict: bool = False, fresh: bool = False,
               progress: Progress = lambda message: None, kernels: KernelPool | None = None) -> BuildResult:
    """Build a data-only benchmarking pack for any council into <output>/pack-<old code>/. An
    indicator whose file cannot be read is left out and said so; with `strict`, it stops the pack.
    `kernels`: a pool kept warm by the caller (a worker building many packs), else one of its own."""
    timer = _Timer()
    request = pack_request(la_code, data_dir, notebooks_dir, formats, strict)
    if not fresh and (report := current(request, output_dir, formats, progress)):
        return _unchanged(report)
    with _kernels(notebooks_dir, kernels) as kernels, timer("validate"):
        inputs = load_pack_inputs(la_code, request.data, strict=strict)
    parameters = {"edition": "", "data_dir": str(inputs.data_dir), "la_code": inputs.edition.config.old_la_code,
                  "period": "", "returns": ""}
    return _build(inputs, parameters, timer, output_dir, notebooks_dir, workers, formats, progress, request.options,
                  fresh, kernels)


@contextmanager
def _kernels(notebooks_dir: str | Path | None, given: KernelPool | None = None) -> Iterator[KernelPool]:
    """A kernel started (and warmed up) while the inputs are checked: the first notebook need not
    wait for one. If the check fails, the kernel is stopped with it."""
    pool = given or KernelPool(cwd=notebooks_folder(notebooks_dir))
    if given is None:
        pool.prestart()
    try:
        yield pool
    except BaseException:
        pool.close()
        raise


def _unchanged(report: Path) -> BuildResult:
    return BuildResult(report=report, manifest=report.with_name(MANIFEST_FILE), seconds=0.0, up_to_date=True)


def _build(inputs: Inputs, parameters: dict[str, str], timer: _Timer, output_dir: str | Path | None,
           notebooks_dir: str | Path | None, workers: int | None, formats: tuple[str, ...],
           progress: Progress, options: dict[str, object], fresh: bool, kernels: KernelPool) -> BuildResult:
    try:
        return _execute_and_publish(inputs, parameters, timer, output_dir, notebooks_dir, workers, formats, progress,
                                    options, fresh, kernels)
    finally:
        kernels.close()  # also when nothing needed running, or a check after validation failed


def _execute_and_publish(inputs: Inputs, parameters: dict[str, str], timer: _Timer, output_dir: str | Path | None,
                         notebooks_dir: str | Path | None, workers: int | None, formats: tuple[str, ...],
                         progress: Progress, options: dict[str, object], fresh: bool,
                         kernels: KernelPool) -> BuildResult:
    started = time.perf_counter() - sum(timer.steps.values())
    check_tools(formats)
    if inputs.absent:
        progress(f"{len(inputs.absent)} indicators not shown: their publications are not in the data folder "
                 f"({', '.join(inputs.absent)})")
    for indicator, reason in inputs.left_out.items():
        progress(f"left out {indicator}: {reason}")
    parts = report_parts(inputs)
    notebooks = _notebooks(parts, notebooks_folder(notebooks_dir))
    output_root = _output_root(output_dir)
    progress(f"Checked {inputs.name}: {len(inputs.edition.section_names)} sections, "
             f"{inputs.table['indicator'].nunique()} indicators, {len(inputs.table):,} data rows")

    staging = _staging(output_root, inputs.name)
    try:
        jobs = [Job(part.name, notebook, staging / "notebooks" / f"{part.name}.ipynb", {**parameters, **part.parameters})
                for part, notebook in zip(parts, notebooks)]
        (staging / "notebooks").mkdir()
        titles, finished = {part.name: part.title for part in parts}, itertools.count(1)
        cache = PartCache(output_root, inputs.name)
        with timer("cache"):
            keys = part_keys(inputs, parts, notebooks, parameters)
        reused = [] if fresh else [job.name for job in jobs if cache.fetch(job.name, keys[job.name], job.output)]
        for name in reused:
            progress(f"[{next(finished)}/{len(jobs)}] {titles[name]}: unchanged, reused")
        reworded = [] if fresh else [job.name for job in jobs if job.name not in reused and _reword(job, keys, cache, timer)]
        for name in reworded:
            progress(f"[{next(finished)}/{len(jobs)}] {titles[name]}: words changed, rendered again in "
                     f"{timer.steps[f'section {name}']:.1f} s (table and charts unchanged)")

        def done(job: Job, seconds: float) -> None:
            timer.steps[f"section {job.name}"] = round(seconds, 3)
            cache.keep(job.name, keys[job.name], job.output)
            progress(f"[{next(finished)}/{len(jobs)}] {titles[job.name]}: done in {seconds:.1f} s")

        # nbconvert imported (0.3 s) while the notebooks run rather than after them: this process
        # only waits on its kernels meanwhile (cold builds 3.7-4.3 s without, 3.5-3.8 s with, here)
        threading.Thread(target=prepare_export, name="sefbook-export-import", daemon=True).start()
        with timer("execute"):
            run_notebooks([job for job in jobs if job.name not in reused + reworded], default_workers(workers), done,
                          kernels)
        with timer("join and export"):
            report, warnings = join_parts(front_matter_html(inputs), [job.output for job in jobs], report_title(inputs))
            (staging / REPORT_FILE).write_text(export_html(report), encoding="utf-8")
            cache.file(FIGURES_FILE, figures_key(inputs), staging / FIGURES_FILE, partial(write_figures, inputs=inputs),
                       fresh)
        for fmt in formats:
            if fmt in CONVERTERS:
                with timer(f"export {fmt}"):
                    CONVERTERS[fmt](staging / REPORT_FILE, (staging / REPORT_FILE).with_suffix(f".{fmt}"))
                progress(f"Exported {fmt}")
        for warning in warnings:
            progress(f"warning: {warning}")
        steps = dict(timer.steps)
        write_manifest(staging / MANIFEST_FILE, inputs, notebooks, steps, build_record(inputs, notebooks, options))
        destination = output_root / inputs.name
        publish(staging, destination)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if exc.errno in CANNOT_WRITE:
            raise OutputError(exc.filename or output_root, CANNOT_WRITE[exc.errno]) from None
        raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    seconds = round(time.perf_counter() - started, 2)
    return BuildResult(report=destination / REPORT_FILE, manifest=destination / MANIFEST_FILE,
                       seconds=seconds, steps=steps, warnings=warnings, reused=reused, reworded=reworded)


def _reword(job: Job, keys: dict[str, PartKey], cache: PartCache, timer: _Timer) -> bool:
    """A section whose words alone changed since its kept output: its opening rendered here
    (build/words.py) and the result kept; False if it must run on a kernel."""
    with timer(f"section {job.name}"):
        if not (cache.fetch_with_other_words(job.name, keys[job.name], job.output)
                and render_words_again(job.output, job.parameters)):
            return False
        cache.keep(job.name, keys[job.name], job.output)
    return True


CANNOT_WRITE = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
                errno.EROFS: "the file system is read-only", errno.EACCES: "no permission to write there",
                errno.EPERM: "no permission to write there"}


def _staging(output_root: Path, name: str) -> Path:
    """A new staging folder beside the destination, named with this process's id. Staging
    folders left by a build that was killed outright (SIGKILL, a power cut: its process is gone)
    are cleared first; another build of the same report still running keeps its own."""
    try:
        output_root.mkdir(parents=True, exist_ok=True)
        if not output_root.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(output_root))
        for stale in output_root.glob(f".{name}.building-*"):
            if stale.is_dir() and not _running(stale.name.removeprefix(f".{name}.building-").split("-")[0]):
                shutil.rmtree(stale, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{name}.building-{os.getpid()}-", dir=output_root))
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in (output_root, *output_root.parents) if p.exists() and not p.is_dir()), output_root)
        where = "is a file" if blocker == output_root else f"is under {blocker}, which is a file"
        raise OutputError(output_root, f"{where}, not a folder (--output names the folder reports go in)") from None
    except OSError as exc:
        if exc.errno in CANNOT_WRITE:
            raise OutputError(output_root, CANNOT_WRITE[exc.errno]) from None
        raise
    staging.chmod(0o755)  # mkdtemp makes it private; the published report is for readers
    return staging


def _running(pid: str) -> bool:
    """Whether the process that made a staging folder is still alive."""
    if not pid.isdigit():
        return False  # not named by a process: left by an older sefbook
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, under another user
    return True


def _notebooks(parts: list[Part], notebooks_dir: Path) -> list[Path]:
    paths = []
    for part in parts:
        path = notebooks_dir / part.notebook
        if not path.exists():
            raise InputError(path, "notebook not found", expected=f"a notebook for {part.title.lower()!r}")
        paths.append(path)
    return paths


def publish(staging: Path, destination: Path) -> None:
    """Replace the destination with the staged build, keeping the old one until the swap is done."""
    previous = destination.with_name(f".{destination.name}.previous")
    if previous.exists() and not destination.exists():
        previous.rename(destination)  # a build killed mid-swap: its last good report comes back first
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
