"""Cached builds: nothing is computed twice for the same inputs.

Two levels, both keyed by content (SHA-256), never by modification times:

- **The whole report** (build/freshness.py): a build whose every input is unchanged stops before
  reading any data and says the report is up to date. `build_record` (build/keys.py) is what it
  compares.
- **Each part.** An executed part notebook is kept under `<output>/.sefbook-cache/<report>/`,
  keyed by what that part reads: the notebook, its parameters, sef.yml and the registry, its
  own files (a section's narrative, pictures and quotes; the plan; the areas for improvement),
  the canonical data rows of the indicators it shows, and the package's code. A build runs only
  the parts whose key changed and copies the others' outputs.
- **A section's words.** A part's key is in two: what it reads of the edition's words (a
  section's narrative, pictures and quotes: build/outline.py) and the rest. When only a
  section's words changed, the kept notebook's table and charts still stand, and build/words.py
  renders the narrative cell's words again in the build's own process, with the same calls the
  notebook makes: an edit to one paragraph needs no kernel at all.

The keys are worked out in build/keys.py, with the data; what a part reads of the words, in
build/outline.py, without it. `--fresh` ignores both. The cache never changes what the report
says: a reused part is the very notebook an execution with the same inputs wrote.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sefbook.build.freshness import PARTS_CACHE as CACHE_DIR


@dataclass(frozen=True)
class PartKey:
    """What a part reads, as digests: the edition's words apart from the rest (build/outline.py)."""

    rest: str  # everything but the words
    words: str = ""  # a section's narrative files, the pictures they show and its quotes; "" if it reads no words


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
        if not fresh and self.fetch_file(name, key, to):
            return
        make(to)
        self._put(to, self.folder / f"{name}.{key[:32]}", replacing=f"{name}.*")

    def fetch_file(self, name: str, key: str, to: Path) -> bool:
        """Copy the file kept for `key` to `to`; False if there is none."""
        kept = self.folder / f"{name}.{key[:32]}"
        if not kept.is_file():
            return False
        shutil.copyfile(kept, to)
        return True

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
