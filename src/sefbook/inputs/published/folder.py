"""A folder of published files, each read at most once: its columns found under today's names,
its workbooks and Fingertips exports matched to councils through the folder's crosswalk."""

from __future__ import annotations

import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sefbook.cache import ContentCache
from sefbook.errors import InputError, MissingDataFile, missing_columns
from sefbook.inputs.files import regular_file
from sefbook.inputs.published.fingertips import read_fingertips
from sefbook.inputs.published.layouts import WorkbookLayout
from sefbook.inputs.published.registry import Layout
from sefbook.inputs.published.shape import ADDED_COLUMNS, normal_name, read_published_csv, shape_published
from sefbook.inputs.published.workbooks import Crosswalk, crosswalk_from, read_workbook


@dataclass
class DataFolder:
    """A folder of published-shape CSV files, each read at most once."""

    path: Path
    renamed_columns: dict[str, str] = field(default_factory=dict)  # an older release's name -> today's
    _frames: dict[tuple[Path, str], pd.DataFrame] = field(default_factory=dict)
    _crosswalk: Crosswalk | None = None

    def find(self, patterns: list[str], wanted_for: str) -> list[Path]:
        """The file matching each pattern that has one, in the patterns' order (newest
        publication first). Each pattern may match at most one file."""
        found = []
        for pattern in patterns:
            matches = sorted(self.path.glob(pattern))
            if len(matches) > 1:
                raise InputError(
                    self.path,
                    f"more than one data file matches {pattern!r}",
                    expected="exactly one (move older downloads elsewhere)",
                    found=", ".join(m.name for m in matches),
                )
            found += matches
        if not found:
            raise MissingDataFile(
                self.path,
                "no data file matches " + " or ".join(map(repr, patterns)),
                expected=f"a file in the DfE open-data shape for {wanted_for}",
            )
        return found

    def read(
        self, path: Path, required: Iterable[str], renamed: dict[str, str] | None = None, layout: Layout | None = None
    ) -> pd.DataFrame:
        """The file's rows with every required column under today's name. A column is found
        whatever its case or '%' suffix, or under an older name from the registry's renames
        (the registry's, then the source's own). A workbook or a Fingertips export is read by
        its layout into the same shape as a DfE CSV."""
        key = (path, layout.model_dump_json() if layout else "")
        if key not in self._frames:
            self._frames[key] = _read_with_layout(path, layout, self.crosswalk()) if layout else read_cached(path)
        frame = self._frames[key]
        required = list(dict.fromkeys(required))
        if all(c in frame.columns for c in required):
            return frame
        renames = {normal_name(old): new for old, new in {**self.renamed_columns, **(renamed or {})}.items()}
        present: dict[str, str] = {}
        for column in frame.columns:
            present.setdefault(normal_name(column), column)
            present.setdefault(normal_name(renames.get(normal_name(column), column)), column)
        found = {want: want if want in frame.columns else present.get(normal_name(want)) for want in required}
        missing = [want for want, column in found.items() if column is None]
        if missing:
            raise missing_columns(path, missing, (c for c in frame.columns if c not in ADDED_COLUMNS))
        return frame.rename(columns={column: want for want, column in found.items() if column != want})

    def crosswalk(self) -> Crosswalk:
        """The folder's crosswalk (see `_crosswalk`), made once per reading."""
        if self._crosswalk is None:
            self._crosswalk = _crosswalk(self.path)
        return self._crosswalk

    def joint_returns(self) -> dict[str, dict[str, str]]:
        """Each council given a joint return's figures: old LA code -> {file: whose return it is}."""
        found: dict[str, dict[str, str]] = {}
        for (path, _), frame in self._frames.items():
            joint = frame[frame["joint_return"] != ""] if "joint_return" in frame.columns else frame.iloc[:0]
            for (code, whose), years in joint.groupby(["old_la_code", "joint_return"])["time_period"]:
                first, last = min(years), max(years)
                found.setdefault(str(code), {})[path.name] = f"{whose}, " + (
                    f"for {first}" if first == last else f"for {first} to {last}"
                )
        return found

    @property
    def files_read(self) -> list[Path]:
        return sorted({path for path, _ in self._frames})


def read_cached(path: Path, *, quarters: bool = False) -> pd.DataFrame:
    """A warm kernel runs several notebooks over the same files: each file is parsed once per
    process while its content is the same. Callers never modify the frame they get."""
    return _reading(path, quarters)[1]


_CSVS: ContentCache[pd.DataFrame] = ContentCache(most=64)


def _reading(path: Path, quarters: bool = False) -> tuple[str, pd.DataFrame]:
    """The file's content digest and its rows, parsed from the very bytes hashed."""
    regular_file(path)
    try:
        return _CSVS.get(path, lambda data: read_published_csv(path, quarters=quarters, data=data), quarters)
    except OSError as exc:
        raise InputError(path, "cannot be read", found=exc.strerror or str(exc)) from None


def _is_fifo(path: Path) -> bool:
    try:
        return stat.S_ISFIFO(path.stat().st_mode)
    except OSError:
        return False


def _read_with_layout(path: Path, layout: Layout, crosswalk: Crosswalk) -> pd.DataFrame:
    """A workbook or Fingertips export in the DfE shape, its councils matched through the
    folder's crosswalk (each file parsed once per process while its content is the same)."""
    if isinstance(layout, WorkbookLayout):
        return shape_published(read_workbook(path, layout, crosswalk), path)
    return shape_published(read_fingertips([path], layout, crosswalk), path)


_CROSSWALKS: dict[tuple[tuple[str, str], ...], Crosswalk] = {}


def _crosswalk(folder: Path) -> Crosswalk:
    """GSS code -> the council's old LA code, name and region, from every DfE CSV in the
    folder: files with GSS codes alone (workbooks, Fingertips) are matched through it. Kept by
    the names and content digests of the files it is made from."""
    readings = {}
    for path in sorted(folder.glob("*.csv")):
        if not path.is_file() or _is_fifo(path):
            continue
        try:
            readings[str(path.resolve())] = _reading(path)
        except (InputError, OSError):
            continue  # not a DfE open-data file: it names no councils
    key = tuple((name, sha) for name, (sha, _) in readings.items())
    if key not in _CROSSWALKS:
        _CROSSWALKS.clear()  # one folder at a time
        _CROSSWALKS[key] = crosswalk_from(frame for _, frame in readings.values())
    return _CROSSWALKS[key]
