"""The council's own child-level returns: the folder that holds them, and the figures they give.

A returns folder (sef.yml's `returns:`, or `sefbook build --returns DIR`) holds one folder per
return and collection year, named as the DfE names the collection. The folder's name says whether
a return is whole or in progress, because nothing in the files can (a whole year's last event may
be in February):

    ssda903-2025/                  SSDA903 (children looked after), 1 April 2024 to 31 March 2025
    ssda903-2026-to-2025-10-14/    this year's SSDA903, as extracted on 14 October 2025
    cin-2025/                      the CIN census (children in need), the same year
    cin-2026-to-2025-10-14/        this year's census, extracted on 14 October 2025
    annex-a-2025-10-14/            Ofsted's Annex A lists, run on 14 October 2025

Each kind is read, checked and counted by its own module (ssda903/, cin_census/,
annex_a/): only figures leave them, never a child's row. A whole year's return gives its
figures on 31 March and over the year; one in progress gives counts on the last day of each
quarter it covers; an Annex A gives counts on each quarter end within the period its lists cover.
Where two returns give the same figure (a year's return and an extract of that year kept beside
it), the one covering more of the year is used. Where a statutory return (SSDA903, CIN census) and
an Annex A give the same figure for the same year and quarter, the statutory return wins whatever
either covers: it is what the DfE will publish, and it is checked to the DfE's specification. An
Annex A fills the quarter ends no statutory return reaches (of two, the one run later is used).

Earlier years' whole returns kept beside this year's fill in its history: a whole SSDA903 return
is linked to those of the years before it (ssda903-2024 beside ssda903-2025, year by year), for
the figures that need the start of a child's time in care (`ssda903.link_years`: two years that
disagree about a child's episodes are refused), as a census looks back into last year's for
re-referrals.

A returns folder is one council's. A CIN census names its council (the header's LEA), and every
census in the folder must name the edition's council, or the folder is refused: another council's
figures are never printed as this one's. An SSDA903 return or an Annex A names no council: it is
taken to be the council of the census beside it in the same folder (one export of one case
management system), and, in a folder without a census, the council the edition says (which the
build's progress and About the figures then say, `council_notes`).

The figures are kept in sefbook's cache folder, keyed by the returns folder's files (names and
content digests), the population divided by and the package's code: every notebook of a build
needs them, and reading a census is slow. Each kind's figures are kept too, keyed by its own
folders' files: a change to one return reads that kind again, not the others. Only the figures
are kept there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sefbook.cache import KEPT_SMALL, keep, recall
from sefbook.digests import code_digest, digest, folder_digests, folder_names
from sefbook.errors import InputError
from sefbook.inputs.returns.collection import ComputedFigure
from sefbook.inputs.returns.readers import READERS, Batch, Reader, reader_for

EXPECTED_FOLDERS = (
    "a folder named ssda903-<year> or cin-<year> (either may end -to-<extract date> for a return "
    "in progress), or annex-a-<the day the lists were run>"
)


def return_indicators() -> tuple[str, ...]:
    """Every indicator a council's returns can give (each once)."""
    return tuple(dict.fromkeys(indicator for reader in READERS for indicator in reader.indicators))


@dataclass(frozen=True)
class LeftOut:
    """An indicator a return could feed but gives no figure for (nor does any other return in the folder)."""

    indicator: str
    year: int | None  # the reporting year it would be for (None: any, for an Annex A's lists span years)
    source: str  # the return's folder name, "ssda903-2025"
    reason: str


@dataclass(frozen=True)
class ReturnsFigures:
    figures: list[ComputedFigure]
    left_out: tuple[LeftOut, ...]


def computed_figures(folder: Path, population: dict[int, float], *, council: tuple[str, str]) -> list[ComputedFigure]:
    """Every figure the returns in `folder` give (`returns_figures`' figures)."""
    return returns_figures(folder, population, council=council).figures


def returns_figures(
    folder: Path,
    population: dict[int, float],
    *,
    council: tuple[str, str],
    files: tuple[tuple[str, str], ...] | None = None,
) -> ReturnsFigures:
    """Every figure the returns in `folder` give, and why any they could give is left out. `population`: the
    council's children aged 0 to 17 by mid-year (rates divide by the mid-year before the reporting year's end, as
    the DfE's do); `council`: its old LA code and name, which every CIN census in the folder must give; `files`: the folder's files' digests,
    if taken already (the edition's check takes them)."""
    if not folder.is_dir():
        raise InputError(
            folder,
            "returns folder not found",
            expected="a folder holding the council's returns (ssda903-<year>/, cin-<year>/, annex-a-<date>/)",
        )
    try:
        files = files if files is not None else folder_digests(folder)  # `files`: the digests taken already
    except OSError:
        return _compute(folder, population, council)  # unreadable: read without the cache, and refused as it says
    try:
        # a folder holding no file is read too (an unknown one is refused): it is in the key, as every file is
        folders = folder_names(folder)
    except OSError:
        return _compute(folder, population, council)
    # by what is read, not where: the same returns copied elsewhere (`--returns` on a share) give the same figures
    key = digest(code_digest(), repr(files), repr(list(folders)), repr(sorted(population.items())), repr(council))
    kept = recall("returns", key)
    if isinstance(kept, ReturnsFigures):
        return kept
    read_now: dict[str, list[Batch]] = {}
    found = _compute(folder, population, council, (files, folders), read_now)
    try:
        unchanged = folder_digests(folder) == files
    except OSError:
        unchanged = False
    if unchanged:  # kept once it read, under the digests of what it read: a bad return is refused every time
        keep("returns", key, found, most=KEPT_SMALL)
        for kind_key, batches in read_now.items():
            keep(KINDS_KEPT, kind_key, batches, most=KEPT_SMALL)
    return found


KINDS_KEPT = "returns-by-kind"  # the cache folder's kind for one reader's batches


def _kind_key(
    reader: Reader,
    own: list[Path],
    listing: tuple[tuple[tuple[str, str], ...], tuple[str, ...]],
    population: dict[int, float],
    council: tuple[str, str],
) -> str:
    """What one reader's batches are kept by: its own folders' files and folders, and what it divides by and checks."""
    names = {sub.name for sub in own}
    files, folders = listing
    return digest(
        code_digest(),
        type(reader).__name__,
        repr([(name, d) for name, d in files if Path(name).parts[0] in names]),
        repr([name for name in folders if Path(name).parts[0] in names]),
        repr(sorted(population.items())),
        repr(council),
    )


def _compute(
    folder: Path,
    population: dict[int, float],
    council: tuple[str, str],
    listing: tuple[tuple[tuple[str, str], ...], tuple[str, ...]] | None = None,
    read_now: dict[str, list[Batch]] | None = None,
) -> ReturnsFigures:
    """The folder's figures. With `listing` (its files' digests and its folders, as returns_figures took them),
    a kind whose folders are as they were is recalled from the cache, and each kind read is put in `read_now`
    under its key (returns_figures keeps them once it knows nothing changed while they were read)."""
    subfolders = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    for sub in subfolders:
        if reader_for(sub.name) is None:
            raise InputError(sub, "is not a return sefbook reads", expected=EXPECTED_FOLDERS, found=repr(sub.name))
    if not subfolders:
        raise InputError(
            folder,
            "holds no return sefbook reads",
            expected=EXPECTED_FOLDERS,
            found=", ".join(sorted(p.name for p in folder.iterdir())) or "nothing",
        )
    # a census names its council: read first, so another council's folder is refused before the rest is read
    reading_order = sorted(range(len(READERS)), key=lambda i: not READERS[i].names_council)
    read: dict[int, list[Batch]] = {}
    for i in reading_order:
        own = [sub for sub in subfolders if READERS[i].owns(sub.name)]
        kind_key = _kind_key(READERS[i], own, listing, population, council) if own and listing is not None else ""
        kept = recall(KINDS_KEPT, kind_key) if kind_key else None
        if isinstance(kept, list):
            read[i] = kept
            continue
        read[i] = READERS[i].batches(own, population, council)
        if kind_key and read_now is not None:
            read_now[kind_key] = read[i]
    # each batch ranked: a statutory return before an Annex A, then the one covering more (run later)
    chosen: dict[tuple[str, int, int], tuple[tuple[bool, date], ComputedFigure]] = {}
    for i, reader in enumerate(READERS):
        for batch in read[i]:
            rank = (reader.statutory, batch.covers_to)
            for f in _with_counts(batch.figures, batch.counts):
                key = (f.indicator, f.time_period, f.quarter)
                if key not in chosen or rank > chosen[key][0]:
                    chosen[key] = (rank, f)
    given = {(f.indicator, f.time_period) for _, f in chosen.values()}
    left_out = {
        (indicator, batch.name): LeftOut(indicator, batch.year, batch.name, reason)
        for i in range(len(READERS))
        for batch in read[i]
        for indicator, reason in batch.left_out.items()
        if (indicator, batch.year) not in given and not (batch.year is None and any(g[0] == indicator for g in given))
    }
    return ReturnsFigures([f for _, f in chosen.values()], tuple(left_out.values()))


def council_notes(folder: Path, la_name: str, named: str = "") -> tuple[str, ...]:
    """What the reader should know of whose returns these are: a folder without a CIN census names
    no council, and is taken to be the edition's. `named`: how the note names the folder (by default its path)."""
    subfolders = [p.name for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []
    if any((reader := reader_for(name)) and reader.names_council for name in subfolders) or not subfolders:
        return ()
    return (
        (
            f"the returns in {named or folder} (SSDA903, Annex A) name no council and no CIN census beside them does: "
            f"they are taken to be {la_name}'s, as the edition says"
        ),
    )


# A rate on a day divides that day's count of children: the count figure of the same return, year and quarter.
RATE_OF_COUNT = {
    "cla_rate": "children_looked_after_count",
    "cin_rate": "children_in_need_count",
    "cpp_rate": "child_protection_plan_count",
}


def _with_counts(figures: list[ComputedFigure], counts: dict[str, dict[str, float]]) -> list[ComputedFigure]:
    """Each figure with the smallest count of children it rests on, where its return counts them: a rate on a day,
    that day's count; a whole year's figure, the smallest of the counts behind it (ssda903_counts, cin_counts: a
    rate's count, a share's part and whole). Publication mode suppresses on it (load.suppress_small_counts)."""
    on_a_day = {(f.indicator, f.time_period, f.quarter): f.value for f in figures}
    found = []
    for f in figures:
        smallest = on_a_day.get((RATE_OF_COUNT.get(f.indicator, ""), f.time_period, f.quarter))
        if smallest is None and f.quarter == 0 and counts.get(f.indicator):
            smallest = min(counts[f.indicator].values())
        found.append(replace(f, smallest_count=smallest))
    return found
