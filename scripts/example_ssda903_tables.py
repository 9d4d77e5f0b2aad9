"""The example SSDA903 return's other tables (OC2, OC3, AD1, placed for adoption, UASC, missing, reviews, previous permanence, social workers), drawn for scripts/make_example_returns.py; dates written as SSDA903 writes them."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sefbook.inputs.returns.ssda903.codes import ADOPTED, OPTIONAL_TABLES

# Each other table's file, by the name sefbook's reader gives it (it knows a table by its columns)
FILES = {
    "OC2": "oc2.csv",
    "OC3": "oc3.csv",
    "AD1": "ad1.csv",
    "placed for adoption": "placed_for_adoption.csv",
    "UASC": "uasc.csv",
    "missing": "missing.csv",
    "reviews": "reviews.csv",
    "previous permanence": "previous_permanence.csv",
    "social worker episodes": "social_workers.csv",
}
OTHER_TABLES = {FILES[spec.name]: list(spec.columns) for spec in OPTIONAL_TABLES}


def day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def d(when: date | None) -> str:
    return when.strftime("%d/%m/%Y") if when else ""


def birthday(born: date, first: date) -> date:
    """The child's birthday in the collection year that starts on `first` (29 February: 1 March)."""
    year = first.year if (born.month, born.day) >= (first.month, first.day) else first.year + 1
    return date(year, 3, 1) if (born.month, born.day) == (2, 29) else born.replace(year=year)


def age_on(born: date, day_: date) -> int:
    return day_.year - born.year - ((day_.month, day_.day) < (born.month, born.day))


def spans(c: dict, first: date, last: date) -> list[tuple[date, date | None]]:
    """Each period in care as (start, end or None), kept if it overlaps the collection."""
    found = [(p[0]["DECOM"], p[-1]["DEC"]) for p in c["periods"]]
    return [(s, e) for s, e in found if s <= last and (e is None or e >= first) and c["periods"][0][0]["LS"] != "V3"]


def other_tables(
    rng: random.Random, children: list[dict], first: date, last: date, leaving: list[dict]
) -> dict[str, tuple[list[str], list[dict]]]:
    rows: dict[str, list[dict]] = {name: [] for name in OTHER_TABLES}
    for c in children:
        periods = spans(c, first, last)
        if not periods:
            continue
        ref, born = c["ref"], d(c["dob"])
        start, end = periods[-1]
        whole_year = start <= first and (end is None or end > last)
        age = age_on(c["dob"], last)
        if whole_year:
            rows["oc2.csv"].append(oc2_row(rng, ref, born, age))
        if end and end <= last and c["periods"][-1][-1]["REC"] in ADOPTED:
            rows["ad1.csv"].append(
                dict(CHILD=ref, DOB=born, **c["ad1"]) if "ad1" in c else ad1_row(rng, ref, born, start, end)
            )
            rows["placed_for_adoption.csv"].append(
                {
                    "CHILD": ref,
                    "DOB": born,
                    "DATE_PLACED": rows["ad1.csv"][-1]["DATE_INT"],
                    "DATE_PLACED_CEASED": "",
                    "REASON_PLACED_CEASED": "",
                }
            )
        if c["uasc"]:
            eighteen = c["dob"].replace(year=c["dob"].year + 18) if (c["dob"].month, c["dob"].day) != (2, 29) else None
            rows["uasc.csv"].append(
                {
                    "CHILD": ref,
                    "SEX": c["sex"],
                    "DOB": born,
                    "DUC": d(eighteen if eighteen and eighteen <= last else None),
                }
            )
        if start >= first:
            permanence = rng.random() < 0.08
            rows["previous_permanence.csv"].append(
                {
                    "CHILD": ref,
                    "DOB": born,
                    "PREV_PERM": "P1" if permanence else "Z1",
                    "LA_PERM": "991" if permanence else "",
                    "DATE_PERM": d(day(rng, c["dob"], start)) if permanence else "",
                }
            )
        rows["reviews.csv"] += [
            {"CHILD": ref, "DOB": born, "REVIEW": d(r), "REVIEW_CODE": rng.choice(["PN1"] * 8 + ["PN0", "PN2"])}
            for r in review_days(start, end, first, last)
        ]
        rows["missing.csv"] += missing_rows(rng, ref, born, max(start, first), min(end or last, last), last)
        rows["social_workers.csv"] += social_worker_rows(rng, ref, born, start, end, first, last)
    for y in leaving:
        rows["oc3.csv"].append(oc3_row(rng, y, age_on(y["dob"], date(first.year + 1, 3, 31))))
    return {name: (OTHER_TABLES[name], table) for name, table in rows.items()}


def oc2_row(rng: random.Random, ref: str, born: str, age: int) -> dict:
    """Health and offending of a child looked after for a whole year; a check that does not apply is blank."""
    score = min(40, max(0, round(rng.gauss(14, 7)))) if 5 <= age <= 16 and rng.random() < 0.85 else None
    misuse = rng.random() < 0.03
    yes = lambda share: "1" if rng.random() < share else "0"
    return {
        "CHILD": ref,
        "DOB": born,
        "SDQ_SCORE": "" if score is None else str(score),
        "SDQ_REASON": "" if not 4 <= age <= 17 else ("SDQ1" if score is not None else rng.choice(["SDQ2", "SDQ4"])),
        "CONVICTED": yes(0.03) if age >= 10 else "",
        "HEALTH_CHECK": yes(0.9) if age < 5 else "",
        "IMMUNISATIONS": yes(0.84),
        "TEETH_CHECK": yes(0.83),
        "HEALTH_ASSESSMENT": yes(0.92),
        "SUBSTANCE_MISUSE": "1" if misuse else "0",
        "INTERVENTION_RECEIVED": yes(0.6) if misuse else "",
        "INTERVENTION_OFFERED": yes(0.9) if misuse else "",
    }


def ad1_row(rng: random.Random, ref: str, born: str, start: date, end: date) -> dict:
    """An adoption: decided, then matched some months later, then placed and adopted."""
    matched = max(start + timedelta(days=2), end - timedelta(days=rng.randrange(90, 300)))
    decided = max(start + timedelta(days=1), matched - timedelta(days=rng.randrange(60, 420)))
    return {
        "CHILD": ref,
        "DOB": born,
        "DATE_INT": d(decided),
        "DATE_MATCH": d(matched),
        "FOSTER_CARE": rng.choice("0001"),
        **adopters(rng),
    }


def adopters(rng: random.Random) -> dict:
    """An AD1 row's adopters: how many, their sexes and their legal status."""
    return {
        "NB_ADOPTR": rng.choice("122"),
        "SEX_ADOPTR": rng.choice(["MF", "MF", "MF", "FF", "MM", "F1"]),
        "LS_ADOPTR": rng.choice(["L0", "L0", "L11", "L12", "L2"]),
    }


def review_days(start: date, end: date | None, first: date, last: date) -> list[date]:
    """Reviews within 20 working days of coming into care, three months later, then every six months."""
    due, reviews, gap = start + timedelta(days=28), [], 91
    while due <= min(end or last, last):
        if due >= first:
            reviews.append(due)
        due, gap = due + timedelta(days=gap), 182
    return reviews


def missing_rows(rng: random.Random, ref: str, born: str, start: date, end: date, last: date) -> list[dict]:
    rows = []
    if end > start and rng.random() < 0.1:
        for _ in range(rng.choice([1, 1, 2, 3])):
            went = day(rng, start, end)
            back = went + timedelta(days=rng.randrange(0, 4))
            rows.append(
                {
                    "CHILD": ref,
                    "DOB": born,
                    "MISSING": rng.choice("MMMA"),
                    "MIS_START": d(went),
                    "MIS_END": d(back if back <= last else None),
                }
            )
    return rows


def social_worker_rows(
    rng: random.Random, ref: str, born: str, start: date, end: date | None, first: date, last: date
) -> list[dict]:
    """The child's social workers over its time in care: most have one or two in a year, a few three or more."""
    allocated = max(start, first - timedelta(days=rng.randrange(0, 700)))
    finish = min(end or last, last)
    changes = sorted(
        {
            day(rng, allocated + timedelta(days=1), finish)
            for _ in range(rng.choice([0] * 9 + [1] * 6 + [2] * 2))
            if finish > allocated + timedelta(days=1)
        }
    )
    bounds = [allocated, *changes]
    rows = []
    for i, begin in enumerate(bounds):
        ended = bounds[i + 1] if i + 1 < len(bounds) else (end if end and end <= last else None)
        if ended is None or ended >= first:
            rows.append(
                {
                    "CHILD": ref,
                    "DOB": born,
                    "SW_ID": f"SW{rng.randrange(1000, 1200)}",
                    "SW_DECOM": d(begin),
                    "SW_DEC": d(ended),
                    "SW_REASON": rng.choice(["LEFTRL", "MANAGE", "ORGRST", "CHCHAN", "OTHERS"]) if ended else "",
                }
            )
    return rows


def oc3_row(rng: random.Random, y: dict, age: int) -> dict:
    """A care leaver around the birthday: in touch or not, activity and accommodation, near the published shares."""
    touch = rng.choices(["YES", "NO", "REFU", "NREQ", "DIED", "RHOM"], [95, 2, 1, 2, 0.3, 0.5])[0]
    if age <= 18:
        activity = rng.choices(
            ["F2", "P2", "F1", "F4", "F5", "P5", "G4", "G5", "G6", "0"], [40, 6, 2, 3, 12, 4, 3, 21, 3, 1]
        )[0]
    else:
        activity = rng.choices(
            ["F2", "P2", "F1", "P1", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"],
            [18, 4, 8, 1, 4, 1, 19, 6, 7, 26, 5, 1],
        )[0]
    kind = rng.choice("BBCDDDEKTUUUUZZ")
    suitable = "1" if rng.random() < 0.91 else "2"
    return {
        "CHILD": y["ref"],
        "DOB": d(y["dob"]),
        "IN_TOUCH": touch,
        "ACTIV": activity,
        "ACCOM": "0" if rng.random() < 0.03 else kind + suitable,
    }
