"""What a narrative promises and what the next year's says of it, read from its text.

Last year's plans are the list under 'Our plans for the next twelve months'; this year reports
on them under 'What we said we would do' as a checklist: '- [x] promise — outcome'. Read here,
from the words alone (a rebuild after a narrative edit needs them and never the data); the
"what changed" page (analysis/changes.py) pairs them up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sefbook.inputs.sections import NARRATIVE_HEADINGS

PLANS_HEADING = NARRATIVE_HEADINGS[-1]  # "Our plans for the next twelve months"
REPORTED_HEADING = "What we said we would do"
OUTCOME_SEPARATOR = " — "


def _section_body(markdown: str, heading: str) -> str:
    match = re.search(
        rf"^##\s+{re.escape(heading)}\s*#*\s*$(.*?)(?=^##\s|\Z)", markdown, re.MULTILINE | re.DOTALL | re.IGNORECASE
    )
    return match.group(1) if match else ""


def promises(markdown: str) -> list[str]:
    """The items under 'Our plans for the next twelve months'."""
    return [
        m.group(1).strip()
        for m in re.finditer(r"^\s*[-*+]\s+(.+)$", _section_body(markdown, PLANS_HEADING), re.MULTILINE)
    ]


@dataclass(frozen=True)
class Reported:
    promise: str
    done: bool | None  # None: not reported on this year
    outcome: str


def reported(markdown: str) -> list[Reported]:
    """The checklist under 'What we said we would do': '- [x] promise — outcome'."""
    items = []
    for m in re.finditer(r"^\s*[-*+]\s+\[( |x|X)\]\s+(.+)$", _section_body(markdown, REPORTED_HEADING), re.MULTILINE):
        promise, _, outcome = m.group(2).partition(OUTCOME_SEPARATOR)
        items.append(Reported(promise.strip(), m.group(1).lower() == "x", outcome.strip()))
    return items
