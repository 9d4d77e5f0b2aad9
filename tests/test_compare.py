"""Comparisons from a hand-made canonical table: means leave out symbols, direction follows polarity."""

import math

import pandas as pd
import pytest

from sefbook.analysis.compare import comparator_series, comparison_table, direction, neighbour_ranking, performance_row
from sefbook.domain import Place
from sefbook.inputs.published.registry import default_registry

PLACE = Place(
    la_code="E06000991",
    la_name="Kingsmere",
    region_code="E12000004",
    region_name="East Midlands",
    neighbour_codes=("E06000981", "E06000982", "E06000983"),
)


def rows(indicator: str, values: dict[tuple[str, int], float | str]) -> pd.DataFrame:
    records = []
    for (code, period), v in values.items():
        level = "National" if code == "E92000001" else "Regional" if code.startswith("E12") else "Local authority"
        symbol = v if isinstance(v, str) else ""
        records.append(
            {
                "indicator": indicator,
                "time_period": period,
                "geographic_level": level,
                "area_code": code,
                "value": math.nan if symbol else float(v),
                "symbol": symbol,
                "source_file": "f.csv",
                "source_row": len(records) + 2,
                "provisional": False,
                "quarter": 0,
            }
        )
    return pd.DataFrame(records)


TABLE = rows(
    "rereferral_12m",
    {
        ("E06000991", 2024): 18.2,
        ("E06000991", 2025): 16.8,
        ("E06000981", 2024): 20.0,
        ("E06000981", 2025): 19.0,
        ("E06000982", 2024): 22.0,
        ("E06000982", 2025): "c",
        ("E06000983", 2024): 24.0,
        ("E06000983", 2025): 21.2,
        ("E12000004", 2024): 21.0,
        ("E12000004", 2025): 20.5,
        ("E92000001", 2024): 22.4,
        ("E92000001", 2025): 22.6,
    },
)


def test_neighbour_mean_leaves_out_suppressed_values_and_counts_who_contributed():
    series = comparator_series(TABLE, "rereferral_12m", PLACE)
    assert list(series.index) == [2024, 2025]
    assert series.loc[2024, "neighbours_mean"] == pytest.approx(22.0)  # (20 + 22 + 24) / 3
    assert series.loc[2024, "neighbours_count"] == 3
    assert series.loc[2025, "neighbours_mean"] == pytest.approx(20.1)  # (19 + 21.2) / 2, "c" left out
    assert series.loc[2025, "neighbours_count"] == 2
    assert series.loc[2025, "region"] == 20.5 and series.loc[2025, "england"] == 22.6
    assert series.loc[2024, "neighbours_median"] == pytest.approx(22.0)
    assert series.loc[2025, "neighbours_median"] == pytest.approx(20.1)  # median of two is their mean


def test_rank_and_quartile_among_councils_with_a_figure_oriented_by_polarity():
    series = comparator_series(TABLE, default_registry()["rereferral_12m"], PLACE, min_councils_ranked=1)
    # 2024: Kingsmere 18.2 is the lowest of four councils: best for a lower-is-better measure
    assert (series.loc[2024, "rank"], series.loc[2024, "rank_of"], series.loc[2024, "quartile"]) == (1, 4, 1)
    # 2025: three councils have a figure ("c" has no rank); 16.8 is still the lowest
    assert (series.loc[2025, "rank"], series.loc[2025, "rank_of"]) == (1, 3)
    eet = rows(
        "care_leavers_eet",
        {("E06000991", 2025): 50.0, ("E06000981", 2025): 60.0, ("E06000982", 2025): 55.0, ("E06000983", 2025): 65.0},
    )
    s = comparator_series(eet, default_registry()["care_leavers_eet"], PLACE, min_councils_ranked=1)
    assert (s.loc[2025, "rank"], s.loc[2025, "quartile"]) == (4, 4)  # lowest is worst when higher is better


def test_one_pass_over_many_indicators_ranks_each_by_its_own_polarity_and_figures():
    """The report computes every comparison at once: indicators must not leak into each other's
    ranks, means or periods."""
    reg = default_registry()
    eet = rows(
        "care_leavers_eet",
        {("E06000991", 2025): 50.0, ("E06000981", 2025): 60.0, ("E06000982", 2025): 55.0, ("E06000983", 2023): 65.0},
    )
    both = comparison_table(
        pd.concat([TABLE, eet]), PLACE, [reg["rereferral_12m"], reg["care_leavers_eet"]], min_councils_ranked=1
    )
    assert list(both.loc["care_leavers_eet"].index) == [2023, 2025]
    assert both.loc[("care_leavers_eet", 2025), "rank"] == 3 and both.loc[("care_leavers_eet", 2025), "rank_of"] == 3
    assert both.loc[("care_leavers_eet", 2025), "neighbours_mean"] == pytest.approx(57.5)  # (60 + 55) / 2
    assert both.loc[("care_leavers_eet", 2023), "council_symbol"] == "x"  # no row for Kingsmere that year
    assert both.loc[("rereferral_12m", 2024), "rank"] == 1 and both.loc[("rereferral_12m", 2024), "rank_of"] == 4
    assert both.loc[("rereferral_12m", 2025), "neighbours_mean"] == pytest.approx(20.1)


def test_no_rank_among_fewer_than_ten_councils_nor_for_a_contextual_indicator():
    reg = default_registry()
    many = rows(
        "rereferral_12m", {("E06000991", 2025): 16.8, **{(f"E06000{900 + n}", 2025): 20.0 + n for n in range(9)}}
    )
    assert comparator_series(many, reg["rereferral_12m"], PLACE).loc[2025, "rank"] == 1  # ten councils
    few = many.iloc[:9]
    assert math.isnan(comparator_series(few, reg["rereferral_12m"], PLACE).loc[2025, "rank"])  # nine
    contextual = next(i for i in reg.indicators if i.polarity.value == "contextual" and i.unit != "count")
    assert not contextual.ranked and contextual.not_ranked_because == "contextual"
    assert math.isnan(comparator_series(many.assign(indicator=contextual.id), contextual, PLACE).loc[2025, "rank"])


def test_performance_row_for_a_lower_is_better_indicator_that_fell():
    reg = default_registry()
    row = performance_row(TABLE, reg["rereferral_12m"], PLACE)
    assert (row.period, row.latest, row.previous) == (2025, 16.8, 18.2)
    assert row.direction == "better"
    assert row.neighbours_count == 2
    assert (row.source_file, row.source_row) == ("f.csv", 3)  # the council's 2025 row


def test_direction_by_polarity_and_at_the_shown_precision():
    reg = default_registry()
    assert direction(reg["care_leavers_eet"], 60.0, 55.0) == "better"
    assert direction(reg["care_leavers_eet"], 55.0, 60.0) == "worse"
    assert direction(reg["rereferral_12m"], 19.0, 18.0) == "worse"
    assert direction(reg["cla_rate"], 80.0, 70.0) == "contextual"
    assert direction(reg["cla_rate"], 70.2, 69.9) == "no change"  # both print as 70
    assert direction(reg["rereferral_12m"], math.nan, 18.0) == "not known"


def test_a_suppressed_council_value_is_carried_as_its_symbol():
    table = rows("cpp_two_years", {("E06000991", 2024): 2.0, ("E06000991", 2025): "c"})
    row = performance_row(table, default_registry()["cpp_two_years"], PLACE)
    assert row.latest_symbol == "c" and math.isnan(row.latest)
    assert row.direction == "not known"


def test_neighbour_ranking_puts_the_best_first_and_symbols_last():
    table = TABLE.assign(area_name=TABLE["area_code"])
    ranking = neighbour_ranking(table, default_registry()["rereferral_12m"], PLACE, 2025)
    assert ranking["area_name"].tolist() == ["E06000991", "E06000981", "E06000983", "E06000982"]
    assert ranking["is_council"].tolist() == [True, False, False, False]
    assert ranking["symbol"].iloc[-1] == "c"


def test_charts_carry_alt_text_drawn_from_their_data():
    from sefbook.render.charts import ranking_chart, trend_chart

    reg = default_registry()
    series = comparator_series(TABLE, reg["rereferral_12m"], PLACE)
    trend = trend_chart(reg["rereferral_12m"], series, "Kingsmere", "East Midlands")
    assert b"<svg" in trend.svg and b"Re-referrals within 12 months" in trend.svg  # text stays text: searchable
    assert "Kingsmere: 2024 18.2%, 2025 16.8%." in trend.alt
    assert "statistical neighbours' mean 20.1%, East Midlands 20.5%, England 22.6%" in trend.alt
    table = TABLE.assign(area_name=TABLE["area_code"].str.replace("E0600099", "Kingsmere ").str.replace("E060009", "N"))
    ranked = ranking_chart(
        reg["rereferral_12m"], neighbour_ranking(table, reg["rereferral_12m"], PLACE, 2025), "Kingsmere", 2025, 22.6
    )
    assert "lowest first: Kingsmere 1 16.8%; N81 19.0%; N83 21.2%; N82 c." in ranked.alt
    assert "Kingsmere is 1st of 3. England: 22.6%." in ranked.alt
    assert 'alt="Bar chart: Re-referrals within 12 months in 2025' in ranked.to_html()  # its capitals kept


def test_the_same_chart_drawn_twice_gives_the_same_svg_bytes_whatever_was_drawn_between():
    import threading

    from sefbook.render.charts import draw_ranking_chart, draw_trend_chart  # drawn every time, never recalled

    reg = default_registry()
    share = reg["rereferral_12m"]
    first = draw_trend_chart(share, comparator_series(TABLE, share, PLACE), "Kingsmere", "East Midlands")
    provisional = TABLE.copy()
    provisional.loc[(provisional["area_code"] == "E06000991") & (provisional["time_period"] == 2025), "provisional"] = (
        True
    )
    with_mark = draw_trend_chart(share, comparator_series(provisional, share, PLACE), "Kingsmere", "East Midlands")
    assert b"provisional" in with_mark.svg and b"provisional" not in first.svg
    named = TABLE.assign(area_name=TABLE["area_code"])
    ranked = draw_ranking_chart(share, neighbour_ranking(named, share, PLACE, 2025), "Kingsmere", 2025, 22.6)
    after = draw_trend_chart(share, comparator_series(TABLE, share, PLACE), "Kingsmere", "East Midlands")
    assert after.svg == first.svg  # byte for byte: fixed ids (svg.hashsalt), no date
    assert draw_ranking_chart(share, neighbour_ranking(named, share, PLACE, 2025), "Kingsmere", 2025, 22.6) == ranked
    in_new_thread: list[bytes] = []
    worker = threading.Thread(
        target=lambda: in_new_thread.append(
            draw_trend_chart(share, comparator_series(TABLE, share, PLACE), "Kingsmere", "East Midlands").svg
        )
    )
    worker.start()
    worker.join()
    assert in_new_thread == [first.svg]


def test_a_chart_drawn_before_from_the_same_data_is_recalled_and_new_data_draws_anew():
    from sefbook.cache import cache_dir
    from sefbook.render.charts import draw_trend_chart, trend_chart

    share = default_registry()["rereferral_12m"]
    series = comparator_series(TABLE, share, PLACE)
    kept_before = set((cache_dir() / "charts").glob("*.pickle"))
    first = trend_chart(share, series, "Kingsmere", "East Midlands")
    kept = set((cache_dir() / "charts").glob("*.pickle")) - kept_before
    assert len(kept) <= 1  # kept once (none if an earlier test drew the same chart)
    assert (
        trend_chart(share, series, "Kingsmere", "East Midlands")
        == first
        == draw_trend_chart(share, series, "Kingsmere", "East Midlands")
    )  # recalled: the very chart drawing it again gives
    moved = series.copy()
    moved.loc[2025, "council"] = 17.9
    changed = trend_chart(share, moved, "Kingsmere", "East Midlands")
    assert changed.svg != first.svg and "2025 17.9%" in changed.alt
    assert trend_chart(share, series, "Kingsmere", "Eastern") != first  # a label is part of what it is drawn from


def test_trend_charts_of_rates_and_shares_start_at_zero_and_say_so():
    from sefbook.render.charts import trend_chart, trend_figure

    reg = default_registry()
    series = comparator_series(TABLE, reg["rereferral_12m"], PLACE)  # lines from 16.8 to 22.6
    low, high = trend_figure(reg["rereferral_12m"], series, "Kingsmere", "East Midlands").axes[0].get_ylim()
    assert low == 0 and high >= 22.6
    assert (
        "The vertical axis starts at zero."
        in trend_chart(reg["rereferral_12m"], series, "Kingsmere", "East Midlands").alt
    )
    grade = next(i for i in reg.indicators if i.unit == "grade")
    graded = rows(grade.id, {("E06000991", 2023): 3.0, ("E06000991", 2025): 2.0})
    low, _ = (
        trend_figure(grade, comparator_series(graded, grade, PLACE), "Kingsmere", "East Midlands").axes[0].get_ylim()
    )
    assert low > 0  # a grade runs from 1 to 4: no zero to start from


def test_a_provisional_figure_newer_than_any_publication_is_compared_with_the_latest_published_and_says_so():
    from sefbook.inputs.edition.config import HeadlineRules
    from sefbook.render.wording import sentence

    own = rows("rereferral_12m", {("E06000991", 2026): 15.0}).assign(provisional=True, quarter=2)
    row = performance_row(pd.concat([TABLE, own], ignore_index=True), default_registry()["rereferral_12m"], PLACE)
    assert (row.period, row.quarter, row.latest, row.provisional) == (2026, 2, 15.0, True)
    assert row.comparators_period == 2025  # no neighbour, region or England figure for 2026 yet
    assert row.neighbours_mean == pytest.approx(20.1) and row.region == 20.5 and row.england == 22.6  # 2025's
    assert row.previous == 16.8  # the council's own last year, as ever
    words = sentence(row, HeadlineRules(), "East Midlands")
    assert "below the statistical neighbour average of 20.1% (the latest published, for 2025)" in words
    # a published figure is compared with its own period's comparators: nothing borrowed
    assert performance_row(TABLE, default_registry()["rereferral_12m"], PLACE).comparators_period is None
    # a provisional figure for a period the comparators have keeps its own period's
    same_year = TABLE.copy()
    same_year.loc[(same_year["area_code"] == "E06000991") & (same_year["time_period"] == 2025), "provisional"] = True
    kept = performance_row(same_year, default_registry()["rereferral_12m"], PLACE)
    assert kept.comparators_period is None and kept.neighbours_mean == pytest.approx(20.1)


def test_a_ranking_in_the_tens_of_millions_shows_its_ticks_power_of_ten():
    """matplotlib writes such ticks as 1, 2, 3 and "1e7" at the axis's end: never without it."""
    from sefbook.render.charts import draw_ranking_chart

    ind = default_registry()["rereferral_12m"]
    named = TABLE.assign(area_name=TABLE["area_code"], value=TABLE["value"] * 1_000_000)
    big = draw_ranking_chart(ind, neighbour_ranking(named, ind, PLACE, 2025), "Kingsmere", 2025, 22_600_000.0)
    assert b"1e7" in big.svg
    usual = draw_ranking_chart(
        ind, neighbour_ranking(TABLE.assign(area_name=TABLE["area_code"]), ind, PLACE, 2025), "Kingsmere", 2025, 22.6
    )
    assert b"1e7" not in usual.svg
