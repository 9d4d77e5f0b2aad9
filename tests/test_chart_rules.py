"""Charts worth their place (issue 27): a trend only over three years or more, a ranking only
among five councils or more, no grade or count drawn as a number, money in pounds from zero,
titles whole, capitals kept in alt text, and only key indicators charted."""

from __future__ import annotations

import base64
import math
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from helpers import PUBLISHED_DATA, ROOT
from helpers import with_key_indicators as key_registry
from matplotlib import rc_context

from sefbook.analysis.compare import comparator_series, neighbour_ranking
from sefbook.domain import Place
from sefbook.errors import InputError
from sefbook.inputs.edition.read import load_edition
from sefbook.inputs.published.registry import Indicator, default_registry
from sefbook.render import charts
from sefbook.render.charts import (
    charted,
    draw_ranking_chart,
    draw_trend_chart,
    ranking_worth_drawing,
    trend_worth_drawing,
)

EDITION_2026 = ROOT / "sefs" / "example-2026"
COUNCIL, REGION, ENGLAND = "E06000991", "E12000004", "E92000001"
NEIGHBOURS = ("E06000981", "E06000982", "E06000983", "E06000984", "E06000985")
PLACE = Place(
    la_code=COUNCIL,
    la_name="Kingsmere upon Avon",
    region_code=REGION,
    region_name="East Midlands",
    neighbour_codes=NEIGHBOURS,
)


def rows(indicator: str, values: dict[tuple[str, int], float | str]) -> pd.DataFrame:
    records = []
    for (code, period), v in values.items():
        level = "National" if code == ENGLAND else "Regional" if code == REGION else "Local authority"
        symbol = v if isinstance(v, str) else ""
        records.append(
            {
                "indicator": indicator,
                "time_period": period,
                "geographic_level": level,
                "area_code": code,
                "area_name": code,
                "value": math.nan if symbol else float(v),
                "symbol": symbol,
                "source_file": "f.csv",
                "source_row": len(records) + 2,
                "provisional": False,
                "quarter": 0,
            }
        )
    return pd.DataFrame(records)


def years_of(indicator: str, years: list[int], council: dict[int, float | str] | None = None) -> pd.DataFrame:
    """Every area with a figure in each year; the council's own as given (default: one each year)."""
    values: dict[tuple[str, int], float | str] = {}
    for n, year in enumerate(years):
        for k, code in enumerate((*NEIGHBOURS, REGION, ENGLAND)):
            values[(code, year)] = 20.0 + k + n
        values[(COUNCIL, year)] = (council or {}).get(year, 18.0 + n)
    return rows(indicator, values)


def indicator(**changes: object) -> Indicator:
    base = {
        "id": "made_up",
        "title": "Made-up share",
        "unit": "percent",
        "polarity": "lower_better",
        "section": "care_leavers",
        "definition": "A share made up for a test.",
        "period": "year to 31 March",
        "publication": "None",
    }
    return Indicator(**{**base, **changes})


def svg_text(svg: bytes) -> str:
    """The words an SVG shows (matplotlib keeps text as text: svg.fonttype none)."""
    return " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg.decode("utf-8")))


def test_a_trend_is_drawn_only_where_the_council_has_figures_in_three_years():
    share = indicator()
    assert not trend_worth_drawing(comparator_series(years_of(share.id, [2025]), share, PLACE))
    assert not trend_worth_drawing(comparator_series(years_of(share.id, [2024, 2025]), share, PLACE))
    assert trend_worth_drawing(comparator_series(years_of(share.id, [2023, 2024, 2025]), share, PLACE))
    # three years of comparators but a suppressed council figure in one: two of the council's own
    gap = comparator_series(years_of(share.id, [2023, 2024, 2025], council={2024: "c"}), share, PLACE)
    assert len(gap) == 3 and not trend_worth_drawing(gap)


def test_a_ranking_is_drawn_only_among_five_councils_with_a_figure():
    share = indicator()
    four = years_of(share.id, [2025], council={})
    four.loc[four["area_code"] == NEIGHBOURS[0], ["value", "symbol"]] = [math.nan, "c"]
    four.loc[four["area_code"] == NEIGHBOURS[1], ["value", "symbol"]] = [math.nan, "x"]
    ranked = neighbour_ranking(four, share, PLACE, 2025)
    assert len(ranked) == 6 and ranked["value"].notna().sum() == 4 and not ranking_worth_drawing(ranked)
    five = years_of(share.id, [2025])
    five.loc[five["area_code"] == NEIGHBOURS[0], ["value", "symbol"]] = [math.nan, "c"]
    assert ranking_worth_drawing(neighbour_ranking(five, share, PLACE, 2025))
    # five neighbours with figures and the council without one: not a ranking of the council
    without = years_of(share.id, [2025], council={2025: "c"})
    assert not ranking_worth_drawing(neighbour_ranking(without, share, PLACE, 2025))


def test_money_is_drawn_in_pounds_from_zero():
    spend = indicator(
        id="spend_made_up",
        title="Spend on family support services per child",
        unit="number",
        decimals=0,
        polarity="contextual",
        period="financial year",
        negative_allowed=True,
        definition="Total expenditure on family support services, in pounds per child aged 0 to 17.",
    )
    assert charts.is_money(spend) and charts.starts_at_zero(spend)
    table = years_of(spend.id, [2023, 2024, 2025], council={2023: 1180.0, 2024: 1210.0, 2025: 1264.0})
    table.loc[table["area_code"] != COUNCIL, "value"] = table["value"] * 60  # comparators around £1,200 to £1,600
    series = comparator_series(table, spend, PLACE)
    chart = draw_trend_chart(spend, series, PLACE.la_name, PLACE.region_name)
    text = svg_text(chart.svg)
    ticks = re.findall(r"£[\d,]+", text)
    assert "£0" in ticks and "£1,000" in ticks, text  # from zero, in pounds with a thousands comma
    assert "£ per child" in text and "number" not in text
    assert "2022-23" in text and "2024-25" in text  # financial years as they are named
    low, _ = charts.trend_figure(spend, series, PLACE.la_name, PLACE.region_name).axes[0].get_ylim()
    assert low == 0


def test_the_value_axis_ends_on_a_tick_above_every_point():
    share = indicator()
    series = comparator_series(
        years_of(share.id, [2021, 2022, 2023, 2024, 2025], council={2025: 31.3}), share, PLACE
    )  # above every comparator
    ax = charts.trend_figure(share, series, PLACE.la_name, PLACE.region_name).axes[0]
    low, high = ax.get_ylim()
    assert high >= 31.3 and high in list(ax.get_yticks()) and low == 0


def test_a_chart_drawn_on_the_kept_figure_is_the_one_a_new_figure_draws_whatever_came_before():
    share, spend = indicator(), indicator(id="spend", title="Spend in £ per child", unit="number", decimals=0)
    years = [2014 + n for n in range(12)]
    yearly = comparator_series(years_of(share.id, years[-3:]), share, PLACE)
    money = comparator_series(years_of(spend.id, years[-3:], council={2023: 1180.0, 2025: 1264.0}), spend, PLACE)
    trends = [
        (share, yearly),
        (share, yearly.assign(quarter=[0, 0, 2])),  # its axis's labels smaller
        (spend, money),
        (share, comparator_series(years_of(share.id, years), share, PLACE)),  # every other year labelled
    ]
    ranked = neighbour_ranking(years_of(share.id, [2025]), share, PLACE, 2025)
    rankings = [
        (share, ranked, 22.0),
        (spend, ranked.assign(value=ranked["value"] * 1e6), 2e7),
        (share, ranked, math.nan),
    ]
    new = [charts._svg(charts.trend_figure(i, s, PLACE.la_name, PLACE.region_name)) for i, s in trends] + [
        charts._svg(charts.ranking_figure(i, r, 2025, e)) for i, r, e in rankings
    ]
    for order in (1, -1):  # each after the others, drawn on this thread's kept figures
        drawn = [draw_trend_chart(i, s, PLACE.la_name, PLACE.region_name).svg for i, s in trends[::order]][::order]
        drawn += [draw_ranking_chart(i, r, PLACE.la_name, 2025, e).svg for i, r, e in rankings[::order]][::order]
        assert drawn == new
    assert len(set(new)) == len(new)
    with rc_context({"ytick.labelsize": 7, "axes.linewidth": 3}):  # settings changed: a new figure, drawn under them
        share_now = charts._svg(charts.trend_figure(share, yearly, PLACE.la_name, PLACE.region_name))
        assert draw_trend_chart(share, yearly, PLACE.la_name, PLACE.region_name).svg == share_now != new[0]


def test_a_long_title_wraps_whole_within_the_figure():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    longest = max(default_registry().indicators, key=lambda ind: len(ind.title))
    long = indicator(title=longest.title + " and the families whose children attend alternative provision")
    series = comparator_series(years_of(long.id, [2023, 2024, 2025]), long, PLACE)
    ranked = neighbour_ranking(years_of(long.id, [2025]), long, PLACE, 2025)
    for chart, fig in (
        (
            draw_trend_chart(long, series, PLACE.la_name, PLACE.region_name),
            charts.trend_figure(long, series, PLACE.la_name, PLACE.region_name),
        ),
        (draw_ranking_chart(long, ranked, PLACE.la_name, 2025, 22.0), charts.ranking_figure(long, ranked, 2025, 22.0)),
    ):
        shown = " ".join(svg_text(chart.svg).split())
        assert all(word in shown for word in long.title.split()), shown
        renderer = FigureCanvasAgg(fig).get_renderer()
        title = next(t for t in fig.texts if t.get_fontweight() == "bold")
        assert "\n" in title.get_text()  # wrapped
        box = title.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= fig.bbox.x1 and box.y1 <= fig.bbox.y1, (box, fig.bbox)


def test_alt_text_keeps_the_capitals_of_names():
    reg = default_registry()
    sdq = reg["cla_sdq_average"]
    march = next(i for i in reg.indicators if "31 March" in i.title and charted(i))
    for ind in (sdq, march):
        series = comparator_series(years_of(ind.id, [2023, 2024, 2025]), ind, PLACE)
        alt = draw_trend_chart(ind, series, PLACE.la_name, PLACE.region_name).alt
        assert ind.title in alt and "Kingsmere upon Avon:" in alt and "East Midlands" in alt
        ranked = draw_ranking_chart(
            ind, neighbour_ranking(years_of(ind.id, [2025]), ind, PLACE, 2025), PLACE.la_name, 2025, 22.0
        ).alt
        assert ind.title in ranked and "Kingsmere upon Avon is" in ranked
    assert "(SDQ)" in sdq.title and "31 March" in march.title


def test_a_grade_or_a_count_is_never_charted():
    reg = default_registry()
    assert [i.id for i in reg.indicators if i.unit in ("grade", "count") and charted(i)] == []
    assert any(charted(i) for i in reg.indicators if i.unit == "rate")


def test_key_marks_are_read_from_sef_yml_and_other_readers_get_plain_ids():
    reg = key_registry(default_registry(), {"early_help_assessment_rate", "cin_rate"})
    edition = load_edition(EDITION_2026, reg)
    ids = edition.indicator_ids("help_and_protection", reg)
    assert all(isinstance(i, str) for i in ids)
    assert ids[:3] == ["referral_rate", "rereferral_12m", "assessments_45_days"]
    # marked in sef.yml: the marks, whatever the registry says (cin_rate is of importance 1 here)
    assert edition.key_indicator_ids("help_and_protection", reg) == {
        "referral_rate",
        "rereferral_12m",
        "assessments_45_days",
        "cpp_rate",
    }
    # early help marks youth justice; the context section marks none: the registry's importance 1
    assert edition.key_indicator_ids("early_help", reg) == {"youth_justice_fte_rate"}
    reg_context = key_registry(default_registry(), {"child_population"})
    assert load_edition(EDITION_2026, reg_context).key_indicator_ids("context", reg_context) == {"child_population"}


def test_a_key_mark_that_is_not_true_or_false_is_refused_naming_the_section(tmp_path):
    shutil.copytree(
        EDITION_2026.parent,
        tmp_path / "sefs",
        ignore=lambda folder, names: [
            n for n in names if Path(folder) == EDITION_2026.parent and n not in ("example-2025", "example-2026")
        ],
    )
    sef = tmp_path / "sefs" / "example-2026" / "sef.yml"
    marked = sef.read_text(encoding="utf-8").replace("{id: cpp_rate, key: true}", "{id: cpp_rate, key: yes please}")
    sef.write_text(marked, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_edition(sef.parent)
    assert "sections" in str(refused.value) and "cpp_rate" in str(refused.value)


@pytest.mark.slow
@pytest.mark.skipif(not PUBLISHED_DATA.is_dir(), reason="published DfE files not beside the project")
def test_a_packs_charts_are_its_key_indicators_and_never_a_grade_or_a_count():
    from sefbook.inputs.load import load_pack_inputs
    from sefbook.render.section import SectionView

    leadership = {i.id for i in default_registry().indicators if i.section == "leadership"}
    reg = key_registry(default_registry(), leadership)  # every leadership indicator key: grades and counts among them
    pack = load_pack_inputs("856", PUBLISHED_DATA, registry=reg, sections=["leadership"])
    drawn = SectionView(pack.edition.section("leadership"), pack).charts()
    assert drawn
    titles = {reg[i].title: reg[i] for i in leadership}
    for chart in drawn:
        ind = next(ind for title, ind in titles.items() if chart.title.startswith(title + ":"))
        assert ind.unit not in ("grade", "count") and ind.id in leadership
    none_key = key_registry(default_registry(), set())
    pack = load_pack_inputs("856", PUBLISHED_DATA, registry=none_key, sections=["leadership"])
    assert SectionView(pack.edition.section("leadership"), pack).charts() == []  # no key indicator: tables only


@pytest.fixture(scope="module")
def example_2026_report(example_2026_build: Path) -> BeautifulSoup:
    """The 2026 example (its sef.yml marks key indicators) built once, as a user would."""
    return BeautifulSoup(example_2026_build.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.build
def test_the_built_example_charts_only_its_key_indicators_over_three_years_and_five_councils(example_2026_report):
    figures = example_2026_report.select("figure.sef-chart")
    edition = load_edition(EDITION_2026)
    registry = default_registry()
    key = {registry[i].title for name in edition.section_names for i in edition.key_indicator_ids(name, registry)}
    assert 20 <= len(figures) <= 30  # about two a key indicator, where they are worth drawing
    trends = rankings = 0
    for figure in figures:
        alt, caption = figure.img["alt"], figure.figcaption.get_text()
        assert any(caption.startswith(title + ":") for title in key), caption
        svg = base64.b64decode(figure.img["src"].split(",", 1)[1]).decode("utf-8")
        if alt.startswith("Line chart: "):
            trends += 1
            first, last = re.search(r", (\d{4})\S* to (\d{4})\S*\.", alt).groups()
            assert int(last) - int(first) >= 2, alt  # at least three years on the time axis
            council = alt.split("Kingsmere: ", 1)[1].split(". In ", 1)[0].split(", ")
            own = sum(bool(re.fullmatch(r"\d{4}\S* [\d,.]+%?", year)) for year in council)
            assert own >= 3, alt  # the council's own figures in three years
        else:
            rankings += 1
            assert alt.startswith("Bar chart: ")
            of = int(re.search(r"Kingsmere is \d+\w\w of (\d+)\.", alt).group(1))
            assert of >= 5, alt
            bars = alt.split(" first: ", 1)[1].split(". Kingsmere is")[0].split("; ")
            assert sum(not re.search(r" (c|x|z|low|u|k)$", bar) for bar in bars) >= 5, alt
        assert "Kingsmere" in svg_text(svg.encode())  # the council named in the picture too (legend or bar)
    assert trends >= 10 and rankings >= 5
