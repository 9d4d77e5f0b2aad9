"""Read files in the DfE open-data CSV shape into the one canonical table.

Published files (and the example data, which imitates them) have one row per time period and
geography, geography columns first, then filter columns, then measures. Measures may hold the
GSS symbols instead of numbers; symbols are kept as symbols and never become zero.

The canonical table has one row per indicator, area and period:

    indicator, time_period, geographic_level, area_code, old_la_code, area_name, region_code,
    region_name, value, symbol, source_file, source_row

`value` is a float (NaN where a symbol stands instead), `symbol` is "" for a number.
`source_row` is the line number in the source file (the header is line 1).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from sefbook.cache import keep, recall
from sefbook.digests import code_digest, digest, folder_digests
from sefbook.errors import InputError, MissingDataFile, missing_columns
from sefbook.inputs.published.folder import DataFolder, read_cached
from sefbook.inputs.published.registry import Registry
from sefbook.inputs.published.rows import canonical_rows, check_range, indicator_rows
from sefbook.inputs.published.shape import CANONICAL_COLUMNS, LOCAL_COLUMNS, parse_measure
from sefbook.inputs.returns.collection import COMPUTED_SOURCE


def _one_code_per_council(table: pd.DataFrame) -> pd.DataFrame:
    """A council is known by its old LA code; its GSS code can change (North Yorkshire's did in
    2023, and one release may already use a code the others do not). Every row of a council
    takes the code most of its rows give in its latest year, so its series stays one series."""
    las = table["geographic_level"] == "Local authority"
    if not las.any():
        return table
    rows = table.loc[las, ["area_key", "area_code", "time_period"]]
    latest = rows[rows["time_period"] == rows.groupby("area_key")["time_period"].transform("max")]
    code = latest.groupby("area_key")["area_code"].agg(lambda codes: codes.value_counts().index[0])
    table = table.copy()
    table.loc[las, "area_code"] = table.loc[las, "area_key"].map(code)
    return table


def _codes_by_file(table: pd.DataFrame) -> dict[str, dict[str, str]]:
    """Each council the files give more than one GSS code: old LA code -> {file: its code there}."""
    rows = table.loc[
        table["geographic_level"] == "Local authority", ["area_key", "source_file", "area_code", "time_period"]
    ]
    latest = rows.sort_values("time_period", kind="stable").drop_duplicates(["area_key", "source_file"], keep="last")
    several = latest.groupby("area_key")["area_code"].transform("nunique") > 1
    codes: dict[str, dict[str, str]] = {}
    for key, file, code in latest.loc[several, ["area_key", "source_file", "area_code"]].itertuples(index=False):
        codes.setdefault(key, {})[file] = code
    return codes


def code_notes(published: PublishedData, old_la_code: str, new_la_code: str, la_name: str) -> tuple[str, ...]:
    """A note for each file that gives the edition's council another GSS code than sef.yml does:
    its figures are still the council's (matched by the old LA code), and the reader is told."""
    return tuple(
        f"{file}: gives {la_name} ({old_la_code}) the new code {code}, not {new_la_code} as sef.yml says; "
        f"matched by the old code"
        for file, code in sorted(published.codes.get(old_la_code, {}).items())
        if code != new_la_code
    ) + joint_notes(published, old_la_code)


def joint_notes(published: PublishedData, old_la_code: str) -> tuple[str, ...]:
    """A note for each file whose figures for the council are a joint return of it and another."""
    return tuple(
        f"{file}: gives one joint return of {whose}; its figures are shown for each of them, "
        f"as the two councils' together"
        for file, whose in sorted(published.joint.get(old_la_code, {}).items())
    )


def _regions_under_another_code(frames: list[pd.DataFrame], files: list[Path]) -> dict[str, InputError]:
    """A region is known by one code in every file (unlike a council's, a region's code has not
    changed): an indicator whose file gives a region another code than the other files do would
    compare the council with the wrong figures, so it is named (indicator id -> the error)."""
    paths = {path.name: path for path in files}

    def names_and_codes(frame: pd.DataFrame) -> pd.DataFrame:
        regional = frame[frame["geographic_level"] == "Regional"]
        pairs = pd.concat(
            [
                pd.DataFrame({"name": regional["area_name"], "code": regional["area_code"]}),
                pd.DataFrame({"name": frame["region_name"], "code": frame["region_code"]}),
            ]
        )
        pairs = pairs[pairs["code"].notna() & (pairs["code"] != "")]
        pairs["name"] = pairs["name"].astype(str).str.casefold().str.split().str.join(" ")
        return pairs.drop_duplicates()

    usable = [f for f in frames if len(f)]
    if not usable:
        return {}
    per_frame = [names_and_codes(f) for f in usable]
    everywhere = pd.concat(per_frame)
    votes = everywhere.groupby(["name", "code"]).size().reset_index(name="files")
    usual = votes.sort_values("files", ascending=False).drop_duplicates("name").set_index("name")["code"]
    found = {}
    for frame, pairs in zip(usable, per_frame):
        odd = pairs[pairs["code"] != pairs["name"].map(usual)]
        if len(odd):
            name, code = odd.iloc[0]["name"], odd.iloc[0]["code"]
            original = frame.loc[frame["region_code"].eq(code) | frame["area_code"].eq(code)]
            shown = original["region_name"].iloc[0] if len(original) else name
            file = frame["source_file"].iloc[0]
            found[frame["indicator"].iloc[0]] = InputError(
                paths.get(file, file),
                "gives a region another code than the other files do",
                where=f"row {original['source_row'].iloc[0]}" if len(original) else None,
                expected=f"{shown} as {usual[name]}",
                found=code,
            )
    return found


@dataclass(frozen=True)
class PublishedData:
    """The canonical table read from a data folder, with the files it was read from and the
    indicators left out because no file in the folder holds them (id -> what was looked for)."""

    table: pd.DataFrame
    files_read: tuple[Path, ...]
    left_out: dict[str, str]  # indicator id -> why its file could not be read
    absent: dict[str, str]  # indicator id -> the files looked for: its publication is not in the folder
    # a council's old LA code -> {file: the GSS code that file gives it in its latest year}, for the
    # councils the files give more than one code (matched by the old code: `code_notes` says so)
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    # a council's old LA code -> {file: the councils whose joint return that file gives as its figures}
    joint: dict[str, dict[str, str]] = field(default_factory=dict)
    # What later floors work out from this table alone, whatever the council (every council's
    # ranks, the table's digests): worked out once per process for all the packs it builds.
    shared: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    def __getstate__(self) -> dict:  # kept in the cache folder without what was worked out from it
        return {**self.__dict__, "shared": {}}


LeaveOut = Literal["none", "missing", "unreadable"]


def folder_files(data_dir: Path) -> tuple[tuple[str, str], ...] | None:
    """What a data folder holds, as its files' names and content digests (what a kept reading of
    it is kept by); None for a folder that is not there or cannot be listed or read."""
    try:
        return folder_digests(data_dir)
    except OSError:
        return None


def read_published(
    data_dir: str | Path,
    registry: Registry,
    indicator_ids: Iterable[str] | None = None,
    *,
    leave_out: LeaveOut = "none",
    required: Iterable[str] = (),
) -> PublishedData:
    """The canonical table for the given indicators (see `_read_published`), kept in sefbook's
    cache folder once read: every notebook of a build, and every pack from the same folder, then
    reads it in a fraction of the time. Kept by the folder's files (names and content digests),
    the registry, the request and the package's code, and only if no file changed while it was
    read; anything refused is read (and refused) again every time."""
    data_dir = Path(data_dir)
    ids = list(indicator_ids) if indicator_ids is not None else registry.ids
    files = folder_files(data_dir)
    if files is None:  # not a folder (named below), or unreadable: read without the cache
        return _read_published(data_dir, registry, ids, leave_out=leave_out, required=required)
    key = digest(
        code_digest(),
        registry.model_dump_json(),
        str(data_dir.resolve()),
        repr(files),
        repr(ids),
        leave_out,
        repr(sorted(set(required))),
    )
    if key in _READ:  # read by this process already: the same table, and what was worked out from it
        return _READ[key]
    kept = recall("tables", key)
    if isinstance(kept, PublishedData):
        published = kept
    else:
        published = _read_published(data_dir, registry, ids, leave_out=leave_out, required=required)
        if folder_files(data_dir) != files:  # a file changed while it was read: not kept under the old digests
            return published
        keep("tables", key, published)
    if len(_READ) >= KEPT_IN_PROCESS:
        _READ.clear()
    _READ[key] = published
    return published


# The last readings, kept in this process as well: a worker building packs one council after
# another reads its table once (not unpickled again for each pack) and shares what is worked out
# from it. Nothing changes a table once read (pandas copies on write).
KEPT_IN_PROCESS = 2
_READ: dict[str, PublishedData] = {}


def data_folder(data_dir: str | Path) -> Path:
    """The data folder, refused with a message if it is not there."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputError(data_dir, "data folder not found", expected="a folder of CSV files in the DfE open-data shape")
    return data_dir


def _read_published(
    data_dir: str | Path,
    registry: Registry,
    indicator_ids: Iterable[str] | None = None,
    *,
    leave_out: LeaveOut = "none",
    required: Iterable[str] = (),
) -> PublishedData:
    """Build the canonical table for the given indicators (default: all in the registry).

    An indicator that cannot be read is an error (`leave_out="none"`), or is left out: when no
    file in the folder holds it ("missing": named in `absent`), or also when its file is there
    but cannot be read as the registry says ("unreadable": named in `left_out` with the file,
    what was expected and what was found; a pack from whatever a council downloaded). The
    `required` indicators (those an edition names) are never left out."""
    data_dir = data_folder(data_dir)
    folder = DataFolder(data_dir, renamed_columns=dict(registry.renamed_columns))
    ids = list(indicator_ids) if indicator_ids is not None else registry.ids
    required = set(required)
    frames, left_out, absent = [], {}, {}
    for indicator_id in ids:
        try:
            frames.append(indicator_rows(folder, registry[indicator_id], registry))
        except MissingDataFile as exc:
            if leave_out == "none" or indicator_id in required:
                raise
            absent[indicator_id] = exc.message
        except InputError as exc:
            if leave_out != "unreadable" or indicator_id in required:
                raise
            left_out[indicator_id] = exc.message
    for indicator_id, error in _regions_under_another_code(frames, folder.files_read).items():
        if leave_out != "unreadable" or indicator_id in required:
            raise error
        left_out[indicator_id] = error.message
    frames = [f for f in frames if not len(f) or f["indicator"].iloc[0] not in left_out]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=CANONICAL_COLUMNS)
    return PublishedData(
        _one_code_per_council(table),
        tuple(folder.files_read),
        left_out,
        absent,
        codes=_codes_by_file(table),
        joint=folder.joint_returns(),
    )


def load_canonical(
    data_dir: str | Path, registry: Registry, indicator_ids: Iterable[str] | None = None
) -> pd.DataFrame:
    """The canonical table alone (every indicator's file must be there)."""
    return read_published(data_dir, registry, indicator_ids).table


def read_local_figures(path: Path, registry: Registry, old_la_code: str, new_la_code: str) -> pd.DataFrame:
    """The council's own, unpublished figures (for example this year's, from its case management
    system): a DfE-shaped file with one row per indicator id and period. Rows are marked
    provisional; a published figure for the same indicator and period takes precedence."""
    frame = read_cached(path, quarters=True)
    missing = [c for c in LOCAL_COLUMNS if c not in frame.columns]
    if missing:
        raise missing_columns(path, missing, frame.columns)
    for _, row in frame.iterrows():
        if row["indicator"] not in registry:
            raise InputError(
                path,
                "names an unknown indicator id",
                where=f"row {row['_row']}, column indicator",
                expected="an id from the registry (src/sefbook/inputs/published/indicators/)",
                found=repr(row["indicator"]),
            )
        if (row["old_la_code"], row["new_la_code"]) != (old_la_code, new_la_code):
            raise InputError(
                path,
                "holds a figure for another council",
                where=f"row {row['_row']}",
                expected=f"the edition's council ({old_la_code}, {new_la_code})",
                found=f"{row['old_la_code']}, {row['new_la_code']}",
            )
    values, symbols = parse_measure(frame, "value", path)
    units = frame["indicator"].map(lambda i: registry[i].unit)
    values = check_range(
        values,
        units,
        frame,
        path,
        "value",
        over_100_allowed=frame["indicator"].map(lambda i: registry[i].over_100_allowed),
    )
    # what publication mode suppresses on: a count of children is its own smallest count; any
    # other figure, the children it rests on where the file gives them (its `count` column)
    counted = (
        parse_measure(frame, "count", path)[0]
        if "count" in frame.columns
        else pd.Series(float("nan"), index=frame.index)
    )
    smallest = counted.where(units != "count", values)
    return canonical_rows(frame, path, frame["indicator"], values, symbols, smallest, provisional=True)


def suppress_small_counts(table: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Publication mode: a figure resting on a count of 1 to threshold - 1 children becomes "c",
    as the DfE suppresses small numbers (a zero is not suppressed: it discloses no one). A figure
    computed from the council's child-level returns whose count of children is not known (an
    average over the children adopted, a figure from an Annex A) becomes "c" too: it might rest on
    one child, and nothing published says otherwise."""
    computed = table["source_file"].astype(str).str.startswith(COMPUTED_SOURCE)
    uncounted = computed & table["smallest_count"].isna()
    small = (((table["smallest_count"] >= 1) & (table["smallest_count"] < threshold)) | uncounted) & (
        table["symbol"] == ""
    )
    suppressed = table.copy()
    suppressed.loc[small, "value"] = float("nan")
    suppressed.loc[small, "symbol"] = "c"
    return suppressed
