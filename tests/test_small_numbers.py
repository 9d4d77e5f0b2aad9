"""Small numbers and weight: a figure resting on few children is marked, unranked and never a
headline; a background indicator is no headline unless pinned; an area is never in the best
quartile. Worked out from a hand-made table, then checked on real packs (Leicester 856, Isles of
Scilly 420) against the counts in the DfE's files."""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
import pytest
from helpers import EXAMPLE_DATA, EXAMPLE_EDITION, PUBLISHED_DATA, set_key

from sefbook.analysis.assess import assess, comparisons
from sefbook.analysis.headlines import Headline, classify
from sefbook.errors import InputError
from sefbook.inputs.load import load_inputs, load_pack_inputs
from sefbook.inputs.published.shape import CANONICAL_COLUMNS
from sefbook.render.pages import headline_groups, headlines_html
from sefbook.render.section import SectionView

OTHERS = [f"E06000{n}" for n in range(900, 904)]  # councils beyond the neighbours, so that ranks are given


@pytest.fixture(scope="module")
def example():
    return load_inputs(EXAMPLE_EDITION, EXAMPLE_DATA)


def table_of(inputs, figures: dict[str, dict[str, tuple[float, float]]]) -> pd.DataFrame:
    """A canonical table: indicator -> {area code: (value in 2025, smallest count)}, 2024 as 2025."""
    records = []
    for indicator, by_area in figures.items():
        for code, (value, smallest) in by_area.items():
            for period in (2024, 2025):
                records.append(
                    {
                        "indicator": indicator,
                        "time_period": period,
                        "geographic_level": "Local authority",
                        "area_code": code,
                        "area_key": code,
                        "old_la_code": "",
                        "area_name": code,
                        "region_code": inputs.place.region_code,
                        "region_name": inputs.place.region_name,
                        "value": value,
                        "symbol": "",
                        "source_file": "f.csv",
                        "source_row": len(records) + 2,
                        "provisional": False,
                        "smallest_count": smallest,
                        "quarter": 0,
                    }
                )
    return pd.DataFrame(records, columns=CANONICAL_COLUMNS)


def with_table(inputs, figures, **config):
    edition = inputs.edition
    if config:
        rules = edition.config.headlines.model_copy(update=config.pop("headlines", {}))
        edition = replace(edition, config=edition.config.model_copy(update={"headlines": rules, **config}))
    return replace(inputs, table=table_of(inputs, figures), edition=edition, derived={}, shared={})


def councils(inputs, ours: float, neighbours: list[float], others: float, *, ours_smallest: float = 90.0):
    """The council, its ten neighbours and four other councils, each with a large base but the council."""
    codes = dict(zip(inputs.place.neighbour_codes, neighbours)) | dict.fromkeys(OTHERS, others)
    return {inputs.place.la_code: (ours, ours_smallest)} | {code: (v, 200.0) for code, v in codes.items()}


def help_rows(inputs) -> dict[str, dict]:
    section = inputs.edition.section("help_and_protection")
    return {r["id"]: r for r in SectionView(section, inputs).performance_rows()}


def headlined(inputs) -> set[str]:
    return {entry["id"] for group in headline_groups(inputs) for entry in group["entries"]}


def test_a_figure_on_8_of_9_children_is_marked_unranked_and_never_a_headline(example):
    # assessments in 45 days: 8 of 9 is 88.9%, best of 15 councils and far above the neighbours' 70%
    many = with_table(example, {"assessments_45_days": councils(example, 88.9, [70.0] * 10, 75.0)})
    few = with_table(example, {"assessments_45_days": councils(example, 88.9, [70.0] * 10, 75.0, ours_smallest=8)})
    indicator = example.registry["assessments_45_days"]
    ranked, unranked = assess(many, indicator), assess(few, indicator)
    assert (ranked.row.rank, ranked.row.rank_of, ranked.headline, ranked.few) == (1, 15, Headline.highlight, "")
    assert "assessments_45_days" in headlined(many)

    assert math.isnan(unranked.row.rank) and math.isnan(unranked.row.quartile)
    assert unranked.headline is Headline.neither and unranked.few == "rests on fewer than 10 children"
    assert "assessments_45_days" not in headlined(few)
    row = help_rows(few)["assessments_45_days"]
    assert (row["rank"], row["quartile"], row["few"]) == ("", "", "rests on fewer than 10 children")
    assert row["not_ranked"] == "rests on fewer than 10 children"
    assert help_rows(many)["assessments_45_days"]["few"] == ""

    # the edition sets the threshold: at 5, eight children are enough
    five = with_table(
        example, {"assessments_45_days": councils(example, 88.9, [70.0] * 10, 75.0, ours_smallest=8)}, few_children=5
    )
    assert assess(five, indicator).row.rank == 1 and assess(five, indicator).headline is Headline.highlight
    assert "fewer than 5 children" in headlines_html(five)  # the page states the rule with the edition's number


def test_a_suppressed_figure_is_never_ranked_or_headlined(example):
    figures = councils(example, 88.9, [70.0] * 10, 75.0)
    inputs = with_table(example, {"assessments_45_days": figures})
    table = inputs.table
    ours = table["area_code"] == example.place.la_code
    table.loc[ours, ["value", "symbol"]] = [math.nan, "c"]
    a = assess(replace(inputs, derived={}, shared={}), example.registry["assessments_45_days"])
    assert math.isnan(a.row.rank) and a.headline is Headline.not_known


def test_a_workforce_figure_rests_on_the_social_workers_in_post(example):
    turnover = councils(example, 5.0, [15.0] * 10, 14.0, ours_smallest=math.nan)
    in_post = councils(example, 6.0, [60.0] * 10, 50.0, ours_smallest=math.nan)
    inputs = with_table(example, {"sw_turnover_rate": turnover, "sw_in_post_fte": in_post})
    a = assess(inputs, example.registry["sw_turnover_rate"])
    assert a.few == "rests on fewer than 10 social workers in post (FTE)" and math.isnan(a.row.rank)
    staffed = with_table(
        example,
        {
            "sw_turnover_rate": turnover,
            "sw_in_post_fte": councils(example, 60.0, [60.0] * 10, 50.0, ours_smallest=math.nan),
        },
    )
    assert assess(staffed, example.registry["sw_turnover_rate"]).headline is Headline.highlight


def test_a_background_indicator_is_never_a_headline_unless_pinned_and_weight_orders_the_page(example):
    # sickness absence (importance 3) far better than the neighbours: classified a highlight, yet never headlined
    figures = {
        "sw_absence_rate": councils(example, 1.0, [5.0] * 10, 5.0, ours_smallest=math.nan),
        "sw_turnover_rate": councils(example, 13.0, [15.0] * 10, 15.0, ours_smallest=math.nan),
    }
    inputs = with_table(example, figures)
    absence = example.registry["sw_absence_rate"]
    assert absence.importance == 3
    assert classify(assess(inputs, absence).row, inputs.edition.config.headlines) is Headline.highlight
    assert assess(inputs, absence).headline is Headline.neither
    assert headlined(inputs) == {"sw_turnover_rate"}
    pinned = with_table(example, figures, headlines={"pin": ["sw_absence_rate"]})
    assert assess(pinned, absence).headline is Headline.highlight and "sw_absence_rate" in headlined(pinned)
    # made key by the edition, it comes before turnover, although turnover's gap is the smaller one
    weighty = with_table(example, figures, headlines={"importance": {"sw_absence_rate": 1, "sw_turnover_rate": 2}})
    entries = next(g for g in headline_groups(weighty) if g["key"] == "highlight")["entries"]
    assert [e["id"] for e in entries] == ["sw_absence_rate", "sw_turnover_rate"]


def test_a_figure_in_the_best_quartile_is_not_an_area_though_worse_than_its_neighbours(example):
    # three or more placements, lower is better: 10% against neighbours averaging 8% (three at 1%, seven at 11%),
    # but 4th of 15 councils: the best quartile
    figures = {"cla_three_placements": councils(example, 10.0, [1.0] * 3 + [11.0] * 7, 30.0)}
    inputs = with_table(example, figures)
    a = assess(inputs, example.registry["cla_three_placements"])
    assert (a.row.rank, a.row.quartile, a.row.neighbours_mean) == (4, 1, pytest.approx(8.0))
    assert a.headline is Headline.neither
    # one place lower, out of the best quartile, it is an area
    lower = {"cla_three_placements": councils(example, 10.0, [1.0] * 4 + [11.0] * 6, 30.0)}
    b = assess(with_table(example, lower), example.registry["cla_three_placements"])
    assert b.row.quartile == 2 and b.headline is Headline.targeted


@pytest.mark.slow
def test_few_children_and_importance_are_validated(edition_copy):
    sef = edition_copy / "sef.yml"
    set_key(sef, "few_children", "0")
    with pytest.raises(InputError, match=r"key few_children"):
        load_inputs(edition_copy, EXAMPLE_DATA)
    set_key(sef, "few_children", "12")
    assert load_inputs(edition_copy, EXAMPLE_DATA).edition.config.few_children == 12
    text = sef.read_text(encoding="utf-8")
    sef.write_text(
        text.replace("  worsening_tolerance: 5\n", "  worsening_tolerance: 5\n  importance: {no_such_thing: 1}\n"),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"key headlines.importance: names an unknown indicator id.*'no_such_thing'"):
        load_inputs(edition_copy, EXAMPLE_DATA)
    sef.write_text(
        text.replace("  worsening_tolerance: 5\n", "  worsening_tolerance: 5\n  importance: {sw_absence_rate: 4}\n"),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"headlines.importance.sw_absence_rate"):
        load_inputs(edition_copy, EXAMPLE_DATA)


@pytest.fixture(scope="module", params=["856", "420"])
def pack(request):
    if not PUBLISHED_DATA.is_dir():
        pytest.skip("published DfE files not beside the project")
    return load_pack_inputs(request.param, PUBLISHED_DATA)


@pytest.mark.slow
def test_a_real_packs_headlines_rest_on_ten_children_or_more_and_no_area_is_in_the_best_quartile(pack):
    table, la = pack.table, pack.place.la_code
    ours = table[table["area_code"] == la].set_index(["indicator", "time_period"])
    quartiles = comparisons(pack)["quartile"]  # before a figure on few children loses its rank
    chosen = [e for g in headline_groups(pack) for e in g["entries"]]
    assert chosen
    for entry in chosen:
        indicator = pack.registry[entry["id"]]
        period = assess(pack, indicator).row.period
        if "workforce" in indicator.publication:
            base = ours["value"].get(("sw_in_post_fte", period), math.nan)
        else:
            base = ours["smallest_count"].get((entry["id"], period), math.nan)
        assert math.isnan(base) or base >= 10, (entry["id"], base)
        assert indicator.importance < 3 or entry["id"] in pack.edition.config.headlines.pin
    for name in pack.edition.section_names:
        for row in SectionView(pack.edition.section(name), pack).performance_rows():
            if row["headline"] == Headline.targeted:
                period = assess(pack, pack.registry[row["id"]]).row.period
                assert quartiles.get((row["id"], period)) != 1, row["id"]
    if la == "E06000053":  # Isles of Scilly: 0 of 32 re-referrals, best in England by arithmetic alone
        rereferral = SectionView(pack.edition.section("help_and_protection"), pack).performance_rows()
        row = next(r for r in rereferral if r["id"] == "rereferral_12m")
        assert ours.loc[("rereferral_12m", 2025), "smallest_count"] == 0
        assert (row["rank"], row["few"]) == ("", "rests on fewer than 10 children")
        assert "rereferral_12m" not in {e["id"] for e in chosen}
        # a contextual figure on few children is unranked first of all for being contextual
        factors = next(r for r in rereferral if r["id"] == "factor_gangs_rate")
        assert factors["few"] and factors["not_ranked"] == "contextual"
