"""The words every layer shares: what kind of report a build makes, who the council is and whom it
is compared with, and the symbols a published figure may stand as instead of a number.

Free of pandas and of any reader, so that inputs, analysis, render and build may all import it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ReportKind(StrEnum):
    """What a build makes of an edition (or, for a pack, of the data alone)."""

    annual = "annual"  # an edition's self-evaluation
    quarterly = "quarterly"  # an edition's quarterly performance report (--period)
    pack = "pack"  # a data-only benchmarking pack for any council (--la)


@dataclass(frozen=True)
class Place:
    """Who the council is and whom it is compared with, as codes in the canonical table."""

    la_code: str  # new 9-character code
    la_name: str
    region_code: str
    region_name: str
    neighbour_codes: tuple[str, ...]  # new codes of the statistical neighbours
    england_code: str = "E92000001"
    neighbour_model: str = ""  # e.g. "DfE statistical neighbours, 2025 model"; "" if the edition lists them


# GSS and DfE symbols: c suppressed, x not available, z not applicable, low/k rounds to zero,
# u low reliability; ":" and "~" are older forms of x and low. A symbol is never read as zero.
SYMBOLS = ("c", "x", "z", "low", "k", "u", ":", "~")
SYMBOL_MEANINGS = {
    "c": "suppressed to protect confidentiality",
    "x": "not available",
    "z": "not applicable",
    "low": "rounds to zero, but is not zero",
    "k": "rounds to zero, but is not zero",
    "u": "low reliability",
    ":": "not available",
    "~": "rounds to zero, but is not zero",
}
