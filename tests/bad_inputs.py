"""Ways to break a copy of the example edition or its data, and the check every bad-input case
makes: `sefbook build` as a user runs it exits with the case's status, its message names the file
and the fault with no traceback, and the last good report (built once for the run) is exactly as
it was. A case that leaves the data as they were is built from the example's own data folder:
the same files, read once by each test worker rather than once per case. The cases are tables in test_bad_inputs.py (the edition) and test_bad_data.py (the data
files and the council's returns)."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from pathlib import Path

from helpers import EXAMPLE_DATA, EXAMPLE_EDITION, set_key

from sefbook import cli
from sefbook.cache import PARTS_CACHE as CACHE_DIR
from sefbook.digests import folder_digests, folder_names

Break = Callable[[Path, Path], None]
# name: (what to break, extra arguments, exit status, fragments the message must hold)
Cases = dict[str, tuple[Break, list[str], int, list[str]]]


def replace(name: str, old: str, new: str, count: int = 1) -> Break:
    """Replace text (the first `count` times; -1: everywhere) in a file of the edition (e.g.
    'sef.yml') or, with 'data/...', of the data."""

    def edit(edition: Path, data: Path) -> None:
        path = _path(edition, data, name)
        text = path.read_text(encoding="utf-8-sig")
        assert old in text, (old, path)
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return edit


def key(name: str, value: str) -> Break:
    return lambda edition, data: set_key(edition / "sef.yml", name, value)


def append(name: str, text: str) -> Break:
    def edit(edition: Path, data: Path) -> None:
        path = _path(edition, data, name)
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return edit


def cell(pattern: str, column: str, value: str, old_la_code: str = "991") -> Break:
    """Set one council's latest figure in a data file (first file matching `pattern`)."""

    def edit(edition: Path, data: Path) -> None:
        path = next(data.glob(pattern))
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        ours = [r for r in rows if r.get("old_la_code") == old_la_code]
        latest = max(ours, key=lambda r: r["time_period"])
        latest[column] = value
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")

    return edit


def not_a_file(name: str, kind: str) -> Break:
    """Put a folder, a dangling link or a FIFO where a file is expected."""

    def edit(edition: Path, data: Path) -> None:
        path = _path(edition, data, name)
        path.unlink()
        if kind == "folder":
            path.mkdir()
        elif kind == "dangling link":
            path.symlink_to(path.with_name("gone.csv"))
        else:
            os.mkfifo(path)

    return edit


def _same_folder(one: Path, other: Path) -> bool:
    return (folder_digests(one), folder_names(one)) == (folder_digests(other), folder_names(other))


def _path(edition: Path, data: Path, name: str) -> Path:
    if name.startswith("data/"):
        return next(data.glob(name.removeprefix("data/")))
    return edition / name


def keep_header_only(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


def nothing(edition: Path, data: Path) -> None:
    pass


ALIAS_BOMB = '\nbomb: &a ["x", "x", "x", "x", "x", "x", "x", "x"]\nbomb2: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n'


def refused_plainly(
    case: tuple[Break, list[str], int, list[str]], built_report: Path, edition: Path, data: Path, capsys
) -> None:
    """Break the copy as the case says and build it: refused as the case expects, the last report kept."""
    built = built_report.parent.parent
    report = built / EXAMPLE_EDITION.name / "report.html"
    before = report.read_bytes(), (report.parent / "manifest.json").read_bytes()
    breaks, arguments, status, fragments = case
    breaks(edition, data)
    if _same_folder(data, EXAMPLE_DATA):  # the case broke the edition or its returns alone
        data = EXAMPLE_DATA  # the very same files, which the worker has read (and kept) already
    if status == 0:  # tolerated: validated only, so no kernel starts for it
        assert cli.main(["check", str(edition), "--data", str(data)]) == 0
        return
    got = cli.main(["build", str(edition), "--data", str(data), "--output", str(built), *arguments])
    message = capsys.readouterr().err
    assert got == status, message
    assert message.startswith("sefbook: invalid input: "), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert "Traceback" not in message
    assert (report.read_bytes(), (report.parent / "manifest.json").read_bytes()) == before
    assert not [p for p in built.glob(".*") if p.name != CACHE_DIR]  # no staging left; the parts kept for reuse stay
