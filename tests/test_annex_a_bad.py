"""A bad Annex A workbook refused, naming its sheet, row, child, column, what was expected and what was found; a folder named or filled wrongly; a statutory return's figure winning over an Annex A's."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from test_annex_a import (
    L3,
    L4,
    L5,
    L6,
    L7,
    L7_PREVIOUS,
    L8,
    L9,
    L10,
    RETURNS,
    RUN,
    adoptee,
    annex,
    assessment,
    care,
    enquiry,
    leaver,
    need,
    plan,
    referral,
)
from test_annex_a_leavers import OK_CARE, OK_NEED, OK_PLAN

from sefbook.errors import InputError
from sefbook.inputs.returns.annex_a.read import read_annex_a
from sefbook.inputs.returns.collection import run_date
from sefbook.inputs.returns.folder import computed_figures
from sefbook.inputs.returns.ssda903.figures import ssda903_figures
from sefbook.inputs.returns.ssda903.read import read_ssda903

BAD = {
    # name: ((List 6 rows, List 7 rows, List 8 rows), fragments of the message)
    "a date that is not a date": (
        ([OK_NEED, need("KM4", "31/02/2025"), need("KM5", "May 2025")], [], [OK_CARE]),
        [
            "sheet 'List 6'",
            "row 5",
            "child KM4",
            "'CIN Start Date'",
            "is not a date",
            "'31/02/2025' (and 1 more rows like it)",
        ],
    ),
    "a date after the run": (
        ([OK_NEED], [plan("KM6", date(2025, 10, 15))], [OK_CARE]),
        [
            "sheet 'List 7'",
            "row 4",
            "child KM6",
            "after the day the lists were run",
            "on or before 14/10/2025",
            "'15/10/2025'",
        ],
    ),
    "an end before its start": (
        ([OK_NEED], [], [care("KM7", date(2025, 5, 1), date(2025, 4, 1), "E8")]),
        [
            "sheet 'List 8'",
            "row 4",
            "child KM7",
            "ending before it starts",
            "'Date Ceased to be Looked After'",
            "'01/04/2025'",
        ],
    ),
    "an unknown legal status": (
        ([OK_NEED], [], [OK_CARE, care("KM8", date(2025, 5, 1), legal="C9: Care order")]),
        ["sheet 'List 8'", "row 5", "child KM8", "'Child's Legal Status'", "'C9: Care order'", "C1, C2"],
    ),
    "an unknown reason for closure": (
        ([need("KM9", date(2025, 5, 1), date(2025, 6, 1), "RC10 - Other")], [], [OK_CARE]),
        ["child KM9", "'Reason for Closure'", "'RC10 - Other'", "RC1"],
    ),
    "an unknown category of abuse": (
        ([OK_NEED], [plan("KM10", date(2025, 5, 1), category="Neglect")], [OK_CARE]),
        ["child KM10", "'Initial Category of Abuse'", "'Neglect'", "a, b, c, d, e"],
    ),
    "an end without its reason": (
        ([OK_NEED], [], [care("KM11", date(2025, 5, 1), date(2025, 6, 1))]),
        ["child KM11", "an end and a reason that disagree", "found nothing"],
    ),
    "a row without a child": (
        ([OK_NEED, need(None, date(2025, 5, 1))], [], [OK_CARE]),
        ["row 5", "child without a Child Unique ID", "'Child Unique ID'"],
    ),
    "a child's plans overlapping": (
        ([OK_NEED], [plan("KM12", date(2025, 5, 1)), plan("KM12", date(2025, 6, 1))], [OK_CARE]),
        ["child KM12", "child protection plans overlapping", "'01/06/2025'"],
    ),
    "a subsequent period not yes or no": (
        ([OK_NEED], [], [care("KM13", date(2025, 5, 1), subsequent="maybe")]),
        ["child KM13", "not yes or no", "'maybe'"],
    ),
    # Lists 3, 4, 5 and List 7's previous plans: (lists, fragments, the sheets added)
    "a referral date that is not a date": (
        ([OK_NEED], [], [OK_CARE]),
        ["sheet 'List 3'", "row 5", "child KM20", "'Date of referral'", "is not a date", "'2025-13-01'"],
        {"List 3": (L3, [referral("KM19", date(2025, 5, 1)), referral("KM20", "2025-13-01")])},
    ),
    "a referral's NFA not yes or no": (
        ([OK_NEED], [], [OK_CARE]),
        [
            "sheet 'List 3'",
            "row 4",
            "child KM21",
            "'Referral NFA?'",
            "not yes or no",
            "'perhaps' (and 1 more rows like it)",
        ],
        {"List 3": (L3, [referral("KM21", date(2025, 5, 1), "perhaps"), referral("KM21", date(2025, 6, 1), None)])},
    ),
    "an assessment authorised before it started": (
        ([OK_NEED], [], [OK_CARE]),
        [
            "sheet 'List 4'",
            "row 4",
            "child KM22",
            "authorised before it started",
            "'Continuous Assessment Date of Authorisation'",
            "'01/05/2025'",
        ],
        {"List 4": (L4, [assessment("KM22", date(2025, 5, 2), date(2025, 5, 1))])},
    ),
    "an assessment authorised after the run": (
        ([OK_NEED], [], [OK_CARE]),
        ["sheet 'List 4'", "child KM23", "after the day the lists were run", "'20/10/2025'"],
        {"List 4": (L4, [assessment("KM23", date(2025, 9, 1), date(2025, 10, 20))])},
    ),
    "a conference date that is not a date": (
        ([OK_NEED], [], [OK_CARE]),
        [
            "sheet 'List 5'",
            "row 4",
            "child KM24",
            "'Date of Initial Child Protection Conference'",
            "'soon'",
            "or blank",
        ],
        {"List 5": (L5, [enquiry("KM24", date(2025, 9, 1), "soon")])},
    ),
    "an enquiry without a child": (
        ([OK_NEED], [], [OK_CARE]),
        ["sheet 'List 5'", "row 4", "child without a Child Unique ID"],
        {"List 5": (L5, [enquiry(None, date(2025, 9, 1))])},
    ),
    "a number of previous plans not a whole number": (
        ([OK_NEED], [plan("KM25", date(2025, 5, 1)) + ["two"]], [OK_CARE]),
        [
            "sheet 'List 7'",
            "row 4",
            "child KM25",
            "'Number of Previous Child Protection Plans'",
            "not a whole number",
            "'two'",
        ],
        {},
        (L6, L7_PREVIOUS, L8),
    ),
    # Lists 9 and 10
    "a care leaver's in touch not a code": (
        ([OK_NEED], [], [OK_CARE]),
        [
            "sheet 'List 9'",
            "row 5",
            "child KM31",
            "'LA in Touch'",
            "a code the Annex A guidance does not know",
            "'maybe'",
            "NREQ",
        ],
        {
            "List 9": (
                L9,
                [
                    leaver("KM30", date(2005, 5, 1), date(2025, 5, 1)),
                    leaver("KM31", date(2005, 5, 1), date(2025, 5, 1), "maybe"),
                ],
            )
        },
    ),
    "an activity the guidance does not know": (
        ([OK_NEED], [], [OK_CARE]),
        ["sheet 'List 9'", "row 4", "child KM32", "'Activity Status'", "'F9: Full time at sea'", "F1, F2"],
        {"List 9": (L9, [leaver("KM32", date(2005, 5, 1), date(2025, 5, 1), activity="F9: Full time at sea")])},
    ),
    "a contact before the young person was born": (
        ([OK_NEED], [], [OK_CARE]),
        [
            "sheet 'List 9'",
            "row 4",
            "child KM33",
            "has a contact before the young person was born",
            "Latest Date of Contact on or after Date of Birth",
            "'01/01/2005'",
        ],
        {"List 9": (L9, [leaver("KM33", date(2005, 5, 1), "01/01/2005")])},
    ),
    "a placement for adoption before the match": (
        ([OK_NEED], [], [OK_CARE]),
        [
            "sheet 'List 10'",
            "row 4",
            "child KM34",
            "has a placement for adoption before the match",
            "'Date Placed for Adoption'",
            "'01/02/2025'",
        ],
        {
            "List 10": (
                L10,
                [
                    adoptee(
                        "KM34", date(2024, 1, 1), date(2024, 6, 1), date(2024, 8, 1), date(2025, 3, 1), date(2025, 2, 1)
                    )
                ],
            )
        },
    ),
    "an adoption order before the placement": (
        ([OK_NEED], [], [OK_CARE]),
        [
            "sheet 'List 10'",
            "child KM35",
            "has an adoption order before the placement for adoption",
            "'Date of Adoption Order'",
            "'01/04/2025'",
        ],
        {
            "List 10": (
                L10,
                [
                    adoptee(
                        "KM35",
                        date(2024, 1, 1),
                        date(2024, 6, 1),
                        date(2024, 8, 1),
                        date(2024, 9, 1),
                        date(2025, 5, 1),
                        date(2025, 4, 1),
                    )
                ],
            )
        },
    ),
    "a match before the decision": (
        ([OK_NEED], [], [OK_CARE]),
        [
            "child KM36",
            "has a match before the decision",
            "'Date of Matching Child and Prospective Adopters'",
            "'01/05/2024'",
        ],
        {"List 10": (L10, [adoptee("KM36", date(2024, 1, 1), date(2024, 6, 1), matched=date(2024, 5, 1))])},
    ),
    "an adoption date that is not a date": (
        ([OK_NEED], [], [OK_CARE]),
        ["sheet 'List 10'", "child KM37", "'Date of Adoption Order'", "is not a date", "'soon'", "or blank"],
        {"List 10": (L10, [adoptee("KM37", date(2024, 1, 1), date(2024, 6, 1), adopted="soon")])},
    ),
    "an unknown reason for a reversal": (
        ([OK_NEED], [], [OK_CARE]),
        ["child KM38", "'Reason Why Child No Longer Placed for Adoption'", "'RD9 - Other'", "RD1, RD2, RD3, RD4"],
        {
            "List 10": (
                L10,
                [
                    adoptee(
                        "KM38", date(2024, 1, 1), date(2024, 6, 1), reversed_on=date(2025, 1, 1), reason="RD9 - Other"
                    )
                ],
            )
        },
    ),
    "a reversal without its reason": (
        ([OK_NEED], [], [OK_CARE]),
        ["child KM39", "that disagree", "both given or both blank", "found nothing"],
        {"List 10": (L10, [adoptee("KM39", date(2024, 1, 1), date(2024, 6, 1), reversed_on=date(2025, 1, 1))])},
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_workbook_is_named_with_the_sheet_the_row_the_child_and_what_was_found(case, tmp_path):
    (in_need, plans, in_care), fragments, *more = BAD[case]
    extra, headers = (more + [{}, (L6, L7, L8)][len(more) :])[:2]
    folder = annex(tmp_path, in_need, plans, in_care, extra=extra, headers=headers)
    with pytest.raises(InputError) as err:
        read_annex_a(folder)
    assert err.value.message.startswith(str(folder / "annex_a.xlsx"))
    for fragment in fragments:
        assert fragment in err.value.message, (fragment, err.value.message)


@pytest.mark.parametrize(
    "change, fragments",
    [
        (
            {"sheet_names": ("List 6", "List 7", "Looked after")},
            ["has no List 8 (children in care)", "'List 8'", "found sheets 'List 6', 'List 7', 'Looked after'"],
        ),
        (
            {"sheet_names": ("List 6", "List 7", "Children in care"), "extra": {"List 8": (L8, [])}},
            ["two sheets for List 8", "'Children in care' and 'List 8'"],
        ),
        (
            {"headers": (L6, L7[:-1], L8)},
            [
                "sheet 'List 7', row 3",
                "no header row with List 7's columns",
                "no column 'Child Protection Plan End Date'",
            ],
        ),
        (
            {"extra": {"List 4": (L4[:-1], [])}},
            [
                "sheet 'List 4', row 3",
                "no header row with List 4's columns",
                "no column 'Continuous Assessment Date of Authorisation'",
            ],
        ),
        (
            {"extra": {"Section 47": (L5[:2], [])}},
            [
                "sheet 'Section 47'",
                "no header row with List 5's columns",
                "no column 'Date of Initial Child Protection Conference'",
            ],
        ),
        (
            {
                "extra": {
                    "Adoption": ([c for c in L10 if not c.startswith("Date of Decision that Child Should be")], [])
                }
            },
            [
                "sheet 'Adoption'",
                "no header row with List 10's columns",
                "no column 'Date of Decision that Child Should be Placed for Adoption'",
            ],
        ),
        (
            {"extra": {"List 9 care leavers": (["Young person"] + L9[1:], [])}},
            ["sheet 'List 9 care leavers'", "no header row with List 9's columns", "no column 'Child Unique ID'"],
        ),
    ],
)
def test_a_workbook_without_its_lists_is_named(change, fragments, tmp_path):
    with pytest.raises(InputError) as err:
        read_annex_a(annex(tmp_path, [OK_NEED], [OK_PLAN], [OK_CARE], **change))
    for fragment in fragments:
        assert fragment in err.value.message, (fragment, err.value.message)


@pytest.mark.parametrize(
    "name, fragment",
    [
        ("annex-a-2025-13-01", "names a day that is not a date"),
        ("annex-a-2019-10-14", "a reporting year sefbook does not know"),
        ("annex-2025-10-14", "is not named as Ofsted's Annex A lists"),
    ],
)
def test_an_annex_a_folder_names_the_day_its_lists_were_run(name, fragment, tmp_path):
    with pytest.raises(InputError) as err:
        run_date(tmp_path / name, "annex-a")
    assert fragment in err.value.message


def test_an_annex_a_folder_holds_one_workbook(tmp_path):
    (tmp_path / RUN).mkdir()
    with pytest.raises(InputError, match="has no Annex A workbook"):
        read_annex_a(tmp_path / RUN)
    (tmp_path / RUN / "annex_a.xlsx").write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError, match="is not an Excel workbook"):
        read_annex_a(tmp_path / RUN)


# --- in the returns folder, and the example ---------------------------------------------------------------------


def test_a_statutory_returns_figure_wins_and_the_annex_a_fills_the_quarter_ends_it_alone_reaches(tmp_path):
    folder = tmp_path / "returns"
    shutil.copytree(RETURNS / "ssda903-2026-to-2025-10-14", folder / "ssda903-2026-to-2025-10-14")
    annex(folder, [need("A", date(2024, 1, 1))], [], [care(f"C{i}", date(2020, 1, 1)) for i in range(3)])
    found = {
        (f.indicator, f.time_period, f.quarter): f for f in computed_figures(folder, {}, council=("991", "Kingsmere"))
    }
    ssda903 = {
        f.quarter: f.value
        for f in ssda903_figures(read_ssda903(folder / "ssda903-2026-to-2025-10-14"), {})
        if f.indicator == "children_looked_after_count"
    }
    assert found[("children_looked_after_count", 2026, 2)].value == ssda903[2] != 3  # the SSDA903's, not the lists'
    assert found[("children_looked_after_count", 2026, 2)].source == "computed from SSDA903 2026"
    assert found[("children_in_need_count", 2026, 2)].source == "computed from Annex A 2025-10-14"  # no census here
