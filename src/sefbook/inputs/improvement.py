"""The last inspection's areas for improvement, each with the council's response, its impact
and the indicators that evidence it."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from sefbook.errors import InputError
from sefbook.inputs.registry import Registry


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AreaForImprovement(_Strict):
    id: str
    area: str
    response: str
    impact: str
    indicators: list[str] = Field(default_factory=list)


class AreasForImprovement(_Strict):
    inspection: str
    areas: list[AreaForImprovement] = Field(min_length=1)


def load_areas_for_improvement(path: Path, registry: Registry) -> AreasForImprovement:
    from sefbook.inputs.edition import load_model

    parsed = load_model(path, AreasForImprovement)
    seen: set[str] = set()
    for i, area in enumerate(parsed.areas):
        if area.id in seen:
            raise InputError(path, "has a duplicate area id", where=f"key areas[{i}].id", found=repr(area.id))
        seen.add(area.id)
        for indicator in area.indicators:
            if indicator not in registry:
                raise InputError(path, "names an unknown indicator id", where=f"key areas[{i}].indicators",
                                 expected="an id from the registry (src/sefbook/inputs/indicators.yml)", found=repr(indicator))
    return parsed
