"""The social work workforce: the indicators file, and social workers in post by ethnicity."""

from __future__ import annotations

from .areas import CSWW_NO_AGENCY, Area, geography, rows_by_year_and_area
from .rounding import apportion, count_shown, half_up, percent_shown, ratio, tenths
from .world import World

WORKING_DAYS = 253  # a year's working days: absence_rate_fte = days lost / (FTE x 253)


def csww_figures(w: World, area: Area, year: int) -> dict[str, int]:
    """One area's workforce figures: FTEs in whole tenths (so the printed rates follow from the
    printed FTEs), headcounts and cases in whole numbers."""
    in_post = half_up(10 * w.expected("social_workers_rate", area, year))
    agency_pct = w.level("agency_pct", area, year)
    vacancy_pct = w.level("vacancy_pct", area, year)
    f = {
        "in_post": in_post,
        "leavers": half_up(w.share("turnover_pct", area, year, in_post)),
        "agency": half_up(in_post * agency_pct / (100 - agency_pct)),  # agency / (agency + in post)
        "vacancies": half_up(in_post * vacancy_pct / (100 - vacancy_pct)),
        "caseload": half_up(10 * w.level("caseload", area, year)),
    }
    per_fte = w.level("headcount_per_fte_pct", area, year) / 100
    f["starters"] = half_up(w.share("starter_pct", area, year, in_post))
    for name in ("in_post", "starters", "leavers", "agency"):
        f[f"{name}_headcount"] = max(1 if f[name] else 0, half_up(f[name] / 10 * per_fte))
    f["agency_cover"] = min(f["vacancies"], half_up(w.share("agency_cover_pct", area, year, f["agency"])))
    f["case_holders"] = half_up(w.share("case_holder_pct", area, year, in_post))
    # Cases so that cases / case holders prints as the caseload already published.
    cases = half_up(f["caseload"] * f["case_holders"] / 100)
    while ratio(cases, f["case_holders"], scale=10, dp=1) != tenths(f["caseload"]):
        cases += 1 if 100 * cases < f["caseload"] * f["case_holders"] else -1
    f["cases"] = cases
    f["days_lost"] = half_up(in_post * WORKING_DAYS * w.level("sw_absence_pct", area, year) / 100)
    return f


def csww_indicators(w: World):
    columns = [
        "inpost_fte",
        "inpost_headcount",
        "starters_fte",
        "starters_headcount",
        "leavers_fte",
        "leavers_headcount",
        "turnover_rate_fte",
        "turnover_rate_headcount",
        "agency_fte",
        "agency_headcount",
        "agency_rate_fte",
        "agency_rate_headcount",
        "agency_cover_fte",
        "agency_cover_rate_fte",
        "vacancy_fte",
        "vacancy_rate_fte",
        "vacancy_agency_cover_rate_fte",
        "case_holders_fte",
        "cases",
        "caseload_fte",
        "working_days_lost_fte",
        "absence_rate_fte",
    ]
    rows = []
    for year, area in rows_by_year_and_area():
        f = csww_figures(w, area, year)
        in_post, leavers, agency, vacancies = f["in_post"], f["leavers"], f["agency"], f["vacancies"]
        row = {
            **geography(year, area),
            "inpost_fte": tenths(in_post),
            "leavers_fte": tenths(leavers),
            "turnover_rate_fte": ratio(leavers, in_post),
            "agency_fte": tenths(agency),
            "agency_rate_fte": ratio(agency, agency + in_post),
            "vacancy_fte": tenths(vacancies),
            "vacancy_rate_fte": ratio(vacancies, vacancies + in_post),
            "caseload_fte": tenths(f["caseload"]),
        }
        row |= {
            "inpost_headcount": str(f["in_post_headcount"]),
            "starters_fte": tenths(f["starters"]),
            "starters_headcount": str(f["starters_headcount"]),
            "leavers_headcount": str(f["leavers_headcount"]),
            "turnover_rate_headcount": ratio(f["leavers_headcount"], f["in_post_headcount"]),
            "agency_headcount": str(f["agency_headcount"]),
            "agency_rate_headcount": ratio(f["agency_headcount"], f["agency_headcount"] + f["in_post_headcount"]),
            "agency_cover_fte": tenths(f["agency_cover"]),
            "agency_cover_rate_fte": ratio(f["agency_cover"], agency) if agency else "z",
            "vacancy_agency_cover_rate_fte": ratio(f["agency_cover"], vacancies) if vacancies else "z",
            "case_holders_fte": tenths(f["case_holders"]),
            "cases": str(f["cases"]),
            "working_days_lost_fte": tenths(f["days_lost"]),
            "absence_rate_fte": ratio(f["days_lost"], in_post * WORKING_DAYS),
        }
        if (area.old_la_code, year) == CSWW_NO_AGENCY:
            # Scripted: a few hours of agency cover, 0.04 FTE, which rounds to 0.0: one agency
            # worker, all of it covering a vacancy.
            row["agency_fte"] = row["agency_rate_fte"] = "low"
            row |= {
                "agency_headcount": "1",
                "agency_rate_headcount": ratio(1, 1 + f["in_post_headcount"]),
                "agency_cover_fte": "low",
                "agency_cover_rate_fte": "100",
                "vacancy_agency_cover_rate_fte": "low",
            }
        rows.append(row)
    return columns, rows


ETHNICITY = [
    ("White", None),
    ("Mixed / Multiple ethnic groups", 20),
    ("Asian / Asian British", 30),
    ("Black / African / Caribbean / Black British", 40),
    ("Other ethnic group", 10),
]


def csww_ethnicity(w: World):
    """Social workers in post by ethnicity (headcount and FTE), for all and for case holders.
    Not in ../shared/data/dfe: written as the registry reads it. Each ethnic group is a
    percentage of those whose ethnicity is known; Known and Not known of the Total."""
    columns = [
        "role",
        "breakdown_topic",
        "breakdown",
        "inpost_FTE",
        "inpost_FTE_percentage",
        "inpost_headcount",
        "inpost_headcount_percentage",
    ]
    rows = []
    for year, area in rows_by_year_and_area():
        f = csww_figures(w, area, year)
        per_fte = w.level("headcount_per_fte_pct", area, year) / 100
        minority = w.level("ethnic_minority_pct", area, year)
        weights = [100 - minority] + [minority * share / 100 for _, share in ETHNICITY[1:]]
        unknown_pct = w.level("ethnicity_unknown_pct", area, year)
        for role, fte in [("Case holder", f["case_holders"]), ("Total", f["in_post"])]:
            headcount = f["in_post_headcount"] if role == "Total" else half_up(fte / 10 * per_fte)
            fte_known, fte_unknown = apportion(fte, [100 - unknown_pct, unknown_pct])
            hc_known, hc_unknown = apportion(headcount, [100 - unknown_pct, unknown_pct])
            groups = [
                (name, a, b, fte_known, hc_known)
                for (name, _), a, b in zip(ETHNICITY, apportion(fte_known, weights), apportion(hc_known, weights))
            ]
            groups += [
                ("Known", fte_known, hc_known, fte, headcount),
                ("Not known", fte_unknown, hc_unknown, fte, headcount),
                ("Total", fte, headcount, fte, headcount),
            ]
            for name, t, hc, t_of, hc_of in groups:
                suppressed = count_shown(area, hc) == "c"
                rows.append(
                    {
                        **geography(year, area),
                        "role": role,
                        "breakdown_topic": "Ethnicity major",
                        "breakdown": name,
                        "inpost_FTE": "c" if suppressed else tenths(t),
                        "inpost_FTE_percentage": "c" if suppressed else ratio(t, t_of),
                        "inpost_headcount": count_shown(area, hc),
                        "inpost_headcount_percentage": percent_shown(area, hc, hc_of, dp=1),
                    }
                )
    return columns, rows
