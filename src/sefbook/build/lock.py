"""One build of a report at a time: `sefbook build`, a preview's rebuild and a pack of the same
report wait for each other rather than interleave (one's record would claim the other's reads).

The lock is `fcntl.flock` on `<output>/.sefbook-cache/<report>.lock`, which holds the holder's
process id for the message a waiting build gives. The system releases a flock when its process
ends however it ends, so a killed build never leaves a lock behind. Light: the command line
takes it before the up-to-date check.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sefbook.build.freshness import output_root
from sefbook.cache import PARTS_CACHE

_held: dict[str, int] = {}  # lock files this process holds, by the thread holding each
_guard = threading.Lock()


def lock_file(output_dir: str | Path | None, name: str) -> Path:
    return output_root(output_dir) / PARTS_CACHE / f"{name}.lock"


@contextmanager
def build_lock(output_dir: str | Path | None, name: str, progress: Callable[[str], None]) -> Iterator[None]:
    """Hold report `name`'s lock for the block, waiting (and saying so once) while another build
    of it runs; taken again by the thread holding it, it is simply held on. A report not yet
    named, or an output folder that cannot be written (the build says so when it writes), is
    built without."""
    if not name:
        yield
        return
    path = lock_file(output_dir, name)
    with _guard:
        mine = _held.get(str(path)) == threading.get_ident()
    if mine:
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 20, 0).decode("ascii", "replace").strip()
            progress(
                f"waiting for another build of {name}"
                + (f" (process {holder})" if holder.isdigit() else "")
                + " to finish"
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        with _guard:
            _held[str(path)] = threading.get_ident()
        try:
            yield
        finally:
            with _guard:
                _held.pop(str(path), None)
            os.ftruncate(fd, 0)  # no longer its holder
    finally:
        os.close(fd)  # releases the lock
