"""Each kind of return sefbook reads, as one reader: the folder names it owns, how its returns are read (with the
checks across the folder its kind needs), and the figures each return gives with the counts behind them. The
returns folder (folder.py) picks a subfolder's reader from `READERS` by the subfolder's name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from sefbook.inputs.returns.annex_a.figures import ANNEX_A_INDICATORS, annex_a_figures, annex_a_left_out
from sefbook.inputs.returns.annex_a.read import read_annex_a
from sefbook.inputs.returns.cin_census.figures import CIN_INDICATORS, cin_counts, cin_figures
from sefbook.inputs.returns.cin_census.read import check_council, read_cin_census
from sefbook.inputs.returns.collection import RETURN_FOLDER, RUN_DATE_FOLDER, ComputedFigure
from sefbook.inputs.returns.ssda903.figures import SSDA903_INDICATORS, figures_and_left_out, ssda903_counts
from sefbook.inputs.returns.ssda903.history import link_years
from sefbook.inputs.returns.ssda903.read import read_ssda903


@dataclass(frozen=True)
class Batch:
    """One return's figures: the day it covers to (of two returns giving a figure, the later wins), the figures and
    the counts of children behind each (indicator: {what is counted: how many}), and the indicators it could feed
    but does not, with the reason."""

    name: str  # the return's folder name
    year: int | None  # its collection year (None for an Annex A, whose lists span years)
    covers_to: date
    figures: list[ComputedFigure]
    counts: dict[str, dict[str, float]]
    left_out: dict[str, str]  # indicator -> why this return gives no figure for it


class Reader(Protocol):
    """One kind of return."""

    @property
    def statutory(self) -> bool:
        """A statutory return (checked to the DfE's specification): its figure wins over an Annex A's."""
        ...

    @property
    def names_council(self) -> bool:
        """Its files name their council: read before the folder's other returns, and checked to be the edition's."""
        ...

    @property
    def indicators(self) -> tuple[str, ...]: ...

    def owns(self, name: str) -> bool:
        """Whether a subfolder of this name is a return of this kind."""
        ...

    def batches(self, folders: Sequence[Path], population: dict[int, float], council: tuple[str, str]) -> list[Batch]:
        """Every return in `folders` read and checked, and the figures each gives."""
        ...


def _named(name: str, kind: str) -> bool:
    """A folder named <kind>-<year>, or <kind>-<year>-to-<extract date> (collection.RETURN_FOLDER)."""
    match = RETURN_FOLDER.match(name)
    return match is not None and match["kind"] == kind


class Ssda903Reader:
    statutory = True
    names_council = False
    indicators = SSDA903_INDICATORS

    def owns(self, name: str) -> bool:
        return _named(name, "ssda903")

    def batches(self, folders: Sequence[Path], population: dict[int, float], council: tuple[str, str]) -> list[Batch]:
        # a whole year's return linked to the years' before it in the folder: the start of a child's time in care
        returns = link_years([read_ssda903(folder) for folder in folders])
        batches = []
        for r in returns:
            figures, left_out = figures_and_left_out(r, population)
            batches.append(Batch(r.folder.name, r.year, r.covers_to, figures, ssda903_counts(r), left_out))
        return batches


class CinCensusReader:
    statutory = True
    names_council = True
    indicators = CIN_INDICATORS

    def owns(self, name: str) -> bool:
        return _named(name, "cin")

    def batches(self, folders: Sequence[Path], population: dict[int, float], council: tuple[str, str]) -> list[Batch]:
        censuses = [read_cin_census(folder) for folder in folders]
        for census in censuses:  # the folder's: its SSDA903 returns and Annex As too
            check_council(census, *council)
        whole = {c.year: c for c in censuses if c.covers_to == date(c.year, 3, 31)}
        return [
            Batch(
                c.folder.name,
                c.year,
                c.covers_to,
                cin_figures(c, population, earlier=whole.get(c.year - 1)),
                cin_counts(c, earlier=whole.get(c.year - 1)),
                {},
            )
            for c in censuses
        ]


class AnnexAReader:
    statutory = False
    names_council = False
    indicators = ANNEX_A_INDICATORS

    def owns(self, name: str) -> bool:
        return bool(RUN_DATE_FOLDER.match(name))

    def batches(self, folders: Sequence[Path], population: dict[int, float], council: tuple[str, str]) -> list[Batch]:
        annexes = [read_annex_a(folder) for folder in folders]
        return [
            Batch(a.folder.name, None, a.run_on, annex_a_figures(a, population), {}, annex_a_left_out(a))
            for a in annexes
        ]


READERS: tuple[Reader, ...] = (Ssda903Reader(), CinCensusReader(), AnnexAReader())  # the order figures are gathered in


def reader_for(name: str) -> Reader | None:
    """The reader of a subfolder of this name, or None for a folder that is no return sefbook reads."""
    return next((reader for reader in READERS if reader.owns(name)), None)
