"""A CIN census folder read and checked in one call, and checked to be the edition's council's."""

from __future__ import annotations

from pathlib import Path

from sefbook.errors import InputError
from sefbook.inputs.files import the_one_file
from sefbook.inputs.returns.cin_census.parse import (
    CinCensus,
    check_header_year,
    frame_of,
    line_of,
    parse_census,
    rows_of,
    text_of,
)
from sefbook.inputs.returns.cin_census.schema import LEVELS
from sefbook.inputs.returns.cin_census.validate import (
    as_dates,
    check_census_codes,
    check_end,
    check_order,
    check_overlaps,
    check_required,
)
from sefbook.inputs.returns.collection import (
    collection_period,
)


def read_cin_census(folder: Path) -> CinCensus:
    """Read and check one CIN census folder (`cin-<year>` or `cin-<year>-to-<extract date>`)."""
    year, covers_to = collection_period(folder, "cin")
    path = the_one_file(folder, ".xml", "CIN census file", "in the DfE's CIN census layout")
    root = parse_census(path)
    check_header_year(path, root, year)
    rows = rows_of(root)
    if not rows["episodes"]:
        raise InputError(path, "holds no child", expected="Message/Children/Child elements, each with its CINdetails")
    frames = {level: frame_of(rows[level], level) for level in LEVELS}
    check_required(path, frames)
    frames = {level: as_dates(path, frame, LEVELS[level][1]["date"]) for level, frame in frames.items()}
    frames = check_census_codes(path, frames, year)
    referral = frames["episodes"].set_index("episode")["CINreferralDate"]
    for level in ("assessments", "cin_plans", "section47s", "plans"):
        frames[level] = frames[level].assign(CINreferralDate=frames[level]["episode"].map(referral))
    check_order(path, frames)
    check_end(path, frames, covers_to)
    check_overlaps(path, frames["episodes"], "CINreferralDate", "CINclosureDate", "episodes of need")
    check_overlaps(path, frames["plans"], "CPPstartDate", "CPPendDate", "child protection plans")
    lea = root.find("Header/Source/LEA")
    return CinCensus(
        year,
        folder,
        path,
        covers_to,
        **{k: v.reset_index(drop=True) for k, v in frames.items()},
        lea=text_of(lea),
        lea_line=line_of(lea) if lea is not None else None,
    )


def check_council(census: CinCensus, old_la_code: str, la_name: str) -> None:
    """The census is the return of the council (`old_la_code`): its header's LEA says whose it is, and
    another council's figures must never be printed as this one's."""
    if census.lea is None:
        raise InputError(
            census.file,
            "does not say whose return it is",
            where="element Header/Source/LEA",
            expected=f"LEA {old_la_code} ({la_name}'s old LA code)",
            found="no LEA",
        )
    if census.lea != old_la_code:
        raise InputError(
            census.file,
            f"is the return of LA {census.lea}, not of {la_name} ({old_la_code})",
            where=f"line {census.lea_line}, element LEA",
            expected=f"LEA {old_la_code}",
            found=census.lea,
        )
