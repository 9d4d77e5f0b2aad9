"""One section of the report as HTML: its heading, narrative and quotes, its performance table
and its charts. A notebook shows these parts; tests read the same HTML."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sefbook.analysis.assess import assess, indicator_series, ranking_among_neighbours, section_indicators
from sefbook.analysis.compare import MIN_COUNCILS_RANKED, PerformanceRow
from sefbook.domain import SYMBOL_MEANINGS, ReportKind
from sefbook.inputs.load import Inputs
from sefbook.inputs.published.registry import Indicator
from sefbook.inputs.sections import Section
from sefbook.render.charts import (
    Chart,
    charted,
    draw_ranking_chart,
    draw_trend_chart,
    ranking_chart,
    ranking_worth_drawing,
    trend_chart,
    trend_worth_drawing,
)
from sefbook.render.formatting import (
    comparator_cell,
    format_change,
    format_latest,
    format_value,
    neighbours_cell,
    neighbours_note,
    ordinal,
    period_in_words,
    period_short,
)
from sefbook.render.parts import section_anchor
from sefbook.render.prose import section_words_html
from sefbook.render.templates import render
from sefbook.render.wording import DIRECTIONS, HEADLINES

NOT_COMPARED = "–"  # a comparator cell left empty on purpose, its reason in the table's key
COUNT_NOT_COMPARED = "a count measures size: it is not set beside the neighbours', region's or England's totals"
KEY_MARKS = ("*", "‡", "§", "¶", "#", "**", "‡‡", "§§", "¶¶", "##")  # † is the neighbours' mean of fewer


def _not_ranked(ind: Indicator, row: PerformanceRow) -> str:
    """Why a row's rank cell is empty, in a few words ("" when it has a rank)."""
    if not math.isnan(row.rank):
        return ""
    if ind.not_ranked_because:
        return ind.not_ranked_because
    if row.latest_symbol or math.isnan(row.latest):
        return "no figure"
    if row.provisional:
        return "provisional, not yet published for other councils"
    if not math.isnan(row.rank_of) and row.rank_of < MIN_COUNCILS_RANKED:
        n = int(row.rank_of)
        return f"only {n} {'council has' if n == 1 else 'councils have'} a figure"
    return "no rank"


@dataclass(frozen=True)
class SectionView:
    section: Section
    inputs: Inputs
    number: int = 0  # its number in the report; 0: its place among the edition's sections

    @property
    def indicators(self) -> list[Indicator]:
        return section_indicators(self.inputs, self.section.name)

    def header_html(self) -> str:
        c = self.inputs.edition.config
        return render(
            "section_header.html.j2",
            anchor=section_anchor(self.section.name),
            number=self.number or self.inputs.edition.section_names.index(self.section.name) + 1,
            title=self.section.title,
            la_name=c.la_name,
            reporting_period=c.reporting_period,
        )

    def facts_html(self) -> str:
        """The section's key facts (sef.yml's `facts:`): an indicator's latest figure with its
        period and a link to About the figures, or a fact the council states, with its source."""
        facts = []
        for fact in self.inputs.edition.facts(self.section.name):
            if fact.indicator is None:
                facts.append({"label": fact.label, "value": fact.value, "source": fact.source, "about": ""})
                continue
            ind = self.inputs.registry[fact.indicator]
            r = assess(self.inputs, ind).row
            facts.append(
                {
                    "label": ind.title,
                    "value": format_latest(ind, r.latest, r.latest_symbol, r.provisional),
                    "period": period_in_words(ind, r.period, r.quarter, r.date),
                    "about": ind.id,
                }
            )
        if not facts:
            return ""
        return render(
            "facts.html.j2",
            anchor=section_anchor(self.section.name) + "-facts",
            la_name=self.inputs.edition.config.la_name,
            facts=facts,
        )

    def lead_html(self) -> str:
        """The start of the section's opening, worked out from the data: heading and key facts."""
        return self.header_html() + self.facts_html()

    def words_html(self) -> str:
        """The rest of the opening, from the words alone: narrative under the four headings, quotes."""
        return section_words_html(self.inputs.edition, self.section.name, self.inputs.kind)

    def opening_html(self) -> str:
        """The section's opening: its heading, key facts, narrative under the four headings, and
        quotes (the notebook's narrative cell; the build renders its words itself when only they changed)."""
        return self.lead_html() + self.words_html()

    def performance_rows(self) -> list[dict]:
        expected_n = len(self.inputs.place.neighbour_codes)
        rows = []
        for ind in self.indicators:
            a = assess(self.inputs, ind)
            r = a.row
            symbol, words = DIRECTIONS[r.direction]
            headline_symbol, headline_words = HEADLINES[a.headline]
            short = r.neighbours_count < expected_n
            # a count measures size: printed beside the neighbours', region's and England's it would
            # read as a comparison; the rate per 10,000 is the comparable figure
            compared = ind.unit != "count"
            three_years = r.three_year_direction if r.three_year_direction != "not known" else None
            rows.append(
                {
                    # the unit is shown once: "Referrals per 10,000 children" needs no "(per 10,000)"
                    "title": ind.title,
                    "unit_label": "" if ind.unit != "rate" or ind.unit_label in ind.title else ind.unit_label,
                    "period": period_short(ind, r.period, r.quarter, r.date),
                    "period_words": period_in_words(ind, r.period, r.quarter, r.date),
                    "id": ind.id,
                    "compared_period": period_short(ind, r.comparators_period, 0) if r.comparators_period else "",
                    "latest": format_value(ind, r.latest, r.latest_symbol),
                    "provisional": r.provisional,
                    "previous": format_value(ind, r.previous, r.previous_symbol),
                    "change": format_change(ind, r.latest, r.previous),
                    "compared": compared,
                    "neighbours": neighbours_cell(ind, r) if compared else NOT_COMPARED,
                    "neighbours_note": neighbours_note(ind, r.neighbours_count, expected_n)
                    if short and compared
                    else "",
                    "neighbours_note_mark": "†" if short and compared else "",
                    "region": comparator_cell(ind, r, "region") if compared else NOT_COMPARED,
                    "england": comparator_cell(ind, r, "england") if compared else NOT_COMPARED,
                    # rank and quartile in one short cell: "12th of 153 (Q1)"
                    "rank": ""
                    if math.isnan(r.rank)
                    else f"{ordinal(int(r.rank))} of {int(r.rank_of)}"
                    + ("" if math.isnan(r.quartile) else f" (Q{int(r.quartile)})"),
                    "not_ranked": (a.few if ind.ranked else "") or _not_ranked(ind, r),  # a contextual one: that first
                    "few": a.few,  # the figure rests on few children: marked, not ranked, never a headline
                    "quartile": "" if math.isnan(r.quartile) else f"Q{int(r.quartile)}",
                    "direction": r.direction,
                    "direction_class": r.direction.replace(" ", "-"),
                    "direction_symbol": symbol,
                    "direction_text": words,
                    "three_years": DIRECTIONS[three_years][1].lower() if three_years else "",
                    "three_years_symbol": DIRECTIONS[three_years][0] if three_years else "",
                    "three_year_direction": three_years,
                    "headline": a.headline,
                    "headline_symbol": headline_symbol,
                    "headline_text": headline_words,
                    "symbols": {r.latest_symbol, r.previous_symbol} - {""},
                }
            )
        return rows

    def performance_table_html(self) -> str:
        """The section's performance table: short cells, each mark (a rank not given, a count not
        compared, a mean of fewer neighbours) explained once in a key under it; what the columns
        mean is said once for every table, in About the figures (#about-tables)."""
        c = self.inputs.edition.config
        rows = self.performance_rows()
        if not rows:  # a chapter of prose (a foreword, case studies) has no table
            return ""
        reasons: dict[str, str] = {}  # why a cell holds a dash -> its mark, in order of first use
        for r in rows:
            if not r["compared"]:
                r["compared_mark"] = reasons.setdefault(COUNT_NOT_COMPARED, KEY_MARKS[len(reasons)])
            if r["not_ranked"]:
                r["not_ranked_mark"] = reasons.setdefault(f"not ranked: {r['not_ranked']}", KEY_MARKS[len(reasons)])
        key = [(mark, reason) for reason, mark in reasons.items()]
        if any(r["neighbours_note"] for r in rows):
            key.append(("†", "the neighbours' mean leaves out those whose figure is suppressed or not available"))
        if any(r["provisional"] for r in rows):
            key.append(("(provisional)", "the council's own figure, not yet published"))
        if c.audience == "publication":
            key.append(("c", f"fewer than {c.suppression_threshold} children, or suppressed"))
        said = {"c"} if c.audience == "publication" else set()
        used = sorted(set().union(*(r["symbols"] for r in rows)) - said)
        key += [(s, SYMBOL_MEANINGS[s]) for s in used]
        # the legend of the marks this table uses, each column's in its own list, in a fixed order
        directions = {r["direction"] for r in rows} | {r["three_year_direction"] for r in rows if r["three_years"]}
        marks = {
            "on_the_year": [(s, w.lower()) for d, (s, w) in DIRECTIONS.items() if d in directions],
            "headline": [(s, w.lower()) for h, (s, w) in HEADLINES.items() if h in {r["headline"] for r in rows}],
            "three_years": any(r["three_years"] for r in rows),
        }
        # one period for every row: said once, above the table, and no column for it
        periods = {(r["period_words"], r["compared_period"]) for r in rows}
        shared_period = next(iter(periods))[0] if len(periods) == 1 and not next(iter(periods))[1] else ""
        return render(
            "performance_table.html.j2",
            anchor=section_anchor(self.section.name) + "-performance",
            title=self.section.title,
            rows=rows,
            la_name=c.la_name,
            region_name=c.region_name,
            shared_period=shared_period,
            key=key,
            marks=marks,
        )

    def charts(self) -> list[Chart]:
        """For each key indicator (Edition.key_indicator_ids) that is drawn at all (charted: no
        grade, no count): its trend against the comparators where the council has figures in at
        least three years, then the council ranked among its neighbours in the latest published
        year where at least five of them have a figure. Anything else is in the table alone."""
        place, charts = self.inputs.place, []
        key = self.inputs.edition.key_indicator_ids(self.section.name, self.inputs.registry)
        # A report's charts are kept and recalled by its next build. A pack's are drawn and not kept: `pack --all`
        # draws far more than the cache holds, so keeping them would only push out the reports' own charts.
        trend, ranking = (
            (draw_trend_chart, draw_ranking_chart)
            if self.inputs.kind is ReportKind.pack
            else (trend_chart, ranking_chart)
        )
        for ind in self.indicators:
            if ind.id not in key or not charted(ind):
                continue
            series = indicator_series(self.inputs, ind)
            if trend_worth_drawing(series):
                charts.append(trend(ind, series, place.la_name, place.region_name))
            # ranked among published figures: the council's own provisional one has no neighbours' beside it
            published = (
                [
                    (int(p), england)
                    for p, v, flag, england in zip(
                        series.index, series["council"], series["provisional"], series["england"]
                    )
                    if not flag and not math.isnan(v)
                ]
                if not series.empty
                else []
            )
            if ind.ranked and published:  # not for a size or a national series
                period, england = published[-1]
                among = ranking_among_neighbours(self.inputs, ind, period)
                if ranking_worth_drawing(among):
                    charts.append(ranking(ind, among, place.la_name, period, england))
        return charts

    def charts_html(self, *, annex: bool = False) -> str:
        """The section's charts after its table, or nothing there when the edition gathers them
        in an annex (which asks for them with `annex=True`)."""
        if self.inputs.edition.config.charts == "annex" and not annex:
            return ""
        charts = self.charts()
        return '<div class="sef-charts">' + "".join(c.to_html() for c in charts) + "</div>" if charts else ""
