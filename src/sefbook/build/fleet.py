"""Many councils' packs at once: one Dask task per council, on this machine or on a cluster.

    councils = current_councils(data)               # --all: every council the folder holds today
    client   = Client(LocalCluster(...))            # or Client("tcp://host:8786") for --scheduler
    futures  = client.map(build_one, councils)      # one pack per task; a failure is an outcome
    write_index(outcomes)                           # <output>/packs.html: every pack and how it went

Dask's distributed scheduler places the tasks; sefbook adds no scheduling of its own. A task
never raises for a council's own problem (bad data, a notebook that fails): it returns the
outcome, so one council never stops the others. Each worker process keeps one warm kernel for
all the packs it builds. On a cluster, every worker needs sefbook installed and the data and
output folders at the same paths (a shared drive).
"""

from __future__ import annotations

import atexit
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sefbook.build.freshness import output_root as _output_root
from sefbook.build.imports import skip_unused_format_checkers
from sefbook.build.kernels import KernelPool, available_cpus, capped_workers
from sefbook.errors import InputError, SefbookError
from sefbook.paths import notebooks_folder, resolve
from sefbook.render.templates import render

INDEX_FILE = "packs.html"


@dataclass(frozen=True)
class PackOutcome:
    code: str
    name: str
    status: str  # built | up to date | failed
    seconds: float
    report: str = ""  # the pack's folder and file, relative to the output folder
    message: str = ""  # why it failed

    @property
    def ok(self) -> bool:
        return self.status != "failed"


_pools: dict[str, KernelPool] = {}


def _worker_kernels(notebooks: Path) -> KernelPool:
    """One pool of warm kernels per worker process, kept for every pack it builds."""
    key = str(notebooks)
    if key not in _pools:
        _pools[key] = KernelPool(cwd=notebooks, keep=True)
        atexit.register(_pools[key].shutdown)
    return _pools[key]


def build_one(
    code: str, name: str, data: str, output: str, notebooks: str, formats: tuple[str, ...], strict: bool, fresh: bool
) -> PackOutcome:
    """One council's pack, as a task: its outcome, never an exception for the council's own problem."""
    from sefbook.build.pipeline import build_pack

    started = time.perf_counter()
    try:
        result = build_pack(
            code,
            data_dir=data,
            output_dir=output,
            notebooks_dir=notebooks,
            workers=1,
            formats=formats,
            strict=strict,
            fresh=fresh,
            kernels=_worker_kernels(Path(notebooks)),
        )
    except SefbookError as exc:  # invalid input, a failed notebook, a missing tool, an unwritable output
        return PackOutcome(code, name, "failed", round(time.perf_counter() - started, 1), message=str(exc))
    except Exception as exc:  # noqa: BLE001 - one council's failure, whatever it is, must not stop the others
        return PackOutcome(
            code, name, "failed", round(time.perf_counter() - started, 1), message=f"{type(exc).__name__}: {exc}"
        )
    return PackOutcome(
        code,
        name,
        "up to date" if result.up_to_date else "built",
        round(time.perf_counter() - started, 1),
        report=str(result.report.relative_to(Path(output).resolve())),
    )


def warm_up(notebooks: str) -> None:
    """A local worker made ready for its first pack while the councils are still being listed:
    the build's modules loaded (as the command loads them: without what no build uses), and its
    kernel starting (the first pack waits for it on its way)."""
    skip_unused_format_checkers()  # a local worker is sefbook's own process, as the command is
    import sefbook.build.with_data  # noqa: F401

    _worker_kernels(Path(notebooks)).prestart(1)


def build_packs(
    councils: dict[str, str] | Callable[[], dict[str, str]],
    *,
    data_dir: str | Path,
    output_dir: str | Path | None = None,
    notebooks_dir: str | Path | None = None,
    formats: tuple[str, ...] = ("html",),
    strict: bool = False,
    fresh: bool = False,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> list[PackOutcome]:
    """Every council's pack (old LA code -> name), in parallel on Dask: a LocalCluster of
    `workers` processes here (default: one a CPU), or the cluster at `scheduler`. `councils` may
    be a function that lists them: it is called in a thread while the cluster starts, so that
    reading the data folder and starting the workers (with their kernels) overlap. Writes the
    index page."""
    from distributed import Client, as_completed, wait

    data = str(resolve(data_dir))
    output = _output_root(output_dir)
    output.mkdir(parents=True, exist_ok=True)
    notebooks = str(notebooks_folder(notebooks_dir))
    cluster, listing, warming = None, None, []
    client = connect(scheduler) if scheduler else None  # before anything starts: a dead address is said at once
    if not isinstance(councils, dict):  # listed (the data folder read) while the cluster and its workers start
        listing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sefbook-councils").submit(councils)
    if client is not None:
        where = f"the Dask cluster at {scheduler}"
    else:
        # one worker a CPU: each keeps its CPU busy (its kernel runs the notebooks while it waits,
        # and it joins and exports while the kernel waits), and one more only competes for them
        n = capped_workers(workers) if workers else available_cpus()
        if isinstance(councils, dict):
            n = min(n, max(1, len(councils)))
        cluster = local_cluster(n)
        client = Client(cluster)
        # each worker warms up while the councils are listed (futures held: one let go is cancelled)
        warming = [
            client.submit(warm_up, notebooks, workers=[address], pure=False, key=f"warm-up-{i}")
            for i, address in enumerate(client.scheduler_info()["workers"])
        ]
        where = f"{n} local Dask workers"
    outcomes: list[PackOutcome] = []
    try:
        listed = councils if isinstance(councils, dict) else listing.result() if listing is not None else {}
        progress(f"Building {len(listed)} packs on {where}")
        futures = [
            client.submit(
                build_one,
                code,
                name,
                data,
                str(output),
                notebooks,
                tuple(formats),
                strict,
                fresh,
                key=f"pack-{code}",
                pure=False,
            )
            for code, name in listed.items()
        ]
        for n, future in enumerate(as_completed(futures), start=1):
            outcome = future.result()
            outcomes.append(outcome)
            said = f"{outcome.status} in {outcome.seconds:.1f} s" if outcome.ok else f"failed: {outcome.message}"
            progress(f"[{n}/{len(futures)}] {outcome.code} {outcome.name}: {said}")
    finally:
        if warming:  # a worker closed in the middle of its warm-up complains in the log: let it finish
            wait(warming, timeout=120)
        client.close()
        if cluster is not None:
            cluster.close()
    outcomes.sort(key=lambda o: o.code)
    write_index(output / INDEX_FILE, outcomes)
    return outcomes


def local_cluster(n: int):
    """A Dask LocalCluster of `n` worker processes, one thread each, for this machine's packs: no
    dashboard, and its scheduler's HTTP routes on a free port rather than Dask's 8787, which
    another cluster or a second `sefbook pack` may hold (Dask would warn in the log)."""
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=n,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": ":0"},
        silence_logs=logging.ERROR,
    )


CONNECT_SECONDS = 3  # a scheduler on the network answers in well under a second; the command must not hang


def connect(scheduler: str):
    """A client of the Dask scheduler at `scheduler`, or an InputError naming the address: one that
    is not an address, one where nothing answers within CONNECT_SECONDS, or something else answering."""
    from distributed import Client

    expected = "the address of a running Dask scheduler, e.g. tcp://HOST:8786"
    try:
        return Client(scheduler, timeout=CONNECT_SECONDS)
    except ValueError as exc:  # distributed's word for an address it cannot parse
        raise InputError(
            "--scheduler", f"not a scheduler address ({exc})", expected=expected, found=repr(scheduler)
        ) from None
    except (OSError, TimeoutError) as exc:  # refused, unreachable, no such host: retried until the timeout
        raise InputError(
            "--scheduler", f"no Dask scheduler answered ({exc})", expected=expected, found=repr(scheduler)
        ) from None
    except Exception as exc:  # noqa: BLE001 - Dask raises many kinds for a bad address
        raise InputError(
            "--scheduler",
            f"what answered is not a Dask scheduler ({type(exc).__name__}: {exc})",
            expected=expected,
            found=repr(scheduler),
        ) from None


def write_index(path: Path, outcomes: list[PackOutcome]) -> None:
    """The index page: every pack with its outcome and a link (to the last good report of a
    council whose pack failed this time, where there is one). Written beside, then renamed."""
    rows = []
    for o in outcomes:
        last_good = o.report or (
            f"pack-{o.code}/report.html" if (path.parent / f"pack-{o.code}" / "report.html").exists() else ""
        )
        rows.append(
            {
                "code": o.code,
                "name": o.name,
                "status": o.status,
                "seconds": f"{o.seconds:.1f}",
                "message": o.message,
                "link": last_good,
                "ok": o.ok,
            }
        )
    html = render(
        "pack_index.html.j2",
        rows=rows,
        built=sum(o.ok for o in outcomes),
        failed=sum(not o.ok for o in outcomes),
        when=time.strftime("%d %B %Y, %H:%M"),
    )
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(html, encoding="utf-8")
    partial.replace(path)
