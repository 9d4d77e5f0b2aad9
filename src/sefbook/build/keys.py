"""Each part's cache key, and the build record: digests of everything a part and a build read
(sefbook/cache.py says how they are used). Worked out from the inputs, with the data."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from sefbook.analysis.assess import section_indicators
from sefbook.build.freshness import Snapshot, listing, record
from sefbook.build.outline import NOTHING_KNOWN, file_pieces, words_read
from sefbook.cache import PartKey
from sefbook.digests import code_digest, digest
from sefbook.inputs.edition.contents import Edition
from sefbook.inputs.edition.read import load_edition
from sefbook.inputs.load import Inputs
from sefbook.inputs.pack import Pack
from sefbook.inputs.published.registry import REGISTRY_FILES
from sefbook.inputs.sections import SECTIONS
from sefbook.render.parts import SECTION_NOTEBOOK, Part


def previous_edition(inputs: Inputs) -> Edition | None:
    """Last year's edition (read once per build: its files are in the manifest and in the key of
    "what changed")."""
    c = inputs.edition.config
    if not c.previous_edition or inputs.edition.folder is None:
        return None
    before = inputs.derived.get("previous edition")
    if not isinstance(before, Edition):
        before = inputs.derived["previous edition"] = load_edition(
            inputs.edition.path(c.previous_edition), require_narrative=False
        )
    return before


def read_files(inputs: Inputs, notebooks: list[Path]) -> list[Path]:
    """The files a build reads but the edition's own: data, registry, notebooks."""
    return list(dict.fromkeys(f.resolve() for f in [*inputs.files_read, *REGISTRY_FILES, *notebooks]))


def previous_files(inputs: Inputs) -> list[Path]:
    """Last year's edition's files (with pictures), if the edition names one."""
    before = previous_edition(inputs)
    return [f.resolve() for f in before.input_files()] if before else []


def input_files(inputs: Inputs, notebooks: list[Path]) -> list[Path]:
    """Every file a build reads: edition (with pictures), last year's edition, data, registry, notebooks."""
    files = [*inputs.edition.input_files(), *previous_files(inputs), *read_files(inputs, notebooks)]
    return list(dict.fromkeys(f.resolve() for f in files))


def build_record(
    inputs: Inputs,
    notebooks: list[Path],
    options: dict[str, object],
    outline: dict[str, object] | None = None,
    snapshot: Snapshot | None = None,
    report: str = "",
) -> dict[str, object]:
    """What the manifest records so that the next build can tell, without reading the data,
    whether anything changed, and (its `outline`) rebuild the report if its words alone did;
    each file with the digest `snapshot` took before the build read it."""
    listings = {str(f): listing(f) for f in _data_folders(inputs)}
    return record(input_files(inputs, notebooks), options, listings, outline, snapshot, report)


def _edition_path(edition: Edition | Pack, name: str) -> Path:
    """A file the edition names; a pack names none (its settings leave these keys empty)."""
    if not isinstance(edition, Edition):
        raise TypeError(f"a pack has no file {name!r}")
    return edition.path(name)


def _data_folders(inputs: Inputs) -> list[Path]:
    folders = [inputs.data_dir]
    if inputs.edition.config.returns:  # a return added later (next year's, this quarter's) changes the report
        folders.append(_edition_path(inputs.edition, inputs.edition.config.returns))
    return folders


class _TableDigests:
    """Digests of the whole table and of some indicators' rows. Each row is hashed once (a row's
    hash depends on that row alone), and a part's digest is of its rows' hashes, in order."""

    def __init__(self, table: pd.DataFrame) -> None:
        self._columns = ",".join(table.columns)
        # each row's indicator as a small number: a part's rows are then picked by numbers, not strings
        self._indicator, names = pd.factorize(table["indicator"])
        self._number = {name: number for number, name in enumerate(names)}
        self._rows = pd.util.hash_pandas_object(table.reset_index(drop=True), index=False).to_numpy()

    def of(self, ids: list[str] | None = None) -> str:
        if ids is None:
            return digest(self._columns, self._rows.tobytes())
        wanted = [self._number[i] for i in ids if i in self._number]
        return digest(self._columns, self._rows[np.isin(self._indicator, wanted)].tobytes())


def _table_digests(inputs: Inputs) -> _TableDigests:
    tables = inputs.shared.get("table digests")
    if not isinstance(tables, _TableDigests):  # the table's alone: the same for every council's pack
        tables = inputs.shared["table digests"] = _TableDigests(inputs.table)
    return tables


def _common(inputs: Inputs, known: Mapping[str, str]) -> list[str]:
    """What every part reads: the code, the registry, the edition's configuration."""
    folder = inputs.edition.folder
    config_files = [folder / "sef.yml"] if folder else []
    if folder and inputs.edition.config.local_indicators:
        config_files.append(folder / inputs.edition.config.local_indicators)
    return [
        code_digest(),
        *file_pieces(list(REGISTRY_FILES), known)[1::2],
        *file_pieces(config_files, known),
        inputs.kind,
        inputs.period,
        inputs.edition.config.model_dump_json(),
    ]  # a pack has no sef.yml: its configuration is made from the data


def figures_key(inputs: Inputs, known: Mapping[str, str] = NOTHING_KNOWN) -> str:
    """The key of figures.csv (build/provenance.py): every row of the table, and what every part
    reads. `known`: the digests taken before the build read its inputs (build/outline.py's file_pieces)."""
    return digest("figures", *_common(inputs, known), _table_digests(inputs).of())


def part_keys(
    inputs: Inputs,
    parts: list[Part],
    notebooks: list[Path],
    parameters: Mapping[str, object],
    known: Mapping[str, str] = NOTHING_KNOWN,
) -> dict[str, PartKey]:
    """Each part's cache key: digests of everything it reads (`known`: as figures_key())."""
    edition = inputs.edition
    common = _common(inputs, known)
    tables = _table_digests(inputs)
    whole_table = tables.of()
    keys = {}
    for part, notebook in zip(parts, notebooks):
        section = notebook.name == SECTION_NOTEBOOK
        if section:
            ids = [ind.id for ind in section_indicators(inputs, part.name)] + edition.fact_ids(part.name)
            own = [tables.of(ids), str(part.name in SECTIONS)]
        elif part.name == "headlines":  # and the council's responses: its words
            own = [
                *(
                    file_pieces([_edition_path(edition, edition.config.areas_for_improvement)], known)
                    if edition.config.areas_for_improvement
                    else []
                ),
                whole_table,
            ]
        elif part.name == "changes":  # last year's edition; and what this year's narratives say of its plans: its words
            before = previous_edition(inputs)
            own = [*(file_pieces(before.input_files(), known) if before else []), whole_table]
        elif part.name in ("plan", "improvement"):  # its own file and the figures it names
            file = edition.config.plan if part.name == "plan" else edition.config.areas_for_improvement
            own = [*(file_pieces([_edition_path(edition, file)], known) if file else []), whole_table]
        else:  # the charts annex, about the figures: every row, and what could not be read
            own = [
                whole_table,
                json.dumps(inputs.left_out, sort_keys=True),
                repr(inputs.returns_left_out),
                json.dumps(inputs.absent, sort_keys=True),
                json.dumps(inputs.notes),
                *(f.name for f in inputs.files_read),
            ]
        rest = digest(
            *common,
            notebook.read_bytes(),
            json.dumps({**parameters, **part.parameters}, sort_keys=True, default=str),
            *own,
        )
        keys[part.name] = PartKey(rest, words_read(edition, part.name, section, known))
    return keys
