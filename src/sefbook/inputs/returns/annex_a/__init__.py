"""Ofsted's Annex A (the child-level lists a council gives inspectors at an ILACS inspection), read, checked and
turned into on-a-day counts, year-to-date shares, care leavers' measures and adoption timeliness.

An Annex A is a folder in the returns folder named by the day its lists were run, `annex-a-2025-10-14/` (see
folder.py), holding one Excel workbook (.xlsx), one sheet per list. Lists and columns as Ofsted's Annex A
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
  or after it), as the CIN census's episodes open on a day are counted (cin_census/); a referral that led to no
  further action is not a child in need and closes the day it opens, so it never counts;
- **child_protection_plan_count**: List 7 plans open on the day; **cpp_two_years**: of those, the share open two
  years or more (started on or before the day two years before);
- **children_looked_after_count**: children with a List 8 period of care open on the day, leaving out those looked
  after under a series of short breaks (legal status V3, V4), as SSDA903's count does (ssda903/). List 8 gives
  only the current (or last) legal status of each period, which is what is left out by;
- **cin_rate**, **cpp_rate**, **cla_rate**: each count per 10,000 children aged 0 to 17, on the population of the
  mid-year before the reporting year's end (population[Y - 1] for the year to 31 March Y); no population, no rate.

Year to date: on each quarter end 1 to 3 within the period whose whole year to date (1 April to the quarter's end)
lies within it too, the shares the CIN census gives for a whole year (cin_census/), counted over the year to date
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
birthday"), leaving out those who died or went home to their parents (ssda903/ counts them so). List 9 is
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
  ssda903/ gives the DfE's (a single year's, not the old scorecard's three);
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
