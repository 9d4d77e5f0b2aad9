"""The council's own children in need census (CIN census XML), turned into its figures the DfE's way.

A census is a folder in the returns folder (`cin-2025/` for the whole year 1 April 2024 to 31
March 2025, `cin-2026-to-2025-10-14/` for this year's as extracted on 14 October 2025: see
returns.py). The folder holds one `.xml` file in the DfE's CIN
census layout: Message/Header/CollectionDetails (Collection, Year, ReferenceDate), then
Message/Children/Child, each with ChildIdentifiers (LAchildID ...), ChildCharacteristics and one
CINdetails per episode of need (CINreferralDate, ReferralSource, PrimaryNeedCode, CINclosureDate,
ReasonForClosure, DateOfInitialCPC, ReferralNFA, and repeated Assessments (each with its
FactorsIdentifiedAtAssessment/AssessmentFactors codes), CINPlanDates, Section47 and ChildProtectionPlans
blocks). Element names and code lists follow the DfE's CIN census schema
(as the sector's tools carry it, e.g. liia-tools' CIN_schema_2024.xsd).

What is computed, each figure entering the canonical table as the council's own, provisional, with
"computed from CIN census <year>" as its source:

On a day (31 March for a whole year; the last day of each quarter a census in progress covers):
- **children_in_need_count**: episodes of need open on the day (referred on or before it, not
  closed before or on it), leaving out referrals that led to no further action (ReferralNFA), as
  the DfE's At31_episodes does; a child's episodes cannot overlap, so this is also children;
- **cin_rate**: the same per 10,000 children aged 0 to 17 (the mid-year population of the
  calendar year before the reporting year's end, as the DfE divides by);
- **child_protection_plan_count**, **cpp_rate**: child protection plans open on the day (started
  on or before it, not ended on or before it), and per 10,000;
- **cpp_two_years**: of those plans, the share open two years or more on the day (the DfE's
  "2 years or more" band); **cpp_under_3_months**: the share open 3 months or less;
- **cpp_share_of_cin**: plans open on the day as a share of episodes of need open on it.

For a whole year only (the registry defines them over the year to 31 March; a part-year is not
comparable, so a census in progress gives none of them):
- **referrals_count**, **referral_rate**: referrals (CINreferralDate) in the year, each counted;
- **rereferral_12m**: of those, the share within 12 months of the same child's previous referral
  (its CINreferralDate on or after the day 12 calendar months before). A census holds only episodes
  open at some time in its year, so a previous referral whose episode closed before 1 April is seen
  only when the previous year's census is given (`earlier=`); without it the share would be lower
  than the DfE's, which looks back across censuses, so none is given (the count of referrals is);
- **referrals_no_further_action**: the share of the year's referrals with ReferralNFA true;
- **referrals_assessed_not_in_need**: the share of the year's referrals (C1's not_in_need_count over
  referral_count: its not_in_need_percent is that share for every council) that were not NFA and whose
  episode closed with ReasonForClosure RC8 ("case closed after assessment, no further action") or RC9
  ("case closed after assessment, referred to early help"), the two codes that say the child was
  assessed and not found in need. The closure code decides, as it is the census's record of the
  assessment's outcome: an RC8 episode with no Assessments block (the validator queries it) still
  counts; a referral still open on 31 March, assessed or not, does not (its outcome is not known).
  An NFA referral (closed RC8 too, with no assessment) is counted as no further action only. The
  DfE's 2018 to 2019 methodology document has a section on it ("Calculating children assessed not to
  be in need at assessment") whose text was not in the reference copies searched: the rule rests on
  the codes' meaning, the registry's definition ("often stepped down to early help", RC9) and the
  published arithmetic below;
- **children_in_need_started_rate**: episodes of need starting in the year (B1's Started_episodes)
  per 10,000: the year's referrals less those leading to no further action and those assessed not
  in need. The DfE's own files give this rule: in its b1 and c1 files (2013 to 2025), Started_episodes
  equals referral_count - no_further_action_count - not_in_need_count for every council whose three
  counts are published in 2023, 2024 and 2025 (143, 143 and 145 councils; all but one to eight in
  each earlier year). Each episode counts, so a child referred twice and twice found in need counts
  twice, as B1's episodes do;
- **assessments_45_days**: of assessments authorised in the year (AssessmentAuthorisationDate),
  the share authorised within 45 working days of the episode's referral (Working Together: "no
  longer than 45 working days from the point of referral");
- **s47_rate**: section 47 enquiries started in the year (S47ActualStartDate) per 10,000;
- **icpc_rate**, **s47_to_icpc**, **icpc_15_days**: initial child protection conferences held in
  the year (a Section47 block's DateOfInitialCPC), per 10,000, as a share of the year's section 47
  enquiries, and the share held within 15 working days of the section 47 start. As the DfE's table
  C4 does, a conference dated before its enquiry's start is counted among the conferences but not
  among those within 15 days (C4's note, as LG Inform's metric 3217 carries it: "This measure
  excludes cases where the recorded initial child protection conference date is before section 47
  date, however these will be included in overall number of ICPCs");
- **icpc_median_days**: the median of the working days from S47ActualStartDate to DateOfInitialCPC
  of the same conferences (those held in the year, less any dated before its enquiry's start, as
  C4's duration bands and percentiles leave them out), C4's Duration_median. Of an even number of
  conferences, the mean of the two middle durations (R's `median`, SQL's PERCENTILE_CONT): the DfE
  publishes whole days and does not say how it settles that case, so where the two middle
  durations differ the figure is a half, printed to whole days (half to even) and possibly a day
  from the DfE's. No conference to time, no figure;
- **cpp_started_rate**: plans starting in the year (CPPstartDate) per 10,000; **cpp_subsequent**:
  the share of those that were a second or subsequent plan (NumberOfPreviousCPP of 1 or more, or an
  earlier plan for the child in the census);
- **factor_*_rate** (the registry's 21: domestic abuse of the child, a parent or another person,
  emotional abuse, abuse linked to faith or belief, neglect, physical and sexual abuse by an adult,
  by another child or with the perpetrator not recorded, child criminal and child sexual
  exploitation, gangs, going missing, trafficking, a parent's mental health, drug misuse and alcohol
  misuse, self-harm): episodes of need with an assessment authorised in the year
  (AssessmentAuthorisationDate) at whose end the factor was identified (its AssessmentFactors code,
  `FACTORS`), per 10,000. The counting unit is the DfE's: its table C3 counts episodes, not
  assessments (its column `Episodes_with_assessment_factor`, and the registry's definitions,
  "Episodes with an assessment completed in the year where ... was identified"), so a factor
  identified at two of an episode's assessments in the year counts once, and two episodes of one
  child count twice. Verified against the C3 file (data/example's and the DfE's 2018 to 2025 file)
  and the registry; the methodology page's own words on it were not found in the reference copies
  searched, so this rests on the table's column and definitions. Each count is written under the
  C3 column that carries it, so republish round-trips them. The codes known depend on the
  collection year (`assessment_factors`): 24A from 2022; 18A and 19A (perpetrator not recorded) up
  to 2024 only, so from 2025 those two rates are 0, as the DfE's C3 has them for every council.

Working days: Monday to Friday, leaving out England's bank holidays (the `holidays` package's
calendar for GB, subdivision ENG, which carries the one-off ones such as 19 September 2022). A
duration is the working days after the first date up to and including the second: the same day is
0 (the DfE's "same day" band), a referral on Friday 20 December 2024 authorised on Friday 3 January
2025 is 7 (Christmas Day, Boxing Day and New Year's Day are not working days).

Left out, and why: **awaiting_assessment_rate** (B1's awaiting_assessment, "episodes of need open
at 31 March where the child was still awaiting the outcome of an assessment"). The DfE's rule for it
was not found: the reference copies searched hold only the opening sections of the DfE's methodology
pages on Explore Education Statistics and of its 2018 to 2019 methodology document, and B1's column
name and the registry's words are all there is. Nor can the census answer the obvious reading for
every open episode: it carries the assessments of its year, not an old episode's first one, so "no
assessment authorised by 31 March" cannot tell an episode assessed years ago from one never
assessed (in the example's 2025 census, 762 of the 2,132 episodes open on 31 March have no assessment
authorised in the census, 433 of them referred before the year and with no Assessments block at all,
against 57 awaiting assessment in the example's B1); whether an open episode with a
re-assessment under way counts as awaiting is the DfE's choice, unstated. A guessed rule would give a
figure the DfE's would not match. Also not computed yet: young_carers_identified_rate (C3's
Young_Carer, code 7A) and C3's other columns, though they would be counted as the factors are.

Sources: the DfE's Children in need publication (Explore Education Statistics, "Children in need"
methodology and its b1, c1, c3 and c4 files, 2013 to 2025, as ../shared/data/dfe and the DfE's
CSC_outcomes_and_enablers repository keep them), the CIN census guide and its code sets (closure
reasons RC1 to RC9, validation rule 2990), and Working Together to Safeguard Children (timescales).

**Child-level rows never leave this module** except inside a CinCensus (for cin_figures): only
counts and shares do. A census that cannot be right (not XML, a required element missing, a date
that is not a date, an unknown code, dates out of order, a date after the census's end, a child's
episodes or plans overlapping) is refused with the file, the line, the child's LAchildID (for the
analyst to find the record), the element, what was expected and found, and how many are affected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from lxml import etree

from sefbook.errors import InputError
from sefbook.inputs.files import the_one_file
from sefbook.inputs.returns.collection import (
    COMPUTED_SOURCE,
    QUARTER_ENDS,
    ComputedFigure,
    code_shown,
    collection_period,
    is_personal,
)

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


@dataclass(frozen=True)
class CinCensus:
    """One CIN census, checked: its collection year, the last date it covers, its records by level.
    Every frame is child-level (LAchildID in `child`): it never leaves this module's figures."""

    year: int  # the collection ends on 31 March of this year
    folder: Path
    file: Path
    covers_to: date  # 31 March of the year for a whole census; the extract's date for one in progress
    episodes: pd.DataFrame  # one row per CINdetails (episode of need); `episode` numbers them
    assessments: pd.DataFrame  # one row per Assessments block (`assessment` numbers them), with its `episode`
    # and the CINreferralDate
    cin_plans: pd.DataFrame
    section47s: pd.DataFrame
    plans: pd.DataFrame  # child protection plans
    factors: pd.DataFrame  # one row per AssessmentFactors code, with its assessment's number (`assessment`)
    lea: str | None = None  # the header's Source/LEA: the old LA code of the council whose return it is
    lea_line: int | None = None  # its line in the file, for a message


def _parse(path: Path) -> etree._Element:
    """The XML's root, namespaces dropped (suppliers' files differ in them); no entity, DTD or
    network is ever loaded."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        raise InputError(path, "is not well-formed XML", where=f"line {exc.lineno}", found=exc.msg) from None
    for element in root.iter(tag=etree.Element):
        element.tag = etree.QName(element).localname
    if root.tag != "Message":
        raise InputError(path, "is not a CIN census", expected="a Message element at its root", found=repr(root.tag))
    return root


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    return (element.text or "").strip() or None


def _fields(parent: etree._Element, names: tuple[str, ...]) -> dict:
    """Each element's text (None when absent or empty) and its line, for the messages."""
    row = {}
    for name in names:
        element = parent.find(name)
        row[name] = _text(element)
        row[f"{name}@line"] = element.sourceline if element is not None else parent.sourceline
    return row


def _header_year(path: Path, root: etree._Element, year: int) -> None:
    details = root.find("Header/CollectionDetails")
    found = _text(details.find("Year")) if details is not None else None
    line = details.sourceline if details is not None else root.sourceline
    collection = _text(details.find("Collection")) if details is not None else None
    if collection not in (None, "CIN"):
        raise InputError(
            path,
            "is not a CIN census",
            where=f"line {line}, element Collection",
            expected="'CIN'",
            found=repr(collection),
        )
    if found is None:
        raise InputError(
            path,
            "is missing a required element",
            where=f"line {line}, element Header/CollectionDetails/Year",
            expected=f"the collection year, {year}",
        )
    if found != str(year):
        raise InputError(
            path,
            "is a CIN census for another collection year than its folder names",
            where=f"line {line}, element Year",
            expected=f"{year} (the folder's year)",
            found=repr(found),
        )


def _rows(root: etree._Element) -> dict[str, list[dict]]:
    """Every level's rows; each carries its child's LAchildID and its episode's number."""
    rows: dict[str, list[dict]] = {level: [] for level in LEVELS}
    for number, details in enumerate(root.iterfind("Children/Child/CINdetails")):
        child_element = details.getparent()
        identifier = child_element.find("ChildIdentifiers/LAchildID")
        child = _text(identifier)
        for level, (tag, kinds) in LEVELS.items():
            if level == "factors":
                continue
            names = kinds["date"] + kinds["code"]
            blocks = [details] if level == "episodes" else details.iterfind(tag)
            for block in blocks:
                row = _fields(block, names) | {"child": child, "episode": number, "_line": block.sourceline}
                if level == "episodes":
                    row["LAchildID@line"] = (identifier if identifier is not None else child_element).sourceline
                if level == "assessments":
                    row["assessment"] = len(rows["assessments"])
                    rows["factors"] += [
                        {
                            "child": child,
                            "episode": number,
                            "assessment": row["assessment"],
                            "_line": factor.sourceline,
                            "AssessmentFactors": _text(factor),
                            "AssessmentFactors@line": factor.sourceline,
                        }
                        for factor in block.iterfind("FactorsIdentifiedAtAssessment/AssessmentFactors")
                    ]
                rows[level].append(row)
    return rows


def _frame(rows: list[dict], level: str) -> pd.DataFrame:
    kinds = LEVELS[level][1]
    names = kinds["date"] + kinds["code"]
    columns = ["child", "episode", "_line"] + [c for name in names for c in (name, f"{name}@line")]
    return pd.DataFrame(rows, columns=columns + EXTRA_COLUMNS.get(level, []))


def _refuse(
    path: Path,
    frame: pd.DataFrame,
    bad: pd.Series,
    problem: str,
    expected: str,
    element: str,
    codes: frozenset[str] | set[str] | None = None,
) -> None:
    """Refuse the census at the first bad item, naming its line, the child, the element and how
    many items are affected. In an element of `codes`, what was found is withheld from logs unless it looks like
    a slip of a code (collection.code_shown: a UPN, a date or a reference typed there is personal)."""
    if not bad.any():
        return
    first = frame[bad].iloc[0]
    more = int(bad.sum()) - 1
    value = first[element] if element in frame.columns else None
    found = (
        "nothing"
        if value is None or (not isinstance(value, str) and pd.isna(value))
        else repr(value.strftime("%Y-%m-%d") if isinstance(value, pd.Timestamp) else value)
    )
    child = first["child"] if isinstance(first["child"], str) else "without a LAchildID"
    line = first.get(f"{element}@line", first["_line"])
    looks_personal = codes is not None and found != "nothing" and not code_shown(value, codes, set(frame["child"]))
    raise InputError(
        path,
        problem,
        where=f"line {line}, {{child}}, element {element}",
        child=child,
        expected=expected,
        found=found + (f" (and {more} more like it)" if more else ""),
        personal=is_personal(element) or looks_personal,
    )


def _check_required(path: Path, frames: dict[str, pd.DataFrame]) -> None:
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


def _dates(path: Path, frame: pd.DataFrame, names: tuple[str, ...]) -> pd.DataFrame:
    """The frame with its date elements as dates (ISO yyyy-mm-dd, as the schema's xs:date)."""
    parsed = {}
    for name in names:
        parsed[name] = pd.to_datetime(frame[name], format="%Y-%m-%d", errors="coerce")
        _refuse(
            path,
            frame,
            parsed[name].isna() & frame[name].notna(),
            "has a date that is not a date",
            "a date written yyyy-mm-dd",
            name,
        )
    return frame.assign(**parsed)


def _codes(path: Path, frame: pd.DataFrame, name: str, known: frozenset[str] | set[str], year: int) -> None:
    bad = frame[name].notna() & ~frame[name].isin(known)
    _refuse(
        path,
        frame,
        bad,
        "has a code the CIN census specification does not know",
        f"one of {', '.join(sorted(known))} (collection year {year})",
        name,
        codes=known,
    )


def _check_codes(path: Path, frames: dict[str, pd.DataFrame], year: int) -> dict[str, pd.DataFrame]:
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
    _refuse(
        path,
        factors,
        ~factors["AssessmentFactors"].isin(known),  # an empty one too: the schema's nonEmptyString
        "has a code the CIN census specification does not know",
        f"one of {', '.join(sorted(known, key=_code_order))} (collection year {year})",
        "AssessmentFactors",
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


def _check_order(path: Path, frames: dict[str, pd.DataFrame]) -> None:
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


def _check_end(path: Path, frames: dict[str, pd.DataFrame], covers_to: date) -> None:
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


def _check_overlaps(path: Path, frame: pd.DataFrame, start: str, end: str, what: str) -> None:
    """Refuse a child's periods (episodes, plans) overlapping: each must start on or after the
    end of the one before."""
    ordered = frame.sort_values(["child", start], kind="stable")
    by_child = ordered.groupby("child")
    previous_end = by_child[end].shift()
    overlapping = (by_child.cumcount() > 0) & (previous_end.isna() | (ordered[start] < previous_end))
    _refuse(
        path,
        ordered,
        overlapping,
        f"has a child's {what} overlapping",
        f"each to start on or after the end of the one before ({end})",
        start,
    )


def read_cin_census(folder: Path) -> CinCensus:
    """Read and check one CIN census folder (`cin-<year>` or `cin-<year>-to-<extract date>`)."""
    year, covers_to = collection_period(folder, "cin")
    path = the_one_file(folder, ".xml", "CIN census file", "in the DfE's CIN census layout")
    root = _parse(path)
    _header_year(path, root, year)
    rows = _rows(root)
    if not rows["episodes"]:
        raise InputError(path, "holds no child", expected="Message/Children/Child elements, each with its CINdetails")
    frames = {level: _frame(rows[level], level) for level in LEVELS}
    _check_required(path, frames)
    frames = {level: _dates(path, frame, LEVELS[level][1]["date"]) for level, frame in frames.items()}
    frames = _check_codes(path, frames, year)
    referral = frames["episodes"].set_index("episode")["CINreferralDate"]
    for level in ("assessments", "cin_plans", "section47s", "plans"):
        frames[level] = frames[level].assign(CINreferralDate=frames[level]["episode"].map(referral))
    _check_order(path, frames)
    _check_end(path, frames, covers_to)
    _check_overlaps(path, frames["episodes"], "CINreferralDate", "CINclosureDate", "episodes of need")
    _check_overlaps(path, frames["plans"], "CPPstartDate", "CPPendDate", "child protection plans")
    lea = root.find("Header/Source/LEA")
    return CinCensus(
        year,
        folder,
        path,
        covers_to,
        **{k: v.reset_index(drop=True) for k, v in frames.items()},
        lea=_text(lea),
        lea_line=lea.sourceline if lea is not None else None,
    )


def check_council(census: CinCensus, old_la_code: str, la_name: str) -> None:
    """The census is the return of the council (`old_la_code`): its header's LEA says whose it is, and
    another council's figures must never be printed as this one's."""
    if census.lea is None:
        raise InputError(
            census.file,
            "does not say whose return it is",
            where="element Header/Source/LEA",
            expected=f"LEA {old_la_code} ({la_name}'s old LA code)",
            found="no LEA",
        )
    if census.lea != old_la_code:
        raise InputError(
            census.file,
            f"is the return of LA {census.lea}, not of {la_name} ({old_la_code})",
            where=f"line {census.lea_line}, element LEA",
            expected=f"LEA {old_la_code}",
            found=census.lea,
        )


def working_days_after(start: pd.Series, end: pd.Series) -> np.ndarray:
    """Working days in England after each `start` up to and including its `end` (Monday to Friday,
    not a bank holiday): 0 on the same day, negative when `end` comes first."""
    import holidays  # here: a build whose figures from the returns are kept never needs it

    if start.empty:
        return np.zeros(0, dtype="int64")
    years = range(int(min(start.min().year, end.min().year)), int(max(start.max().year, end.max().year)) + 1)
    bank_holidays = np.array(sorted(holidays.country_holidays("GB", subdiv="ENG", years=years)), dtype="datetime64[D]")
    first = start.to_numpy().astype("datetime64[D]") + 1
    last = end.to_numpy().astype("datetime64[D]") + 1
    return np.busday_count(first, last, holidays=bank_holidays)


def _open_on(frame: pd.DataFrame, start: str, end: str, day: date) -> pd.Series:
    when = pd.Timestamp(day)
    return (frame[start] <= when) & (frame[end].isna() | (frame[end] > when))


def in_need_on(census: CinCensus, day: date) -> int:
    """Episodes of need open on `day`, leaving out referrals that led to no further action."""
    episodes = census.episodes
    return int((_open_on(episodes, "CINreferralDate", "CINclosureDate", day) & ~episodes["ReferralNFA"]).sum())


def plans_on(census: CinCensus, day: date) -> pd.DataFrame:
    """Child protection plans open on `day`."""
    return census.plans[_open_on(census.plans, "CPPstartDate", "CPPendDate", day)]


def _in_year(dates: pd.Series, year: int) -> pd.Series:
    return dates.between(pd.Timestamp(year - 1, 4, 1), pd.Timestamp(year, 3, 31))


def _share(part: float, whole: int) -> float | None:
    return float(part) / whole * 100 if whole else None


def counts_on_a_day(census: CinCensus, day: date) -> dict[str, int]:
    """The children counted on `day`, each under the column of the DfE's published tables that carries it
    (b1's and d5's; At31 reads "on the day")."""
    plans = plans_on(census, day)
    when = pd.Timestamp(day)
    return {
        "At31_episodes": in_need_on(census, day),
        "CPP_At31": len(plans),
        "2_years_or_more": int((plans["CPPstartDate"] + pd.DateOffset(years=2) <= when).sum()),
        "3_months_or_less": int((plans["CPPstartDate"] + pd.DateOffset(months=3) >= when).sum()),
    }


def on_a_day(census: CinCensus, day: date) -> dict[str, float | None]:
    """The on-a-day counts and shares (None where a share has nothing to divide by)."""
    c = counts_on_a_day(census, day)
    in_need, plans = c["At31_episodes"], c["CPP_At31"]
    return {
        "children_in_need_count": in_need,
        "child_protection_plan_count": plans,
        "cpp_two_years": _share(c["2_years_or_more"], plans),
        "cpp_under_3_months": _share(c["3_months_or_less"], plans),
        "cpp_share_of_cin": _share(plans, in_need),
    }


def rereferrals(episodes: pd.DataFrame, history: pd.DataFrame, year: int) -> tuple[int, int]:
    """Referrals in the year (`episodes`, each counted) and how many came within 12 months of the
    same child's previous referral (any referral in `history`: this census's and an earlier one's;
    an episode open in both censuses is one referral)."""
    key = ["child", "CINreferralDate"]
    known = history.drop_duplicates(key).sort_values(key, kind="stable")
    previous = known.groupby("child")["CINreferralDate"].shift()
    within = previous.notna() & (previous >= known["CINreferralDate"] - pd.DateOffset(months=12))
    rereferred = within & _in_year(known["CINreferralDate"], year)
    return int(_in_year(episodes["CINreferralDate"], year).sum()), int(rereferred.sum())


def referral_outcomes(episodes: pd.DataFrame, year: int) -> dict[str, int]:
    """The year's referrals (CINreferralDate in the year) by what became of them, under the columns of C1 and B1
    that carry them: led to no further action (ReferralNFA); closed after assessment, the child not in need
    (ReasonForClosure RC8 or RC9, `NOT_IN_NEED_CLOSURES`); the rest started an episode of need (B1's
    Started_episodes, still open on 31 March or closed as in need). The three are apart, so that, as in the DfE's
    files, referrals = no further action + not in need + started."""
    referred = _in_year(episodes["CINreferralDate"], year)
    nfa = referred & episodes["ReferralNFA"]
    # an NFA referral closes RC8 too: counted as no further action only (it had no assessment to find need)
    not_in_need = referred & ~episodes["ReferralNFA"] & episodes["ReasonForClosure"].isin(NOT_IN_NEED_CLOSURES)
    return {
        "no_further_action_count": int(nfa.sum()),
        "not_in_need_count": int(not_in_need.sum()),
        "Started_episodes": int((referred & ~nfa & ~not_in_need).sum()),
    }


def conference_durations(section47s: pd.DataFrame, year: int) -> tuple[int, np.ndarray]:
    """Initial conferences held in the year (a Section47 block's DateOfInitialCPC, each counted), and the working
    days from each one's section 47 start to it, for those not dated before the start: C4 counts those among the
    conferences but in no duration band (nor, then, its percentiles)."""
    conferences = section47s[_in_year(section47s["DateOfInitialCPC"], year)]
    days = working_days_after(conferences["S47ActualStartDate"], conferences["DateOfInitialCPC"])
    # the dates decide, not the count: a Saturday start with Friday's conference gives 0 working days
    return len(conferences), days[(conferences["DateOfInitialCPC"] >= conferences["S47ActualStartDate"]).to_numpy()]


def icpc_median_days(census: CinCensus) -> float | None:
    """The median of the year's working days from section 47 start to initial conference (C4's Duration_median;
    None without a conference to time). Of an even number, the mean of the two middle durations: the DfE's rule
    for that case is not stated (it publishes whole days), so a half may print a day apart from the DfE's."""
    _, days = conference_durations(census.section47s, census.year)
    return float(np.median(days)) if len(days) else None


def counts_over_the_year(census: CinCensus, earlier: CinCensus | None = None) -> dict[str, int]:
    """The year's flows, counted, each under the column of the DfE's published tables that carries it (c1's, b1's,
    a1's, c4's, d3's, c3's)."""
    year, episodes = census.year, census.episodes
    history = pd.concat([episodes, earlier.episodes]) if earlier is not None else episodes
    referrals, rereferred = rereferrals(episodes, history[["child", "CINreferralDate"]], year)
    done = census.assessments[_in_year(census.assessments["AssessmentAuthorisationDate"], year)]
    s47 = census.section47s
    conferences, days = conference_durations(s47, year)
    new_plans = census.plans[_in_year(census.plans["CPPstartDate"], year)]
    return (
        {"referral_count": referrals, "rereferral_count": rereferred}
        | referral_outcomes(episodes, year)
        | {
            "assessments_completed": len(done),
            "assessments_within_45_days": int(
                (
                    working_days_after(done["CINreferralDate"], done["AssessmentAuthorisationDate"])
                    <= ASSESSMENT_WORKING_DAYS
                ).sum()
            ),
            "Section47": int(_in_year(s47["S47ActualStartDate"], year).sum()),
            "ICPC": conferences,
            # the DfE publishes the conferences within 15 working days in two bands
            "Duration_0-10_days": int((days <= 10).sum()),
            "Duration_11-15_days": int(((days > 10) & (days <= ICPC_WORKING_DAYS)).sum()),
            "CPP_start": len(new_plans),
            "CPP_subsequent": int(_subsequent(census.plans, new_plans).sum()),
        }
        | (factor_counts(census.factors, done))
    )


def factor_counts(factors: pd.DataFrame, done: pd.DataFrame) -> dict[str, int]:
    """Episodes with an assessment in `done` (those authorised in the year) at whose end each registry factor was
    identified, under its C3 column: an episode counts once for a factor, however many of its assessments in the
    year identified it (C3 counts episodes)."""
    found = factors[factors["assessment"].isin(done["assessment"])].drop_duplicates(["episode", "AssessmentFactors"])
    episodes = found["AssessmentFactors"].value_counts()
    return {column: int(episodes.get(code, 0)) for column, code in FACTORS.values()}


def over_the_year(census: CinCensus, earlier: CinCensus | None = None) -> dict[str, float | None]:
    """The year's flows and their shares (None where a share has nothing to divide by)."""
    c = counts_over_the_year(census, earlier)
    referrals, started, conferences = c["referral_count"], c["Section47"], c["ICPC"]
    in_time = c["Duration_0-10_days"] + c["Duration_11-15_days"]
    # without last year's census a re-referral whose previous episode closed before April is missed: no share then
    rereferred = _share(c["rereferral_count"], referrals) if earlier is not None else None
    return {
        "referrals_count": referrals,
        "rereferral_12m": rereferred,
        "referrals_no_further_action": _share(c["no_further_action_count"], referrals),
        "referrals_assessed_not_in_need": _share(c["not_in_need_count"], referrals),
        "children_in_need_started_count": c["Started_episodes"],
        "assessments_45_days": _share(c["assessments_within_45_days"], c["assessments_completed"]),
        "s47_count": started,
        "icpc_count": conferences,
        "s47_to_icpc": _share(conferences, started),
        "icpc_15_days": _share(in_time, conferences),
        "icpc_median_days": icpc_median_days(census),
        "cpp_started_count": c["CPP_start"],
        "cpp_subsequent": _share(c["CPP_subsequent"], c["CPP_start"]),
    } | {column: c[column] for column, _ in FACTORS.values()}  # the factors' counts, made rates below


def _subsequent(plans: pd.DataFrame, new_plans: pd.DataFrame) -> pd.Series:
    """Whether each new plan is a second or subsequent one: the council says the child had a
    previous plan, or the census holds an earlier one."""
    if new_plans.empty:
        return pd.Series(dtype=bool)
    first_start = plans.groupby("child")["CPPstartDate"].min()
    earlier_in_census = new_plans["CPPstartDate"] > new_plans["child"].map(first_start)
    return (new_plans["NumberOfPreviousCPP"] > 0) | earlier_in_census


# counts turned into rates per 10,000 children, and the rate's indicator
RATES = {
    "children_in_need_count": "cin_rate",
    "child_protection_plan_count": "cpp_rate",
    "referrals_count": "referral_rate",
    "s47_count": "s47_rate",
    "icpc_count": "icpc_rate",
    "cpp_started_count": "cpp_started_rate",
    "children_in_need_started_count": "children_in_need_started_rate",
} | {column: indicator for indicator, (column, _) in FACTORS.items()}
COUNTS_SHOWN = {"children_in_need_count", "child_protection_plan_count", "referrals_count"}  # in the registry as counts


def _figures(
    values: dict[str, float | None], year: int, quarter: int, children: float | None, source: str
) -> list[ComputedFigure]:
    figures = []
    for name, value in values.items():
        if value is None:
            continue
        if name in COUNTS_SHOWN or name not in RATES:
            figures.append(ComputedFigure(name, year, quarter, float(value), source))
        if name in RATES and children and children > 0:
            figures.append(ComputedFigure(RATES[name], year, quarter, value / children * 10_000, source))
    return figures


def cin_figures(
    census: CinCensus, population: dict[int, float], earlier: CinCensus | None = None
) -> list[ComputedFigure]:
    """The figures one CIN census gives: for a whole year, on 31 March and over the year; for one
    in progress, on the last day of each quarter it covers. `population`: the council's published
    children aged 0 to 17 by mid-year; a rate is computed only where the mid-year before the
    reporting year's end is known (as the DfE divides by). `earlier`: the previous year's census,
    if there is one, for the previous referrals a re-referral looks back to."""
    source = f"{COMPUTED_SOURCE}CIN census {census.year}"
    children = population.get(census.year - 1)  # the year to 31 March 2025: mid-2024 estimates
    if census.covers_to >= date(census.year, 3, 31):
        values = on_a_day(census, date(census.year, 3, 31)) | over_the_year(census, earlier)
        return _figures(values, census.year, 0, children, source)
    figures = []
    for quarter, month, day in QUARTER_ENDS[:3]:
        end = date(census.year - 1, month, day)
        if end <= census.covers_to:
            figures += _figures(on_a_day(census, end), census.year, quarter, children, source)
    return figures


CIN_INDICATORS = (
    "children_in_need_count",
    "cin_rate",
    "child_protection_plan_count",
    "cpp_rate",
    "cpp_two_years",
    "cpp_under_3_months",
    "cpp_share_of_cin",
    "referrals_count",
    "referral_rate",
    "rereferral_12m",
    "referrals_no_further_action",
    "referrals_assessed_not_in_need",
    "children_in_need_started_rate",
    "assessments_45_days",
    "s47_rate",
    "icpc_rate",
    "s47_to_icpc",
    "icpc_15_days",
    "icpc_median_days",
    "cpp_started_rate",
    "cpp_subsequent",
    *FACTORS,
)

# The counts behind each figure, by the published columns that carry them: a rate's count, a share's part and whole.
COUNTED = {
    "children_in_need_count": ("At31_episodes",),
    "cin_rate": ("At31_episodes",),
    "child_protection_plan_count": ("CPP_At31",),
    "cpp_rate": ("CPP_At31",),
    "cpp_two_years": ("2_years_or_more", "CPP_At31"),
    "cpp_under_3_months": ("3_months_or_less", "CPP_At31"),
    "cpp_share_of_cin": ("CPP_At31", "At31_episodes"),
    "referrals_count": ("referral_count",),
    "referral_rate": ("referral_count",),
    "rereferral_12m": ("rereferral_count", "referral_count"),
    "referrals_no_further_action": ("no_further_action_count", "referral_count"),
    "referrals_assessed_not_in_need": ("not_in_need_count", "referral_count"),
    "children_in_need_started_rate": ("Started_episodes",),
    "assessments_45_days": ("assessments_within_45_days", "assessments_completed"),
    "s47_rate": ("Section47",),
    "icpc_rate": ("ICPC",),
    "s47_to_icpc": ("ICPC", "Section47"),
    "icpc_15_days": ("Duration_0-10_days", "Duration_11-15_days", "ICPC"),
    "icpc_median_days": ("ICPC",),  # the median itself is published as it is, with its conferences
    "cpp_started_rate": ("CPP_start",),
    "cpp_subsequent": ("CPP_subsequent", "CPP_start"),
} | {indicator: (column,) for indicator, (column, _) in FACTORS.items()}


def cin_counts(census: CinCensus, earlier: CinCensus | None = None) -> dict[str, dict[str, float]]:
    """The counts behind a whole year's figures (on 31 March and over the year), per indicator, each under the
    column of the DfE's published table that carries it: a rate's count, a share's part and whole. Empty for a census
    in progress (the DfE publishes whole years only). Counts only: no child's row leaves this module."""
    if census.covers_to < date(census.year, 3, 31):
        return {}
    counts = counts_on_a_day(census, date(census.year, 3, 31)) | counts_over_the_year(census, earlier)
    return {indicator: {column: float(counts[column]) for column in columns} for indicator, columns in COUNTED.items()}
