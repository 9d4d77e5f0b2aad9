"""Make the example council's child-level returns: SSDA903 tables for Kingsmere, synthetic.

EVERY CHILD HERE IS INVENTED. References (KM + six digits), dates of birth, postcodes and
histories are drawn from a seeded generator (standard library only: running it again writes
byte-identical files); no real record is used or imitated. Writes, in the SSDA903 CSV layout:

    sefs/example-2025/returns/ssda903-2025/   the year to 31 March 2025 (a whole return)
    sefs/example-2025/returns/ssda903-2026-to-2025-10-14/   April to mid-October 2025 (in progress)

The histories are drawn so that the children looked after on 31 March 2025 (leaving out those
looked after only under a series of short breaks) number exactly what the example's published
file says (458): the computation and the publication must agree (tests/test_returns.py).

    python scripts/make_example_returns.py [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
EPISODES = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE",
            "HOME_POST", "PL_POST", "URN"]
IN_CARE_31_MARCH_2024 = 471
CEASED_2024_25 = 179
IN_CARE_31_MARCH_2025 = 458  # as data/example's published file says
STARTED_AND_CEASED_2024_25 = 12
SHORT_BREAKS = 25
STARTED_APRIL_TO_OCTOBER_2025 = 84
EXTRACTED = date(2025, 10, 14)  # the return in progress runs to this day

ETHNIC = ["WBRI"] * 14 + ["WIRI", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH",
                          "BCRB", "BAFR", "BOTH", "CHNE", "OOTH"]
LEGAL = ["C2"] * 12 + ["V2"] * 4 + ["E1", "J2", "L2", "C1"]
NEED = ["N1"] * 12 + ["N2", "N3", "N4"] * 2 + ["N5", "N6", "N7", "N8"]
PLACES = ["U1"] * 3 + ["U4"] * 5 + ["U5", "U6", "K2", "R1", "S1", "P1", "H5", "T4"]
CEASED = ["E4A"] * 5 + ["E11", "E12", "E45", "E46", "E41", "E5", "E6", "E8", "E13", "E17", "E3", "E4B", "E7"]


def day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def child(rng: random.Random, n: int, first_care: date) -> dict:
    oldest = max(0, 16 - (date(2025, 3, 31) - first_care).days // 365)  # under 18 on 31 March 2025
    age = min(oldest, rng.choice([0, 1, 2] + list(range(3, 17)) + [11, 12, 13, 14, 15, 16] * 2))
    born = day(rng, first_care - timedelta(days=365 * (age + 1)), first_care - timedelta(days=365 * age + 1))
    return dict(ref=f"KM{104000 + n * 7 + rng.randrange(7):06d}", sex=rng.choice("12"), dob=born,
                ethnic=rng.choice(ETHNIC), upn=f"K{rng.randrange(10**11, 10**12)}A", periods=[])


def care_period(rng: random.Random, start: date, end: date | None, legal: str | None = None) -> list[dict]:
    """One period in care as SSDA903 episodes: it starts (S), may change placement (P) or legal
    status (L), and ends with a reason (the episodes between end with X1)."""
    moves = sorted({day(rng, start + timedelta(days=30), (end or EXTRACTED) - timedelta(days=10))
                    for _ in range(rng.choice([0, 0, 0, 1, 1, 2]))
                    if (end or EXTRACTED) - start > timedelta(days=60)})
    bounds = [start, *moves]
    status = legal or rng.choice(LEGAL)
    need, home = rng.choice(NEED), f"KM{rng.randrange(1, 9)} {rng.randrange(1, 9)}"
    episodes = []
    for i, begin in enumerate(bounds):
        last = i == len(bounds) - 1
        kind = "S" if i == 0 else rng.choice(["P", "P", "P", "L", "T"])
        if kind in ("L", "T") and status == "V2":
            status = "C2"
        place = rng.choice(PLACES)
        episodes.append(dict(DECOM=begin, RNE=kind, LS=status, CIN=need, PLACE=place,
                             PLACE_PROVIDER=rng.choice(["PR1", "PR1", "PR2", "PR4"]),
                             DEC=end if last else bounds[i + 1], REC=(rng.choice(CEASED) if end else "") if last else "X1",
                             REASON_PLACE_CHANGE="" if i == 0 or kind == "L" else rng.choice(["CARPL", "CLOSE", "CHILD", "LAREQ"]),
                             HOME_POST=home, PL_POST=f"KM{rng.randrange(1, 9)} {rng.randrange(1, 9)}",
                             URN=f"SC{rng.randrange(100000, 999999)}" if place.startswith("K") else "XXXXXXX"))
    return episodes


def histories(rng: random.Random) -> list[dict]:
    children, n = [], 0

    def new(first_care: date) -> dict:
        nonlocal n
        n += 1
        c = child(rng, n, first_care)
        children.append(c)
        return c

    year_start, year_end = date(2024, 4, 1), date(2025, 3, 31)
    # in care on 31 March 2024: some leave during 2024-25, some during April to October 2025
    for i in range(IN_CARE_31_MARCH_2024):
        start = day(rng, date(2013, 4, 1), date(2024, 3, 31))
        end = day(rng, year_start, year_end) if i < CEASED_2024_25 else (
            day(rng, date(2025, 4, 1), EXTRACTED) if rng.random() < 0.18 else None)
        new(start)["periods"].append(care_period(rng, start, end))
    # started during 2024-25: enough that 458 are in care on 31 March 2025
    started = IN_CARE_31_MARCH_2025 - (IN_CARE_31_MARCH_2024 - CEASED_2024_25) + STARTED_AND_CEASED_2024_25
    for i in range(started):
        start = day(rng, year_start, year_end - timedelta(days=1))
        end = day(rng, start + timedelta(days=1), year_end) if i < STARTED_AND_CEASED_2024_25 else (
            day(rng, date(2025, 4, 1), EXTRACTED) if rng.random() < 0.12 else None)
        new(start)["periods"].append(care_period(rng, start, end))
    # looked after only under a series of short breaks (V3): never counted as in care
    for _ in range(SHORT_BREAKS):
        start = day(rng, date(2022, 4, 1), date(2025, 3, 1))
        new(start)["periods"].append(care_period(rng, start, None, legal="V3"))
    # this year so far: April to mid-October 2025
    for _ in range(STARTED_APRIL_TO_OCTOBER_2025):
        start = day(rng, date(2025, 4, 1), EXTRACTED)
        end = day(rng, start + timedelta(days=1), EXTRACTED) if rng.random() < 0.1 and start < EXTRACTED else None
        new(start)["periods"].append(care_period(rng, start, end))
    return children


def write(folder: Path, children: list[dict], first: date, last: date) -> None:
    """One collection's tables: every episode open at some time from `first` to `last`; one
    still open on `last` is written open (its end, if any, is not yet known)."""
    folder.mkdir(parents=True, exist_ok=True)
    header, episodes = [], []
    for c in children:
        rows = []
        for period in c["periods"]:
            for e in period:
                if e["DECOM"] > last or (e["DEC"] is not None and e["DEC"] < first):
                    continue
                ended = e["DEC"] is not None and e["DEC"] <= last
                rows.append({**e, "CHILD": c["ref"], "DECOM": e["DECOM"].strftime("%d/%m/%Y"),
                             "DEC": e["DEC"].strftime("%d/%m/%Y") if ended else "", "REC": e["REC"] if ended else ""})
        if rows:
            episodes += rows
            header.append(dict(CHILD=c["ref"], SEX=c["sex"], DOB=c["dob"].strftime("%d/%m/%Y"), ETHNIC=c["ethnic"],
                               UPN=c["upn"], MOTHER="", MC_DOB=""))
    for name, columns, rows in (("header.csv", HEADER, header), ("episodes.csv", EPISODES, episodes)):
        with (folder / name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "sefs" / "example-2025" / "returns")
    args = parser.parse_args()
    children = histories(random.Random(20250331 + 903))
    write(args.out / "ssda903-2025", children, date(2024, 4, 1), date(2025, 3, 31))
    write(args.out / f"ssda903-2026-to-{EXTRACTED.isoformat()}", children, date(2025, 4, 1), EXTRACTED)
    print(f"{len(children)} synthetic children written to {args.out}")


if __name__ == "__main__":
    main()
