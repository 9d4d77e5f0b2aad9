"""Make the example council's children in need census: CIN census XML for Kingsmere, synthetic.

EVERY CHILD HERE IS INVENTED. References (KM + six digits, from KM500000: never one of the
SSDA903 example's, which run from KM104000), dates of birth, UPNs and histories are drawn from a
seeded generator (standard library and lxml only: running it again writes byte-identical files);
no real record is used or imitated. Writes, in the DfE's CIN census XML layout:

    sefs/example-2025/returns/cin-2025/cin_census_2025.xml   1 April 2024 to 31 March 2025 (whole)
    sefs/example-2025/returns/cin-2026-to-2025-10-14/cin_census_2026.xml   April to 14 October 2025
    sefs/example-2025/returns/cin-2026/cin_census_2026.xml   1 April 2025 to 31 March 2026 (whole)

Eight and a half years of referrals are simulated (so that the long episodes open on 1 April 2024
have a history, and re-referrals a previous referral) at about the rates the example's published
files give Kingsmere for 2024-25: some 3,100 referrals a year, 2.6% leading to no further action,
about 29% closed after assessment, 89% of assessments within 45 working days, some 1,150 section
47 enquiries, 380 initial conferences and 340 child protection plans a year, a quarter of them a
second or subsequent plan. Each assessment's factors are drawn, with a generator of their own, at
the frequencies of Kingsmere's published C3 for 2024-25 (`FACTORS_PUBLISHED`): 82% of assessments
with one or more factors, the others "21" (no factors identified). The figures computed from the
census come near the published ones (tests/test_cin_census.py checks how near); they are not made
to equal them. The year's census in progress is the whole 2026 census as it stood on 14 October
2025: the simulation runs to that day, then goes on to 31 March 2026 with a generator of its own
(`CONTINUED`), so that the files written before the whole year was added stay as they were.

    python scripts/make_example_cin_census.py [--out DIR]
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from example_children import ETHNIC, out_folder
from lxml import etree

SIMULATION_STARTS = date(2016, 10, 1)
EXTRACTED = date(2025, 10, 14)  # the census in progress runs to this day
YEAR_ENDS = date(2026, 3, 31)  # the simulation goes on to the end of the year in progress
REFERRALS_A_YEAR = 3200
NO_FURTHER_ACTION, NOT_IN_NEED = 0.026, 0.29  # shares of referrals
REREFERRED = 0.3  # chance a referral is of a child referred in the 12 months before
# ... from 15 October 2025: 0.3 gave about 19% re-referrals as the 2025 census alone shows them (as published),
# but a 2026 census read with the 2025 one sees every previous referral, as the DfE does, and 0.3 then gives 31%
REREFERRED_CONTINUED = 0.19
SECTION_47 = {"in need": 0.5, "not in need": 0.06}
CONFERENCE_AFTER_S47, PLAN_AFTER_CONFERENCE = 0.36, 0.9
PREVIOUS_PLAN_ELSEWHERE = 0.24  # a first plan here after one before the simulation or in another council

ETHNIC_CIN = [*ETHNIC, "NOBT"]  # the census also records an ethnicity not yet obtained
SOURCES = (
    ["6"] * 8
    + ["2A"] * 5
    + ["3A", "3B", "3D", "3E", "3F"] * 2
    + ["1A", "1C", "1D", "2B", "4", "5A", "5B", "5C", "5D", "7", "8", "9", "10"]
)
NEEDS = ["N1"] * 14 + ["N2"] * 3 + ["N3", "N4", "N4", "N5", "N5", "N6", "N7", "N8", "N9", "N0"]
CLOSED_IN_NEED = ["RC7"] * 40 + ["RC5"] * 3 + ["RC6"] * 2 + ["RC3", "RC4", "RC1"]
CATEGORIES = ["NEG"] * 5 + ["EMO"] * 4 + ["PHY", "SAB", "MUL"]
# Factors identified at the end of assessment: Kingsmere's published counts for 2024-25 (data/example's C3, the
# episodes with an assessment completed in the year where each was identified), by the census code that records it,
# in the specification's order. 8E stands for all the privately fostered codes (8B to 8F); FGM (22A), published as
# "c" (1 to 5), as 3. 18A and 19A (perpetrator not recorded) are left out: the 2025 census does not know them.
FACTORS_PUBLISHED = {
    "1A": 55,
    "1B": 375,
    "1C": 57,
    "2A": 136,
    "2B": 417,
    "2C": 81,
    "3A": 330,
    "3B": 905,
    "3C": 139,
    "4A": 484,
    "4B": 924,
    "4C": 118,
    "5A": 301,
    "5B": 79,
    "5C": 38,
    "6A": 120,
    "6B": 142,
    "6C": 36,
    "7A": 124,
    "8E": 10,
    "9A": 24,
    "10A": 81,
    "11A": 53,
    "12A": 11,
    "13A": 50,
    "14A": 184,
    "15A": 142,
    "16A": 433,
    "17A": 485,
    "18B": 85,
    "18C": 318,
    "19B": 72,
    "19C": 99,
    "20": 401,
    "22A": 3,
    "23A": 12,
    "24A": 111,
}
EPISODES_WITH_FACTORS, ASSESSMENTS_PUBLISHED = 2596, 3167  # C3's Episodes_with_assessment_factor; A1's assessments
DISABILITIES = ["AUT", "LD", "COMM", "BEH", "MOB", "HEAR", "VIS", "PC"]
# working days from referral to an assessment's authorisation (band, weight): 11% beyond 45
ASSESSMENT_DAYS = [
    ((0, 0), 1),
    ((1, 10), 13),
    ((11, 20), 22),
    ((21, 30), 20),
    ((31, 40), 18),
    ((41, 45), 15),
    ((46, 80), 11),
]
# working days from a section 47's start to its initial conference: 85% within 15
CONFERENCE_DAYS = [((1, 10), 55), ((11, 15), 30), ((16, 20), 9), ((21, 35), 6)]
# calendar days a child protection plan lasts
PLAN_DAYS = [((30, 90), 12), ((91, 182), 29), ((183, 365), 44), ((366, 730), 11), ((731, 1200), 4)]
# calendar days an episode of need (with no plan) lasts after its assessment
EPISODE_DAYS = [((60, 200), 52), ((201, 550), 41), ((551, 2000), 7)]


@dataclass
class Episode:
    referral: date
    source: str
    need: str | None
    closed: date | None = None
    reason: str | None = None
    nfa: bool = False
    assessments: list[tuple[date, date, list[str]]] = field(default_factory=list)
    cin_plans: list[tuple[date, date | None]] = field(default_factory=list)
    section47s: list[tuple[date, date | None]] = field(default_factory=list)
    plans: list[dict] = field(default_factory=list)


@dataclass
class Child:
    ref: str
    born: date
    sex: str
    ethnic: str
    upn: str
    disabilities: list[str]
    episodes: list[Episode] = field(default_factory=list)
    plans: int = 0  # plans so far, here or before

    def free_on(self, day: date) -> bool:
        last = self.episodes[-1] if self.episodes else None
        return last is None or (last.closed is not None and last.closed < day)


def banded(rng: random.Random, bands: list[tuple[tuple[int, int], int]]) -> int:
    ((low, high),) = rng.choices([b for b, _ in bands], weights=[w for _, w in bands])
    return rng.randint(low, high)


def after_weekdays(day: date, weekdays: int) -> date:
    """The day `weekdays` weekdays after `day` (bank holidays are left to the reader to count)."""
    while weekdays > 0:
        day += timedelta(days=1)
        weekdays -= day.weekday() < 5
    return day


def referral_days(rng: random.Random, start: date, end: date) -> list[date]:
    """Referral dates from `start` to `end`: mostly on weekdays."""
    span = (end - start).days
    days = []
    for _ in range(round(REFERRALS_A_YEAR * span / 365.25)):
        day = start + timedelta(days=rng.randrange(span + 1))
        while day.weekday() >= 5 and rng.random() < 0.85:
            day = start + timedelta(days=rng.randrange(span + 1))
        days.append(day)
    return sorted(days)


def new_child(rng: random.Random, n: int, referral: date) -> Child:
    age = rng.choice([0] * 3 + list(range(1, 17)) + list(range(11, 17)))
    born = referral - timedelta(days=365 * age + rng.randrange(365))
    disabled = rng.random() < 0.1
    return Child(
        ref=f"KM{500000 + n * 3 + rng.randrange(3):06d}",
        born=born,
        sex=rng.choice("12"),
        ethnic=rng.choice(ETHNIC_CIN),
        upn=f"K{rng.randrange(10**11, 10**12)}" if age >= 5 else "",
        disabilities=rng.sample(DISABILITIES, rng.choice([1, 1, 2])) if disabled else [],
    )


def conference_and_plan(rng: random.Random, child: Child, episode: Episode, s47_start: date) -> date | None:
    """A section 47 enquiry, perhaps its initial conference and a plan; the plan's end, if one."""
    if rng.random() >= CONFERENCE_AFTER_S47:
        episode.section47s.append((s47_start, None))
        return None
    conference = after_weekdays(s47_start, banded(rng, CONFERENCE_DAYS))
    episode.section47s.append((s47_start, conference))
    if rng.random() >= PLAN_AFTER_CONFERENCE:
        return None
    previous = child.plans or (rng.choice([1, 1, 2]) if rng.random() < PREVIOUS_PLAN_ELSEWHERE else 0)
    end = conference + timedelta(days=banded(rng, PLAN_DAYS))
    reviews = [conference + timedelta(days=91)]
    while reviews[-1] + timedelta(days=182) < end:
        reviews.append(reviews[-1] + timedelta(days=182))
    category = rng.choice(CATEGORIES)
    episode.plans.append(
        {
            "start": conference,
            "end": end,
            "initial": category,
            "latest": category if rng.random() < 0.85 else rng.choice(CATEGORIES),
            "previous": previous,
            "reviews": [r for r in reviews if r < end],
        }
    )
    child.plans = previous + 1
    return end


def factors_at_assessment(rng: random.Random) -> list[str]:
    """An assessment's factors: none identified ("21") for the share of assessments C3 finds without one; else each
    factor on its own, at its published frequency among the episodes with factors (at least one)."""
    if rng.random() >= EPISODES_WITH_FACTORS / ASSESSMENTS_PUBLISHED:
        return ["21"]
    found = [code for code, count in FACTORS_PUBLISHED.items() if rng.random() < count / EPISODES_WITH_FACTORS]
    return found or rng.choices(list(FACTORS_PUBLISHED), weights=list(FACTORS_PUBLISHED.values()))


def episode_for(rng: random.Random, child: Child, referral: date, factor_rng: random.Random) -> Episode:
    """One referral's episode: no further action, closed after assessment, or in need. Its assessment's factors
    come from `factor_rng`, so that they leave the rest of the simulation as it was."""
    roll = rng.random()
    if roll < NO_FURTHER_ACTION:
        return Episode(referral, rng.choice(SOURCES), None, closed=referral, reason="RC8", nfa=True)
    need = "N2" if child.disabilities and rng.random() < 0.6 else rng.choice(NEEDS)
    episode = Episode(referral, rng.choice(SOURCES), need)
    authorised = after_weekdays(referral, banded(rng, ASSESSMENT_DAYS))
    started = min(authorised, referral + timedelta(days=rng.choice([0, 0, 1, 1, 2, 3])))
    rng.sample(range(14), rng.choice([1, 2, 2, 3]))  # the draw the factors were first made with, kept so that the
    # children, dates and plans stay the same (the example's Annex A is made from them)
    episode.assessments.append((started, authorised, factors_at_assessment(factor_rng)))
    in_need = roll >= NO_FURTHER_ACTION + NOT_IN_NEED
    plan_end = None
    if rng.random() < SECTION_47["in need" if in_need else "not in need"]:
        s47_start = min(authorised, after_weekdays(referral, rng.choice([0, 0, 1, 2, 3, 5, 8])))
        plan_end = conference_and_plan(rng, child, episode, s47_start) if in_need else None
        if not in_need:
            episode.section47s.append((s47_start, None))
    if not in_need:
        episode.closed, episode.reason = authorised + timedelta(days=rng.randrange(6)), rng.choice(["RC8", "RC9"])
        return episode
    if plan_end:
        episode.closed = plan_end + timedelta(days=rng.randrange(30, 200))
    else:
        episode.closed = authorised + timedelta(days=banded(rng, EPISODE_DAYS))
        episode.cin_plans.append((authorised + timedelta(days=rng.randrange(10)), episode.closed))
    episode.reason = rng.choice(CLOSED_IN_NEED)
    adult = date(child.born.year + 18, child.born.month, min(child.born.day, 28))
    if episode.closed >= adult:  # services for children end at 18
        episode.closed, episode.reason = adult - timedelta(days=1), rng.choice(["RC6", "RC7"])
        episode.cin_plans = [(s, min(e, episode.closed) if e else None) for s, e in episode.cin_plans]
        for plan in episode.plans:
            plan["end"] = min(plan["end"], episode.closed)
    return episode


@dataclass
class Simulation:
    children: list[Child] = field(default_factory=list)
    recent: list[tuple[date, Child]] = field(default_factory=list)  # each referral's day and child, oldest first
    oldest: int = 0  # the first of `recent` within the last 12 months

    def run(
        self, rng: random.Random, factor_rng: random.Random, start: date, end: date, rereferred: float = REREFERRED
    ) -> None:
        """Every referral from `start` to `end`, each of a child referred in the last year (if one is free) or of a
        new child."""
        for referral in referral_days(rng, start, end):
            recent = self.recent
            while recent[self.oldest :] and recent[self.oldest][0] < referral - timedelta(days=365):
                self.oldest += 1
            picks = (
                [recent[rng.randrange(self.oldest, len(recent))][1] for _ in range(20)] if recent[self.oldest :] else []
            )
            candidates = [c for c in picks if c.free_on(referral) and c.born > referral - timedelta(days=365 * 17)]
            if candidates and rng.random() < rereferred:
                child = candidates[0]
            else:
                child = new_child(rng, len(self.children), referral)
                self.children.append(child)
            child.episodes.append(episode_for(rng, child, referral, factor_rng))
            recent.append((referral, child))


def sub(parent: etree._Element, tag: str, value: object = None) -> etree._Element:
    element = etree.SubElement(parent, tag)
    if value is not None:
        element.text = value.isoformat() if isinstance(value, date) else str(value)
    return element


def shown(day: date | None, last: date) -> date | None:
    """A date as the census extracted on `last` knows it: not yet happened is not there."""
    return day if day is not None and day <= last else None


def write_episode(parent: etree._Element, episode: Episode, first: date, last: date) -> None:
    details = sub(parent, "CINdetails")
    sub(details, "CINreferralDate", episode.referral)
    sub(details, "ReferralSource", episode.source)
    if episode.need:
        sub(details, "PrimaryNeedCode", episode.need)
    if shown(episode.closed, last):
        sub(details, "CINclosureDate", episode.closed)
        sub(details, "ReasonForClosure", episode.reason)
    for started, authorised, factors in episode.assessments:
        if started <= last and authorised >= first:
            block = sub(details, "Assessments")
            sub(block, "AssessmentActualStartDate", started)
            if shown(authorised, last):
                sub(block, "AssessmentAuthorisationDate", authorised)
                listed = sub(block, "FactorsIdentifiedAtAssessment")
                for factor in factors:
                    sub(listed, "AssessmentFactors", factor)
    for start, end in episode.cin_plans:
        if start <= last and (end is None or end >= first):
            block = sub(details, "CINPlanDates")
            sub(block, "CINPlanStartDate", start)
            if shown(end, last):
                sub(block, "CINPlanEndDate", end)
    for start, conference in episode.section47s:
        if start <= last and (start >= first or (conference or start) >= first):
            block = sub(details, "Section47")
            sub(block, "S47ActualStartDate", start)
            if conference:
                sub(block, "InitialCPCtarget", after_weekdays(start, 15))
            if shown(conference, last):
                sub(block, "DateOfInitialCPC", conference)
            sub(block, "ICPCnotRequired", "false" if conference else "true")
    sub(details, "ReferralNFA", "true" if episode.nfa else "false")
    for plan in episode.plans:
        if plan["start"] <= last and plan["end"] >= first:
            block = sub(details, "ChildProtectionPlans")
            sub(block, "CPPstartDate", plan["start"])
            if shown(plan["end"], last):
                sub(block, "CPPendDate", plan["end"])
            sub(block, "InitialCategoryOfAbuse", plan["initial"])
            sub(block, "LatestCategoryOfAbuse", plan["latest"])
            sub(block, "NumberOfPreviousCPP", plan["previous"])
            reviews = [r for r in plan["reviews"] if r <= last]
            if reviews:
                listed = sub(block, "Reviews")
                for review in reviews:
                    sub(listed, "CPPreviewDate", review)


def write_child(parent: etree._Element, child: Child, episodes: list[Episode], first: date, last: date) -> None:
    element = sub(parent, "Child")
    identifiers = sub(element, "ChildIdentifiers")
    sub(identifiers, "LAchildID", child.ref)
    if child.upn:
        sub(identifiers, "UPN", child.upn)
    else:
        sub(identifiers, "UPNunknown", "UN1")
    sub(identifiers, "PersonBirthDate", child.born)
    sub(identifiers, "GenderCurrent", child.sex)
    characteristics = sub(element, "ChildCharacteristics")
    sub(characteristics, "Ethnicity", child.ethnic)
    if child.disabilities:  # optional: left out for the others, to keep the file smaller
        disabilities = sub(characteristics, "Disabilities")
        for disability in child.disabilities:
            sub(disabilities, "Disability", disability)
    for episode in episodes:
        write_episode(element, episode, first, last)


def write(path: Path, children: list[Child], year: int, last: date) -> int:
    """One census: every child with an episode open at some time from 1 April to `last`."""
    first = date(year - 1, 4, 1)
    message = etree.Element("Message")
    header = sub(message, "Header")
    details = sub(header, "CollectionDetails")
    sub(details, "Collection", "CIN")
    sub(details, "Year", year)
    sub(details, "ReferenceDate", date(year, 3, 31))
    source = sub(header, "Source")
    for tag, value in (
        ("SourceLevel", "L"),
        ("LEA", "991"),
        ("SoftwareCode", "sefbook example"),
        ("Release", "1"),
        ("SerialNo", "001"),
        ("DateTime", f"{last.isoformat()}T09:00:00"),
    ):
        sub(source, tag, value)
    listed = sub(message, "Children")
    written = 0
    for child in children:
        episodes = [e for e in child.episodes if e.referral <= last and (e.closed is None or e.closed >= first)]
        if episodes:
            write_child(listed, child, episodes, first, last)
            written += 1
    etree.indent(message, space="")  # one element a line, no indent: the file is large enough
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(etree.tostring(message, xml_declaration=True, encoding="UTF-8") + b"\n")
    return written


def main() -> None:
    out = out_folder(__doc__.splitlines()[0])
    simulation = Simulation()
    simulation.run(random.Random(20250331 + 2025), random.Random(20250331 + 3), SIMULATION_STARTS, EXTRACTED)
    children = simulation.children
    whole = write(out / "cin-2025" / "cin_census_2025.xml", children, 2025, date(2025, 3, 31))
    so_far = write(out / f"cin-2026-to-{EXTRACTED.isoformat()}" / "cin_census_2026.xml", children, 2026, EXTRACTED)
    # CONTINUED: the rest of the year, from the day after the extract, drawn apart from what came before
    simulation.run(
        random.Random(20260331 + 2026),
        random.Random(20260331 + 3),
        EXTRACTED + timedelta(days=1),
        YEAR_ENDS,
        REREFERRED_CONTINUED,
    )
    next_whole = write(out / "cin-2026" / "cin_census_2026.xml", simulation.children, 2026, YEAR_ENDS)
    print(f"{whole}, {so_far} and {next_whole} synthetic children written to {out}")


if __name__ == "__main__":
    main()
