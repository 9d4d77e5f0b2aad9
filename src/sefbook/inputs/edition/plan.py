"""The departmental plan as data: vision, ambitions, priorities, the measures that will tell us
if we are making a difference (registry indicators, with targets), and the action plan.

A plan file is YAML with flat lists that refer to each other by id (a priority names its
ambition; a measure and an action name their priority), so that each can be edited on its own
and every broken reference is named.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field

from sefbook.errors import InputError, refuse_all
from sefbook.inputs.files import Strict, load_model
from sefbook.inputs.published.registry import Indicator, Polarity, Registry
from sefbook.inputs.published.rounding import half_up

ActionStatus = Literal["complete", "on track", "at risk", "off track", "not started"]
STATUSES: tuple[str, ...] = ("complete", "on track", "at risk", "off track", "not started")


class Ambition(Strict):
    id: str
    title: str
    description: str | None = None


class Priority(Strict):
    id: str
    ambition: str
    title: str


class Measure(Strict):
    indicator: str
    priority: str
    target: float | None = None
    target_year: int | None = None


class Action(Strict):
    id: str
    priority: str
    action: str
    lead: str
    due: date
    status: ActionStatus
    update: str = ""

    def overdue(self, as_at: date) -> bool:
        return self.status != "complete" and self.due < as_at


class Plan(Strict):
    title: str
    period: str
    as_at: date  # when the action statuses were last updated: overdue is judged against it
    vision: str
    ambitions: list[Ambition] = Field(min_length=1)
    priorities: list[Priority] = Field(min_length=1)
    measures: list[Measure] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)

    def priorities_of(self, ambition: str) -> list[Priority]:
        return [p for p in self.priorities if p.ambition == ambition]

    def ambition_of(self, priority: str) -> str:
        return next(p.ambition for p in self.priorities if p.id == priority)

    def measures_of(self, ambition: str) -> list[Measure]:
        return [m for m in self.measures if self.ambition_of(m.priority) == ambition]

    def actions_of(self, ambition: str) -> list[Action]:
        return [a for a in self.actions if self.ambition_of(a.priority) == ambition]


def _check_references(path: Path, plan: Plan, registry: Registry, unknown: list[InputError]) -> None:
    def unique(kind: str, ids: list[str]) -> None:
        seen: set[str] = set()
        for i, item in enumerate(ids):
            if item in seen:
                raise InputError(
                    path,
                    f"has a duplicate {kind} id",
                    where=f"key {kind}s[{i}].id",
                    expected="each id once",
                    found=repr(item),
                )
            seen.add(item)

    unique("ambition", [a.id for a in plan.ambitions])
    unique("priority", [p.id for p in plan.priorities])
    unique("action", [a.id for a in plan.actions])
    ambitions, priorities = {a.id for a in plan.ambitions}, {p.id for p in plan.priorities}
    for i, p in enumerate(plan.priorities):
        if p.ambition not in ambitions:
            raise InputError(
                path,
                "has a priority with no ambition",
                where=f"key priorities[{i}].ambition",
                expected="one of " + ", ".join(sorted(ambitions)),
                found=repr(p.ambition),
            )
    for kind, named in (
        ("measures", [m.priority for m in plan.measures]),
        ("actions", [a.priority for a in plan.actions]),
    ):
        for i, priority in enumerate(named):
            if priority not in priorities:
                raise InputError(
                    path,
                    "names a priority that is not in the plan",
                    where=f"key {kind}[{i}].priority",
                    expected="one of " + ", ".join(sorted(priorities)),
                    found=repr(priority),
                )
    found = [registry.unknown(m.indicator, path, f"key measures[{i}].indicator") for i, m in enumerate(plan.measures)]
    unknown += [problem for problem in found if problem]


def load_plan(path: Path, registry: Registry, unknown: list[InputError] | None = None) -> Plan:
    """The plan, checked. Its unknown indicator ids are added to `unknown` when given (the edition
    lists every file's at once), else refused here."""
    plan = load_model(path, Plan)
    found: list[InputError] = []
    _check_references(path, plan, registry, found)
    if unknown is None:
        refuse_all(found)
    else:
        unknown += found
    return plan


def target_status(indicator: Indicator, latest: float, target: float | None) -> str:
    """In words: 'target met', 'not yet met', 'no target' or 'not known' (no figure)."""
    if target is None:
        return "no target"
    if math.isnan(latest):
        return "not known"
    shown = half_up(latest, indicator.decimals)
    if indicator.polarity is Polarity.lower_better:
        return "target met" if shown <= target else "not yet met"
    if indicator.polarity is Polarity.higher_better:
        return "target met" if shown >= target else "not yet met"
    return "target met" if shown == target else "not yet met"
