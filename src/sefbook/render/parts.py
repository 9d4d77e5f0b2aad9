"""The report's parts, in order: the one list the contents, the numbering, the notebooks the
build runs and the join all follow.

    headlines · what changed (annual report with a previous edition) · the edition's sections
    and chapters, numbered 1 to N · plan on a page (if the edition has a plan) · areas for
    improvement (if it has them) · the charts annex (if the edition asks for one) · about the
    figures. sef.yml's `sections:` may place the plan or the areas for improvement among the
    sections instead (for example the areas for improvement first).

Every section is served by one notebook, `section.ipynb`, given the section's name; the parts
that are not sections have a notebook each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sefbook.inputs.edition import ReportKind
from sefbook.inputs.sections import Section

if TYPE_CHECKING:  # the list of parts is read without pandas too: by a rebuild of words alone
    from sefbook.inputs.load import Inputs

SECTION_NOTEBOOK = "section.ipynb"


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
    return Part(name, section.title, SECTION_NOTEBOOK, section_anchor(name), number,
                {"section": name, "number": number})


HEADLINES = Part("headlines", "Performance headlines", "headlines.ipynb", "headlines")
CHANGES = Part("changes", "What changed since last year", "changes.ipynb", "changes")
PLAN = Part("plan", "Plan on a page", "plan.ipynb", "plan")
IMPROVEMENT = Part("improvement", "Areas for improvement", "improvement.ipynb", "improvement")
CHARTS = Part("charts", "Annex: charts", "charts.ipynb", "charts")
ABOUT = Part("about", "About the figures", "about.ipynb", "about")
OTHER_PARTS: dict[str, Part] = {p.name: p for p in (HEADLINES, CHANGES, PLAN, IMPROVEMENT, CHARTS, ABOUT)}


PLACED = {"plan": PLAN, "areas_for_improvement": IMPROVEMENT}  # parts sef.yml may place among its sections


def report_parts(inputs: Inputs) -> list[Part]:
    c, edition = inputs.edition.config, inputs.edition
    numbers = {name: n for n, name in enumerate(edition.section_names, start=1)}
    body = [PLACED[name] if name in PLACED else section_part(edition.section(name), numbers[name])
            for name in edition.order]
    return [
        HEADLINES,
        *([CHANGES] if c.previous_edition and inputs.kind is ReportKind.annual else []),
        *body,
        *([PLAN] if c.plan and PLAN not in body else []),
        *([IMPROVEMENT] if c.areas_for_improvement and IMPROVEMENT not in body else []),
        *([CHARTS] if c.charts == "annex" else []),
        ABOUT,
    ]
