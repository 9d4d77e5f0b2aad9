"""The council's own child-level returns: SSDA903 read and checked, children in care counted the
DfE's way on hand-made children, the example's synthetic return agreeing with the example's
published figure, a return in progress giving quarter-end figures, and every bad return named."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import EXAMPLE_DATA, EXAMPLE_EDITION

from sefbook.errors import InputError
from sefbook.inputs.load import load_inputs
from sefbook.inputs.ssda903 import EPISODES_COLUMNS, HEADER_COLUMNS, looked_after_on, read_ssda903, ssda903_figures

RETURNS = EXAMPLE_EDITION / "returns"


def episodes(*rows: tuple[str, str, str, str, str]) -> pd.DataFrame:
    """(child, DECOM, DEC, LS, REC) rows as read: dates parsed, blanks as missing."""
    frame = pd.DataFrame(rows, columns=["CHILD", "DECOM", "DEC", "LS", "REC"])
    for column in ("DECOM", "DEC"):
        frame[column] = pd.to_datetime(frame[column].replace("", None), format="%d/%m/%Y")
    return frame.assign(RNE="S")


def test_children_in_care_on_a_day_the_dfe_way():
    table = episodes(
        ("A", "01/01/2020", "", "C2", ""),  # in care throughout
        ("B", "01/05/2024", "31/03/2025", "C2", "E4A"),  # left on 31 March: not in care at its end
        ("C", "01/06/2024", "01/09/2024", "C2", "X1"),  # two episodes, one child ...
        ("C", "01/09/2024", "", "V2", ""),  # ... counted once
        ("D", "01/02/2025", "", "V3", ""),  # short breaks only: not counted
        ("E", "01/04/2025", "", "C1", ""),  # came into care after the day
        ("F", "31/03/2025", "", "E1", ""),  # came into care on the day: counted
    )
    assert looked_after_on(table, date(2025, 3, 31)) == 3  # A, C, F
    assert looked_after_on(table, date(2024, 7, 1)) == 3  # A, B, C


def test_starts_and_leavers_count_each_child_once_and_leave_out_short_breaks():
    from sefbook.inputs.ssda903 import started_and_ceased

    table = pd.DataFrame(
        [
            ("A", "10/05/2024", "20/06/2024", "C2", "E4A", "S"),  # came in, went home ...
            ("A", "01/09/2024", "", "C2", "", "S"),  # ... and came back: one start
            ("B", "01/01/2020", "15/11/2024", "E1", "E11", "S"),  # adopted
            ("C", "01/01/2023", "01/08/2024", "C2", "X1", "S"),  # a placement move, not a leaving
            ("C", "01/08/2024", "", "C2", "", "P"),
            ("D", "01/06/2024", "", "V3", "", "S"),  # short breaks: neither a start nor a leaving
            ("E", "01/01/2022", "31/05/2024", "C1", "E4A", "S"),  # left, came back, left again:
            (
                "E",
                "01/07/2024",
                "28/02/2025",
                "C2",
                "E45",
                "S",
            ),  # counted once, by the last (a special guardianship order)
            ("F", "01/04/2025", "", "C2", "", "S"),  # the year after
        ],
        columns=["CHILD", "DECOM", "DEC", "LS", "REC", "RNE"],
    )
    for column in ("DECOM", "DEC"):
        table[column] = pd.to_datetime(table[column].replace("", None), format="%d/%m/%Y")
    started, ceased = started_and_ceased(table, 2025)
    assert started == 2  # A and E
    assert sorted(ceased) == ["E11", "E45", "E4A"]  # B, E (last time), A
    ret = read_ssda903(
        _write(
            Path(__import__("tempfile").mkdtemp()) / "ssda903-2025",
            [_child(c) for c in "ABCDEF" if c != "F"],
            [
                _episode(
                    r.CHILD,
                    r.DECOM.strftime("%d/%m/%Y"),
                    "" if pd.isna(r.DEC) else r.DEC.strftime("%d/%m/%Y"),
                    r.REC,
                    r.LS,
                    r.RNE,
                )
                for r in table[table["CHILD"] != "F"].itertuples()
            ],
        )
    )
    figures = {f.indicator: f.value for f in ssda903_figures(ret, {2024: 10_000})}
    assert figures["cla_started_rate"] == pytest.approx(2) and figures["cla_ceased_rate"] == pytest.approx(
        3
    )  # of 10,000 children
    assert figures["cla_ceased_adopted"] == pytest.approx(100 / 3) and figures["cla_ceased_sgo"] == pytest.approx(
        100 / 3
    )
    assert figures["cla_ceased_cao"] == 0


def _write(folder: Path, header: list[dict], rows: list[dict]) -> Path:
    folder.mkdir(parents=True)
    pd.DataFrame(header, columns=list(HEADER_COLUMNS)).to_csv(folder / "children.csv", index=False)
    pd.DataFrame(rows, columns=list(EPISODES_COLUMNS)).to_csv(folder / "episodes.csv", index=False)
    return folder


def _child(ref: str) -> dict:
    return {"CHILD": ref, "SEX": "1", "DOB": "01/02/2015", "ETHNIC": "WBRI", "UPN": "", "MOTHER": "", "MC_DOB": ""}


def _episode(
    ref: str, decom: str, dec: str = "", rec: str = "", ls: str = "C2", rne: str = "S", place: str = "U4"
) -> dict:
    return {
        "CHILD": ref,
        "DECOM": decom,
        "RNE": rne,
        "LS": ls,
        "CIN": "N1",
        "PLACE": place,
        "PLACE_PROVIDER": "PR1",
        "DEC": dec,
        "REC": rec,
        "REASON_PLACE_CHANGE": "",
        "HOME_POST": "",
        "PL_POST": "",
        "URN": "XXXXXXX",
    }


def test_a_return_in_progress_gives_figures_at_the_quarter_ends_it_covers_and_a_rate_needs_last_years_population(
    tmp_path,
):
    folder = _write(
        tmp_path / "ssda903-2026-to-2025-08-20",
        [_child("T1"), _child("T2"), _child("T3")],
        [
            _episode("T1", "01/01/2024"),
            _episode("T2", "15/05/2025", "20/08/2025", "E4A"),
            _episode("T3", "02/07/2025"),
        ],
    )
    ret = read_ssda903(folder)
    assert ret.covers_to == date(2025, 8, 20)  # as the folder says: extracted on 20 August 2025
    figures = {(f.indicator, f.quarter): f.value for f in ssda903_figures(ret, {2025: 20_000})}
    assert figures == {("children_looked_after_count", 1): 2, ("cla_rate", 1): 2 / 20_000 * 10_000}  # Q2 not covered
    assert {f.indicator for f in ssda903_figures(ret, {2024: 20_000})} == {"children_looked_after_count"}
    assert ssda903_figures(ret, {})[0].source == "computed from SSDA903 2026"


def test_the_example_return_agrees_with_the_published_figure_and_a_published_figure_wins():
    year = read_ssda903(RETURNS / "ssda903-2025")
    computed = {f.indicator: f.value for f in ssda903_figures(year, {}) if f.quarter == 0}
    inputs = load_inputs(EXAMPLE_EDITION, EXAMPLE_DATA)
    t = inputs.table
    published = t[
        (t["indicator"] == "children_looked_after_count")
        & (t["area_code"] == inputs.place.la_code)
        & (t["time_period"] == 2025)
    ]
    assert len(published) == 1 and not published["provisional"].iloc[0]  # the published figure, not the computed one
    assert computed["children_looked_after_count"] == published["value"].iloc[0] == 458


def test_the_quarterly_report_shows_children_in_care_at_the_quarter_end_computed_from_the_return():
    from sefbook.analysis.assess import assess
    from sefbook.render.section import SectionView

    inputs = load_inputs(EXAMPLE_EDITION, EXAMPLE_DATA, period="2025-Q2")
    t = inputs.table
    row = t[(t["indicator"] == "children_looked_after_count") & (t["quarter"] == 2)]
    assert row["source_file"].tolist() == ["computed from SSDA903 2026"] and row["provisional"].all()
    ret = read_ssda903(RETURNS / "ssda903-2026-to-2025-10-14")
    expected = looked_after_on(ret.episodes, date(2025, 9, 30))
    assessed = assess(inputs, inputs.registry["children_looked_after_count"]).row
    assert (assessed.latest, assessed.period, assessed.quarter, assessed.provisional) == (expected, 2026, 2, True)
    html = SectionView(inputs.edition.section("context"), inputs).performance_table_html()
    assert f"{expected:,}" in html and "(provisional)" in html


BAD_RETURNS = {
    # name: (change to the example's 2025 episodes table, fragments of the message)
    "a date that is not a date": (
        lambda e: e.assign(DECOM=e["DECOM"].where(e.index != 3, "31/02/2024")),
        ["episodes.csv", "row 5, child KM", "column DECOM", "not a date", "'31/02/2024'"],
    ),
    "an unknown legal status, in three rows": (
        lambda e: e.assign(LS=e["LS"].where(~e.index.isin([4, 9, 11]), "C9")),
        ["row 6, child KM", "column LS", "'C9' (and 2 more rows like it)", "collection year 2025"],
    ),
    "an episode ending before it starts": (
        lambda e: e.assign(DEC=e["DEC"].where(e.index != _ended(e), "01/01/2000")),
        ["ends before it starts", "column DEC", "'01/01/2000'"],
    ),
    "an end without a reason": (
        lambda e: e.assign(REC=e["REC"].where(e.index != _ended(e), "")),
        ["end and reason disagree", "column REC"],
    ),
    "a child's episodes overlapping": (
        lambda e: pd.concat([e, e.iloc[[0]]], ignore_index=True),
        ["overlapping", "child KM", "column DECOM"],
    ),
    "a child the header does not list": (
        lambda e: e.assign(CHILD=e["CHILD"].where(e.index != 2, "ZZ999999")),
        ["a child the header does not list", "child ZZ999999"],
    ),
    "a missing table": (None, ["has no SSDA903 episodes table", "CHILD, DECOM, RNE"]),
}


def _ended(e: pd.DataFrame) -> int:
    return int(e.index[(e["DEC"] != "") & (e["REC"] != "X1")][0])


@pytest.mark.parametrize("case", BAD_RETURNS)
def test_a_bad_return_is_named_with_the_row_the_child_and_how_many_rows(case, tmp_path):
    change, fragments = BAD_RETURNS[case]
    folder = tmp_path / "ssda903-2025"
    folder.mkdir()
    source = RETURNS / "ssda903-2025"
    (folder / "header.csv").write_bytes((source / "header.csv").read_bytes())
    if change is not None:
        frame = pd.read_csv(source / "episodes.csv", dtype=str, keep_default_na=False)
        change(frame).to_csv(folder / "episodes.csv", index=False)
    with pytest.raises(InputError) as err:
        read_ssda903(folder)
    for fragment in fragments:
        assert fragment in err.value.message, (fragment, err.value.message)


@pytest.mark.parametrize(
    "name, fragments",
    [
        ("returns-2025", ["is not named as an SSDA903 return", "ssda903-<year>"]),
        ("ssda903-2015", ["a year from 2021 to 2026", "2015"]),
        ("ssda903-2026-to-2026-05-01", ["an extract date outside its collection year", "'2026-05-01'"]),
        ("ssda903-2026-to-2025-02-30", ["an extract date outside its collection year", "'2025-02-30'"]),
    ],
)
def test_a_return_folder_names_its_collection_year(name, fragments, tmp_path):
    with pytest.raises(InputError) as err:
        read_ssda903(_write(tmp_path / name, [_child("A")], [_episode("A", "01/01/2024")]))
    for fragment in fragments:
        assert fragment in err.value.message


# --- the other SSDA903 tables and the indicators they give -----------------------------------------------------------


def _table(rows: list[tuple], columns: str) -> pd.DataFrame:
    """Rows as read: the columns named, dates (dd/mm/yyyy) parsed, blanks as missing."""
    frame = pd.DataFrame(rows, columns=columns.split())
    for column in frame.columns:
        if column in ("DECOM", "DEC", "DOB", "DUC", "SW_DECOM", "SW_DEC", "DATE_INT", "DATE_MATCH"):
            frame[column] = pd.to_datetime(frame[column].replace("", None), format="%d/%m/%Y")
    return frame


def test_three_placements_count_new_placements_not_legal_changes_temporary_moves_or_short_breaks():
    from sefbook.inputs.ssda903 import placements_in_year

    e = _table(
        [
            ("A", "01/01/2022", "01/06/2024", "P", "C2", "X1", "U4"),  # the placement the year began in: 1
            ("A", "01/06/2024", "01/09/2024", "P", "C2", "X1", "U4"),  # a move: 2
            ("A", "01/09/2024", "", "T", "C2", "", "K2"),  # a move and a new legal status: 3
            ("B", "01/01/2022", "01/05/2024", "L", "C2", "X1", "U4"),  # began the year here: 1
            ("B", "01/05/2024", "01/07/2024", "L", "E1", "X1", "U4"),  # legal status only: not a placement
            ("B", "01/07/2024", "08/07/2024", "P", "E1", "X1", "T4"),  # a week's temporary placement: not counted ...
            ("B", "08/07/2024", "", "P", "E1", "", "U4"),  # ... nor the return from it: B has 1
            ("C", "10/04/2024", "01/05/2024", "S", "C2", "X1", "U4"),  # came into care: 1
            ("C", "01/05/2024", "01/06/2024", "P", "C2", "X1", "U5"),  # 2
            ("C", "01/06/2024", "", "B", "C2", "", "A4"),  # placed for adoption, same carers, new placement: 3
            ("D", "01/05/2024", "01/06/2024", "S", "V3", "E4A", "U1"),  # short breaks ...
            ("D", "01/07/2024", "01/08/2024", "S", "V3", "E4A", "U1"),  # ... are not placements
            ("D", "01/09/2024", "", "S", "C2", "", "U1"),  # in care since September: 1
            ("E", "01/06/2024", "01/07/2024", "S", "C2", "E4A", "U1"),  # three placements, but left on 31 March:
            ("E", "01/08/2024", "01/09/2024", "S", "C2", "X1", "U1"),  # not in the count
            ("E", "01/09/2024", "31/03/2025", "P", "C2", "E4A", "U4"),
        ],
        "CHILD DECOM DEC RNE LS REC PLACE",
    )
    placements = placements_in_year(e, 2025)
    assert placements.to_dict() == {"A": 3, "B": 1, "C": 3, "D": 1}
    # cla_three_placements: A and C of the four looked after on 31 March = 50%


def test_long_term_stability_counts_under_16s_in_care_two_and_a_half_years_and_says_when_the_return_cannot_tell():
    from sefbook.inputs.ssda903 import long_term_stability

    header = _table([(c, "01/01/2012") for c in "ABCDE"] + [("F", "01/01/2008")], "CHILD DOB")  # F is 17
    e = _table(
        [
            ("A", "01/01/2020", "", "S", "C2", "", "U4"),  # in care and placed since 2020: stable
            ("B", "01/01/2020", "01/06/2023", "S", "C2", "X1", "U4"),  # in care since 2020, moved in June 2023:
            ("B", "01/06/2023", "", "P", "C2", "", "U4"),  # in the cohort, not stable
            ("C", "01/01/2021", "01/01/2024", "S", "C2", "X1", "U4"),  # fostered from 2021, placed for adoption
            ("C", "01/01/2024", "", "B", "E1", "", "A4"),  # with the same carers in 2024: stable (both: 4 years)
            ("D", "01/01/2024", "", "S", "C2", "", "U4"),  # in care a year: not in the cohort
            ("F", "01/01/2015", "", "S", "C2", "", "U4"),  # 16 or over: not in the cohort
        ],
        "CHILD DECOM DEC RNE LS REC PLACE",
    )
    assert long_term_stability(e, header, 2025) == (pytest.approx(200 / 3), 0)  # A and C of A, B, C
    unknown = pd.concat([e, _table([("E", "01/05/2023", "", "P", "C2", "", "U4")], "CHILD DECOM DEC RNE LS REC PLACE")])
    assert long_term_stability(unknown, header, 2025)[1] == 1  # E: in care before May 2023, since when? not here


def _ret(tmp_path: Path, tables: dict[str, list[dict]], children: list[dict] | None = None, name: str = "ssda903-2025"):
    """A return folder: the header, the episodes and the other tables given, as CSV."""
    folder = _write(
        tmp_path / name, children or [_child(r["CHILD"]) for r in tables.pop("episodes")], tables.pop("eps", [])
    )
    for file, rows in tables.items():
        pd.DataFrame(rows).to_csv(folder / f"{file}.csv", index=False)
    return folder


def _oc2(ref: str, dob: str, **values: str) -> dict:
    row = {
        "CHILD": ref,
        "DOB": dob,
        "SDQ_SCORE": "",
        "SDQ_REASON": "",
        "CONVICTED": "",
        "HEALTH_CHECK": "",
        "IMMUNISATIONS": "0",
        "TEETH_CHECK": "0",
        "HEALTH_ASSESSMENT": "0",
        "SUBSTANCE_MISUSE": "0",
        "INTERVENTION_RECEIVED": "",
        "INTERVENTION_OFFERED": "",
    }
    return row | values


def test_oc2_measures_cover_children_looked_after_a_whole_year_each_in_its_age_band(tmp_path):
    born = {"A": "01/06/2021", "B": "01/06/2012", "C": "01/06/2012", "D": "01/06/2009", "E": "01/06/2012"}
    children = [dict(_child(c), DOB=b) for c, b in born.items()]
    folder = _ret(
        tmp_path,
        {
            "eps": [_episode(c, "01/01/2023") for c in "ABCD"] + [_episode("E", "01/06/2024")],
            "oc2": [
                _oc2(
                    "A", born["A"], HEALTH_CHECK="1", HEALTH_ASSESSMENT="1", IMMUNISATIONS="1", TEETH_CHECK="1"
                ),  # aged 3
                _oc2("B", born["B"], SDQ_SCORE="20", SDQ_REASON="SDQ1", CONVICTED="0", HEALTH_ASSESSMENT="1"),  # 12
                _oc2("C", born["C"], SDQ_SCORE="10", SDQ_REASON="SDQ1", CONVICTED="1", IMMUNISATIONS="1"),  # 12
                _oc2(
                    "D",
                    born["D"],
                    SDQ_REASON="SDQ4",
                    CONVICTED="0",
                    SUBSTANCE_MISUSE="1",
                    INTERVENTION_RECEIVED="1",
                    INTERVENTION_OFFERED="1",
                ),  # 15, no score
            ],
        },
        children,
    )  # E came into care in June 2024: not a whole year, left out
    figures = {f.indicator: f.value for f in ssda903_figures(read_ssda903(folder), {2024: 10_000})}
    assert figures["cla_health_assessments"] == 50  # A, B of A-D
    assert figures["cla_immunisations"] == 50 and figures["cla_dental_checks"] == 25  # A, C; A
    assert figures["cla_development_assessments"] == 100  # A, the only under 5
    assert figures["cla_sdq_received"] == pytest.approx(200 / 3)  # B, C of B, C, D (5 to 16)
    assert figures["cla_sdq_average"] == 15 and figures["cla_sdq_concern"] == 50  # (20 + 10) / 2; B's 20 >= 17
    assert figures["cla_convicted"] == pytest.approx(100 / 3)  # C of B, C, D (10 to 17)
    assert figures["cla_substance_misuse"] == 25  # D of four


def test_oc3_care_leaver_measures_by_age_at_the_birthday_leaving_out_those_who_died_or_went_home(tmp_path):
    people = {
        "A": ("01/06/2005", "YES", "F1", "D1"),
        "B": ("01/06/2005", "YES", "F4", "U2"),  # 19
        "C": ("01/06/2004", "NO", "G5", "0"),
        "D": ("01/06/2003", "REFU", "0", "R2"),  # 20, 21
        "E": ("01/06/2004", "DIED", "0", "0"),  # died: left out
        "F": ("01/06/2007", "YES", "F2", "B1"),
        "G": ("01/06/2006", "YES", "G6", "T2"),
    }  # 17, 18
    children = [dict(_child(c), DOB=p[0]) for c, p in people.items()] + [_child("K")]
    folder = _ret(
        tmp_path,
        {
            "eps": [_episode("K", "01/01/2023")],
            "oc3": [
                {"CHILD": c, "DOB": p[0], "IN_TOUCH": p[1], "ACTIV": p[2], "ACCOM": p[3]} for c, p in people.items()
            ],
        },
        children,
    )
    figures = {f.indicator: f.value for f in ssda903_figures(read_ssda903(folder), {})}
    assert figures["care_leavers_19_21_count"] == 4  # A, B, C, D
    assert figures["care_leavers_eet"] == 50  # A (higher education), B (apprenticeship)
    assert figures["care_leavers_neet_19_21"] == 25 and figures["care_leavers_activity_not_known_19_21"] == 25  # C; D
    assert figures["care_leavers_higher_education_19_21"] == 25 and figures["care_leavers_apprenticeship_19_21"] == 25
    assert figures["care_leavers_suitable_accommodation"] == 25  # A (D1); B, D not suitable (2), C not known (0)
    assert figures["care_leavers_in_touch"] == 50  # A, B
    assert figures["care_leavers_eet_17_18"] == 50 and figures["care_leavers_suitable_accommodation_17_18"] == 50  # F


def test_adoption_uasc_and_social_workers(tmp_path):
    folder = _ret(
        tmp_path,
        {
            "eps": [
                _episode("A", "01/06/2023", "01/02/2024", "X1"),
                _episode("A", "01/02/2024", "01/08/2024", "X1", rne="P"),
                _episode("A", "01/08/2024", "01/02/2025", "E11", rne="P"),  # adopted; came into care 1 June 2023
                _episode("U", "01/05/2024"),
                _episode("V", "01/07/2024"),  # started; U an asylum-seeking child
                _episode("W", "01/01/2023"),
            ],
            "ad1": [
                {
                    "CHILD": "A",
                    "DOB": "01/02/2015",
                    "DATE_INT": "01/01/2024",
                    "DATE_MATCH": "01/07/2024",
                    "FOSTER_CARE": "0",
                    "NB_ADOPTR": "2",
                    "SEX_ADOPTR": "MF",
                    "LS_ADOPTR": "L0",
                }
            ],
            "uasc": [
                {"CHILD": "U", "SEX": "1", "DOB": "01/02/2015", "DUC": ""},
                {"CHILD": "W", "SEX": "1", "DOB": "01/02/2015", "DUC": "01/01/2025"},
            ],  # W's status ceased
            "sw": [
                {
                    "CHILD": "W",
                    "DOB": "01/02/2015",
                    "SW_ID": w,
                    "SW_DECOM": s,
                    "SW_DEC": e,
                    "SW_REASON": "LEFTRL" if e else "",
                }
                for w, s, e in (
                    ("S1", "01/01/2023", "01/05/2024"),
                    ("S2", "01/05/2024", "01/09/2024"),
                    ("S1", "01/09/2024", "01/10/2024"),
                    ("S3", "01/10/2024", ""),
                )
            ]
            + [
                {
                    "CHILD": "U",
                    "DOB": "01/02/2015",
                    "SW_ID": "S9",
                    "SW_DECOM": "01/05/2024",
                    "SW_DEC": "",
                    "SW_REASON": "",
                }
            ],
        },
        [_child(c) for c in "AUVW"],
    )
    ret = read_ssda903(folder)
    figures = {f.indicator: f.value for f in ssda903_figures(ret, {2024: 10_000})}
    assert figures["adoption_entry_to_adoption_months"] == pytest.approx(611 / (365.25 / 12))  # 1/6/2023 to 1/2/2025
    assert figures["adoption_decision_to_match_months"] == pytest.approx(182 / (365.25 / 12))  # 1/1 to 1/7/2024
    assert figures["uasc_started_rate"] == 1 and figures["uasc_cla_rate"] == 1  # U, of 10,000 children
    assert figures["cla_three_social_workers"] == pytest.approx(100 / 3)  # W: S1, S2, S3; of U, V, W


def test_a_missing_optional_table_leaves_its_figures_out_with_the_reason(tmp_path):
    from sefbook.inputs.ssda903 import ssda903_left_out

    ret = read_ssda903(_write(tmp_path / "ssda903-2025", [_child("A")], [_episode("A", "01/01/2023")]))
    left_out = ssda903_left_out(ret, {2024: 10_000})
    assert "has no OC3 table" in left_out["care_leavers_eet"] and "has no UASC table" in left_out["uasc_cla_rate"]
    assert "cla_three_placements" not in left_out  # the episodes give it


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
    import shutil

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
    from sefbook.inputs.ssda903 import ssda903_left_out

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
    from sefbook.inputs.ssda903 import link_years, ssda903_left_out

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
    from sefbook.inputs.ssda903 import link_years, ssda903_left_out

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
    from sefbook.inputs.ssda903 import link_years

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
    from sefbook.inputs.ssda903 import link_years

    earlier, later, refused, fragments = DISAGREEING[case]
    folder = _two_years(tmp_path, earlier, later)
    with pytest.raises(InputError) as err:
        link_years([read_ssda903(folder / "ssda903-2024"), read_ssda903(folder / "ssda903-2025")])
    assert err.value.file == str(folder / refused / "episodes.csv")
    for fragment in fragments:
        assert fragment in err.value.message, (fragment, err.value.message)


def test_three_placements_over_two_years_need_the_year_before_and_count_only_children_in_care_both_years(tmp_path):
    from sefbook.inputs.ssda903 import link_years, placements_in_two_years, ssda903_left_out

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
    from sefbook.inputs.ssda903 import link_years, ssda903_left_out

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


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "ssda903-2025"
    shutil.copytree(RETURNS / "ssda903-2025", folder)
    return folder


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


CSV_FAULTS = {  # file, what to do to its lines, what the message holds
    "an empty file": ("episodes.csv", lambda lines: [], ["episodes.csv: is empty", "found no text"]),
    "blank lines only": ("header.csv", lambda lines: ["\n", "\n"], ["header.csv: is empty", "blank lines only"]),
    "a row with one field too many": (
        "episodes.csv",
        lambda lines: lines[:3] + [lines[3].rstrip("\n") + ",X\n"] + lines[4:],
        ["episodes.csv, line 4: has a row with more fields than its header", "expected 13 fields", "found 14 fields"],
    ),
    # pandas would read this one as an index column and shift every column of the file by one
    "the first row with one field too many": (
        "episodes.csv",
        lambda lines: [lines[0], "0," + lines[1], *lines[2:]],
        ["episodes.csv, line 2: has a row with more fields", "found 14 fields"],
    ),
    "a row with one field too few": (
        "header.csv",
        lambda lines: lines[:2] + [lines[2].rsplit(",", 1)[0] + "\n"] + lines[3:],
        ["header.csv, line 3: has a row with fewer fields than its header", "expected 7 fields", "found 6 fields"],
    ),
    "a column named twice": (
        "episodes.csv",
        lambda lines: [lines[0].replace("URN", "LS"), *lines[1:]],
        ["episodes.csv, line 1: has a column named twice", "'LS'"],
    ),
}


@pytest.mark.parametrize("case", CSV_FAULTS)
def test_a_return_csv_that_cannot_be_read_right_is_named_with_the_line(case, tmp_path):
    name, change, fragments = CSV_FAULTS[case]
    folder = _copy(tmp_path)
    (folder / name).write_text("".join(change(_lines(folder / name))), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_ssda903(folder)
    for fragment in fragments:
        assert fragment in err.value.message, (fragment, err.value.message)
    assert "\n" not in err.value.message


def test_a_return_saved_in_cp1252_is_named_with_the_line_and_the_byte(tmp_path):
    folder = _copy(tmp_path)
    header = folder / "header.csv"
    lines = _lines(header)
    lines[2] = lines[2].replace(",,", ",Zo\u00eb \u00a3,", 1)  # a name and a pound sign, as Excel saves them
    header.write_bytes("".join(lines).encode("cp1252"))
    at = "".join(lines).encode("cp1252").index(b"\xeb")
    with pytest.raises(InputError) as err:
        read_ssda903(folder)
    assert err.value.message == (
        f"{header}, line 3, byte {at}: is not UTF-8 text; expected a CSV file saved as UTF-8 "
        f"(in Excel: Save As, 'CSV UTF-8'); found the byte 0xEB, which Windows (cp1252) and "
        f"other encodings use"
    )


def test_a_return_csv_and_a_published_csv_are_refused_in_the_same_words(tmp_path):
    from sefbook.inputs.published.shape import read_published_csv

    for name, (_, change, _) in CSV_FAULTS.items():
        lines = _lines(RETURNS / "ssda903-2025" / "episodes.csv")
        folder = _copy(tmp_path / name.replace(" ", "-"))
        (folder / "episodes.csv").write_text("".join(change(lines)), encoding="utf-8")
        with pytest.raises(InputError) as returned:
            read_ssda903(folder)
        with pytest.raises(InputError) as published:
            read_published_csv(folder / "episodes.csv")
        assert returned.value.message == published.value.message


@pytest.mark.parametrize("same_date", [False, True])
def test_a_child_listed_twice_in_the_header_is_refused_naming_both_rows(same_date, tmp_path):
    # the sector's SSDA903 validator refuses both (data-to-insight/csc-validator-be-903, rule INT32: "Child should
    # only exist once in Header")
    folder = _copy(tmp_path)
    header = folder / "header.csv"
    lines = _lines(header)
    child, sex, born, *rest = lines[1].rstrip("\n").split(",")
    again = ",".join([child, sex, born if same_date else "01/01/2011", *rest]) + "\n"
    header.write_text("".join(lines + [again]), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_ssda903(folder)
    exc = err.value
    last = len(lines) + 1
    if same_date:
        assert f"rows 2 and {last}, child {child}, column CHILD: lists a child twice;" in exc.message
    else:
        assert (
            f"rows 2 and {last}, child {child}, column DOB: lists a child twice, with different dates of birth"
            in exc.message
        )
        assert f"found {born!r} and '01/01/2011'" in exc.message
    quiet = str(exc)  # what a log gets
    assert child not in quiet and born not in quiet and "01/01/2011" not in quiet, quiet
    assert f"rows 2 and {last}, child (reference withheld" in quiet


@pytest.mark.parametrize(
    "column, typed, shown",
    [
        ("LS", "C9", True),  # a slip of a code: the log says what to fix
        ("LS", "A123456789012", False),  # a UPN
        ("RNE", "28/01/2010", False),  # a date (of birth?)
        ("REC", "KM104019", False),  # a child's reference
        ("LS", "K1", True),
    ],
)
def test_a_personal_value_in_a_coded_column_is_withheld_from_logs(column, typed, shown, tmp_path):
    folder = _copy(tmp_path)
    episodes = folder / "episodes.csv"
    lines = _lines(episodes)
    names = lines[0].rstrip("\n").split(",")
    cells = lines[1].rstrip("\n").split(",")
    cells[names.index(column)] = typed
    cells[names.index("DEC")], cells[names.index("REC")] = (
        ("10/06/2024", typed) if column == "REC" else (cells[names.index("DEC")], cells[names.index("REC")])
    )
    episodes.write_text("".join([lines[0], ",".join(cells) + "\n", *lines[2:]]), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_ssda903(folder)
    exc = err.value
    assert f"row 2, child {cells[0]}, column {column}" in exc.message and repr(typed) in exc.message
    assert (typed in str(exc)) is shown, str(exc)
    assert ("found (withheld: personal data)" in str(exc)) is not shown
