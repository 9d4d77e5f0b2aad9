"""Children in need files: episodes (b1), referrals (c1), assessments (a1), factors at the end
of assessment (c3), section 47s and conferences (c4) and child protection plans (d3, d5)."""

from __future__ import annotations

from .areas import (
    C1_FAILED_RETURN,
    KINGSMERE,
    KINGSMERE_SUPPRESSED_YEAR,
    LOCAL,
    YEARS,
    geography,
    rows_by_year_and_area,
)
from .rounding import apportion, count_shown, half_up, percent_shown, published, ratio, remainder_weights, unit
from .stories import C3_FACTORS
from .world import World


def b1_children_in_need(w: World):
    columns = [
        "category",
        "Anypoint_episodes",
        "Anypoint_child",
        "Started_episodes",
        "Started_child",
        "Ended_episodes",
        "Ended_child",
        "At31_episodes",
        "awaiting_assessment",
    ]
    rows = []
    for year, area in rows_by_year_and_area():
        started = published(area, w.expected("cin_started_rate", area, year))
        at31 = published(area, w.expected("cin_at31_rate", area, year))
        # Open at any point = open on 1 April (last year's 31 March) + started in the year.
        opening = (
            published(area, w.share("cin_opening_pct", area, year, at31))
            if year == YEARS[0]
            else published(area, w.expected("cin_at31_rate", area, year - 1))
        )
        anypoint = opening + started
        ended = anypoint - at31
        assert ended > 0, f"{area.la_name} {year}: more children in need on 31 March than all year"
        children = [published(area, w.share("cin_child_pct", area, year, n)) for n in (anypoint, started, ended)]
        awaiting = published(area, w.expected("awaiting_assessment_rate", area, year))
        rows.append(
            {
                **geography(year, area),
                "category": "Children in Need",
                "Anypoint_episodes": str(anypoint),
                "Anypoint_child": str(children[0]),
                "Started_episodes": str(started),
                "Started_child": str(children[1]),
                "Ended_episodes": str(ended),
                "Ended_child": str(children[2]),
                "At31_episodes": str(at31),
                "awaiting_assessment": count_shown(area, awaiting),
            }
        )
    return columns, rows


def c1_referrals(w: World):
    measures = [
        "referral_count",
        "rereferral_count",
        "rereferral_percent",
        "no_further_action_count",
        "no_further_action_percent",
        "not_in_need_count",
        "not_in_need_percent",
        "referral_child_count",
        "rereferral_child_count",
        "rereferral_child_percent",
    ]
    rows = []
    for year, area in rows_by_year_and_area():
        referrals = published(area, w.expected("referral_rate", area, year))
        rereferrals = published(area, w.share("rereferral_pct", area, year, referrals))
        values = [str(referrals), str(rereferrals), ratio(rereferrals, referrals)]
        nfa = published(area, w.share("nfa_pct", area, year, referrals))
        not_in_need = published(area, w.share("not_in_need_pct", area, year, referrals))
        children = published(area, w.share("referral_child_pct", area, year, referrals))
        children_again = published(area, w.share("rereferral_child_pct", area, year, rereferrals))
        values += [
            count_shown(area, nfa),
            percent_shown(area, nfa, referrals, dp=1),
            count_shown(area, not_in_need),
            percent_shown(area, not_in_need, referrals, dp=1),
            str(children),
            str(children_again),
            ratio(children_again, children),
        ]
        if (area.old_la_code, year) == C1_FAILED_RETURN:
            values = ["x"] * len(measures)
        rows.append({**geography(year, area), "category": "Referrals and Re-referrals", **dict(zip(measures, values))})
    return ["category"] + measures, rows


def a1_assessments(w: World):
    columns = ["category", "assessments_completed", "assessments_within_45_days", "assessments_within_45_days_percent"]
    rows = []
    for year, area in rows_by_year_and_area():
        completed = published(area, w.expected("assessment_rate", area, year))
        on_time = published(area, w.share("assessment_45_days_pct", area, year, completed))
        rows.append(
            {
                **geography(year, area),
                "category": "Assessments",
                "assessments_completed": str(completed),
                "assessments_within_45_days": str(on_time),
                "assessments_within_45_days_percent": ratio(on_time, completed),
            }
        )
    return columns, rows


def working_days(bands: list[int], share: float) -> str:
    """The day by which `share` of conferences were held, read off the duration bands (0-10,
    11-15, 16-20, 21 and over working days) as if days were spread evenly within a band."""
    total = sum(bands)
    if total == 0:
        return "z"
    edges = [(0, 10), (10, 15), (15, 20), (20, 30)]
    seen = 0
    for (start, end), n in zip(edges, bands):
        if n and seen + n >= share * total:
            return str(max(1, half_up(start + (end - start) * (share * total - seen) / n)))
        seen += n
    return str(edges[-1][1])


def c4_section_47s_and_icpcs(w: World):
    columns = [
        "category",
        "Section47",
        "Section47_child",
        "ICPC",
        "ICPC_child",
        "Duration_0-10_days",
        "Duration_11-15_days",
        "Duration_16-20_days",
        "Duration_21+_days",
        "Duration_25th_Percentile",
        "Duration_median",
        "Duration_75th_Percentile",
    ]
    rows = []
    for year, area in rows_by_year_and_area():
        s47 = w.expected("s47_rate", area, year)
        icpc = w.share("icpc_per_s47_pct", area, year, s47)
        in_15 = w.share("icpc_15_days_pct", area, year, icpc)
        in_10 = w.share("icpc_0_10_share_pct", area, year, in_15)
        bands = [published(area, in_10), published(area, in_15 - in_10), published(area, icpc - in_15)]
        # The first release printed conferences after 15 days as one band; the real file splits
        # it at 20 days. The split adds up to the old band, so ICPC (their sum) is unchanged.
        late = apportion(
            bands[2],
            [w.level("icpc_16_20_share_pct", area, year), 100 - w.level("icpc_16_20_share_pct", area, year)],
            unit(area),
        )
        bands = bands[:2] + late
        s47_count = published(area, s47)
        rows.append(
            {
                **geography(year, area),
                "category": "Section 47s and Initial Child Protection Conferences",
                "Section47": str(s47_count),
                "Section47_child": str(published(area, w.share("s47_child_pct", area, year, s47_count))),
                "ICPC": str(sum(bands)),
                "ICPC_child": str(published(area, w.share("icpc_child_pct", area, year, sum(bands)))),
                **{c: str(n) for c, n in zip(columns[5:9], bands)},
                "Duration_25th_Percentile": working_days(bands, 0.25),
                "Duration_median": working_days(bands, 0.5),
                "Duration_75th_Percentile": working_days(bands, 0.75),
            }
        )
    return columns, rows


def d3_subsequent_plans(w: World):
    columns = ["category", "CPP_start", "CPP_subsequent", "CPP_subsequent_percent"]
    rows = []
    for year, area in rows_by_year_and_area():
        started = published(area, w.expected("cpp_start_rate", area, year))
        repeat = published(area, w.share("cpp_subsequent_pct", area, year, started))
        rows.append(
            {
                **geography(year, area),
                "category": "Child Protection Plans which are a second or subsequent plan",
                "CPP_start": str(started),
                "CPP_subsequent": str(repeat),
                "CPP_subsequent_percent": ratio(repeat, started),
            }
        )
    return columns, rows


D5_BANDS = [
    "3_months_or_less",
    "more_than_3_months_6_months",
    "more_than_6_months_less_than_1_year",
    "1_year_less_than_2_years",
]


def d5_plans_by_duration(w: World):
    columns = ["category", "CPP_At31"] + [f"{b}{p}" for b in D5_BANDS + ["2_years_or_more"] for p in ("", "_percent")]
    rows = []
    for year, area in rows_by_year_and_area():
        at31 = published(area, w.expected("cpp_at31_rate", area, year))
        long_plans = published(area, w.share("cpp_two_years_pct", area, year, at31))
        if area is KINGSMERE and year == KINGSMERE_SUPPRESSED_YEAR:
            long_plans = 4  # scripted: leaves a gap in the council's own series
        values = [str(long_plans), ratio(long_plans, at31)]
        if area.level == LOCAL and 0 < long_plans < 6:
            values = ["c", "c"]  # counts of 1 to 5 are suppressed, and so is their percentage
        assert area is not KINGSMERE or year == KINGSMERE_SUPPRESSED_YEAR or values[0] != "c", (
            "Kingsmere should have exactly one suppressed year; adjust cpp_two_years_pct"
        )
        # The shorter bands share the plans open under two years.
        shorter = apportion(
            at31 - long_plans,
            remainder_weights(
                *(w.level(s, area, year) for s in ("cpp_3m_share_pct", "cpp_3_6m_share_pct", "cpp_6_12m_share_pct"))
            ),
            unit(area),
        )
        bands = {}
        for band, n in zip(D5_BANDS, shorter):
            bands[band] = count_shown(area, n)
            bands[f"{band}_percent"] = percent_shown(area, n, at31, dp=1)
        rows.append(
            {
                **geography(year, area),
                "category": "Child Protection Plans by length of time",
                "CPP_At31": str(at31),
                **bands,
                **dict(zip(columns[-2:], values)),
            }
        )
    return columns, rows


def c3_factors(w: World):
    """Factors identified at the end of assessment: wide, one column per factor, counts of
    episodes. Child criminal exploitation was first collected in 2022 ("x" before)."""
    columns = ["category", "Episodes_with_assessment_factor"] + [f for f, _, _ in C3_FACTORS]
    rows = []
    for year, area in rows_by_year_and_area():
        completed = published(area, w.expected("assessment_rate", area, year))
        episodes = published(area, w.share("c3_episodes_pct", area, year, completed))
        row = {
            **geography(year, area),
            "category": "Factors identified at the end of assessment",
            "Episodes_with_assessment_factor": str(episodes),
        }
        for factor, _, _ in C3_FACTORS:
            n = published(area, w.share(f"c3_{factor}", area, year, episodes))
            row[factor] = "x" if factor == "Child_criminal_exploitation" and year < 2022 else count_shown(area, n)
        rows.append(row)
    return columns, rows
