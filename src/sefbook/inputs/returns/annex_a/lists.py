"""Annex A's lists as sefbook reads them: each list's name, columns and codes (ListSpec), and the AnnexA read from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from sefbook.inputs.returns.ssda903.codes import (
    EET,
    EET_BEFORE_2022,
    NEET,
)

SHORT_BREAKS = frozenset({"V3", "V4"})
LEGAL_STATUSES = frozenset({"C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3"})
REASONS_CEASED = frozenset(
    {
        "E11",
        "E12",
        "E13",
        "E14",
        "E15",
        "E16",
        "E17",
        "E2",
        "E3",
        "E4A",
        "E4B",
        "E41",
        "E43",
        "E44",
        "E45",
        "E46",
        "E47",
        "E48",
        "E5",
        "E6",
        "E7",
        "E8",
        "E9",
        "X1",
    }
)
CLOSURE_REASONS = frozenset({f"RC{n}" for n in range(1, 10)})
PRIMARY_NEEDS = frozenset({f"N{n}" for n in range(10)})
LETTERS = frozenset("abcde")  # the guidance's drop-down options, "a) Neglect", "e) Closed episode"
YES, NO = frozenset({"y", "yes", "a) yes"}), frozenset({"n", "no", "b) no"})
GUIDANCE_PERIOD_MONTHS = 6  # the lists cover at least the six months before they were run
ADOPTION_LIST_MONTHS = 12  # List 10: adoptions, decisions and reversals in the 12 months before the run
HEADER_SEARCH_ROWS = 30  # title rows above the header: a header further down is not one
# List 9 (care leavers), as the guidance's drop-downs write them (liia-tools' Annex_A_schema.yml)
ELIGIBILITY = frozenset("abcd")  # a) relevant, b) former relevant, c) qualifying care leaver, d) eligible child
FORMER_RELEVANT = "b"
IN_TOUCH_ANSWERS = frozenset({"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"})  # SSDA903's IN_TOUCH codes
ACCOMMODATION_TYPES = frozenset("BCDEGHKRSTUVWXYZ")  # SSDA903's ACCOM letters; suitability is its own column
SUITABILITY = frozenset("ab")  # a) suitable, b) unsuitable
ACTIVITIES = EET_BEFORE_2022 | EET | NEET  # F3/P3 (before 2021-22's F4, F5) are still in the drop-down
BIRTHDAY_BEFORE, BIRTHDAY_AFTER = 3, 1  # months: the DfE's "around the birthday"
# List 10 (adoption)
REVERSAL_REASONS = frozenset({"RD1", "RD2", "RD3", "RD4"})
MONTH_DAYS = 365.25 / 12  # as ssda903/ averages months

# Every list, by number: its name (a sheet may be named by either)
LIST_NAMES = {
    1: ("contacts",),
    2: ("early help",),
    3: ("referrals",),
    4: ("assessments",),
    5: ("section 47 enquiries and icpcs", "sec47 and icpc", "section 47"),
    6: ("children in need",),
    7: ("child protection",),
    8: ("children in care", "children looked after", "looked after children"),
    9: ("care leavers",),
    10: ("adoption",),
    11: ("adopters",),
}
# A code column: the pattern that finds its code in a cell ("RC7 - Services ceased ...", "a) E11: Adopted ..."),
# the codes known, and whether it may be blank.
CODE_PATTERNS = {
    "reason for closure": r"^(RC\d)\b",
    "primary need code": r"^(N\d)\b",
    "letter": r"^([a-eA-E])\)",
    "legal status": r"^(?:[a-z]{1,2}\)\s*)?([A-Z]\d)\b",
    "reason ceased": r"^(?:[a-z]{1,2}\)\s*)?(E\d+[AB]?|X1)\b",
    "in touch": r"(?i)^(?:[a-f]\)\s*)?(yes|no|y|n|died|refu|nreq|rhom)\b",
    "accommodation": r"^(?:[a-z]{1,2}\)\s*)?([A-Z])(?=[:\s]|$)",
    "activity": r"^(?:[a-z]{1,2}\)\s*)?([FPG]\d)\b",
    "reversal": r"^(?:[a-z]{1,2}\)\s*)?(RD\d)\b",
}


@dataclass(frozen=True)
class ListSpec:
    """A list sefbook reads: its columns (the key sefbook uses: the header as the guidance writes it), its dates
    (blank allowed?), its codes (pattern, known codes, blank allowed?), the dates that close a row (start, end).
    `optional`: columns a list may lack (the figures resting on them are then left out); `answers`: yes or no
    columns (blank allowed?); `numbers`: whole numbers, 0 or more; `ordered`: dates that may not come before
    another (earlier, later, the problem; a blank is not compared); `together`: two columns given both or
    neither."""

    number: int
    columns: dict[str, str]
    dates: dict[str, bool]
    codes: dict[str, tuple[str, frozenset[str], bool]]
    start_end: tuple[str, str] | None = None
    optional: frozenset[str] = frozenset()
    answers: dict[str, bool] = field(default_factory=dict)
    numbers: tuple[str, ...] = ()
    ordered: tuple[tuple[str, str, str], ...] = ()
    together: tuple[tuple[str, str], ...] = ()


SPECS = {
    1: ListSpec(1, {"child": "Child Unique ID", "contact": "Date of Contact"}, {"contact": False}, {}),
    3: ListSpec(
        3,
        {"child": "Child Unique ID", "referral": "Date of referral", "nfa": "Referral NFA?"},
        {"referral": False},
        {},
        optional=frozenset({"nfa"}),
        answers={"nfa": False},
    ),
    4: ListSpec(
        4,
        {
            "child": "Child Unique ID",
            "start": "Continuous Assessment Start Date",
            "authorised": "Continuous Assessment Date of Authorisation",
        },
        {"start": False, "authorised": True},
        {},
        ordered=(("start", "authorised", "has an assessment authorised before it started"),),
    ),
    5: ListSpec(
        5,
        {
            "child": "Child Unique ID",
            "start": "Strategy discussion initiating Section 47 Enquiry Start Date",
            "conference": "Date of Initial Child Protection Conference",
        },
        {"start": False, "conference": True},
        {},
    ),
    6: ListSpec(
        6,
        {
            "child": "Child Unique ID",
            "start": "CIN Start Date",
            "end": "CIN Closure Date",
            "reason": "Reason for Closure",
            "need": "Primary Need Code",
            "status": "Case Status",
        },
        {"start": False, "end": True},
        {
            "reason": ("reason for closure", CLOSURE_REASONS, True),
            "need": ("primary need code", PRIMARY_NEEDS, False),
            "status": ("letter", LETTERS, False),
        },
        ("start", "end"),
    ),
    7: ListSpec(
        7,
        {
            "child": "Child Unique ID",
            "start": "Child Protection Plan Start Date",
            "end": "Child Protection Plan End Date",
            "initial": "Initial Category of Abuse",
            "latest": "Latest Category of Abuse",
            "previous": "Number of Previous Child Protection Plans",
        },
        {"start": False, "end": True},
        {"initial": ("letter", LETTERS, False), "latest": ("letter", LETTERS, False)},
        ("start", "end"),
        optional=frozenset({"previous"}),
        numbers=("previous",),
    ),
    8: ListSpec(
        8,
        {
            "child": "Child Unique ID",
            "start": "Date Started to be Looked After",
            "end": "Date Ceased to be Looked After",
            "reason": "Reason Ceased to be Looked After",
            "legal": "Child's Legal Status",
            "subsequent": "Is this a second or subsequent period of being a Looked After Child within the "
            "last 12 months (Y/N)",
        },
        {"start": False, "end": True},
        {"reason": ("reason ceased", REASONS_CEASED, True), "legal": ("legal status", LEGAL_STATUSES, False)},
        ("start", "end"),
        answers={"subsequent": False},
    ),
    9: ListSpec(
        9,
        {
            "child": "Child Unique ID",
            "born": "Date of Birth",
            "eligibility": "Eligibility Category",
            "in_touch": "LA in Touch",
            "contact": "Latest Date of Contact",
            "accommodation": "Type of Accommodation",
            "suitability": "Suitability of Accommodation",
            "activity": "Activity Status",
        },
        {"born": False, "contact": True},
        {
            "eligibility": ("letter", ELIGIBILITY, False),
            "in_touch": ("in touch", IN_TOUCH_ANSWERS, False),
            "accommodation": ("accommodation", ACCOMMODATION_TYPES, True),
            "suitability": ("letter", SUITABILITY, True),
            "activity": ("activity", ACTIVITIES, True),
        },
        optional=frozenset({"born", "eligibility", "in_touch", "contact", "accommodation", "suitability", "activity"}),
        ordered=(("born", "contact", "has a contact before the young person was born"),),
    ),
    10: ListSpec(
        10,
        {
            "child": "Child Unique ID",
            "entered": "Date the Child Entered Care",
            "decision": "Date of Decision that Child Should be Placed for Adoption",
            "placement_order": "Date of Placement Order",
            "matched": "Date of Matching Child and Prospective Adopters",
            "placed": "Date Placed for Adoption",
            "adopted": "Date of Adoption Order",
            "reversed": "Date of Decision that Child Should No Longer be Placed for Adoption",
            "reason": "Reason Why Child No Longer Placed for Adoption",
            "fostering": "Date the child was placed for fostering in FFA or concurrent planning placement",
        },
        {
            "entered": False,
            "decision": False,
            "placement_order": True,
            "matched": True,
            "placed": True,
            "adopted": True,
            "reversed": True,
            "fostering": True,
        },
        {"reason": ("reversal", REVERSAL_REASONS, True)},
        optional=frozenset({"placement_order", "matched", "placed", "adopted", "reversed", "reason", "fostering"}),
        # the order the adoption agency's steps come in: decision, match, placement, order (a match may
        # come before the placement order: the scorecard's A2 counts that as 0 days, so it is not asked)
        ordered=(
            ("decision", "matched", "has a match before the decision that the child should be placed for adoption"),
            ("matched", "placed", "has a placement for adoption before the match"),
            ("entered", "placed", "has a placement for adoption before the child entered care"),
            ("placed", "adopted", "has an adoption order before the placement for adoption"),
            ("entered", "adopted", "has an adoption order before the child entered care"),
            ("entered", "fostering", "has a fostering for adoption placement before the child entered care"),
            ("decision", "reversed", "has a decision reversed before it was made"),
        ),
        together=(("reversed", "reason"),),
    ),
}
REQUIRED_LISTS = (6, 7, 8)
WHAT = {6: "episodes of need", 7: "child protection plans", 8: "periods of care"}


@dataclass(frozen=True)
class AnnexA:
    """One Annex A, checked: the day its lists were run, the first day they cover, and the lists the figures rest
    on, one row per episode, plan or period (child-level: they never leave this module's figures)."""

    folder: Path
    file: Path
    run_on: date
    period_start: date
    in_need: pd.DataFrame  # List 6: child, start, end (days)
    plans: pd.DataFrame  # List 7: child, start, end
    in_care: pd.DataFrame  # List 8: child, start, end, legal (its code), subsequent (bool)
    sheets: dict[int, str]  # the sheet each list was found on
    referrals: pd.DataFrame | None = None  # List 3, if there: child, referral, and nfa (bool) if its column is
    assessments: pd.DataFrame | None = None  # List 4, if there: child, start, authorised
    enquiries: pd.DataFrame | None = None  # List 5, if there: child, start, conference
    care_leavers: pd.DataFrame | None = None  # List 9, if there: child, and those of born, eligibility, in_touch,
    # contact, activity, suitability it has (codes as SSDA903's, letters for eligibility and suitability)
    adoptions: pd.DataFrame | None = None  # List 10, if there: child, entered, decision, and those of
    # placement_order, matched, placed, adopted, reversed, fostering it has


def listed(table: pd.DataFrame | None, number: int) -> pd.DataFrame:
    """A list the figures read, which their caller has found in the workbook (an AnnexA's optional lists)."""
    if table is None:
        raise ValueError(f"List {number} is not in this Annex A: its figures are not asked of it")
    return table
