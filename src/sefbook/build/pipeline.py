"""The build's one story: a request planned once, then executed.

    request = BuildRequest(edition or la_code, data, output, ...)   # what was asked for
    with the report's lock:
        plan = plan_build(request)   # the last good report against the inputs, each hashed once
        execute(plan)                # up to date: nothing; words alone: build/words.py;
                                     # else build/with_data.py

The request and the plan are build/freshness.py's, decided before any data is read: an
up-to-date report and an edit to the words alone need neither pandas nor a kernel. Light: the
command line imports this module before the build's heavier ones. `build` and `build_pack` are
the same story from Python (the preview, a pack's worker, the tests).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sefbook.build.freshness import MANIFEST_FILE, BuildPlan, BuildRequest, Snapshot, before_reading, plan_build
from sefbook.build.imports import import_ahead
from sefbook.build.lock import build_lock
from sefbook.build.result import BuildResult, Progress
from sefbook.paths import DEFAULT_DATA, resolve

if TYPE_CHECKING:
    from sefbook.build.kernels import KernelPool
    from sefbook.inputs.edition.contents import Edition


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
    request = BuildRequest(
        edition=edition_dir,
        data_dir=data_dir,
        output_dir=output_dir,
        notebooks_dir=notebooks_dir,
        workers=workers,
        formats=formats,
        period=period,
        returns=returns,
        fresh=fresh,
    )
    return run_build(request, progress, kernels)


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
    request = BuildRequest(
        la_code=la_code,
        data_dir=data_dir,
        output_dir=output_dir,
        notebooks_dir=notebooks_dir,
        workers=workers,
        formats=formats,
        strict=strict,
        fresh=fresh,
    )
    return run_build(request, progress, kernels)


def run_build(request: BuildRequest, progress: Progress, kernels: KernelPool | None = None) -> BuildResult:
    """Plan and execute a build, holding the report's lock (build/lock.py) throughout."""
    with build_lock(request.output_dir, request.target().name, progress):
        return execute(plan_build(request), progress, kernels)


def execute(plan: BuildPlan, progress: Progress, kernels: KernelPool | None = None) -> BuildResult:
    """Carry out a plan. `kernels`: a pool kept warm by the caller (the preview, a worker building
    many packs), else one of its own, started now: while the build's modules load and the inputs
    are checked, so that the first notebooks need not wait for them."""
    if plan.up_to_date and plan.last is not None:
        progress(
            f"Up to date: nothing has changed since the report was built ({plan.last.built_at}); "
            "--fresh builds it again"
        )
        return BuildResult(report=plan.report, manifest=plan.destination / MANIFEST_FILE, seconds=0.0, up_to_date=True)
    if plan.words_only:
        from sefbook.build.words import rebuild_words

        if (result := rebuild_words(plan, progress)) is not None:
            return result
    if kernels is not None:
        snapshot, edition = read_edition(plan)
        import_ahead("papermill")
        from sefbook.build.with_data import build_everything

        return build_everything(plan, progress, kernels, snapshot, edition)
    from sefbook.build.kernels import KernelPool
    from sefbook.paths import notebooks_folder

    own = KernelPool(cwd=notebooks_folder(plan.request.notebooks_dir))
    # One kernel starts while the inputs are checked, any others once they pass (run_notebooks): a
    # second start would only compete with the check, and a refused build starts one. Its launch
    # comes before the reading of sef.yml, which would hold back the launching thread.
    if not plan.words_only:  # words alone that could not be rebuilt so most likely need no kernel at all
        own.prestart(1, until_launched=True)
    try:
        snapshot, edition = read_edition(plan)
        import_ahead("papermill")  # the edition is sound: the build goes on to the data
        from sefbook.build.with_data import build_everything

        return build_everything(plan, progress, own, snapshot, edition)
    finally:
        own.shutdown()


def read_edition(plan: BuildPlan) -> tuple[Snapshot, Edition | None]:
    """The inputs' digests taken before they are read, and the edition read and checked (None for
    a pack): before the data and pandas are loaded, so that a fault in sef.yml or the words is
    refused in about a second, not after the data's."""
    request = plan.request
    folder = None if request.is_pack else resolve(request.edition)
    snapshot = before_reading(plan.target, request.output_dir, plan.last, folder)
    if folder is None:
        return snapshot, None
    from sefbook.inputs.edition.read import load_edition

    returns = resolve(request.returns) if request.returns else None
    return snapshot, load_edition(folder, require_narrative=not request.period, returns=returns)
