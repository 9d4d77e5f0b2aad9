"""The report's sections: one notebook and one narrative file each.

Adding a section is one entry here, a notebook in notebooks/ and a narrative file in the
edition; an edition chooses which sections it shows, and in what order, in sef.yml.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    name: str  # the key used in sef.yml, in the registry and for file names
    title: str

    @property
    def notebook(self) -> str:
        return f"{self.name}.ipynb"

    @property
    def narrative(self) -> str:
        return f"{self.name}.md"


SECTIONS: dict[str, Section] = {
    s.name: s
    for s in (
        Section("context", "Context"),
        Section("early_help", "Early help and prevention"),
        Section("help_and_protection", "Children in need of help and protection"),
        Section("children_in_care", "Children in care"),
        Section("care_leavers", "Care leavers"),
        Section("leadership", "Impact of leaders on practice"),
    )
}

# Report parts that are not SEF sections. Headlines open every report; what changed follows
# them when the edition names its previous edition; the plan on a page and the areas for
# improvement close it when the edition has them.
HEADLINES = Section("headlines", "Performance headlines")
CHANGES = Section("changes", "What changed since last year")
PLAN = Section("plan", "Plan on a page")
IMPROVEMENT = Section("improvement", "Areas for improvement")
PARTS: dict[str, Section] = {s.name: s for s in (HEADLINES, CHANGES, PLAN, IMPROVEMENT)}

# The four headings every section's narrative has, in this order (Ofsted SEF convention).
NARRATIVE_HEADINGS: tuple[str, ...] = (
    "What we are proud of",
    "What we are worried about",
    "How we have made a difference",
    "Our plans for the next twelve months",
)
