"""What changed since last year's edition: the indicators that moved most each way, the
headlines that appeared or went away, and last year's plans with what this year says of them.

Last year's plans are the list under 'Our plans for the next twelve months'; this year reports
on them under 'What we said we would do' as a checklist: '- [x] promise — outcome'.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sefbook.analysis.assess import Assessment, assess, section_indicators
from sefbook.analysis.compare import Direction, direction
from sefbook.analysis.headlines import Headline
from sefbook.inputs.edition.contents import Edition
from sefbook.inputs.edition.promises import Reported, promises, reported
from sefbook.inputs.load import Inputs
from sefbook.inputs.pack import Pack

HEADLINES = (Headline.highlight, Headline.targeted)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def promises_kept(before: Edition | Pack, now: Edition | Pack) -> list[tuple[str, Reported]]:
    """Each of last year's promises, section by section, with what this year says of it."""
    rows = []
    for section in before.section_names:
        told = {_key(r.promise): r for r in reported(now.narrative.get(section, ""))}
        for promise in promises(before.narrative.get(section, "")):
            rows.append((section, told.get(_key(promise), Reported(promise, None, ""))))
    return rows


@dataclass(frozen=True)
class Movement:
    """One indicator's latest figure in this year's edition against last year's edition's."""

    section: str
    now: Assessment
    before: Assessment
    relative: float  # the change as a share of last year's figure
    judgement: Direction


@dataclass(frozen=True)
class Changes:
    better: list[Movement]  # moved most the better way, largest first
    worse: list[Movement]
    appeared: list[Movement]  # a headline now that was no headline last year
    went: list[Movement]  # a headline last year that is no headline now
    turned: list[Movement]  # a highlight last year that is an area for targeted activity now, or the other way
    promises: list[tuple[str, Reported]]


def what_changed(now: Inputs, before: Inputs, top: int = 5) -> Changes:
    moved = []
    before_ids = set(before.table["indicator"].unique())
    seen: set[str] = set()  # an indicator a spotlight chapter shows again moved once, in the section it first appears
    for section in now.edition.section_names:
        for ind in section_indicators(now, section):
            if ind.id not in before_ids or ind.id in seen:
                continue
            seen.add(ind.id)
            a, b = assess(now, ind), assess(before, ind)
            if math.isnan(a.row.latest) or math.isnan(b.row.latest) or b.row.latest == 0:
                continue
            moved.append(
                Movement(
                    section,
                    a,
                    b,
                    (a.row.latest - b.row.latest) / abs(b.row.latest),
                    direction(ind, a.row.latest, b.row.latest),
                )
            )

    def most(judgement: Direction) -> list[Movement]:
        return sorted((m for m in moved if m.judgement == judgement), key=lambda m: -abs(m.relative))[:top]

    return Changes(
        better=most(Direction.better),
        worse=most(Direction.worse),
        appeared=[m for m in moved if m.now.headline in HEADLINES and m.before.headline not in HEADLINES],
        went=[m for m in moved if m.before.headline in HEADLINES and m.now.headline not in HEADLINES],
        turned=[m for m in moved if {m.now.headline, m.before.headline} == set(HEADLINES)],
        promises=promises_kept(before.edition, now.edition),
    )
