"""The CIN census schema as sefbook reads it: the code lists, the assessment factors by year, each level's elements and those required."""

from __future__ import annotations

# Code lists of the elements the figures rest on (DfE CIN census schema, the same 2021 to 2026).
REFERRAL_SOURCES = frozenset(
    {
        "1A",
        "1B",
        "1C",
        "1D",
        "2A",
        "2B",
        "3A",
        "3B",
        "3C",
        "3D",
        "3E",
        "3F",
        "4",
        "5A",
        "5B",
        "5C",
        "5D",
        "6",
        "7",
        "8",
        "9",
        "10",
    }
)
PRIMARY_NEEDS = frozenset({"N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"})
CLOSURE_REASONS = frozenset({"RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"})
CATEGORIES_OF_ABUSE = frozenset({"NEG", "PHY", "SAB", "EMO", "MUL"})
# Factors identified at the end of assessment (AssessmentFactors), as liia-tools' CIN_schema_2021 to 2024.xsd list
# them: 1A to 6C (alcohol misuse, drug misuse, domestic abuse, mental health, learning disability, physical
# disability or illness: A the child, B a parent or carer, C another person in the household), 7A young carer, 8B to
# 8F privately fostered, 9A unaccompanied asylum seeker, 10A going missing, 11A child sexual exploitation,
# 12A trafficking, 13A gangs, 14A socially unacceptable behaviour, 15A self-harm, 16A neglect, 17A emotional abuse,
# 18B and 18C physical abuse (by another child, by an adult), 19B and 19C sexual abuse (the same), 20 other, 21 no
# factors identified, 22A female genital mutilation, 23A abuse linked to faith or belief.
ASSESSMENT_FACTORS = frozenset(
    {
        "1A",
        "1B",
        "1C",
        "2A",
        "2B",
        "2C",
        "3A",
        "3B",
        "3C",
        "4A",
        "4B",
        "4C",
        "5A",
        "5B",
        "5C",
        "6A",
        "6B",
        "6C",
        "7A",
        "8B",
        "8C",
        "8D",
        "8E",
        "8F",
        "9A",
        "10A",
        "11A",
        "12A",
        "13A",
        "14A",
        "15A",
        "16A",
        "17A",
        "18B",
        "18C",
        "19B",
        "19C",
        "20",
        "21",
        "22A",
        "23A",
    }
)
CRIMINAL_EXPLOITATION_FROM = 2022  # 24A, child criminal exploitation: in the 2022 schema, not the 2021 one
# 18A and 19A, physical and sexual abuse with the perpetrator not recorded, were replaced by 18B/18C and 19B/19C.
# The sector's validator only queries them (rules 8945Q and 8950Q: "should not be used"), and the DfE's C3 still
# counts them for a few councils up to 2024 (Physical_Abuse_unknown, Sexual_Abuse_unknown), for none in 2025: taken
# as known up to the 2024 collection, and unknown from 2025.
UNRECORDED_PERPETRATOR_UNTIL = 2024


def assessment_factors(year: int) -> frozenset[str]:
    """The AssessmentFactors codes the CIN census of collection `year` knows."""
    return (
        ASSESSMENT_FACTORS
        | ({"24A"} if year >= CRIMINAL_EXPLOITATION_FROM else set())
        | ({"18A", "19A"} if year <= UNRECORDED_PERPETRATOR_UNTIL else set())
    )


# Each registry factor indicator: the column of the DfE's C3 file that carries its count, and the code it counts.
FACTORS = {
    "factor_domestic_abuse_child_rate": ("Domestic_Abuse_child", "3A"),
    "factor_domestic_abuse_parent_rate": ("Domestic_Abuse_parent", "3B"),
    "factor_domestic_abuse_person_rate": ("Domestic_Abuse_person", "3C"),
    "factor_emotional_abuse_rate": ("Emotional_Abuse", "17A"),
    "factor_faith_linked_abuse_rate": ("Faith_linked_abuse", "23A"),
    "factor_neglect_rate": ("Neglect", "16A"),
    "factor_physical_abuse_adult_on_child_rate": ("Physical_Abuse_adult_on_child", "18C"),
    "factor_physical_abuse_child_on_child_rate": ("Physical_Abuse_child_on_child", "18B"),
    "factor_physical_abuse_unknown_rate": ("Physical_Abuse_unknown", "18A"),
    "factor_sexual_abuse_adult_on_child_rate": ("Sexual_Abuse_adult_on_child", "19C"),
    "factor_sexual_abuse_child_on_child_rate": ("Sexual_Abuse_child_on_child", "19B"),
    "factor_sexual_abuse_unknown_rate": ("Sexual_Abuse_unknown", "19A"),
    "factor_child_criminal_exploitation_rate": ("Child_criminal_exploitation", "24A"),
    "factor_child_sexual_exploitation_rate": ("Child_sexual_exploitation", "11A"),
    "factor_gangs_rate": ("Gangs", "13A"),
    "factor_going_missing_rate": ("Going_missing", "10A"),
    "factor_trafficking_rate": ("Trafficking", "12A"),
    "factor_mental_health_parent_rate": ("Mental_Health_parent", "4B"),
    "factor_drug_misuse_parent_rate": ("Drug_Misuse_parent", "2B"),
    "factor_alcohol_misuse_parent_rate": ("Alcohol_Misuse_parent", "1B"),
    "factor_self_harm_rate": ("Self_harm", "15A"),
}
YES_NO = {"true": True, "1": True, "false": False, "0": False}  # the schema's spellings, any case
ICPC_WORKING_DAYS, ASSESSMENT_WORKING_DAYS = 15, 45
# The two closure reasons that say the case closed after assessment (RC8: no further action; RC9: referred to early
# help): the child was assessed and found not to be in need (C1's not_in_need_count). The validator pairs them too
# (rule 2990: no section 47, plan or conference may follow either).
NOT_IN_NEED_CLOSURES = frozenset({"RC8", "RC9"})

# Each level of the census: the element it repeats in, and its elements by kind.
LEVELS = {
    "episodes": (
        "CINdetails",
        {
            "date": ("CINreferralDate", "CINclosureDate", "DateOfInitialCPC"),
            "code": ("ReferralSource", "PrimaryNeedCode", "ReasonForClosure", "ReferralNFA"),
        },
    ),
    "assessments": (
        "Assessments",
        {
            "date": ("AssessmentActualStartDate", "AssessmentInternalReviewDate", "AssessmentAuthorisationDate"),
            "code": (),
        },
    ),
    "cin_plans": ("CINPlanDates", {"date": ("CINPlanStartDate", "CINPlanEndDate"), "code": ()}),
    "section47s": (
        "Section47",
        {"date": ("S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC"), "code": ("ICPCnotRequired",)},
    ),
    "plans": (
        "ChildProtectionPlans",
        {
            "date": ("CPPstartDate", "CPPendDate"),
            "code": ("InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"),
        },
    ),
    # one row per code, under its assessment (read with the assessments)
    "factors": ("FactorsIdentifiedAtAssessment", {"date": (), "code": ("AssessmentFactors",)}),
}
# columns beyond the elements: an episode's LAchildID line, an assessment's number (its factors carry it)
EXTRA_COLUMNS = {"episodes": ["LAchildID@line"], "assessments": ["assessment"], "factors": ["assessment"]}
REQUIRED = {
    "episodes": ("CINreferralDate", "ReferralSource", "ReferralNFA"),
    "assessments": ("AssessmentActualStartDate",),
    "cin_plans": ("CINPlanStartDate",),
    "section47s": ("S47ActualStartDate", "ICPCnotRequired"),
    "plans": ("CPPstartDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"),
}
NOT_CHECKED_AGAINST_END = {"InitialCPCtarget"}  # a target may lie after the extract
