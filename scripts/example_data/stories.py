"""Stories: where each figure starts and how it moves, for England, the region, the ten
neighbours and Kingsmere; and the seeds. The order of the stories is the order of the random
draws, so new stories go at the end of NEW_STORIES."""

from __future__ import annotations

from dataclasses import dataclass

SEED = 20250331  # draws the figures of the first example files (STORIES)


@dataclass(frozen=True)
class Story:
    england: float  # England's level in 2021
    trend: float  # England's change per year
    spread: float  # how far a neighbour may sit from England (standard deviation)
    noise: float  # a council's year-to-year wobble (standard deviation)
    kingsmere: tuple[float, float]  # Kingsmere in 2021 and 2025, a straight line between
    low: float = 0.0
    high: float = 1e9


def percent(england, trend, spread, noise, kingsmere, low=0.3) -> Story:
    # Keep percentages off 0 and 100 so every category has someone in it.
    return Story(england, trend, spread, noise, kingsmere, low=low, high=99.0)


# Rates are per 10,000 children aged 0 to 17 unless named otherwise.
STORIES = {
    # children in need
    "cin_started_rate": Story(325, 2, 45, 10, (345, 320)),
    "cin_at31_rate": Story(328, 1, 50, 8, (362, 335)),
    "referral_rate": Story(515, 3, 90, 20, (548, 505)),
    "rereferral_pct": percent(22.4, -0.1, 3.5, 1.0, (24.2, 19.0)),
    "assessment_rate": Story(525, 3, 90, 20, (560, 515)),
    "assessment_45_days_pct": percent(82.5, -0.2, 6, 2, (76, 88)),
    "s47_rate": Story(178, 2, 40, 8, (196, 184)),
    "icpc_per_s47_pct": percent(36, -0.3, 6, 2, (34, 33)),
    "icpc_15_days_pct": percent(78, 0.2, 9, 3, (84.5, 85.5)),
    "icpc_0_10_share_pct": percent(58, 0, 8, 3, (60, 64)),  # of those within 15 days
    # child protection: Kingsmere's repeat plans are a worry that is not shifting
    "cpp_start_rate": Story(51, -0.3, 12, 3, (56, 54)),
    "cpp_subsequent_pct": percent(23.6, 0.2, 4, 1.5, (26.4, 25.9)),
    "cpp_at31_rate": Story(41, -0.3, 10, 2, (44, 41)),
    "cpp_two_years_pct": Story(2.6, -0.05, 0.8, 0.5, (3.2, 2.8), low=0.3, high=10),
    # children looked after
    "cla_at31_rate": Story(69, 0.4, 20, 1.5, (79, 74)),
    "cla_start_rate": Story(25, 0.3, 6, 1.5, (29, 27)),
    "three_placements_pct": percent(10, 0, 2, 1, (11, 9)),
    "long_term_group_pct": percent(35, 0, 4, 1.5, (36, 35)),  # of children looked after
    "long_term_stable_pct": percent(70, 0.2, 5, 2, (68, 72)),
    "new_placements_per_100_cla": Story(78, 0, 10, 4, (80, 82)),
    "over_20_miles_pct": percent(21.5, 0.2, 5, 1.5, (15, 21)),  # Kingsmere: a worry
    # care leavers (cohorts per 100 children looked after at 31 March); the small categories
    # have a 1% floor so that "k" appears only where it is scripted
    "leavers_17_18_per_100_cla": Story(18, 0, 2, 1, (18, 18.5)),
    "leavers_19_21_per_100_cla": Story(47, 0, 4, 1.5, (45, 47)),
    "eet_17_18_pct": percent(65, 0.3, 6, 3, (63, 66)),
    "eet_19_21_pct": percent(55.5, 0.2, 6, 2.5, (52, 60)),
    "activity_unknown_pct": percent(4, 0, 2, 1, (3, 2), low=1),
    "suitable_17_18_pct": percent(90, 0.2, 4, 2, (91, 92)),
    "suitable_19_21_pct": percent(88, 0.1, 4, 2, (89.5, 90.5)),
    "accommodation_unknown_pct": percent(5, 0, 2, 1, (3, 3), low=1),
    "in_touch_17_18_pct": percent(95, 0, 2.5, 1.5, (96, 97)),
    "in_touch_19_21_pct": percent(92, 0.1, 3, 1.5, (94.5, 95.5)),
    "no_longer_requires_pct": percent(3, 0, 1.5, 0.8, (2, 2), low=1),
    # social work workforce: Kingsmere's falling agency use is its success story
    "social_workers_rate": Story(29.5, 0.3, 5, 1, (29, 31)),  # FTE in post per 10,000
    "turnover_pct": percent(15.4, -0.4, 3.5, 1.5, (18.5, 13)),
    "agency_pct": percent(16.5, 0, 6, 1.5, (24, 12)),
    "vacancy_pct": percent(18.5, -0.2, 4, 2, (22, 15)),
    "caseload": Story(16.4, 0, 2, 0.6, (17.2, 15.0), low=8),
    # local collections: family hubs open; fewer children enter the youth justice system
    "early_help_rate": Story(195, 5, 50, 10, (150, 230)),
    "first_time_entrant_rate": Story(155, -6, 35, 10, (170, 120)),  # per 100,000 aged 10-17
}


# Figures added after the first release: drawn from random.Random(NEW_SEED), in this order.
# Stories named *_share_pct split a printed count into the parts a file publishes (apportion:
# the parts always add up to their total); other *_pct stories are a share of a count.
NEW_SEED = SEED + 2
NEW_STORIES = {
    # children in need (b1, c1): episodes over the year, and the front door
    "cin_opening_pct": Story(101, 0, 3, 1, (102, 101), low=85, high=115),  # open 1 April 2020, % of At31 2021
    "cin_child_pct": percent(93.5, 0, 1, 0.4, (93, 93.5)),  # children per 100 episodes
    "awaiting_assessment_rate": Story(13, 0.2, 4, 1.2, (16, 9), low=1),  # per 10,000 on 31 March
    "nfa_pct": percent(6.5, -0.1, 3, 1, (4.5, 3), low=0.4),  # referrals with no further action
    "not_in_need_pct": percent(30, 0.3, 6, 2, (34, 29)),  # assessed, not in need
    "referral_child_pct": percent(88, 0, 2, 0.7, (87.5, 88.5)),  # children per 100 referrals
    "rereferral_child_pct": percent(82, 0, 2, 1, (82, 82)),  # re-referred children per 100 re-referrals
    # section 47s and conferences (c4)
    "s47_child_pct": percent(93, 0, 1.5, 0.5, (93, 93)),
    "icpc_child_pct": percent(95, 0, 1.5, 0.5, (95, 95)),
    "icpc_16_20_share_pct": percent(45, 0, 8, 3, (50, 55)),  # of conferences after 15 days
    # plans by length on 31 March (d5): shares of the plans open under two years
    "cpp_3m_share_pct": percent(32, 0.2, 4, 1.5, (30, 34)),
    "cpp_3_6m_share_pct": percent(26, 0, 3, 1.5, (26, 26)),
    "cpp_6_12m_share_pct": percent(27, 0, 3, 1.5, (28, 27)),
    # children looked after: ceasing, two-year stability, where new placements are
    "cla_ceased_rate": Story(24.5, 0.3, 6, 1.5, (30, 29)),  # per 10,000; Kingsmere: more leave than start
    "cla_2_years_share_pct": percent(47, 0, 4, 1.5, (49, 47)),  # looked after two years, of CLA
    "three_placements_2y_pct": percent(18, 0, 3, 1.5, (19, 15)),
    "far_inside_share_pct": percent(18, 0, 8, 3, (10, 12)),  # of new placements over 20 miles
    "near_outside_share_pct": percent(22, 0, 8, 3, (18, 20)),  # of those 20 miles or less
    "distance_unknown_pct": percent(2, 0, 1, 0.5, (1.5, 1.5), low=0.3),  # of all new placements
    # children looked after on 31 March: placement, distance, unaccompanied children
    "foster_pct": percent(69, -0.6, 5, 1.5, (71, 69)),
    "childrens_homes_pct": percent(11, 0.4, 3, 1, (9, 10.5)),
    "independent_pct": percent(8, 0.4, 3, 1, (7, 8)),
    "far_31_march_pct": percent(19, 0.2, 5, 1.5, (15, 17)),
    "distance_unknown_31_march_pct": percent(2, 0, 1, 0.5, (1, 1), low=0.3),
    "uasc_cla_pct": percent(7, 0.3, 4, 1, (4, 6), low=0.5),  # of children looked after
    "uasc_started_pct": percent(14, 0.5, 7, 2, (9, 12), low=1),  # of children starting
    # why children ceased to be looked after (shares of all who ceased)
    "ceased_adopted_pct": percent(9.5, -0.3, 3, 1.5, (11, 9)),
    "ceased_sgo_pct": percent(12, 0.2, 3, 1.5, (11, 15)),  # Kingsmere's kinship work
    "ceased_cao_pct": percent(3.5, 0, 1.5, 0.8, (3, 3.5), low=0.5),
    "ceased_home_pct": percent(30, 0, 5, 2, (29, 28)),
    "ceased_independent_pct": percent(11, 0, 3, 1.5, (12, 11)),
    # school moves (children of school age looked after on 31 March)
    "school_age_pct": percent(62, 0, 3, 1, (63, 62)),
    "school_moves_any_pct": percent(30, 0, 5, 2, (32, 28)),
    "school_moves_mid_pct": percent(11, 0, 3, 1.2, (13, 10)),
    # social worker changes (la_cla_swcount): steadier as agency use falls
    "three_sw_pct": percent(11, 0, 4, 1.5, (16, 9)),
    "three_sw_2y_pct": percent(24, 0, 6, 2, (30, 20)),
    # outcomes of children looked after for 12 months (OC2)
    "oc2_cohort_pct": percent(70, 0, 3, 1, (70, 71)),  # of CLA on 31 March
    "oc2_0_4_pct": percent(9, 0, 1.5, 0.5, (9, 9)),  # age groups, of the cohort
    "oc2_10_17_pct": percent(58, 0, 3, 1, (59, 58)),
    "oc2_5_16_pct": percent(69, 0, 3, 1, (68, 69)),
    "development_pct": percent(88, 0, 5, 2, (85, 90)),
    "convicted_pct": percent(2.5, -0.1, 1, 0.5, (4, 3.2), low=0.3),
    "health_assessment_pct": percent(89, 0, 4, 2, (86, 92)),
    "immunisations_pct": percent(83, 0, 6, 2, (80, 85)),
    "dental_pct": percent(74, 2, 9, 3, (70, 82)),
    "sdq_received_pct": percent(77, 0, 8, 3, (72, 84)),
    "sdq_average": Story(13.8, 0, 1.2, 0.4, (14.5, 13.9), low=8, high=20),
    "sdq_concern_pct": percent(38, 0, 5, 2, (41, 37)),  # of scores received
    "sdq_borderline_pct": percent(13, 0, 2, 1, (13, 13)),
    "substance_pct": percent(3, 0, 1.5, 0.5, (3.5, 3), low=0.6),
    "substance_intervention_pct": percent(55, 0, 12, 5, (50, 60)),  # of those identified
    "substance_refused_pct": percent(25, 0, 8, 4, (25, 22)),  # of those identified
    # care leavers' activity in detail: shares of those in EET, and of those not
    "cl_education_17_18_pct": percent(70, -0.5, 6, 2, (72, 68)),
    "cl_he_17_18_pct": percent(4, 0, 1.5, 0.7, (3, 4)),
    "cl_apprentice_17_18_pct": percent(5, 0.2, 2, 1, (3, 6)),
    "cl_education_19_21_pct": percent(38, 0, 5, 2, (36, 36)),
    "cl_he_19_21_pct": percent(12, 0.2, 3, 1.5, (12, 14)),
    "cl_apprentice_19_21_pct": percent(4, 0.2, 1.5, 0.7, (3, 8)),  # ring-fenced council apprenticeships
    "cl_neet_illness_pct": percent(18, 0, 4, 2, (17, 18)),
    "cl_neet_parenting_pct": percent(14, 0, 3, 1.5, (15, 13)),
    # social work workforce: the rest of the indicators file, and ethnicity
    "headcount_per_fte_pct": Story(106, 0, 2, 0.5, (105, 105), low=100, high=115),
    "starter_pct": percent(16, -0.2, 3.5, 1.5, (19, 16)),
    "agency_cover_pct": percent(80, 0, 8, 3, (88, 82)),  # agency workers covering vacancies
    "case_holder_pct": percent(58, 0, 5, 2, (60, 62)),  # of social workers in post
    "sw_absence_pct": percent(3.3, 0.05, 0.8, 0.3, (3.9, 3.1)),
    "ethnic_minority_pct": percent(24, 0.5, 6, 1, (12, 16)),  # of those whose ethnicity is known
    "ethnicity_unknown_pct": percent(6, -0.2, 2, 1, (5, 4), low=1),
    # absence, key stage 2 and key stage 4 of children in need, on a plan, looked after
    "abs_cino_pct": percent(16, 0.3, 2, 0.6, (17, 16)),
    "abs_cppo_pct": percent(19, 0.3, 2.5, 0.8, (20, 18.5)),
    "abs_cla_pct": percent(8.5, 0.2, 1.5, 0.5, (9, 8)),
    "pa_cino_pct": percent(44, 0.5, 5, 1.5, (47, 44)),
    "pa_cppo_pct": percent(51, 0.5, 5, 1.5, (54, 50)),
    "pa_cla_pct": percent(23, 0.5, 4, 1.5, (25, 21)),
    "sa_cino_pct": percent(10, 0.4, 2.5, 0.8, (11, 10)),
    "sa_cppo_pct": percent(14, 0.4, 3, 1, (15, 13)),
    "sa_cla_pct": percent(4, 0.2, 1.5, 0.6, (4.5, 3.5)),
    "ks2_rwm_cino_pct": percent(29, 0.5, 5, 3, (27, 30)),
    "ks2_rwm_cppo_pct": percent(25, 0.5, 6, 4, (22, 26)),
    "ks2_rwm_cla_pct": percent(32, 0.5, 6, 4, (30, 36)),
    "att8_cino": Story(17.5, 0.2, 2, 0.8, (16.5, 17.5), low=5, high=60),
    "att8_cppo": Story(14, 0.2, 2, 1, (13, 14.5), low=5, high=60),
    "att8_cla": Story(20, 0.3, 2.5, 1.2, (19, 22), low=5, high=60),
    # hospital admissions for injury, children aged 0 to 14 (per 10,000; OHID)
    "injury_admissions_rate": Story(78, -1.5, 15, 4, (92, 81)),
    # adoption timings (England only): months for each stage, and children adopted
    "adopt_entry_to_decision": Story(9.5, 0.2, 1, 0.8, (0, 0)),
    "adopt_decision_to_match": Story(6.5, 0.6, 1, 0.5, (0, 0)),
    "adopt_match_to_placed": Story(1.3, 0, 0.2, 0.15, (0, 0), low=0.5),
    "adopt_placed_to_adopted": Story(7, 0.2, 1, 0.5, (0, 0)),
    "adopted_children": Story(2950, -60, 100, 40, (0, 0)),
}
# Factors identified at the end of assessment (c3): each a share of the episodes with a factor,
# England's level first; Kingsmere's own level runs between the two multiples of it.
C3_FACTORS = [
    ("Alcohol_Misuse_child", 2.1, (1, 1)),
    ("Alcohol_Misuse_parent", 14, (1.1, 1.05)),
    ("Alcohol_Misuse_person", 2.3, (1, 1)),
    ("Drug_Misuse_child", 4.8, (1, 1.1)),
    ("Drug_Misuse_parent", 14, (1.05, 1.1)),
    ("Drug_Misuse_person", 3.1, (1, 1)),
    ("Domestic_Abuse_child", 11.5, (1.2, 1.1)),
    ("Domestic_Abuse_parent", 32, (1.15, 1.1)),
    ("Domestic_Abuse_person", 5, (1.1, 1.05)),
    ("Mental_Health_child", 17, (0.95, 1.1)),
    ("Mental_Health_parent", 33, (1, 1.05)),
    ("Mental_Health_person", 4.6, (1, 1)),
    ("Learning_Disability_child", 12, (1, 1)),
    ("Learning_Disability_parent", 3, (1, 1)),
    ("Learning_Disability_person", 1.5, (1, 1)),
    ("Physical_Disability_child", 4.7, (1, 1)),
    ("Physical_Disability_parent", 5.2, (1, 1)),
    ("Physical_Disability_person", 1.4, (1, 1)),
    ("Young_Carer", 3.6, (0.8, 1.3)),
    ("Privately_fostered", 0.4, (1, 1)),
    ("Unaccompanied_asylum_seeker", 1.2, (0.6, 0.8)),
    ("Going_missing", 3.3, (1.1, 0.9)),
    ("Child_sexual_exploitation", 2.4, (1.1, 0.9)),
    ("Trafficking", 0.45, (1, 1)),
    ("Gangs", 1.7, (0.9, 1.1)),
    ("Socially_unacceptable_behaviour", 7, (1, 1)),
    ("Self_harm", 5, (1, 1.1)),
    ("Neglect", 18, (1.1, 0.95)),
    ("Emotional_Abuse", 19, (1, 1)),
    ("Physical_Abuse_unknown", 0.6, (1, 1)),
    ("Physical_Abuse_child_on_child", 3, (1, 1.1)),
    ("Physical_Abuse_adult_on_child", 12, (1, 1)),
    ("Sexual_Abuse_unknown", 0.4, (1, 1)),
    ("Sexual_Abuse_child_on_child", 2.5, (1, 1.1)),
    ("Sexual_Abuse_adult_on_child", 3.7, (1, 1)),
    ("Female_Genital_Mutilation", 0.15, (1, 1)),
    ("Faith_linked_abuse", 0.45, (1, 1)),
    ("Child_criminal_exploitation", 3.2, (1, 1.3)),
    ("Other", 16, (1, 1)),
]
NEW_STORIES["c3_episodes_pct"] = percent(80, 0, 5, 2, (78, 82))  # assessments ending with a factor
for _factor, _england, (_k0, _k1) in C3_FACTORS:
    NEW_STORIES[f"c3_{_factor}"] = percent(
        _england, 0, _england * 0.25, _england * 0.08, (_england * _k0, _england * _k1), low=_england / 4
    )
