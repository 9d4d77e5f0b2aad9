"""Running notebooks on warm kernels: a few python3 kernels, each started once and used for
several notebooks in turn (a warm kernel has pandas and matplotlib imported already), working
in parallel. Papermill executes each notebook; the first failure stops the rest."""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import nbformat

from sefbook.errors import NotebookError

KERNEL = "(no notebook: the python3 kernel)"


@dataclass(frozen=True)
class Job:
    name: str  # the report part, for progress and timings
    notebook: Path
    output: Path  # where the executed copy is written
    parameters: dict[str, str]

    @property
    def label(self) -> str:
        """How a failure names it: 'plan.ipynb', or 'section.ipynb (leadership)'."""
        return self.notebook.name if self.notebook.stem == self.name else f"{self.notebook.name} ({self.name})"


# What every part notebook imports first: imported as soon as a kernel is up (while the build is
# still checking its inputs), so that the first notebook finds pandas and matplotlib loaded.
WARM_UP = "import sefbook.notebook; sefbook.notebook.prepare()"


class WarmKernel:
    """One python3 kernel, started once and used for several notebooks."""

    def __init__(self, cwd: Path) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self._run_sync = run_sync
        self.manager = AsyncKernelManager(kernel_name="python3")
        # the kernel's own start-up notices are not the report's business; errors still show
        run_sync(self.manager.start_kernel)(cwd=str(cwd), extra_arguments=["--IPKernelApp.log_level=ERROR"])
        self._warm_up()

    def _warm_up(self) -> None:
        """Import what the notebooks use, silently: no execution count taken, nothing in their
        outputs. A failure here is left for the notebook itself to meet and report."""
        client = self.manager.blocking_client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            client.execute_interactive(WARM_UP, silent=True, store_history=False, timeout=120,
                                       output_hook=lambda message: None)
        except Exception:  # noqa: BLE001 - the notebook will say what is wrong, with its cell
            pass
        finally:
            client.stop_channels()

    def shutdown(self) -> None:
        self._run_sync(self.manager.shutdown_kernel)(now=True)


class KernelPool:
    """Kernels started when first needed (at most one per worker thread) and lent out in turn.
    `prestart` starts one in the background while the build is still checking its inputs."""

    def __init__(self, cwd: Path, keep: bool = False) -> None:
        self._cwd = cwd
        self._keep = keep  # kept warm across builds (a worker building many packs): only shutdown() stops them
        self._idle: queue.SimpleQueue[WarmKernel] = queue.SimpleQueue()
        self._started: list[WarmKernel] = []
        self._lock = threading.Lock()
        self._starting: threading.Thread | None = None

    def prestart(self) -> None:
        def start() -> None:
            try:
                kernel = WarmKernel(self._cwd)
            except Exception:  # noqa: BLE001 - the first notebook starts its own and reports why it cannot
                return
            with self._lock:
                self._started.append(kernel)
            self._idle.put(kernel)

        self._starting = threading.Thread(target=start, name="sefbook-kernel-prestart", daemon=True)
        self._starting.start()

    def _wait_for_prestart(self) -> None:
        if self._starting is not None:
            self._starting.join()

    @contextmanager
    def kernel(self) -> Iterator[WarmKernel]:
        self._wait_for_prestart()  # the kernel on its way is sooner than a new one
        try:
            kernel = self._idle.get_nowait()
        except queue.Empty:
            try:
                kernel = WarmKernel(self._cwd)
            except Exception as exc:  # a scheduled job gets exit status 1 and this line, not a traceback
                raise NotebookError(KERNEL, None, f"could not start: {exc}") from exc
            with self._lock:
                self._started.append(kernel)
        try:
            yield kernel
        finally:
            self._idle.put(kernel)

    def close(self) -> None:
        """Stop the kernels at the end of a build (unless the pool is kept for the next one)."""
        if not self._keep:
            self.shutdown()

    def shutdown(self) -> None:
        self._wait_for_prestart()
        with self._lock:
            kernels, self._started = self._started, []
        for kernel in kernels:
            try:
                kernel.shutdown()
            except Exception:  # a kernel that has died already needs no stopping
                pass


def run_notebooks(jobs: list[Job], workers: int, on_done: Callable[[Job, float], None],
                  pool: KernelPool | None = None) -> None:
    """Execute every job, `workers` at a time; call `on_done` as each finishes. The first
    failure cancels the jobs not yet started and is raised as a NotebookError. The kernels (of
    `pool`, if one was started early) are stopped at the end."""
    if not jobs:
        if pool is not None:
            pool.close()
        return
    pool = pool or KernelPool(cwd=jobs[0].notebook.parent)
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(jobs)))) as executor:
            futures = {executor.submit(_execute, job, pool): job for job in jobs}
            try:
                for future in as_completed(futures):
                    on_done(futures[future], future.result())
            except BaseException:
                # Stop the kernels first, so that notebooks still running end now rather than
                # run to their end (Ctrl-C, SIGTERM or another notebook's failure).
                pool.close()
                executor.shutdown(wait=True, cancel_futures=True)
                raise
    finally:
        pool.close()


def _execute(job: Job, pool: KernelPool) -> float:
    with pool.kernel() as kernel:
        # Imported only now, while the kernel boots: papermill is slow to import (its notebook
        # validation loads jsonschema's format checkers) and only the build needs it.
        import papermill

        start = time.perf_counter()
        try:
            declared = papermill.inspect_notebook(str(job.notebook))  # pass only what it takes
            papermill.execute_notebook(str(job.notebook), str(job.output),
                                       parameters={k: v for k, v in job.parameters.items() if k in declared},
                                       kernel_name="python3", progress_bar=False, log_output=False,
                                       request_save_on_cell_execute=False,  # written once, at the end (or at the failing cell)
                                       km=kernel.manager)
        except papermill.PapermillExecutionError as exc:
            # papermill's cell index counts its injected parameters cell; report the source's.
            raise NotebookError(job.label, _source_cell_number(job.output, exc.cell_index),
                                f"{exc.ename}: {exc.evalue}") from None
        except Exception as exc:
            raise NotebookError(job.label, None, f"{type(exc).__name__}: {exc}") from exc
        return time.perf_counter() - start


def _source_cell_number(executed: Path, cell_index: int) -> int:
    """1-based number of the failing cell in the notebook as an analyst sees it."""
    try:
        cells = nbformat.read(executed, as_version=4).cells
        injected = sum(1 for c in cells[:cell_index] if "injected-parameters" in c.metadata.get("tags", []))
        return cell_index - injected + 1
    except Exception:  # the executed copy may be unreadable after a crash; the raw index still helps
        return cell_index + 1
