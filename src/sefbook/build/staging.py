"""A build's staging folder and its publishing: everything is written beside the destination
first, and only a finished build replaces the last good report, so a failed or interrupted one
leaves it exactly as it was."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sefbook.errors import OutputError

CANNOT_WRITE = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "no permission to write there",
    errno.EPERM: "no permission to write there",
}


def new_staging(output_root: Path, name: str) -> Path:
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


@contextmanager
def staged(output_root: Path, name: str) -> Iterator[Path]:
    """A staging folder for report `name`, removed when the block ends unless it was published
    from it; a disk that cannot be written to is said in words (OutputError)."""
    staging = new_staging(output_root, name)
    try:
        yield staging
    except OSError as exc:
        if exc.errno in CANNOT_WRITE:
            raise OutputError(exc.filename or output_root, CANNOT_WRITE[exc.errno]) from None
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already if published
