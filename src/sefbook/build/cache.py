"""Cached builds: nothing is computed twice for the same inputs.

Two levels, both keyed by content (SHA-256), never by modification times:

- **The whole report** (build/freshness.py): a build whose every input is unchanged stops before
  reading any data and says the report is up to date. `build_record` here is what it compares.
- **Each part.** An executed part notebook is kept under `<output>/.sefbook-cache/<report>/`,
  keyed by what that part reads: the notebook, its parameters, sef.yml and the registry, its
  own files (a section's narrative, pictures and quotes; the plan; the areas for improvement),
  the canonical data rows of the indicators it shows, and the package's code. A build runs only
  the parts whose key changed and copies the others' outputs.
- **A section's words.** A section's key is in two: its words (narrative, pictures, quotes) and
  the rest. When only the words changed, the kept notebook's table and charts still stand, and
  build/words.py renders the narrative cell again in the build's own process, with the same call
  the notebook makes: an edit to one paragraph needs no kernel at all.

`--fresh` ignores both. The cache never changes what the report says: a reused part is the
very notebook an execution with the same inputs wrote.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from sefbook.analysis.assess import section_indicators
from sefbook.analysis.changes import reported
from sefbook.inputs.edition import Edition, load_edition
from sefbook.inputs.load import Inputs
from sefbook.inputs.registry import REGISTRY_FILE
from sefbook.inputs.sections import SECTIONS
from sefbook.build.freshness import PARTS_CACHE as CACHE_DIR, listing
from sefbook.digests import code_digest, digest, file_digest
from sefbook.render.parts import SECTION_NOTEBOOK, Part

def previous_edition(inputs: Inputs) -> Edition | None:
    """Last year's edition (read once per build: its files are in the manifest and in the key of
    "what changed")."""
    c = inputs.edition.config
    if not c.previous_edition or inputs.edition.folder is None:
        return None
    if "previous edition" not in inputs.derived:
        inputs.derived["previous edition"] = load_edition(inputs.edition.path(c.previous_edition),
                                                          require_narrative=False)
    return inputs.derived["previous edition"]


def input_files(inputs: Inputs, notebooks: list[Path]) -> list[Path]:
    """Every file a build reads: edition (with pictures), last year's edition, data, registry, notebooks."""
    before = previous_edition(inputs)
    files = [*inputs.edition.input_files(), *(before.input_files() if before else []), *inputs.files_read,
             REGISTRY_FILE, *notebooks]
    return list(dict.fromkeys(f.resolve() for f in files))


def build_record(inputs: Inputs, notebooks: list[Path], options: dict[str, object]) -> dict[str, object]:
    """What the manifest records so that the next build can tell, without reading the data,
    whether anything changed."""
    folders = [inputs.data_dir]
    if inputs.edition.config.returns:  # a return added later (next year's, this quarter's) changes the report
        folders.append(inputs.edition.path(inputs.edition.config.returns))
    return {"code": code_digest(), "options": options, "listings": {str(f): listing(f) for f in folders},
            "files": {str(f): file_digest(f) for f in input_files(inputs, notebooks)}}


class _TableDigests:
    """Digests of the whole table and of some indicators' rows. Each row is hashed once (a row's
    hash depends on that row alone), and a part's digest is of its rows' hashes, in order."""

    def __init__(self, table: pd.DataFrame) -> None:
        self._columns = ",".join(table.columns)
        self._indicators = table["indicator"].to_numpy()
        self._rows = pd.util.hash_pandas_object(table.reset_index(drop=True), index=False).to_numpy()

    def of(self, ids: list[str] | None = None) -> str:
        rows = self._rows if ids is None else self._rows[pd.Series(self._indicators).isin(ids).to_numpy()]
        return digest(self._columns, rows.tobytes())


def _table_digests(inputs: Inputs) -> _TableDigests:
    if "table digests" not in inputs.derived:
        inputs.derived["table digests"] = _TableDigests(inputs.table)
    return inputs.derived["table digests"]


def _common(inputs: Inputs) -> list[str]:
    """What every part reads: the code, the registry, the edition's configuration."""
    folder = inputs.edition.folder
    config_files = [folder / "sef.yml"] if folder else []
    if folder and inputs.edition.config.local_indicators:
        config_files.append(folder / inputs.edition.config.local_indicators)
    return [code_digest(), file_digest(REGISTRY_FILE), *_files(config_files), inputs.kind, inputs.period,
            inputs.edition.config.model_dump_json()]  # a pack has no sef.yml: its configuration is made from the data


def figures_key(inputs: Inputs) -> str:
    """The key of figures.csv (build/provenance.py): every row of the table, and what every part reads."""
    return digest("figures", *_common(inputs), _table_digests(inputs).of())


def _files(paths: list[Path]) -> list[str]:
    return [piece for p in paths for piece in (p.name, file_digest(p) if p.is_file() else "absent")]


@dataclass(frozen=True)
class PartKey:
    """What a part reads, as digests: for a section, its words apart from the rest."""

    rest: str  # everything but the words
    words: str = ""  # a section's narrative files, the pictures they show and its quotes; "" for other parts


def part_keys(inputs: Inputs, parts: list[Part], notebooks: list[Path], parameters: dict[str, object]) -> dict[str, PartKey]:
    """Each part's cache key: digests of everything it reads."""
    edition = inputs.edition
    common = _common(inputs)
    tables = _table_digests(inputs)
    whole_table = tables.of()
    keys = {}
    for part, notebook in zip(parts, notebooks):
        own: list[str]
        words = ""
        if notebook.name == SECTION_NOTEBOOK:
            name = part.name
            ids = [ind.id for ind in section_indicators(inputs, name)] + edition.fact_ids(name)
            words = digest(*_files(edition.narrative_files(name)),
                           json.dumps([asdict(q) for q in edition.quotes_for(name)], sort_keys=True, default=str))
            own = [tables.of(ids), str(name in SECTIONS)]
        elif part.name == "headlines":
            own = [json.dumps(edition.responses, sort_keys=True),
                   *(_files([edition.path(edition.config.areas_for_improvement)]) if edition.config.areas_for_improvement else []),
                   whole_table]
        elif part.name == "changes":  # last year's edition, and what this year's narratives say of its promises
            before = previous_edition(inputs)
            told = {s: [asdict(r) for r in reported(edition.narrative.get(s, ""))] for s in edition.section_names}
            own = [json.dumps(told, sort_keys=True), *(_files(before.input_files()) if before else []), whole_table]
        elif part.name in ("plan", "improvement"):  # its own file and the figures it names
            file = edition.config.plan if part.name == "plan" else edition.config.areas_for_improvement
            own = [*(_files([edition.path(file)]) if file else []), whole_table]
        else:  # the charts annex, about the figures: every row, and what could not be read
            own = [whole_table, json.dumps(inputs.left_out, sort_keys=True), json.dumps(inputs.absent, sort_keys=True),
                   *(f.name for f in inputs.files_read)]
        rest = digest(*common, notebook.read_bytes(), json.dumps({**parameters, **part.parameters}, sort_keys=True,
                                                                 default=str), *own)
        keys[part.name] = PartKey(rest, words)
    return keys


class PartCache:
    """Executed part notebooks, one per part, under <output>/.sefbook-cache/<report>/, named by
    their key: `<part>.<rest>.<words>.ipynb`."""

    def __init__(self, output_root: Path, report: str) -> None:
        self.folder = output_root / CACHE_DIR / report

    def _path(self, part: str, key: PartKey) -> Path:
        return self.folder / f"{part}.{key.rest[:32]}.{key.words[:16] or 'none'}.ipynb"

    def fetch(self, part: str, key: PartKey, to: Path) -> bool:
        """Copy the kept output for this part and key to `to`; False if there is none."""
        kept = self._path(part, key)
        if not kept.is_file():
            return False
        shutil.copyfile(kept, to)
        return True

    def fetch_with_other_words(self, part: str, key: PartKey, to: Path) -> bool:
        """Copy a section's kept output whose inputs differ from `key` in its words alone; False
        if there is none (or the part has no words)."""
        if not key.words:
            return False
        kept = next((p for p in self.folder.glob(f"{part}.{key.rest[:32]}.*.ipynb") if p != self._path(part, key)), None)
        if kept is None:
            return False
        shutil.copyfile(kept, to)
        return True

    def file(self, name: str, key: str, to: Path, make: Callable[[Path], None], fresh: bool = False) -> None:
        """A file made from the report's inputs (figures.csv): copied from the one kept for `key`
        (unless `fresh`), else made by `make(to)` and kept in place of the one for other inputs."""
        kept = self.folder / f"{name}.{key[:32]}"
        if not fresh and kept.is_file():
            shutil.copyfile(kept, to)
            return
        make(to)
        self._put(to, kept, replacing=f"{name}.*")

    def keep(self, part: str, key: PartKey, executed: Path) -> None:
        """Keep an executed part, replacing the part's older outputs."""
        self._put(executed, self._path(part, key), replacing=f"{part}.*.ipynb")

    def _put(self, source: Path, target: Path, replacing: str) -> None:
        """Copy `source` to `target` in place of the kept files matching `replacing` (written
        beside, then renamed: a build stopped part-way never leaves half a file in the cache)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob(replacing):
            old.unlink(missing_ok=True)
        partial = target.with_name(target.name + ".partial")
        shutil.copyfile(source, partial)
        partial.replace(target)
