"""A census's tables checked against the schema: required elements, dates, codes, their order, the extract's end and overlaps."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from sefbook.inputs.returns.checks import Naming, check_codes, check_days, overlapping_periods, refuse_first, written_as
from sefbook.inputs.returns.cin_census.schema import (
    CATEGORIES_OF_ABUSE,
    CLOSURE_REASONS,
    LEVELS,
    NOT_CHECKED_AGAINST_END,
    PRIMARY_NEEDS,
    REFERRAL_SOURCES,
    REQUIRED,
    YES_NO,
    assessment_factors,
)

NAMING = Naming(
    where=lambda row, element: f"line {row.get(f'{element}@line', row['_line'])}, {{child}}, element {element}",
    child=lambda row: row["child"] if isinstance(row["child"], str) else "without a LAchildID",
    day_format="%Y-%m-%d",
    like_it="like it",
    children=lambda frame: set(frame["child"]),
)


def _refuse(path: Path, frame: pd.DataFrame, bad: pd.Series, problem: str, expected: str, element: str) -> None:
    """Refuse the census at its first bad item, naming its line, the child, the element and how many are like it."""
    refuse_first(path, frame, bad, problem, expected, element, NAMING)


def check_required(path: Path, frames: dict[str, pd.DataFrame]) -> None:
    episodes = frames["episodes"]
    _refuse(
        path,
        episodes.assign(LAchildID=episodes["child"]),
        episodes["child"].isna(),
        "is missing a required element",
        "a LAchildID in every Child's ChildIdentifiers",
        "LAchildID",
    )
    for level, names in REQUIRED.items():
        for name in names:
            frame = frames[level]
            _refuse(
                path,
                frame,
                frame[name].isna(),
                "is missing a required element",
                f"a {name} in every {LEVELS[level][0]}",
                name,
            )


def as_dates(path: Path, frame: pd.DataFrame, names: tuple[str, ...]) -> pd.DataFrame:
    """The frame with its date elements as dates (ISO yyyy-mm-dd, as the schema's xs:date)."""
    parsed = {
        name: check_days(
            path,
            frame,
            name,
            NAMING,
            parse=written_as("%Y-%m-%d"),
            expected="a date written yyyy-mm-dd",
            blank_allowed=True,  # an element left out: check_required refuses those that must be there
        )
        for name in names
    }
    return frame.assign(**parsed)


def _codes(path: Path, frame: pd.DataFrame, name: str, known: frozenset[str] | set[str], year: int) -> None:
    check_codes(
        path,
        frame,
        name,
        NAMING,
        known,
        specification="CIN census specification",
        year=year,
        blank_allowed=True,
    )


def check_census_codes(path: Path, frames: dict[str, pd.DataFrame], year: int) -> dict[str, pd.DataFrame]:
    episodes, section47s, plans = frames["episodes"], frames["section47s"], frames["plans"]
    _codes(path, episodes, "ReferralSource", REFERRAL_SOURCES, year)
    _codes(path, episodes, "PrimaryNeedCode", PRIMARY_NEEDS, year)
    _codes(path, episodes, "ReasonForClosure", CLOSURE_REASONS, year)
    for name in ("InitialCategoryOfAbuse", "LatestCategoryOfAbuse"):
        _codes(path, plans, name, CATEGORIES_OF_ABUSE, year)
    yes_no = {"true", "false", "TRUE", "FALSE", "True", "False", "1", "0"}
    _codes(path, episodes, "ReferralNFA", yes_no, year)
    _codes(path, section47s, "ICPCnotRequired", yes_no, year)
    factors, known = frames["factors"], assessment_factors(year)
    refuse_first(
        path,
        factors,
        ~factors["AssessmentFactors"].isin(known),  # an empty one too: the schema's nonEmptyString
        "has a code the CIN census specification does not know",
        f"one of {', '.join(sorted(known, key=_code_order))} (collection year {year})",
        "AssessmentFactors",
        NAMING,
        codes=known,
    )
    previous = plans["NumberOfPreviousCPP"]
    _refuse(
        path,
        plans,
        previous.notna() & ~previous.str.fullmatch(r"\d+", na=False),
        "has a number of previous plans that is not a number",
        "a whole number, 0 or more",
        "NumberOfPreviousCPP",
    )
    return frames | {
        "episodes": episodes.assign(ReferralNFA=episodes["ReferralNFA"].str.lower().map(YES_NO).astype(bool)),
        "plans": plans.assign(NumberOfPreviousCPP=pd.to_numeric(plans["NumberOfPreviousCPP"]).astype("int64")),
    }


def _code_order(code: str) -> tuple[int, str]:
    """A factor code's place in the specification's list: 1A, 1B ... 9A, 10A ... 24A."""
    number = code.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return (int(number) if number.isdigit() else 0, code)


def check_order(path: Path, frames: dict[str, pd.DataFrame]) -> None:
    episodes = frames["episodes"]
    _refuse(
        path,
        episodes,
        episodes["CINclosureDate"] < episodes["CINreferralDate"],
        "has an episode of need closing before its referral",
        "CINclosureDate on or after CINreferralDate",
        "CINclosureDate",
    )
    _refuse(
        path,
        episodes,
        episodes["CINclosureDate"].isna() != episodes["ReasonForClosure"].isna(),
        "has an episode whose closure date and reason disagree",
        "CINclosureDate and ReasonForClosure both given (the episode closed) or both absent (it is open)",
        "ReasonForClosure",
    )
    assessments, cin_plans, section47s, plans = (frames[k] for k in ("assessments", "cin_plans", "section47s", "plans"))
    _refuse(
        path,
        assessments,
        assessments["AssessmentAuthorisationDate"] < assessments["AssessmentActualStartDate"],
        "has an assessment authorised before it started",
        "AssessmentAuthorisationDate on or after AssessmentActualStartDate",
        "AssessmentAuthorisationDate",
    )
    _refuse(
        path,
        cin_plans,
        cin_plans["CINPlanEndDate"] < cin_plans["CINPlanStartDate"],
        "has a child in need plan ending before it starts",
        "CINPlanEndDate on or after CINPlanStartDate",
        "CINPlanEndDate",
    )
    _refuse(
        path,
        section47s,
        section47s["S47ActualStartDate"] < section47s["CINreferralDate"],
        "has a section 47 enquiry starting before its episode's referral",
        "S47ActualStartDate on or after the episode's CINreferralDate",
        "S47ActualStartDate",
    )
    _refuse(
        path,
        plans,
        plans["CPPendDate"] < plans["CPPstartDate"],
        "has a child protection plan ending before it starts",
        "CPPendDate on or after CPPstartDate",
        "CPPendDate",
    )


def check_end(path: Path, frames: dict[str, pd.DataFrame], covers_to: date) -> None:
    end = pd.Timestamp(covers_to)
    for level, (_, kinds) in LEVELS.items():
        for name in kinds["date"]:
            if name in NOT_CHECKED_AGAINST_END:
                continue
            frame = frames[level]
            _refuse(
                path,
                frame,
                frame[name] > end,
                "has a date after the census's end",
                f"{name} on or before {covers_to.isoformat()} (the last day the folder says it covers)",
                name,
            )


def check_overlaps(path: Path, frame: pd.DataFrame, start: str, end: str, what: str) -> None:
    """Refuse a child's periods (episodes, plans) overlapping: each must start on or after the
    end of the one before."""
    ordered, overlapping = overlapping_periods(frame, start, end)
    _refuse(
        path,
        ordered,
        overlapping,
        f"has a child's {what} overlapping",
        f"each to start on or after the end of the one before ({end})",
        start,
    )
