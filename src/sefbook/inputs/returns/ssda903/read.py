"""An SSDA903 return read from its folder of CSV files and checked against the specification (a bad row refused by name)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from sefbook.errors import InputError
from sefbook.inputs.published.csvs import read_csv_text
from sefbook.inputs.returns.checks import Naming, check_codes, check_days, refuse_first, written_as
from sefbook.inputs.returns.collection import (
    collection_period,
)
from sefbook.inputs.returns.ssda903.codes import (
    EPISODES_COLUMNS,
    HEADER_COLUMNS,
    LEGAL_STATUSES,
    OPTIONAL_TABLES,
    REASONS_CEASED,
    REASONS_NEW_EPISODE,
    TableSpec,
    activity_codes,
)


@dataclass(frozen=True)
class Ssda903:
    """One SSDA903 return, checked: its collection year, the last date it covers, its episodes."""

    year: int  # the collection ends on 31 March of this year
    folder: Path
    files: tuple[Path, ...]
    episodes: pd.DataFrame  # CHILD, DECOM, DEC (dates), RNE, LS, REC, PLACE; child-level: never leaves this module
    covers_to: date  # 31 March of the year for a whole return; the extract's date for one in progress
    header: pd.DataFrame  # CHILD, DOB (a date)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # the optional tables present, checked
    absent: dict[str, str] = field(default_factory=dict)  # an optional table not there: why its figures are not
    # Linked by `link_years`: the episodes of the earlier years' whole returns that this one does not hold (they ended
    # before its year), and those returns' folder names, the year before first. Read only by the figures that need
    # the start of a child's time in care.
    history: pd.DataFrame | None = None
    linked: tuple[str, ...] = ()
    # ... and the social worker episodes of the year before's return (None where it has no such table)
    social_workers_before: pd.DataFrame | None = None

    @property
    def episodes_file(self) -> Path:
        return self.files[1]  # read_ssda903 keeps the header's, then the episodes'


Csvs = dict[Path, pd.DataFrame]  # a return folder's CSV files, each read once


def _read_folder(folder: Path) -> Csvs:
    """Every CSV in `folder`, read with the checks every CSV sefbook reads gets (csvs.py: empty, not UTF-8, a row
    with more or fewer fields than its header), columns as the specification names them, cells stripped."""
    found = {}
    for path in sorted(folder.glob("*.csv")):
        frame = read_csv_text(path)
        frame.columns = frame.columns.str.strip().str.upper()
        frame = frame.apply(lambda column: column.str.strip())
        frame["_row"] = range(2, len(frame) + 2)
        found[path] = frame
    return found


def _matching(csvs: Csvs, columns: tuple[str, ...]) -> list[Path]:
    """The CSVs whose header has these columns (the file's name is the council's)."""
    return [path for path, frame in csvs.items() if set(columns) <= set(frame.columns)]


def _table(folder: Path, csvs: Csvs, columns: tuple[str, ...], name: str) -> tuple[Path, pd.DataFrame]:
    """The one CSV in `folder` holding this table; refused if there is none or two."""
    found = _matching(csvs, columns)
    if not found:
        raise InputError(
            folder, f"has no SSDA903 {name} table", expected="a CSV file with columns " + ", ".join(columns)
        )
    if len(found) > 1:
        raise InputError(
            folder, f"has two SSDA903 {name} tables", expected="one", found=", ".join(p.name for p in found)
        )
    return found[0], csvs[found[0]]


NAMING = Naming(
    where=lambda row, column: f"row {row['_row']}, {{child}}, column {column}",
    child=lambda row: str(row["CHILD"]),
    day_format="%d/%m/%Y",
)


def refuse_row(path: Path, frame: pd.DataFrame, bad: pd.Series, problem: str, expected: str, column: str) -> None:
    """Refuse the return at its first bad row, naming the row, the child and how many rows are like it."""
    refuse_first(path, frame, bad, problem, expected, column, NAMING)


def _dates(path: Path, frame: pd.DataFrame, column: str, blank_allowed: bool) -> pd.Series:
    expected = "a date written dd/mm/yyyy" + (" or blank" if blank_allowed else "")
    return check_days(
        path, frame, column, NAMING, parse=written_as("%d/%m/%Y"), expected=expected, blank_allowed=blank_allowed
    )


def _codes(
    path: Path,
    frame: pd.DataFrame,
    column: str,
    known: frozenset[str],
    year: int,
    blank_allowed: bool,
    children: set[str],
) -> None:
    check_codes(
        path,
        frame,
        column,
        NAMING,
        known,
        specification="SSDA903 specification",
        year=year,
        blank_allowed=blank_allowed,
        children=children,
    )


def _optional_table(
    folder: Path, csvs: Csvs, spec: TableSpec, year: int, header_path: Path, children: set[str], covers_to: date
) -> tuple[Path, pd.DataFrame] | str:
    """An optional table, checked as the required ones are; if it is not there, why its figures are not computed."""
    found = _matching(csvs, spec.columns)
    if not found:
        return (
            f"the return has no {spec.name} table (a CSV file with columns {', '.join(spec.columns)}), so the figures "
            f"drawn from it are not computed"
        )
    if len(found) > 1:
        raise InputError(
            folder, f"has two SSDA903 {spec.name} tables", expected="one", found=", ".join(p.name for p in found)
        )
    path, frame = found[0], csvs[found[0]]
    parsed = {column: _dates(path, frame, column, blank) for column, blank in spec.dates.items()}
    for column, (known, blank) in spec.codes.items():
        _codes(path, frame, column, known, year, blank, children)
    if spec.name == "OC3":
        _codes(path, frame, "ACTIV", activity_codes(year), year, blank_allowed=False, children=children)
    if spec.name == "OC2":
        score = pd.to_numeric(frame["SDQ_SCORE"].where(frame["SDQ_SCORE"] != ""), errors="coerce")
        refuse_row(
            path,
            frame,
            (frame["SDQ_SCORE"] != "") & ~score.between(0, 40) | (score % 1 > 0),
            "has an SDQ score that is not a score",
            "a whole number from 0 to 40, or blank",
            "SDQ_SCORE",
        )
        parsed["SDQ_SCORE"] = score
    for first, then in spec.in_order:
        refuse_row(
            path,
            frame,
            parsed[then].notna() & (parsed[then] < parsed[first]),
            f"has {then} before {first}",
            f"{then} on or after {first}",
            then,
        )
    for column in spec.dates:
        if column != "DOB":
            refuse_row(
                path,
                frame,
                parsed[column] > pd.Timestamp(covers_to),
                "has a date after the return's end",
                f"{column} on or before {covers_to.strftime('%d/%m/%Y')}",
                column,
            )
    refuse_row(
        path,
        frame,
        ~frame["CHILD"].isin(children),
        f"has {spec.name} rows of a child the header does not list",
        f"every CHILD in {header_path.name}",
        "CHILD",
    )
    if spec.name == "OC3":
        _care_leaver_ages(path, frame, parsed["DOB"], year)
    return path, frame.assign(**parsed)


def _care_leaver_ages(path: Path, oc3: pd.DataFrame, born: pd.Series, year: int) -> None:
    """OC3 holds young people whose 17th to 21st birthday fell in the year: their age on 31 March."""
    age = age_on(born, date(year, 3, 31))
    refuse_row(
        path,
        oc3,
        ~age.between(17, 21),
        "has a care leaver whose birthday in the year was not the 17th to 21st",
        f"a date of birth from {date(year - 22, 4, 1).strftime('%d/%m/%Y')} to "
        f"{date(year - 17, 3, 31).strftime('%d/%m/%Y')}",
        "DOB",
    )


def age_on(born: pd.Series, day: date) -> pd.Series:
    """Whole years of age on `day`."""
    had_birthday = (born.dt.month < day.month) | ((born.dt.month == day.month) & (born.dt.day <= day.day))
    return day.year - born.dt.year - (~had_birthday).astype(int)


def _once_each(path: Path, header: pd.DataFrame) -> None:
    """A child is in the header once (the sector's SSDA903 validator, rule INT32: "Child should only exist once in
    Header"): twice, even alike, one record is a mistake, and with two dates of birth sefbook cannot tell which."""
    again = header[header["CHILD"].duplicated(keep=False)]
    if again.empty:
        return
    child = again["CHILD"].iloc[0]
    rows = again[again["CHILD"] == child]
    first, second = rows.iloc[0], rows.iloc[1]
    more = int(header["CHILD"].duplicated().sum()) - 1
    others = f" (and {more} more rows like it)" if more else ""
    rows_of = f"rows {first['_row']} and {second['_row']}, {{child}}, column "
    if first["DOB"] != second["DOB"]:
        raise InputError(
            path,
            "lists a child twice, with different dates of birth",
            where=rows_of + "DOB",
            child=str(child),
            expected="each child once, in one row",
            found=f"{first['DOB']!r} and {second['DOB']!r}{others}",
            personal=True,
        )
    raise InputError(
        path,
        "lists a child twice",
        where=rows_of + "CHILD",
        child=str(child),
        expected="each child once, in one row",
        found=f"two rows alike{others}",
    )


def read_ssda903(folder: Path) -> Ssda903:
    """Read and check one SSDA903 return folder (`ssda903-<year>`)."""
    year, covers_to = collection_period(folder, "ssda903")
    csvs = _read_folder(folder)
    header_path, header = _table(folder, csvs, HEADER_COLUMNS, "header")
    path, episodes = _table(folder, csvs, EPISODES_COLUMNS, "episodes")
    _dates(header_path, header, "DOB", blank_allowed=False)
    _once_each(header_path, header)
    children = set(header["CHILD"])
    decom = _dates(path, episodes, "DECOM", blank_allowed=False)
    dec = _dates(path, episodes, "DEC", blank_allowed=True)
    _codes(path, episodes, "RNE", REASONS_NEW_EPISODE, year, blank_allowed=False, children=children)
    _codes(path, episodes, "LS", LEGAL_STATUSES, year, blank_allowed=False, children=children)
    _codes(path, episodes, "REC", REASONS_CEASED, year, blank_allowed=True, children=children)
    refuse_row(
        path,
        episodes,
        (dec.notna() & (dec < decom)),
        "has an episode that ends before it starts",
        "DEC on or after DECOM",
        "DEC",
    )
    refuse_row(
        path,
        episodes,
        (dec.isna() != (episodes["REC"] == "")),
        "has an episode whose end and reason disagree",
        "DEC and REC both given (the episode ended) or both blank (it is open)",
        "REC",
    )
    refuse_row(
        path,
        episodes,
        ~episodes["CHILD"].isin(set(header["CHILD"])),
        "has episodes of a child the header does not list",
        f"every CHILD in {header_path.name}",
        "CHILD",
    )
    refuse_row(
        path,
        episodes,
        decom > pd.Timestamp(covers_to),
        "has an episode starting after the return's end",
        f"DECOM on or before {covers_to.strftime('%d/%m/%Y')}",
        "DECOM",
    )
    refuse_row(
        path,
        episodes,
        dec > pd.Timestamp(covers_to),
        "has an episode ending after the return's end",
        f"DEC on or before {covers_to.strftime('%d/%m/%Y')}, or blank",
        "DEC",
    )
    ordered = episodes.assign(DECOM=decom, DEC=dec).sort_values(["CHILD", "DECOM"], kind="stable")
    by_child = ordered.groupby("CHILD")
    has_previous = by_child.cumcount() > 0
    previous_end = by_child["DEC"].shift()
    overlapping = has_previous & (previous_end.isna() | (ordered["DECOM"] < previous_end))
    refuse_row(
        path,
        ordered,
        overlapping,
        "has a child's episodes overlapping",
        "each episode to start on or after the end of the one before",
        "DECOM",
    )
    tables, absent, files = {}, {}, [header_path, path]
    for spec in OPTIONAL_TABLES:
        if year < spec.first_year:
            absent[spec.name] = f"the {spec.name} table is collected from {spec.first_year - 1}-{spec.first_year % 100}"
            continue
        table = _optional_table(folder, csvs, spec, year, header_path, children, covers_to)
        if isinstance(table, str):
            absent[spec.name] = table
        else:
            files.append(table[0])
            tables[spec.name] = table[1]
    born = header.assign(DOB=pd.to_datetime(header["DOB"], format="%d/%m/%Y"))[["CHILD", "DOB"]]
    return Ssda903(
        year,
        folder,
        tuple(files),  # each episode's row kept, to name it if another year disagrees
        ordered[["CHILD", "DECOM", "DEC", "RNE", "LS", "REC", "PLACE", "_row"]].reset_index(drop=True),
        covers_to,
        born,
        tables,
        absent,
    )
