"""A bad CIN census refused, naming its line, child and element; a census folder named wrongly or holding no readable census."""

from __future__ import annotations

import pytest
from test_cin_census import assessment, census, child, episode, figures, plan, s47

from sefbook.errors import InputError
from sefbook.inputs.returns.cin_census.read import read_cin_census

GOOD = child(
    "KM500001",
    episode(
        "2024-05-01",
        "2024-09-30",
        "RC7",
        False,
        assessment("2024-05-02", "2024-06-10"),
        s47("2024-05-03", "2024-05-20"),
        plan("2024-05-20", "2024-09-01"),
    ),
)
BAD_CENSUSES = {
    # name: (the census's children, fragments of the message)
    "a date that is not a date": (
        [GOOD, child("KM500002", episode("2024-02-30")), child("KM500003", episode("2024-13-01"))],
        ["census.xml", "child KM500002", "element CINreferralDate", "not a date", "'2024-02-30' (and 1 more like it)"],
    ),
    "a date written the British way": (
        [child("KM500004", episode("01/05/2024"))],
        ["child KM500004", "yyyy-mm-dd", "'01/05/2024'"],
    ),
    "an unknown referral source": (
        [GOOD.replace("2A", "2Z")],
        ["child KM500001", "element ReferralSource", "'2Z'", "collection year 2025"],
    ),
    "an unknown category of abuse": (
        [GOOD.replace("<LatestCategoryOfAbuse>NEG", "<LatestCategoryOfAbuse>NEGL")],
        ["element LatestCategoryOfAbuse", "'NEGL'", "EMO, MUL, NEG, PHY, SAB"],
    ),
    "an unknown reason for closure": ([GOOD.replace("RC7", "RC10")], ["element ReasonForClosure", "'RC10'"]),
    "a missing referral date": (
        [child("KM500005", episode(None, None, None))],  # type: ignore[arg-type]
        ["is missing a required element", "child KM500005", "element CINreferralDate", "found nothing"],
    ),
    "a child without a reference": (
        [GOOD.replace("<LAchildID>KM500001</LAchildID>", "")],
        ["is missing a required element", "child without a LAchildID", "element LAchildID"],
    ),
    "an episode closing before its referral": (
        [child("KM500006", episode("2024-06-01", "2024-05-01", "RC7"))],
        ["closing before its referral", "child KM500006", "element CINclosureDate", "'2024-05-01'"],
    ),
    "a closure without a reason": (
        [child("KM500007", episode("2024-06-01", "2024-07-01", None))],
        ["closure date and reason disagree", "child KM500007", "found nothing"],
    ),
    "an assessment authorised before it started": (
        [child("KM500008", episode("2024-06-01", None, None, False, assessment("2024-06-10", "2024-06-09")))],
        ["authorised before it started", "child KM500008", "element AssessmentAuthorisationDate", "'2024-06-09'"],
    ),
    "a plan ending before it starts": (
        [child("KM500009", episode("2024-06-01", None, None, False, plan("2024-07-01", "2024-06-30")))],
        ["plan ending before it starts", "child KM500009", "element CPPendDate", "'2024-06-30'"],
    ),
    "a section 47 before its referral": (
        [child("KM500010", episode("2024-06-01", None, None, False, s47("2024-05-31")))],
        ["section 47 enquiry starting before", "child KM500010", "element S47ActualStartDate", "'2024-05-31'"],
    ),
    "a date after the census's end": (
        [child("KM500011", episode("2025-04-01"))],
        ["after the census's end", "child KM500011", "on or before 2025-03-31", "'2025-04-01'"],
    ),
    "a child's plans overlapping": (
        [child("KM500012", episode("2024-06-01", None, None, False, plan("2024-06-10"), plan("2024-08-01")))],
        ["child protection plans overlapping", "child KM500012", "element CPPstartDate", "'2024-08-01'"],
    ),
    "a child's episodes overlapping": (
        [child("KM500013", episode("2024-06-01"), episode("2024-08-01"))],
        ["episodes of need overlapping", "child KM500013", "'2024-08-01'"],
    ),
    "an unknown factor identified at assessment": (
        [
            GOOD.replace("<AssessmentFactors>21<", "<AssessmentFactors>25A<"),
            child(
                "KM500014",
                episode("2024-06-03", None, None, False, assessment("2024-06-03", "2024-07-01", ("16A", "NEGLECT"))),
            ),
        ],
        [
            "child KM500001",
            "element AssessmentFactors",
            "'25A' (and 1 more like it)",
            "collection year 2025",
            "1A, 1B, 1C, 2A",
        ],
    ),
    "an empty factor code": (
        [GOOD.replace("<AssessmentFactors>21</AssessmentFactors>", "<AssessmentFactors/>")],
        ["element AssessmentFactors", "found nothing"],
    ),
    "a previous-plans count that is not a number": (
        [GOOD.replace("<NumberOfPreviousCPP>0", "<NumberOfPreviousCPP>two")],
        ["element NumberOfPreviousCPP", "'two'"],
    ),
}


@pytest.mark.parametrize("case", BAD_CENSUSES)
def test_a_bad_census_is_named_with_the_line_the_child_the_element_and_what_was_found(case, tmp_path):
    children, fragments = BAD_CENSUSES[case]
    folder = census(tmp_path / "cin-2025", *children)
    with pytest.raises(InputError) as err:
        read_cin_census(folder)
    assert str(folder / "census.xml") in err.value.message and "line " in err.value.message
    for fragment in fragments:
        assert fragment in err.value.message, (fragment, err.value.message)


@pytest.mark.parametrize(
    "name, fragments",
    [
        ("cin-census-2025", ["is not named as a CIN census", "cin-<year>"]),
        ("cin-2019", ["a year from 2021 to 2026", "2019"]),
        ("cin-2026-to-2026-05-01", ["an extract date outside its collection year", "'2026-05-01'"]),
        ("cin-2026-to-2025-02-30", ["an extract date outside its collection year", "'2025-02-30'"]),
    ],
)
def test_a_census_folder_names_its_collection_year(name, fragments, tmp_path):
    with pytest.raises(InputError) as err:
        read_cin_census(census(tmp_path / name, GOOD, year=2025))
    for fragment in fragments:
        assert fragment in err.value.message


def test_a_census_for_another_year_than_its_folder_is_refused(tmp_path):
    with pytest.raises(InputError) as err:
        read_cin_census(census(tmp_path / "cin-2025", GOOD, year=2024))
    assert "another collection year" in err.value.message and "found '2024'" in err.value.message


@pytest.mark.parametrize(
    "files, fragment",
    [
        ({}, "has no CIN census file"),
        ({"a.xml": "<Message/>", "b.XML": "<Message/>"}, "has two CIN census files"),
        ({"a.xml": "<Message><Children>"}, "is not well-formed XML"),
        ({"a.xml": "<Census/>"}, "is not a CIN census"),
        (
            {
                "a.xml": '<!DOCTYPE Message [<!ENTITY big "x">]><Message><Header><CollectionDetails><Year>2025</Year>'
                "</CollectionDetails></Header><Children/></Message>"
            },
            "holds no child",
        ),
    ],
)
def test_a_census_folder_holds_one_readable_census(files, fragment, tmp_path):
    folder = tmp_path / "cin-2025"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_cin_census(folder)
    assert fragment in err.value.message


def test_a_census_with_a_namespace_reads_as_one_without(tmp_path):
    folder = census(tmp_path / "cin-2025", GOOD)
    path = folder / "census.xml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("<Message>", '<Message xmlns="http://example.org/cin">'),
        encoding="utf-8",
    )
    assert figures(folder)[("referrals_count", 0)] == 1


def test_a_conference_dated_before_its_enquiry_began_is_never_in_time(tmp_path):
    """Saturday 5 April 2025 is one section 47's start and Friday 4 April its conference: no
    working day lies between them (0 by the count), but a conference before its enquiry is
    counted among conferences, never as within 15 working days. The other is in time."""
    folder = census(
        tmp_path / "cin-2026-to-2025-10-14",
        child("KM500001", episode("2025-04-02", None, None, False, s47("2025-04-05", "2025-04-04"))),
        child("KM500002", episode("2025-04-02", None, None, False, s47("2025-04-07", "2025-04-10"))),
        year=2026,
    )
    from sefbook.inputs.returns.cin_census.measures import counts_over_the_year

    counts = counts_over_the_year(read_cin_census(folder), None)
    assert counts["ICPC"] == 2
    assert counts["Duration_0-10_days"] + counts["Duration_11-15_days"] == 1  # KM500002 alone
