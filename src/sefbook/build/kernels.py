"""Running notebooks on warm kernels: a few python3 kernels, each started once and used for
several notebooks in turn (a warm kernel has pandas and matplotlib imported already), working
in parallel. Papermill executes each notebook; the first failure stops the rest."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sefbook.build.imports import import_now
from sefbook.digests import file_digest
from sefbook.errors import NotebookError

KERNEL = "(no notebook: the python3 kernel)"


def available_cpus() -> int:
    """The CPUs this process may use (its affinity mask, where the platform says), at least one."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def capped_workers(workers: int) -> int:
    """`workers`, but no more than the CPUs: each worker starts a kernel of its own, and more of
    them than CPUs only compete for the CPUs and fill the memory."""
    return max(1, min(workers, available_cpus()))


def default_workers(workers: int | None = None) -> int:
    """Notebooks run at once (each on its own kernel): as asked (no more than the CPUs), else one
    per CPU but one, at least one: the command itself keeps a CPU busy (it checks the inputs,
    writes the figure files, joins and exports while the kernels run), and a kernel more only
    competes with it, its start and warm-up costing more than the parts it would take over."""
    return capped_workers(workers) if workers else max(1, available_cpus() - 1)


@dataclass(frozen=True)
class Job:
    name: str  # the report part, for progress and timings
    notebook: Path
    output: Path  # where the executed copy is written
    parameters: dict[str, object]  # what papermill gives the notebook: text, and a section's number
    build: str = ""  # the build it is part of: its parts share one reading of the inputs (notebook.in_build)
    reading: str = ""  # the file holding that reading, written by the build (notebook.share_reading)

    @property
    def label(self) -> str:
        """How a failure names it: 'plan.ipynb', or 'section.ipynb (leadership)'."""
        return self.notebook.name if self.notebook.stem == self.name else f"{self.notebook.name} ({self.name})"


# What every part notebook imports first: imported as soon as a kernel is up (while the build is
# still checking its inputs), so that the first notebook finds pandas and matplotlib loaded.
WARM_UP = "import sefbook.notebook; sefbook.notebook.prepare()"
KERNEL_ARGUMENTS = [
    "--IPKernelApp.log_level=ERROR",  # the kernel's own start-up notices are not the report's business; errors show
    # no input history: nobody recalls a build's cells, and IPython would write each to a SQLite file in
    # the home folder, one file that every kernel running at once shares
    "--HistoryManager.enabled=False",
]
LAUNCH_SECONDS = 10  # the longest a build waits for its first kernel's launch before it reads its inputs
STOP_SECONDS = 5  # the longest a killed kernel is waited for in short steps (jupyter_client then waits its own way)


class StartCancelled(Exception):
    """A kernel stopped before it was ready, because its pool was shut down."""


class WarmKernel:
    """One python3 kernel, started once and used for several notebooks in turn.

    Everything said to the kernel goes through its own thread, and so through one event loop: a
    kernel client's sockets belong to the loop that made them, which lets the client be made
    once, connected and ready, and handed to papermill for every notebook. (papermill's own
    way makes a client per notebook and waits for its messages to settle each time.)"""

    def __init__(
        self, cwd: Path, cancelled: threading.Event | None = None, launched: threading.Event | None = None
    ) -> None:
        """Start the kernel and wait until it answers; `cancelled`, once set, stops that wait and
        the kernel (a build refused while its first kernel starts need not wait for it);
        `launched` is set once its process is launched (or could not be)."""
        import_now("jupyter_core.utils")
        from jupyter_core.utils import run_sync

        self._run_sync = run_sync
        self.build_said = ("", "")  # the build and reading notebook.in_build was last given here
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sefbook-kernel")
        self._thread.submit(self._start, cwd, cancelled or threading.Event(), launched or threading.Event()).result()

    def _start(self, cwd: Path, cancelled: threading.Event, launched: threading.Event) -> None:
        try:
            import_now("jupyter_client.kernelspec", "jupyter_client.manager", "jupyter_core.paths")
            from jupyter_client.kernelspec import KernelSpecManager
            from jupyter_client.manager import AsyncKernelManager
            from jupyter_core.paths import jupyter_path

            # the kernel folders named, as jupyter_client's default but for IPython's own
            # (~/.ipython/kernels), whose lookup imports IPython here, before the launch
            specs = KernelSpecManager(kernel_dirs=jupyter_path("kernels"))
            self.manager = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=specs)
            self._run_sync(self.manager.start_kernel)(cwd=str(cwd), extra_arguments=KERNEL_ARGUMENTS)
        finally:
            launched.set()
        self.client = self.manager.client()
        self.client.start_channels()
        try:
            self._run_sync(self._ready_unless)(cancelled, 60)
        except Exception:
            self.shutdown()
            raise
        self._warm_up()

    async def _ready_unless(self, cancelled: threading.Event, timeout: float) -> None:
        """_answering, given up as soon as `cancelled` is set (looked at every 20 ms: the wait
        itself listens for a second at a time)."""
        import asyncio

        ready = asyncio.ensure_future(self._answering(timeout))
        while not ready.done():
            if cancelled.is_set():
                ready.cancel()
                with suppress(asyncio.CancelledError):
                    await ready
                raise StartCancelled("stopped while it was starting")
            await asyncio.wait([ready], timeout=0.02)
        ready.result()

    async def _answering(self, timeout: float) -> None:
        """Wait until the kernel answers a kernel_info request on its shell channel and what it
        publishes reaches this client (a subscriber that joins late misses the first messages).
        jupyter_client's wait_for_ready, but for its last step: it then listens until the kernel
        has published nothing for 0.2 s, which the warm-up and a build's first part would wait
        for; nbclient passes over what answers requests it did not make."""
        from queue import Empty

        deadline = time.monotonic() + timeout
        while True:
            self.client.kernel_info()
            try:
                reply = await self.client.get_shell_msg(timeout=1)
            except Empty:
                reply = {}
            if reply.get("msg_type") == "kernel_info_reply":
                try:
                    await self.client.get_iopub_msg(timeout=0.2)
                    return
                except Empty:
                    pass  # not subscribed yet: asked again
            if not await self.manager.is_alive():
                raise RuntimeError("the kernel died before it answered")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the kernel did not answer in {timeout:.0f} s")

    def _warm_up(self) -> None:
        """Import what the notebooks use, silently: no execution count taken, nothing in their
        outputs. Sent, not waited for: the kernel runs it before the first notebook's cells, and
        papermill (nbclient) ignores replies to requests it did not make; a build refused
        meanwhile need not wait for it. A failure here is left for the notebook itself to meet."""
        self.client.execute(WARM_UP, silent=True, store_history=False)

    def run(self, work: Callable[[WarmKernel], float]) -> float:
        """Do `work` (which talks to this kernel) on the kernel's own thread, and wait for it."""
        return self._thread.submit(work, self).result()

    def shutdown(self) -> None:
        # Stopped from the caller's thread, at once: its own thread may be busy with a notebook
        # (Ctrl-C, another notebook's failure), which then ends as the kernel goes.
        try:
            self._run_sync(self._stop_now)()
        finally:
            self._thread.submit(self._close_client)  # after whatever the thread is doing now
            self._thread.shutdown(wait=False)

    async def _stop_now(self) -> None:
        """The kernel killed and waited for in steps of a few milliseconds, then jupyter_client's own
        shutdown, which finds it gone and cleans up at once (its own wait for a killed kernel looks
        every 0.1 s: most of a build's end)."""
        import asyncio

        if await self.manager.is_alive() and self.manager.provisioner is not None:
            await self.manager.provisioner.kill()
            deadline = time.monotonic() + STOP_SECONDS
            while await self.manager.is_alive() and time.monotonic() < deadline:
                await asyncio.sleep(0.002)
        await self.manager.shutdown_kernel(now=True)

    def _close_client(self) -> None:
        """On the kernel's own thread: stop the client's channels and close the thread's event loop
        (left to the interpreter's exit, its clean-up fails on sockets already gone and prints a
        traceback, after Ctrl-C or SIGTERM)."""
        import asyncio

        try:
            self.client.stop_channels()
        finally:
            loop = asyncio.get_event_loop_policy().get_event_loop()
            if not loop.is_running() and not loop.is_closed():
                loop.close()


class KernelPool:
    """Kernels started when needed and lent out in turn. `prestart` starts them in the background
    (the first while the build is still checking its inputs, the others once it knows how many
    notebooks must run); a notebook waits for one on its way rather than start another."""

    def __init__(self, cwd: Path, keep: bool = False) -> None:
        self._cwd = cwd
        self._keep = keep  # kept warm across builds (a worker building many packs): only shutdown() stops them
        self._idle: list[WarmKernel] = []
        self._started: list[WarmKernel] = []
        self._starting = 0
        self._cancels: set[threading.Event] = set()  # one for each kernel on its way: shutdown() sets them
        self._launched = threading.Event()  # set as the first kernel's process is launched (or fails to be)
        self._changed = threading.Condition()
        self._stopping: threading.Thread | None = None  # close(wait=False)'s, while it runs

    def prestart(self, count: int = 1, *, until_launched: bool = False) -> None:
        """Start kernels in the background until `count` are running or on their way; with
        `until_launched`, return once the first kernel's process is launched: the caller's own
        Python then no longer holds back the launching thread (a build's first kernel is its
        slowest path)."""
        with self._changed:
            wanted = max(0, count - len(self._started) - self._starting)
            self._starting += wanted
        for _ in range(wanted):
            threading.Thread(target=self._start_one, name="sefbook-kernel-prestart", daemon=True).start()
        if until_launched:
            self._launched.wait(timeout=LAUNCH_SECONDS)

    def _new_kernel(self) -> WarmKernel:
        """A kernel started now, which shutdown() stops if it comes before the kernel is ready."""
        cancelled = threading.Event()
        with self._changed:
            self._cancels.add(cancelled)
        try:
            return WarmKernel(self._cwd, cancelled, self._launched)
        finally:
            self._launched.set()  # if it failed before its launch
            with self._changed:
                self._cancels.discard(cancelled)

    def _start_one(self) -> None:
        try:
            kernel: WarmKernel | None = self._new_kernel()
        except Exception:  # noqa: BLE001 - a kernel that cannot start is counted out; the pool goes on with fewer
            kernel = None
        with self._changed:
            self._starting -= 1
            if kernel is not None:
                self._started.append(kernel)
                self._idle.append(kernel)
            self._changed.notify_all()

    @contextmanager
    def kernel(self) -> Iterator[WarmKernel]:
        with self._changed:
            self._changed.wait_for(lambda: self._idle or not self._starting)  # one on its way is sooner than a new one
            kernel = self._idle.pop() if self._idle else None
        if kernel is None:
            try:
                kernel = self._new_kernel()
            except Exception as exc:  # a scheduled job gets exit status 1 and this line, not a traceback
                raise NotebookError(KERNEL, None, f"could not start: {exc}") from exc
            with self._changed:
                self._started.append(kernel)
        try:
            yield kernel
        finally:
            with self._changed:
                self._idle.append(kernel)
                self._changed.notify_all()

    def close(self, wait: bool = True) -> None:
        """Stop the kernels at the end of a build (unless the pool is kept for the next one).
        `wait=False` stops them in the background; a later close() or shutdown() waits for it."""
        if self._keep:
            return
        if wait:
            self.shutdown()
            return
        with self._changed:
            if self._stopping is None:
                self._stopping = threading.Thread(target=self.shutdown, name="sefbook-kernel-stop")
                self._stopping.start()

    def shutdown(self) -> None:
        """Stop every kernel, each on a thread of its own (at once, not one after the other)."""
        stopping = self._stopping
        if stopping is not None and stopping is not threading.current_thread():
            stopping.join()
        with self._changed:
            for cancelled in self._cancels:  # kernels still starting stop now, rather than once they are ready
                cancelled.set()
            self._changed.wait_for(lambda: not self._starting)
            kernels, self._started, self._idle = self._started, [], []
        threads = [threading.Thread(target=_stop, args=(kernel,), name="sefbook-kernel-stop") for kernel in kernels]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def _stop(kernel: WarmKernel) -> None:
    try:
        kernel.shutdown()
    except Exception:  # noqa: BLE001, S110 - a kernel that has died already needs no stopping
        pass


def run_notebooks(
    jobs: list[Job], workers: int, on_done: Callable[[Job, float], None], pool: KernelPool | None = None
) -> None:
    """Execute every job, `workers` at a time; call `on_done` as each finishes. The first
    failure cancels the jobs not yet started and is raised as a NotebookError. The kernels (of
    `pool`, if one was started early) are stopped at the end: at once after a failure, else in
    the background while the caller joins and exports the report (its close() waits for them)."""
    if not jobs:
        if pool is not None:
            pool.close(wait=False)
        return
    pool = pool or KernelPool(cwd=jobs[0].notebook.parent)
    workers = max(1, min(workers, len(jobs)))
    pool.prestart(workers)
    try:
        with ThreadPoolExecutor(max_workers=workers) as executor:
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
    except BaseException:
        pool.close()
        raise
    pool.close(wait=False)


def _execute(job: Job, pool: KernelPool) -> float:
    with pool.kernel() as kernel:
        return kernel.run(lambda warm: _papermill(job, warm))


def _papermill(job: Job, kernel: WarmKernel) -> float:
    import_now("papermill")  # slow to import, and only a build needs it: a build imports it early (import_ahead)
    import papermill

    start = time.perf_counter()
    # said silently, as the warm-up is, before the notebook's cells on the same channel; once for the
    # build's parts this kernel runs in turn (each said message costs the kernel a round of its own)
    if job.build and kernel.build_said != (job.build, job.reading):
        kernel.client.execute(
            f"import sefbook.notebook; sefbook.notebook.in_build({job.build!r}, {job.reading!r})",
            silent=True,
            store_history=False,
        )
        kernel.build_said = (job.build, job.reading)
    try:
        declared = _declared_parameters(job.notebook)  # pass only what it takes
        papermill.execute_notebook(
            str(job.notebook),
            str(job.output),
            parameters={k: v for k, v in job.parameters.items() if k in declared},
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,  # written once, at the end (or at the failing cell)
            engine_name=_ready_client_engine(),
            km=kernel.manager,
            kc=kernel.client,
        )
    except papermill.PapermillExecutionError as exc:
        # papermill's cell index counts its injected parameters cell; report the source's.
        raise NotebookError(
            job.label, _source_cell_number(job.output, exc.cell_index), f"{exc.ename}: {exc.evalue}"
        ) from None
    except Exception as exc:
        raise NotebookError(job.label, None, f"{type(exc).__name__}: {exc}") from exc
    return time.perf_counter() - start


def _declared_parameters(notebook: Path) -> dict:
    """The parameters a notebook declares, read once while its content is the same (a pack's
    eight parts are six of one notebook, and a worker builds many packs)."""
    import papermill

    key = (str(notebook.resolve()), file_digest(notebook))
    if key not in _DECLARED:
        declared = papermill.inspect_notebook(str(notebook))
        if file_digest(notebook) != key[1]:  # changed while it was read: not kept under the old digest
            return declared
        _DECLARED[key] = declared
    return _DECLARED[key]


_DECLARED: dict[tuple[str, str], dict] = {}


@cache
def _ready_client_engine() -> str:
    """papermill's own engine (nbclient), given the kernel's client ready rather than making its
    own; registered with papermill under the name returned."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import remove_args

    class ReadyClientEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            kc=None,
            **kwargs,
        ):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            client = PapermillNotebookClient(
                nb_man,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
                startup_timeout=start_timeout,
                timeout=execution_timeout,
                **kwargs,
            )
            client.kc = kc  # nbclient makes a client only when it has none
            return client.execute()

    papermill_engines.register("sefbook", ReadyClientEngine)
    return "sefbook"


def _source_cell_number(executed: Path, cell_index: int) -> int:
    """1-based number of the failing cell in the notebook as an analyst sees it."""
    import_now("nbformat")  # only after a failure: the build's first kernel starts before nbformat is needed
    import nbformat

    try:
        cells = nbformat.read(executed, as_version=4).cells
        injected = sum(1 for c in cells[:cell_index] if "injected-parameters" in c.metadata.get("tags", []))
        return cell_index - injected + 1
    except Exception:  # noqa: BLE001 - the executed copy may be unreadable after a crash; the raw index still helps
        return cell_index + 1
