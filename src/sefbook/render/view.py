"""What the notebooks show: each section (narrative, quotes, performance table, charts), the
headlines page, the plan on a page, the areas for improvement and what changed.

A notebook calls `load_section(...)` and then the `show_*` methods; each builds HTML from the
package's templates and displays it. The same methods return the HTML for tests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from sefbook.inputs.published import SYMBOL_MEANINGS
from sefbook.render.charts import Chart, ranking_chart, trend_chart
from sefbook.analysis.compare import PerformanceRow, comparator_series, neighbour_ranking, performance_row
from sefbook.render.formatting import format_change, format_value, ordinal, period_label
from sefbook.analysis.headlines import CLASSIFICATIONS, classify, comparator_words, sentence
from sefbook.inputs.load import Inputs, load_inputs, load_pack_inputs, parse_period
from sefbook.render.narrative import render_markdown
from sefbook.paths import resolve
from sefbook.inputs.registry import Indicator
from sefbook.inputs.sections import SECTIONS, Section

DIRECTIONS = {  # judgement -> (symbol, words); the word carries the meaning, never colour alone
    "better": ("▲", "Better"),
    "worse": ("▼", "Worse"),
    "no change": ("●", "No change"),
    "contextual": ("◆", "Changed (contextual)"),
    "not known": ("–", "Not known"),
}


@lru_cache(maxsize=1)
def templates() -> Environment:
    return Environment(loader=PackageLoader("sefbook", "templates/parts"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render(template: str, **context: object) -> str:
    return templates().get_template(template).render(**context)


def section_anchor(name: str) -> str:
    return f"section-{name.replace('_', '-')}"


def _display_html(html: str) -> None:
    from IPython.display import HTML, display  # only where a kernel shows it

    display(HTML(html))


@dataclass(frozen=True)
class Assessment:
    """One indicator judged for the report: its figures, its headline class and sentence."""

    row: PerformanceRow
    classification: str
    sentence: str


def assess(inputs: Inputs, indicator: Indicator) -> Assessment:
    row = performance_row(inputs.table, indicator, inputs.place)
    rules = inputs.edition.config.headlines
    return Assessment(row, classify(row, rules), sentence(row, rules, inputs.place.region_name))


def section_indicators(inputs: Inputs, section: str) -> list[Indicator]:
    registry = inputs.registry
    return [registry[i] for i in inputs.edition.indicator_ids(section, registry)
            if i in set(inputs.table["indicator"])]


@dataclass(frozen=True)
class SectionView:
    section: Section
    inputs: Inputs

    @property
    def indicators(self) -> list[Indicator]:
        return section_indicators(self.inputs, self.section.name)

    # --- HTML parts ---------------------------------------------------------------------------
    def header_html(self) -> str:
        c = self.inputs.edition.config
        return render("section_header.html.j2", anchor=section_anchor(self.section.name),
                      number=self.inputs.edition.section_names.index(self.section.name) + 1,
                      title=self.section.title, la_name=c.la_name, reporting_period=c.reporting_period)

    def narrative_html(self) -> str:
        markdown = self.inputs.edition.narrative.get(self.section.name)
        if markdown is None:  # a data-only pack has no narrative
            return ""
        body = render_markdown(markdown, shift_headings=1, id_prefix=section_anchor(self.section.name))
        return f'<div class="sef-narrative">{body}</div>'

    def quotes_html(self) -> str:
        if self.inputs.period:  # a quarterly performance report carries figures, not voices
            return ""
        return render("quotes.html.j2", quotes=self.inputs.edition.quotes_for(self.section.name))

    def performance_rows(self) -> list[dict]:
        expected_n = len(self.inputs.place.neighbour_codes)
        rows = []
        for ind in self.indicators:
            a = assess(self.inputs, ind)
            r = a.row
            symbol, words = DIRECTIONS[r.direction]
            headline_symbol, headline_words = CLASSIFICATIONS[a.classification]
            short = r.neighbours_count < expected_n
            rows.append(dict(
                # the unit is shown once: "Referrals per 10,000 children" needs no "(per 10,000)"
                title=ind.title, unit_label="" if ind.unit != "rate" or ind.unit_label in ind.title else ind.unit_label,
                period=r.period_label,
                latest=format_value(ind, r.latest, r.latest_symbol), provisional=r.provisional,
                previous=format_value(ind, r.previous, r.previous_symbol),
                change=format_change(ind, r.latest, r.previous),
                neighbours=format_value(ind, r.neighbours_mean) if not math.isnan(r.neighbours_mean) else "x",
                neighbours_note=f"mean of {r.neighbours_count} of {expected_n} neighbours with a published figure" if short else "",
                neighbours_note_mark="†" if short else "",
                region=format_value(ind, r.region), england=format_value(ind, r.england),
                rank="" if math.isnan(r.rank) else f"{ordinal(int(r.rank))} of {int(r.rank_of)}",
                quartile="" if math.isnan(r.quartile) else f"Q{int(r.quartile)}",
                direction=r.direction, direction_class=r.direction.replace(" ", "-"),
                direction_symbol=symbol, direction_text=words,
                three_years=DIRECTIONS[r.three_year_direction][1].lower() if r.three_year_direction != "not known" else "",
                headline=a.classification, headline_symbol=headline_symbol, headline_text=headline_words,
                symbols={r.latest_symbol, r.previous_symbol} - {""},
            ))
        return rows

    def performance_table_html(self) -> str:
        c = self.inputs.edition.config
        rows = self.performance_rows()
        used = sorted(set().union(*(r["symbols"] for r in rows))) if rows else []
        notes = "† The neighbours' mean leaves out neighbours whose figure is suppressed or not available." \
            if any(r["neighbours_note"] for r in rows) else ""
        if c.audience == "publication":
            notes += (f" In this published version, figures resting on fewer than {c.suppression_threshold} "
                      "children are shown as c.")
        if any(r["provisional"] for r in rows):
            notes += " (provisional) The council's own figure, not yet published: comparators follow publication."
        return render("performance_table.html.j2", anchor=section_anchor(self.section.name) + "-performance",
                      title=self.section.title, rows=rows, la_name=c.la_name, region_name=c.region_name,
                      neighbour_notes=notes, symbols=[(s, SYMBOL_MEANINGS[s]) for s in used])

    def charts(self) -> list[Chart]:
        """For each indicator: its trend against the comparators, then the council ranked among
        its neighbours in the latest year (not for counts, which measure size)."""
        place, table, charts = self.inputs.place, self.inputs.table, []
        for ind in self.indicators:
            series = comparator_series(table, ind, place)
            charts.append(trend_chart(ind, series, place.la_name, place.region_name))
            if ind.unit != "count" and not series.empty:
                period = int(series.index[-1])
                charts.append(ranking_chart(ind, neighbour_ranking(table, ind, place, period), place.la_name,
                                            period, series["england"].iloc[-1]))
        return charts

    def charts_html(self) -> str:
        return '<div class="sef-charts">' + "".join(c.to_html() for c in self.charts()) + "</div>"

    # --- shown in a notebook --------------------------------------------------------------------
    def show_narrative(self) -> None:
        _display_html(self.header_html() + self.narrative_html() + self.quotes_html())

    def show_performance_table(self) -> None:
        _display_html(self.performance_table_html())

    def show_charts(self) -> None:
        _display_html(self.charts_html())


def _inputs(edition: str, data_dir: str, la_code: str, sections: list[str] | None = None, period: str = "") -> Inputs:
    if la_code:  # a data-only pack for any council in the data folder
        return load_pack_inputs(la_code, resolve(data_dir), sections=sections)
    return load_inputs(resolve(edition), resolve(data_dir), sections=sections, period=period)


def load_section(name: str, edition: str, data_dir: str, la_code: str = "", period: str = "") -> SectionView:
    """Load and check what one section needs. Paths may be relative to the project root.
    With `la_code`, the section is built for that council from the data alone (no narrative);
    with `period` (such as '2025-Q2'), for a quarterly performance report."""
    if name not in SECTIONS:
        raise ValueError(f"unknown section {name!r}; known: {', '.join(SECTIONS)}")
    return SectionView(SECTIONS[name], _inputs(edition, data_dir, la_code, sections=[name], period=period))


def report_title(inputs: Inputs) -> str:
    if inputs.period:
        year, quarter = parse_period(inputs.period)
        return f"{inputs.edition.config.la_name} children's services quarterly performance report, {period_label(year, quarter)}"
    return inputs.edition.title


def headlines_html(inputs: Inputs) -> str:
    """The page that opens the report: highlights and areas for targeted activity, in words."""
    groups = {key: [] for key in ("highlight", "targeted")}
    for name in inputs.edition.section_names:
        for ind in section_indicators(inputs, name):
            a = assess(inputs, ind)
            if a.classification in groups:
                groups[a.classification].append(dict(
                    sentence=a.sentence, section=SECTIONS[name].title,
                    anchor=section_anchor(name) + "-performance"))
    c, rules = inputs.edition.config, inputs.edition.config.headlines
    return render(
        "headlines.html.j2", la_name=c.la_name, region_name=c.region_name,
        groups=[dict(key=key, title=title, symbol=CLASSIFICATIONS[key][0], entries=groups[key])
                for key, title in (("highlight", "Highlights"), ("targeted", "Areas for targeted activity"))],
        comparator=comparator_words(rules, c.region_name), tolerance=f"{rules.worsening_tolerance:g}",
        neighbour_model=inputs.place.neighbour_model or "as listed in the edition's sef.yml",
    )


def show_headlines(edition: str, data_dir: str, la_code: str = "", period: str = "") -> None:
    """Load everything the report covers and display its headlines page (used by a notebook)."""
    _display_html(headlines_html(_inputs(edition, data_dir, la_code, period=period)))


def front_matter_html(inputs: Inputs, built: datetime | None = None) -> str:
    """The report's title block and table of contents."""
    edition, c = inputs.edition, inputs.edition.config
    las = inputs.table[inputs.table["geographic_level"] == "Local authority"]
    names = dict(zip(las["area_code"], las["area_name"]))
    kind = ("Quarterly performance report" if inputs.period
            else "Self-evaluation of social work practice" if edition.narrative
            else "Benchmarking pack from published statistics")
    return render(
        "front_matter.html.j2", title=report_title(inputs), status=c.status, la_name=c.la_name,
        region_name=c.region_name,
        reporting_period=period_label(*parse_period(inputs.period)) if inputs.period else c.reporting_period,
        built_from=f"edition {edition.name}" if edition.narrative else f"published data in {inputs.data_dir}",
        built=(built or datetime.now()).strftime("%d %B %Y"),
        neighbours=", ".join(names.get(code, code) for code in inputs.place.neighbour_codes),
        kind=kind,
        sections=[dict(anchor="headlines", title="Performance headlines", number="")]
        + ([dict(anchor="changes", title="What changed since last year", number="")]
           if c.previous_edition and not inputs.period else [])
        + [dict(anchor=section_anchor(n), title=SECTIONS[n].title, number=i)
           for i, n in enumerate(edition.section_names, start=1)]
        + ([dict(anchor="plan", title="Plan on a page", number="")] if c.plan else [])
        + ([dict(anchor="improvement", title="Areas for improvement", number="")] if c.areas_for_improvement else []),
    )


def show_plan(edition: str, data_dir: str, period: str = "") -> None:
    """The plan on a page: ambitions, priorities, measures against targets, action progress."""
    from sefbook.render.yearly import plan_html

    inputs = load_inputs(resolve(edition), resolve(data_dir), sections=[], include_linked=True, period=period)
    _display_html(plan_html(inputs))


def show_improvement(edition: str, data_dir: str, period: str = "") -> None:
    """The last inspection's areas for improvement, with response, impact and latest figures."""
    from sefbook.render.yearly import improvement_html

    _display_html(improvement_html(load_inputs(resolve(edition), resolve(data_dir), sections=[],
                                               include_linked=True, period=period)))


def show_changes(edition: str, data_dir: str) -> None:
    """What changed since the previous edition (named in sef.yml)."""
    from sefbook.render.yearly import what_changed_html

    now = load_inputs(resolve(edition), resolve(data_dir))
    before = load_inputs(now.edition.path(now.edition.config.previous_edition), resolve(data_dir))
    _display_html(what_changed_html(now, before))
