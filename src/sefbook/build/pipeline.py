"""The build's story: validate, execute the report's parts, join them, export, move into place.

    up_to_date(last manifest)                       # nothing changed: stop here, in well under a second
    inputs   = load_inputs(edition, data)           # every check, before any kernel starts
    parts    = report_parts(inputs)                 # the one ordered list of the report's parts
    reuse parts whose inputs are unchanged          # build/cache.py: keyed by what each part reads
    run_notebooks(jobs)                             # papermill on warm kernels, in parallel
    report   = join_parts(front matter, executed)   # outputs only, in the parts' order
    html     = export_html(report)                  # nbconvert with sefbook's template
    manifest                                        # every file read, and the report's outline
    publish(staging, output/<report name>)          # only now is the last good report replaced

Everything is written to a staging folder beside the destination first, so a failed build
leaves the previous report exactly as it was. When only the edition's words changed since the
last good report, the command line first tries build/words.py, which rebuilds the report from
the outline this build kept, without the data or a kernel.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from sefbook.build.cache import PartCache, PartKey
from sefbook.build.excel import write_tables
from sefbook.build.export import check_tools
from sefbook.build.freshness import (
    FIGURES_FILE,
    MANIFEST_FILE,
    REPORT_FILE,
    TABLES_FILE,
    Snapshot,
    before_reading,
    edition_request,
    last_build,
    output_root,
    pack_request,
    unchanged,
)
from sefbook.build.join import assemble, prepare_export
from sefbook.build.kernels import Job, KernelPool, default_workers, run_notebooks
from sefbook.build.keys import build_record, figures_key, input_files, part_keys, previous_files, read_files
from sefbook.build.lock import build_lock
from sefbook.build.manifest import write_manifest
from sefbook.build.outline import Outline, PartOutline
from sefbook.build.provenance import write_figures
from sefbook.build.result import BuildResult, Progress, Timer
from sefbook.build.staging import publish, staged
from sefbook.build.words import render_words_again
from sefbook.errors import InputError
from sefbook.inputs.load import Inputs, load_inputs, load_pack_inputs
from sefbook.paths import DEFAULT_DATA, notebooks_folder, resolve
from sefbook.render.pages import front_matter, report_title
from sefbook.render.parts import SECTION_NOTEBOOK, Part, report_parts
from sefbook.render.prose import front_matter_html


def build(
    edition_dir: str | Path,
    *,
    data_dir: str | Path = DEFAULT_DATA,
    output_dir: str | Path | None = None,
    notebooks_dir: str | Path | None = None,
    workers: int | None = None,
    formats: tuple[str, ...] = ("html",),
    period: str = "",
    fresh: bool = False,
    progress: Progress = lambda message: None,
    kernels: KernelPool | None = None,
    returns: str | Path | None = None,
) -> BuildResult:
    """Build an edition's self-evaluation into <output>/<edition>/report.html (and .pdf, .docx);
    with `period` (such as '2025-Q2'), its quarterly performance report into <edition>-<period>/.
    Parts whose inputs have not changed are reused, and a report whose inputs have not changed
    at all is left as it is (`fresh` builds everything again). `kernels`: a pool kept warm by the
    caller (the preview, rebuilding on every save), else one of its own. One build of a report
    at a time: another build of it waits (build/lock.py)."""
    timer = Timer()
    returns = resolve(returns) if returns else None
    request = edition_request(edition_dir, data_dir, notebooks_dir, formats, period, returns)
    with build_lock(output_dir, request.name, progress):
        last = last_build(request, output_dir, formats)  # also with `fresh`: its digests are taken before reading
        if not fresh and (report := unchanged(request, output_dir, last, progress)):
            return _unchanged(report)
        snapshot = before_reading(request, output_dir, last, resolve(edition_dir))
        with _kernels(notebooks_dir, kernels) as pool, timer("validate"):
            inputs = load_inputs(resolve(edition_dir), request.data, period=period, returns=returns)
            for warning in inputs.edition.warnings:  # a child's personal data in the words (inputs/personal.py)
                progress(f"warning: {warning}")
        parameters = {
            "edition": str(inputs.edition.folder),
            "data_dir": str(inputs.data_dir),
            "la_code": "",
            "period": period,
            "returns": str(returns or ""),
        }
        return _build(
            inputs,
            parameters,
            timer,
            output_dir,
            notebooks_dir,
            workers,
            formats,
            progress,
            request.options,
            fresh,
            pool,
            snapshot,
        )


def build_pack(
    la_code: str,
    *,
    data_dir: str | Path,
    output_dir: str | Path | None = None,
    notebooks_dir: str | Path | None = None,
    workers: int | None = None,
    formats: tuple[str, ...] = ("html",),
    strict: bool = False,
    fresh: bool = False,
    progress: Progress = lambda message: None,
    kernels: KernelPool | None = None,
) -> BuildResult:
    """Build a data-only benchmarking pack for any council into <output>/pack-<old code>/. An
    indicator whose file cannot be read is left out and said so; with `strict`, it stops the pack.
    `kernels`: a pool kept warm by the caller (a worker building many packs), else one of its own."""
    timer = Timer()
    request = pack_request(la_code, data_dir, notebooks_dir, formats, strict)
    with build_lock(output_dir, request.name, progress):
        last = last_build(request, output_dir, formats)
        if not fresh and (report := unchanged(request, output_dir, last, progress)):
            return _unchanged(report)
        snapshot = before_reading(request, output_dir, last)
        with _kernels(notebooks_dir, kernels) as pool, timer("validate"):
            inputs = load_pack_inputs(la_code, request.data, strict=strict)
        parameters = {
            "edition": "",
            "data_dir": str(inputs.data_dir),
            "la_code": inputs.edition.config.old_la_code,
            "period": "",
            "returns": "",
        }
        return _build(
            inputs,
            parameters,
            timer,
            output_dir,
            notebooks_dir,
            workers,
            formats,
            progress,
            request.options,
            fresh,
            pool,
            snapshot,
        )


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


def _build(
    inputs: Inputs,
    parameters: dict[str, str],
    timer: Timer,
    output_dir: str | Path | None,
    notebooks_dir: str | Path | None,
    workers: int | None,
    formats: tuple[str, ...],
    progress: Progress,
    options: dict[str, object],
    fresh: bool,
    kernels: KernelPool,
    snapshot: Snapshot,
) -> BuildResult:
    try:
        return _execute_and_publish(
            inputs,
            parameters,
            timer,
            output_dir,
            notebooks_dir,
            workers,
            formats,
            progress,
            options,
            fresh,
            kernels,
            snapshot,
        )
    finally:
        kernels.close()  # also when nothing needed running, or a check after validation failed


def _execute_and_publish(
    inputs: Inputs,
    parameters: dict[str, str],
    timer: Timer,
    output_dir: str | Path | None,
    notebooks_dir: str | Path | None,
    workers: int | None,
    formats: tuple[str, ...],
    progress: Progress,
    options: dict[str, object],
    fresh: bool,
    kernels: KernelPool,
    snapshot: Snapshot,
) -> BuildResult:
    """`snapshot`: the input files' digests taken before they were read; a part is kept for reuse,
    and a file recorded as read, only if nothing read changed meanwhile (else the next build
    reads it again)."""
    started = time.perf_counter() - sum(timer.steps.values())
    check_tools(formats)
    if inputs.absent:
        progress(
            f"{len(inputs.absent)} indicators not shown: their publications are not in the data folder "
            f"({', '.join(inputs.absent)})"
        )
    for indicator, reason in inputs.left_out.items():
        progress(f"left out {indicator}: {reason}")
    for note in inputs.notes:
        progress(f"note: {note}")
    parts = report_parts(inputs)
    notebooks = _notebooks(parts, notebooks_folder(notebooks_dir))
    snapshot.take(input_files(inputs, notebooks))  # those the edition folder and the last report did not hold
    root = output_root(output_dir)
    progress(
        f"Checked {inputs.name}: {len(inputs.edition.section_names)} sections, "
        f"{inputs.table['indicator'].nunique()} indicators, {len(inputs.table):,} data rows"
    )

    with staged(root, inputs.name) as staging:
        jobs = [
            Job(part.name, notebook, staging / "notebooks" / f"{part.name}.ipynb", {**parameters, **part.parameters})
            for part, notebook in zip(parts, notebooks)
        ]
        (staging / "notebooks").mkdir()
        titles, finished = {part.name: part.title for part in parts}, itertools.count(1)
        cache = PartCache(root, inputs.name, progress)
        with timer("cache"):
            keys = part_keys(inputs, parts, notebooks, parameters)
        reused = [] if fresh else [job.name for job in jobs if cache.fetch(job.name, keys[job.name], job.output)]
        for name in reused:
            progress(f"[{next(finished)}/{len(jobs)}] {titles[name]}: unchanged, reused")
        reworded = (
            []
            if fresh
            else [
                job.name
                for job in jobs
                if job.name not in reused and _reword(job, inputs, keys, cache, timer, snapshot)
            ]
        )
        for name in reworded:
            progress(
                f"[{next(finished)}/{len(jobs)}] {titles[name]}: words changed, rendered again in "
                f"{timer.steps[f'section {name}']:.1f} s (table and charts unchanged)"
            )

        def done(job: Job, seconds: float) -> None:
            timer.steps[f"section {job.name}"] = round(seconds, 3)
            if snapshot.steady():  # its key says what it read
                cache.keep(job.name, keys[job.name], job.output)
            progress(f"[{next(finished)}/{len(jobs)}] {titles[job.name]}: done in {seconds:.1f} s")

        # nbconvert imported while the notebooks run rather than after them: this process only
        # waits on its kernels meanwhile
        threading.Thread(target=prepare_export, name="sefbook-export-import", daemon=True).start()
        with timer("execute"):
            run_notebooks(
                [job for job in jobs if job.name not in reused + reworded], default_workers(workers), done, kernels
            )
        outline = _outline(inputs, parts, jobs, keys)
        with timer("figures"):
            cache.file(
                FIGURES_FILE,
                outline.figures,
                staging / FIGURES_FILE,
                partial(write_figures, inputs=inputs),
                fresh,
                keep=snapshot.steady(),
            )
        with timer("tables"):  # the same figures for a spreadsheet: made from the same inputs, kept under the same key
            cache.file(
                TABLES_FILE,
                outline.figures,
                staging / TABLES_FILE,
                partial(write_tables, inputs=inputs),
                fresh,
                keep=snapshot.steady(),
            )
        warnings = assemble(
            staging,
            front_matter_html(outline.front_matter),
            [job.output for job in jobs],
            outline.title,
            formats,
            timer,
            progress,
        )
        steps = dict(timer.steps)
        write_manifest(
            staging / MANIFEST_FILE,
            edition=outline.edition,
            title=outline.edition_title,
            status=outline.status,
            files=[*inputs.edition.input_files(), *map(Path, outline.read)],
            steps=steps,
            build=build_record(inputs, notebooks, options, outline.to_record(), snapshot),
            digests=snapshot.digests,
        )
        destination = root / inputs.name
        publish(staging, destination)
    seconds = round(time.perf_counter() - started, 2)
    return BuildResult(
        report=destination / REPORT_FILE,
        manifest=destination / MANIFEST_FILE,
        seconds=seconds,
        steps=steps,
        warnings=warnings,
        reused=reused,
        reworded=reworded,
    )


def _outline(inputs: Inputs, parts: list[Part], jobs: list[Job], keys: dict[str, PartKey]) -> Outline:
    """What this report is made of, for a rebuild of its words alone (build/outline.py)."""
    return Outline(
        kind=inputs.kind,
        title=report_title(inputs),
        front_matter=front_matter(inputs),
        parts=[
            PartOutline(
                job.name,
                part.title,
                str(job.notebook),
                job.parameters,
                part.notebook == SECTION_NOTEBOOK,
                keys[job.name].rest,
                keys[job.name].words,
            )
            for part, job in zip(parts, jobs)
        ],
        figures=figures_key(inputs),
        read=[str(f) for f in read_files(inputs, [job.notebook for job in jobs])],
        previous=[str(f) for f in previous_files(inputs)],
        edition=inputs.edition.name or inputs.name,  # a pack has no edition folder
        edition_title=inputs.edition.title,
        status=inputs.edition.config.status,
    )


def _reword(
    job: Job, inputs: Inputs, keys: dict[str, PartKey], cache: PartCache, timer: Timer, snapshot: Snapshot
) -> bool:
    """A section whose words alone changed since its kept output: its words rendered here
    (build/words.py) and the result kept; False if it must run on a kernel."""
    with timer(f"section {job.name}"):
        if not (
            job.notebook.name == SECTION_NOTEBOOK
            and cache.fetch_with_other_words(job.name, keys[job.name], job.output)
            and render_words_again(job.output, job.name, inputs.edition, inputs.kind)
        ):
            return False
        if snapshot.steady():
            cache.keep(job.name, keys[job.name], job.output)
    return True


def _notebooks(parts: list[Part], notebooks_dir: Path) -> list[Path]:
    paths = []
    for part in parts:
        path = notebooks_dir / part.notebook
        if not path.exists():
            raise InputError(path, "notebook not found", expected=f"a notebook for {part.title.lower()!r}")
        paths.append(path)
    return paths
