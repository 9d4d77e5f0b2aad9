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
