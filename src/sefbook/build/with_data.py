"""A build with the data (build/pipeline.py plans when one is needed): validate, execute the
report's parts, join them, export, move into place.

    inputs   = load_inputs(edition, data)           # every check, before any kernel starts
    parts    = report_parts(inputs)                 # the one ordered list of the report's parts
    reuse parts whose inputs are unchanged          # sefbook/cache.py: keyed by what each part reads
    run_notebooks(jobs)                             # papermill on warm kernels, in parallel
    report   = join_parts(front matter, executed)   # outputs only, in the parts' order
    html     = export_html(report)                  # nbconvert with sefbook's template
    manifest                                        # every file read, and the report's outline
    publish(staging, output/<report name>)          # only now is the last good report replaced

Everything is written to a staging folder beside the destination first, so a failed build
leaves the previous report exactly as it was. Every input's digest is taken once, before it is
read (build/freshness.py's Snapshot): the parts' keys and the manifest use those.
"""

from __future__ import annotations

import itertools
import time
import uuid
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from sefbook.build.excel import write_tables
from sefbook.build.export import check_tools
from sefbook.build.freshness import (
    FIGURES_FILE,
    MANIFEST_FILE,
    REPORT_FILE,
    TABLES_FILE,
    BuildPlan,
    Snapshot,
    output_root,
)
from sefbook.build.imports import import_now
from sefbook.build.join import assemble
from sefbook.build.kernels import Job, KernelPool, default_workers, run_notebooks
from sefbook.build.keys import build_record, figures_key, input_files, part_keys, previous_files, read_files
from sefbook.build.manifest import write_manifest
from sefbook.build.outline import Outline, PartOutline
from sefbook.build.provenance import write_figures
from sefbook.build.result import BuildResult, Progress, Timer
from sefbook.build.staging import publish, staged
from sefbook.build.words import render_words_again
from sefbook.cache import PartCache, PartKey
from sefbook.digests import file_digest
from sefbook.errors import InputError
from sefbook.inputs.edition.contents import Edition
from sefbook.inputs.load import Inputs, load_inputs, load_pack_inputs
from sefbook.notebook import share_reading
from sefbook.paths import notebooks_folder, resolve
from sefbook.render.pages import front_matter, report_title
from sefbook.render.parts import SECTION_NOTEBOOK, Part, report_parts
from sefbook.render.prose import front_matter_html

READING_FILE = "inputs.pickle"  # in the staging folder while the parts run: the build's checked inputs


@dataclass(frozen=True)
class _Run:
    """One build in progress: its plan, its inputs (validated), and what it runs them with."""

    plan: BuildPlan
    inputs: Inputs
    parameters: dict[str, object]  # what papermill gives every part
    timer: Timer
    progress: Progress
    kernels: KernelPool
    snapshot: Snapshot  # the input files' digests, taken before they were read


def build_everything(
    plan: BuildPlan, progress: Progress, kernels: KernelPool, snapshot: Snapshot, edition: Edition | None
) -> BuildResult:
    """A plan's build with the data: validate, run the parts that changed, join, export, publish.
    `snapshot` and `edition` are build/pipeline.py's read_edition: the digests taken before reading,
    and the edition already checked (None for a pack). `kernels` are closed when it is done (unless
    the pool is kept for the next build)."""
    request, timer = plan.request, Timer()
    try:
        returns = resolve(request.returns) if request.returns else None
        with timer("validate"):
            if edition is None:
                inputs = load_pack_inputs(request.la_code, plan.target.data, strict=request.strict)
            else:
                inputs = load_inputs(edition, plan.target.data, period=request.period, returns=returns)
                for warning in inputs.edition.warnings:  # personal data in the words (inputs/edition/personal.py)
                    progress(f"warning: {warning}")
        parameters: dict[str, object] = {
            "edition": "" if request.is_pack else str(inputs.edition.folder),
            "data_dir": str(inputs.data_dir),
            "la_code": inputs.edition.config.old_la_code if request.is_pack else "",
            "period": request.period,
            "returns": "" if request.is_pack else str(returns or ""),
        }
        return _execute_and_publish(_Run(plan, inputs, parameters, timer, progress, kernels, snapshot))
    finally:
        kernels.close()  # also when nothing needed running, or a check failed


def _execute_and_publish(run: _Run) -> BuildResult:
    """A part is kept for reuse, and a file recorded as read, only if nothing read changed since
    its digest was taken (else the next build reads it again)."""
    inputs, request, timer, progress, snapshot = run.inputs, run.plan.request, run.timer, run.progress, run.snapshot
    started = time.perf_counter() - sum(timer.steps.values())
    check_tools(request.formats)
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
    notebooks = _notebooks(parts, notebooks_folder(request.notebooks_dir))
    snapshot.take(input_files(inputs, notebooks))  # those the edition folder and the last report did not hold
    root = output_root(request.output_dir)
    progress(
        f"Checked {inputs.name}: {len(inputs.edition.section_names)} sections, "
        f"{inputs.table['indicator'].nunique()} indicators, {len(inputs.table):,} data rows"
    )

    with staged(root, inputs.name) as staging:
        build = uuid.uuid4().hex
        jobs = [
            Job(
                part.name,
                notebook,
                staging / "notebooks" / f"{part.name}.ipynb",
                {**run.parameters, **part.parameters},
                build,
            )
            for part, notebook in zip(parts, notebooks)
        ]
        (staging / "notebooks").mkdir()
        titles, finished = {part.name: part.title for part in parts}, itertools.count(1)
        cache = PartCache(root, inputs.name, progress)
        with timer("cache"):
            keys = part_keys(inputs, parts, notebooks, run.parameters, snapshot.digests)
        reused = (
            [] if request.fresh else [job.name for job in jobs if cache.fetch(job.name, keys[job.name], job.output)]
        )
        for name in reused:
            progress(f"[{next(finished)}/{len(jobs)}] {titles[name]}: unchanged, reused")
        reworded = (
            []
            if request.fresh
            else [job.name for job in jobs if job.name not in reused and _reword(job, run, keys[job.name], cache)]
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

        outline = _outline(inputs, parts, jobs, keys, snapshot.digests)
        to_run = [job for job in jobs if job.name not in reused + reworded]
        if to_run:  # the kernels load the inputs checked here rather than read them again
            reading = staging / READING_FILE
            share_reading(reading, inputs, run.parameters)
            to_run = [replace(job, reading=str(reading)) for job in to_run]
        # figures.csv and tables.xlsx made while the notebooks run (this process only waits on its
        # kernels meanwhile), then nbconvert imported for the export: after the first part started,
        # not on the way to it
        files = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sefbook-figures")
        made = files.submit(_figure_files, run, cache, staging, outline.figures)
        files.submit(import_now, "nbconvert")
        try:
            with timer("execute"):
                run_notebooks(to_run, default_workers(request.workers), done, run.kernels)
        finally:
            files.shutdown(wait=True)  # a failed build removes its staging folder: not while a file is written there
            (staging / READING_FILE).unlink(missing_ok=True)  # the kernels' alone: never published
        for name in made.result():  # the same figures for a spreadsheet: kept under the same key
            if snapshot.steady():
                cache.keep_file(name, outline.figures, staging / name)
        warnings = assemble(
            staging,
            front_matter_html(outline.front_matter),
            [job.output for job in jobs],
            outline.title,
            request.formats,
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
            build=build_record(
                inputs,
                notebooks,
                run.plan.target.options,
                outline.to_record(),
                snapshot,
                report=file_digest(staging / REPORT_FILE),
            ),
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


def _outline(
    inputs: Inputs, parts: list[Part], jobs: list[Job], keys: dict[str, PartKey], known: Mapping[str, str]
) -> Outline:
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
        figures=figures_key(inputs, known),
        read=[str(f) for f in read_files(inputs, [job.notebook for job in jobs])],
        previous=[str(f) for f in previous_files(inputs)],
        edition=inputs.edition.name or inputs.name,  # a pack has no edition folder
        edition_title=inputs.edition.title,
        status=inputs.edition.config.status,
    )


def _figure_files(run: _Run, cache: PartCache, staging: Path, key: str) -> list[str]:
    """figures.csv and tables.xlsx in the staging folder: copied from the ones kept for `key`, else
    made from the inputs. The names of those made, for the cache to keep once the build knows
    that no input changed while it ran."""
    made = []
    for name, write in ((FIGURES_FILE, write_figures), (TABLES_FILE, write_tables)):
        with run.timer(name.split(".")[0]):
            if run.plan.request.fresh or not cache.fetch_file(name, key, staging / name):
                write(staging / name, inputs=run.inputs)
                made.append(name)
    return made


def _reword(job: Job, run: _Run, key: PartKey, cache: PartCache) -> bool:
    """A section whose words alone changed since its kept output: its words rendered here
    (build/words.py) and the result kept; False if it must run on a kernel."""
    with run.timer(f"section {job.name}"):
        if not (
            job.notebook.name == SECTION_NOTEBOOK
            and cache.fetch_with_other_words(job.name, key, job.output)
            and isinstance(run.inputs.edition, Edition)
            and render_words_again(job.output, job.name, run.inputs.edition, run.inputs.kind)
        ):
            return False
        if run.snapshot.steady():
            cache.keep(job.name, key, job.output)
    return True


def _notebooks(parts: list[Part], notebooks_dir: Path) -> list[Path]:
    paths = []
    for part in parts:
        path = notebooks_dir / part.notebook
        if not path.exists():
            raise InputError(path, "notebook not found", expected=f"a notebook for {part.title.lower()!r}")
        paths.append(path)
    return paths
