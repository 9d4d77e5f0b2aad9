"""Care leavers' measures from List 9 (in touch, in education, employment or training, suitably housed), by year to date."""

from __future__ import annotations

from datetime import date

import pandas as pd

from sefbook.inputs.returns.annex_a.lists import BIRTHDAY_AFTER, BIRTHDAY_BEFORE, FORMER_RELEVANT, SPECS, AnnexA, listed
from sefbook.inputs.returns.annex_a.quarters import quarter_ends
from sefbook.inputs.returns.ssda903.codes import (
    APPRENTICESHIP,
    EET,
    EET_BEFORE_2022,
    HIGHER_EDUCATION,
    NEET,
    NOT_A_CARE_LEAVER_NOW,
)

LEAVER_BASE = ("born", "eligibility", "in_touch", "contact")  # who is counted, and when their status was recorded
LEAVER_SHARES = {  # indicator: the column it rests on, and which of the young people it counts
    "care_leavers_in_touch": ("in_touch", lambda code: code == "YES"),
    "care_leavers_eet": ("activity", lambda code: code.isin(EET_BEFORE_2022 | EET)),
    "care_leavers_neet_19_21": ("activity", lambda code: code.isin(NEET)),
    "care_leavers_higher_education_19_21": ("activity", lambda code: code.isin(HIGHER_EDUCATION)),
    "care_leavers_apprenticeship_19_21": ("activity", lambda code: code.isin(APPRENTICESHIP)),
    "care_leavers_activity_not_known_19_21": ("activity", lambda code: code.isna()),  # blank: SSDA903's 0
    "care_leavers_suitable_accommodation": ("suitability", lambda code: code == "a"),  # blank: not known
}
APPRENTICESHIPS_FROM = 2022  # F4, P4 from the collection year 2021-22, as ssda903/ counts them
LEAVER_INDICATORS = (*LEAVER_SHARES, "care_leavers_19_21_count")
LEAVERS_17_18 = (
    "List 9 gives each young person's eligibility on the day the lists were run, not at their "
    "birthday: a 17-year-old who left care after their birthday is a care leaver on the run day but was "
    "not one at the birthday, and the DfE's 17 to 18 measures do not count them (the SSDA903 asks no "
    "OC3 record for them)"
)
# Indicators an Annex A never gives, and why
NOT_FROM_ANNEX_A = {
    "care_leavers_eet_17_18": LEAVERS_17_18,
    "care_leavers_suitable_accommodation_17_18": LEAVERS_17_18,
    "adoption_a10_days": "List 10 does not say whether a child was adopted by its foster carers, nor when a child "
    "moved in with foster carers who went on to adopt it unless they fostered it as a fostering "
    "for adoption or concurrent planning placement: the scorecard's A10 counts every foster "
    "carer adoption to the day the child moved in with them",
}


def _birthday_between(born: pd.Timestamp, first: date, last: date) -> pd.Timestamp | None:
    """The young person's birthday from `first` to `last` (a year at most), or None; 29 February's falls on 1 March in
    other years, as a person born then comes of age (Family Law Reform Act 1969, s. 9)."""
    for year in range(first.year, last.year + 1):
        try:
            day = born.replace(year=year)
        except ValueError:
            day = pd.Timestamp(year, 3, 1)
        if pd.Timestamp(first) <= day <= pd.Timestamp(last):
            return day
    return None


def care_leavers_19_21(annex: AnnexA, first: date, last: date) -> tuple[pd.DataFrame, int]:
    """The young people the DfE's 19 to 21 measures count over `first` to `last`: the former relevant young people
    whose 19th, 20th or 21st birthday fell in it, but those who died or went home to their parents (as ssda903/
    counts OC3's); and how many of them List 9 does not give the status around that birthday for (their Latest Date
    of Contact not within the three months before to the month after it)."""
    leavers = listed(annex.care_leavers, 9)
    birthday = pd.to_datetime(leavers["born"].map(lambda born: _birthday_between(born, first, last)))
    age = birthday.dt.year - leavers["born"].dt.year
    in_band = birthday.notna() & age.between(19, 21) & (leavers["eligibility"] == FORMER_RELEVANT)
    cohort, when = leavers[in_band], birthday[in_band]
    around = cohort["contact"].between(
        when - pd.DateOffset(months=BIRTHDAY_BEFORE), when + pd.DateOffset(months=BIRTHDAY_AFTER)
    )
    return cohort[around & ~cohort["in_touch"].isin(NOT_A_CARE_LEAVER_NOW)], int((~around).sum())


def care_leaver_measures(annex: AnnexA) -> tuple[dict[tuple[str, int, int], float], dict[str, str]]:
    """List 9's figures, (indicator, reporting year, quarter): value, over the year to each quarter end within the
    period the lists cover (the whole year on 31 March); and why an indicator it could give is not given."""
    if annex.care_leavers is None:
        return {}, {indicator: "the workbook has no List 9 (care leavers)" for indicator in LEAVER_INDICATORS}
    leavers, names = annex.care_leavers, SPECS[9].columns
    lacking = [names[c] for c in LEAVER_BASE if c not in leavers]
    if lacking:
        return {}, {
            indicator: f"List 9 has no column {', '.join(map(repr, lacking))}: who the DfE counts, or when "
            f"their status was recorded, is not known"
            for indicator in LEAVER_INDICATORS
        }
    values: dict[tuple[str, int, int], float] = {}
    unsettled_on: dict[tuple[date, int], int] = {}
    for year, quarter, day in quarter_ends(annex):
        counted, unsettled = care_leavers_19_21(annex, date(year - 1, 4, 1), day)
        if unsettled:  # never guessed: the status around their birthday is not in the list
            unsettled_on[(day, quarter)] = unsettled
            continue
        if quarter == 0:  # a count over a year to date is not the year's, which the registry defines
            values[("care_leavers_19_21_count", year, 0)] = float(len(counted))
        for indicator, (column, counts) in LEAVER_SHARES.items():
            if (
                column in counted
                and len(counted)
                and not (indicator == "care_leavers_apprenticeship_19_21" and year < APPRENTICESHIPS_FROM)
            ):
                counted_in = counts(counted[column]).astype("boolean").fillna(False)  # a blank is not counted in
                values[(indicator, year, quarter)] = float(counted_in.mean() * 100)

    def not_listed(quarters: set[int]) -> str:
        found = "; ".join(
            f"for {n} of the young people whose 19th to 21st birthday fell in the year to {day.strftime('%d/%m/%Y')}"
            for (day, quarter), n in unsettled_on.items()
            if quarter in quarters
        )
        return found and (
            f"List 9's Latest Date of Contact is not within the three months before to the month after "
            f"the birthday ({found}): their status around it is not listed"
        )

    why = {
        indicator: f"List 9 has no column {names[column]!r}"
        if column not in leavers
        else not_listed({0, 1, 2, 3})
        or "no young person whose 19th to 21st birthday fell in a year to a quarter end the lists cover is in List 9"
        for indicator, (column, _) in LEAVER_SHARES.items()
    }
    why["care_leavers_19_21_count"] = (
        "a count over a year to date is not the year's count the registry defines; "
        "over the whole year, " + (not_listed({0}) or "the lists' period reaches no 31 March")
    )
    return values, why


# --- List 10: adoption --------------------------------------------------------------------------------------
