"""What tests share besides fixtures: the project's folders, small writers of inputs, and waiting on
a build for a sign it gives (never for a length of time). Imported as `helpers` (pytest puts
tests/ on the path: `pythonpath` in pyproject.toml); conftest.py holds the fixtures alone."""

from __future__ import annotations

import os
import selectors
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from sefbook.build.export import find_chromium

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_EDITION = ROOT / "sefs" / "example-2025"
EXAMPLE_DATA = ROOT / "data" / "example"
NOTEBOOKS = ROOT / "notebooks"
PUBLISHED_DATA = ROOT.parent / "shared" / "data" / "dfe"  # real DfE files, read in place when present

CHROMIUM = find_chromium()
NO_CHROMIUM = (
    "Chromium not found: install Debian's chromium package (make test does so when it runs as root with apt-get)"
)
REPORT_FORMATS = "html,pdf,docx" if CHROMIUM else "html,docx"


def kept_folder(output: Path) -> Path:
    """Where a build made once for the run (conftest.py) keeps what it made besides its output folder:
    its own cache folder (`cache/`), its kernels' IPython folder (`ipython/`) and everything it
    printed (`build.log`)."""
    return output.with_name(f"{output.name}-kept")


def kept_by_the_build(report: Path) -> tuple[Path, str]:
    """For a report built once for the run (example_build, example_2026_build): the cache folder
    its build alone wrote to, and what it printed."""
    kept = kept_folder(report.parent.parent)
    return kept / "cache", (kept / "build.log").read_text(encoding="utf-8")


def set_key(sef: Path, key: str, value: str) -> None:
    """Set a top-level key of an edition's sef.yml, replacing it if present (a key given twice is
    refused, so tests cannot simply append one)."""
    lines = sef.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith(f"{key}:")]
    sef.write_text("\n".join(kept + [f"{key}: {value}"]) + "\n", encoding="utf-8")


def write_csv(path: Path, header: str, *rows: str, bom: bool = False, newline: str = "\n") -> Path:
    """Write a small CSV exactly as given (to control BOMs, quoting and line endings)."""
    text = newline.join([header, *rows]) + newline
    path.write_bytes(("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8"))
    return path


def with_key_indicators(registry, key_ids: set[str]):
    """The registry with these indicators, and no others, of importance 1 (charted by default):
    tests of charts do not hang on the registry's own choice."""
    from sefbook.inputs.published.registry import Registry

    return Registry(
        publications=registry.publications,
        populations=registry.populations,
        indicators=[i.model_copy(update={"importance": 1 if i.id in key_ids else 2}) for i in registry.indicators],
        returns_only=registry.returns_only,
        renamed_columns=registry.renamed_columns,
    )


ODD_FILE = "la_care_leavers_accommodation_suitability.csv"  # named like a publication, but not one


def downloads_with_an_odd_file(folder: Path) -> Path:
    """The published files (linked, read in place) plus one CSV whose name matches an indicator's
    file but whose contents do not: as a council's downloads folder may hold."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in PUBLISHED_DATA.iterdir():
        (folder / path.name).symlink_to(path)
    (folder / ODD_FILE).write_text("Title,Notes\nCare leavers,see the spreadsheet\n", encoding="utf-8")
    return folder


def read_stderr_until(process: subprocess.Popen, wanted: Callable[[str], bool]) -> str:
    """What a process (started with text stderr=PIPE) writes to stderr, line by line, up to and
    including the first line `wanted` accepts; fails with all of it if the stream ends first."""
    assert process.stderr is not None
    lines = []
    for line in process.stderr:
        lines.append(line)
        if wanted(line):
            return "".join(lines)
    raise AssertionError(
        f"process {process.args[:2]} ended (status {process.wait()}) before the line waited for:\n" + "".join(lines)
    )


class Signal:
    """A Unix socket a notebook (or any process) connects to, to say it has got somewhere: the test
    waits for that connection or for the process it watches to end, whichever comes first."""

    def __init__(self) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="sefbook-signal-"))  # short: a socket's path has 107 bytes
        self.path = self._folder / "socket"
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(str(self.path))
        self._listener.listen()

    def code(self) -> str:
        """Python that gives the sign (and keeps the connection open while the process lives)."""
        return f"import socket\n_signal = socket.socket(socket.AF_UNIX)\n_signal.connect({str(self.path)!r})\n"

    def wait(self, process: subprocess.Popen) -> None:
        """Return once the sign is given; fail with the process's stderr if it ends first (read
        meanwhile, so that a full pipe never stalls the process)."""
        assert process.stderr is not None
        said = b""
        with selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ)
            selector.register(process.stderr.fileno(), selectors.EVENT_READ)
            while True:
                for key, _ in selector.select():
                    if key.fileobj is self._listener:
                        return
                    chunk = os.read(process.stderr.fileno(), 65536)
                    if not chunk:
                        raise AssertionError(
                            f"process ended (status {process.wait()}) before the sign:\n"
                            + said.decode(errors="replace")
                        )
                    said += chunk

    def close(self) -> None:
        self._listener.close()
        shutil.rmtree(self._folder, ignore_errors=True)
