"""Everything a build or a notebook reads, loaded and checked in one call.

`load_inputs` validates the edition, reads the indicator data into the canonical table and
finds the council, its region and its neighbours in that table. The build calls it once before
running any notebook; each notebook calls it for its own section.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from .adapters import load_canonical
from .compare import Place
from .config import EDITION_FILE, Edition, load_edition
from .errors import InputError
from .registry import Registry, default_registry


@dataclass(frozen=True)
class Inputs:
    edition: Edition
    registry: Registry
    table: pd.DataFrame
    place: Place
    data_dir: Path


def _areas(table: pd.DataFrame, level: str) -> pd.DataFrame:
    return table[table["geographic_level"] == level].drop_duplicates("area_code")


def resolve_place(edition: Edition, table: pd.DataFrame, data_dir: Path) -> Place:
    """Find the edition's council, region and neighbours in the data; name any that are missing."""
    config = edition.config
    config_path = edition.folder / EDITION_FILE
    las = _areas(table, "Local authority").set_index("old_la_code")
    where_data = f"a council in the data files under {data_dir}"

    if config.old_la_code not in las.index:
        raise InputError(config_path, "names a council that is not in the data", where="key old_la_code",
                         expected=where_data, found=repr(config.old_la_code))
    in_data = las.loc[config.old_la_code, "area_code"]
    if in_data != config.new_la_code:
        raise InputError(config_path, "has a new LA code that does not match the data", where="key new_la_code",
                         expected=f"{in_data!r} (the data's code for old code {config.old_la_code})",
                         found=repr(config.new_la_code))

    regions = _areas(table, "Regional").set_index("region_name")
    if config.region_name not in regions.index:
        raise InputError(config_path, "names a region that is not in the data", where="key region_name",
                         expected="one of " + ", ".join(sorted(regions.index)) if len(regions) else "Regional rows in the data",
                         found=repr(config.region_name))

    neighbours = []
    for i, code in enumerate(config.statistical_neighbours):
        if code not in las.index:
            raise InputError(config_path, "names a statistical neighbour that is not in the data",
                             where=f"key statistical_neighbours[{i}]", expected=where_data, found=repr(code))
        neighbours.append(las.loc[code, "area_code"])

    return Place(
        la_code=config.new_la_code,
        la_name=config.la_name,
        region_code=regions.loc[config.region_name, "area_code"],
        region_name=config.region_name,
        neighbour_codes=tuple(neighbours),
        neighbour_model=config.statistical_neighbour_model or "",
    )


def load_inputs(edition_dir: str | Path, data_dir: str | Path, *, registry: Registry | None = None,
                sections: Iterable[str] | None = None) -> Inputs:
    """Validate an edition and its data. `sections` limits the data read to those sections'
    indicators (a notebook needs only its own); the default reads every section's."""
    registry = registry or default_registry()
    edition = load_edition(edition_dir, registry)
    wanted = list(sections) if sections is not None else edition.section_names
    for name in wanted:
        if name not in edition.section_names:
            raise InputError(edition.folder / EDITION_FILE, "does not list this section", where="key sections",
                             expected=f"{name!r} among the sections", found=", ".join(edition.section_names))
    ids = list(dict.fromkeys(i for s in wanted for i in edition.indicator_ids(s, registry)))
    data_dir = Path(data_dir)
    table = load_canonical(data_dir, registry, ids)
    place = resolve_place(edition, table, data_dir)
    return Inputs(edition=edition, registry=registry, table=table, place=place, data_dir=data_dir.resolve())
