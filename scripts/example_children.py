"""What the example's two generators of child-level returns (make_example_returns.py, make_example_cin_census.py)
share: the folder they write to, and the children's ethnicity as they draw it."""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RETURNS = ROOT / "sefs" / "example-2025" / "returns"
# The DfE's ethnicity codes as drawn: most children White British, one draw in thirty for each of the others
ETHNIC = ["WBRI"] * 14 + [
    "WIRI",
    "WOTH",
    "WROM",
    "MWBC",
    "MWBA",
    "MWAS",
    "MOTH",
    "AIND",
    "APKN",
    "ABAN",
    "AOTH",
    "BCRB",
    "BAFR",
    "BOTH",
    "CHNE",
    "OOTH",
]


def out_folder(description: str) -> Path:
    """The folder the returns go in: --out, or the example's returns/."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, default=RETURNS)
    return parser.parse_args().out
