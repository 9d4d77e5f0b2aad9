"""The last inspection's areas for improvement, each with the council's response, its impact
and the indicators that evidence it."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from sefbook.errors import InputError, refuse_all
from sefbook.inputs.files import Strict, load_model
from sefbook.inputs.published.registry import Registry


class AreaForImprovement(Strict):
    id: str
    area: str
    response: str
    impact: str
    indicators: list[str] = Field(default_factory=list)


class AreasForImprovement(Strict):
    inspection: str
    areas: list[AreaForImprovement] = Field(min_length=1)


def load_areas_for_improvement(
    path: Path, registry: Registry, unknown: list[InputError] | None = None
) -> AreasForImprovement:
    """The areas, checked. Their unknown indicator ids are added to `unknown` when given (the edition
    lists every file's at once), else refused here."""
    parsed = load_model(path, AreasForImprovement)
    found: list[InputError] = []
    seen: set[str] = set()
    for i, area in enumerate(parsed.areas):
        if area.id in seen:
            raise InputError(path, "has a duplicate area id", where=f"key areas[{i}].id", found=repr(area.id))
        seen.add(area.id)
        found += [
            p
            for j, indicator in enumerate(area.indicators)
            if (p := registry.unknown(indicator, path, f"key areas[{i}].indicators[{j}]"))
        ]
    if unknown is None:
        refuse_all(found)
    else:
        unknown += found
    return parsed
