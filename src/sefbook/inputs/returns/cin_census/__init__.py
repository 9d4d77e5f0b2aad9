"""The council's own children in need census (CIN census XML), turned into its figures the DfE's way.

A census is a folder in the returns folder (`cin-2025/` for the whole year 1 April 2024 to 31
March 2025, `cin-2026-to-2025-10-14/` for this year's as extracted on 14 October 2025: see
folder.py). The folder holds one `.xml` file in the DfE's CIN
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
