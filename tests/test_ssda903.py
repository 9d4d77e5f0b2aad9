"""The council's own child-level returns: SSDA903 read and checked, children in care counted the
DfE's way on hand-made children, the example's synthetic return agreeing with the example's
published figure, a return in progress giving quarter-end figures, and every bad return named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from helpers import EXAMPLE_DATA, EXAMPLE_EDITION

from sefbook.errors import InputError
from sefbook.inputs.load import load_inputs
from sefbook.inputs.returns.ssda903.codes import EPISODES_COLUMNS, HEADER_COLUMNS
from sefbook.inputs.returns.ssda903.figures import ssda903_figures
from sefbook.inputs.returns.ssda903.measures import looked_after_on
from sefbook.inputs.returns.ssda903.read import read_ssda903

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
    from sefbook.inputs.returns.ssda903.measures import started_and_ceased

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
    from sefbook.inputs.returns.ssda903.measures import placements_in_year

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
    from sefbook.inputs.returns.ssda903.measures import long_term_stability

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
    from sefbook.inputs.returns.ssda903.figures import ssda903_left_out

    ret = read_ssda903(_write(tmp_path / "ssda903-2025", [_child("A")], [_episode("A", "01/01/2023")]))
    left_out = ssda903_left_out(ret, {2024: 10_000})
    assert "has no OC3 table" in left_out["care_leavers_eet"] and "has no UASC table" in left_out["uasc_cla_rate"]
    assert "cla_three_placements" not in left_out  # the episodes give it
