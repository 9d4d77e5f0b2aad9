"""What a section notebook shows: narrative, quotes, the performance table and charts.

A notebook calls `load_section(...)` and then the `show_*` methods; each builds HTML from the
package's templates and displays it. The same methods return the HTML for tests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .adapters import SYMBOL_MEANINGS
from .charts import Chart, trend_chart
from .compare import comparator_series, performance_row
from .formatting import format_change, format_value
from .inputs import Inputs, load_inputs
from .narrative import render_markdown
from .paths import resolve
from .sections import SECTIONS, Section

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
class SectionView:
    section: Section
    inputs: Inputs

    @property
    def indicators(self):
        registry = self.inputs.registry
        return [registry[i] for i in self.inputs.edition.indicator_ids(self.section.name, registry)]

    # --- HTML parts ---------------------------------------------------------------------------
    def header_html(self) -> str:
        c = self.inputs.edition.config
        return render("section_header.html.j2", anchor=section_anchor(self.section.name),
                      title=self.section.title, la_name=c.la_name, reporting_period=c.reporting_period)

    def narrative_html(self) -> str:
        markdown = self.inputs.edition.narrative[self.section.name]
        body = render_markdown(markdown, shift_headings=1, id_prefix=section_anchor(self.section.name))
        return f'<div class="sef-narrative">{body}</div>'

    def quotes_html(self) -> str:
        return render("quotes.html.j2", quotes=self.inputs.edition.quotes_for(self.section.name))

    def performance_rows(self) -> list[dict]:
        table, place = self.inputs.table, self.inputs.place
        rows, expected_n = [], len(place.neighbour_codes)
        for ind in self.indicators:
            r = performance_row(table, ind, place)
            symbol, words = DIRECTIONS[r.direction]
            short = r.neighbours_count < expected_n
            rows.append(dict(
                # the unit is shown once: "Referrals per 10,000 children" needs no "(per 10,000)"
                title=ind.title, unit_label="" if ind.unit != "rate" or ind.unit_label in ind.title else ind.unit_label,
                period=r.period or "–",
                latest=format_value(ind, r.latest, r.latest_symbol),
                previous=format_value(ind, r.previous, r.previous_symbol),
                change=format_change(ind, r.latest, r.previous),
                neighbours=format_value(ind, r.neighbours_mean) if not math.isnan(r.neighbours_mean) else "x",
                neighbours_note=f"mean of {r.neighbours_count} of {expected_n} neighbours with a published figure" if short else "",
                neighbours_note_mark="†" if short else "",
                region=format_value(ind, r.region), england=format_value(ind, r.england),
                direction=r.direction, direction_class=r.direction.replace(" ", "-"),
                direction_symbol=symbol, direction_text=words,
                symbols={r.latest_symbol, r.previous_symbol} - {""},
            ))
        return rows

    def performance_table_html(self) -> str:
        rows = self.performance_rows()
        used = sorted(set().union(*(r["symbols"] for r in rows))) if rows else []
        notes = "† The neighbours' mean leaves out neighbours whose figure is suppressed or not available." \
            if any(r["neighbours_note"] for r in rows) else ""
        c = self.inputs.edition.config
        return render("performance_table.html.j2", anchor=section_anchor(self.section.name) + "-performance",
                      title=self.section.title, rows=rows, la_name=c.la_name, region_name=c.region_name,
                      neighbour_notes=notes, symbols=[(s, SYMBOL_MEANINGS[s]) for s in used])

    def charts(self) -> list[Chart]:
        place = self.inputs.place
        return [trend_chart(ind, comparator_series(self.inputs.table, ind.id, place), place.la_name,
                            place.region_name) for ind in self.indicators]

    def charts_html(self) -> str:
        return '<div class="sef-charts">' + "".join(c.to_html() for c in self.charts()) + "</div>"

    # --- shown in a notebook --------------------------------------------------------------------
    def show_narrative(self) -> None:
        _display_html(self.header_html() + self.narrative_html() + self.quotes_html())

    def show_performance_table(self) -> None:
        _display_html(self.performance_table_html())

    def show_charts(self) -> None:
        _display_html(self.charts_html())


def load_section(name: str, edition: str, data_dir: str) -> SectionView:
    """Load and check what one section needs. Paths may be relative to the project root."""
    if name not in SECTIONS:
        raise ValueError(f"unknown section {name!r}; known: {', '.join(SECTIONS)}")
    inputs = load_inputs(resolve(edition), resolve(data_dir), sections=[name])
    return SectionView(SECTIONS[name], inputs)


def front_matter_html(inputs: Inputs, built: datetime | None = None) -> str:
    """The report's title block and table of contents."""
    edition, c = inputs.edition, inputs.edition.config
    las = inputs.table[inputs.table["geographic_level"] == "Local authority"]
    names = dict(zip(las["area_code"], las["area_name"]))
    return render(
        "front_matter.html.j2", title=edition.title, status=c.status, la_name=c.la_name,
        region_name=c.region_name, reporting_period=c.reporting_period, edition=edition.name,
        built=(built or datetime.now()).strftime("%d %B %Y"),
        neighbours=", ".join(names.get(code, code) for code in inputs.place.neighbour_codes),
        sections=[dict(anchor=section_anchor(n), title=SECTIONS[n].title) for n in edition.section_names],
    )
