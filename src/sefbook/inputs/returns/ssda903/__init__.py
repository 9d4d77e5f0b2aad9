"""The council's SSDA903 return (children looked after), read, checked and counted the DfE's way.

A return is a folder of CSV tables (`ssda903-2025/` for the whole year to 31 March 2025,
`ssda903-2026-to-2025-10-14/` for one in progress: see folder.py), each table found by its
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
