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
says: a reused part is the very notebook an execution with the same inputs wrote. A kept file
whose content is not what was kept (cut short, overwritten) is discarded and made again; a
part that read a file changed while the build ran is not kept at all (build/freshness.py's Snapshot).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sefbook.build.freshness import PARTS_CACHE as CACHE_DIR
from sefbook.digests import digest


@dataclass(frozen=True)
class PartKey:
    """What a part reads, as digests: the edition's words apart from the rest (build/outline.py)."""

    rest: str  # everything but the words
    words: str = ""  # a section's narrative files, the pictures they show and its quotes; "" if it reads no words


class PartCache:
    """Executed part notebooks, one per part, under <output>/.sefbook-cache/<report>/, named by
    their key and their own content's digest: `<part>.<rest>.<words>.<content>.ipynb`. A kept
    file whose content is not what its name says (cut short, overwritten) is discarded and the
    part runs again; a cache folder that cannot be written is said once and done without."""

    def __init__(self, output_root: Path, report: str, say: Callable[[str], None] = lambda message: None) -> None:
        self.folder = output_root / CACHE_DIR / report
        self._say, self._said = say, False

    def _prefix(self, part: str, key: PartKey) -> str:
        return f"{part}.{key.rest[:32]}.{key.words[:16] or 'none'}."

    def fetch(self, part: str, key: PartKey, to: Path) -> bool:
        """Copy the kept output for this part and key to `to`; False if there is none (or it is damaged)."""
        return any(self._copy(kept, to) for kept in self._kept(f"{self._prefix(part, key)}*.ipynb"))

    def fetch_with_other_words(self, part: str, key: PartKey, to: Path) -> bool:
        """Copy a section's kept output whose inputs differ from `key` in its words alone; False
        if there is none (or the part has no words)."""
        if not key.words:
            return False
        same = self._prefix(part, key)
        return any(
            self._copy(kept, to)
            for kept in self._kept(f"{part}.{key.rest[:32]}.*.ipynb")
            if not kept.name.startswith(same)
        )

    def file(
        self, name: str, key: str, to: Path, make: Callable[[Path], None], fresh: bool = False, keep: bool = True
    ) -> None:
        """A file made from the report's inputs (figures.csv, tables.xlsx): copied from the one kept for `key`
        (unless `fresh`), else made by `make(to)` and (if `keep`) kept in place of the one for
        other inputs."""
        if not fresh and self.fetch_file(name, key, to):
            return
        make(to)
        if keep:
            self._put(to, f"{name}.{key[:32]}.", replacing=f"{name}.*")

    def fetch_file(self, name: str, key: str, to: Path) -> bool:
        """Copy the file kept for `key` to `to`; False if there is none (or it is damaged)."""
        return any(self._copy(kept, to) for kept in self._kept(f"{name}.{key[:32]}.*"))

    def keep(self, part: str, key: PartKey, executed: Path) -> None:
        """Keep an executed part, replacing the part's older outputs."""
        self._put(executed, self._prefix(part, key), replacing=f"{part}.*.ipynb")

    def _kept(self, pattern: str) -> list[Path]:
        try:
            return sorted(p for p in self.folder.glob(pattern) if not p.name.endswith(".partial"))
        except OSError:
            return []

    def _copy(self, kept: Path, to: Path) -> bool:
        """Copy a kept file to `to` if its content is what its name says; else discard it."""
        try:
            content = kept.read_bytes()
        except OSError:
            return False
        if digest(content)[:16] != kept.name.removesuffix(".ipynb").rsplit(".", 1)[-1]:
            try:
                kept.unlink(missing_ok=True)  # cut short or overwritten: the part runs again
            except OSError:
                pass
            return False
        to.write_bytes(content)
        return True

    def _put(self, source: Path, prefix: str, replacing: str) -> None:
        """Copy `source` in place of the kept files matching `replacing`, named `prefix` and its
        content's digest (written beside, then renamed: a build stopped part-way never leaves
        half a file in the cache)."""
        try:
            content = source.read_bytes()
            self.folder.mkdir(parents=True, exist_ok=True)
            for old in self.folder.glob(replacing):
                old.unlink(missing_ok=True)
            target = self.folder / (prefix + digest(content)[:16] + (".ipynb" if source.suffix == ".ipynb" else ""))
            partial = target.with_name(target.name + ".partial")
            partial.write_bytes(content)
            partial.replace(target)
        except OSError as exc:
            if not self._said:
                self._said = True
                self._say(
                    f"note: the parts cache {self.folder} cannot be written ({exc.strerror or exc}); "
                    "parts are not kept for the next build"
                )
