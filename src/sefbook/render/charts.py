"""Trend charts: the council against its statistical neighbours, region and England.

Each chart is drawn with matplotlib's public object API (no pyplot state, no GUI backend,
nothing of matplotlib's patched or reached into) on its thread's figure of its kind, emptied
between charts, with a fixed layout, saved as SVG (the bytes a new figure would give) and shown
as an HTML <figure> with alt text drawn from the data and a caption.
"""

from __future__ import annotations

import base64
import html
import io
import math
import textwrap
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:  # matplotlib is imported where a chart is drawn: a build's own process draws none
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import Formatter

from sefbook.cache import keep, recall
from sefbook.digests import code_digest, digest
from sefbook.inputs.published.registry import Indicator
from sefbook.render.formatting import format_value, ordinal, period_label, year_label

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. Lines also
# differ by style and marker, so colour is never the only cue.
STYLE: dict[str, dict[str, Any]] = {  # matplotlib keyword arguments, by line
    "council": {"color": "#0072B2", "linestyle": "-", "marker": "o", "linewidth": 2.6, "zorder": 4},
    "neighbours_mean": {"color": "#E69F00", "linestyle": "--", "marker": "s", "linewidth": 1.8, "zorder": 3},
    "region": {"color": "#009E73", "linestyle": ":", "marker": "^", "linewidth": 1.8, "zorder": 2},
    "england": {"color": "#555555", "linestyle": "-.", "marker": "D", "linewidth": 1.6, "zorder": 1},
}


MIN_TREND_YEARS = 3  # a line through fewer of the council's years shows no trend (the table has them)
MIN_RANKED_COUNCILS = 5  # a ranking of fewer councils with a figure (the council among them) says little


def charted(indicator: Indicator) -> bool:
    """Whether the indicator is drawn at all: never an Ofsted grade (a category, not a number) nor
    a count (a size: beside a region's or England's total it says nothing; its rate is charted)."""
    return indicator.unit not in ("grade", "count")


def trend_worth_drawing(series: pd.DataFrame) -> bool:
    """A trend chart only where the council has figures in at least MIN_TREND_YEARS years."""
    if series.empty:
        return False
    years = {
        int(year) for year, value in zip(series.index, series["council"]) if value is not None and not math.isnan(value)
    }
    return len(years) >= MIN_TREND_YEARS


def ranking_worth_drawing(ranking: pd.DataFrame) -> bool:
    """A ranking only among at least MIN_RANKED_COUNCILS councils with a figure (the council one of them)."""
    with_value = ranking[ranking["value"].notna()]
    return len(with_value) >= MIN_RANKED_COUNCILS and bool(with_value["is_council"].any())


def is_money(indicator: Indicator) -> bool:
    """A spending figure in pounds (the registry gives it unit "number": its title or definition says so)."""
    words = f"{indicator.title} {indicator.definition}".lower()
    return indicator.unit == "number" and ("£" in words or "in pounds" in words or " spend " in f" {words} ")


def value_label(indicator: Indicator) -> str:
    """The value axis's label: the unit, or pounds for money ("number" says nothing)."""
    if is_money(indicator):
        return "£ per child" if "per child" in indicator.title.lower() else "£"
    return indicator.unit_label or "number"


@dataclass(frozen=True)
class Chart:
    title: str
    alt: str
    svg: bytes

    def to_html(self) -> str:
        data = base64.b64encode(self.svg).decode("ascii")
        return (
            '<figure class="sef-chart">'
            f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(self.alt)}" />'
            f"<figcaption>{html.escape(self.title)}</figcaption></figure>"
        )

    def _repr_html_(self) -> str:  # shown as the figure itself in JupyterLab
        return self.to_html()


KEPT_CHARTS = 2048  # charts kept in the cache folder (a report has about twenty, of some 40 kB each)
SIZE = (5.6, 3.8)  # inches
# the same margins for every chart: room for "150,000", the unit, a legend, and a title on three lines
TREND_MARGINS = {"left": 0.17, "right": 0.97, "top": 0.84, "bottom": 0.31}
RANKING_MARGINS = {"left": 0.36, "right": 0.95, "top": 0.81, "bottom": 0.13}  # room for a council's name on two lines
NAME_WIDTH = 24  # characters of a council's name on one line of the ranking chart
LEGEND_WIDTH = 27  # characters of a legend entry on one line (a long council name wraps)


def _svg(fig: Figure) -> bytes:
    from matplotlib import rc_context

    # SVG: vector (crisp in print and when zoomed), its text kept as text (searchable, and smaller
    # than outlines), and the same bytes for the same chart (fixed ids, no date), so that a rebuilt
    # report is identical.
    out = io.BytesIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "sefbook"}):
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def _new_figure(margins: dict[str, float]) -> tuple[Figure, Axes]:
    """A figure of its own (object API: no pyplot state, no GUI backend): matplotlib's own way."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=SIZE)
    fig.subplots_adjust(**margins)
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


_KEPT = threading.local()  # each thread's emptied figure of each kind, drawn on again by its next chart


@contextmanager
def _kept_figure(kind: str, margins: dict[str, float]) -> Iterator[tuple[Figure, Axes]]:
    """This thread's figure for a chart of this kind, emptied after the last: its axes and ticks,
    whose making is much of a chart's cost, serve again. A new figure while it is in use, after
    a drawing that failed (its state then unknown), and when matplotlib's settings (rcParams)
    are not those it was made under."""
    from matplotlib import rcParams

    settings = dict(rcParams)
    kept = getattr(_KEPT, kind, None)
    setattr(_KEPT, kind, None)  # in use
    fig, ax = kept[:2] if kept and kept[2] == settings else _new_figure(margins)
    yield fig, ax
    _empty(fig, ax)
    setattr(_KEPT, kind, (fig, ax, settings))


def _empty(fig: Figure, ax: Axes) -> None:
    """The figure as _new_figure made it, but for the ticks it has made, which a chart's own
    set_ticks and tick labels set again (their count, positions, labels, size and weight)."""
    for container in list(ax.containers):
        container.remove()
    for artist in [*ax.lines, *ax.patches, *ax.texts, *ax.collections, *fig.texts]:
        artist.remove()
    legend = ax.get_legend()
    if legend is not None:
        legend.remove()
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.relim()  # no data
    ax.set_autoscale_on(True)
    ax.set_xscale("linear")  # the default locators and formatters again
    ax.set_yscale("linear")


def _legend(ax: Axes, handles: list, names: list[str]) -> None:
    legend = ax.legend(
        handles, names, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2, frameon=False, fontsize=9
    )
    legend.set_gid("legend")  # its own ids, whatever else the chart draws before it
    for n, artist in enumerate([*legend.get_lines(), *legend.get_texts()], start=1):
        artist.set_gid(f"legend-{n}")


def _labels(la_name: str, region_name: str, neighbours_n: int) -> dict[str, str]:
    return {
        "council": la_name,
        "neighbours_mean": f"Statistical neighbours (mean of up to {neighbours_n})",
        "region": region_name,
        "england": "England",
    }


def _labels_of(series: pd.DataFrame, indicator: Indicator) -> list[str]:
    return [
        period_label(int(p), int(q)) if q else year_label(indicator, int(p))
        for p, q in zip(series.index, series["quarter"])
    ]


def alt_text(indicator: Indicator, series: pd.DataFrame, la_name: str, region_name: str) -> str:
    periods = _labels_of(series, indicator)  # "2025", "2023-24", or "2025-26 Q2" for a quarter
    if not periods:
        return f"{indicator.title}: no data."
    first, last = periods[0], periods[-1]

    def fmt(value: float, symbol: str = "") -> str:  # read aloud: "not available", not a bare "x"
        return "not available" if not symbol and math.isnan(value) else format_value(indicator, value, symbol)

    axis = " The vertical axis starts at zero." if starts_at_zero(indicator) else ""
    unit = value_label(indicator)
    unit = "" if unit in indicator.title else f" ({unit})"  # "Referrals per 10,000 children" needs no "(per 10,000)"
    parts = [f"Line chart: {indicator.title}{unit}, {first} to {last}.{axis}"]
    council = [f"{p} {fmt(v, s)}" for p, v, s in zip(periods, series["council"], series["council_symbol"])]
    parts.append(f"{la_name}: " + ", ".join(council) + ".")
    latest = series.iloc[-1]
    parts.append(
        f"In {last}: statistical neighbours' mean {fmt(latest['neighbours_mean'])}, "
        f"{region_name} {fmt(latest['region'])}, England {fmt(latest['england'])}."
    )
    provisional = [str(p) for p, flag in zip(periods, series["provisional"]) if flag]
    if provisional:
        parts.append(f"Provisional (the council's own, unpublished figure): {', '.join(provisional)}.")
    gaps = [f"{p} ({s})" for p, s in zip(periods, series["council_symbol"]) if s]
    if gaps:
        parts.append(f"No published figure for {la_name} in " + ", ".join(gaps) + ".")
    return " ".join(parts)


def starts_at_zero(indicator: Indicator) -> bool:
    """Rates, percentages, counts, amounts and money are drawn from zero (money that may be
    negative, net of income, from its lowest figure when that is below zero); a grade (1 to 4) or
    another figure that may be negative keeps the range of its data."""
    return is_money(indicator) or (
        indicator.unit in ("percent", "rate", "count", "number") and not indicator.negative_allowed
    )


def trend_chart(indicator: Indicator, series: pd.DataFrame, la_name: str, region_name: str) -> Chart:
    return _remembered(
        "trend",
        lambda: draw_trend_chart(indicator, series, la_name, region_name),
        indicator,
        series,
        la_name,
        region_name,
    )


def draw_trend_chart(indicator: Indicator, series: pd.DataFrame, la_name: str, region_name: str) -> Chart:
    """The trend chart drawn now (trend_chart recalls one drawn before from the same data)."""
    title = f"{indicator.title}: {la_name} against its comparators"  # the caption; the picture's title is the indicator
    with _kept_figure("trend", TREND_MARGINS) as (fig, ax):
        _draw_trend(fig, ax, indicator, series, la_name, region_name)
        svg = _svg(fig)
    return Chart(title=title, alt=alt_text(indicator, series, la_name, region_name), svg=svg)


def _remembered(
    kind: str, draw: Callable[[], Chart], indicator: Indicator, data: pd.DataFrame, *labels: object
) -> Chart:
    """A chart drawn before from the same data, labels and code, recalled from sefbook's cache
    folder, else drawn (and kept). A chart's bytes depend on nothing else (see _svg and its
    tests), so a recalled chart is the one drawing it again would give; a rebuild
    whose data did not move (a paragraph edited, --fresh) draws none."""
    key = digest(
        code_digest(),
        kind,
        indicator.model_dump_json(),
        repr(labels),
        repr(list(data.columns)),
        repr(list(data.index)),
        pd.util.hash_pandas_object(data, index=True).to_numpy().tobytes(),
    )
    kept = recall("charts", key)
    if isinstance(kept, Chart):
        return kept
    chart = draw()
    keep("charts", key, chart, most=KEPT_CHARTS)
    return chart


def trend_figure(indicator: Indicator, series: pd.DataFrame, la_name: str, region_name: str) -> Figure:
    """The indicator's trend: the council against its neighbours' mean, region and England."""
    fig, ax = _new_figure(TREND_MARGINS)
    _draw_trend(fig, ax, indicator, series, la_name, region_name)
    return fig


def _draw_trend(
    fig: Figure, ax: Axes, indicator: Indicator, series: pd.DataFrame, la_name: str, region_name: str
) -> None:
    from matplotlib import rcParams

    labels = _labels(la_name, region_name, 10)
    x = [int(p) for p in series.index]
    if bool(any(series["quarter"])):  # a quarterly report's latest point is a quarter, labelled as one
        ax.set_xticks(x, _labels_of(series, indicator), fontsize=8)
    else:  # each year as its period is named (2023-24 for a financial year), every other one when many
        shown = x[::-1][:: max(1, math.ceil(len(x) / MOST_YEAR_LABELS))][::-1]
        # the size said each time: a kept figure's tick labels may still have a quarter's smaller size
        ax.set_xticks(shown, [year_label(indicator, year) for year in shown], fontsize=rcParams["xtick.labelsize"])
    # A count (such as the number of children) is a size, not comparable with England's or a
    # region's: only the council and its similar-sized neighbours are drawn.
    keys = (
        ("council", "neighbours_mean")
        if indicator.unit == "count"
        else ("council", "neighbours_mean", "region", "england")
    )
    for key in reversed(keys):  # the council drawn last, on top
        y = [float("nan") if v is None else v for v in series[key]]
        if not all(math.isnan(v) for v in y):
            ax.plot(x, y, label=textwrap.fill(labels[key], LEGEND_WIDTH), markersize=5, **STYLE[key])
    for px, py, flag in zip(x, series["council"], series["provisional"]):
        if flag and not math.isnan(py):  # the council's own, unpublished figure: a hollow point, labelled
            ax.plot(
                [px],
                [py],
                marker="o",
                markersize=8,
                markerfacecolor="white",
                markeredgecolor=STYLE["council"]["color"],
                markeredgewidth=2,
                linestyle="none",
                zorder=5,
            )
            ax.annotate(
                "provisional",
                (px, py),
                xytext=(0, 9),
                textcoords="offset points",
                ha="center",
                fontsize=8,
                color=STYLE["council"]["color"],
            )
    _title(fig, indicator.title)
    ax.set_ylabel(value_label(indicator))
    _ends_on_ticks(ax, "y", from_zero=starts_at_zero(indicator))  # from zero: a 2% change must not look like a collapse
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.yaxis.set_major_formatter(_formatter(indicator))
    handles, names = ax.get_legend_handles_labels()
    _legend(ax, handles[::-1], names[::-1])


def _tick(value: float, _: object) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:g}"


def _money_tick(value: float, _: object) -> str:
    return ("\u2212" if value < 0 else "") + f"£{abs(value):,.0f}"  # £1,200


def _formatter(indicator: Indicator) -> Formatter:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(_money_tick if is_money(indicator) else _tick)


MOST_YEAR_LABELS = 6  # years labelled on a trend's axis: more and "2023-24" labels run into each other
TITLE_SIZES = ((11, 56), (9.5, 64))  # a title's font size and the characters that fit a line of the figure at it
TITLE_LINES = 2  # lines a title takes at its larger size before it is set smaller (to at most three lines)


def _title(fig: Figure, text: str) -> object:
    """The chart's title across the figure's width, wrapped, nothing cut: smaller when long."""
    for size, width in TITLE_SIZES:
        lines = textwrap.wrap(text, width)
        if len(lines) <= TITLE_LINES:
            break
    return fig.text(0.02, 0.98, "\n".join(lines), ha="left", va="top", fontsize=size, fontweight="bold")


def _ends_on_ticks(ax: Axes, axis: str, *, from_zero: bool) -> None:
    """The value axis from tick to tick around the data (from zero, or below it for a negative
    figure, when from_zero), so that no point is drawn beyond the last tick."""
    from matplotlib.ticker import MaxNLocator

    low, high = ax.dataLim.intervaly if axis == "y" else ax.dataLim.intervalx
    if not (math.isfinite(low) and math.isfinite(high)):
        return
    if from_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if high - low <= 1e-9 * max(abs(high), 1):  # one value: a band around it
        pad = abs(high) * 0.1 or 1.0
        low, high = (low if from_zero and low == 0 else low - pad), high + pad
    ticks = [float(t) for t in MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)]
    close = 1e-9 * (high - low)
    top = min(t for t in ticks if t >= high - close)
    bottom = max(t for t in ticks if t <= low + close)
    (ax.set_yticks if axis == "y" else ax.set_xticks)([t for t in ticks if bottom - close <= t <= top + close])
    (ax.set_ylim if axis == "y" else ax.set_xlim)(bottom, top)


def ranking_alt_text(indicator: Indicator, ranking: pd.DataFrame, la_name: str, period: int, england: float) -> str:
    fmt = lambda v, s="": format_value(indicator, v, s)
    order = "lowest" if indicator.polarity.value == "lower_better" else "highest"
    bars = [
        f"{name} {fmt(value, symbol)}"  # by column: row by row is slow
        for name, value, symbol in zip(ranking["area_name"], ranking["value"], ranking["symbol"])
    ]
    with_value = ranking[ranking["value"].notna()].reset_index(drop=True)
    ours = with_value.index[with_value["is_council"]]
    position = (
        f"{la_name} is {ordinal(int(ours[0]) + 1)} of {len(with_value)}" if len(ours) else f"{la_name} has no figure"
    )
    text = (
        f"Bar chart: {indicator.title} in {year_label(indicator, period)}, {la_name} and its statistical "
        "neighbours, "
        f"{order} first: " + "; ".join(bars) + f". {position}."
    )
    if not math.isnan(england):
        text += f" England: {fmt(england)}."
    return text


def ranking_chart(indicator: Indicator, ranking: pd.DataFrame, la_name: str, period: int, england: float) -> Chart:
    """The council among its neighbours, best at the top, itself highlighted by colour, hatching
    and a bold label (never colour alone)."""
    return _remembered(
        "ranking",
        lambda: draw_ranking_chart(indicator, ranking, la_name, period, england),
        indicator,
        ranking,
        la_name,
        period,
        england,
    )


def draw_ranking_chart(indicator: Indicator, ranking: pd.DataFrame, la_name: str, period: int, england: float) -> Chart:
    """The ranking chart drawn now (ranking_chart recalls one drawn before from the same data)."""
    title = f"{indicator.title}: {la_name} among its statistical neighbours, {year_label(indicator, period)}"
    with _kept_figure("ranking", RANKING_MARGINS) as (fig, ax):
        _draw_ranking(fig, ax, indicator, ranking, period, england)
        svg = _svg(fig)
    return Chart(title=title, alt=ranking_alt_text(indicator, ranking, la_name, period, england), svg=svg)


def ranking_figure(indicator: Indicator, ranking: pd.DataFrame, period: int, england: float) -> Figure:
    """The council among its neighbours as bars, best at the top, and England's figure as a line."""
    fig, ax = _new_figure(RANKING_MARGINS)
    _draw_ranking(fig, ax, indicator, ranking, period, england)
    return fig


def _draw_ranking(
    fig: Figure, ax: Axes, indicator: Indicator, ranking: pd.DataFrame, period: int, england: float
) -> None:
    names = [textwrap.fill(name, NAME_WIDTH) for name in ranking["area_name"]][::-1]
    values = [0.0 if math.isnan(v) else v for v in ranking["value"]][::-1]
    ours = list(ranking["is_council"])[::-1]
    positions = list(range(len(names)))
    bars = ax.barh(
        positions,
        values,
        color=[STYLE["council"]["color"] if o else "#B8C4CE" for o in ours],
        hatch=None,
        edgecolor="#333333",
        linewidth=0.4,
    )
    for bar, own, symbol in zip(bars, ours, list(ranking["symbol"])[::-1]):
        if own:
            bar.set_hatch("//")
        if symbol:  # no figure: no bar, and the symbol said where it would be
            bar.set_width(0)
            ax.annotate(
                symbol,
                (0, bar.get_y() + bar.get_height() / 2),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
    ax.set_yticks(positions, names, fontsize=8)
    for label, own in zip(ax.get_yticklabels(), ours):
        label.set_fontweight("bold" if own else "normal")
    if not math.isnan(england):
        ax.axvline(england, **{k: STYLE["england"][k] for k in ("color", "linestyle", "linewidth")})
        ax.text(
            england,
            1.0,
            f"England {format_value(indicator, england)}",
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=8,
            color=STYLE["england"]["color"],
        )  # at its top, clear of the bars
    # the title starts at the figure's left edge, over the councils' names as well as the bars
    _title(fig, f"{indicator.title}, {year_label(indicator, period)}")
    ax.set_xlabel(value_label(indicator))
    _ends_on_ticks(ax, "x", from_zero=True)  # bars start at zero; the longest ends before the last tick
    if is_money(indicator):  # otherwise matplotlib's own formatter (it writes "1e7" for tens of millions)
        ax.xaxis.set_major_formatter(_formatter(indicator))
