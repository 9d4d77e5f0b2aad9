"""Make the example council's child-level returns: SSDA903 tables for Kingsmere, synthetic.

EVERY CHILD HERE IS INVENTED. References (KM + six digits), dates of birth, postcodes and
histories are drawn from a seeded generator (Python's random: running it again writes
byte-identical files); no real record is used or imitated. Writes, in the SSDA903 CSV layout:

    sefs/example-2025/returns/ssda903-2025/   the year to 31 March 2025 (a whole return)
    sefs/example-2025/returns/ssda903-2026-to-2025-10-14/   April to mid-October 2025 (in progress)
    sefs/example-2025/returns/ssda903-2024/   the year to 31 March 2024 (the year before: the history)
    sefs/example-2025/returns/ssda903-2026/   the year to 31 March 2026 (whole: the 2026 edition's year)

Each folder holds the header and episodes tables, and the other SSDA903 tables: OC2 (the health and
offending of children looked after for a year), OC3 (care leavers, invented young people appended to
the header), AD1 and placed for adoption, UASC, missing, reviews, previous permanence and social
worker episodes. These are drawn from a second seeded generator after the first, so the episodes
and the header's first rows are as they were before the other tables existed.

The histories are drawn so that the children looked after on 31 March 2025 (leaving out those
looked after only under a series of short breaks) number exactly what the example's published
file says (458): the computation and the publication must agree (tests/test_returns.py).

The year before's return (ssda903-2024) was added later, without changing a byte of the others:
it holds the same children's episodes open during 2023-24 (so 471 in care on 31 March 2024, as the
published file says), and the children who left care during that year, drawn after everything
else by a third seeded generator. Their adoptions go as the scorecard measures them: in foster
care, a placement order (LS E1), placed for adoption with the foster carers (A5) or new ones (A6).

The whole return for 2025-26 was added later still, the same way: the histories go on from the
day after the extract to 31 March 2026, drawn last by a fourth seeded generator (`year_to_march_2026`).
Some children in care on the extract's day leave or move placement (once or twice); about 70 more come into care;
and a few young children are adopted the way the scorecard measures it (a placement order, placed
for adoption with their foster carers or new ones, adopted), so the 2026 edition shows A1, A2 and A10.

    python scripts/make_example_returns.py [--out DIR]
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from example_children import ETHNIC, out_folder
from example_ssda903_tables import adopters, age_on, birthday, d, day, other_tables

from sefbook.inputs.returns.ssda903.codes import ADOPTED, EPISODES_COLUMNS, HEADER_COLUMNS, SHORT_BREAKS

IN_CARE_31_MARCH_2024 = 471
CEASED_2024_25 = 179
IN_CARE_31_MARCH_2025 = 458  # as data/example's published file says
STARTED_AND_CEASED_2024_25 = 12
CHILDREN_ON_SHORT_BREAKS = 25
STARTED_APRIL_TO_OCTOBER_2025 = 84
EXTRACTED = date(2025, 10, 14)  # the return in progress runs to this day
SEED = 20250331 + 903
CARE_LEAVERS = 370  # born April 2003 to March 2009: about 300 with a birthday at 17 to 21 in a collection year
CEASED_2023_24 = 176  # children who left care during the year before (only in ssda903-2024)
YEAR_ENDS = date(2026, 3, 31)  # the whole return for 2025-26 runs to this day
STARTED_OCTOBER_TO_MARCH_2026 = 70
ADOPTED_SHARE_2023_24 = 0.11
UASC_SHARE = 0.25  # of children aged 14 or more when they came into care

LEGAL = ["C2"] * 12 + ["V2"] * 4 + ["E1", "J2", "L2", "C1"]
NEED = ["N1"] * 12 + ["N2", "N3", "N4"] * 2 + ["N5", "N6", "N7", "N8"]
PLACES = ["U1"] * 3 + ["U4"] * 5 + ["U5", "U6", "K2", "R1", "S1", "P1", "H5", "T4"]
CEASED = ["E4A"] * 5 + ["E11", "E12", "E45", "E46", "E41", "E5", "E6", "E8", "E13", "E17", "E3", "E4B", "E7"]


def child(rng: random.Random, n: int, first_care: date, base: int = 104000) -> dict:
    oldest = max(0, 16 - (date(2025, 3, 31) - first_care).days // 365)  # under 18 on 31 March 2025
    age = min(oldest, rng.choice([0, 1, 2] + list(range(3, 17)) + [11, 12, 13, 14, 15, 16] * 2))
    born = day(rng, first_care - timedelta(days=365 * (age + 1)), first_care - timedelta(days=365 * age + 1))
    return {
        "ref": f"KM{base + n * 7 + rng.randrange(7):06d}",
        "sex": rng.choice("12"),
        "dob": born,
        "ethnic": rng.choice(ETHNIC),
        "upn": f"K{rng.randrange(10**11, 10**12)}A",
        "periods": [],
    }


def care_period(rng: random.Random, start: date, end: date | None, legal: str | None = None) -> list[dict]:
    """One period in care as SSDA903 episodes: it starts (S), may change placement (P) or legal
    status (L), and ends with a reason (the episodes between end with X1)."""
    moves = sorted(
        {
            day(rng, start + timedelta(days=30), (end or EXTRACTED) - timedelta(days=10))
            for _ in range(rng.choice([0, 0, 0, 1, 1, 2]))
            if (end or EXTRACTED) - start > timedelta(days=60)
        }
    )
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
        episodes.append(
            {
                "DECOM": begin,
                "RNE": kind,
                "LS": status,
                "CIN": need,
                "PLACE": place,
                "PLACE_PROVIDER": rng.choice(["PR1", "PR1", "PR2", "PR4"]),
                "DEC": end if last else bounds[i + 1],
                "REC": (rng.choice(CEASED) if end else "") if last else "X1",
                "REASON_PLACE_CHANGE": ""
                if i == 0 or kind == "L"
                else rng.choice(["CARPL", "CLOSE", "CHILD", "LAREQ"]),
                "HOME_POST": home,
                "PL_POST": f"KM{rng.randrange(1, 9)} {rng.randrange(1, 9)}",
                "URN": f"SC{rng.randrange(100000, 999999)}" if place.startswith("K") else "XXXXXXX",
            }
        )
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
        end = (
            day(rng, year_start, year_end)
            if i < CEASED_2024_25
            else (day(rng, date(2025, 4, 1), EXTRACTED) if rng.random() < 0.18 else None)
        )
        new(start)["periods"].append(care_period(rng, start, end))
    # started during 2024-25: enough that 458 are in care on 31 March 2025
    started = IN_CARE_31_MARCH_2025 - (IN_CARE_31_MARCH_2024 - CEASED_2024_25) + STARTED_AND_CEASED_2024_25
    for i in range(started):
        start = day(rng, year_start, year_end - timedelta(days=1))
        end = (
            day(rng, start + timedelta(days=1), year_end)
            if i < STARTED_AND_CEASED_2024_25
            else (day(rng, date(2025, 4, 1), EXTRACTED) if rng.random() < 0.12 else None)
        )
        new(start)["periods"].append(care_period(rng, start, end))
    # looked after only under a series of short breaks (V3): never counted as in care
    for _ in range(CHILDREN_ON_SHORT_BREAKS):
        start = day(rng, date(2022, 4, 1), date(2025, 3, 1))
        new(start)["periods"].append(care_period(rng, start, None, legal="V3"))
    # this year so far: April to mid-October 2025
    for _ in range(STARTED_APRIL_TO_OCTOBER_2025):
        start = day(rng, date(2025, 4, 1), EXTRACTED)
        end = day(rng, start + timedelta(days=1), EXTRACTED) if rng.random() < 0.1 and start < EXTRACTED else None
        new(start)["periods"].append(care_period(rng, start, end))
    return children


def left_in_2023_24(rng: random.Random) -> list[dict]:
    """Children who left care during 2023-24, so held only by ssda903-2024 (references from KM120000, apart from the
    others'). About one in nine was adopted (`adoption`); the rest left as the year after's leavers did."""
    children = []
    for n in range(CEASED_2023_24):
        end = day(rng, date(2023, 4, 1), date(2024, 3, 31))
        if rng.random() < ADOPTED_SHARE_2023_24:
            periods, ad1 = adoption(rng, end)
            c = child(rng, n, periods[0]["DECOM"], base=120000)
            c["dob"] = day(rng, periods[0]["DECOM"] - timedelta(days=3 * 365), periods[0]["DECOM"])  # young children
            c["ad1"] = ad1
        else:
            start = day(rng, date(2013, 4, 1), end - timedelta(days=1))
            periods = care_period(rng, start, end)
            while periods[-1]["REC"] in ADOPTED:  # not placed for adoption: another reason
                periods[-1]["REC"] = rng.choice(CEASED)
            c = child(rng, n, start, base=120000)
        c["periods"] = [periods]
        c["uasc"] = age_on(c["dob"], periods[0]["DECOM"]) >= 14 and rng.random() < UASC_SHARE
        children.append(c)
    return children


def adoption(rng: random.Random, adopted: date) -> tuple[list[dict], dict]:
    """A period in care that ended in adoption on `adopted`, and its AD1 row: fostered from the start (S), a placement
    order (L, LS E1, the same carers), placed for adoption (B, A5, with the foster carers; or P, A6, with new carers),
    matched a few weeks before and decided on before the order."""
    placed = adopted - timedelta(days=rng.randrange(90, 300))
    ordered = placed - timedelta(days=rng.randrange(30, 200))
    start = ordered - timedelta(days=rng.randrange(120, 400))
    by_foster_carers = rng.random() < 0.25
    need, home = rng.choice(NEED), f"KM{rng.randrange(1, 9)} {rng.randrange(1, 9)}"
    foster = rng.choice(["U1", "U4", "U5"])
    steps = [
        (start, "S", "C2", foster, ""),
        (ordered, "L", "E1", foster, ""),
        (placed, "B" if by_foster_carers else "P", "E1", "A5" if by_foster_carers else "A6", "CARPL"),
    ]
    ends = [ordered, placed, adopted]
    episodes = [
        {
            "DECOM": begin,
            "RNE": kind,
            "LS": status,
            "CIN": need,
            "PLACE": place,
            "PLACE_PROVIDER": "PR1",
            "DEC": ends[i],
            "REC": rng.choice(["E11", "E11", "E11", "E12"]) if i == 2 else "X1",
            "REASON_PLACE_CHANGE": change,
            "HOME_POST": home,
            "PL_POST": f"KM{rng.randrange(1, 9)} {rng.randrange(1, 9)}",
            "URN": "XXXXXXX",
        }
        for i, (begin, kind, status, place, change) in enumerate(steps)
    ]
    matched = placed - timedelta(days=rng.randrange(7, 60))
    decided = max(start + timedelta(days=1), min(ordered, matched) - timedelta(days=rng.randrange(0, 90)))
    ad1 = {
        "DATE_INT": d(decided),
        "DATE_MATCH": d(matched),
        "FOSTER_CARE": "1" if by_foster_carers else "0",
        **adopters(rng),
    }
    return episodes, ad1


def year_to_march_2026(rng: random.Random, children: list[dict]) -> list[dict]:
    """The histories from the day after the extract to 31 March 2026: children in care then leave (a fifth of them),
    move placement or, a few of the youngest, are adopted; others come into care. Changes the open periods of
    `children` in place (the files written before hold them as open) and returns the children new since."""
    first = EXTRACTED + timedelta(days=1)
    for c in children:
        period = c["periods"][-1]
        current = period[-1]
        if current["DEC"] is not None or current["LS"] in SHORT_BREAKS:
            continue
        young = age_on(c["dob"], EXTRACTED) < 6
        roll = rng.random()
        if young and roll < 0.12:  # adopted: an order, placed for adoption, adopted (the scorecard's path)
            ordered = day(rng, first, date(2025, 12, 1))
            placed = day(rng, ordered + timedelta(days=20), date(2026, 1, 20))
            adopted = day(rng, placed + timedelta(days=28), YEAR_ENDS)
            by_foster_carers = current["PLACE"] in ("U1", "U2", "U3", "U4", "U5", "U6") and rng.random() < 0.4
            current.update(DEC=ordered, REC="X1")
            base = {k: current[k] for k in ("CIN", "PLACE_PROVIDER", "HOME_POST", "PL_POST", "URN")}
            period.append(
                dict(
                    base,
                    DECOM=ordered,
                    RNE="L",
                    LS="E1",
                    PLACE=current["PLACE"],
                    DEC=placed,
                    REC="X1",
                    REASON_PLACE_CHANGE="",
                )
            )
            period.append(
                dict(
                    base,
                    DECOM=placed,
                    RNE="B" if by_foster_carers else "P",
                    LS="E1",
                    PLACE="A5" if by_foster_carers else "A6",
                    DEC=adopted,
                    REC=rng.choice(["E11", "E11", "E12"]),
                    REASON_PLACE_CHANGE="CARPL",
                    URN="XXXXXXX",
                )
            )
            matched = day(rng, ordered + timedelta(days=1), placed - timedelta(days=7))
            c["ad1"] = {
                "DATE_INT": d(ordered - timedelta(days=rng.randrange(0, 60))),
                "DATE_MATCH": d(matched),
                "FOSTER_CARE": "1" if by_foster_carers else "0",
                **adopters(rng),
            }
        elif roll < 0.2:  # left care
            current.update(DEC=day(rng, first, YEAR_ENDS), REC=rng.choice([r for r in CEASED if r not in ADOPTED]))
        elif roll < 0.44 and current["DECOM"] > EXTRACTED - timedelta(days=730):  # new placements, still in care on
            # 31 March: two for some (three placements in the year, near the published 9%), one for others; a
            # placement of two years or more stays (long-term stability, near the published 70%)
            moves = 2 if roll < 0.34 else 1
            for moved in sorted({day(rng, first, YEAR_ENDS - timedelta(days=1)) for _ in range(moves)}):
                current = period[-1]
                current.update(DEC=moved, REC="X1")
                place = rng.choice(PLACES)
                period.append(
                    dict(
                        current,
                        DECOM=moved,
                        RNE="P",
                        PLACE=place,
                        DEC=None,
                        REC="",
                        REASON_PLACE_CHANGE=rng.choice(["CARPL", "CLOSE", "CHILD", "LAREQ"]),
                        URN=f"SC{rng.randrange(100000, 999999)}" if place.startswith("K") else "XXXXXXX",
                    )
                )
    new = []
    for n in range(STARTED_OCTOBER_TO_MARCH_2026):
        start = day(rng, first, YEAR_ENDS)
        end = day(rng, start + timedelta(days=1), YEAR_ENDS) if rng.random() < 0.08 and start < YEAR_ENDS else None
        c = child(rng, n, start, base=130000)
        c["periods"] = [care_period(rng, start, end)]
        while end and c["periods"][0][-1]["REC"] in ADOPTED:  # adopted within weeks of coming in: not so
            c["periods"][0][-1]["REC"] = rng.choice(CEASED)
        c["uasc"] = age_on(c["dob"], start) >= 14 and rng.random() < UASC_SHARE
        new.append(c)
    return new


def write(folder: Path, children: list[dict], first: date, last: date, leavers: list[dict]) -> None:
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
                rows.append(
                    {
                        **e,
                        "CHILD": c["ref"],
                        "DECOM": e["DECOM"].strftime("%d/%m/%Y"),
                        "DEC": e["DEC"].strftime("%d/%m/%Y") if ended else "",
                        "REC": e["REC"] if ended else "",
                    }
                )
        if rows:
            episodes += rows
            header.append(
                {
                    "CHILD": c["ref"],
                    "SEX": c["sex"],
                    "DOB": c["dob"].strftime("%d/%m/%Y"),
                    "ETHNIC": c["ethnic"],
                    "UPN": c["upn"],
                    "MOTHER": "",
                    "MC_DOB": "",
                }
            )
    year_end = date(first.year + 1, 3, 31)  # ages are at the birthday in the collection year
    leaving = [y for y in leavers if birthday(y["dob"], first) <= last and 17 <= age_on(y["dob"], year_end) <= 21]
    header += [
        {
            "CHILD": y["ref"],
            "SEX": y["sex"],
            "DOB": y["dob"].strftime("%d/%m/%Y"),
            "ETHNIC": y["ethnic"],
            "UPN": y["upn"],
            "MOTHER": "",
            "MC_DOB": "",
        }
        for y in leaving
    ]
    tables = {"header.csv": (list(HEADER_COLUMNS), header), "episodes.csv": (list(EPISODES_COLUMNS), episodes)}
    tables |= other_tables(random.Random(f"{SEED}-{last.isoformat()}"), children, first, last, leaving)
    for name, (columns, rows) in tables.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def care_leavers(rng: random.Random) -> list[dict]:
    """Invented young people who left care at 16 or over and were 17 to 21 in 2024-25 or 2025-26."""
    people = []
    for i in range(CARE_LEAVERS):
        born = day(rng, date(2003, 4, 1), date(2009, 3, 31))
        people.append(
            {
                "ref": f"KM{110000 + i * 3 + rng.randrange(3):06d}",
                "sex": rng.choice("12"),
                "dob": born,
                "ethnic": rng.choice(ETHNIC),
                "upn": f"K{rng.randrange(10**11, 10**12)}A",
            }
        )
    return people


def main() -> None:
    out = out_folder(__doc__.splitlines()[0])
    children = histories(random.Random(SEED))
    more = random.Random(SEED + 1)  # the other tables: drawn after, so the episodes stay as they were
    for c in children:  # unaccompanied asylum-seeking children: older children, a few of each year's
        c["uasc"] = age_on(c["dob"], c["periods"][0][0]["DECOM"]) >= 14 and more.random() < UASC_SHARE
    leavers = care_leavers(more)
    write(out / "ssda903-2025", children, date(2024, 4, 1), date(2025, 3, 31), leavers)
    write(out / f"ssda903-2026-to-{EXTRACTED.isoformat()}", children, date(2025, 4, 1), EXTRACTED, leavers)
    # the year before, added later: its leavers drawn last, by a generator of their own, so nothing above changes
    earlier = left_in_2023_24(random.Random(SEED + 2))
    write(out / "ssda903-2024", children + earlier, date(2023, 4, 1), date(2024, 3, 31), leavers)
    # the rest of 2025-26, added later: drawn last, by a generator of its own, so nothing above changes
    since = year_to_march_2026(random.Random(SEED + 3), children)
    write(out / "ssda903-2026", children + since, date(2025, 4, 1), YEAR_ENDS, leavers)
    print(f"{len(children) + len(earlier) + len(since)} synthetic children written to {out}")


if __name__ == "__main__":
    main()
