"""The council's own child-level returns, turned into its figures the DfE's way.

A returns folder (sef.yml's `returns:`) holds one folder per return and collection year, named
as the DfE names the collection: `ssda903-2025/` is the SSDA903 return for the whole year to 31
March 2025 (its CSV tables, each found by its columns, as the DfE's and the sector's tools find
them); `ssda903-2026-to-2025-10-14/` is this year's return as extracted on 14 October 2025. The
folder says which, because nothing in the tables can: a whole year's last event may be in
February. What is computed:

- **children_looked_after_count**: children looked after on 31 March of the collection year
  (and, from a return still in progress, on the last day of each quarter it covers), leaving
  out children looked after only under an agreed series of short breaks (legal status V3, V4),
  as the DfE's published counts do;
- **cla_rate**: the same per 10,000 children aged 0 to 17, on the council's published
  mid-year population for the calendar year before (as the DfE divides by);
- from a whole year's return, **cla_started_rate** and **cla_ceased_rate**: children who
  started (ceased) to be looked after in the year per 10,000, each child counted once (the
  first start, the last ceasing), and of those who ceased, the share adopted
  (**cla_ceased_adopted**: E11, E12), leaving on a special guardianship order
  (**cla_ceased_sgo**: E43 to E46) or a residence or child arrangements order
  (**cla_ceased_cao**: E41, E47, E48); short breaks left out throughout.

Each figure enters the canonical table as the council's own, provisional, with "computed from
SSDA903 <year>" as its source; a published figure for the same period wins. **Child-level rows
never leave this module**: only counts per indicator and period do. A return that cannot be
right (a table missing, a date that is not a date, an unknown code, an episode ending before it
starts, a child's episodes overlapping) is refused with the file, the row, the child's reference
(for the analyst to find the record) and how many rows are affected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from sefbook.errors import InputError
from sefbook.inputs.files import regular_file

# The SSDA903 tables sefbook reads, by their columns (DfE SSDA903 technical specification).
HEADER_COLUMNS = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
EPISODES_COLUMNS = ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                    "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN")
# Code lists of the fields the figures rest on, per collection year (the years sefbook knows).
REASONS_NEW_EPISODE = frozenset({"S", "P", "L", "T", "U", "B"})
LEGAL_STATUSES = frozenset({"C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3"})
REASONS_CEASED = frozenset({"E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E5",
                            "E6", "E7", "E8", "E9", "E14", "E15", "E16", "E17", "X1"})
KNOWN_YEARS = range(2021, 2027)
ENDS_A_PERIOD_IN_CARE = REASONS_CEASED - {"X1"}  # X1: the episode ended, the child stayed in care
ADOPTED, SPECIAL_GUARDIANSHIP, CHILD_ARRANGEMENTS = {"E11", "E12"}, {"E43", "E44", "E45", "E46"}, {"E41", "E47", "E48"}
SHORT_BREAKS = frozenset({"V3", "V4"})  # an agreed series of short-term placements: not counted as in care
RETURN_FOLDER = re.compile(r"^ssda903-(\d{4})(?:-to-(\d{4}-\d{2}-\d{2}))?$")
QUARTER_ENDS = ((1, 6, 30), (2, 9, 30), (3, 12, 31), (4, 3, 31))  # quarter, month, day (Q4 ends in the year after)


@dataclass(frozen=True)
class Ssda903:
    """One SSDA903 return, checked: its collection year, the last date it covers, its episodes."""

    year: int  # the collection ends on 31 March of this year
    folder: Path
    files: tuple[Path, ...]
    episodes: pd.DataFrame  # CHILD, DECOM, DEC (dates), RNE, LS, REC; child-level: never leaves this module
    covers_to: date  # 31 March of the year for a whole return; the extract's date for one in progress


def _table(folder: Path, columns: tuple[str, ...], name: str) -> tuple[Path, pd.DataFrame]:
    """The CSV in `folder` whose header has these columns (the file's name is the council's)."""
    found = []
    for path in sorted(folder.glob("*.csv")):
        regular_file(path)
        head = pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns.str.strip().str.upper()
        if set(columns) <= set(head):
            found.append(path)
    if not found:
        raise InputError(folder, f"has no SSDA903 {name} table", expected="a CSV file with columns " + ", ".join(columns))
    if len(found) > 1:
        raise InputError(folder, f"has two SSDA903 {name} tables", expected="one",
                         found=", ".join(p.name for p in found))
    frame = pd.read_csv(found[0], dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = frame.columns.str.strip().str.upper()
    frame = frame.apply(lambda column: column.str.strip())
    frame["_row"] = range(2, len(frame) + 2)
    return found[0], frame


def _refuse(path: Path, frame: pd.DataFrame, bad: pd.Series, problem: str, expected: str, column: str) -> None:
    """Refuse the return at the first bad row, naming the row, the child and how many rows are affected."""
    if not bad.any():
        return
    first = frame[bad].iloc[0]
    more = int(bad.sum()) - 1
    raise InputError(path, problem, where=f"row {first['_row']}, child {first['CHILD']}, column {column}",
                     expected=expected, found=repr(first[column]) + (f" (and {more} more rows like it)" if more else ""))


def _dates(path: Path, frame: pd.DataFrame, column: str, blank_allowed: bool) -> pd.Series:
    parsed = pd.to_datetime(frame[column], format="%d/%m/%Y", errors="coerce")
    blank = frame[column] == ""
    _refuse(path, frame, parsed.isna() & ~(blank & blank_allowed), "has a date that is not a date",
            "a date written dd/mm/yyyy" + (" or blank" if blank_allowed else ""), column)
    return parsed


def _codes(path: Path, frame: pd.DataFrame, column: str, known: frozenset[str], year: int, blank_allowed: bool) -> None:
    bad = ~frame[column].isin(known) & ~((frame[column] == "") & blank_allowed)
    _refuse(path, frame, bad, "has a code the SSDA903 specification does not know",
            f"one of {', '.join(sorted(known))} (collection year {year})", column)


def read_ssda903(folder: Path) -> Ssda903:
    """Read and check one SSDA903 return folder (`ssda903-<year>`)."""
    match = RETURN_FOLDER.match(folder.name)
    if not match:
        raise InputError(folder, "is not named as an SSDA903 return",
                         expected="ssda903-<year>, the year the collection ends (ssda903-2025: to 31 March 2025), "
                                  "or ssda903-<year>-to-<extract date> for one in progress",
                         found=repr(folder.name))
    year = int(match.group(1))
    covers_to = date(year, 3, 31)
    if match.group(2):
        try:
            covers_to = date.fromisoformat(match.group(2))
        except ValueError:
            covers_to = None
        if covers_to is None or not date(year - 1, 4, 1) <= covers_to < date(year, 3, 31):
            raise InputError(folder, "names an extract date outside its collection year",
                             expected=f"a date from {year - 1}-04-01 to {year}-03-30 (on 31 March the "
                                      f"return is whole: ssda903-{year})", found=repr(match.group(2)))
    if year not in KNOWN_YEARS:
        raise InputError(folder, "is an SSDA903 collection year sefbook does not know the rules of",
                         expected=f"a year from {KNOWN_YEARS.start} to {KNOWN_YEARS.stop - 1}", found=str(year))
    header_path, header = _table(folder, HEADER_COLUMNS, "header")
    path, episodes = _table(folder, EPISODES_COLUMNS, "episodes")
    _dates(header_path, header, "DOB", blank_allowed=False)
    decom = _dates(path, episodes, "DECOM", blank_allowed=False)
    dec = _dates(path, episodes, "DEC", blank_allowed=True)
    _codes(path, episodes, "RNE", REASONS_NEW_EPISODE, year, blank_allowed=False)
    _codes(path, episodes, "LS", LEGAL_STATUSES, year, blank_allowed=False)
    _codes(path, episodes, "REC", REASONS_CEASED, year, blank_allowed=True)
    _refuse(path, episodes, (dec.notna() & (dec < decom)), "has an episode that ends before it starts",
            "DEC on or after DECOM", "DEC")
    _refuse(path, episodes, (dec.isna() != (episodes["REC"] == "")), "has an episode whose end and reason disagree",
            "DEC and REC both given (the episode ended) or both blank (it is open)", "REC")
    _refuse(path, episodes, ~episodes["CHILD"].isin(set(header["CHILD"])), "has episodes of a child the header does not list",
            f"every CHILD in {header_path.name}", "CHILD")
    _refuse(path, episodes, decom > pd.Timestamp(covers_to), "has an episode starting after the return's end",
            f"DECOM on or before {covers_to.strftime('%d/%m/%Y')}", "DECOM")
    _refuse(path, episodes, dec > pd.Timestamp(covers_to), "has an episode ending after the return's end",
            f"DEC on or before {covers_to.strftime('%d/%m/%Y')}, or blank", "DEC")
    ordered = episodes.assign(DECOM=decom, DEC=dec).sort_values(["CHILD", "DECOM"], kind="stable")
    by_child = ordered.groupby("CHILD")
    has_previous = by_child.cumcount() > 0
    previous_end = by_child["DEC"].shift()
    overlapping = has_previous & (previous_end.isna() | (ordered["DECOM"] < previous_end))
    _refuse(path, ordered, overlapping, "has a child's episodes overlapping",
            "each episode to start on or after the end of the one before", "DECOM")
    return Ssda903(year, folder, (header_path, path),
                   ordered[["CHILD", "DECOM", "DEC", "RNE", "LS", "REC"]].reset_index(drop=True), covers_to)


def looked_after_on(episodes: pd.DataFrame, day: date) -> int:
    """Children looked after on `day` (an episode open on it: started on or before, not ended
    before), not counting those looked after only under a series of short breaks."""
    when = pd.Timestamp(day)
    open_then = (episodes["DECOM"] <= when) & (episodes["DEC"].isna() | (episodes["DEC"] > when))
    return int(episodes.loc[open_then & ~episodes["LS"].isin(SHORT_BREAKS), "CHILD"].nunique())


def started_and_ceased(episodes: pd.DataFrame, year: int) -> tuple[int, pd.Series]:
    """Children who started to be looked after in the year to 31 March `year` (each counted
    once), and the reasons the children who ceased did so (each child once, by the last time
    in the year they ceased), short breaks left out."""
    first, last = pd.Timestamp(year - 1, 4, 1), pd.Timestamp(year, 3, 31)
    counted = episodes[~episodes["LS"].isin(SHORT_BREAKS)]
    starts = counted[(counted["RNE"] == "S") & counted["DECOM"].between(first, last)]
    ends = counted[counted["REC"].isin(ENDS_A_PERIOD_IN_CARE) & counted["DEC"].between(first, last)]
    last_ending = ends.sort_values("DEC", kind="stable").drop_duplicates("CHILD", keep="last")
    return int(starts["CHILD"].nunique()), last_ending["REC"]


@dataclass(frozen=True)
class ComputedFigure:
    indicator: str
    time_period: int  # the reporting year (to 31 March)
    quarter: int  # 0: the year as a whole (on 31 March); 1 to 3: at the end of that quarter
    value: float
    source: str  # "computed from SSDA903 2025"


def ssda903_figures(ret: Ssda903, population: dict[int, float]) -> list[ComputedFigure]:
    """The figures one SSDA903 return gives: on 31 March of its year if it covers it, else at
    the end of each quarter it covers. `population`: the council's published children aged 0 to
    17 by mid-year; a rate is computed only where the mid-year before the reporting year's end
    is known (as the DfE divides by)."""
    source = f"computed from SSDA903 {ret.year}"
    days = []
    if ret.covers_to >= date(ret.year, 3, 31):
        days.append((0, date(ret.year, 3, 31)))
    else:
        for quarter, month, day in QUARTER_ENDS[:3]:
            end = date(ret.year - 1, month, day)
            if end <= ret.covers_to:
                days.append((quarter, end))
    figures = []
    children = population.get(ret.year - 1)  # the year to 31 March 2025: mid-2024 estimates
    if days and days[0][0] == 0:  # a whole year: who came into care, who left and how
        started, ceased = started_and_ceased(ret.episodes, ret.year)
        if children and children > 0:
            figures.append(ComputedFigure("cla_started_rate", ret.year, 0, started / children * 10_000, source))
            figures.append(ComputedFigure("cla_ceased_rate", ret.year, 0, len(ceased) / children * 10_000, source))
        if len(ceased):
            for indicator, reasons in (("cla_ceased_adopted", ADOPTED), ("cla_ceased_sgo", SPECIAL_GUARDIANSHIP),
                                       ("cla_ceased_cao", CHILD_ARRANGEMENTS)):
                share = ceased.isin(reasons).mean() * 100
                figures.append(ComputedFigure(indicator, ret.year, 0, float(share), source))
    for quarter, day in days:
        count = looked_after_on(ret.episodes, day)
        figures.append(ComputedFigure("children_looked_after_count", ret.year, quarter, float(count), source))
        if children and children > 0:
            figures.append(ComputedFigure("cla_rate", ret.year, quarter, count / children * 10_000, source))
    return figures


def read_returns(folder: Path) -> list[Ssda903]:
    """Every return in a returns folder, oldest first."""
    if not folder.is_dir():
        raise InputError(folder, "returns folder not found", expected="a folder holding ssda903-<year>/ folders")
    found = [read_ssda903(sub) for sub in sorted(folder.iterdir()) if sub.is_dir() and sub.name.startswith("ssda903")]
    if not found:
        raise InputError(folder, "holds no return sefbook reads", expected="a folder named ssda903-<year>",
                         found=", ".join(sorted(p.name for p in folder.iterdir())) or "nothing")
    return found


RETURN_INDICATORS = ("children_looked_after_count", "cla_rate", "cla_started_rate", "cla_ceased_rate",
                     "cla_ceased_adopted", "cla_ceased_sgo", "cla_ceased_cao")
