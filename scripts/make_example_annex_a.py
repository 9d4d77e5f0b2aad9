"""Make the example council's Annex A: Ofsted's child-level lists for Kingsmere, run on 14 October 2025, synthetic.

EVERY CHILD HERE IS INVENTED. The lists are derived from the example's own synthetic returns (themselves drawn by
seeded generators: scripts/make_example_returns.py and scripts/make_example_cin_census.py), so that they agree
with them by construction:

    sefs/example-2025/returns/ssda903-2025/, ssda903-2026-to-2025-10-14/   List 8 (children in care), 9, 10
    sefs/example-2025/returns/cin-2025/, cin-2026-to-2025-10-14/           Lists 3 to 7

The lists cover the twelve months before the run, 15 October 2024 to 14 October 2025: every episode of need (List
6), child protection plan (List 7) and period of care (List 8) open at some time in them, one row each, with its end
if it ended by the run; referrals in them, with whether each led to no further action (List 3, from ReferralNFA);
assessments open at some time in them, with their start and authorisation (List 4); section 47 enquiries started in
them or whose initial conference was held in them, with its date (List 5); each plan's number of previous plans
(List 7, from NumberOfPreviousCPP), so that Annex A's year-to-date shares can be checked against the census's
(tests/test_annex_a.py); everyone entitled to leaving care services on the run day (List 9: each OC3 young person
with their latest record, dated around the birthday it is for, the eligible children in care aged 16 or 17 and the
qualifying care leavers who left care at 16 or over on an order), and the children adopted in the twelve months or
waiting on a placement order (List 10: AD1's decision and match, the adoption order on the day care ended; the dates
the SSDA903 does not hold drawn in the order they come in; see `care_leavers` and `adoption`), so that Annex A's care
leaver and adoption figures can be checked against the return in progress's OC3 and AD1. A period of care is its
episodes joined (SSDA903's X1); where its first episode is in a year before the returns' it starts, as far as they
tell, with the earliest they hold. Lists 1, 2 and 11 (contacts, early help, adopters) feed no figure: small invented
samples, drawn from a seeded generator (Lists 9 and 10 from generators of their own, so that the other lists stay as
they were). Each sheet has Ofsted's list title and a blank row above its header row, as councils' workbooks often
do; columns are each list's core ones (not every column the guidance asks for; Lists 9 and 10 have all of theirs).
The workbook is written with fixed metadata and zip times: running this again writes a
byte-identical file.

    python scripts/make_example_annex_a.py [--returns DIR]
"""

from __future__ import annotations

import argparse
import io
import random
import re
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
from example_annex_a_leavers import (
    adoption,
    care_leavers,
)
from example_annex_a_rows import COMMON, PERIOD_STARTS, RUN_ON, identity, read_csvs, uk
from lxml import etree
from openpyxl import Workbook

from sefbook.inputs.returns.cin_census.read import read_cin_census
from sefbook.inputs.returns.ssda903.codes import NEW_PLACEMENT

ROOT = Path(__file__).resolve().parents[1]
SEED = 20251014
FIXED_TIME = datetime(2025, 10, 14, 9, 0, 0)
GENDER = {"1": "a) Male", "2": "b) Female"}
NEEDS = {
    "N0": "Not stated",
    "N1": "Abuse or neglect",
    "N2": "Child's disability",
    "N3": "Parental disability or illness",
    "N4": "Family in acute stress",
    "N5": "Family dysfunction",
    "N6": "Socially unacceptable behaviour",
    "N7": "Low income",
    "N8": "Absent parenting",
    "N9": "Cases other than children in need",
}
CLOSURES = {
    "RC1": "Adopted",
    "RC2": "Died",
    "RC3": "Child arrangements order",
    "RC4": "Special guardianship order",
    "RC5": "Transferred to services of another local authority",
    "RC6": "Transferred to adult social care services",
    "RC7": "Services ceased for any other reason, including child no longer in need",
    "RC8": "Case closed after assessment, no further action",
    "RC9": "Case closed after assessment, referred to early help",
}
ABUSE = {
    "NEG": "a) Neglect",
    "PHY": "b) Physical abuse",
    "SAB": "c) Sexual abuse",
    "EMO": "d) Emotional abuse",
    "MUL": "e) Multiple/not recommended",
}
TEAMS = [
    "Assessment North",
    "Assessment South",
    "Children in Need",
    "Child Protection",
    "Children in Care",
    "Leaving Care",
]


def as_date(value: object) -> date | None:
    return value.date() if isinstance(value, pd.Timestamp) and pd.notna(value) else None


def in_period(start: pd.Series, end: pd.Series) -> pd.Series:
    """Open at some time in the period: started by the run, not ended before the period."""
    return (start <= pd.Timestamp(RUN_ON)) & (end.isna() | (end >= pd.Timestamp(PERIOD_STARTS)))


# --- the CIN census: Lists 3 to 7 ------------------------------------------------------------------------------


def cin_children(paths: list[Path]) -> dict[str, dict]:
    """Each census child's characteristics (the later census's where both hold the child)."""
    children = {}
    for path in paths:
        for child in etree.parse(str(path)).getroot().iterfind("Children/Child"):
            ref = child.findtext("ChildIdentifiers/LAchildID")
            born = child.findtext("ChildIdentifiers/PersonBirthDate")
            children[ref] = {
                "gender": GENDER.get(child.findtext("ChildIdentifiers/GenderCurrent"), "c) Not stated/recorded"),
                "ethnicity": child.findtext("ChildCharacteristics/Ethnicity"),
                "born": date.fromisoformat(born) if born else None,
                "disabled": "a) Yes" if child.find("ChildCharacteristics/Disabilities") is not None else "b) No",
            }
    return children


def combined(frames: list[pd.DataFrame], key: list[str]) -> pd.DataFrame:
    """Two returns' rows as one: where both hold a row (open across 31 March), the later return's."""
    return pd.concat(frames[::-1]).drop_duplicates(key, keep="first").sort_values(key, kind="stable")


def census_lists(returns: Path, rng: random.Random) -> dict[int, tuple[str, list[str], list[list]]]:
    censuses = [read_cin_census(returns / "cin-2025"), read_cin_census(returns / f"cin-2026-to-{RUN_ON}")]
    people = cin_children([c.file for c in censuses])
    episodes = combined([c.episodes for c in censuses], ["child", "CINreferralDate"])
    plans = combined([c.plans for c in censuses], ["child", "CPPstartDate"])
    assessments = combined([c.assessments for c in censuses], ["child", "AssessmentActualStartDate"])
    s47s = combined([c.section47s for c in censuses], ["child", "S47ActualStartDate"])
    team = lambda: [rng.choice(TEAMS[:4]), f"Worker {rng.randrange(1, 90):02d}"]
    lists = {}
    referred = episodes[episodes["CINreferralDate"].between(pd.Timestamp(PERIOD_STARTS), pd.Timestamp(RUN_ON))]
    counts = referred.groupby("child")["CINreferralDate"].transform("size")
    lists[3] = (
        "Referrals",
        COMMON
        + [
            "Date of referral",
            "Referral Source",
            "Referral NFA?",
            "Number of Referrals in Last 12 Months",
            "Allocated Team",
            "Allocated Worker",
        ],
        [
            identity(e.child, people)
            + [uk(e.CINreferralDate), e.ReferralSource, "a) Yes" if e.ReferralNFA else "b) No", int(n)]
            + team()
            for e, n in zip(referred.itertuples(), counts)
        ],
    )
    done = assessments[in_period(assessments["AssessmentActualStartDate"], assessments["AssessmentAuthorisationDate"])]
    lists[4] = (
        "Assessments",
        COMMON
        + [
            "Does the Child have a Disability",
            "Continuous Assessment Start Date",
            "Continuous Assessment Date of Authorisation",
            "Allocated Team",
            "Allocated Worker",
        ],
        [
            identity(a.child, people)
            + [
                people.get(a.child, {}).get("disabled"),
                uk(a.AssessmentActualStartDate),
                uk(a.AssessmentAuthorisationDate),
            ]
            + team()
            for a in done.itertuples()
        ],
    )
    # every enquiry started in the period, and any started before it whose conference was held in it
    enquiries = s47s[
        s47s["S47ActualStartDate"].between(pd.Timestamp(PERIOD_STARTS), pd.Timestamp(RUN_ON))
        | s47s["DateOfInitialCPC"].between(pd.Timestamp(PERIOD_STARTS), pd.Timestamp(RUN_ON))
    ]
    lists[5] = (
        "Section 47 enquiries and ICPCs",
        COMMON
        + [
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Was an Initial Child Protection Conference deemed unnecessary?",
            "Date of Initial Child Protection Conference",
            "Allocated Team",
            "Allocated Worker",
        ],
        [
            identity(s.child, people)
            + [uk(s.S47ActualStartDate), "a) Yes" if s.ICPCnotRequired == "true" else "b) No", uk(s.DateOfInitialCPC)]
            + team()
            for s in enquiries.itertuples()
        ],
    )
    lists[6] = ("Children in need", *list_6(episodes, plans, assessments, people, team))
    lists[7] = ("Child protection", *list_7(plans, people, team))
    return lists


def list_6(episodes: pd.DataFrame, plans: pd.DataFrame, assessments: pd.DataFrame, people: dict, team) -> tuple:
    """Every episode of need open at some time in the period; a referral that led to no further action is none."""
    need = episodes[in_period(episodes["CINreferralDate"], episodes["CINclosureDate"]) & ~episodes["ReferralNFA"]]
    on_plan = set(plans.loc[plans["CPPendDate"].isna(), "child"])
    assessing = set(assessments.loc[assessments["AssessmentAuthorisationDate"].isna(), "child"])
    rows = []
    for e in need.itertuples():
        closed = pd.notna(e.CINclosureDate)
        status = (
            "e) Closed episode"
            if closed
            else "b) Child Protection plan"
            if e.child in on_plan
            else "d) Open assessment"
            if e.child in assessing
            else "c) Child in need plan"
        )
        rows.append(
            identity(e.child, people)
            + [
                people.get(e.child, {}).get("disabled"),
                uk(e.CINreferralDate),
                f"{e.PrimaryNeedCode} - {NEEDS[e.PrimaryNeedCode]}"
                if isinstance(e.PrimaryNeedCode, str)
                else "N0 - Not stated",
                uk(e.CINclosureDate),
                f"{e.ReasonForClosure} - {CLOSURES[e.ReasonForClosure]}" if closed else None,
                status,
            ]
            + team()
        )
    return (
        COMMON
        + [
            "Does the Child have a Disability",
            "CIN Start Date",
            "Primary Need Code",
            "CIN Closure Date",
            "Reason for Closure",
            "Case Status",
            "Allocated Team",
            "Allocated Worker",
        ],
        rows,
    )


def list_7(plans: pd.DataFrame, people: dict, team) -> tuple:
    """Every child protection plan open at some time in the period."""
    listed = plans[in_period(plans["CPPstartDate"], plans["CPPendDate"])]
    rows = [
        identity(p.child, people)
        + [
            people.get(p.child, {}).get("disabled"),
            uk(p.CPPstartDate),
            ABUSE[p.InitialCategoryOfAbuse],
            ABUSE[p.LatestCategoryOfAbuse],
            uk(p.CPPendDate),
            int(p.NumberOfPreviousCPP),
        ]
        + team()
        for p in listed.itertuples()
    ]
    return (
        COMMON
        + [
            "Does the Child have a Disability",
            "Child Protection Plan Start Date",
            "Initial Category of Abuse",
            "Latest Category of Abuse",
            "Child Protection Plan End Date",
            "Number of Previous Child Protection Plans",
            "Allocated Team",
            "Allocated Worker",
        ],
        rows,
    )


# --- the SSDA903: Lists 8 to 10 --------------------------------------------------------------------------------


def periods_of_care(episodes: pd.DataFrame) -> pd.DataFrame:
    """Each period of care: episodes joined while one ends with X1 on the day the next starts."""
    e = episodes.assign(
        DECOM=pd.to_datetime(episodes["DECOM"], format="%d/%m/%Y"),
        DEC=pd.to_datetime(episodes["DEC"], format="%d/%m/%Y", errors="coerce"),
    )
    e = e.drop_duplicates(["CHILD", "DECOM"], keep="first").sort_values(["CHILD", "DECOM"], kind="stable")
    e = e.reset_index(drop=True)
    by_child = e.groupby("CHILD")
    joined = (by_child["REC"].shift() == "X1") & (e["DECOM"] == by_child["DEC"].shift()) & (e["RNE"] != "S")
    period = (~joined).cumsum()
    legal_changed = (period != period.shift()) | (e["LS"] != e["LS"].shift())  # the current legal status's start
    grouped = e.groupby(period)
    ends = grouped.tail(1)
    last = ends.set_index(period[ends.index])  # the period's last episode, as it is (open: no end)
    return pd.DataFrame(
        {
            "CHILD": grouped["CHILD"].first(),
            "start": grouped["DECOM"].first(),
            "end": last["DEC"].where(last["REC"] != "X1"),
            "reason": last["REC"],
            "legal": last["LS"],
            "legal_since": e["DECOM"].where(legal_changed).groupby(period).last(),
            "need": grouped["CIN"].first(),
            "place": last["PLACE"],
            "provider": last["PLACE_PROVIDER"],
            "postcode": last["PL_POST"],
            "urn": last["URN"],
            "placed": last["DECOM"],
            "placements": grouped["RNE"].agg(lambda r: int(r.isin(NEW_PLACEMENT).sum())),
        }
    )


def ssda903_lists(returns: Path, rng: random.Random) -> dict[int, tuple[str, list[str], list[list]]]:
    header = read_csvs(returns, "header.csv").drop_duplicates("CHILD")
    people = {
        h.CHILD: {"gender": GENDER[h.SEX], "ethnicity": h.ETHNIC, "born": datetime.strptime(h.DOB, "%d/%m/%Y").date()}
        for h in header.itertuples()
    }
    uasc = set(read_csvs(returns, "uasc.csv")["CHILD"])
    periods = periods_of_care(read_csvs(returns, "episodes.csv"))
    listed = periods[in_period(periods["start"], periods["end"])].sort_values(["CHILD", "start"], kind="stable")
    within_year = listed["start"] >= pd.Timestamp(RUN_ON) - pd.DateOffset(months=12)
    earlier_this_year = within_year.groupby(listed["CHILD"]).cumsum() - within_year  # earlier periods in 12 months
    rows = []
    for p, subsequent in zip(listed.itertuples(), (earlier_this_year > 0) & within_year):
        rows.append(
            identity(p.CHILD, people)
            + [
                "a) Yes" if p.CHILD in uasc else "b) No",
                "b) No",
                uk(p.start),
                f"{p.need} - {NEEDS.get(p.need, '')}",
                "a) Yes" if subsequent else "b) No",
                uk(p.legal_since),
                p.legal,
                p.placements if pd.isna(p.end) else None,
                uk(p.end),
                p.reason if pd.notna(p.end) else None,
                uk(p.placed),
                p.place,
                p.provider,
                p.postcode,
                p.urn if p.urn != "XXXXXXX" else None,
                rng.choice(["a) In", "a) In", "b) Out"]),
                "Children in Care",
                f"Worker {rng.randrange(1, 60):02d}",
            ]
        )
    columns = COMMON + [
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
        "Does the Child have a Disability",
        "Date Started to be Looked After",
        "Child's Category of Need",
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
        "Start date of current legal status",
        "Child's Legal Status",
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement",
        "Placement Type",
        "Placement Provider",
        "Placement postcode",
        "URN of Placement",
        "Placement Location",
        "Allocated Team",
        "Allocated Worker",
    ]
    lists = {8: ("Children in care", columns, rows)}
    lists[9] = care_leavers(returns, people, periods, uasc, random.Random(f"{SEED}-list-9"))
    lists[10] = adoption(returns, people, periods, random.Random(f"{SEED}-list-10"))
    return lists


# --- the samples that feed no figure: Lists 1, 2 and 11 --------------------------------------------------------


def samples(rng: random.Random) -> dict[int, tuple[str, list[str], list[list]]]:
    def day() -> str:
        return uk(PERIOD_STARTS + timedelta(days=rng.randrange((RUN_ON - PERIOD_STARTS).days + 1)))

    contacts = [
        [
            f"KM{600000 + i * 3 + rng.randrange(3)}",
            rng.choice(list(GENDER.values())),
            "a) WBRI",
            None,
            rng.randrange(0, 18),
            day(),
            rng.choice(["e) 2A: Schools", "q) 6: Police", "g) 3A: Health services"]),
        ]
        for i in range(40)
    ]
    early_help = [
        [
            f"KM{700000 + i * 3 + rng.randrange(3)}",
            rng.choice(list(GENDER.values())),
            "a) WBRI",
            None,
            rng.randrange(0, 18),
            day(),
            None,
            "Kingsmere Family Help",
        ]
        for i in range(20)
    ]
    adopters = [
        [f"AD{800 + i}", f"F{400 + i // 2}", rng.choice(list(GENDER.values())), "a) WBRI", "b) No", "No", day()]
        for i in range(10)
    ]
    return {
        1: ("Contacts", COMMON + ["Date of Contact", "Contact Source"], contacts),
        2: (
            "Early help",
            COMMON + ["Assessment start date", "Assessment completion date", "Organisation completing assessment"],
            early_help,
        ),
        11: (
            "Adopters",
            [
                "Individual adopter identifier",
                "Family identifier",
                "Gender",
                "Ethnicity",
                "Disability",
                "Is the (prospective) adopter fostering for adoption?",
                "Date enquiry received",
            ],
            adopters,
        ),
    }


# --- the workbook ----------------------------------------------------------------------------------------------


def workbook(lists: dict[int, tuple[str, list[str], list[list]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for number in sorted(lists):
        title, columns, rows = lists[number]
        ws = wb.create_sheet(f"List {number}")
        ws.append([f"Annex A List {number}: {title} (Kingsmere, synthetic; lists run {uk(RUN_ON)})"])
        ws.append([])
        ws.append(columns)
        for row in rows:
            ws.append(row)
    wb.properties.creator = "sefbook example"
    wb.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    return fixed_zip(buffer.getvalue())


def fixed_zip(data: bytes) -> bytes:
    """The workbook with fixed zip times and a fixed modified date (openpyxl stamps both with the time now)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + FIXED_TIME.isoformat().encode() + b"Z", content
                )
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--returns", type=Path, default=ROOT / "sefs" / "example-2025" / "returns")
    args = parser.parse_args()
    rng = random.Random(SEED)
    lists = samples(rng) | census_lists(args.returns, rng) | ssda903_lists(args.returns, rng)
    folder = args.returns / f"annex-a-{RUN_ON.isoformat()}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "annex_a.xlsx").write_bytes(workbook(lists))
    print(
        f"Annex A run on {RUN_ON} written to {folder}: "
        + ", ".join(f"List {n} {len(v[2])} rows" for n, v in sorted(lists.items()))
    )


if __name__ == "__main__":
    main()
