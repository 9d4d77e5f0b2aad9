"""`sefbook indicators`: every indicator the registry knows, and, for a data folder, whether
each was found and for how many councils."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sefbook.inputs.published.reader import read_published
from sefbook.inputs.published.registry import Registry
from sefbook.inputs.sections import SECTIONS


@dataclass(frozen=True)
class Entry:
    id: str
    section: str
    title: str
    period: str
    files: str  # the file patterns the source reads
    status: str = ""  # with a data folder: "found", "not in folder" or "cannot be read"
    latest: int | None = None  # the latest year with figures
    councils: int = 0  # councils with a figure (a number, not a symbol) in that year
    reason: str = ""  # why it cannot be read


def catalogue(registry: Registry, data_dir: str | Path | None = None) -> list[Entry]:
    """The registry in section order; with `data_dir`, what the folder holds of each."""
    entries = [
        Entry(ind.id, ind.section, ind.title, ind.period, ", ".join(ind.source.files if ind.source else ()))
        for section in SECTIONS
        for ind in registry.for_section(section)
    ]
    if data_dir is None:
        return entries
    data = read_published(data_dir, registry, [e.id for e in entries], leave_out="unreadable")
    las = data.table[(data.table["geographic_level"] == "Local authority") & data.table["value"].notna()]
    latest = data.table.groupby("indicator")["time_period"].max()
    counted = las[las["time_period"] == las["indicator"].map(latest)].groupby("indicator")["area_key"].nunique()
    result = []
    for e in entries:
        if e.id in data.left_out:
            result.append(Entry(**{**e.__dict__, "status": "cannot be read", "reason": data.left_out[e.id]}))
        elif e.id in data.absent:
            result.append(Entry(**{**e.__dict__, "status": "not in folder"}))
        else:
            result.append(
                Entry(
                    **{
                        **e.__dict__,
                        "status": "found",
                        "latest": int(latest[e.id]),
                        "councils": int(counted.get(e.id, 0)),
                    }
                )
            )
    return result
