"""The report's parts, in order: the one list the contents, the numbering, the notebooks the
build runs and the join all follow. The order is a self-evaluation's (after the cover and contents):

    the foreword (a chapter named `foreword`, wherever sef.yml lists it) · the summary (the
    headlines) · the edition's other sections and chapters · plan on a page (if the edition has
    a plan) · areas for improvement (if it has them) · then the annexes: what changed since last
    year (an annual report with a previous edition), the charts (if the edition gathers them),
    about the figures. Sections and chapters are numbered 1 to N in that order. sef.yml's
    `sections:` may place the plan or the areas for improvement among the sections instead (for
    example the areas for improvement first).

Every section is served by one notebook, `section.ipynb`, given the section's name; the parts
that are not sections have a notebook each.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from sefbook.domain import ReportKind
from sefbook.inputs.sections import Section

if TYPE_CHECKING:  # the list of parts is read without pandas too: by a rebuild of words alone
    from sefbook.inputs.load import Inputs

SECTION_NOTEBOOK = "section.ipynb"
EXPLORE_NOTEBOOK = "explore.ipynb"  # the analyst's starting point in notebooks/: never one of the report's parts


@dataclass(frozen=True)
class Part:
    name: str  # a section's name, or headlines, changes, plan, improvement
    title: str
    notebook: str  # file name in notebooks/
    anchor: str  # the id of the part's heading in the report
    number: int | None = None  # sections are numbered in the contents
    parameters: dict[str, str | int] = field(default_factory=dict)  # what the notebook is told beyond the edition


def section_anchor(name: str) -> str:
    return f"section-{name.replace('_', '-')}"


def section_part(section: Section, number: int) -> Part:
    name = section.name
    return Part(
        name, section.title, SECTION_NOTEBOOK, section_anchor(name), number, {"section": name, "number": number}
    )


HEADLINES = Part("headlines", "Performance headlines", "headlines.ipynb", "headlines")
SUMMARY_TITLE = "Summary"  # an annual self-evaluation opens with its summary: the headlines in the council's voice
CHANGES = Part("changes", "Annex: what changed since last year", "changes.ipynb", "changes")
PLAN = Part("plan", "Plan on a page", "plan.ipynb", "plan")
IMPROVEMENT = Part("improvement", "Areas for improvement", "improvement.ipynb", "improvement")
CHARTS = Part("charts", "Annex: charts", "charts.ipynb", "charts")
ABOUT = Part("about", "About the figures", "about.ipynb", "about")
OTHER_PARTS: dict[str, Part] = {p.name: p for p in (HEADLINES, CHANGES, PLAN, IMPROVEMENT, CHARTS, ABOUT)}


PLACED = {"plan": PLAN, "areas_for_improvement": IMPROVEMENT}  # parts sef.yml may place among its sections
FOREWORD = "foreword"  # the chapter that opens the report, before the summary, wherever sef.yml lists it


def headlines_part(kind: ReportKind) -> Part:
    """The headlines part: an annual self-evaluation's summary; a quarterly report's or a pack's performance
    headlines (the same anchor and notebook, which the build keys on)."""
    return replace(HEADLINES, title=SUMMARY_TITLE) if kind is ReportKind.annual else HEADLINES


def report_parts(inputs: Inputs) -> list[Part]:
    c, edition = inputs.edition.config, inputs.edition
    opening = [name for name in edition.order if name == FOREWORD]
    order = opening + [name for name in edition.order if name != FOREWORD]
    numbers = {name: n for n, name in enumerate((n for n in order if n not in PLACED), start=1)}
    parts = [PLACED[name] if name in PLACED else section_part(edition.section(name), numbers[name]) for name in order]
    return [
        *parts[: len(opening)],
        headlines_part(inputs.kind),
        *(body := parts[len(opening) :]),
        *([PLAN] if c.plan and PLAN not in body else []),
        *([IMPROVEMENT] if c.areas_for_improvement and IMPROVEMENT not in body else []),
        *([CHANGES] if c.previous_edition and inputs.kind is ReportKind.annual else []),
        *([CHARTS] if c.charts == "annex" else []),
        ABOUT,
    ]
