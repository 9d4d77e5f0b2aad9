"""The self-evaluation's sections and the four headings of every section's narrative.

The six ILACS sections are known here; an edition may add chapters of its own (a foreword, a
spotlight, case studies, inspection history) in sef.yml with a title and a narrative file, and
no Python. One notebook (notebooks/section.ipynb) serves every section and chapter. An edition
chooses which it shows, and in what order, in sef.yml.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    name: str  # the key used in sef.yml, in the registry and for file names
    title: str
    file: str = ""  # the narrative's file in the edition's narrative folder; default <name>.md
    # An ILACS section's narrative has the four SEF headings; a chapter of the edition's own is
    # free prose (a foreword, a spotlight, case studies).
    sef_headings: bool = True

    @property
    def narrative(self) -> str:
        return self.file or f"{self.name}.md"


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

# The four headings every section's narrative has, in this order (Ofsted SEF convention).
NARRATIVE_HEADINGS: tuple[str, ...] = (
    "What we are proud of",
    "What we are worried about",
    "How we have made a difference",
    "Our plans for the next twelve months",
)


def split_key_marks(listed: object) -> tuple[object, list[str]]:
    """A section's `indicators:` list as plain ids, and the ids it marks key. An entry is an id
    (`cla_rate`) or a mapping `{id: cla_rate, key: true}`: a key indicator gets charts."""
    if not isinstance(listed, list):
        return listed, []  # not a list: the model refuses it, naming the key
    ids: list[object] = []
    key: list[str] = []
    for entry in listed:
        if not isinstance(entry, dict):
            ids.append(entry)
            continue
        if set(entry) - {"id", "key"} or not isinstance(entry.get("id"), str):
            raise ValueError(f"an indicator is an id or a mapping {{id: <id>, key: true}}; found {entry!r}")
        if not isinstance(entry.get("key", False), bool):
            raise ValueError(f"key is true or false; found {entry['key']!r} for {entry['id']}")  # noqa: TRY004 - pydantic turns a ValueError, not a TypeError, into its message
        ids.append(entry["id"])
        if entry.get("key", False):
            key.append(entry["id"])
    return ids, key
