"""SSDA903's optional tables (OC2, OC3, AD1, UASC, social workers): a bad one named with its row, and the adoption scorecard's days counted or left out with the reason."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from test_ssda903 import RETURNS, _child, _episode, _ret, _write

from sefbook.errors import InputError
from sefbook.inputs.returns.ssda903.figures import ssda903_figures
from sefbook.inputs.returns.ssda903.read import read_ssda903


def _example_table(name: str) -> pd.DataFrame:
    return pd.read_csv(RETURNS / "ssda903-2025" / name, dtype=str, keep_default_na=False)


BAD_TABLES = {
    # name: (file, change to the example's 2025 table, fragments of the message)
    "a missing column in an optional table": (
        "oc3.csv",
        lambda t: t.drop(columns="ACCOM"),
        ["has no OC3 table"],
    ),  # not found: a reason, not an error (below)
    "an unknown activity": (
        "oc3.csv",
        lambda t: t.assign(ACTIV=t["ACTIV"].where(t.index != 4, "F3")),
        ["oc3.csv", "row 6, child KM", "column ACTIV", "'F3'", "F4", "collection year 2025"],
    ),
    "an unknown accommodation, twice": (
        "oc3.csv",
        lambda t: t.assign(ACCOM=t["ACCOM"].where(~t.index.isin([0, 2]), "Q1")),
        ["row 2, child KM", "column ACCOM", "'Q1' (and 1 more rows like it)"],
    ),
    "OC2 for a child not in the header": (
        "oc2.csv",
        lambda t: t.assign(CHILD=t["CHILD"].where(t.index != 1, "ZZ000001")),
        ["oc2.csv", "row 3, child ZZ000001", "OC2 rows of a child the header does not list"],
    ),
    "a match before the decision": (
        "ad1.csv",
        lambda t: t.assign(DATE_MATCH=t["DATE_MATCH"].where(t.index != 0, "01/01/2001")),
        ["ad1.csv", "row 2, child KM", "DATE_MATCH before DATE_INT", "'01/01/2001'"],
    ),
    "a date that is not a date": (
        "uasc.csv",
        lambda t: t.assign(DUC=t["DUC"].where(t.index != 0, "2025-01-01")),
        ["uasc.csv", "row 2, child KM", "column DUC", "not a date", "'2025-01-01'"],
    ),
    "an SDQ score over 40": (
        "oc2.csv",
        lambda t: t.assign(SDQ_SCORE=t["SDQ_SCORE"].where(t.index != 0, "41")),
        ["oc2.csv", "row 2, child KM", "column SDQ_SCORE", "not a score", "'41'"],
    ),
    "a social worker leaving before starting": (
        "social_workers.csv",
        lambda t: t.assign(SW_DEC=t["SW_DEC"].where(t.index != 0, "01/01/2001")),
        ["social_workers.csv", "row 2, child KM", "SW_DEC before SW_DECOM"],
    ),
    "a review code": (
        "reviews.csv",
        lambda t: t.assign(REVIEW_CODE=t["REVIEW_CODE"].where(t.index != 0, "PN9")),
        ["reviews.csv", "row 2, child KM", "column REVIEW_CODE", "'PN9'"],
    ),
    "a care leaver aged 16": (
        "oc3.csv",
        lambda t: t.assign(DOB=t["DOB"].where(t.index != 0, "01/06/2008")),
        ["oc3.csv", "row 2, child KM", "not the 17th to 21st", "'01/06/2008'"],
    ),
    "missing from care after the return's end": (
        "missing.csv",
        lambda t: t.assign(
            MIS_START=t["MIS_START"].where(t.index != 0, "01/05/2025"), MIS_END=t["MIS_END"].where(t.index != 0, "")
        ),
        ["missing.csv", "row 2, child KM", "after the return's end", "'01/05/2025'"],
    ),
}


@pytest.mark.parametrize("case", BAD_TABLES)
def test_a_bad_optional_table_is_named_with_the_row_the_child_and_what_was_found(case, tmp_path):

    file, change, fragments = BAD_TABLES[case]
    folder = tmp_path / "ssda903-2025"
    shutil.copytree(RETURNS / "ssda903-2025", folder)
    change(_example_table(file)).to_csv(folder / file, index=False)
    if case == "a missing column in an optional table":  # an optional table not found: its figures left out, why kept
        assert fragments[0] in read_ssda903(folder).absent["OC3"]
        return
    with pytest.raises(InputError) as err:
        read_ssda903(folder)
    for fragment in fragments:
        assert fragment in err.value.message, (fragment, err.value.message)


# --- the adoption scorecard's A1, A10 and A2, and earlier years' returns filling in the history ----------------------


def _ad1(ref: str, matched: str, decided: str = "01/01/2024", foster_care: str = "0") -> dict:
    return {
        "CHILD": ref,
        "DOB": "01/02/2015",
        "DATE_INT": decided,
        "DATE_MATCH": matched,
        "FOSTER_CARE": foster_care,
        "NB_ADOPTR": "2",
        "SEX_ADOPTR": "MF",
        "LS_ADOPTR": "L0",
    }


def test_the_adoption_scorecard_days_count_from_entering_care_and_from_the_court_the_scorecard_way(tmp_path):
    folder = _ret(
        tmp_path,
        {
            "eps": [
                # A: in care 1 April 2024; placement order 1 June (a legal change, same carers); placed for adoption with new
                # carers 1 September (A6); matched 1 August; adopted in March
                _episode("A", "01/04/2024", "01/06/2024", "X1"),
                _episode("A", "01/06/2024", "01/09/2024", "X1", ls="E1", rne="L"),
                _episode("A", "01/09/2024", "01/03/2025", "E11", ls="E1", rne="P", place="A6"),
                # B: adopted by its foster carers: moved in with them 10 May, placement order 10 July, placed for adoption with
                # them 10 October (A5, new placement with the same carers); matched 1 July, before the order
                _episode("B", "10/04/2024", "10/05/2024", "X1", place="U1"),
                _episode("B", "10/05/2024", "10/07/2024", "X1", rne="P"),
                _episode("B", "10/07/2024", "10/10/2024", "X1", ls="E1", rne="L"),
                _episode("B", "10/10/2024", "10/02/2025", "E12", ls="E1", rne="B", place="A5"),
                # C: adopted without being placed for adoption first: the scorecard does not count it
                _episode("C", "01/05/2024", "01/03/2025", "E11", ls="V2"),
                # D: placed for adoption with parents' consent (A4, no placement order): A1 and A10, not A2
                _episode("D", "15/04/2024", "15/07/2024", "X1", ls="V2"),
                _episode("D", "15/07/2024", "15/01/2025", "E11", ls="V2", rne="P", place="A4"),
            ],
            "ad1": [
                _ad1("A", "01/08/2024"),
                _ad1("B", "01/07/2024", foster_care="1"),
                _ad1("C", "01/02/2025"),
                _ad1("D", "01/06/2024"),
            ],
        },
        [_child(c) for c in "ABCD"],
    )
    figures = {f.indicator: f.value for f in ssda903_figures(read_ssda903(folder), {})}
    # A1: A 1/4 to 1/9 (153 days), B 10/4 to 10/10 (183), D 15/4 to 15/7 (91); C not placed for adoption
    assert figures["adoption_a1_days"] == pytest.approx((153 + 183 + 91) / 3)
    # A10: B counted to the day it moved in with its foster carers, 10 May (30 days)
    assert figures["adoption_a10_days"] == pytest.approx((153 + 30 + 91) / 3)
    # A2: A order 1 June to match 1 August (61 days); B matched before its order (zero); D had no order
    assert figures["adoption_a2_days"] == pytest.approx((61 + 0) / 2)


def test_the_adoption_scorecard_days_are_left_out_with_the_reason(tmp_path):
    from sefbook.inputs.returns.ssda903.figures import ssda903_left_out

    folder = _ret(
        tmp_path,
        {"eps": [_episode("C", "01/05/2024", "01/03/2025", "E11", ls="V2")], "ad1": [_ad1("C", "01/02/2025")]},
        [_child("C")],
    )
    left_out = ssda903_left_out(read_ssda903(folder), {})
    assert "none of the 1 children adopted in the year was placed for adoption first" in left_out["adoption_a1_days"]
    assert "placement or freeing order" in left_out["adoption_a2_days"]
    no_ad1 = ssda903_left_out(
        read_ssda903(
            _write(
                tmp_path / "other" / "ssda903-2025",
                [_child("A")],
                [
                    _episode("A", "01/04/2024", "01/09/2024", "X1", ls="E1"),
                    _episode("A", "01/09/2024", "01/03/2025", "E11", ls="E1", rne="P", place="A6"),
                ],
            )
        ),
        {},
    )
    assert "has no AD1 table" in no_ad1["adoption_a2_days"] and "adoption_a1_days" not in no_ad1
