"""The SSDA903 specification as sefbook reads it: each table's columns and the codes each column may hold, by collection year."""

from __future__ import annotations

from dataclasses import dataclass

from sefbook.inputs.returns.collection import (
    KNOWN_YEARS,
)

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
