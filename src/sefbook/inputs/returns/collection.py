"""A DfE collection a council returns: its folder's name (kind, collection year, extract date),
the years whose specifications sefbook follows, the quarter ends, and the figure computed from it.
Shared by the readers of each kind (ssda903/, cin_census/, annex_a/) and the returns folder (folder.py).

Ofsted's Annex A is not a collection year's return: its folder is named by the day its lists were run
(`annex-a-2025-10-14`), read by `run_date` rather than `collection_period`."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sefbook.errors import InputError

KNOWN_YEARS = range(2021, 2027)  # collection years whose specifications sefbook follows
QUARTER_ENDS = ((1, 6, 30), (2, 9, 30), (3, 12, 31), (4, 3, 31))  # quarter, month, day (Q4 ends in the year after)
KINDS = {"ssda903": "an SSDA903 return", "cin": "a CIN census"}  # folder prefix: what it holds
RETURN_FOLDER = re.compile(r"^(?P<kind>[a-z0-9]+)-(?P<year>\d{4})(?:-to-(?P<extract>\d{4}-\d{2}-\d{2}))?$")
RUN_DATE_KINDS = {"annex-a": "Ofsted's Annex A lists"}  # folder prefix: lists named by the day they were run
RUN_DATE_FOLDER = re.compile(r"^(?P<kind>annex-a)-(?P<run>\d{4}-\d{2}-\d{2})$")


# Fields that are a child's personal data (normalised: lower case, no spaces or underscores), in SSDA903's columns,
# the CIN census's elements and Annex A's headers: a bad value found in one is withheld, like the child's reference,
# from a message bound for a log (errors.InputError.describe).
PERSONAL_FIELDS = frozenset(
    {
        "child",
        "dob",
        "upn",
        "mcdob",
        "lachildid",
        "formerupn",
        "personbirthdate",
        "expectedpersonbirthdate",
        "persondeathdate",
        "childuniqueid",
        "uniquepupilnumber",
        "dateofbirth",
        "childsdateofbirth",
    }
)


def is_personal(field: str) -> bool:
    """Whether a column, element or header holds a child's personal data."""
    return re.sub(r"[\s_'\u2019]", "", field).lower() in PERSONAL_FIELDS


def code_shown(value: object, known: Iterable[str], references: Collection[str] = ()) -> bool:
    """Whether a value found in a coded column may be shown in a log: a blank, or a slip of a code's length written
    in the codes' own characters (upper-case letters, digits ...) that is none of the return's child references. A
    UPN, a date, a name or a reference typed into the column is longer or written otherwise: withheld like them."""
    text, codes = str(value), list(known)
    if text == "":
        return True
    classes = {_class(c) for code in codes for c in code}
    return (
        len(text) <= max(map(len, codes), default=0)
        and all(_class(c) in classes for c in text)
        and text not in references
    )


def _class(char: str) -> str:
    return "upper" if "A" <= char <= "Z" else "lower" if "a" <= char <= "z" else "digit" if "0" <= char <= "9" else char


COMPUTED_SOURCE = "computed from "  # how every computed figure's source begins: "computed from SSDA903 2025"


@dataclass(frozen=True)
class ComputedFigure:
    indicator: str
    time_period: int  # the reporting year (to 31 March)
    quarter: int  # 0: the year as a whole (on 31 March); 1 to 3: at the end of that quarter
    value: float
    source: str  # "computed from SSDA903 2025"
    # the smallest count of children the figure rests on (a rate's count, a share's part or whole), for publication
    # mode's suppression; None where the return's counts do not say (such a figure is then never published)
    smallest_count: float | None = None


def collection_period(folder: Path, kind: str) -> tuple[int, date]:
    """The collection year a return's folder names, and the last day the return covers (31 March
    of that year for a whole return, else the extract's date)."""
    match = RETURN_FOLDER.match(folder.name)
    what = KINDS[kind]
    if not match or match["kind"] != kind:
        raise InputError(
            folder,
            f"is not named as {what}",
            expected=f"{kind}-<year>, the year the collection ends ({kind}-2025: 1 April 2024 to 31 "
            f"March 2025), or {kind}-<year>-to-<extract date> for one in progress",
            found=repr(folder.name),
        )
    year = int(match["year"])
    covers_to = date(year, 3, 31)
    if match["extract"]:
        try:
            extract: date | None = date.fromisoformat(match["extract"])
        except ValueError:
            extract = None
        if extract is None or not date(year - 1, 4, 1) <= extract < date(year, 3, 31):
            raise InputError(
                folder,
                "names an extract date outside its collection year",
                expected=f"a date from {year - 1}-04-01 to {year}-03-30 (on 31 March the return is "
                f"whole: {kind}-{year})",
                found=repr(match["extract"]),
            )
        covers_to = extract
    if year not in KNOWN_YEARS:
        raise InputError(
            folder,
            f"is {what} for a collection year sefbook does not know the rules of",
            expected=f"a year from {KNOWN_YEARS.start} to {KNOWN_YEARS.stop - 1}",
            found=str(year),
        )
    return year, covers_to


def run_date(folder: Path, kind: str) -> date:
    """The day the lists in a folder named `<kind>-<yyyy-mm-dd>` were run (`annex-a-2025-10-14`)."""
    match = RUN_DATE_FOLDER.match(folder.name)
    what = RUN_DATE_KINDS[kind]
    if not match or match["kind"] != kind:
        raise InputError(
            folder,
            f"is not named as {what}",
            expected=f"{kind}-<the day the lists were run, yyyy-mm-dd> ({kind}-2025-10-14)",
            found=repr(folder.name),
        )
    try:
        day = date.fromisoformat(match["run"])
    except ValueError:
        raise InputError(
            folder, "names a day that is not a date", expected="a date written yyyy-mm-dd", found=repr(match["run"])
        ) from None
    year = day.year + 1 if day.month >= 4 else day.year  # the reporting year it falls in
    if year not in KNOWN_YEARS:
        raise InputError(
            folder,
            f"holds {what} run in a reporting year sefbook does not know the rules of",
            expected=f"a day from {KNOWN_YEARS.start - 1}-04-01 to {KNOWN_YEARS.stop - 1}-03-31",
            found=repr(match["run"]),
        )
    return day
