"""Ofsted's Annex A (the child-level lists a council gives inspectors at an ILACS inspection), read, checked and
turned into on-a-day counts, year-to-date shares, care leavers' measures and adoption timeliness.

An Annex A is a folder in the returns folder named by the day its lists were run, `annex-a-2025-10-14/` (see
returns.py), holding one Excel workbook (.xlsx), one sheet per list. Lists and columns as Ofsted's Annex A
guidance and the sector's tools give them (checked against liia-tools' annex_a specification and pipeline,
Annex_A_schema.yml, and Data to Insight's SSD Annex A queries, which quote the guidance's description of each
list): List 1 contacts, 2 early help, 3 referrals, 4 assessments, 5 section 47 enquiries and ICPCs, 6 children in
need, 7 child protection, 8 children in care, 9 care leavers, 10 adoption, 11 adopters. A sheet is found by its
list number ("List 6", "List_6", "List 6 - Children in need") or its list's name ("Children in need"); its header
row by its column names (title rows above it are common), matched case- and whitespace-insensitively.

What is read (the lists' own column names):
- List 6 (children in need: "all children in need at the point of inspection, and those whose episode closed in
  the period"): Child Unique ID, CIN Start Date, CIN Closure Date, Reason for Closure (RC1 to RC9), Primary Need
  Code (N0 to N9), Case Status (a to e);
- List 7 (child protection: "all those who are the subject of a child protection plan at the point of
  inspection. Include those who ceased to be the subject of a child protection plan in the six months before"):
  Child Unique ID, Child Protection Plan Start Date, Child Protection Plan End Date, Initial and Latest Category of
  Abuse (a to e: neglect, physical, sexual, emotional, multiple), and Number of Previous Child Protection Plans if
  the list has it (a whole number; without it cpp_subsequent is left out);
- List 8 (children in care: "all children in care at the point of inspection. Include all those children who
  ceased to be looked after in the six months before the inspection"): Child Unique ID, Date Started to be Looked
  After, Date Ceased to be Looked After, Reason Ceased to be Looked After (SSDA903's E codes, X1), Child's Legal
  Status (SSDA903's C1 to V4), and "Is this a second or subsequent period of being a Looked After Child within the
  last 12 months (Y/N)";
- List 1, if there: the Date of Contact (an event in the period, see below);
- List 3 (referrals), if there: Child Unique ID, Date of referral, and Referral NFA? (yes or no) if the list has it;
- List 4 (assessments: "children with assessments in the previous six months"), if there: Child Unique ID,
  Continuous Assessment Start Date, Continuous Assessment Date of Authorisation (blank while it is open; not before
  its start);
- List 5 (section 47 enquiries and ICPCs: "all section 47 enquiries in the six months before the inspection"), if
  there: Child Unique ID, Strategy discussion initiating Section 47 Enquiry Start Date, Date of Initial Child
  Protection Conference (blank if none was held);
- List 9 (care leavers: "all those who have reached the threshold for receiving leaving care services at the point
  of inspection (entitled children)": relevant, former relevant, qualifying care leavers and eligible children), if
  there: Child Unique ID, and those it has of Date of Birth, Eligibility Category (a to d: relevant, former relevant,
  qualifying care leaver, eligible child), LA in Touch (a to f: yes, no, died, refu, NREQ, Rhom, SSDA903's IN_TOUCH
  codes; Y, Yes and the like too), Latest Date of Contact (blank allowed; not before the birth), Type of
  Accommodation (SSDA903's ACCOM letters, "B: Parents/relatives"; blank allowed), Suitability of Accommodation (a:
  suitable, b: unsuitable; blank allowed), Activity Status (SSDA903's ACTIV codes F1 to F5, P1 to P5, G4 to G6;
  blank allowed);
- List 10 (adoption: "all those children who, in the 12 months before the inspection, have: been adopted, had the
  decision that they should be placed for adoption but they have not yet been adopted, had an adoption decision
  reversed during the 12 months"), if there: Child Unique ID, Date the Child Entered Care, Date of Decision that
  Child Should be Placed for Adoption, and those it has of Date of Placement Order, Date of Matching Child and
  Prospective Adopters, Date Placed for Adoption, Date of Adoption Order, Date of Decision that Child Should No Longer
  be Placed for Adoption with its Reason (RD1 to RD4; both or neither), Date the child was placed for fostering in
  FFA or concurrent planning placement (each blank allowed); in the order the adoption agency takes the steps
  (decision before match, match before placement, placement before the adoption order, each on or after entering
  care; a match may come before the placement order, which the scorecard's A2 counts as 0 days).
Lists 6, 7 and 8 are required; Lists 3, 4, 5, 9 and 10 are optional (a list not there, or a column of Lists 9 and 10
not there, leaves its figures out, saying why: `annex_a_left_out`), and checked as Lists 6 to 8 are when there.
Lists 1, 2 and 11 are recognised: List 1 for its contacts' dates (below), the others left alone. List 2 (early
help: "all early help assessments in the six months before the date of inspection. Also, current early help
interventions that are being coordinated through the local authority") could only feed early_help_assessment_rate,
a whole year's rate with no national definition (councils count their own and partners' assessments their own way):
a year to date's count is not it, and a whole year lies within the lists only where they reach back over a year.
List 11 (adopters: "all those individuals who in the 12 months before the inspection have had contact with the local
authority adoption agency", their enquiries, stages, approval and matches) feeds no registry indicator: the registry
counts children, and the scorecard's adopter measures (A11 to A13) are the adoption agency's, often a regional one's.

The period the lists cover: at least the six months before the day they were run (the guidance's), and further back
where the lists hold events that must lie in the period (a contact, a referral, an assessment's authorisation, an
initial conference, an episode, plan or period of care ending) before that: back to the earliest of them (councils
often give twelve months). An earlier quarter end can be counted only because of this: Lists 6, 7 and 8 hold
everyone open on the run day and everyone whose involvement ended in the period, so everyone open on a day within
the period is listed (open on it, and either still open or ended after it). What is computed, on each quarter end
within the period (31 March as the reporting year's quarter 0, 30 June, 30 September, 31 December as quarters 1 to 3
of the year to the next 31 March), as collection.py numbers them:
- **children_in_need_count**: List 6 rows open on the day (CIN Start Date on or before it, CIN Closure Date blank
  or after it), as the CIN census's episodes open on a day are counted (cin_census.py); a referral that led to no
  further action is not a child in need and closes the day it opens, so it never counts;
- **child_protection_plan_count**: List 7 plans open on the day; **cpp_two_years**: of those, the share open two
  years or more (started on or before the day two years before);
- **children_looked_after_count**: children with a List 8 period of care open on the day, leaving out those looked
  after under a series of short breaks (legal status V3, V4), as SSDA903's count does (ssda903.py). List 8 gives
  only the current (or last) legal status of each period, which is what is left out by;
- **cin_rate**, **cpp_rate**, **cla_rate**: each count per 10,000 children aged 0 to 17, on the population of the
  mid-year before the reporting year's end (population[Y - 1] for the year to 31 March Y); no population, no rate.

Year to date: on each quarter end 1 to 3 within the period whose whole year to date (1 April to the quarter's end)
lies within it too, the shares the CIN census gives for a whole year (cin_census.py), counted over the year to date
by the same methods (its `rereferrals`, `working_days_after` with England's bank holidays, 45 and 15 working days);
31 March's whole year is left to the census, which the DfE publishes. A share with nothing to divide by is left out.
Lists 4 and 5 are taken, as the guidance's "in the six months before" reads, to hold every assessment authorised
and every conference held in the period, whenever it started, as Lists 6 and 7 are taken to hold every episode and
plan (an extract keeping only those started in the period would lose the few that took longer than the time from
the period's start to the year's):
- **referrals_no_further_action**: of List 3's referrals in the year to date (each row counted), the share whose
  Referral NFA? is yes;
- **rereferral_12m**: of those referrals, the share within 12 calendar months of the same child's previous referral
  in List 3 (the census's rule and its `rereferrals`: a child's two rows on one day are one referral when looking
  back). Annex A has no column saying whether a referral was a re-referral, and List 3 holds only referrals in the
  period, so the figure is given only where the period reaches back 12 months before the year's 1 April, every
  previous referral that could count being then listed: an Annex A of the usual six or twelve months never does.
  Its "Number of Referrals in Last 12 Months" cannot stand in: it is a child's count, over the 12 months before the
  lists were run (Data to Insight's SSD queries: the child's referrals since then, less one), not before each
  referral;
- **assessments_45_days**: of List 4's assessments authorised in the year to date, the share authorised within 45
  working days of the Continuous Assessment Start Date. The census (and the indicator's definition) counts from the
  referral; List 4 has no referral date, and its assessment cannot be tied to a List 3 referral for certain (List 3
  says nothing of which assessment followed, and the referral may precede the period), so the days are counted
  from the assessment's start, never more working days than from the referral: the share can be higher than the
  census's;
- **icpc_15_days**: of List 5's initial conferences held in the year to date, the share held within 15 working days
  of the section 47 enquiry's start; one dated before its enquiry's start is counted among the conferences, not
  among those in time, as the census's docstring (and the DfE's table C4) says. That is asked of the dates
  themselves: `working_days_after` gives 0, not a negative, for a conference dated the day before a start on a
  Friday or before a bank holiday, which the census's own count (0 days or more) would take as in time;
- **cpp_subsequent**: of List 7's plans started in the year to date, the share that were a second or subsequent
  plan: Number of Previous Child Protection Plans of 1 or more, or an earlier plan of the child in List 7, as the
  census's is. Without that column it is left out: a child's earlier plan that ended before the period is not
  listed.
Left out: the counts and rates over the year to date (referrals, section 47 enquiries, conferences, plans started)
are not comparable with the year's, which the registry defines; s47_to_icpc would need List 5 to hold every
enquiry started in the year to date and every conference held in it alike, which the guidance does not settle for
enquiries started before the period.

Care leavers (List 9), over the year to each quarter end within the period (1 April to the quarter's end; on 31
March, the whole year). The DfE's measures (SSDA903's OC3; the registry's definitions) count the young people whose
17th to 21st birthday fell in the year, by their age then, and what was known of them around that birthday (the
SSDA903 guide's three months before to one month after it; the DfE's tables "as measured on or around their
birthday"), leaving out those who died or went home to their parents (ssda903.py counts them so). List 9 is
everyone entitled on the run day, with one status each: it is taken as the one recorded on its Latest Date of
Contact (Data to Insight's SSD extracts, data-to-insight/ssd-data-model, fill that column with the date of the care
leaver record, IN_TOUCH_DTTM, which holds the contact, accommodation and activity together). So a young person counts with their listed status only where that date lies
around the birthday in the year to date (29 February's on 1 March in other years); where it does not (a later
record replaced it, or none was made then) the status around the birthday is not listed, and every figure of that
year to date is left out, saying for how many, never counted without them. Counted, of the former relevant young
people (Eligibility Category b: qualifying care leavers are not the DfE's) aged 19 to 21 at the birthday, but LA in
Touch died or Rhom: **care_leavers_in_touch** (yes), **care_leavers_eet** (F1 to F5, P1 to P5),
**care_leavers_neet_19_21** (G4 to G6), **care_leavers_higher_education_19_21** (F1, P1),
**care_leavers_apprenticeship_19_21** (F4, P4; from 2021-22), **care_leavers_activity_not_known_19_21** (a blank
Activity Status: the drop-down has no SSDA903 0, "not known", and a blank is taken as it),
**care_leavers_suitable_accommodation** (Suitability a; a blank, not known, is not suitable, as SSDA903's ACCOM 0
is not), and on 31 March only, **care_leavers_19_21_count** (a year to date's count is not the year's). Never: the
17 to 18 measures (care_leavers_eet_17_18, care_leavers_suitable_accommodation_17_18): the eligibility List 9 gives
is the run day's, so a 17-year-old who left care after their birthday (a care leaver now, not then, and not in the
DfE's count) cannot be told from one who had left before it.

Adoption (List 10), over the year to each quarter end on or before the run (the whole year on 31 March) whose year
to date List 10 holds every adoption of: the guidance's 12 months before the run, or further back to its earliest
adoption order (List 10's own: it does not widen the period of Lists 1 to 8, whose guidance asks six months). Over
the children adopted (Date of Adoption Order) in it, each an average:
- **adoption_entry_to_adoption_months**: entering care to the adoption order, in months of 365.25 / 12 days, as
  ssda903.py gives the DfE's (a single year's, not the old scorecard's three);
- **adoption_decision_to_match_months**: the decision that the child should be placed for adoption to the match;
- **adoption_a1_days**: the adoption scorecard's A1, "average time (in days) between a child entering care and moving
  in with its adoptive family, for children who have been adopted" (DfE, Adoption scorecards: methodology and
  guidance, March 2019): entering care to the Date Placed for Adoption;
- **adoption_a2_days**: the scorecard's A2, "average time (in days) between a local authority receiving court
  authority to place a child and the local authority deciding on a match to an adoptive family": Date of Placement
  Order to the match, 0 where the match came first, over the children placed for adoption under a placement order
  (the scorecard leaves out those not placed before the adoption order and those with no placement or freeing
  order: LG Inform's metric 912, quoting its help text).
Where an adopted child's row lacks a date a figure rests on (a match, a placement) that figure is left out for the
year to date, saying for how many, not averaged without them. Never: **adoption_a10_days**, the scorecard's A10 (A1
"adjusted for foster carer adoptions", given in the Adoption and Special Guardianship Leadership Board's quarterly
data since 2020-21 in A1's place): for a child adopted by its foster carers it counts to the day the child moved in
with them as foster carers (Wolverhampton's analysis of its scorecard, 2015). List 10 does not say who adopted a
child, and dates the move to foster carers only for a fostering for adoption or concurrent planning placement: a
child adopted by its long-term foster carers would be counted to its placement for adoption, as in A1.

What cannot be settled is left out, never guessed. The lists give one row per episode, plan or period: a council's
extract that keeps only each child's latest loses, on an earlier day, a child whose earlier period closed after it.
List 8 says when that happened: a period marked second or subsequent within the last 12 months, with no earlier
period of that child in the list, may have had its unlisted predecessor open on an earlier day, so the looked
after figures are left out on every quarter end before such a period's start. Lists 6 and 7 carry no such mark;
they are taken as listing every episode and plan open in the period, as the guidance asks.

Verified: tests/test_annex_a.py counts each figure on hand-made workbooks and checks that the example's Annex A,
derived from the example's SSDA903 and CIN census returns (scripts/make_example_annex_a.py), gives the same counts
on the quarter ends both cover as those returns do, and the same year-to-date shares for 2025-26's quarters 1 and 2
as the census in progress gives counted the same way, and the same care leavers' measures and months from decision to
match as the SSDA903 in progress's OC3 and AD1 give over those years to date. Column names and drop-downs as
liia-tools' Annex_A_schema.yml gives them (SocialFinanceDigitalLabs/liia-tools, liiatools/annex_a_pipeline/spec);
the guidance's description of each list as Data to Insight's SSD Annex A queries quote it (data-to-insight/
ssd-data-model, AnnexA_sqlserver.sql).

**Child-level rows never leave this module** except inside an AnnexA (for annex_a_figures): only counts do, with
"computed from Annex A <run date>" as their source. A workbook that cannot be right (a required list missing, a
header row not found, a date that is not a date or after the day the lists were run, an end before its start, an
unknown code, an answer not yes or no, a number of previous plans not a whole number, an assessment authorised
before it started, a care leaver's contact before their birth, List 10's dates out of order, a reversal without its
reason or a reason without its reversal, a child's rows overlapping) is refused with the file, the sheet, the row,
the child, the column, what was expected and found, and how many rows are like it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from numbers import Real
from pathlib import Path

import pandas as pd

from sefbook.errors import InputError
from sefbook.inputs.cin_census import ASSESSMENT_WORKING_DAYS, ICPC_WORKING_DAYS, rereferrals, working_days_after
from sefbook.inputs.collection import COMPUTED_SOURCE, QUARTER_ENDS, ComputedFigure, code_shown, is_personal, run_date
from sefbook.inputs.files import the_one_file
from sefbook.inputs.published.sheet_sizes import check_workbook_size
from sefbook.inputs.ssda903 import APPRENTICESHIP, EET, EET_BEFORE_2022, HIGHER_EDUCATION, NEET, NOT_A_CARE_LEAVER_NOW

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
MONTH_DAYS = 365.25 / 12  # as ssda903.py averages months

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


def _normal(text: object) -> str:
    """A header or sheet name as compared: lower case, one space between words, straight apostrophes."""
    return re.sub(r"\s+", " ", str(text).replace("\u2019", "'").replace("_", " ")).strip().lower()


def _list_number(sheet: str) -> int | None:
    """The list a sheet holds, by its number or its name."""
    name = _normal(sheet)
    numbered = re.match(r"^list\s*-?\s*0*(\d+)\b", name)
    if numbered:
        return int(numbered[1])
    return next((number for number, names in LIST_NAMES.items() if name in names), None)


def _sheets(path: Path, names: list[str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for sheet in names:
        number = _list_number(sheet)
        if number is None:
            continue
        if number in found:
            raise InputError(
                path,
                f"has two sheets for List {number}",
                expected="one sheet per list",
                found=f"{found[number]!r} and {sheet!r}",
            )
        found[number] = sheet
    for number in REQUIRED_LISTS:
        if number not in found:
            raise InputError(
                path,
                f"has no List {number} ({LIST_NAMES[number][0]})",
                expected=f"a sheet named 'List {number}' or {LIST_NAMES[number][0]!r}",
                found="sheets " + ", ".join(repr(s) for s in names),
            )
    return found


def _header_row(path: Path, sheet: str, raw: pd.DataFrame, spec: ListSpec) -> int:
    """The row holding the list's column names (the first that has them all, its optional ones aside)."""
    wanted = {_normal(name) for key, name in spec.columns.items() if key not in spec.optional}
    best, best_missing = 0, wanted
    for i in range(min(HEADER_SEARCH_ROWS, len(raw))):
        missing = wanted - {_normal(v) for v in raw.iloc[i] if isinstance(v, str)}
        if not missing:
            return i
        if len(missing) < len(best_missing):
            best, best_missing = i, missing
    names = [name for name in spec.columns.values() if _normal(name) in best_missing]
    raise InputError(
        path,
        f"has no header row with List {spec.number}'s columns",
        where=f"sheet {sheet!r}" + (f", row {best + 1}" if len(best_missing) < len(wanted) else ""),
        expected="columns " + ", ".join(n for k, n in spec.columns.items() if k not in spec.optional),
        found="no column " + ", ".join(repr(n) for n in names),
    )


def _table(path: Path, sheet: str, raw: pd.DataFrame, spec: ListSpec) -> pd.DataFrame:
    """The list's columns (as sefbook names them), text stripped, each row with its row in the workbook."""
    header = _header_row(path, sheet, raw, spec)
    positions = {_normal(v): j for j, v in reversed(list(enumerate(raw.iloc[header]))) if isinstance(v, str)}
    body = raw.iloc[header + 1 :]
    table = pd.DataFrame(
        {
            key: body.iloc[:, positions[_normal(name)]]
            for key, name in spec.columns.items()
            if _normal(name) in positions
        }
    )  # an optional column may be absent
    table = table.map(lambda v: v.strip() or None if isinstance(v, str) else v)  # "  " is blank
    table = table[table.notna().any(axis=1)]  # blank rows between and after
    return table.assign(_row=table.index + 1, _sheet=sheet)


def _shown(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "nothing"
    if isinstance(value, (datetime, date)):
        return repr(value.strftime("%d/%m/%Y"))
    return repr(value)


def _refuse(
    path: Path,
    frame: pd.DataFrame,
    bad: pd.Series,
    problem: str,
    expected: str,
    spec: ListSpec,
    column: str,
    raw: pd.DataFrame | None = None,
    codes: frozenset[str] | None = None,
) -> None:
    """Refuse the workbook at the first bad row: its sheet, row, child, column, what was found (in the cell as
    written) and how many rows are like it. In a column of `codes`, what was found is withheld from logs unless it
    looks like a slip of a code (collection.code_shown: a UPN, a date or a reference typed there is personal)."""
    if not bad.any():
        return
    first = frame[bad].iloc[0]
    more = int(bad.sum()) - 1
    value = (raw if raw is not None else frame).loc[first.name, column]
    child = _shown(first["child"]).strip("'") if pd.notna(first["child"]) else "without a Child Unique ID"
    looks_personal = codes is not None and not (
        _shown(value) == "nothing" or code_shown(value, codes, set(frame["child"].astype(str)))
    )
    raise InputError(
        path,
        problem,
        where=f"sheet {first['_sheet']!r}, row {first['_row']}, {{child}}, column '{spec.columns[column]}'",
        child=child,
        expected=expected,
        found=_shown(value) + (f" (and {more} more rows like it)" if more else ""),
        personal=is_personal(spec.columns[column]) or looks_personal,
    )


def _as_days(cells: pd.Series) -> pd.Series:
    """Each cell as a day: a date cell as it is, text written dd/mm/yyyy or yyyy-mm-dd; NaT otherwise."""
    is_date = cells.map(lambda v: isinstance(v, (datetime, date)))
    is_text = cells.map(lambda v: isinstance(v, str))
    days = pd.to_datetime(cells.where(is_date), errors="coerce").dt.normalize()
    text = cells.where(is_text).astype("string")
    british = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")
    return days.fillna(british).fillna(pd.to_datetime(text, format="%Y-%m-%d", errors="coerce"))


def _check(path: Path, table: pd.DataFrame, spec: ListSpec, run_on: date) -> pd.DataFrame:
    """The list checked, its dates as days and its codes as codes."""
    _refuse(
        path, table, table["child"].isna(), "has a row without a child", "a Child Unique ID in every row", spec, "child"
    )
    checked = table.assign(child=table["child"].map(lambda v: str(int(v)) if isinstance(v, float) else str(v)))
    for column, blank_allowed in spec.dates.items():
        if column not in table:  # an optional column the list lacks
            continue
        days = _as_days(table[column])
        bad = days.isna() & ~(table[column].isna() & blank_allowed)
        _refuse(
            path,
            checked,
            bad,
            "has a date that is not a date",
            "a date (a date cell, or text written dd/mm/yyyy)" + (" or blank" if blank_allowed else ""),
            spec,
            column,
            table,
        )
        _refuse(
            path,
            checked,
            days > pd.Timestamp(run_on),
            "has a date after the day the lists were run",
            f"a date on or before {run_on.strftime('%d/%m/%Y')} (the folder's date)",
            spec,
            column,
            table,
        )
        checked[column] = days
    for column, (pattern, known, blank_allowed) in spec.codes.items():
        if column not in table:
            continue
        text = table[column].astype("string")
        code = text.str.extract(CODE_PATTERNS[pattern], expand=False)
        code = code.str.lower() if pattern == "letter" else code
        code = code.str.upper().replace({"Y": "YES", "N": "NO"}) if pattern == "in touch" else code  # as SSDA903's
        bad = ~code.isin(known) & ~(text.isna() & blank_allowed)
        _refuse(
            path,
            checked,
            bad,
            "has a code the Annex A guidance does not know",
            f"one of {', '.join(sorted(known))}, as the guidance's drop-down writes it",
            spec,
            column,
            table,
            codes=known,
        )
        checked[column] = code
    for column, blank_allowed in spec.answers.items():
        if column in table:
            answer = table[column].astype("string").str.lower()
            _refuse(
                path,
                checked,
                ~answer.isin(YES | NO) & ~(answer.isna() & blank_allowed),
                "has an answer that is not yes or no",
                "Y, N, Yes, No, a) Yes or b) No",
                spec,
                column,
                table,
                codes=frozenset({"Y", "N", "YES", "NO", "y", "n", "yes", "no"}),
            )
            checked[column] = answer.isin(YES)
    for column in spec.numbers:
        if column in table:
            number = table[column].map(_whole)
            _refuse(
                path,
                checked,
                number.isna(),
                "has a number that is not a whole number",
                "a whole number, 0 or more",
                spec,
                column,
                table,
            )
            checked[column] = number.astype("int64")
    for earlier, later, problem in spec.ordered:
        if earlier in table and later in table:  # NaT (a blank) compares as neither before nor after
            _refuse(
                path,
                checked,
                checked[later] < checked[earlier],
                problem,
                f"{spec.columns[later]} on or after {spec.columns[earlier]}",
                spec,
                later,
                table,
            )
    for one, other in spec.together:
        if one in table and other in table:
            _refuse(
                path,
                checked,
                checked[one].isna() != checked[other].isna(),
                f"has a {spec.columns[one]} and a {spec.columns[other]} that disagree",
                "both given or both blank",
                spec,
                other,
                table,
            )
    return checked


def _whole(value: object) -> float:
    """A whole number, 0 or more, as a cell holds it (1, 1.0, "1"); NaN otherwise."""
    if isinstance(value, str) and re.fullmatch(r"\d+", value):
        return float(value)
    if isinstance(value, Real) and not isinstance(value, bool) and value >= 0 and float(value).is_integer():
        return float(value)
    return float("nan")


def _check_periods(path: Path, frame: pd.DataFrame, spec: ListSpec, raw: pd.DataFrame) -> None:
    """Ends not before starts, a reason given exactly when an end is, and a child's rows not overlapping."""
    start, end = spec.start_end
    what = WHAT[spec.number]
    _refuse(
        path,
        frame,
        frame[end] < frame[start],
        f"has {what[:-1]} ending before it starts",
        f"{spec.columns[end]} on or after {spec.columns[start]}",
        spec,
        end,
        raw,
    )
    if "reason" in spec.columns:
        _refuse(
            path,
            frame,
            frame[end].isna() != frame["reason"].isna(),
            "has an end and a reason that disagree",
            f"{spec.columns[end]} and {spec.columns['reason']} both given (it ended) or both blank (it is open)",
            spec,
            "reason",
            raw,
        )
    ordered = frame.sort_values(["child", start], kind="stable")
    by_child = ordered.groupby("child")
    previous_end = by_child[end].shift()
    overlapping = (by_child.cumcount() > 0) & (previous_end.isna() | (ordered[start] < previous_end))
    _refuse(
        path,
        ordered,
        overlapping,
        f"has a child's {what} overlapping",
        f"each to start on or after the end of the one before ({spec.columns[end]})",
        spec,
        start,
        raw,
    )


def _period_start(run_on: date, tables: dict[int, pd.DataFrame]) -> date:
    """At least the guidance's six months; further back to the earliest event that must lie in the period."""
    events = [
        tables[n][c]
        for n, c in (
            (1, "contact"),
            (3, "referral"),
            (4, "authorised"),
            (5, "conference"),
            (6, "end"),
            (7, "end"),
            (8, "end"),
        )
        if n in tables
    ]
    earliest = min((e.min() for e in events if e.notna().any()), default=pd.NaT)
    six_months = (pd.Timestamp(run_on) - pd.DateOffset(months=GUIDANCE_PERIOD_MONTHS)).date()
    return min(six_months, earliest.date()) if pd.notna(earliest) else six_months


def read_annex_a(folder: Path) -> AnnexA:
    """Read and check one Annex A folder (`annex-a-<the day the lists were run>`)."""
    run_on = run_date(folder, "annex-a")
    path = the_one_file(folder, ".xlsx", "Annex A workbook", "holding Ofsted's Annex A lists")
    check_workbook_size(path)  # before calamine, which aborts the process on a sheet too large to lay out
    try:
        raw_sheets = pd.read_excel(path, sheet_name=None, header=None, engine="calamine")
    except Exception as exc:  # noqa: BLE001 - calamine's errors are its own: a file that is not a workbook, or a damaged one
        raise InputError(
            path,
            "is not an Excel workbook sefbook can read",
            expected="an .xlsx file",
            found=str(exc) or type(exc).__name__,
        ) from None
    sheets = _sheets(path, list(raw_sheets))
    tables = {}
    for number, spec in SPECS.items():
        if number in sheets:
            raw = _table(path, sheets[number], raw_sheets[sheets[number]], spec)
            tables[number] = _check(path, raw, spec, run_on)
            if spec.start_end:
                _check_periods(path, tables[number], spec, raw)
    keep = {
        3: ["child", "referral", "nfa"],
        4: ["child", "start", "authorised"],
        5: ["child", "start", "conference"],
        6: ["child", "start", "end"],
        7: ["child", "start", "end", "previous"],
        8: ["child", "start", "end", "legal", "subsequent"],
        9: ["child", "born", "eligibility", "in_touch", "contact", "activity", "suitability"],
        10: [
            "child",
            "entered",
            "decision",
            "placement_order",
            "matched",
            "placed",
            "adopted",
            "reversed",
            "fostering",
        ],
    }
    lists = {
        n: tables[n][[c for c in columns if c in tables[n]]].reset_index(drop=True)
        for n, columns in keep.items()
        if n in tables
    }
    # Lists 9 and 10 do not set the period: List 10's 12 months would make Lists 6 to 8's six look like twelve
    return AnnexA(
        folder,
        path,
        run_on,
        _period_start(run_on, tables),
        lists[6],
        lists[7],
        lists[8],
        sheets,
        lists.get(3),
        lists.get(4),
        lists.get(5),
        lists.get(9),
        lists.get(10),
    )


def quarter_ends(annex: AnnexA) -> list[tuple[int, int, date]]:
    """(reporting year, quarter, day) of each quarter end within the period the lists cover (31 March: the
    year's quarter 0)."""
    return _quarter_ends_between(annex.period_start, annex.run_on)


def _quarter_ends_between(first: date, last: date) -> list[tuple[int, int, date]]:
    days = []
    for year in range(first.year, last.year + 1):
        for quarter, month, day in QUARTER_ENDS:
            when = date(year, month, day)
            if first <= when <= last:
                days.append((year, 0, when) if month == 3 else (year + 1, quarter, when))
    return sorted(days, key=lambda d: d[2])


def _open_on(frame: pd.DataFrame, day: date) -> pd.Series:
    when = pd.Timestamp(day)
    return (frame["start"] <= when) & (frame["end"].isna() | (frame["end"] > when))


def care_listed_from(annex: AnnexA) -> date | None:
    """The first day from which List 8 holds every period of care open on it: after the start of the last period
    marked second or subsequent whose earlier period is not listed (None: from the period's start)."""
    care = annex.in_care.sort_values(["child", "start"], kind="stable")
    first_listed = care.groupby("child").cumcount() == 0
    unlisted_before = care[care["subsequent"] & first_listed]
    return unlisted_before["start"].max().date() if len(unlisted_before) else None


def on_a_day(annex: AnnexA, day: date) -> dict[str, float | None]:
    """The counts and the share on `day` (None where the lists cannot settle it, or a share has nothing to
    divide by)."""
    plans = annex.plans[_open_on(annex.plans, day)]
    two_years = int((plans["start"] + pd.DateOffset(years=2) <= pd.Timestamp(day)).sum())
    care = annex.in_care
    listed_from = care_listed_from(annex)
    in_care = care.loc[_open_on(care, day) & ~care["legal"].isin(SHORT_BREAKS), "child"].nunique()
    return {
        "children_in_need_count": int(_open_on(annex.in_need, day).sum()),
        "child_protection_plan_count": len(plans),
        "cpp_two_years": two_years / len(plans) * 100 if len(plans) else None,
        "children_looked_after_count": in_care if listed_from is None or day >= listed_from else None,
    }


def years_to_date(annex: AnnexA) -> list[tuple[int, int, date, date]]:
    """(reporting year, quarter, its first day, the quarter's end) of each quarter end 1 to 3 within the period the
    lists cover whose whole year to date (from 1 April) lies within it too."""
    return [
        (year, quarter, date(year - 1, 4, 1), day)
        for year, quarter, day in quarter_ends(annex)
        if quarter and date(year - 1, 4, 1) >= annex.period_start
    ]


def _share(part: int, whole: int) -> float | None:
    return part / whole * 100 if whole else None


def year_to_date(annex: AnnexA, year: int, first: date, last: date) -> dict[str, float | None]:
    """The shares over `first` to `last` (the reporting year `year` to a quarter's end), each as cin_census.py
    counts its year's: None where a list or column it rests on is not there, where the lists cannot settle it, or
    where it has nothing to divide by."""
    start, end = pd.Timestamp(first), pd.Timestamp(last)
    values: dict[str, float | None] = {}
    if annex.referrals is not None:
        listed = annex.referrals[annex.referrals["referral"] <= end]
        in_ytd = listed["referral"].between(start, end)
        referrals = int(in_ytd.sum())
        if annex.period_start <= (start - pd.DateOffset(months=12)).date():  # every previous referral is listed
            history = listed.rename(columns={"referral": "CINreferralDate"})[["child", "CINreferralDate"]]
            counted, rereferred = rereferrals(history, history, year)  # nothing after `last`: the year to date
            values["rereferral_12m"] = _share(rereferred, counted)
        if "nfa" in listed:
            values["referrals_no_further_action"] = _share(int((in_ytd & listed["nfa"]).sum()), referrals)
    if annex.assessments is not None:
        done = annex.assessments[annex.assessments["authorised"].between(start, end)]
        days = working_days_after(done["start"], done["authorised"])
        values["assessments_45_days"] = _share(int((days <= ASSESSMENT_WORKING_DAYS).sum()), len(done))
    if annex.enquiries is not None:
        held = annex.enquiries[annex.enquiries["conference"].between(start, end)]
        days = working_days_after(held["start"], held["conference"])
        in_time = (held["conference"] >= held["start"]).to_numpy() & (days <= ICPC_WORKING_DAYS)  # not before it
        values["icpc_15_days"] = _share(int(in_time.sum()), len(held))
    if "previous" in annex.plans:
        plans = annex.plans
        started = plans[plans["start"].between(start, end)]
        earlier_listed = started["start"] > started["child"].map(plans.groupby("child")["start"].min())
        values["cpp_subsequent"] = _share(int(((started["previous"] > 0) | earlier_listed).sum()), len(started))
    return values


# --- List 9: care leavers -----------------------------------------------------------------------------------

LEAVER_BASE = ("born", "eligibility", "in_touch", "contact")  # who is counted, and when their status was recorded
LEAVER_SHARES = {  # indicator: the column it rests on, and which of the young people it counts
    "care_leavers_in_touch": ("in_touch", lambda code: code == "YES"),
    "care_leavers_eet": ("activity", lambda code: code.isin(EET_BEFORE_2022 | EET)),
    "care_leavers_neet_19_21": ("activity", lambda code: code.isin(NEET)),
    "care_leavers_higher_education_19_21": ("activity", lambda code: code.isin(HIGHER_EDUCATION)),
    "care_leavers_apprenticeship_19_21": ("activity", lambda code: code.isin(APPRENTICESHIP)),
    "care_leavers_activity_not_known_19_21": ("activity", lambda code: code.isna()),  # blank: SSDA903's 0
    "care_leavers_suitable_accommodation": ("suitability", lambda code: code == "a"),  # blank: not known
}
APPRENTICESHIPS_FROM = 2022  # F4, P4 from the collection year 2021-22, as ssda903.py counts them
LEAVER_INDICATORS = (*LEAVER_SHARES, "care_leavers_19_21_count")
LEAVERS_17_18 = (
    "List 9 gives each young person's eligibility on the day the lists were run, not at their "
    "birthday: a 17-year-old who left care after their birthday is a care leaver on the run day but was "
    "not one at the birthday, and the DfE's 17 to 18 measures do not count them (the SSDA903 asks no "
    "OC3 record for them)"
)
# Indicators an Annex A never gives, and why
NOT_FROM_ANNEX_A = {
    "care_leavers_eet_17_18": LEAVERS_17_18,
    "care_leavers_suitable_accommodation_17_18": LEAVERS_17_18,
    "adoption_a10_days": "List 10 does not say whether a child was adopted by its foster carers, nor when a child "
    "moved in with foster carers who went on to adopt it unless they fostered it as a fostering "
    "for adoption or concurrent planning placement: the scorecard's A10 counts every foster "
    "carer adoption to the day the child moved in with them",
}


def _birthday_between(born: pd.Timestamp, first: date, last: date) -> pd.Timestamp:
    """The young person's birthday from `first` to `last` (a year at most), or NaT; 29 February's falls on 1 March in
    other years, as a person born then comes of age (Family Law Reform Act 1969, s. 9)."""
    for year in range(first.year, last.year + 1):
        try:
            day = born.replace(year=year)
        except ValueError:
            day = pd.Timestamp(year, 3, 1)
        if pd.Timestamp(first) <= day <= pd.Timestamp(last):
            return day
    return pd.NaT


def care_leavers_19_21(annex: AnnexA, first: date, last: date) -> tuple[pd.DataFrame, int]:
    """The young people the DfE's 19 to 21 measures count over `first` to `last`: the former relevant young people
    whose 19th, 20th or 21st birthday fell in it, but those who died or went home to their parents (as ssda903.py
    counts OC3's); and how many of them List 9 does not give the status around that birthday for (their Latest Date
    of Contact not within the three months before to the month after it)."""
    leavers = annex.care_leavers
    birthday = pd.to_datetime(leavers["born"].map(lambda born: _birthday_between(born, first, last)))
    age = birthday.dt.year - leavers["born"].dt.year
    in_band = birthday.notna() & age.between(19, 21) & (leavers["eligibility"] == FORMER_RELEVANT)
    cohort, when = leavers[in_band], birthday[in_band]
    around = cohort["contact"].between(
        when - pd.DateOffset(months=BIRTHDAY_BEFORE), when + pd.DateOffset(months=BIRTHDAY_AFTER)
    )
    return cohort[around & ~cohort["in_touch"].isin(NOT_A_CARE_LEAVER_NOW)], int((~around).sum())


def care_leaver_measures(annex: AnnexA) -> tuple[dict[tuple[str, int, int], float], dict[str, str]]:
    """List 9's figures, (indicator, reporting year, quarter): value, over the year to each quarter end within the
    period the lists cover (the whole year on 31 March); and why an indicator it could give is not given."""
    if annex.care_leavers is None:
        return {}, {indicator: "the workbook has no List 9 (care leavers)" for indicator in LEAVER_INDICATORS}
    leavers, names = annex.care_leavers, SPECS[9].columns
    lacking = [names[c] for c in LEAVER_BASE if c not in leavers]
    if lacking:
        return {}, {
            indicator: f"List 9 has no column {', '.join(map(repr, lacking))}: who the DfE counts, or when "
            f"their status was recorded, is not known"
            for indicator in LEAVER_INDICATORS
        }
    values: dict[tuple[str, int, int], float] = {}
    unsettled_on: dict[tuple[date, int], int] = {}
    for year, quarter, day in quarter_ends(annex):
        counted, unsettled = care_leavers_19_21(annex, date(year - 1, 4, 1), day)
        if unsettled:  # never guessed: the status around their birthday is not in the list
            unsettled_on[(day, quarter)] = unsettled
            continue
        if quarter == 0:  # a count over a year to date is not the year's, which the registry defines
            values[("care_leavers_19_21_count", year, 0)] = float(len(counted))
        for indicator, (column, counts) in LEAVER_SHARES.items():
            if (
                column in counted
                and len(counted)
                and not (indicator == "care_leavers_apprenticeship_19_21" and year < APPRENTICESHIPS_FROM)
            ):
                counted_in = counts(counted[column]).astype("boolean").fillna(False)  # a blank is not counted in
                values[(indicator, year, quarter)] = float(counted_in.mean() * 100)

    def not_listed(quarters: set[int]) -> str:
        found = "; ".join(
            f"for {n} of the young people whose 19th to 21st birthday fell in the year to {day.strftime('%d/%m/%Y')}"
            for (day, quarter), n in unsettled_on.items()
            if quarter in quarters
        )
        return found and (
            f"List 9's Latest Date of Contact is not within the three months before to the month after "
            f"the birthday ({found}): their status around it is not listed"
        )

    why = {
        indicator: f"List 9 has no column {names[column]!r}"
        if column not in leavers
        else not_listed({0, 1, 2, 3})
        or "no young person whose 19th to 21st birthday fell in a year to a quarter end the lists cover is in List 9"
        for indicator, (column, _) in LEAVER_SHARES.items()
    }
    why["care_leavers_19_21_count"] = (
        "a count over a year to date is not the year's count the registry defines; "
        "over the whole year, " + (not_listed({0}) or "the lists' period reaches no 31 March")
    )
    return values, why


# --- List 10: adoption --------------------------------------------------------------------------------------

ADOPTION_INDICATORS = (
    "adoption_entry_to_adoption_months",
    "adoption_decision_to_match_months",
    "adoption_a1_days",
    "adoption_a2_days",
)


def adoptions_listed_from(annex: AnnexA) -> date:
    """The first day from which List 10 holds every adoption: the guidance's 12 months before the run, or further
    back to its earliest adoption order."""
    months = (pd.Timestamp(annex.run_on) - pd.DateOffset(months=ADOPTION_LIST_MONTHS)).date()
    earliest = annex.adoptions["adopted"].min()
    return min(months, earliest.date()) if pd.notna(earliest) else months


def adoption_years_to_date(annex: AnnexA) -> list[tuple[int, int, date, date]]:
    """(reporting year, quarter, its first day, the quarter's end) of each quarter end on or before the run whose
    year to date (from 1 April; the whole year on 31 March) List 10 holds every adoption of."""
    start = adoptions_listed_from(annex)
    ends = _quarter_ends_between(start, annex.run_on)
    return [(year, quarter, date(year - 1, 4, 1), day) for year, quarter, day in ends if date(year - 1, 4, 1) >= start]


def _mean_days(gaps: pd.Series) -> float:
    return float(gaps.dt.days.mean())


def adoption_timeliness(annex: AnnexA, first: date, last: date) -> tuple[dict[str, float], dict[str, str]]:
    """The averages over the children adopted (Date of Adoption Order) from `first` to `last`, and why any is not
    given (a column List 10 lacks, a date an adopted child's row lacks)."""
    listed, names = annex.adoptions, SPECS[10].columns
    adopted = listed[listed["adopted"].between(pd.Timestamp(first), pd.Timestamp(last))]
    when = f"from {first.strftime('%d/%m/%Y')} to {last.strftime('%d/%m/%Y')}"
    if not len(adopted):
        return {}, {indicator: f"no child in List 10 was adopted {when}" for indicator in ADOPTION_INDICATORS}
    values = {"adoption_entry_to_adoption_months": _mean_days(adopted["adopted"] - adopted["entered"]) / MONTH_DAYS}
    gaps = {}
    for indicator, start, end, unit in (
        ("adoption_decision_to_match_months", "decision", "matched", MONTH_DAYS),
        ("adoption_a1_days", "entered", "placed", 1),
    ):
        if end not in adopted:
            gaps[indicator] = f"List 10 has no column {names[end]!r}"
        elif adopted[end].isna().any():  # left out, not averaged over the others
            gaps[indicator] = f"{int(adopted[end].isna().sum())} children adopted {when} have no {names[end]!r}"
        else:
            values[indicator] = _mean_days(adopted[end] - adopted[start]) / unit
    lacking = [names[c] for c in ("placement_order", "matched", "placed") if c not in adopted]
    if lacking:
        gaps["adoption_a2_days"] = f"List 10 has no column {', '.join(map(repr, lacking))}"
    else:
        # the scorecard's A2: only children placed for adoption with court authority (a placement order)
        authorised = adopted[adopted["placement_order"].notna() & adopted["placed"].notna()]
        if authorised["matched"].isna().any():
            gaps["adoption_a2_days"] = (
                f"{int(authorised['matched'].isna().sum())} children adopted {when} with a "
                f"placement order have no {names['matched']!r}"
            )
        elif not len(authorised):
            gaps["adoption_a2_days"] = f"no child adopted {when} was placed for adoption under a placement order"
        else:  # matched before the court's authority: 0 days, as the scorecard counts it
            values["adoption_a2_days"] = _mean_days(
                (authorised["matched"] - authorised["placement_order"]).clip(lower=pd.Timedelta(0))
            )
    return values, gaps


def adoption_measures(annex: AnnexA) -> tuple[dict[tuple[str, int, int], float], dict[str, str]]:
    """List 10's figures, (indicator, reporting year, quarter): value, over each year to date it holds every
    adoption of; and why an indicator it could give is not given."""
    if annex.adoptions is None:
        return {}, {indicator: "the workbook has no List 10 (adoption)" for indicator in ADOPTION_INDICATORS}
    if "adopted" not in annex.adoptions:
        return {}, {
            indicator: f"List 10 has no column {SPECS[10].columns['adopted']!r}" for indicator in ADOPTION_INDICATORS
        }
    values: dict[tuple[str, int, int], float] = {}
    gaps: dict[str, list[str]] = {}
    periods = adoption_years_to_date(annex)
    for year, quarter, first, last in periods:
        found, why = adoption_timeliness(annex, first, last)
        values |= {(indicator, year, quarter): value for indicator, value in found.items()}
        for indicator, reason in why.items():
            gaps.setdefault(indicator, []).append(reason)
    if not periods:
        start = adoptions_listed_from(annex).strftime("%d/%m/%Y")
        return {}, {
            indicator: f"List 10 holds the adoptions from {start} (the 12 months before the run, or its "
            f"earliest adoption order): no year to date from 1 April lies within that"
            for indicator in ADOPTION_INDICATORS
        }
    return values, {indicator: "; ".join(dict.fromkeys(reasons)) for indicator, reasons in gaps.items()}


RATES = {
    "children_in_need_count": "cin_rate",
    "child_protection_plan_count": "cpp_rate",
    "children_looked_after_count": "cla_rate",
}


def annex_a_figures(annex: AnnexA, population: dict[int, float]) -> list[ComputedFigure]:
    """The figures one Annex A gives, on each quarter end within the period its lists cover. `population`: the
    council's children aged 0 to 17 by mid-year; a rate is computed only where the mid-year before the reporting
    year's end is known."""
    source = f"{COMPUTED_SOURCE}Annex A {annex.run_on.isoformat()}"
    figures = []
    for year, quarter, day in quarter_ends(annex):
        children = population.get(year - 1)  # the year to 31 March 2025: mid-2024 estimates
        for name, value in on_a_day(annex, day).items():
            if value is None:
                continue
            figures.append(ComputedFigure(name, year, quarter, float(value), source))
            if name in RATES and children and children > 0:
                figures.append(ComputedFigure(RATES[name], year, quarter, value / children * 10_000, source))
    for year, quarter, first, last in years_to_date(annex):
        figures += [
            ComputedFigure(name, year, quarter, float(value), source)
            for name, value in year_to_date(annex, year, first, last).items()
            if value is not None
        ]
    for measures in (care_leaver_measures(annex)[0], adoption_measures(annex)[0]):
        figures += [
            ComputedFigure(name, year, quarter, value, source) for (name, year, quarter), value in measures.items()
        ]
    return figures


def annex_a_left_out(annex: AnnexA) -> dict[str, str]:
    """The care leaver and adoption indicators Lists 9 and 10 could feed but this Annex A gives no figure for,
    each with the reason (as ssda903_left_out gives the SSDA903's)."""
    leavers, why_leavers = care_leaver_measures(annex)
    adoptions, why_adoptions = adoption_measures(annex)
    given = {name for name, _, _ in leavers} | {name for name, _, _ in adoptions}
    return {
        indicator: reason
        for indicator, reason in (NOT_FROM_ANNEX_A | why_leavers | why_adoptions).items()
        if indicator not in given
    }


ANNEX_A_INDICATORS = (
    "children_in_need_count",
    "cin_rate",
    "child_protection_plan_count",
    "cpp_rate",
    "cpp_two_years",
    "children_looked_after_count",
    "cla_rate",
    "rereferral_12m",
    "referrals_no_further_action",
    "assessments_45_days",
    "icpc_15_days",
    "cpp_subsequent",
    *LEAVER_INDICATORS,
    *ADOPTION_INDICATORS,
)
