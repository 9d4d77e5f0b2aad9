"""The example's Annex A care leavers (List 9) and adoptions (List 10), drawn from its SSDA903 returns for scripts/make_example_annex_a.py."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
from example_annex_a_rows import COMMON, PERIOD_STARTS, RUN_ON, age, identity, read_csvs, uk
from example_ssda903_tables import birthday, day

from sefbook.inputs.returns.ssda903.codes import ADOPTED, CHILD_ARRANGEMENTS, SHORT_BREAKS, SPECIAL_GUARDIANSHIP

# List 9's and 10's drop-downs, as the guidance writes them (liia-tools' Annex_A_schema.yml)
IN_TOUCH = {"YES": "a) Yes", "NO": "b) No", "DIED": "c) Died", "REFU": "d) Refu", "NREQ": "e) NREQ", "RHOM": "f) Rhom"}


ACCOMMODATION = {
    "B": "Parents/relatives",
    "C": "Community home/residential care",
    "D": "Semi-independent, transitional accommodation and self-contained accommodation",
    "E": "Supported lodgings",
    "G": "Abroad",
    "H": "Deported",
    "K": "Ordinary lodgings, without formal support",
    "R": "Residence not known",
    "S": "No fixed abode/homeless",
    "T": "Foyers and similar supported accommodation",
    "U": "Independent living",
    "V": "Emergency accommodation",
    "W": "Bed and breakfast",
    "X": "In custody",
    "Y": "Other accommodation",
    "Z": "With former foster carers",
}


ACTIVITY = {
    "F1": "Full time in higher education",
    "P1": "Part time in higher education",
    "F2": "Full time in education other than higher",
    "P2": "Part time in education other than higher",
    "F4": "Young person engaged full time in an apprenticeship",
    "P4": "Young person engaged part time in an apprenticeship",
    "F5": "Young person engaged full time in training or employment (not apprenticeship)",
    "P5": "Young person engaged part time in training or employment (not apprenticeship)",
    "G4": "Not in education, employment or training - illness or disability",
    "G5": "Not in education, employment or training - other",
    "G6": "Not in education, employment or training - pregnancy or parenting",
}


ELIGIBILITY = {
    "a": "a) Relevant child",
    "b": "b) Former relevant child",
    "c": "c) Qualifying care leaver",
    "d": "d) Eligible child",
}


FOSTERING_FOR_ADOPTION = {"U2", "U5"}  # foster placements that are FFA or concurrent planning placements


REVERSAL = {
    "RD1": "RD1 - The child's needs changed subsequent to the decision",
    "RD2": "RD2 - The Court did not make a placement order",
    "RD3": "RD3 - Prospective adopters could not be found",
    "RD4": "RD4 - Any other reason",
}


def care_leavers(
    returns: Path, people: dict, periods: pd.DataFrame, uasc: set, rng: random.Random
) -> tuple[str, list[str], list[list]]:
    """Everyone entitled to leaving care services on the run day: each OC3 young person (but those who died) with
    their latest record, the return in progress's where it has one, dated around the birthday it is for (the council
    records it then, as the SSDA903 asks); the children in care aged 16 or 17 (eligible children); and the young
    people who left care at 16 or over on a special guardianship or child arrangements order (qualifying care
    leavers)."""
    leavers = {}
    for folder, first in (("ssda903-2025", date(2024, 4, 1)), (f"ssda903-2026-to-{RUN_ON}", date(2025, 4, 1))):
        for y in pd.read_csv(returns / folder / "oc3.csv", dtype=str, keep_default_na=False).itertuples():
            leavers[y.CHILD] = (y, birthday(datetime.strptime(y.DOB, "%d/%m/%Y").date(), first))  # later wins
    rows = []
    for child, (y, due) in sorted(leavers.items()):
        if y.IN_TOUCH == "DIED":
            continue
        born = people[child]["born"]
        recorded = day(
            rng,
            (pd.Timestamp(due) - pd.DateOffset(months=3)).date(),
            min((pd.Timestamp(due) + pd.DateOffset(months=1)).date(), RUN_ON),
        )
        kind, suitable = (y.ACCOM[0], y.ACCOM[1]) if y.ACCOM != "0" else (None, None)
        rows.append(
            leaver(
                child,
                people,
                uasc,
                rng,
                "b" if age(born) >= 18 else "a",
                recorded,
                IN_TOUCH[y.IN_TOUCH],
                f"{kind}: {ACCOMMODATION[kind]}" if kind else None,
                {"1": "a) Suitable", "2": "b) Unsuitable"}.get(suitable),
                f"{y.ACTIV}: {ACTIVITY[y.ACTIV]}" if y.ACTIV != "0" else None,
            )
        )
    run = pd.Timestamp(RUN_ON)
    in_care = periods[
        (periods["start"] <= run - pd.Timedelta(weeks=13))
        & periods["end"].isna()
        & ~periods["legal"].isin(SHORT_BREAKS)
    ]
    for p in in_care.sort_values("CHILD").itertuples():
        if 16 <= age(people[p.CHILD]["born"]) <= 17:
            rows.append(
                leaver(
                    p.CHILD,
                    people,
                    uasc,
                    rng,
                    "d",
                    day(rng, RUN_ON - timedelta(days=42), RUN_ON),
                    "a) Yes",
                    None,
                    None,
                    "F2: " + ACTIVITY["F2"] if rng.random() < 0.8 else "G5: " + ACTIVITY["G5"],
                )
            )
    ordered = periods[periods["reason"].isin(SPECIAL_GUARDIANSHIP | CHILD_ARRANGEMENTS) & (periods["end"] <= run)]
    for p in ordered.sort_values("CHILD").itertuples():
        born, ended = people[p.CHILD]["born"], p.end.date()
        if ended.year - born.year - ((ended.month, ended.day) < (born.month, born.day)) >= 16:  # left care at 16+
            rows.append(
                leaver(
                    p.CHILD,
                    people,
                    uasc,
                    rng,
                    "c",
                    day(rng, RUN_ON - timedelta(days=120), RUN_ON),
                    rng.choice(["a) Yes"] * 4 + ["b) No"]),
                    "B: " + ACCOMMODATION["B"],
                    "a) Suitable",
                    rng.choice(["F2: " + ACTIVITY["F2"], "F5: " + ACTIVITY["F5"], "G5: " + ACTIVITY["G5"]]),
                )
            )
    return (
        "Care leavers",
        COMMON
        + [
            "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
            "Does the Child have a Disability",
            "Allocated Team",
            "Allocated Worker",
            "Allocated Personal Advisor",
            "Eligibility Category",
            "Latest Pathway Plan Review Date",
            "LA in Touch",
            "Latest Date of Contact",
            "Type of Accommodation",
            "Suitability of Accommodation",
            "Activity Status",
        ],
        rows,
    )


def leaver(
    child: str,
    people: dict,
    uasc: set,
    rng: random.Random,
    eligibility: str,
    recorded: date,
    in_touch: str,
    accommodation: str | None,
    suitable: str | None,
    activity: str | None,
) -> list:
    reviewed = day(rng, RUN_ON - timedelta(days=180), RUN_ON)
    return identity(child, people) + [
        "a) Yes" if child in uasc else "b) No",
        rng.choice(["a) Yes"] + ["b) No"] * 7),
        "Leaving Care",
        f"Worker {rng.randrange(1, 60):02d}",
        f"Adviser {rng.randrange(1, 25):02d}",
        ELIGIBILITY[eligibility],
        uk(reviewed),
        in_touch,
        uk(recorded),
        accommodation,
        suitable,
        activity,
    ]


def adoption(
    returns: Path, people: dict, periods: pd.DataFrame, rng: random.Random
) -> tuple[str, list[str], list[list]]:
    """The children adopted in the twelve months before the run (their period of care, AD1's decision and match,
    the adoption order on the day it ended), and the children in care on a placement order on the run day, waiting
    (its start the order's date). The SSDA903 holds no placement order, placement for adoption or fostering for
    adoption date for the children adopted: drawn here, in the order the adoption agency takes them (a few matches
    before the order, as the scorecard's A2 allows); the fostering for adoption date is the start of the child's last
    placement where that is an FFA or concurrent planning foster placement (U2, U5). Where the returns do not hold
    the start of a child's time in care, it starts with the earliest they hold."""
    ad1 = read_csvs(returns, "ad1.csv").drop_duplicates("CHILD").set_index("CHILD")
    run, rows = pd.Timestamp(RUN_ON), []
    adopted = periods[periods["reason"].isin(ADOPTED) & periods["end"].between(pd.Timestamp(PERIOD_STARTS), run)]
    for p in adopted.sort_values("CHILD").itertuples():
        if p.CHILD not in ad1.index:
            continue
        entered, ended = p.start.date(), p.end.date()
        decided = datetime.strptime(ad1.loc[p.CHILD, "DATE_INT"], "%d/%m/%Y").date()
        matched = datetime.strptime(ad1.loc[p.CHILD, "DATE_MATCH"], "%d/%m/%Y").date()
        fostering = p.placed.date() if p.place in FOSTERING_FOR_ADOPTION else None
        placed = max(
            matched,
            entered,
            min(matched + timedelta(days=rng.randrange(7, 43)), ended - timedelta(days=70)),
            fostering or entered,
        )
        placed = min(placed, ended)
        draw = rng.random()
        ordered = (
            None if draw < 0.1 else day(rng, matched, placed) if draw < 0.25 else day(rng, decided, matched)
        )  # with consent; after the match; between decision and match
        rows.append(adoptee(p.CHILD, people, rng, entered, decided, ordered, matched, placed, ended, fostering))
    waiting = periods[periods["end"].isna() & (periods["start"] <= run) & (periods["legal"] == "E1")]
    for p in waiting.sort_values("CHILD").itertuples():
        entered, ordered = p.start.date(), p.legal_since.date()
        decided = max(entered, ordered - timedelta(days=rng.randrange(30, 181)))
        matched = ordered + timedelta(days=rng.randrange(20, 201)) if rng.random() < 0.4 else None
        matched = matched if matched and matched <= RUN_ON else None
        placed = matched + timedelta(days=rng.randrange(7, 43)) if matched and rng.random() < 0.6 else None
        placed = placed if placed and placed <= RUN_ON else None
        # a few decisions reversed, in the twelve months (the guidance's)
        reversed_on = day(rng, max(decided, PERIOD_STARTS), RUN_ON) if not matched and rng.random() < 0.1 else None
        rows.append(
            adoptee(
                p.CHILD,
                people,
                rng,
                entered,
                decided,
                ordered,
                matched,
                placed,
                reversed_on=reversed_on,
                reason=REVERSAL[rng.choice(sorted(REVERSAL))] if reversed_on else None,
            )
        )
    return (
        "Adoption",
        ["Child Unique ID", "Family identifier"]
        + COMMON[1:]
        + [
            "Does the Child have a Disability",
            "Date the Child Entered Care",
            "Date of Decision that Child Should be Placed for Adoption",
            "Date of Placement Order",
            "Date of Matching Child and Prospective Adopters",
            "Date Placed for Adoption",
            "Date of Adoption Order",
            "Date of Decision that Child Should No Longer be Placed for Adoption",
            "Reason Why Child No Longer Placed for Adoption",
            "Date the child was placed for fostering in FFA or concurrent planning placement",
        ],
        rows,
    )


def adoptee(
    child: str,
    people: dict,
    rng: random.Random,
    entered: date,
    decided: date,
    ordered: date | None,
    matched: date | None,
    placed: date | None,
    adopted: date | None = None,
    fostering: date | None = None,
    reversed_on: date | None = None,
    reason: str | None = None,
) -> list:
    who = identity(child, people)
    return [
        who[0],
        f"F{rng.randrange(1000, 9999)}",
        *who[1:],
        rng.choice(["a) Yes"] + ["b) No"] * 9),
        *(uk(d) for d in (entered, decided, ordered, matched, placed, adopted, reversed_on)),
        reason,
        uk(fostering),
    ]
