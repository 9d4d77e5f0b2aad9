"""The council's SSDA903 return (children looked after), read, checked and counted the DfE's way.

A return is a folder of CSV tables (`ssda903-2025/` for the whole year to 31 March 2025,
`ssda903-2026-to-2025-10-14/` for one in progress: see returns.py), each table found by its
columns, as the DfE's and the sector's tools find them. What is computed:

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

The other SSDA903 tables are optional, each found by its columns (DfE SSDA903 technical specification, as the
sector's validator and LIIA tools read them): OC2, OC3, AD1, placed for adoption, UASC, missing, reviews, previous
permanence and, from 2023-24, social worker episodes. A table that is there is checked as the episodes are (dates,
codes of its collection year, dates in order, no date after the return's end, every child in the header; OC3's young
people 17 to 21 at their birthday in the year); one that is not leaves the figures it feeds out, the reason kept
(`ssda903_left_out`). From a whole year's return (UASC on 31 March also at the quarter ends, as a count on a day):

- **cla_three_placements**: of the children looked after on 31 March, the share with three or more placements
  in the year: the placement the year began in, and each episode starting in the year with a new placement (RNE
  S, P, T, B or U; L changes the legal status only), not counting a temporary placement (PLACE T0 to T4) or the
  return from one (for which the specification asks no reason for a change); short breaks left out;
- **cla_three_placements_2_years**: of the children looked after on 31 March whose period of care began by 1 April
  two years before (the DfE's "CLA 2 years on 31 March"), the share with three or more placements in those two
  years, counted the same way. A year's return starts on 1 April of its year: the year before's, linked
  (link_years), holds the first of the two years; without it the figure is left out, saying for how many children;
- **cla_three_social_workers_2_years**: of the same two years' cohort, the share with three or more different
  social workers (SW_ID) in those two years, from this year's social worker episodes and the year before's (linked);
- **cla_long_term_stability**: of the children under 16 on 31 March looked after continuously for two and a half
  years (since 30 September three years before), the share in the same placement for two years (since 31 March two
  years before) or placed for adoption (A3 to A6) where that placement and the one before last two years together
  (the DfE's, once NI 63's, definition). A period of care starts with RNE S, a placement with S, P, T, B or U; a
  return holds only the year's episodes, so where a child's start is in an earlier year's return the figure is
  left out, saying for how many children (the DfE reads its longitudinal database);
- OC2, over the children looked after on 1 April and 31 March whose time in care did not end in between, by age on
  31 March (a child with no OC2 row counts as not checked): **cla_health_assessments** (HEALTH_ASSESSMENT 1),
  **cla_immunisations**, **cla_dental_checks** (TEETH_CHECK), **cla_substance_misuse**, all ages;
  **cla_development_assessments** (HEALTH_CHECK, the under 5s' health promotion check); **cla_convicted** (10 to
  17); **cla_sdq_received** (a score, 5 to 16), **cla_sdq_average** and **cla_sdq_concern** (17 or more, of those
  with a score);
- OC3, over the care leavers of each age at their birthday in the year (17 to 18, 19 to 21), leaving out those who
  died or went home to their parents for six months (IN_TOUCH DIED, RHOM), as the DfE's tables do:
  **care_leavers_eet** and **care_leavers_eet_17_18** (ACTIV F1, P1, F2, P2, F4, P4, F5, P5; F3, P3 before
  2021-22), **care_leavers_neet_19_21** (G4, G5, G6), **care_leavers_higher_education_19_21** (F1, P1),
  **care_leavers_apprenticeship_19_21** (F4, P4, from 2021-22), **care_leavers_activity_not_known_19_21** (0),
  **care_leavers_19_21_count**, **care_leavers_suitable_accommodation** and its 17 to 18 (ACCOM ending 1),
  **care_leavers_in_touch** (YES);
- adoption, for the children adopted in the year (E11, E12), each an average in months of 365.25 / 12 days, the
  year's (the DfE's England table is a single year, not the old scorecard's three-year average):
  **adoption_decision_to_match_months** (AD1's DATE_INT, the decision that the child should be placed for adoption,
  to DATE_MATCH) and **adoption_entry_to_adoption_months** (the start of the period of care to the adoption; left
  out, saying for how many, where the start is before the earliest return held);
- the adoption scorecard's timeliness measures, in days, for the children adopted in the year (registry
  `returns_only`: sefbook reads no published file of them). Sources: DfE, Adoption scorecards: year ending March
  2018, methodology and guidance (March 2019), for A1 and A2; LG Inform's help text for A2 (id.esd.org.uk/metricType/
  912: court authority is a placement order or freeing order; children not placed for adoption before the adoption
  order, or with neither order, are left out; zero for a child matched before the authority); for A10, Coram-i's
  local ASGLB data (Q3 2020-21, which added A10 and dropped A1 from 2021-22) and the DfE's adjustment as councils
  describe it (Wolverhampton, Analysis of adoption scorecard information 2011-2014, 1.3: introduced in 2012-13, for
  a child adopted by its foster family it counts to the day that fostering placement began); SSDA903 validation
  rules 390 (an adoption's episode is placed for adoption, A3 to A6), 335 (A3 and A5, placed with the current
  foster carers, go with AD1's FOSTER_CARE 1) and 408 (A5, A6 need LS E1). Computed:
  **adoption_a1_days**: from entering care (the start of the period of care that ended in the adoption, as the DfE's
  tables count from the final period of care) to moving in with the adoptive family (the start of the run of
  placed-for-adoption episodes, PLACE A3 to A6, that ended in it); **adoption_a10_days**: the same, but for a child
  placed for adoption with its current foster carers (A3, A5) counted to the start of the placement before, when it
  moved in with them; **adoption_a2_days**: from the court's authority to place (the first episode of the period
  under a placement order or freeing order, LS E1 or D1) to the match with adopters (AD1's DATE_MATCH), zero for a
  child matched before it. A child not placed for adoption before the adoption (its last episode not A3 to A6) is not
  counted, nor, for A2, one with neither order (a return breaking rule 390 is not refused: the child is left out).
  One year's adoptions, where the scorecard averaged three years: a series keeps one meaning whatever the returns
  folder holds, and the DfE's own adoption timings (its England table) are a year's. Each needs the start of a
  child's time in care (A2: of the court's authority), so these fill in from earlier years' returns (below);
- **uasc_started_rate**, **uasc_cla_rate**: children starting care (their first start) or looked after on the day
  who were unaccompanied asylum-seeking children then (in the UASC table, DUC blank or later), per 10,000;
- **cla_three_social_workers**: of the children looked after on 31 March, the share with three or more different
  social workers (SW_ID) in episodes open during the year.

Not computed: `cla_three_placements_2_years` and the two-year social worker measure (two years of episodes, so
two returns); missing, reviews and previous permanence are checked but feed no registry indicator.

**Earlier years' returns** (`link_years`): a return holds the episodes open at some time in its year, so the start of
a child's time in care, of its placement or of its placement order may be in an earlier one. Where the returns folder
also holds the whole returns of the years before (ssda903-2024 beside ssda903-2025, and ssda903-2023 beside that,
year by year until one is missing), a whole year's return is linked to them child by child, as the DfE links a child's
episodes across years (a child by the council's CHILD reference, an episode by its start, DECOM), and long-term
stability and the adoption timings read the linked history. The two years must agree where both hold a child's episode: the same
RNE, LS and PLACE; the end the earlier gives, or none on or before its last day where it has the episode open; an
episode open on the earlier's last day held by the later; an episode the later says started by then held by the
earlier. A return that disagrees is refused, naming both files, the row, the child and what the other file says. A
figure is still left out, with the reason, where even the earliest return held does not reach a child's start. A
return in progress is not linked: none of its figures needs the start of a child's time in care.

Each figure enters the canonical table as the council's own, provisional, with "computed from
SSDA903 <year>" as its source; a published figure for the same period wins. **Child-level rows
never leave this module**: only counts per indicator and period do. A return that cannot be
right (a table missing, a date that is not a date, an unknown code, an episode ending before it
starts, a child's episodes overlapping) is refused with the file, the row, the child's reference
(for the analyst to find the record) and how many rows are affected.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pandas as pd

from sefbook.errors import InputError
from sefbook.inputs.collection import (
    COMPUTED_SOURCE,
    KNOWN_YEARS,
    QUARTER_ENDS,
    ComputedFigure,
    code_shown,
    collection_period,
    is_personal,
)
from sefbook.inputs.published.csvs import read_csv_text

# The SSDA903 tables sefbook reads, by their columns (DfE SSDA903 technical specification).
HEADER_COLUMNS = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
EPISODES_COLUMNS = (
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
)
# Code lists of the fields the figures rest on, per collection year (the years sefbook knows).
REASONS_NEW_EPISODE = frozenset({"S", "P", "L", "T", "U", "B"})
LEGAL_STATUSES = frozenset({"C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3"})
REASONS_CEASED = frozenset(
    {
        "E11",
        "E12",
        "E2",
        "E3",
        "E4A",
        "E4B",
        "E13",
        "E41",
        "E45",
        "E46",
        "E47",
        "E48",
        "E5",
        "E6",
        "E7",
        "E8",
        "E9",
        "E14",
        "E15",
        "E16",
        "E17",
        "X1",
    }
)
ENDS_A_PERIOD_IN_CARE = REASONS_CEASED - {"X1"}  # X1: the episode ended, the child stayed in care
ADOPTED, SPECIAL_GUARDIANSHIP, CHILD_ARRANGEMENTS = {"E11", "E12"}, {"E43", "E44", "E45", "E46"}, {"E41", "E47", "E48"}
SHORT_BREAKS = frozenset({"V3", "V4"})  # an agreed series of short-term placements: not counted as in care

# Placements (PLACE): temporary ones (hospital, holiday, a carer's holiday, seven days or less) and placed for adoption.
TEMPORARY_PLACEMENTS = frozenset({"T0", "T1", "T2", "T3", "T4"})
PLACED_FOR_ADOPTION = frozenset({"A3", "A4", "A5", "A6"})
WITH_FOSTER_CARERS = frozenset({"A3", "A5"})  # placed for adoption with the child's current foster carers
COURT_AUTHORITY = frozenset({"E1", "D1"})  # a placement order (or, before 2005, a freeing order): authority to place
NEW_PLACEMENT = frozenset({"S", "P", "T", "B", "U"})  # RNE: every reason for a new episode but L (legal status only)
# OC3 (care leavers) code lists: ACTIV, ACCOM (suffix 1: suitable, 2: not suitable; 0: not known), IN_TOUCH.
EET_BEFORE_2022 = frozenset({"F1", "P1", "F2", "P2", "F3", "P3"})
EET = frozenset({"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"})  # from 2021-22, F4/P4 apprenticeships
NEET, ACTIVITY_NOT_KNOWN, HIGHER_EDUCATION, APPRENTICESHIP = (
    frozenset({"G4", "G5", "G6"}),
    {"0"},
    {"F1", "P1"},
    {"F4", "P4"},
)
ACCOMMODATION = frozenset({f"{kind}{suitable}" for kind in "BCDEGHKRSTUVWXYZ" for suitable in "12"} | {"0"})
IN_TOUCH = frozenset({"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"})
NOT_A_CARE_LEAVER_NOW = {"DIED", "RHOM"}  # died, or home with parents for six months: left out, as the DfE does
YES_NO = frozenset({"0", "1"})
SDQ_CONCERN = 17  # a score of 17 or more (of 0 to 40) is a cause for concern


@dataclass(frozen=True)
class TableSpec:
    """An optional SSDA903 table: its columns, its dates (blank allowed?), its coded columns (blank allowed?), the
    dates that must be in order, the collection year it starts in, and the indicators it feeds."""

    name: str
    columns: tuple[str, ...]
    dates: dict[str, bool]
    codes: dict[str, tuple[frozenset[str], bool]]
    in_order: tuple[tuple[str, str], ...] = ()
    first_year: int = KNOWN_YEARS.start
    feeds: tuple[str, ...] = ()


def activity_codes(year: int) -> frozenset[str]:
    """ACTIV codes: F3/P3 (training or employment) split into F4/P4 (apprenticeship) and F5/P5 from 2021-22."""
    return (EET_BEFORE_2022 if year < 2022 else EET) | NEET | ACTIVITY_NOT_KNOWN


OC2_INDICATORS = (
    "cla_health_assessments",
    "cla_immunisations",
    "cla_dental_checks",
    "cla_development_assessments",
    "cla_sdq_received",
    "cla_sdq_average",
    "cla_sdq_concern",
    "cla_convicted",
    "cla_substance_misuse",
)
OC3_INDICATORS = (
    "care_leavers_eet",
    "care_leavers_eet_17_18",
    "care_leavers_neet_19_21",
    "care_leavers_higher_education_19_21",
    "care_leavers_apprenticeship_19_21",
    "care_leavers_activity_not_known_19_21",
    "care_leavers_19_21_count",
    "care_leavers_suitable_accommodation",
    "care_leavers_suitable_accommodation_17_18",
    "care_leavers_in_touch",
)
OPTIONAL_TABLES = (
    TableSpec(
        "OC2",
        (
            "CHILD",
            "DOB",
            "SDQ_SCORE",
            "SDQ_REASON",
            "CONVICTED",
            "HEALTH_CHECK",
            "IMMUNISATIONS",
            "TEETH_CHECK",
            "HEALTH_ASSESSMENT",
            "SUBSTANCE_MISUSE",
            "INTERVENTION_RECEIVED",
            "INTERVENTION_OFFERED",
        ),
        {"DOB": False},
        {
            "SDQ_REASON": (frozenset({"SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"}), True),
            **{
                c: (YES_NO, True)
                for c in (
                    "CONVICTED",
                    "HEALTH_CHECK",
                    "IMMUNISATIONS",
                    "TEETH_CHECK",
                    "HEALTH_ASSESSMENT",
                    "SUBSTANCE_MISUSE",
                    "INTERVENTION_RECEIVED",
                    "INTERVENTION_OFFERED",
                )
            },
        },
        feeds=OC2_INDICATORS,
    ),
    TableSpec(
        "OC3",
        ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
        {"DOB": False},
        {"IN_TOUCH": (IN_TOUCH, False), "ACCOM": (ACCOMMODATION, False)},
        feeds=OC3_INDICATORS,
    ),
    TableSpec(
        "AD1",
        ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"),
        {"DOB": False, "DATE_INT": False, "DATE_MATCH": False},
        {
            "FOSTER_CARE": (YES_NO, False),
            "SEX_ADOPTR": (frozenset({"M1", "F1", "MM", "FF", "MF"}), False),
            "LS_ADOPTR": (frozenset({"L0", "L11", "L12", "L2", "L3", "L4"}), False),
        },
        in_order=(("DATE_INT", "DATE_MATCH"),),
        feeds=("adoption_decision_to_match_months", "adoption_a2_days"),
    ),
    TableSpec(
        "placed for adoption",
        ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
        {"DOB": False, "DATE_PLACED": False, "DATE_PLACED_CEASED": True},
        {"REASON_PLACED_CEASED": (frozenset({"RD1", "RD2", "RD3", "RD4"}), True)},
        in_order=(("DATE_PLACED", "DATE_PLACED_CEASED"),),
    ),
    TableSpec(
        "UASC",
        ("CHILD", "SEX", "DOB", "DUC"),
        {"DOB": False, "DUC": True},
        {},
        feeds=("uasc_started_rate", "uasc_cla_rate"),
    ),
    TableSpec(
        "missing",
        ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
        {"DOB": False, "MIS_START": False, "MIS_END": True},
        {"MISSING": (frozenset({"M", "A"}), False)},
        in_order=(("MIS_START", "MIS_END"),),
    ),
    TableSpec(
        "reviews",
        ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
        {"DOB": False, "REVIEW": False},
        {"REVIEW_CODE": (frozenset({f"PN{n}" for n in range(8)}), False)},
    ),
    TableSpec(
        "previous permanence",
        ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
        {"DOB": False},
        {"PREV_PERM": (frozenset({"P1", "P2", "P3", "P4", "Z1"}), False)},
    ),
    TableSpec(
        "social worker episodes",
        ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
        {"DOB": False, "SW_DECOM": False, "SW_DEC": True},
        {
            "SW_REASON": (
                frozenset(
                    {"MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS"}
                ),
                True,
            )
        },
        in_order=(("SW_DECOM", "SW_DEC"),),
        first_year=2024,
        feeds=("cla_three_social_workers", "cla_three_social_workers_2_years"),
    ),
)


@dataclass(frozen=True)
class Ssda903:
    """One SSDA903 return, checked: its collection year, the last date it covers, its episodes."""

    year: int  # the collection ends on 31 March of this year
    folder: Path
    files: tuple[Path, ...]
    episodes: pd.DataFrame  # CHILD, DECOM, DEC (dates), RNE, LS, REC, PLACE; child-level: never leaves this module
    covers_to: date  # 31 March of the year for a whole return; the extract's date for one in progress
    header: pd.DataFrame | None = None  # CHILD, DOB (a date)
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


def _refuse(
    path: Path,
    frame: pd.DataFrame,
    bad: pd.Series,
    problem: str,
    expected: str,
    column: str,
    shown: Callable[[object], bool] = lambda value: True,
) -> None:
    """Refuse the return at the first bad row, naming the row, the child and how many rows are affected. What was
    found is withheld from logs where the column is personal data or `shown` says the value may be."""
    if not bad.any():
        return
    first = frame[bad].iloc[0]
    more = int(bad.sum()) - 1
    raise InputError(
        path,
        problem,
        where=f"row {first['_row']}, {{child}}, column {column}",
        child=str(first["CHILD"]),
        expected=expected,
        found=repr(first[column]) + (f" (and {more} more rows like it)" if more else ""),
        personal=is_personal(column) or not shown(first[column]),
    )


def _dates(path: Path, frame: pd.DataFrame, column: str, blank_allowed: bool) -> pd.Series:
    parsed = pd.to_datetime(frame[column], format="%d/%m/%Y", errors="coerce")
    blank = frame[column] == ""
    _refuse(
        path,
        frame,
        parsed.isna() & ~(blank & blank_allowed),
        "has a date that is not a date",
        "a date written dd/mm/yyyy" + (" or blank" if blank_allowed else ""),
        column,
    )
    return parsed


def _codes(
    path: Path,
    frame: pd.DataFrame,
    column: str,
    known: frozenset[str],
    year: int,
    blank_allowed: bool,
    children: Collection[str] = (),
) -> None:
    """A coded column's values are codes; a bad one is shown in a log only if it looks like a slip of a code (a UPN,
    a date or a child's reference typed there is withheld: collection.code_shown)."""
    bad = ~frame[column].isin(known) & ~((frame[column] == "") & blank_allowed)
    _refuse(
        path,
        frame,
        bad,
        "has a code the SSDA903 specification does not know",
        f"one of {', '.join(sorted(known))} (collection year {year})",
        column,
        shown=lambda value: code_shown(value, known, children),
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
        _refuse(
            path,
            frame,
            (frame["SDQ_SCORE"] != "") & ~score.between(0, 40) | (score % 1 > 0),
            "has an SDQ score that is not a score",
            "a whole number from 0 to 40, or blank",
            "SDQ_SCORE",
        )
        parsed["SDQ_SCORE"] = score
    for first, then in spec.in_order:
        _refuse(
            path,
            frame,
            parsed[then].notna() & (parsed[then] < parsed[first]),
            f"has {then} before {first}",
            f"{then} on or after {first}",
            then,
        )
    for column in spec.dates:
        if column != "DOB":
            _refuse(
                path,
                frame,
                parsed[column] > pd.Timestamp(covers_to),
                "has a date after the return's end",
                f"{column} on or before {covers_to.strftime('%d/%m/%Y')}",
                column,
            )
    _refuse(
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
    age = _age_on(born, date(year, 3, 31))
    _refuse(
        path,
        oc3,
        ~age.between(17, 21),
        "has a care leaver whose birthday in the year was not the 17th to 21st",
        f"a date of birth from {date(year - 22, 4, 1).strftime('%d/%m/%Y')} to "
        f"{date(year - 17, 3, 31).strftime('%d/%m/%Y')}",
        "DOB",
    )


def _age_on(born: pd.Series, day: date) -> pd.Series:
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
    _refuse(
        path,
        episodes,
        (dec.notna() & (dec < decom)),
        "has an episode that ends before it starts",
        "DEC on or after DECOM",
        "DEC",
    )
    _refuse(
        path,
        episodes,
        (dec.isna() != (episodes["REC"] == "")),
        "has an episode whose end and reason disagree",
        "DEC and REC both given (the episode ended) or both blank (it is open)",
        "REC",
    )
    _refuse(
        path,
        episodes,
        ~episodes["CHILD"].isin(set(header["CHILD"])),
        "has episodes of a child the header does not list",
        f"every CHILD in {header_path.name}",
        "CHILD",
    )
    _refuse(
        path,
        episodes,
        decom > pd.Timestamp(covers_to),
        "has an episode starting after the return's end",
        f"DECOM on or before {covers_to.strftime('%d/%m/%Y')}",
        "DECOM",
    )
    _refuse(
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
    _refuse(
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
    children = header.assign(DOB=pd.to_datetime(header["DOB"], format="%d/%m/%Y"))[["CHILD", "DOB"]]
    return Ssda903(
        year,
        folder,
        tuple(files),  # each episode's row kept, to name it if another year disagrees
        ordered[["CHILD", "DECOM", "DEC", "RNE", "LS", "REC", "PLACE", "_row"]].reset_index(drop=True),
        covers_to,
        children,
        tables,
        absent,
    )


def _whole(ret: Ssda903) -> bool:
    return ret.covers_to >= date(ret.year, 3, 31)


def link_years(returns: Sequence[Ssda903]) -> list[Ssda903]:
    """The returns, each whole year's linked to the whole returns of the years before it that are there, year by year
    until one is missing (a gap would hide the episodes that ended in it), after checking that each two consecutive
    years agree (`_check_agree`). A return in progress is as it was: none of its figures needs the history."""
    whole = {r.year: r for r in returns if _whole(r)}
    for year in sorted(whole):
        if year - 1 in whole:
            _check_agree(whole[year], whole[year - 1])
    linked = []
    for ret in returns:
        chain, year = [], ret.year - 1
        while _whole(ret) and year in whole:
            chain.append(whole[year])
            year -= 1
        linked.append(_with_history(ret, chain) if chain else ret)
    return linked


def _with_history(ret: Ssda903, earlier: list[Ssda903]) -> Ssda903:
    """`ret` with the episodes its earlier years' returns hold and it does not (each held once: where two returns
    hold an episode, the later's, which knows how it ended)."""
    key = ["CHILD", "DECOM"]
    held = pd.MultiIndex.from_frame(ret.episodes[key])
    frames = []
    for before in earlier:  # the year before first
        new = before.episodes[~pd.MultiIndex.from_frame(before.episodes[key]).isin(held)]
        frames.append(new.drop(columns="_row"))  # its row numbers are another file's
        held = held.append(pd.MultiIndex.from_frame(new[key]))
    return replace(
        ret,
        history=pd.concat(frames, ignore_index=True),
        linked=tuple(r.folder.name for r in earlier),
        social_workers_before=earlier[0].tables.get("social worker episodes"),
    )


def all_episodes(ret: Ssda903) -> pd.DataFrame:
    """The return's episodes and, where earlier years' returns are linked, theirs before them."""
    if ret.history is None or not len(ret.history):
        return ret.episodes
    return pd.concat([ret.history, ret.episodes], ignore_index=True)


def _held(ret: Ssda903) -> str:
    """What holds a child's history, as a reason's subject: "the return does" or "the returns here ... do"."""
    if not ret.linked:
        return "the return does"
    return f"the returns here ({ret.linked[-1]} to {ret.folder.name}) do"


def _not_held(ret: Ssda903) -> str:
    """Where a start the returns do not reach is, and what would reach it."""
    earliest = ret.year - 1 - len(ret.linked)  # the year the earliest return starts in (1 April)
    if not ret.linked:
        return f"it is in an earlier year's return: put ssda903-{ret.year - 1} and the years before beside this one"
    return f"it is before 1 April {earliest}, where the earliest of them starts"


def _check_agree(later: Ssda903, earlier: Ssda903) -> None:
    """Refuse two consecutive years' whole returns that disagree about a child's episodes, naming both files: an
    episode both hold (the same child and DECOM) must have the same RNE, LS and PLACE, end as the earlier says where
    it ended there, and not end by the earlier's last day where it was open there; an episode open on the earlier's
    last day must be in the later; one the later says started by then must be in the earlier."""
    end = pd.Timestamp(earlier.covers_to)
    on_end = earlier.covers_to.strftime("%d/%m/%Y")
    later_name = f"{later.folder.name}/{later.episodes_file.name}"
    earlier_name = f"{earlier.folder.name}/{earlier.episodes_file.name}"

    def text(frame: pd.DataFrame) -> pd.DataFrame:  # dates as the file writes them, to show; the days kept to compare
        return frame.assign(
            start=frame["DECOM"],
            end=frame["DEC"],
            **{c: frame[c].dt.strftime("%d/%m/%Y").fillna("") for c in ("DECOM", "DEC")},
        )

    both = text(later.episodes).merge(
        text(earlier.episodes).drop(columns=["start", "end"]),
        on=["CHILD", "DECOM"],
        how="left",
        suffixes=("", "_before"),
        indicator=True,
    )
    in_both = both["_merge"] == "both"

    def refuse(bad: pd.Series, problem: str, column: str, expected) -> None:
        if bad.any():  # the expected text names the other file's row for the first bad row, the one refused
            _refuse(later.episodes_file, both, bad, problem, expected(both[bad].iloc[0]), column)

    def as_before(column: str):
        return lambda row: (
            f"{column} as {earlier_name} has it for the same episode (DECOM {row['DECOM']}, its row "
            f"{int(row['_row_before'])}): {row[f'{column}_before']!r}"
        )

    for column in ("RNE", "LS", "PLACE"):
        refuse(
            in_both & (both[column] != both[f"{column}_before"]),
            f"has a child's episode that {earlier_name} records differently",
            column,
            as_before(column),
        )
    ended_before = in_both & (both["DEC_before"] != "")
    for column in ("DEC", "REC"):
        refuse(
            ended_before & (both[column] != both[f"{column}_before"]),
            f"has a child's episode that {earlier_name} ends differently",
            column,
            as_before(column),
        )
    refuse(
        in_both & (both["DEC_before"] == "") & (both["end"] <= end),
        f"has a child's episode ending by {on_end}, which {earlier_name} has open on that day",
        "DEC",
        lambda row: (
            f"DEC after {on_end}, or blank (open on {on_end} in {earlier_name}, its row {int(row['_row_before'])})"
        ),
    )
    refuse(
        ~in_both & (both["start"] <= end),
        f"has a child's episode starting by {on_end} that {earlier_name} does not hold",
        "DECOM",
        lambda row: f"the episode in {earlier_name} too (the year to {on_end}), starting the same day",
    )
    open_then = text(earlier.episodes).merge(
        text(later.episodes)[["CHILD", "DECOM"]].drop_duplicates(), on=["CHILD", "DECOM"], how="left", indicator=True
    )
    _refuse(
        earlier.episodes_file,
        open_then,
        (open_then["DEC"] == "") & (open_then["_merge"] == "left_only"),
        f"has a child's episode open on {on_end} that {later_name} does not hold",
        f"the episode in {later_name} too (it was open when that year began), starting the same day",
        "DECOM",
    )


def looked_after_on(episodes: pd.DataFrame, day: date) -> int:
    """Children looked after on `day` (an episode open on it: started on or before, not ended
    before), not counting those looked after only under a series of short breaks."""
    return len(children_looked_after_on(episodes, day))


def children_looked_after_on(episodes: pd.DataFrame, day: date) -> pd.Index:
    """The children counted by `looked_after_on`."""
    when = pd.Timestamp(day)
    open_then = (episodes["DECOM"] <= when) & (episodes["DEC"].isna() | (episodes["DEC"] > when))
    return pd.Index(episodes.loc[open_then & ~episodes["LS"].isin(SHORT_BREAKS), "CHILD"].unique())


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


def _year(year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(year - 1, 4, 1), pd.Timestamp(year, 3, 31)


def _percent(part: pd.Series) -> float | None:
    """The share of True in `part` as a percentage; None if there is no one to count."""
    return float(part.mean() * 100) if len(part) else None


def _in_care(episodes: pd.DataFrame) -> pd.DataFrame:
    """Episodes that count as being looked after (not short breaks), each child's in date order."""
    return episodes[~episodes["LS"].isin(SHORT_BREAKS)].sort_values(["CHILD", "DECOM"], kind="stable")


def placements_in_year(episodes: pd.DataFrame, year: int) -> pd.Series:
    """Placements during the year of each child looked after on 31 March: the one the year began in, and each episode
    starting in the year with a new placement (RNE S, P, T, B or U), except a temporary placement (PLACE T0 to T4)
    and the return from one (which has no reason for a placement change); short breaks left out."""
    placements = _placements_between(episodes, *_year(year))
    return placements.reindex(children_looked_after_on(episodes, date(year, 3, 31)), fill_value=0)


def _placements_between(episodes: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.Series:
    """Each child's placements from `first` to `last`, counted as placements_in_year counts them."""
    counted = _in_care(episodes).sort_values(["CHILD", "DECOM"], kind="stable")
    temporary = counted["PLACE"].isin(TEMPORARY_PLACEMENTS)
    after_temporary = counted.groupby("CHILD")["PLACE"].shift().isin(TEMPORARY_PLACEMENTS)
    new = counted["RNE"].isin(NEW_PLACEMENT) & counted["DECOM"].between(first, last) & ~temporary & ~after_temporary
    held_at_start = (counted["DECOM"] < first) & (counted["DEC"].isna() | (counted["DEC"] > first))
    return (new | held_at_start).groupby(counted["CHILD"]).sum()


def placements_in_two_years(episodes: pd.DataFrame, year: int) -> tuple[pd.Series, int]:
    """Of the children looked after on 31 March who had been looked after continuously for the two years before
    (their period of care began by 1 April two years before: the DfE's "CLA 2 years on 31 March"), the placements each
    had in those two years, counted as placements_in_year counts them; and how many children the episodes cannot
    settle this for (their period's start is not held: it may be before or after that day). Needs the year before's
    return linked (link_years): a year's own return starts on 1 April of its year."""
    first, last = pd.Timestamp(year - 2, 4, 1), pd.Timestamp(year, 3, 31)
    e = _periods_and_placements(episodes)
    now = e[(e["DECOM"] <= last) & (e["DEC"].isna() | (e["DEC"] > last))]
    long_enough = now["period_start"] <= first  # the period's first episode held is at or before the window's start
    unsettled = int((~long_enough & ~now["period_known"]).sum())
    cohort = now.loc[long_enough, "CHILD"]
    return _placements_between(episodes, first, last).reindex(cohort, fill_value=0), unsettled


def _periods_and_placements(episodes: pd.DataFrame) -> pd.DataFrame:
    """Each episode with the start of its period of care and of its placement, and whether the return holds that
    start (a period starts with RNE S; a placement with S, P, T, B or U): an earlier start is in an earlier return."""
    e = _in_care(episodes).reset_index(drop=True)
    by_child = e.groupby("CHILD")
    joined = (by_child["REC"].shift() == "X1") & (e["DECOM"] == by_child["DEC"].shift())
    new_period = (by_child.cumcount() == 0) | (e["RNE"] == "S") | ~joined
    new_placement = new_period | e["RNE"].isin(NEW_PLACEMENT)
    period, placement = new_period.cumsum(), new_placement.cumsum()
    e["period"], e["placement"] = period, placement
    e["period_start"] = e.groupby(period)["DECOM"].transform("first")
    e["period_known"] = e.groupby(period)["RNE"].transform("first") == "S"
    e["placement_start"] = e.groupby(placement)["DECOM"].transform("first")
    e["placement_known"] = e.groupby(placement)["RNE"].transform("first").isin(NEW_PLACEMENT)
    starts = e[new_placement].groupby(period[new_placement])
    e["previous_placement_start"] = (
        starts["placement_start"].shift().reindex(e.index).groupby(placement).transform("first")
    )
    e["previous_placement_known"] = (
        starts["placement_known"]
        .shift()
        .reindex(e.index)
        .groupby(placement)
        .transform("first")
        .fillna(False)
        .astype(bool)
    )
    return e


def long_term_stability(episodes: pd.DataFrame, header: pd.DataFrame, year: int) -> tuple[float | None, int]:
    """Children under 16 on 31 March looked after continuously for at least two and a half years (since 30 September
    three years before) who have lived in the same placement for at least two years (since 31 March two years
    before), or are placed for adoption and that placement and the one before it together last two years; and
    how many children the return cannot settle this for (their start is in an earlier return)."""
    cared_since, placed_since = pd.Timestamp(year - 3, 9, 30), pd.Timestamp(year - 2, 3, 31)
    e = _periods_and_placements(episodes)
    on_day = pd.Timestamp(year, 3, 31)
    now = e[(e["DECOM"] <= on_day) & (e["DEC"].isna() | (e["DEC"] > on_day))].merge(header, on="CHILD")
    now = now[_age_on(now["DOB"], date(year, 3, 31)) < 16]
    long_enough = now["period_start"] <= cared_since
    unsettled = ~long_enough & ~now["period_known"]
    adoption = now["PLACE"].isin(PLACED_FOR_ADOPTION)
    stayed = now["placement_start"] <= placed_since
    stayed_unknown = ~stayed & ~now["placement_known"]
    with_previous = adoption & (now["previous_placement_start"] <= placed_since)
    with_previous_unknown = adoption & ~with_previous & ~now["previous_placement_known"] & now["placement_known"]
    stable = stayed | with_previous
    unsettled |= long_enough & ~stable & (stayed_unknown | with_previous_unknown)
    cohort = now[long_enough]
    return _percent(stable[long_enough]) if len(cohort) else None, int(unsettled.sum())


def continuously_looked_after_12_months(episodes: pd.DataFrame, year: int) -> pd.Index:
    """Children looked after on 1 April and on 31 March whose time in care did not end in between (OC2's cohort)."""
    first, last = _year(year)
    counted = _in_care(episodes)
    ended = counted.loc[counted["REC"].isin(ENDS_A_PERIOD_IN_CARE) & counted["DEC"].between(first, last), "CHILD"]
    whole_year = children_looked_after_on(episodes, first.date()).intersection(
        children_looked_after_on(episodes, last.date())
    )
    return whole_year.difference(pd.Index(ended.unique()))


def _oc2_cohort(ret: Ssda903) -> pd.DataFrame:
    """OC2's rows of the children looked after continuously for 12 months, with their age on 31 March (a child with no
    OC2 row has blanks: not checked)."""
    cohort = pd.DataFrame({"CHILD": continuously_looked_after_12_months(ret.episodes, ret.year)})
    oc2 = cohort.merge(ret.header, on="CHILD").merge(ret.tables["OC2"].drop(columns="DOB"), on="CHILD", how="left")
    return oc2.assign(age=_age_on(oc2["DOB"], date(ret.year, 3, 31)))


def oc2_shares(ret: Ssda903) -> dict[str, pd.Series]:
    """Each OC2 share's children, True for those counted in it, over its age band."""
    oc2 = _oc2_cohort(ret)
    under_5, sdq_ages, from_10 = oc2["age"] < 5, oc2["age"].between(5, 16), oc2["age"].between(10, 17)
    return {
        "cla_health_assessments": oc2["HEALTH_ASSESSMENT"] == "1",
        "cla_immunisations": oc2["IMMUNISATIONS"] == "1",
        "cla_dental_checks": oc2["TEETH_CHECK"] == "1",
        "cla_development_assessments": oc2.loc[under_5, "HEALTH_CHECK"] == "1",
        "cla_sdq_received": oc2.loc[sdq_ages, "SDQ_SCORE"].notna(),
        "cla_sdq_concern": oc2.loc[sdq_ages, "SDQ_SCORE"].dropna() >= SDQ_CONCERN,
        "cla_convicted": oc2.loc[from_10, "CONVICTED"] == "1",
        "cla_substance_misuse": oc2["SUBSTANCE_MISUSE"] == "1",
    }


def oc2_figures(ret: Ssda903) -> dict[str, float | None]:
    """The OC2 measures, each over the children looked after continuously for 12 months in its age band on 31 March
    (a child with no OC2 row counts as not having had the check)."""
    oc2 = _oc2_cohort(ret)
    scores = oc2.loc[oc2["age"].between(5, 16), "SDQ_SCORE"].dropna()
    average = {"cla_sdq_average": float(scores.mean()) if len(scores) else None}
    return {indicator: _percent(part) for indicator, part in oc2_shares(ret).items()} | average


def _care_leavers(oc3: pd.DataFrame, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The care leavers aged 17 to 18 and 19 to 21 at their birthday in the year, but those who died or went home to
    their parents for six months (as the DfE counts them)."""
    leavers = oc3[~oc3["IN_TOUCH"].isin(NOT_A_CARE_LEAVER_NOW)]
    age = _age_on(leavers["DOB"], date(year, 3, 31))
    return leavers[age <= 18], leavers[age >= 19]


def oc3_shares(oc3: pd.DataFrame, year: int) -> dict[str, pd.Series]:
    """Each care leaver share's young people, True for those counted in it, over their age band."""
    young, older = _care_leavers(oc3, year)
    eet = EET_BEFORE_2022 if year < 2022 else EET
    apprenticeship = {"care_leavers_apprenticeship_19_21": older["ACTIV"].isin(APPRENTICESHIP)} if year >= 2022 else {}
    return {
        "care_leavers_eet": older["ACTIV"].isin(eet),
        "care_leavers_eet_17_18": young["ACTIV"].isin(eet),
        "care_leavers_neet_19_21": older["ACTIV"].isin(NEET),
        "care_leavers_higher_education_19_21": older["ACTIV"].isin(HIGHER_EDUCATION),
        **apprenticeship,
        "care_leavers_activity_not_known_19_21": older["ACTIV"].isin(ACTIVITY_NOT_KNOWN),
        "care_leavers_suitable_accommodation": older["ACCOM"].str.endswith("1"),
        "care_leavers_suitable_accommodation_17_18": young["ACCOM"].str.endswith("1"),
        "care_leavers_in_touch": older["IN_TOUCH"] == "YES",
    }


def oc3_figures(oc3: pd.DataFrame, year: int) -> dict[str, float | None]:
    """The care leaver measures, by age at the birthday in the year (17 to 18, 19 to 21), over every care leaver
    of that age but those who died or went home to their parents for six months (as the DfE counts them)."""
    shares = {indicator: _percent(part) for indicator, part in oc3_shares(oc3, year).items()}
    return shares | {"care_leavers_19_21_count": float(len(_care_leavers(oc3, year)[1]))}


def adopted_in_year(episodes: pd.DataFrame, year: int) -> pd.DataFrame:
    """The episodes that ended in an adoption in the year (E11, E12), with their period of care's start and the
    days the adoption timings count from and to (NaT where there is none):

    - `placed_on`: the start of the run of placed-for-adoption episodes (PLACE A3 to A6) that ended in the adoption
      (NaT: not placed for adoption first);
    - `moved_in_on`: the day the child moved in with the carers who adopted it: `placed_on`, or for a child placed
      for adoption with its current foster carers (A3, A5) the start of the placement before (the scorecard's
      adjustment for foster carer adoptions), within the same period of care;
    - `authority_on`: the start of the first episode of the period under a placement order or freeing order (LS E1,
      D1), and `authority_known`: whether the episodes held reach it (an earlier one may be in an earlier return)."""
    first, last = _year(year)
    e = _periods_and_placements(episodes)
    by_child = e.groupby("CHILD")
    new_period = e["period"] != by_child["period"].shift()
    placed = e["PLACE"].isin(PLACED_FOR_ADOPTION)
    # a run of placed-for-adoption episodes starts where the one before (in the period) was not one
    run_starts = placed & (new_period | ~by_child["PLACE"].shift().isin(PLACED_FOR_ADOPTION))
    run = run_starts.cumsum()
    e["placed_on"] = e["DECOM"].groupby(run).transform("first").where(placed)
    before_run = e["placement_start"].shift().where(run_starts & ~new_period)  # the placement the run followed
    foster_on = before_run.groupby(run).transform("first")
    e["moved_in_on"] = foster_on.where(e["PLACE"].isin(WITH_FOSTER_CARERS) & foster_on.notna(), e["placed_on"])
    authority = e["LS"].isin(COURT_AUTHORITY)
    first_authority = authority & (authority.groupby(e["period"]).cumsum() == 1)
    e["authority_on"] = e["DECOM"].where(first_authority).groupby(e["period"]).transform("first")
    # the first order's episode is the first held of its period: it may have started in an earlier return
    e["authority_known"] = e["period_known"] | ~(first_authority & new_period).groupby(e["period"]).transform("any")
    return e[e["REC"].isin(ADOPTED) & e["DEC"].between(first, last)]


def _months(days: pd.Series) -> float:
    return float(days.dt.days.mean() / (365.25 / 12))


def _mean_days(days: pd.Series) -> float:
    return float(days.dt.days.mean())


def uasc_on(uasc: pd.DataFrame, children: pd.Series, days: pd.Series) -> pd.Series:
    """Whether each child was an unaccompanied asylum-seeking child on its day (in the UASC table, its status not
    ceased by then)."""
    ceased = children.map(uasc.groupby("CHILD")["DUC"].max())
    listed = children.isin(set(uasc["CHILD"]))
    return listed & (ceased.isna() | (ceased > days))


def social_workers_in_year(sw: pd.DataFrame, year: int) -> pd.Series:
    """How many different social workers (SW_ID) each child had during the year."""
    first, last = _year(year)
    overlapping = sw[(sw["SW_DECOM"] <= last) & (sw["SW_DEC"].isna() | (sw["SW_DEC"] >= first))]
    return overlapping.groupby("CHILD")["SW_ID"].nunique()


def ssda903_figures(ret: Ssda903, population: dict[int, float]) -> list[ComputedFigure]:
    """The figures one SSDA903 return gives: on 31 March of its year if it covers it, else at
    the end of each quarter it covers. `population`: the council's published children aged 0 to
    17 by mid-year; a rate is computed only where the mid-year before the reporting year's end
    is known (as the DfE divides by)."""
    return _figures_and_gaps(ret, population)[0]


def ssda903_left_out(ret: Ssda903, population: dict[int, float]) -> dict[str, str]:
    """The indicators this return could feed but does not, each with the reason."""
    return _figures_and_gaps(ret, population)[1]


def _days(ret: Ssda903) -> list[tuple[int, date]]:
    """31 March of its year (quarter 0) for a whole return, else the quarter ends it covers."""
    if ret.covers_to >= date(ret.year, 3, 31):
        return [(0, date(ret.year, 3, 31))]
    return [
        (quarter, date(ret.year - 1, month, day))
        for quarter, month, day in QUARTER_ENDS[:3]
        if date(ret.year - 1, month, day) <= ret.covers_to
    ]


def _figures_and_gaps(ret: Ssda903, population: dict[int, float]) -> tuple[list[ComputedFigure], dict[str, str]]:
    source = f"{COMPUTED_SOURCE}SSDA903 {ret.year}"
    children = population.get(ret.year - 1)  # the year to 31 March 2025: mid-2024 estimates
    per_10k = (lambda count: count / children * 10_000) if children and children > 0 else None
    values: dict[tuple[str, int], float | None] = {}
    gaps = {
        indicator: reason
        for spec in OPTIONAL_TABLES
        if spec.name in ret.absent
        for indicator in spec.feeds
        for reason in [ret.absent[spec.name]]
    }
    days = _days(ret)
    if days and days[0][0] == 0:  # a whole year: who came into care, who left and how, and the year's measures
        whole, whole_gaps = _whole_year(ret, per_10k)
        values |= {(indicator, 0): value for indicator, value in whole.items()}
        gaps |= whole_gaps
    for quarter, day in days:
        count = looked_after_on(ret.episodes, day)
        values[("children_looked_after_count", quarter)] = float(count)
        values[("cla_rate", quarter)] = per_10k(count) if per_10k else None
        if "UASC" in ret.tables:
            values[("uasc_cla_rate", quarter)] = per_10k(uasc_looked_after(ret, day)) if per_10k else None
    figures = [
        ComputedFigure(indicator, ret.year, quarter, float(value), source)
        for (indicator, quarter), value in values.items()
        if value is not None
    ]
    return figures, {i: r for i, r in gaps.items() if not any(f.indicator == i for f in figures)}


def _whole_year(ret: Ssda903, per_10k) -> tuple[dict[str, float | None], dict[str, str]]:
    """The measures only a whole year's return gives, and why any of them is not given."""
    values: dict[str, float | None] = {}
    gaps: dict[str, str] = {}
    started, ceased = started_and_ceased(ret.episodes, ret.year)
    if per_10k:
        values |= {"cla_started_rate": per_10k(started), "cla_ceased_rate": per_10k(len(ceased))}
    if len(ceased):
        for indicator, reasons in CEASED_BY_REASON.items():
            values[indicator] = float(ceased.isin(reasons).mean() * 100)
    values["cla_three_placements"] = _percent(placements_in_year(ret.episodes, ret.year) >= 3)
    two_years, unsettled = placements_in_two_years(all_episodes(ret), ret.year)
    if unsettled:
        gaps["cla_three_placements_2_years"] = (
            f"for {unsettled} children {_held(ret)} not hold the start of their time in care ({_not_held(ret)})"
        )
    elif len(two_years):
        values["cla_three_placements_2_years"] = _percent(two_years >= 3)
    stability, unsettled = long_term_stability(all_episodes(ret), ret.header, ret.year)
    if unsettled:
        gaps["cla_long_term_stability"] = (
            f"for {unsettled} children {_held(ret)} not hold the start of their time "
            f"in care or of their placement ({_not_held(ret)})"
        )
    else:
        values["cla_long_term_stability"] = stability
    values |= _adoption(ret, gaps)
    if "OC2" in ret.tables:
        values |= oc2_figures(ret)
    if "OC3" in ret.tables:
        values |= oc3_figures(ret.tables["OC3"], ret.year)
    if "UASC" in ret.tables and per_10k:
        values["uasc_started_rate"] = per_10k(uasc_started(ret))
    if "social worker episodes" in ret.tables:
        values["cla_three_social_workers"] = _percent(three_social_workers(ret))
        two_years, why_not = three_social_workers_two_years(ret)
        if two_years is None:
            gaps["cla_three_social_workers_2_years"] = why_not
        elif len(two_years):
            values["cla_three_social_workers_2_years"] = _percent(two_years)
    return values, gaps


CEASED_BY_REASON = {
    "cla_ceased_adopted": ADOPTED,
    "cla_ceased_sgo": SPECIAL_GUARDIANSHIP,
    "cla_ceased_cao": CHILD_ARRANGEMENTS,
}


def uasc_looked_after(ret: Ssda903, day: date) -> int:
    """Children looked after on `day` who were unaccompanied asylum-seeking children then."""
    in_care = pd.Series(children_looked_after_on(ret.episodes, day))
    return int(uasc_on(ret.tables["UASC"], in_care, pd.Series(pd.Timestamp(day), index=in_care.index)).sum())


def uasc_started(ret: Ssda903) -> int:
    """Children starting care in the year (their first start) who were unaccompanied asylum-seeking children then."""
    first, last = _year(ret.year)
    counted = _in_care(ret.episodes)
    starts = counted[(counted["RNE"] == "S") & counted["DECOM"].between(first, last)].drop_duplicates("CHILD")
    return int(uasc_on(ret.tables["UASC"], starts["CHILD"], starts["DECOM"]).sum())


def three_social_workers_two_years(ret: Ssda903) -> tuple[pd.Series | None, str]:
    """Of the children looked after on 31 March whose time in care began by 1 April two years before (as for
    placements over two years), whether each had three or more different social workers (SW_ID) in those two years,
    from this year's social worker episodes and the year before's (linked); or None and why it cannot be said."""
    if ret.social_workers_before is None:
        return None, (
            f"it needs the year before's social worker episodes too: put ssda903-{ret.year - 1}, with its "
            f"social worker table, beside this one"
            if not ret.linked
            else f"{ret.linked[0]} has no social worker table"
        )
    cohort, unsettled = placements_in_two_years(all_episodes(ret), ret.year)
    if unsettled:
        return (
            None,
            f"for {unsettled} children {_held(ret)} not hold the start of their time in care ({_not_held(ret)})",
        )
    sw = pd.concat([ret.social_workers_before, ret.tables["social worker episodes"]], ignore_index=True)
    first, last = pd.Timestamp(ret.year - 2, 4, 1), pd.Timestamp(ret.year, 3, 31)
    overlapping = sw[(sw["SW_DECOM"] <= last) & (sw["SW_DEC"].isna() | (sw["SW_DEC"] >= first))]
    workers = overlapping.groupby("CHILD")["SW_ID"].nunique()
    return workers.reindex(cohort.index, fill_value=0) >= 3, ""


def three_social_workers(ret: Ssda903) -> pd.Series:
    """Of the children looked after on 31 March, whether each had three or more social workers in the year."""
    workers = social_workers_in_year(ret.tables["social worker episodes"], ret.year)
    in_care = children_looked_after_on(ret.episodes, date(ret.year, 3, 31))
    return workers.reindex(in_care, fill_value=0) >= 3


def _adoption(ret: Ssda903, gaps: dict[str, str]) -> dict[str, float | None]:
    """Average months from entering care, and from the decision to adopt (AD1's DATE_INT) to the match with adopters
    (DATE_MATCH), to adoption, and the scorecard's A1, A10 and A2 in days, for the children adopted in the year."""
    adopted = adopted_in_year(all_episodes(ret), ret.year)
    values: dict[str, float | None] = {}
    if not len(adopted):
        return values
    if not adopted["period_known"].all():
        gaps["adoption_entry_to_adoption_months"] = (
            f"for {int((~adopted['period_known']).sum())} children adopted in the year {_held(ret)} not hold the "
            f"day they came into care ({_not_held(ret)})"
        )
    else:
        values["adoption_entry_to_adoption_months"] = _months(adopted["DEC"] - adopted["period_start"])
    values |= _scorecard(ret, adopted, gaps)
    if "AD1" in ret.tables:
        matched = adopted[["CHILD"]].merge(ret.tables["AD1"], on="CHILD", how="left")
        if matched["DATE_MATCH"].isna().any():
            gaps["adoption_decision_to_match_months"] = (
                f"{int(matched['DATE_MATCH'].isna().sum())} children adopted in the year have no AD1 row"
            )
        else:
            values["adoption_decision_to_match_months"] = _months(matched["DATE_MATCH"] - matched["DATE_INT"])
    return values


def _scorecard(ret: Ssda903, adopted: pd.DataFrame, gaps: dict[str, str]) -> dict[str, float]:
    """The scorecard's A1 and A10 (entering care to moving in with the adoptive family) and A2 (court authority to
    the match), in days, over the children adopted in the year who count in each; why any is not given."""
    values: dict[str, float] = {}
    placed = adopted[adopted["placed_on"].notna()]  # not placed for adoption first: the scorecard leaves them out
    a1_a10 = ("adoption_a1_days", "adoption_a10_days")
    if not len(placed):
        for indicator in a1_a10:
            gaps[indicator] = (
                f"none of the {len(adopted)} children adopted in the year was placed for adoption "
                f"first (their adoption's episode is not PLACE A3 to A6), and the scorecard counts only "
                f"those who were"
            )
    elif not placed["period_known"].all():
        for indicator in a1_a10:
            gaps[indicator] = (
                f"for {int((~placed['period_known']).sum())} children adopted in the year {_held(ret)} "
                f"not hold the day they came into care ({_not_held(ret)})"
            )
    else:
        values["adoption_a1_days"] = _mean_days(placed["placed_on"] - placed["period_start"])
        values["adoption_a10_days"] = _mean_days(placed["moved_in_on"] - placed["period_start"])
    if "AD1" not in ret.tables:
        return values  # its reason is the table's (OPTIONAL_TABLES)
    ordered = placed[placed["authority_on"].notna()]  # with neither order: the scorecard leaves them out
    matched = ordered[["CHILD", "authority_on", "authority_known"]].merge(ret.tables["AD1"], on="CHILD", how="left")
    if not len(ordered):
        gaps["adoption_a2_days"] = (
            f"none of the {len(adopted)} children adopted in the year was both placed for "
            f"adoption first (PLACE A3 to A6) and under a placement or freeing order (LS E1, "
            f"D1), whom alone the scorecard counts"
        )
    elif not matched["authority_known"].all():
        gaps["adoption_a2_days"] = (
            f"for {int((~matched['authority_known']).sum())} children adopted in the year {_held(ret)} not hold the "
            f"day the court gave authority to place them ({_not_held(ret)})"
        )
    elif matched["DATE_MATCH"].isna().any():
        gaps["adoption_a2_days"] = (
            f"{int(matched['DATE_MATCH'].isna().sum())} children adopted in the year have no AD1 row"
        )
    else:  # matched before the court's authority: zero days, as the scorecard counts it
        waited = matched["DATE_MATCH"] - matched["authority_on"]
        values["adoption_a2_days"] = _mean_days(waited.clip(lower=pd.Timedelta(0)))
    return values


SSDA903_INDICATORS = (
    "children_looked_after_count",
    "cla_rate",
    "cla_started_rate",
    "cla_ceased_rate",
    "cla_ceased_adopted",
    "cla_ceased_sgo",
    "cla_ceased_cao",
    "cla_three_placements",
    "cla_three_placements_2_years",
    "cla_long_term_stability",
    *OC2_INDICATORS,
    *OC3_INDICATORS,
    "adoption_entry_to_adoption_months",
    "adoption_decision_to_match_months",
    "uasc_started_rate",
    "uasc_cla_rate",
    "cla_three_social_workers",
    "cla_three_social_workers_2_years",
    "adoption_a1_days",
    "adoption_a2_days",
    "adoption_a10_days",
)


def ssda903_counts(ret: Ssda903) -> dict[str, dict[str, float]]:
    """The counts of children behind a whole year's figures, per indicator, each under the column of the DfE's
    published table that carries it (a rate's count, the children counted in a share). Empty for a return in
    progress (the DfE publishes whole years only). Counts only: no child's row leaves this module."""
    if ret.covers_to < date(ret.year, 3, 31):
        return {}
    year, episodes = ret.year, ret.episodes
    started, ceased = started_and_ceased(episodes, year)
    counts = {
        "cla_rate": len(children_looked_after_on(episodes, date(year, 3, 31))),
        "cla_started_rate": started,
        "cla_ceased_rate": len(ceased),
        "cla_three_placements": (placements_in_year(episodes, year) >= 3).sum(),
    }
    two_years, unsettled = placements_in_two_years(all_episodes(ret), year)
    if len(two_years) and not unsettled:
        counts["cla_three_placements_2_years"] = (two_years >= 3).sum()
    if "OC2" in ret.tables:
        counts |= {indicator: part.sum() for indicator, part in oc2_shares(ret).items() if len(part)}
    if "social worker episodes" in ret.tables:
        counts["cla_three_social_workers"] = three_social_workers(ret).sum()
        two_years, _ = three_social_workers_two_years(ret)
        if two_years is not None and len(two_years):
            counts["cla_three_social_workers_2_years"] = two_years.sum()
    found = {indicator: {"children_count": float(count)} for indicator, count in counts.items()}
    if len(ceased):
        found |= {
            indicator: {"number": float(ceased.isin(reasons).sum())} for indicator, reasons in CEASED_BY_REASON.items()
        }
    if "OC3" in ret.tables:
        found |= {
            indicator: {"care_leaver_count": float(part.sum())}
            for indicator, part in oc3_shares(ret.tables["OC3"], year).items()
            if len(part)
        }
    if "UASC" in ret.tables:
        found |= {
            "uasc_started_rate": {"number": float(uasc_started(ret))},
            "uasc_cla_rate": {"number": float(uasc_looked_after(ret, date(year, 3, 31)))},
        }
    return found
