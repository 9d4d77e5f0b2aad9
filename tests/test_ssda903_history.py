"""A whole SSDA903 return linked to the years before it: the start of a child's time in care filled in, a start the returns do not reach left out with the reason, two years that disagree refused."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from test_ssda903 import _child, _episode, _ret
from test_ssda903_tables import _ad1

from sefbook.errors import InputError
from sefbook.inputs.returns.ssda903.figures import ssda903_figures
from sefbook.inputs.returns.ssda903.read import read_ssda903

# Two years' returns of the same children: E came into care in June 2023 (the 2024 return holds its start) and was
# adopted in February 2025; G came into care in June 2023 and moved in September 2023, still in care.
EARLIER = [
    _episode("E", "01/06/2023", "01/12/2023", "X1"),
    _episode("E", "01/12/2023", ls="E1", rne="L"),
    _episode("G", "01/06/2023", "01/09/2023", "X1"),
    _episode("G", "01/09/2023", rne="P"),
]
LATER = [
    _episode("E", "01/12/2023", "01/05/2024", "X1", ls="E1", rne="L"),
    _episode("E", "01/05/2024", "01/02/2025", "E11", ls="E1", rne="P", place="A6"),
    _episode("G", "01/09/2023", rne="P"),
]


def _two_years(tmp_path: Path, earlier: list[dict] = EARLIER, later: list[dict] = LATER) -> Path:
    folder = tmp_path / "returns"
    _ret(folder, {"eps": earlier}, [_child(c) for c in "EG"], name="ssda903-2024")
    _ret(folder, {"eps": later, "ad1": [_ad1("E", "01/04/2024", decided="01/02/2024")]}, [_child(c) for c in "EG"])
    return folder


def test_the_year_before_fills_in_the_start_of_a_childs_time_in_care(tmp_path):
    from sefbook.inputs.returns.ssda903.figures import ssda903_left_out
    from sefbook.inputs.returns.ssda903.history import link_years

    folder = _two_years(tmp_path)
    alone = read_ssda903(folder / "ssda903-2025")
    left_out = ssda903_left_out(alone, {})
    for indicator in ("adoption_a1_days", "adoption_a10_days", "adoption_entry_to_adoption_months"):
        assert (
            "for 1 children adopted in the year the return does not hold the day they came into care"
            in left_out[indicator]
            and "put ssda903-2024" in left_out[indicator]
        )
    assert "the court gave authority" in left_out["adoption_a2_days"]  # its first E1 episode may have started earlier
    assert "for 1 children the return does not hold" in left_out["cla_long_term_stability"]  # G: since when?

    linked = link_years([read_ssda903(folder / "ssda903-2024"), alone])
    assert linked[1].linked == ("ssda903-2024",) and linked[0].linked == ()  # nothing before 2024 here
    figures = {f.indicator: f.value for f in ssda903_figures(linked[1], {})}
    # E: in care 1 June 2023, placed for adoption 1 May 2024 (335 days), adopted 1 February 2025 (611 days);
    # placement order 1 December 2023, matched 1 April 2024 (122 days)
    assert figures["adoption_a1_days"] == figures["adoption_a10_days"] == 335
    assert figures["adoption_entry_to_adoption_months"] == pytest.approx(611 / (365.25 / 12))
    assert figures["adoption_a2_days"] == 122
    # G came into care in June 2023: settled (not in care two and a half years, so not in the cohort)
    assert "cla_long_term_stability" not in ssda903_left_out(linked[1], {})
    # what the 2025 return gives alone is as it was: the history adds figures, it changes none
    assert {f.indicator: f.value for f in ssda903_figures(alone, {})}.items() <= figures.items()


def test_a_start_before_the_earliest_return_held_is_still_left_out_with_the_reason(tmp_path):
    from sefbook.inputs.returns.ssda903.figures import ssda903_left_out
    from sefbook.inputs.returns.ssda903.history import link_years

    # H was in care before 1 April 2023: the 2024 return's first episode of it is a move, in February 2023
    earlier = EARLIER + [_episode("H", "01/02/2023", ls="E1", rne="P")]
    later = LATER + [
        _episode("H", "01/02/2023", "01/06/2024", "X1", ls="E1", rne="P"),
        _episode("H", "01/06/2024", "01/03/2025", "E11", ls="E1", rne="P", place="A6"),
    ]
    folder = tmp_path / "returns"
    _ret(folder, {"eps": earlier}, [_child(c) for c in "EGH"], name="ssda903-2024")
    _ret(folder, {"eps": later, "ad1": [_ad1("E", "01/04/2024"), _ad1("H", "01/05/2024")]}, [_child(c) for c in "EGH"])
    linked = link_years([read_ssda903(folder / "ssda903-2024"), read_ssda903(folder / "ssda903-2025")])[1]
    left_out = ssda903_left_out(linked, {})
    assert (
        "for 1 children adopted in the year the returns here (ssda903-2024 to ssda903-2025) do not hold the day "
        "they came into care (it is before 1 April 2023, where the earliest of them starts)"
    ) == left_out["adoption_a1_days"]
    assert "adoption_a1_days" not in {f.indicator for f in ssda903_figures(linked, {})}


def test_three_years_link_in_a_chain_and_a_return_in_progress_is_not_linked(tmp_path):
    from sefbook.inputs.returns.ssda903.history import link_years

    folder = _two_years(tmp_path)
    # the year to 31 March 2023 held only a child who came and went in 2022
    _ret(folder, {"eps": [_episode("X", "01/05/2022", "01/06/2022", "E4A")]}, [_child("X")], name="ssda903-2023")
    _ret(folder, {"eps": [_episode("E", "01/05/2025")]}, [_child("E")], name="ssda903-2026-to-2025-10-14")
    names = ("ssda903-2023", "ssda903-2024", "ssda903-2025", "ssda903-2026-to-2025-10-14")
    linked = link_years([read_ssda903(folder / name) for name in names])
    assert [r.linked for r in linked] == [(), ("ssda903-2023",), ("ssda903-2024", "ssda903-2023"), ()]
    assert set(linked[2].history["CHILD"]) == {"E", "G", "X"}  # what 2025 does not hold: E's and G's 2023, X's


DISAGREEING = {
    # name: (the 2024 return's episodes, the 2025 return's, the file refused, fragments of the message)
    "a legal status": (
        EARLIER[:1] + [_episode("E", "01/12/2023", ls="C2", rne="L")] + EARLIER[2:],
        LATER,
        "ssda903-2025",
        [
            "has a child's episode that ssda903-2024/episodes.csv records differently",
            "row 2, child E, column LS",
            "its row 3",
            "'C2'",
            "found 'E1'",
        ],
    ),
    "an end": (
        [*EARLIER[:1], _episode("E", "01/12/2023", "01/03/2024", "E4A", ls="E1", rne="L"), *EARLIER[2:]],
        LATER,
        "ssda903-2025",
        [
            "has a child's episode that ssda903-2024/episodes.csv ends differently",
            "row 2, child E, column DEC",
            "its row 3): '01/03/2024'",
            "found '01/05/2024'",
        ],
    ),
    "an episode the later year lost": (
        EARLIER,
        LATER[1:],
        "ssda903-2024",
        [
            "has a child's episode open on 31/03/2024 that ssda903-2025/episodes.csv does not hold",
            "row 3, child E, column DECOM",
            "found '01/12/2023'",
        ],
    ),
    "an episode the earlier year never had": (
        EARLIER[2:],
        LATER,
        "ssda903-2025",
        ["starting by 31/03/2024 that ssda903-2024/episodes.csv does not hold", "row 2, child E, column DECOM"],
    ),
}


@pytest.mark.parametrize("case", DISAGREEING)
def test_two_years_that_disagree_about_a_childs_episodes_are_refused_naming_both_files(case, tmp_path):
    from sefbook.inputs.returns.ssda903.history import link_years

    earlier, later, refused, fragments = DISAGREEING[case]
    folder = _two_years(tmp_path, earlier, later)
    with pytest.raises(InputError) as err:
        link_years([read_ssda903(folder / "ssda903-2024"), read_ssda903(folder / "ssda903-2025")])
    assert err.value.file == str(folder / refused / "episodes.csv")
    for fragment in fragments:
        assert fragment in err.value.message, (fragment, err.value.message)


def test_three_placements_over_two_years_need_the_year_before_and_count_only_children_in_care_both_years(tmp_path):
    from sefbook.inputs.returns.ssda903.figures import ssda903_left_out
    from sefbook.inputs.returns.ssda903.history import link_years
    from sefbook.inputs.returns.ssda903.measures import placements_in_two_years

    folder = tmp_path / "returns"
    earlier = [
        _episode("H", "01/02/2023", "01/07/2023", "X1"),  # H: in care since February 2023, the placement
        _episode("H", "01/07/2023", "01/01/2024", "X1", rne="P"),  # it was in on 1 April 2023 (1), a move (2)
        _episode("H", "01/01/2024", rne="P"),  # and another (3) ...
        _episode("J", "01/03/2023", "01/10/2023", "X1"),  # J: one move in two years: 2 placements
        _episode("J", "01/10/2023", rne="P"),
        _episode("K", "01/05/2023"),
    ]  # K came into care in May 2023: not in care for the two years
    later = [
        _episode("H", "01/01/2024", "01/06/2024", "X1", rne="P"),
        _episode("H", "01/06/2024", rne="L", ls="E1"),  # ... then a legal change only: still 3
        _episode("J", "01/10/2023", rne="P"),
        _episode("K", "01/05/2023", "01/09/2024", "X1"),
        _episode("K", "01/09/2024", rne="P"),
    ]
    _ret(folder, {"eps": earlier}, [_child(c) for c in "HJK"], name="ssda903-2024")
    _ret(folder, {"eps": later}, [_child(c) for c in "HJK"])
    alone = read_ssda903(folder / "ssda903-2025")
    # alone, the 2025 return cannot say when H and J came into care (each began 2024-25 in a move's episode); K's
    # start (RNE S, May 2023) is there: not two years
    assert (
        "for 2 children the return does not hold the start of their time in care"
        in ssda903_left_out(alone, {})["cla_three_placements_2_years"]
    )
    linked = link_years([read_ssda903(folder / "ssda903-2024"), alone])[1]
    placements, unsettled = placements_in_two_years(pd.concat([linked.history, linked.episodes]), 2025)
    assert unsettled == 0 and placements.to_dict() == {"H": 3, "J": 2}  # K is not in the cohort
    figures = {f.indicator: f.value for f in ssda903_figures(linked, {})}
    assert figures["cla_three_placements_2_years"] == pytest.approx(50)  # H of H and J


def _sw(ref: str, worker: str, start: str, end: str = "") -> dict:
    return {
        "CHILD": ref,
        "DOB": "01/02/2015",
        "SW_ID": worker,
        "SW_DECOM": start,
        "SW_DEC": end,
        "SW_REASON": "LEFTRL" if end else "",
    }


def test_three_social_workers_over_two_years_read_the_year_befores_social_worker_table(tmp_path):
    from sefbook.inputs.returns.ssda903.figures import ssda903_left_out
    from sefbook.inputs.returns.ssda903.history import link_years

    folder = tmp_path / "returns"
    earlier = [_episode("H", "01/02/2023"), _episode("J", "01/03/2023"), _episode("K", "01/05/2023")]
    later = [_episode("H", "01/02/2023"), _episode("J", "01/03/2023"), _episode("K", "01/05/2023")]
    # H: S1 then S2 in 2023-24, S2 again and S3 in 2024-25: three different workers in the two years
    # J: S4 throughout (in both years' tables), then S5: two; K: not in care for the two years (since May 2023)
    sw_before = [
        _sw("H", "S1", "01/02/2023", "01/10/2023"),
        _sw("H", "S2", "01/10/2023"),
        _sw("J", "S4", "01/03/2023"),
        _sw("K", "S6", "01/05/2023", "01/06/2023"),
        _sw("K", "S7", "01/06/2023"),
    ]
    sw_now = [
        _sw("H", "S2", "01/10/2023", "01/07/2024"),
        _sw("H", "S3", "01/07/2024"),
        _sw("J", "S4", "01/03/2023", "01/01/2025"),
        _sw("J", "S5", "01/01/2025"),
        _sw("K", "S7", "01/06/2023", "01/07/2024"),
        _sw("K", "S8", "01/07/2024"),
    ]
    _ret(folder, {"eps": earlier, "social_workers": sw_before}, [_child(c) for c in "HJK"], name="ssda903-2024")
    _ret(folder, {"eps": later, "social_workers": sw_now}, [_child(c) for c in "HJK"])
    alone = read_ssda903(folder / "ssda903-2025")
    assert "the year before's social worker episodes" in ssda903_left_out(alone, {})["cla_three_social_workers_2_years"]
    linked = link_years([read_ssda903(folder / "ssda903-2024"), alone])[1]
    figures = {f.indicator: f.value for f in ssda903_figures(linked, {})}
    assert figures["cla_three_social_workers_2_years"] == pytest.approx(50)  # H of H and J (K: not two years)
    assert figures["cla_three_social_workers"] == pytest.approx(0)  # in 2024-25 alone none had three


# --- issue 25: the return's CSVs read with the published files' checks; a child once in the header; codes ---------
