"""A kernel still starting when its pool is shut down is stopped then, not waited for: a build
refused while its first kernel starts (a fault in sef.yml, found in a fraction of a second) ends
as soon as it has said why, and leaves no kernel behind."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

import pytest

from sefbook.build.kernels import KernelPool

# A python3 "kernel" that says it is running (its process id in a file), then never answers: it
# waits until the test lets it go, as a kernel slow to start would keep its pool waiting.
NEVER_READY = (
    "import os, pathlib, sys, time\n"
    "pathlib.Path(sys.argv[1]).write_text(str(os.getpid()))\n"
    "while not pathlib.Path(sys.argv[2]).exists(): time.sleep(0.05)\n"
)


def _kernel_folder(root: Path, started: Path, release: Path) -> Path:
    kernel = root / "jupyter" / "kernels" / "python3"
    kernel.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-c", NEVER_READY, str(started), str(release), "{connection_file}"],
        "display_name": "a kernel that never answers",
        "language": "python",
    }
    (kernel / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return root / "jupyter"


@pytest.mark.build  # it starts a process as a kernel, through jupyter_client
def test_a_kernel_still_starting_is_stopped_by_shutdown_not_waited_for(tmp_path, monkeypatch):
    started, release = tmp_path / "started", tmp_path / "release"
    monkeypatch.setenv("JUPYTER_PATH", str(_kernel_folder(tmp_path, started, release)))
    pool = KernelPool(cwd=tmp_path)
    pool.prestart(1)
    deadline = time.monotonic() + 60
    while not started.exists() or not started.read_text():
        assert time.monotonic() < deadline, "the stand-in kernel did not start"
        time.sleep(0.05)
    kernel = int(started.read_text())

    stopping = threading.Thread(target=pool.shutdown)
    stopping.start()
    # The kernel never answers, so a pool that waited for it would wait for the start's whole minute;
    # the join's limit only turns that into a failure rather than a hang.
    stopping.join(timeout=30)
    try:
        assert not stopping.is_alive(), "shutdown waited for a kernel that was still starting"
        with pytest.raises(ProcessLookupError):  # stopped, and its exit collected
            os.kill(kernel, 0)
    finally:
        release.touch()  # let the stand-in go, whatever happened
        stopping.join()


def _children_running(marker: str) -> list[int]:
    """This process's children whose command line holds `marker` (Linux's /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().decode(errors="replace")
        except (OSError, ValueError):
            continue
        if int(stat[stat.rfind(")") + 2 :].split()[1]) == os.getpid() and marker in command:
            found.append(int(entry.name))
    return found


@pytest.mark.build  # it starts a process as a kernel, through jupyter_client
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the kernel's process through /proc")
def test_a_build_reads_its_inputs_once_its_first_kernel_is_launched_not_once_it_is_ready(tmp_path, monkeypatch):
    """prestart(until_launched=True) returns once the kernel's process is running, and does not wait
    for it to answer: the build's own reading then no longer holds back the launch."""
    started, release = tmp_path / "started", tmp_path / "release"
    monkeypatch.setenv("JUPYTER_PATH", str(_kernel_folder(tmp_path, started, release)))
    pool = KernelPool(cwd=tmp_path)
    prestarting = threading.Thread(target=pool.prestart, args=(1,), kwargs={"until_launched": True})
    prestarting.start()
    prestarting.join(timeout=30)  # a kernel that never answers: waiting for it would hang
    try:
        assert not prestarting.is_alive(), "prestart waited for a kernel that never answers"
        assert _children_running(str(started)), "prestart returned before the kernel's process was launched"
    finally:
        release.touch()
        prestarting.join()
        pool.shutdown()


# A pack's worker, as it was when two of its threads imported the Jupyter libraries at once: its kernel
# starting (jupyter_client) while papermill is imported ahead (nbclient, then jupyter_client). Before
# build/imports.py's import_now, about one start in two failed ("partially initialized module
# 'jupyter_client.manager'", or importlib's deadlock error) and the pack with it.
STARTS_WHILE_PAPERMILL_IS_IMPORTED = """
import sys, threading
from pathlib import Path
from sefbook.build.imports import import_ahead, skip_unused_format_checkers
from sefbook.build.kernels import KernelPool
skip_unused_format_checkers()
failed = []
threading.excepthook = lambda args: failed.append(f"{args.exc_type.__name__}: {args.exc_value}")
pool = KernelPool(cwd=Path(sys.argv[1]))
import_ahead("papermill")
pool.prestart(1)
try:
    with pool.kernel():
        for thread in threading.enumerate():
            if thread.name == "sefbook-imports":
                thread.join()
finally:
    pool.shutdown()
print(failed or "started")
"""


@pytest.mark.build  # it starts kernels
@pytest.mark.parametrize("attempt", [1, 2, 3])
def test_a_kernel_starts_while_papermill_is_imported_on_another_thread(attempt, tmp_path):
    import subprocess

    run = subprocess.run(
        [sys.executable, "-c", STARTS_WHILE_PAPERMILL_IS_IMPORTED, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0 and run.stdout.strip() == "started", run.stdout + run.stderr[-2000:]
