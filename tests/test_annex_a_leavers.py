"""Annex A's care leavers (List 9) and adoptions (List 10) measured over each year to date; the sheets found by name; every figure a registry indicator."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_annex_a import ADOPTION, L6, L7, L8, L9, L10, LEAVERS_19_21, adoptee, annex, care, figures, leaver, need, plan

from sefbook.inputs.returns.annex_a.adoption import adoption_years_to_date
from sefbook.inputs.returns.annex_a.figures import ANNEX_A_INDICATORS, annex_a_left_out
from sefbook.inputs.returns.annex_a.lists import MONTH_DAYS
from sefbook.inputs.returns.annex_a.read import read_annex_a
from sefbook.inputs.returns.folder import return_indicators


def care_leavers_annex(tmp_path: Path, *more: list, header: list[str] = L9) -> Path:
    """List 9 beside Lists 6 to 8 of six months (2025-26's quarters 1 and 2). Birthdays and the window around each
    (three months before to a month after) worked out by hand."""
    rows = [
        leaver("Y1", date(2006, 5, 10), date(2025, 5, 20)),  # 19 on 10 May 2025
        # 21 on 1 June 2025; not in touch, on the window's first day; activity and accommodation not known
        leaver("Y2", "01/06/2004", date(2025, 3, 1), "b) No", None, None, None),
        # 20 on 15 August 2025: not in education, employment or training; unsuitable
        leaver(
            "Y3",
            date(2005, 8, 15),
            date(2025, 9, 14),
            "Yes",
            "G5: Not in education, employment or training - other",
            "D: Semi-independent, transitional accommodation and self-contained accommodation",
            "b) Unsuitable",
        ),
        leaver("Y4", date(2006, 9, 20), date(2025, 9, 1), "f) Rhom"),  # went home: left out, as the DfE does
        leaver("Y5", date(2007, 7, 5), date(2025, 1, 1), eligibility="a) Relevant child"),  # 18: not 19 to 21
        # 19 on 2 May 2025 but a qualifying care leaver, whom the DfE does not count (its contact is no matter)
        leaver("Y6", date(2006, 5, 2), date(2024, 1, 1), eligibility="c) Qualifying care leaver"),
        leaver("Y7", date(2004, 11, 1), date(2025, 10, 1)),  # 21 on 1 November 2025: after the quarters
        # 20 on 12 April 2025, on the window's last day (12 May); an apprenticeship
        leaver(
            "Y8",
            date(2005, 4, 12),
            date(2025, 5, 12),
            "Y",
            "F4: Young person engaged full time in an apprenticeship",
            "Z: With former foster carers",
        ),
        *more,
    ]
    if header != L9:
        rows = [[cell for name, cell in zip(L9, row) if name in header] for row in rows]
    return annex(
        tmp_path, [need("Z", date(2024, 1, 1))], [], [care("X", date(2020, 1, 1))], extra={"List 9": (header, rows)}
    )


def test_care_leavers_19_to_21_over_each_year_to_date_counted_by_their_status_around_the_birthday(tmp_path):
    found = {key: value for key, value in figures(care_leavers_annex(tmp_path)).items() if key[0] in LEAVERS_19_21}
    assert found == pytest.approx(
        {
            # to 30 June: Y1, Y2, Y8 (Y6 a qualifying care leaver; Y3, Y4 later)
            ("care_leavers_in_touch", 2026, 1): 200 / 3,
            ("care_leavers_eet", 2026, 1): 200 / 3,  # Y1, Y8
            ("care_leavers_neet_19_21", 2026, 1): 0,
            ("care_leavers_higher_education_19_21", 2026, 1): 0,
            ("care_leavers_apprenticeship_19_21", 2026, 1): 100 / 3,
            ("care_leavers_activity_not_known_19_21", 2026, 1): 100 / 3,
            ("care_leavers_suitable_accommodation", 2026, 1): 200 / 3,
            # to 30 September also Y3 (Y4 went home)
            ("care_leavers_in_touch", 2026, 2): 75,
            ("care_leavers_eet", 2026, 2): 50,
            ("care_leavers_neet_19_21", 2026, 2): 25,
            ("care_leavers_higher_education_19_21", 2026, 2): 0,
            ("care_leavers_apprenticeship_19_21", 2026, 2): 25,
            ("care_leavers_activity_not_known_19_21", 2026, 2): 25,
            ("care_leavers_suitable_accommodation", 2026, 2): 50,
        }
    )
    left_out = annex_a_left_out(read_annex_a(care_leavers_annex(tmp_path / "again")))
    # no 31 March in the lists' period: no year's count; never the 17 to 18 measures
    assert "reaches no 31 March" in left_out["care_leavers_19_21_count"]
    assert "eligibility on the day the lists were run" in left_out["care_leavers_eet_17_18"]
    assert not LEAVERS_19_21 & set(left_out)


@pytest.mark.parametrize(
    "contact, left_out",
    [
        (date(2025, 6, 3), False),  # a month after 3 May: around it
        (date(2025, 6, 4), True),
        (date(2025, 2, 2), True),
        (None, True),
    ],
)
def test_a_care_leaver_whose_latest_contact_is_not_around_the_birthday_leaves_the_year_to_date_out(
    contact, left_out, tmp_path
):
    folder = care_leavers_annex(tmp_path, leaver("Y9", date(2005, 5, 3), contact))  # 20 on 3 May 2025
    found = {key for key in figures(folder) if key[0] in LEAVERS_19_21}
    assert bool(found) != left_out
    if left_out:  # the status then is not listed: never guessed, nor Y9 counted without it
        reason = annex_a_left_out(read_annex_a(folder))["care_leavers_in_touch"]
        assert "for 1 of the young people whose 19th to 21st birthday fell in the year to 30/06/2025" in reason
        assert "to 30/09/2025" in reason
    else:
        assert figures(folder)[("care_leavers_in_touch", 2026, 1)] == 75  # Y1, Y8, Y9 of four


def test_a_list_9_column_not_there_leaves_the_figures_resting_on_it_out_with_the_reason(tmp_path):
    folder = care_leavers_annex(tmp_path, header=[c for c in L9 if c != "Activity Status"])
    found = {key[0] for key in figures(folder)} & LEAVERS_19_21
    assert found == {"care_leavers_in_touch", "care_leavers_suitable_accommodation"}
    assert annex_a_left_out(read_annex_a(folder))["care_leavers_eet"] == "List 9 has no column 'Activity Status'"
    no_dates = care_leavers_annex(tmp_path / "no dates", header=[c for c in L9 if c != "Latest Date of Contact"])
    assert not {key[0] for key in figures(no_dates)} & LEAVERS_19_21
    assert "no column 'Latest Date of Contact'" in annex_a_left_out(read_annex_a(no_dates))["care_leavers_in_touch"]


def adoption_annex(tmp_path: Path, *more: list, header: list[str] = L10) -> Path:
    """List 10 beside Lists 6 to 8 of six months; days between the dates worked out by hand."""
    rows = [  # 2024 a leap year: 486 days in care, 122 from decision to match, 288 to the placement, 61 from order to
        # match; adopted 1 May 2025
        adoptee(
            "A1",
            date(2024, 1, 1),
            date(2024, 6, 1),
            date(2024, 8, 1),
            date(2024, 10, 1),
            date(2024, 10, 15),
            date(2025, 5, 1),
        ),
        # 476 days in care, 30 from decision to match, 122 to the placement; matched before the placement order
        # (the scorecard's A2 counts 0); placed first as fostering for adoption
        adoptee(
            "A2",
            "01/03/2024",
            date(2024, 4, 1),
            date(2024, 7, 1),
            date(2024, 5, 1),
            date(2024, 7, 1),
            "20/06/2025",
            fostering=date(2024, 4, 1),
        ),
        # placed with consent (no placement order: not in A2); 212 days in care, 22 from decision to match, 59 to
        # the placement; adopted 1 August 2025
        adoptee("A3", date(2025, 1, 1), date(2025, 1, 10), None, date(2025, 2, 1), date(2025, 3, 1), date(2025, 8, 1)),
        adoptee(
            "A4",
            date(2023, 1, 1),
            date(2023, 6, 1),
            date(2023, 9, 1),
            date(2023, 10, 1),
            date(2023, 11, 1),
            date(2025, 3, 1),
        ),  # adopted before 1 April 2025: in neither year to date
        adoptee("W1", date(2025, 1, 1), date(2025, 3, 1)),  # waiting
        adoptee(
            "R1",
            date(2024, 1, 1),
            date(2024, 2, 1),
            reversed_on=date(2025, 9, 1),
            reason="RD3 - Prospective adopters could not be found",
        ),
        *more,
    ]
    if header != L10:
        rows = [[cell for name, cell in zip(L10, row) if name in header] for row in rows]
    return annex(
        tmp_path, [need("Z", date(2024, 1, 1))], [], [care("X", date(2020, 1, 1))], extra={"List 10": (header, rows)}
    )


def test_adoption_timeliness_over_each_year_to_date_list_10_holds_every_adoption_of(tmp_path):
    folder = adoption_annex(tmp_path)
    annex_a = read_annex_a(folder)
    assert annex_a.period_start == date(2025, 4, 14)  # List 10's 12 months do not widen the other lists' six
    # its own: from 14 October 2024, so 2025-26's years to date to 30 June and 30 September, not 2024-25's
    assert adoption_years_to_date(annex_a) == [
        (2026, 1, date(2025, 4, 1), date(2025, 6, 30)),
        (2026, 2, date(2025, 4, 1), date(2025, 9, 30)),
    ]
    found = {key: value for key, value in figures(folder).items() if key[0] in ADOPTION}
    assert found == pytest.approx(
        {
            # to 30 June: A1 and A2
            ("adoption_entry_to_adoption_months", 2026, 1): (486 + 476) / 2 / MONTH_DAYS,
            ("adoption_decision_to_match_months", 2026, 1): (122 + 30) / 2 / MONTH_DAYS,
            ("adoption_a1_days", 2026, 1): (288 + 122) / 2,
            ("adoption_a2_days", 2026, 1): (61 + 0) / 2,
            # to 30 September also A3 (not in A2: no placement order)
            ("adoption_entry_to_adoption_months", 2026, 2): (486 + 476 + 212) / 3 / MONTH_DAYS,
            ("adoption_decision_to_match_months", 2026, 2): (122 + 30 + 22) / 3 / MONTH_DAYS,
            ("adoption_a1_days", 2026, 2): (288 + 122 + 59) / 3,
            ("adoption_a2_days", 2026, 2): (61 + 0) / 2,
        }
    )
    assert MONTH_DAYS == 365.25 / 12  # as ssda903.py averages months
    assert "foster carers" in annex_a_left_out(annex_a)["adoption_a10_days"]  # never from List 10: see the module
    assert "adoption_a10_days" not in ANNEX_A_INDICATORS


def test_an_adoption_listed_further_back_than_12_months_reaches_the_whole_year_it_lies_in(tmp_path):
    # adopted 20 March 2024: List 10 holds every adoption from then, so 2024-25 as a whole (on 31 March 2025) too
    folder = adoption_annex(
        tmp_path,
        adoptee(
            "A5",
            date(2022, 1, 1),
            date(2023, 1, 1),
            date(2023, 3, 1),
            date(2023, 6, 1),
            date(2023, 7, 1),
            date(2024, 3, 20),
        ),
    )
    found = figures(folder)
    # the year to 31 March 2025 holds A4 alone (adopted 1 March 2025): 304 days from care to its placement
    assert found[("adoption_a1_days", 2025, 0)] == (date(2023, 11, 1) - date(2023, 1, 1)).days == 304
    assert ("adoption_a1_days", 2025, 3) not in found  # no one adopted from April to December 2024
    assert ("adoption_a1_days", 2024, 0) not in found  # 2023-24 began before 20 March 2024


def test_a_list_10_column_or_an_adopted_childs_date_not_there_leaves_its_figures_out_with_the_reason(tmp_path):
    folder = adoption_annex(tmp_path, header=[c for c in L10 if c != "Date Placed for Adoption"])
    found = {key[0] for key in figures(folder)} & ADOPTION
    assert found == {"adoption_entry_to_adoption_months", "adoption_decision_to_match_months"}
    left_out = annex_a_left_out(read_annex_a(folder))
    assert (
        left_out["adoption_a1_days"]
        == left_out["adoption_a2_days"]
        == ("List 10 has no column 'Date Placed for Adoption'")
    )
    # adopted on 1 June 2025 under a placement order, placed, but no match given: left out, not averaged without it
    unmatched = adoption_annex(
        tmp_path / "unmatched",
        adoptee("A6", date(2024, 1, 1), date(2024, 3, 1), date(2024, 5, 1), None, date(2024, 9, 1), date(2025, 6, 1)),
    )
    found = figures(unmatched)
    assert not {key for key in found if key[0] in {"adoption_decision_to_match_months", "adoption_a2_days"}}
    assert found[("adoption_a1_days", 2026, 1)] == pytest.approx((288 + 122 + 244) / 3)  # A6: 244 days
    assert found[("adoption_a1_days", 2026, 2)] == pytest.approx((288 + 122 + 59 + 244) / 4)
    left_out = annex_a_left_out(read_annex_a(unmatched))
    assert left_out["adoption_decision_to_match_months"] == (
        "1 children adopted from 01/04/2025 to 30/06/2025 have no 'Date of Matching Child and Prospective Adopters'; "
        "1 children adopted from 01/04/2025 to 30/09/2025 have no 'Date of Matching Child and Prospective Adopters'"
    )
    assert "with a placement order have no 'Date of Matching" in left_out["adoption_a2_days"]


def test_sheets_found_by_name_headers_by_their_columns_whatever_the_case_and_spacing(tmp_path):
    headers = ([" child   unique  id ", *[c.upper() for c in L6[1:]]], [c.upper() for c in L7], [c.lower() for c in L8])
    folder = annex(
        tmp_path,
        [need(17, date(2025, 5, 1))],
        [],
        [care("F", date(2020, 1, 1))],
        sheet_names=("Children in need", "list_7 child protection", "LIST 8"),
        headers=headers,
        extra={"Notes": (["anything"], [["x"]]), "List 11 adopters": (["Individual adopter identifier"], [["AD1"]])},
    )
    annex_a = read_annex_a(folder)
    assert annex_a.sheets == {6: "Children in need", 7: "list_7 child protection", 8: "LIST 8", 11: "List 11 adopters"}
    assert annex_a.in_need["child"].tolist() == ["17"]  # a number typed as an ID is the ID


def test_every_figure_is_a_registry_indicator_the_returns_folder_gives():
    from sefbook.inputs.published.registry import load_registry

    registry = load_registry()
    assert set(ANNEX_A_INDICATORS) <= {ind.id for ind in [*registry.indicators, *registry.returns_only]}
    assert all("Annex A" in registry[i].computed_from for i in ANNEX_A_INDICATORS if registry[i].computed_from)
    assert set(ANNEX_A_INDICATORS) <= set(return_indicators())
    assert len(return_indicators()) == len(set(return_indicators()))


# --- bad workbooks, each named -----------------------------------------------------------------------------------

OK_NEED, OK_PLAN, OK_CARE = need("KM1", date(2025, 5, 1)), plan("KM2", date(2025, 5, 1)), care("KM3", date(2025, 5, 1))
