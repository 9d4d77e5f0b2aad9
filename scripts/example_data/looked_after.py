"""Children looked after files: numbers and rates, placement stability, new placements,
characteristics on 31 March, children who started and ceased, school moves, social worker
changes, outcomes (OC2) and England's adoption timings."""

from __future__ import annotations

from .areas import ENGLAND, NATIONAL, YEARS, Area, geography, rows_by_year_and_area
from .rounding import apportion, count_shown, half_up, percent_shown, published, ratio, remainder_weights, tenths, unit
from .world import World


def cla_at31(w: World, area: Area, year: int) -> int:
    """Children looked after at 31 March: shared by every children-looked-after file."""
    return published(area, w.expected("cla_at31_rate", area, year))


def cla_starters(w: World, area: Area, year: int) -> int:
    return published(area, w.expected("cla_start_rate", area, year))


def cla_ceased(w: World, area: Area, year: int) -> int:
    return published(area, w.expected("cla_ceased_rate", area, year))


def cla_numbers(w: World):
    columns = ["population_type", "population_estimate", "children_count", "rate_per_10000"]
    rows = []
    for year, area in rows_by_year_and_area():
        population = w.children(area, year)
        starters = cla_starters(w, area, year)
        looked_after = cla_at31(w, area, year)
        # In the real file's order (alphabetical): ceasing, on 31 March, starting.
        for population_type, count, shown_population in [
            ("Children ceasing to be looked after each year", cla_ceased(w, area, year), "z"),
            ("Children looked after on 31 March each year", looked_after, str(population)),
            # The population is "not applicable" to a flow of children over the year.
            ("Children starting to be looked after each year", starters, "z"),
        ]:
            rows.append(
                {
                    **geography(year, area),
                    "population_type": population_type,
                    "population_estimate": shown_population,
                    "children_count": str(count),
                    "rate_per_10000": ratio(count, population, scale=10_000, dp=0),
                }
            )
    return columns, rows


LONG_TERM = "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years"


def cla_two_years(w: World, area: Area, year: int) -> int:
    """Children looked after on 31 March who had been looked after for two years."""
    return published(area, w.share("cla_2_years_share_pct", area, year, cla_at31(w, area, year)))


def cla_placement_stability(w: World):
    columns = ["cla_group", "placement_stability", "children_count", "children_percent"]
    rows = []
    for year, area in rows_by_year_and_area():
        total = cla_at31(w, area, year)
        moved = published(area, w.share("three_placements_pct", area, year, total))
        group = published(area, w.share("long_term_group_pct", area, year, total))
        stable = published(area, w.share("long_term_stable_pct", area, year, group))
        two_years = cla_two_years(w, area, year)
        moved_2y = published(area, w.share("three_placements_2y_pct", area, year, two_years))
        # In the real file's order: the long-term group, two years, then all on 31 March.
        for cla_group, stability, n, of in [
            (LONG_TERM, "Living with the same carer for at least 2 years", stable, group),
            (LONG_TERM, "Total children", group, group),
            ("CLA 2 years on 31 March", "Total children", two_years, two_years),
            ("CLA 2 years on 31 March", "With 3 or more placements during the previous 2 years", moved_2y, two_years),
            ("CLA on 31 March", "Total children", total, total),
            ("CLA on 31 March", "With 3 or more placements during the year", moved, total),
        ]:
            rows.append(
                {
                    **geography(year, area),
                    "cla_group": cla_group,
                    "placement_stability": stability,
                    "children_count": str(n),
                    "children_percent": ratio(n, of, dp=0),
                }
            )
    return columns, rows


def cla_new_placements(w: World):
    columns = ["characteristic", "breakdown", "children_count", "children_percent"]
    rows = []
    for year, area in rows_by_year_and_area():
        total = published(area, w.share("new_placements_per_100_cla", area, year, cla_at31(w, area, year)))
        far = published(area, w.share("over_20_miles_pct", area, year, total))
        # The first release printed "Placed more than 20 miles from home" and "... 20 miles or
        # less"; the real file splits each by the LA boundary and has a "not known" row. The
        # split keeps the same total and the same number placed more than 20 miles away.
        step = unit(area)
        unknown = min(total - far, published(area, w.share("distance_unknown_pct", area, year, total)))
        far_inside, far_outside = apportion(
            far, remainder_weights(w.level("far_inside_share_pct", area, year), floor=0), step
        )
        near_inside, near_outside = apportion(
            total - far - unknown, remainder_weights(100 - w.level("near_outside_share_pct", area, year), floor=0), step
        )
        for breakdown, n in [
            ("Distance not known or not recorded", unknown),
            ("Placed inside LA boundary less than 20 miles from home", near_inside),
            ("Placed inside LA boundary more than 20 miles from home", far_inside),
            ("Placed outside LA boundary less than 20 miles from home", near_outside),
            ("Placed outside LA boundary more than 20 miles from home", far_outside),
            ("Total new placements", total),
        ]:
            rows.append(
                {
                    **geography(year, area),
                    "characteristic": "Location of new placements during the year",
                    "breakdown": breakdown,
                    "children_count": str(n),
                    "children_percent": percent_shown(area, n, total, suppress=False),
                }
            )
    return columns, rows


def characteristic_rows(
    area: Area, year: int, groups, columns=("children_count", "children_percent"), dp: int = 0
) -> list[dict]:
    """Rows of a children-looked-after file with filters and a count and percentage:
    `groups` lists (filter values, count, the count it is a percentage of). Counts of 1 to 5
    print as "c" (their percentages too); a percentage that rounds to 0 but is not 0 as "k"."""
    count, share = columns
    return [
        {**geography(year, area), **filters, count: count_shown(area, n), share: percent_shown(area, n, of, dp)}
        for filters, n, of in groups
    ]


# Placements of children looked after on 31 March: (characteristic, story or fixed share).
PLACEMENTS = [
    ("Foster placements", "foster_pct"),
    ("Independent and semi-independent living arrangements/supported accommodation", "independent_pct"),
    ("Other placements", 0.2),
    ("Other placements in the community", 1.2),
    ("Other residential settings", 1.3),
    ("Placed for adoption", 2.5),
    ("Placement with parents or other person with parental responsibility", 6.5),
    ("Residential schools", 0.3),
    ("Secure homes and children's homes", "childrens_homes_pct"),
]


def cla_characteristics(w: World):
    """Children looked after on 31 March by placement, distance from home and whether they are
    unaccompanied asylum-seeking children. Not in ../shared/data/dfe: written as the registry
    reads it (number and percentage, the names of the release before 2025)."""
    columns = ["cla_group", "characteristic", "number", "percentage"]
    rows = []
    for year, area in rows_by_year_and_area():
        total, step = cla_at31(w, area, year), unit(area)
        unknown = published(area, w.share("distance_unknown_31_march_pct", area, year, total))
        far = published(area, w.share("far_31_march_pct", area, year, total))
        placed = apportion(total, [w.level(x, area, year) if isinstance(x, str) else x for _, x in PLACEMENTS], step)
        uasc = published(area, w.share("uasc_cla_pct", area, year, total))
        groups = [
            ("Distance between home and placement", "Distance not known or not recorded", unknown),
            ("Distance between home and placement", "Placed 20 miles or less from home", total - far - unknown),
            ("Distance between home and placement", "Placed more than 20 miles from home", far),
            ("Distance between home and placement", "Total", total),
        ]
        groups += [("Placement", name, n) for (name, _), n in zip(PLACEMENTS, placed)] + [("Placement", "Total", total)]
        groups += [
            ("Unaccompanied asylum-seeking children", "Non-unaccompanied asylum-seeking children", total - uasc),
            ("Unaccompanied asylum-seeking children", "Unaccompanied asylum-seeking children", uasc),
            ("Unaccompanied asylum-seeking children", "Total", total),
        ]
        rows += characteristic_rows(
            area, year, [({"cla_group": g, "characteristic": c}, n, total) for g, c, n in groups], columns[2:]
        )
    return columns, rows


def cla_started(w: World):
    """Children who started to be looked after, by whether they are unaccompanied asylum-seeking
    children. Not in ../shared/data/dfe: written as the registry reads it."""
    columns = ["cla_group", "characteristic", "number", "percentage"]
    rows = []
    for year, area in rows_by_year_and_area():
        total = cla_starters(w, area, year)
        uasc = published(area, w.share("uasc_started_pct", area, year, total))
        group = "Unaccompanied asylum-seeking children"
        rows += characteristic_rows(
            area,
            year,
            [
                ({"cla_group": group, "characteristic": c}, n, total)
                for c, n in [
                    ("Non-unaccompanied asylum-seeking children", total - uasc),
                    ("Unaccompanied asylum-seeking children", uasc),
                    ("Total", total),
                ]
            ],
            columns[2:],
        )
    return columns, rows


CEASED = [
    "Adopted",
    "Care ceased for any other reason",
    "Moved into independent living",
    "Residence order or child arrangement order granted",
    "Returned home to live with parents or other person with parental responsibility",
    "Special guardianship order",
]


def cla_ceased_reasons(w: World):
    """Children who ceased to be looked after, by reason; Total is the ceasing count of the
    numbers-and-rates file. Not in ../shared/data/dfe: written as the registry reads it."""
    columns = ["cla_group", "characteristic", "number", "percentage"]
    rows = []
    for year, area in rows_by_year_and_area():
        total = cla_ceased(w, area, year)
        shares = {
            c: w.level(story, area, year)
            for c, story in [
                ("Adopted", "ceased_adopted_pct"),
                ("Moved into independent living", "ceased_independent_pct"),
                ("Residence order or child arrangement order granted", "ceased_cao_pct"),
                ("Returned home to live with parents or other person with parental responsibility", "ceased_home_pct"),
                ("Special guardianship order", "ceased_sgo_pct"),
            ]
        }
        shares["Care ceased for any other reason"] = max(5, 100 - sum(shares.values()))
        parts = apportion(total, [shares[c] for c in CEASED], unit(area))
        rows += characteristic_rows(
            area,
            year,
            [
                ({"cla_group": "Reason episode ceased", "characteristic": c}, n, total)
                for c, n in [*zip(CEASED, parts), ("Total", total)]
            ],
            columns[2:],
        )
    return columns, rows


def cla_school_moves(w: World):
    """School moves of children of school age looked after on 31 March. Not in
    ../shared/data/dfe: written as the registry reads it (number and percentage)."""
    columns = ["cla_group", "move_measure", "school_stability", "number", "percentage"]
    rows = []
    for year, area in rows_by_year_and_area():
        total = published(area, w.share("school_age_pct", area, year, cla_at31(w, area, year)))
        moved = published(area, w.share("school_moves_any_pct", area, year, total))
        mid_year = min(moved, published(area, w.share("school_moves_mid_pct", area, year, total)))
        rows += characteristic_rows(
            area,
            year,
            [
                ({"cla_group": "CLA on 31 March", "move_measure": m, "school_stability": b}, n, total)
                for m, b, n in [
                    ("Any moves", "Total children", total),
                    ("Any moves", "With one or more moves during the year", moved),
                    ("Mid-year moves", "Total children", total),
                    ("Mid-year moves", "With one or more mid-year moves during the year", mid_year),
                ]
            ],
            columns[3:],
        )
    return columns, rows


def cla_social_workers(w: World):
    """Children looked after with three or more social workers (la_cla_swcount, 2025 names).
    The totals are those of the placement stability file."""
    columns = ["cla_group", "sw_stability", "children_count", "children_percent"]
    rows = []
    for year, area in rows_by_year_and_area():
        total, two_years = cla_at31(w, area, year), cla_two_years(w, area, year)
        changed = published(area, w.share("three_sw_pct", area, year, total))
        changed_2y = published(area, w.share("three_sw_2y_pct", area, year, two_years))
        rows += characteristic_rows(
            area,
            year,
            [
                ({"cla_group": g, "sw_stability": b}, n, of)
                for g, b, n, of in [
                    (
                        "CLA 2 years on 31 March",
                        "3 or more social workers during the previous 2 years",
                        changed_2y,
                        two_years,
                    ),
                    ("CLA 2 years on 31 March", "Total children", two_years, two_years),
                    ("CLA on 31 March", "3 or more social workers during the year", changed, total),
                    ("CLA on 31 March", "Total children", total, total),
                ]
            ],
        )
    return columns, rows


def oc2_cohort(w: World, area: Area, year: int) -> int:
    """Children looked after continuously for 12 months on 31 March (the outcomes cohort)."""
    return published(area, w.share("oc2_cohort_pct", area, year, cla_at31(w, area, year)))


def cla_outcomes(w: World):
    """Outcomes of children looked after for 12 months (OC2), in the real file's rows and order.
    Percentages have the real bases: SDQ bands of the scores received, interventions of those
    identified; the SDQ average sits in children_count with percent "z"."""
    columns = ["characteristic", "breakdown", "children_count", "children_percent"]
    development = "Development assessments: Children looked after ages 0 to 4 years"
    convictions = "Convictions: Children looked after Ages 10 to 17 years"
    health = "Health assessments: Children looked after all ages"
    sdq = "Ages 5 to 16 years with SDQ score"
    substance = "Substance misuse: Children looked after all ages"
    rows = []
    for year, area in rows_by_year_and_area():
        cohort = oc2_cohort(w, area, year)

        def part(story, of, area=area, year=year):
            return published(area, w.share(story, area, year, of))

        young, older, school = part("oc2_0_4_pct", cohort), part("oc2_10_17_pct", cohort), part("oc2_5_16_pct", cohort)
        received = part("sdq_received_pct", school)
        concern, borderline = part("sdq_concern_pct", received), part("sdq_borderline_pct", received)
        identified = part("substance_pct", cohort)
        treated = part("substance_intervention_pct", identified)
        refused = min(identified - treated, part("substance_refused_pct", identified))
        groups = [
            (development, "Development assessments up to date", part("development_pct", young), young),
            (development, "Total ages 0 to 4 years", young, young),
            (
                convictions,
                "Convicted or subject to youth cautions, or youth conditional cautions during the year",
                part("convicted_pct", older),
                older,
            ),
            (convictions, "Total ages 10 to 17 years", older, older),
            (health, "Had their annual health assessment", part("health_assessment_pct", cohort), cohort),
            (health, "Had their immunisations up to date", part("immunisations_pct", cohort), cohort),
            (health, "Had their teeth checked by a dentist", part("dental_pct", cohort), cohort),
            (health, "Total all ages", cohort, cohort),
            (sdq, "SDQ score is a cause for concern", concern, received),
            (sdq, "SDQ score is borderline", borderline, received),
            (sdq, "SDQ score is normal", received - concern - borderline, received),
            (sdq, "SDQ score was received", received, school),
            (sdq, "Total ages 5 to 16 years", school, school),
            (substance, "Identified as having a substance misuse problem", identified, cohort),
            (substance, "Offered intervention but refused it", refused, identified),
            (substance, "Received an intervention for their substance misuse problem", treated, identified),
            (substance, "Total all ages", cohort, cohort),
        ]
        rows += characteristic_rows(
            area, year, [({"characteristic": c, "breakdown": b}, n, of) for c, b, n, of in groups]
        )
        average = "z" if received == 0 else tenths(half_up(10 * w.level("sdq_average", area, year)))
        rows.append(
            {
                **geography(year, area),
                "characteristic": sdq,
                "breakdown": "SDQ average score",
                "children_count": average,
                "children_percent": "z",
            }
        )
    return columns, rows


# Adoption: stages 1 to 6 are average durations, written years:months; stage 7 is a count.
ADOPTION_STAGES = [
    "1. Average time between entry into care and decision that child should be placed for adoption",
    "2. Average time between decision that child should be placed for adoption and matching of child and adopters",
    "3. Average time between date of matching and date placed for adoption",
    "4. Total average time between entry into care and date placed for adoption",
    "5. Average time between date placed for adoption and the date child adopted",
    "6. Total average time between entry into care and adoption",
    "Children adopted who were placed for adoption within 12 months of the LA decision to place the child for adoption",
]
# Age on starting the final period of care, in the real file's order: (label, share of children
# adopted, how long stages 1 and 2 take against the average, share placed within 12 months).
ADOPTION_AGES = [
    ("Aged 1", 33, 0.9, 0.85, 0.8),
    ("Aged 2", 22, 1.05, 1.0, 0.72),
    ("Aged 3", 14, 1.15, 1.25, 0.62),
    ("Aged 4", 10, 1.25, 1.55, 0.52),
    ("Aged 5", 6, 1.3, 1.85, 0.45),
    ("Aged 6", 4, 1.35, 2.1, 0.4),
    ("Aged 7 and over", 5, 1.45, 2.4, 0.33),
    ("Aged under 1", 6, 0.55, 0.6, 0.9),
]


def years_months(months: float) -> str:
    m = half_up(months)
    return f"{m // 12:02d}:{m % 12:02d}"


def adoption_timings(w: World):
    """England's adoption timings (a national-only file, without region or council columns)."""
    columns = ["cla_group", "stage_of_adoption_process", "age_start_poc", "number"]
    rows = []
    for year in reversed(YEARS):
        adopted = published(ENGLAND, w.level("adopted_children", ENGLAND, year))
        counts = apportion(adopted, [a[1] for a in ADOPTION_AGES], 10)
        stages = {}
        for (age, _, s1, s2, _), n in zip(ADOPTION_AGES, counts):
            stage = [
                w.level("adopt_entry_to_decision", ENGLAND, year) * s1,
                w.level("adopt_decision_to_match", ENGLAND, year) * s2,
                w.level("adopt_match_to_placed", ENGLAND, year),
                0,
                w.level("adopt_placed_to_adopted", ENGLAND, year),
            ]
            stage[3] = sum(stage[:3])
            stages[age] = stage + [stage[3] + stage[4]]
        stages["Total"] = [sum(stages[a[0]][i] * n for a, n in zip(ADOPTION_AGES, counts)) / adopted for i in range(6)]
        within = {a[0]: published(ENGLAND, n * a[4]) for a, n in zip(ADOPTION_AGES, counts)}
        within["Total"] = sum(within.values())
        for i, stage in enumerate(ADOPTION_STAGES):
            for age in [a[0] for a in ADOPTION_AGES] + ["Total"]:
                rows.append(
                    {
                        "time_period": str(year),
                        "time_identifier": "Reporting year",
                        "geographic_level": NATIONAL,
                        "country_code": "E92000001",
                        "country_name": "England",
                        "cla_group": "Age on starting final period of care",
                        "stage_of_adoption_process": stage,
                        "age_start_poc": age,
                        "number": years_months(stages[age][i]) if i < 6 else str(within[age]),
                    }
                )
    return columns, rows
