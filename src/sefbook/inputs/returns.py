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

Each kind is read, checked and counted by its own module (`ssda903.py`, `cin_census.py`,
`annex_a.py`): only figures leave them, never a child's row. A whole year's return gives its
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
needs them, and reading a census is slow. Only the figures are kept there.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from sefbook.cache import KEPT_SMALL, keep, recall
from sefbook.digests import code_digest, digest, folder_digests
from sefbook.errors import InputError
from sefbook.inputs.annex_a import ANNEX_A_INDICATORS, annex_a_figures, read_annex_a
from sefbook.inputs.cin_census import CIN_INDICATORS, check_council, cin_counts, cin_figures, read_cin_census
from sefbook.inputs.collection import KINDS, RETURN_FOLDER, RUN_DATE_FOLDER, ComputedFigure
from sefbook.inputs.ssda903 import SSDA903_INDICATORS, link_years, read_ssda903, ssda903_counts, ssda903_figures

EXPECTED_FOLDERS = (
    "a folder named ssda903-<year> or cin-<year> (either may end -to-<extract date> for a return "
    "in progress), or annex-a-<the day the lists were run>"
)


def return_indicators() -> tuple[str, ...]:
    """Every indicator a council's returns can give (each once)."""
    return tuple(dict.fromkeys(SSDA903_INDICATORS + CIN_INDICATORS + ANNEX_A_INDICATORS))


def computed_figures(folder: Path, population: dict[int, float], *, council: tuple[str, str]) -> list[ComputedFigure]:
    """Every figure the returns in `folder` give. `population`: the council's children aged 0 to
    17 by mid-year (rates divide by the mid-year before the reporting year's end, as the DfE's do);
    `council`: its old LA code and name, which every CIN census in the folder must give."""
    if not folder.is_dir():
        raise InputError(
            folder,
            "returns folder not found",
            expected="a folder holding the council's returns (ssda903-<year>/, cin-<year>/, annex-a-<date>/)",
        )
    try:
        files = folder_digests(folder)
    except OSError:
        return _compute(folder, population, council)  # unreadable: read without the cache, and refused as it says
    key = digest(code_digest(), str(folder.resolve()), repr(files), repr(sorted(population.items())), repr(council))
    kept = recall("returns", key)
    if isinstance(kept, list):
        return kept
    figures = _compute(folder, population, council)
    try:
        unchanged = folder_digests(folder) == files
    except OSError:
        unchanged = False
    if unchanged:  # kept once it read, under the digests of what it read: a bad return is refused every time
        keep("returns", key, figures, most=KEPT_SMALL)
    return figures


def _compute(folder: Path, population: dict[int, float], council: tuple[str, str]) -> list[ComputedFigure]:
    subfolders = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    for sub in subfolders:
        match = RETURN_FOLDER.match(sub.name)
        if (not match or match["kind"] not in KINDS) and not RUN_DATE_FOLDER.match(sub.name):
            raise InputError(sub, "is not a return sefbook reads", expected=EXPECTED_FOLDERS, found=repr(sub.name))
    if not subfolders:
        raise InputError(
            folder,
            "holds no return sefbook reads",
            expected=EXPECTED_FOLDERS,
            found=", ".join(sorted(p.name for p in folder.iterdir())) or "nothing",
        )
    # a whole year's SSDA903 linked to the years' before it in the folder: the start of a child's time in care
    censuses = [read_cin_census(sub) for sub in subfolders if sub.name.startswith("cin-")]
    for census in censuses:  # the folder's: its SSDA903 returns and Annex As too
        check_council(census, *council)
    returns = link_years([read_ssda903(sub) for sub in subfolders if sub.name.startswith("ssda903-")])
    annexes = [read_annex_a(sub) for sub in subfolders if sub.name.startswith("annex-a-")]
    whole = {c.year: c for c in censuses if c.covers_to == date(c.year, 3, 31)}
    # each batch ranked: a statutory return before an Annex A, then the one covering more (run later)
    batches = [((True, r.covers_to), ssda903_figures(r, population)) for r in returns]
    batches += [((True, c.covers_to), cin_figures(c, population, earlier=whole.get(c.year - 1))) for c in censuses]
    batches += [((False, a.run_on), annex_a_figures(a, population)) for a in annexes]
    batches = [
        (rank, _with_counts(figures, counts))
        for (rank, figures), counts in zip(
            batches,
            [ssda903_counts(r) for r in returns]
            + [cin_counts(c, earlier=whole.get(c.year - 1)) for c in censuses]
            + [{} for _ in annexes],
        )
    ]
    chosen: dict[tuple[str, int, int], tuple[tuple[bool, date], ComputedFigure]] = {}
    for rank, figures in batches:
        for f in figures:
            key = (f.indicator, f.time_period, f.quarter)
            if key not in chosen or rank > chosen[key][0]:
                chosen[key] = (rank, f)
    return [f for _, f in chosen.values()]


def council_notes(folder: Path, la_name: str, named: str = "") -> tuple[str, ...]:
    """What the reader should know of whose returns these are: a folder without a CIN census names
    no council, and is taken to be the edition's. `named`: how the note names the folder (by default its path)."""
    subfolders = [p.name for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []
    if any(name.startswith("cin-") for name in subfolders) or not subfolders:
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
