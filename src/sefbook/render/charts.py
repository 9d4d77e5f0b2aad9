"""Trend charts: the council against its statistical neighbours, region and England.

Figures are drawn with matplotlib's object API (no pyplot state, no GUI backend), on figures
reused from chart to chart with a fixed layout, saved as SVG and shown as an HTML <figure> with
alt text drawn from the data and a caption.
"""

from __future__ import annotations

import base64
import html
import io
import math
import textwrap
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import pandas as pd

if TYPE_CHECKING:  # matplotlib is imported where a chart is drawn: a build's own process draws none
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

from sefbook.digests import code_digest, digest, keep, recall
from sefbook.render.formatting import format_value, ordinal, period_label, year_label
from sefbook.inputs.registry import Indicator

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. Lines also
# differ by style and marker, so colour is never the only cue.
STYLE = {
    "council": dict(color="#0072B2", linestyle="-", marker="o", linewidth=2.6, zorder=4),
    "neighbours_mean": dict(color="#E69F00", linestyle="--", marker="s", linewidth=1.8, zorder=3),
    "region": dict(color="#009E73", linestyle=":", marker="^", linewidth=1.8, zorder=2),
    "england": dict(color="#555555", linestyle="-.", marker="D", linewidth=1.6, zorder=1),
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
    years = {int(year) for year, value in zip(series.index, series["council"])
             if value is not None and not math.isnan(value)}
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


# SVG: vector (crisp in print and when zoomed), its text kept as text (searchable, and smaller
# than outlines), and the same bytes for the same chart (fixed ids, no date), so that a rebuilt
# report is identical.
SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "sefbook"}


def _svg(fig: Figure) -> bytes:
    from matplotlib import rc_context

    _keep_text_layouts()
    out = io.BytesIO()
    _reused.saving = True
    try:
        with rc_context(SVG_RC):
            fig.savefig(out, format="svg", metadata={"Date": None})
    finally:
        _reused.saving = False
    return out.getvalue()


# Laying out a text (measuring it in its font, line by line) is about a quarter of a chart's
# drawing, and a report's charts repeat the same few hundred texts: tick labels, legend entries,
# units. matplotlib keeps the measures for one renderer only, and savefig makes a new renderer for
# every chart. So while one of sefbook's charts is saved (on that thread only: anyone else's
# figures are left alone), a text's layout is kept and reused for any text that matches it in
# everything the layout reads. The SVG is byte for byte the same (tests/test_compare.py draws
# charts with and without it); one council's 148 charts took 3.85 s without, 2.57 s with (best of 4).
KEEP_TEXT_LAYOUTS = True  # False: matplotlib measures every text afresh (the tests compare the two)
_LAYOUTS: dict[tuple, tuple] = {}
_MOST_LAYOUTS = 20_000


def _font_key(font: object) -> tuple:
    """What a font's own hash is made of, kept whole: two hashes may collide."""
    return (tuple(font.get_family()), font.get_style(), font.get_variant(), font.get_weight(), font.get_stretch(),
            font.get_size_in_points(), font.get_file(), font.get_math_fontfamily())


def _keep_text_layouts() -> None:
    """Wrap matplotlib's Text._get_layout (once) with the kept layouts."""
    from matplotlib.text import Text

    if getattr(Text._get_layout, "sefbook_kept", False):
        return
    measure = Text._get_layout

    def layout(text: Text, renderer: object) -> tuple:
        if not (KEEP_TEXT_LAYOUTS and getattr(_reused, "saving", False)) or text.get_wrap():
            return measure(text, renderer)  # not one of sefbook's charts, or wrapped (depends on its place)
        key = (type(getattr(renderer, "_renderer", renderer)), text.get_text(), _font_key(text.get_fontproperties()),
               text.get_figure(root=True).dpi, text.get_usetex(), text.get_parse_math(), text._linespacing,
               text._get_multialignment(), text.get_rotation(), text.get_horizontalalignment(),
               text.get_verticalalignment(), text.get_rotation_mode())
        kept = _LAYOUTS.get(key)
        if kept is None:
            if len(_LAYOUTS) >= _MOST_LAYOUTS:
                _LAYOUTS.clear()
            kept = _LAYOUTS[key] = measure(text, renderer)
        box, lines, corner = kept
        return box.frozen(), list(lines), corner  # copies: a caller may change what it is given

    layout.sefbook_kept = True  # type: ignore[attr-defined]
    Text._get_layout = layout


# Drawing a chart is mostly laying out its text and ticks. A figure reused from one chart to the
# next keeps its axes, ticks and fonts; only its data, labels and limits change. The layout is
# fixed (the same margins for every chart) rather than worked out for each. One set of figures
# per thread: a matplotlib figure is not to be shared between threads.
KEPT_CHARTS = 2048  # charts kept in the cache folder (a report has about a hundred, of some 40 kB each)
SIZE = (5.6, 3.8)  # inches
# room for "150,000", the unit, a legend, and a title on three lines
TREND_MARGINS = dict(left=0.17, right=0.97, top=0.84, bottom=0.31)
RANKING_MARGINS = dict(left=0.36, right=0.95, top=0.81, bottom=0.13)  # room for a council's name on two lines
NAME_WIDTH = 24  # characters of a council's name on one line of the ranking chart
LEGEND_WIDTH = 27  # characters of a legend entry on one line (a long council name wraps)
_reused = threading.local()


class _Reusable:
    """A figure made once; the artists of one chart (`transient`) are removed before the next."""

    def __init__(self, margins: dict[str, float]) -> None:
        from matplotlib.figure import Figure

        self.fig = Figure(figsize=SIZE)
        self.fig.subplots_adjust(**margins)
        self.ax = self.fig.add_subplot()
        self.ax.spines[["top", "right"]].set_visible(False)
        self.transient: list = []
        self.legend_of: tuple = ()  # the entries of the legend on the figure
        self.legends: dict[tuple, object] = {}  # entries -> a legend made for them
        self.lines: dict[str, object] = {}  # a trend figure's lines, by what they show (REUSE_LINES)
        self.axes_drawn: _AxesDrawn | None = None  # its axes drawn by hand (FAST_AXES), made with its first chart

    def start(self) -> Axes:
        for artist in self.transient:
            artist.remove()
        self.transient = []
        self.ax.autoscale(enable=True)  # a previous chart's fixed limits do not carry over
        # nor its data limits: emptied now, they grow with each line and bar as it is added (no
        # relim() once drawn, which measured every bar again: a sixth of a ranking chart)
        self.ax.relim()
        return self.ax

    def legend(self, handles: list, names: list[str]) -> None:
        """The legend for these entries: one made before for the same entries is shown again (a
        legend copies its handles' styles, so one made for another chart's lines serves this
        chart's alike). A pack's counts have two entries, its other indicators four."""
        entries = tuple((name, handle.get_color(), handle.get_linestyle(), handle.get_marker())
                        for handle, name in zip(handles, names))
        if entries == self.legend_of:
            return
        legend = self.legends.get(entries) if KEEP_LEGEND_LAYOUT else None
        if legend is None:
            if len(self.legends) >= KEPT_LEGENDS:
                self.legends.clear()
            legend = self.legends[entries] = self.ax.legend(handles, names, loc="upper center", bbox_to_anchor=(0.5, -0.12),
                                                            ncols=2, frameon=False, fontsize=9)
            # its own ids: the same whatever else the chart draws before it (matplotlib numbers the rest)
            legend.set_gid("legend")
            for n, artist in enumerate([*legend.get_lines(), *legend.get_texts()], start=1):
                artist.set_gid(f"legend-{n}")
            if KEEP_LEGEND_LAYOUT:
                _keep_box_layouts(legend._legend_box)
                _keep_svg(legend)
        self.ax.legend_ = legend  # the one legend an Axes draws (what Axes.legend sets)
        self.legend_of = entries


KEPT_LEGENDS = 8  # a figure's legends kept for entries seen before (a council's name, its region, which lines)


# A legend lays out its entries (packing rows and columns of handles and texts, measuring each)
# again for every chart that draws it, and more than once a chart: a fifth of drawing a pack's
# charts. A reused legend's entries do not change (it is made again when they do), and it sits
# in a fixed layout, so each of its boxes keeps the layout it worked out for a renderer of the
# same kind and scale. Where the legend goes (its offset) is still worked out for every chart.
KEEP_LEGEND_LAYOUT = True  # False: a legend made anew for other entries, laid out for every chart (the tests compare)


def _keep_svg(artist: object) -> None:
    """The SVG a legend writes, kept and written again by the next chart that draws it in the
    same state: the same place, and the same markers defined before it in the file (a legend's
    markers use those of the lines, or define their own). Anything else it would change (a
    clip path, a numbered group) and it is drawn anew every time."""
    draw_anew = artist.draw
    written: dict[tuple, tuple[str, dict]] = {}

    def draw(renderer: object) -> None:
        from matplotlib.backends.backend_svg import RendererSVG

        svg = getattr(renderer, "_renderer", renderer)  # savefig's renderer wraps the SVG one
        if (type(svg) is not RendererSVG or not KEEP_LEGEND_LAYOUT or not artist.get_visible()
                or svg.writer._XMLWriter__data):
            return draw_anew(renderer)  # (a hidden legend writes nothing: what it wrote before is not for now)
        writer = svg.writer
        key = (svg.width, svg.height, len(writer._XMLWriter__tags), writer._XMLWriter__open,
               artist.get_bbox_to_anchor().bounds, frozenset(svg._markers))
        if key in written:
            text, markers = written[key]
            writer._XMLWriter__write(text)
            writer._XMLWriter__open = 0  # as the legend's last tag left it
            svg._markers.update(markers)
            return
        pieces: list[str] = []
        write = writer._XMLWriter__write

        def recording(piece: str) -> None:
            pieces.append(piece)
            write(piece)

        state = lambda: (dict(svg._groupd), len(svg._clipd), len(svg._hatchd),  # noqa: E731
                         svg._n_gradients, svg._path_collection_id, len(writer._XMLWriter__tags))
        before, markers_before = state(), dict(svg._markers)
        writer._XMLWriter__write = recording
        try:
            draw_anew(renderer)
        finally:
            writer._XMLWriter__write = write
        if state() == before and not writer._XMLWriter__open and not writer._XMLWriter__data:
            written[key] = ("".join(pieces), {k: v for k, v in svg._markers.items() if k not in markers_before})

    artist.draw = draw


def _keep_box_layouts(legend_box: object) -> None:
    """Each offsetbox of a legend (packers, handle areas, texts) remembers its layout (its bbox,
    and its children's offsets), per renderer kind and scale."""
    from matplotlib.offsetbox import OffsetBox

    boxes, stack = [], [legend_box]
    while stack:
        box = stack.pop()
        boxes.append(box)
        stack += [child for child in box.get_children() if isinstance(child, OffsetBox)]
    # a text's area also moves its text to its baseline as it measures: that is put back for the
    # renderer asked, whichever box is asked first (a packer's kept layout asks no text again)
    baselines = [box._baseline_transform for box in boxes if hasattr(box, "_baseline_transform")]
    kept: dict[tuple, dict] = {}  # renderer kind and scale -> box -> its layout, and "baselines"
    now: list[tuple] = [()]

    def keep(box: object, measure: Callable) -> Callable:
        def layout(renderer: object) -> object:
            key = (type(getattr(renderer, "_renderer", renderer)), renderer.points_to_pixels(1.0),
                   box.get_figure(root=True).dpi)
            if key != now[0]:
                now[0] = key
                for transform, matrix in zip(baselines, kept.get(key, {}).get("baselines", ())):
                    transform.set_matrix(matrix)
            layouts = kept.setdefault(key, {})
            if box not in layouts:
                layouts[box] = measure(renderer)
                layouts["baselines"] = [transform.get_matrix().copy() for transform in baselines]
            found = layouts[box]
            if isinstance(found, tuple):  # (bbox, the children's offsets)
                return found[0].frozen(), list(found[1])
            return found.frozen()  # copies: a caller may change what it is given

        return layout

    for box in boxes:  # a packer works its bbox out with its children's offsets; a text or a handle's area has a bbox alone
        name = "get_bbox" if type(box).get_bbox is not OffsetBox.get_bbox else "_get_bbox_and_child_offsets"
        setattr(box, name, keep(box, getattr(box, name)))


# Axes drawn by hand. matplotlib's Axis draws five artists for every tick (grid line, two marks,
# two labels) and works out their places anew for every chart: two thirds of saving a trend chart.
# These charts draw the same things from a few artists, with the tick places and labels the Axis's
# own locator and formatter give and the props of its own first tick: the same look, each chart a
# quarter quicker (tests/test_compare.py draws both ways and compares the pictures).
FAST_AXES = True  # False: matplotlib's Axis draws them (the tests compare the two)


class _AxesDrawn:
    """A chart's ticks, tick labels, grid and axis labels, in the order and places matplotlib's
    Axis draws them (one artist of zorder 1.5, as axes drawn below the lines are)."""

    def __init__(self, ax: Axes) -> None:
        from matplotlib.artist import Artist
        from matplotlib.lines import Line2D
        from matplotlib.text import Text

        drawn = self

        class Drawing(Artist):
            zorder = 1.5

            def draw(self, renderer: object) -> None:
                if self.get_visible():
                    drawn._draw(renderer)

        self.ax, self.Text = ax, Text
        self.artist = Drawing()
        ax.add_artist(self.artist)
        self.grid = Line2D([], [], transform=ax.get_yaxis_transform(which="grid"))  # every grid line, one path
        self.marks = {axis: Line2D([], [], linestyle="none", transform=getattr(ax, f"get_{axis}axis_transform")(which="tick1"))
                      for axis in "xy"}
        self.labels: dict[str, list] = {"x": [], "y": []}  # the tick labels, in the order of their places
        self.titles = {axis: Text() for axis in "xy"}  # the axes' own labels (matplotlib's "xlabel", "ylabel")
        self.placed: dict[str, tuple[bool, float]] = {}  # axis -> (placed by its tick labels, its pad)
        for artist in (self.grid, *self.marks.values(), *self.titles.values()):
            artist.set_figure(ax.figure)

    def update(self) -> bool:
        """After the chart's data, ticks and limits are set: take over from the Axis objects.
        False (and nothing taken over) for a chart whose tick labels need an offset or a power of
        ten written by the axis (such as 1e7): the Axis objects draw that chart."""
        ax = self.ax
        formatted = {}
        for axis_name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            locs = list(axis.get_majorticklocs())
            formatted[axis_name] = locs, axis.get_major_formatter().format_ticks(locs)
            if axis.get_major_formatter().get_offset():
                return False
        self.artist.set_visible(True)
        for axis_name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            tick = axis.get_major_ticks(1)[0]  # the props every tick of the Axis would be drawn with (one made, not one a place)
            locs, texts = formatted[axis_name]
            low, high = sorted(axis.get_view_interval())
            close = 1e-10 * (high - low)
            shown = [(loc, text) for loc, text in zip(locs, texts) if low - close <= loc <= high + close]
            places = [loc for loc, _ in shown]
            marks, line = self.marks[axis_name], tick.tick1line
            marks.set_data(*((places, [0] * len(shown)) if axis_name == "x" else ([0] * len(shown), places)))
            marks.set(marker=line.get_marker(), markersize=line.get_markersize(), markeredgewidth=line.get_markeredgewidth(),
                      color=line.get_color(), markeredgecolor=line.get_markeredgecolor(), visible=line.get_visible(),
                      zorder=line.get_zorder())
            trans, va, ha = getattr(ax, f"get_{axis_name}axis_text1_transform")(tick._pad)
            labels = self.labels[axis_name]
            while len(labels) < len(shown):
                labels.append(self.Text())
                labels[-1].set_figure(ax.figure)
            del labels[len(shown):]
            for label, (loc, text) in zip(labels, shown):
                label.update_from(tick.label1)
                label.set(text=text, transform=trans, va=va, ha=ha, x=loc if axis_name == "x" else 0,
                          y=0 if axis_name == "x" else loc)
            if axis_name == "y":
                grid = tick.gridline
                self.grid.set_data([0, 1, float("nan")] * len(shown), [v for loc in places for v in (loc, loc, loc)])
                self.grid.set(color=grid.get_color(), linewidth=grid.get_linewidth(), linestyle=grid.get_linestyle(),
                              alpha=grid.get_alpha(), visible=grid.get_visible(), zorder=grid.get_zorder())
            title = self.titles[axis_name]
            title.update_from(axis.label)  # its font, colour, alignment, rotation and transform
            title.set(text=axis.label.get_text(), position=axis.label.get_position(),
                      rotation_mode=axis.label.get_rotation_mode())
            self.placed[axis_name] = (axis._autolabelpos, axis.labelpad)
            axis.set_visible(False)
        return True

    def _draw(self, renderer: object) -> None:
        from matplotlib.transforms import Bbox

        # the x axis first; for each tick its grid line, mark and label; then the axis's label, as matplotlib has it
        for axis_name in "xy":
            if axis_name == "y":
                self.grid.draw(renderer)
            self.marks[axis_name].draw(renderer)
            for label in self.labels[axis_name]:
                label.draw(renderer)
            title = self.titles[axis_name]
            by_ticks, pad = self.placed[axis_name]
            if not title.get_text():
                continue
            if by_ticks:  # beyond the tick labels (or the spine), by the label's pad
                spine = self.ax.spines["bottom" if axis_name == "x" else "left"]
                box = Bbox.union([*(label.get_window_extent(renderer) for label in self.labels[axis_name]),
                                  spine.get_window_extent(renderer)])
                gap = pad * self.ax.figure.dpi / 72
                if axis_name == "x":
                    title.set_y(box.y0 - gap)
                else:
                    title.set_x(box.x0 - gap)
            title.draw(renderer)


def _figure(kind: str) -> _Reusable:
    figures = _reused.__dict__.setdefault("figures", {})
    if kind not in figures:
        figures[kind] = _Reusable(RANKING_MARGINS if kind == "ranking" else TREND_MARGINS)
        if kind != "ranking":  # no label under the years: placed, matplotlib need not measure the ticks to place it
            figures[kind].ax.xaxis.set_label_coords(0.5, -0.1)
    return figures[kind]


def _labels(la_name: str, region_name: str, neighbours_n: int) -> dict[str, str]:
    return {
        "council": la_name,
        "neighbours_mean": f"Statistical neighbours (mean of up to {neighbours_n})",
        "region": region_name,
        "england": "England",
    }


def _labels_of(series: pd.DataFrame, indicator: Indicator) -> list[str]:
    return [period_label(int(p), int(q)) if q else year_label(indicator, int(p))
            for p, q in zip(series.index, series["quarter"])]


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
    return is_money(indicator) or (indicator.unit in ("percent", "rate", "count", "number")
                                   and not indicator.negative_allowed)


def trend_chart(indicator: Indicator, series: pd.DataFrame, la_name: str, region_name: str) -> Chart:
    return _remembered("trend", lambda: draw_trend_chart(indicator, series, la_name, region_name), indicator, series,
                       la_name, region_name)


def draw_trend_chart(indicator: Indicator, series: pd.DataFrame, la_name: str, region_name: str) -> Chart:
    """The trend chart drawn now (trend_chart recalls one drawn before from the same data)."""
    title = f"{indicator.title}: {la_name} against its comparators"  # the caption; the picture's title is the indicator
    return Chart(title=title, alt=alt_text(indicator, series, la_name, region_name),
                 svg=_svg(trend_figure(indicator, series, la_name, region_name)))


def _remembered(kind: str, draw: Callable[[], Chart], indicator: Indicator, data: pd.DataFrame, *labels: object) -> Chart:
    """A chart drawn before from the same data, labels and code, recalled from sefbook's cache
    folder, else drawn (and kept). A chart's bytes depend on nothing else (see _svg and the
    reused figures' tests), so a recalled chart is the one drawing it again would give; a rebuild
    whose data did not move (a paragraph edited, --fresh) draws none."""
    key = digest(code_digest(), kind, indicator.model_dump_json(), repr(labels), repr(list(data.columns)),
                 repr(list(data.index)), pd.util.hash_pandas_object(data, index=True).to_numpy().tobytes())
    kept = recall("charts", key)
    if isinstance(kept, Chart):
        return kept
    chart = draw()
    keep("charts", key, chart, most=KEPT_CHARTS)
    return chart


def trend_figure(indicator: Indicator, series: pd.DataFrame, la_name: str, region_name: str) -> Figure:
    """The indicator's trend: the council against its neighbours' mean, region and England (on a
    figure reused for the next chart: draw or save it before asking for another)."""
    quarterly = bool(any(series["quarter"]))
    reusable = _figure("trend quarterly" if quarterly else "trend")
    ax = reusable.start()
    labels = _labels(la_name, region_name, 10)
    x = [int(p) for p in series.index]
    if quarterly:  # a quarterly report's latest point is a quarter, labelled as one
        ax.set_xticks(x, _labels_of(series, indicator), fontsize=8)
    else:  # each year as its period is named (2023-24 for a financial year), every other one when many
        shown = x[::-1][::max(1, math.ceil(len(x) / MOST_YEAR_LABELS))][::-1]
        ax.set_xticks(shown, [year_label(indicator, year) for year in shown])
    # A count (such as the number of children) is a size, not comparable with England's or a
    # region's: only the council and its similar-sized neighbours are drawn.
    keys = ("council", "neighbours_mean") if indicator.unit == "count" else ("council", "neighbours_mean", "region", "england")
    if REUSE_LINES:
        _kept_lines(reusable, keys, x, series, labels)
    else:
        for line in reusable.lines.values():  # any kept from before: not this chart's
            line.set(visible=False, label="_hidden")
        for key in reversed(keys):  # the council drawn last, on top
            y = [float("nan") if v is None else v for v in series[key]]
            if not all(math.isnan(v) for v in y):
                reusable.transient += ax.plot(x, y, label=textwrap.fill(labels[key], LEGEND_WIDTH), markersize=5,
                                              **STYLE[key])
    for px, py, flag in zip(x, series["council"], series["provisional"]):
        if flag and not math.isnan(py):  # the council's own, unpublished figure: a hollow point, labelled
            reusable.transient += ax.plot([px], [py], marker="o", markersize=8, markerfacecolor="white",
                                          markeredgecolor=STYLE["council"]["color"], markeredgewidth=2,
                                          linestyle="none", zorder=5)
            reusable.transient.append(ax.annotate("provisional", (px, py), xytext=(0, 9), textcoords="offset points",
                                                  ha="center", fontsize=8, color=STYLE["council"]["color"]))
    reusable.transient.append(_title(reusable.fig, indicator.title))
    ax.set_ylabel(value_label(indicator))
    ax.autoscale_view()
    _ends_on_ticks(ax, "y", from_zero=starts_at_zero(indicator))  # from zero: a 2% change must not look like a collapse
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.yaxis.set_major_formatter(_formatter(indicator))
    handles, names = ax.get_legend_handles_labels()
    reusable.legend(handles[::-1], names[::-1])
    _draw_axes(reusable)
    return reusable.fig


# A trend figure's four lines are made once, in the order they are drawn (England first, the
# council last, on top), and given each chart's data; a line with no figure is hidden. Making
# them afresh (ax.plot) was a twentieth of drawing a trend chart.
REUSE_LINES = True  # False: the lines made afresh for every chart (the tests compare the two)


def _kept_lines(reusable: _Reusable, keys: tuple[str, ...], x: list[int], series: pd.DataFrame,
                labels: dict[str, str]) -> None:
    ax = reusable.ax
    if not reusable.lines:
        for key in reversed(STYLE):
            reusable.lines[key] = ax.plot([], [], markersize=5, **STYLE[key])[0]
    for key, line in reusable.lines.items():
        y = [float("nan") if v is None else v for v in series[key]] if key in keys else []
        shown = bool(y) and not all(math.isnan(v) for v in y)
        line.set_visible(shown)
        line.set_label(textwrap.fill(labels[key], LEGEND_WIDTH) if shown else "_hidden")  # hidden: not in the legend
        line.set_data(x if shown else [], y if shown else [])
    ax.relim(visible_only=True)  # the data limits of the lines shown, as adding each would have made them


def _draw_axes(reusable: _Reusable) -> bool:
    """The axes drawn by hand (FAST_AXES), or by matplotlib's Axis objects: True for by hand."""
    if FAST_AXES:
        if reusable.axes_drawn is None:
            reusable.axes_drawn = _AxesDrawn(reusable.ax)
        if reusable.axes_drawn.update():
            return True
    if reusable.axes_drawn is not None:  # this chart drawn matplotlib's way
        reusable.axes_drawn.artist.set_visible(False)
        reusable.ax.xaxis.set_visible(True)
        reusable.ax.yaxis.set_visible(True)
    return False


def _tick(value: float, _: object) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:g}"


def _money_tick(value: float, _: object) -> str:
    return ("\u2212" if value < 0 else "") + f"£{abs(value):,.0f}"  # £1,200


def _formatter(indicator: Indicator) -> object:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(_money_tick if is_money(indicator) else _tick)


def _scalar_formatter(reusable: _Reusable) -> object:
    """matplotlib's own formatter (it writes "1e7" at the axis's end for tens of millions), made once a figure."""
    from matplotlib.ticker import ScalarFormatter

    if not hasattr(reusable, "scalar"):
        reusable.scalar = ScalarFormatter()
    return reusable.scalar


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

    low, high = (ax.dataLim.intervaly if axis == "y" else ax.dataLim.intervalx)
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


# Adding a bar, matplotlib walks its outline's segments to widen the axes' data limits: a bar at a
# time, a tenth of drawing a ranking chart. The bars' corners are the same points taken in one
# step, in the same order, so the limits (and the picture) are the same.
FAST_BARS = True  # False: matplotlib widens the limits bar by bar (the tests compare the two)
_UNIT_SQUARE = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0))  # a Rectangle's own outline


def _barh(ax: Axes, positions: list[int], values: list[float], **style: object) -> object:
    """ax.barh, its bars' data limits widened in one step (FAST_BARS)."""
    if not FAST_BARS:
        return ax.barh(positions, values, **style)
    added: list = []
    ax._update_patch_limits = added.append  # this axes only, while its bars are added
    try:
        bars = ax.barh(positions, values, **style)
    finally:
        del ax._update_patch_limits
    corners = [point for bar in added if bar.get_width() or bar.get_height()  # as matplotlib leaves out an empty bar
               for point in bar.get_patch_transform().transform(_UNIT_SQUARE)]
    if corners:
        ax.update_datalim(corners)
    return bars


def ranking_alt_text(indicator: Indicator, ranking: pd.DataFrame, la_name: str, period: int, england: float) -> str:
    fmt = lambda v, s="": format_value(indicator, v, s)  # noqa: E731
    order = "lowest" if indicator.polarity.value == "lower_better" else "highest"
    bars = [f"{name} {fmt(value, symbol)}"  # by column: row by row took a twelfth of a ranking chart
            for name, value, symbol in zip(ranking["area_name"], ranking["value"], ranking["symbol"])]
    with_value = ranking[ranking["value"].notna()].reset_index(drop=True)
    ours = with_value.index[with_value["is_council"]]
    position = f"{la_name} is {ordinal(int(ours[0]) + 1)} of {len(with_value)}" if len(ours) else f"{la_name} has no figure"
    text = (f"Bar chart: {indicator.title} in {year_label(indicator, period)}, {la_name} and its statistical "
            "neighbours, "
            f"{order} first: " + "; ".join(bars) + f". {position}.")
    if not math.isnan(england):
        text += f" England: {fmt(england)}."
    return text


def ranking_chart(indicator: Indicator, ranking: pd.DataFrame, la_name: str, period: int, england: float) -> Chart:
    """The council among its neighbours, best at the top, itself highlighted by colour, hatching
    and a bold label (never colour alone)."""
    return _remembered("ranking", lambda: draw_ranking_chart(indicator, ranking, la_name, period, england), indicator,
                       ranking, la_name, period, england)


def draw_ranking_chart(indicator: Indicator, ranking: pd.DataFrame, la_name: str, period: int, england: float) -> Chart:
    """The ranking chart drawn now (ranking_chart recalls one drawn before from the same data)."""
    reusable = _figure("ranking")
    ax = reusable.start()
    names = [textwrap.fill(name, NAME_WIDTH) for name in ranking["area_name"]][::-1]
    values = [0.0 if math.isnan(v) else v for v in ranking["value"]][::-1]
    ours = list(ranking["is_council"])[::-1]
    positions = list(range(len(names)))  # places, not names: a reused axis keeps no categories
    bars = _barh(ax, positions, values, color=[STYLE["council"]["color"] if o else "#B8C4CE" for o in ours],
                 hatch=None, edgecolor="#333333", linewidth=0.4)
    reusable.transient.append(bars)
    for bar, own, symbol in zip(bars, ours, list(ranking["symbol"])[::-1]):
        if own:
            bar.set_hatch("//")
        if symbol:
            bar.set_width(0)
            reusable.transient.append(ax.annotate(symbol, (0, bar.get_y() + bar.get_height() / 2), xytext=(3, 0),
                                                  textcoords="offset points", va="center", fontsize=8))
    ax.set_yticks(positions, names, fontsize=8)
    if not math.isnan(england):
        reusable.transient.append(ax.axvline(england, **{k: STYLE["england"][k] for k in ("color", "linestyle", "linewidth")}))
        # labelled at its top, clear of the bars
        reusable.transient.append(ax.text(england, 1.0, f"England {format_value(indicator, england)}",
                                          transform=ax.get_xaxis_transform(), ha="center", va="bottom", fontsize=8,
                                          color=STYLE["england"]["color"]))
    # the title starts at the figure's left edge, over the councils' names as well as the bars
    reusable.transient.append(_title(reusable.fig, f"{indicator.title}, {year_label(indicator, period)}"))
    ax.set_xlabel(value_label(indicator))
    ax.autoscale_view()
    _ends_on_ticks(ax, "x", from_zero=True)  # bars start at zero; the longest ends before the last tick
    ax.xaxis.set_major_formatter(_formatter(indicator) if is_money(indicator) else _scalar_formatter(reusable))
    names_drawn = reusable.axes_drawn.labels["y"] if _draw_axes(reusable) else ax.get_yticklabels()
    for label, own in zip(names_drawn, ours):
        label.set_fontweight("bold" if own else "normal")
    title = f"{indicator.title}: {la_name} among its statistical neighbours, {year_label(indicator, period)}"
    return Chart(title=title, alt=ranking_alt_text(indicator, ranking, la_name, period, england), svg=_svg(reusable.fig))
