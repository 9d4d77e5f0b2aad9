"""Outcomes of children in need and looked after: absence, key stage 2 and key stage 4, by
academic year (202425 for reporting year 2025) and three groups of children, as the real files."""

from __future__ import annotations

import math

from .areas import ENGLAND, LOCAL, YEARS, Area, geography, rows_by_year_and_area
from .looked_after import oc2_cohort
from .rounding import apportion, count_shown, half_up, percent_shown, published, ratio, unit
from .world import World


def academic_year(year: int) -> dict:
    return {"time_period": f"{year - 1}{year % 100:02d}", "time_identifier": "Academic year"}


# (social_care_group, key used in story names)
OUTCOME_GROUPS = [("CINO at 31 March", "cino"), ("CLA 12 months at 31 March", "cla"), ("CPPO at 31 March", "cppo")]


def group_pupils(w: World, area: Area, year: int, group: str) -> int:
    """Pupils in state-funded schools in each group: children in need (not on a plan, not looked
    after), on a plan, looked after for 12 months; about three in five are of school age."""
    if group == "cino":
        children = (
            w.expected("cin_at31_rate", area, year)
            - w.expected("cpp_at31_rate", area, year)
            - w.expected("cla_at31_rate", area, year)
        ) * 0.62
    elif group == "cppo":
        children = w.expected("cpp_at31_rate", area, year) * 0.55
    else:
        children = oc2_cohort(w, area, year) * 0.65
    return published(area, children)


# Phases in the real file's order: (phase, share of pupils by group, absence, persistent absence
# and severe absence against the group's level).
PHASES = [
    ("State-funded secondary", {"cino": 43, "cppo": 40, "cla": 46}, 1.35, 1.3, 1.6),
    ("State-funded primary", {"cino": 45, "cppo": 52, "cla": 38}, 0.65, 0.75, 0.35),
    ("State-funded alternative provision school", {"cino": 2, "cppo": 2, "cla": 3}, 2.8, 1.9, 4.0),
    ("Special", {"cino": 10, "cppo": 6, "cla": 13}, 1.05, 1.0, 1.1),
]
SESSIONS_PER_PUPIL = {"cino": 330, "cppo": 325, "cla": 345}  # half-day sessions possible
AUTHORISED_SHARE = {"cino": 0.52, "cppo": 0.48, "cla": 0.62}  # of sessions missed


def absence(w: World):
    measures = [
        "t_pupils",
        "t_sess_possible",
        "t_sess_overall",
        "pt_overall",
        "t_sess_authorised",
        "pt_sess_authorised",
        "t_sess_unauthorised",
        "pt_sess_unauthorised",
        "t_pupils_pa_10_exact",
        "pt_pupils_pa_10_exact",
        "t_pupils_pa_50_exact",
        "pt_pupils_pa_50_exact",
    ]
    rows = []
    for year, area in rows_by_year_and_area():
        for group, key in OUTCOME_GROUPS:
            pupils = apportion(group_pupils(w, area, year, key), [p[1][key] for p in PHASES], unit(area))
            rate, pa, sa = (w.level(f"{m}_{key}_pct", area, year) / 100 for m in ("abs", "pa", "sa"))
            # phase multipliers scaled so that the pupil-weighted mean is the group's level
            weights = [p[1][key] for p in PHASES]
            norm = [sum(wt * p[i] for wt, p in zip(weights, PHASES)) / sum(weights) for i in (2, 3, 4)]
            phases = []
            for (phase, _, m_abs, m_pa, m_sa), n in zip(PHASES, pupils):
                possible = published(area, n * SESSIONS_PER_PUPIL[key] * (0.9 if "alternative" in phase else 1))
                missed = published(area, possible * min(0.6, rate * m_abs / norm[0]))
                authorised = published(area, missed * AUTHORISED_SHARE[key])
                persistent = published(area, n * min(0.95, pa * m_pa / norm[1]))
                severe = min(persistent, published(area, n * min(0.8, sa * m_sa / norm[2])))
                phases.append((phase, [n, possible, missed, authorised, missed - authorised, persistent, severe]))
            total = [sum(v[i] for _, v in phases) for i in range(7)]
            for phase, counts in [("Total", total)] + phases:
                n, possible, missed, authorised, unauthorised, persistent, severe = counts
                if n == 0:
                    values = ["0"] + ["z"] * 11
                elif count_shown(area, n) == "c":
                    values = ["c"] * 12
                else:
                    values = [
                        str(n),
                        str(possible),
                        str(missed),
                        ratio(missed, possible),
                        str(authorised),
                        ratio(authorised, possible),
                        str(unauthorised),
                        ratio(unauthorised, possible),
                        count_shown(area, persistent),
                        percent_shown(area, persistent, n, dp=1),
                        count_shown(area, severe),
                        percent_shown(area, severe, n, dp=1),
                    ]
                rows.append(
                    {
                        **geography(year, area),
                        **academic_year(year),
                        "absence_terms": "six half terms",
                        "social_care_group": group,
                        "phase_type_grouping": phase,
                        **dict(zip(measures, values)),
                    }
                )
    return ["absence_terms", "social_care_group", "phase_type_grouping"] + measures, rows


KS2_SUBJECTS = [("read", 1.45), ("writta", 1.3), ("mat", 1.35), ("rwm", 1.0), ("gps", 1.35), ("scita", 1.55)]
KS2_PROGRESS = [
    ("read", {"cino": -1.2, "cla": -0.5, "cppo": -1.5}),
    ("writta", {"cino": -1.6, "cla": -0.9, "cppo": -1.9}),
    ("mat", {"cino": -1.8, "cla": -1.2, "cppo": -2.1}),
]
# One year group's share of a group's pupils (older children are more often looked after).
KS2_YEAR_GROUP = {"cino": 0.09, "cppo": 0.1, "cla": 0.075}
KS4_YEAR_GROUP = {"cino": 0.085, "cppo": 0.07, "cla": 0.13}
NO_KS2_TESTS = 2021  # no key stage 2 tests in 2020/21: every measure "x"
KS2_PROGRESS_YEARS = (2022, 2023)  # progress scores are "x" before (no tests) and after (no baseline)


def score(x: float, dp: int = 2) -> str:
    return f"{x:.{dp}f}"


def decimal(x: float, dp: int = 2) -> str:
    """Up to `dp` decimals, without trailing zeros (228722.25, 1200.5, 840)."""
    return f"{x:.{dp}f}".rstrip("0").rstrip(".")


def ks2(w: World):
    measures = [
        f"{t}_{s}_{m}"
        for s, _ in KS2_SUBJECTS
        for t, m in [("t", "eligible_pupils"), ("t", "met_expected_standard"), ("pt", "met_expected_standard")]
    ]
    measures += [
        f"{m}"
        for s, _ in KS2_PROGRESS
        for m in (
            f"t_{s}_progress_eligible_pupils",
            f"t_{s}_progress_score",
            f"avg_{s}_progress_score",
            f"avg_{s}_progress_score_lower_CI",
            f"avg_{s}_progress_score_upper_CI",
        )
    ]
    rows = []
    for year, area in rows_by_year_and_area():
        for group, key in OUTCOME_GROUPS:
            cohort = published(area, group_pupils(w, area, year, key) * KS2_YEAR_GROUP[key])
            rwm = w.level(f"ks2_rwm_{key}_pct", area, year)
            values = {}
            for subject, factor in KS2_SUBJECTS:
                eligible = cohort if subject in ("read", "mat", "gps") else cohort - published(area, cohort * 0.01)
                met = published(area, eligible * min(95, rwm * factor) / 100)
                values |= {
                    f"t_{subject}_eligible_pupils": count_shown(area, eligible),
                    f"t_{subject}_met_expected_standard": count_shown(area, met) if eligible else "z",
                    f"pt_{subject}_met_expected_standard": percent_shown(area, met, eligible),
                }
            for subject, base in KS2_PROGRESS:
                names = [
                    f"t_{subject}_progress_eligible_pupils",
                    f"t_{subject}_progress_score",
                    f"avg_{subject}_progress_score",
                    f"avg_{subject}_progress_score_lower_CI",
                    f"avg_{subject}_progress_score_upper_CI",
                ]
                n = published(area, cohort * 0.93)
                if year not in KS2_PROGRESS_YEARS:
                    values |= dict.fromkeys(names, "x")
                elif count_shown(area, n) in ("c", "0"):
                    values |= dict.fromkeys(names, "c" if n else "z")
                else:
                    average = base[key] + (rwm - w.level(f"ks2_rwm_{key}_pct", ENGLAND, year)) / 8
                    half = 1.96 * 6 / math.sqrt(n)
                    values |= dict(
                        zip(
                            names,
                            [str(n), score(average * n), score(average), score(average - half), score(average + half)],
                        )
                    )
            if year == NO_KS2_TESTS:
                values = dict.fromkeys(measures, "x")
            rows.append(
                {
                    **geography(year, area),
                    **academic_year(year),
                    "social_care_group": group,
                    "version": "Revised" if year == YEARS[-1] else "Final",
                    **values,
                }
            )
    return ["social_care_group", "version"] + measures, rows


KS4_P8 = {"cino": -1.25, "cla": -1.1, "cppo": -1.5}
KS4_P8_YEARS = (2022, 2023, 2024)  # Progress 8 is "x" in 2020/21 and 2024/25
KS4_VERSION = {2021: "Revised", 2025: "Revised"}  # otherwise Final


def ks4(w: World):
    measures = [
        "t_pupils",
        "t_att8",
        "avg_att8",
        "t_l2basics_95",
        "pt_l2basics_95",
        "t_l2basics_94",
        "pt_l2basics_94",
        "t_ebacc_e_ptq_ee",
        "pt_ebacc_e_ptq_ee",
        "t_ebaccaps",
        "avg_ebaccaps",
        "t_inp8calc",
        "t_p8score",
        "avg_p8score",
        "p8score_CI_low",
        "p8score_CI_upp",
    ]
    rows = []
    for year, area in rows_by_year_and_area():
        for group, key in OUTCOME_GROUPS:
            pupils = published(area, group_pupils(w, area, year, key) * KS4_YEAR_GROUP[key])
            att8 = w.level(f"att8_{key}", area, year)
            strong = published(area, pupils * max(1, 1.7 * (att8 - 7)) / 100)  # grade 4 in English and maths
            strongest = published(area, strong * 0.53)  # grade 5
            ebacc = published(area, strong * 0.6)
            v = dict.fromkeys(measures, "z")
            v["t_pupils"] = count_shown(area, pupils)
            if pupils and v["t_pupils"] != "c":
                points = round(att8 * pupils * 4) / 4  # Attainment 8 points come in quarters
                aps = round(att8 / 12 * pupils, 2)
                v |= {
                    "t_att8": decimal(points),
                    "avg_att8": ratio(half_up(points * 4), pupils * 4, scale=1, dp=1),
                    "t_l2basics_95": count_shown(area, strongest),
                    "pt_l2basics_95": percent_shown(area, strongest, pupils, 1),
                    "t_l2basics_94": count_shown(area, strong),
                    "pt_l2basics_94": percent_shown(area, strong, pupils, 1),
                    "t_ebacc_e_ptq_ee": count_shown(area, ebacc),
                    "pt_ebacc_e_ptq_ee": percent_shown(area, ebacc, pupils, 1),
                    "t_ebaccaps": f"{aps:.2f}",
                    "avg_ebaccaps": score(aps / pupils),
                }
                n = published(area, pupils * 0.92)
                if year in KS4_P8_YEARS and count_shown(area, n) != "c" and n:
                    average = KS4_P8[key] + (att8 - w.level(f"att8_{key}", ENGLAND, year)) / 10
                    half = 1.96 * 1.2 / math.sqrt(n)
                    v |= {
                        "t_inp8calc": str(n),
                        "t_p8score": score(average * n),
                        "avg_p8score": score(average),
                        "p8score_CI_low": score(average - half),
                        "p8score_CI_upp": score(average + half),
                    }
                else:
                    v |= dict.fromkeys(
                        ["t_inp8calc", "t_p8score", "avg_p8score", "p8score_CI_low", "p8score_CI_upp"],
                        "x" if year not in KS4_P8_YEARS else "c",
                    )
            elif v["t_pupils"] == "c":
                v = dict.fromkeys(measures, "c")
            if area.level == LOCAL and key == "cppo":  # not published for councils' children on a plan
                v |= dict.fromkeys(["t_l2basics_95", "pt_l2basics_95", "t_l2basics_94", "pt_l2basics_94"], "x")
            if area.level == LOCAL and key in ("cppo", "cla"):
                v |= dict.fromkeys(["t_ebacc_e_ptq_ee", "pt_ebacc_e_ptq_ee", "t_ebaccaps", "avg_ebaccaps"], "x")
            rows.append(
                {
                    **geography(year, area),
                    **academic_year(year),
                    "social_care_group": group,
                    "version": KS4_VERSION.get(year, "Final"),
                    **v,
                }
            )
    return ["social_care_group", "version"] + measures, rows
