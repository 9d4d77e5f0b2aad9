"""Adapters for non-CSV source shapes: tables inside workbooks (MHCLG revenue outturn, Ofsted
outcomes) and OHID Fingertips exports, both read into the DfE open-data shape as text.

Small hand-made inputs check the rules (markers mapped, never 0; unknown markers and missing
columns refused with file, row and column; the period from the file name); the real published
files, read in place when they are beside the project, check values recomputed from the files."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
import pytest
from helpers import PUBLISHED_DATA, write_csv

from sefbook.errors import InputError
from sefbook.inputs.published.fingertips import read_fingertips
from sefbook.inputs.published.layouts import FingertipsLayout, WorkbookLayout
from sefbook.inputs.published.workbooks import crosswalk_from, read_workbook

CROSSWALK = {
    "E09000002": ("301", "Barking and Dagenham", "E13000002", "Outer London"),
    "E06000016": ("856", "Leicester", "E12000004", "East Midlands"),
    # Barnsley under its older and its newer GSS code (the 2025 workforce file uses the newer)
    "E08000016": ("370", "Barnsley", "E12000003", "Yorkshire and The Humber"),
    "E08000038": ("370", "Barnsley", "E12000003", "Yorkshire and The Humber"),
}
EES_GEOGRAPHY = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
]


# ---- a tiny ODS writer: an ODS file is a zip of XML, so no writer package is needed ---------------


def _cell(value: object) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, dt.date):  # a date cell, as Ofsted's inspection dates are typed
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
        )
    if isinstance(value, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'


def write_ods(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A minimal OpenDocument spreadsheet; a row [] is a blank row, a cell None a blank cell.
    A header cell with a line break becomes two paragraphs, as a spreadsheet writes it."""
    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(
            "<table:table-row>" + ("".join(map(_cell, row)) or "<table:table-cell/>") + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in sheets.items()
    )
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        ods.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        ods.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


SPEND = "Children Social Care - Total Expenditure (C3 = C1 + C2)"
TOTAL = "Total Service Expenditure - Total Expenditure (C3 = C1 + C2)"
HEADER = ["ONS Code", "Local authority", "Class", "Children Social Care -  Total Expenditure\n (C3 = C1 + C2)", TOTAL]


def outturn_rows(*councils: list[object]) -> list[list[object]]:
    """An RSX-like sheet: notes above the header (row 4), the table, a second table below it."""
    return [
        ["Revenue outturn: service expenditure"],
        [],
        ["Data are reported in £ thousand."],
        HEADER,
        ["E07000223", "Adur", "SD", 0, 5000],  # a district: not a children's services authority
        *councils,
        ["E92000001", "ENGLAND", "Eng", 16878876.02917, 178313622.3888],
        HEADER,  # a second table of class totals, repeating the header
        ["E06", "Unitary Authorities", "UA", 1, 2],
    ]


OUTTURN = {
    "sheet": "RSX_LA_Data_*",
    "header_row": 4,
    "code_column": "ONS Code",
    "name_column": "Local authority",
    "level_column": "Class",
    "levels": {"Local authority": ["UA", "MD", "LB", "SC"], "National": ["Eng"]},
    "period": {"from_file_name": r"(\d{4})-(\d{2})"},
    "measures": [SPEND, TOTAL],
    "symbols": {"[x]": "x", "[z]": "z", "[note 4]": "x"},
}


def outturn(
    tmp_path: Path, *councils: list[object], name="RSX_LA_Data_2024-25_data_by_LA.ods", sheet="RSX_LA_Data_202425"
) -> Path:
    return write_ods(tmp_path / name, {"Front_Page": [["Revenue outturn"]], sheet: outturn_rows(*councils)})


def by_code(frame: pd.DataFrame, code: str) -> pd.Series:
    rows = frame[
        frame["new_la_code"].eq(code) | (frame["country_code"].eq(code) & frame["geographic_level"].eq("National"))
    ]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# ---- workbooks: hand-made ----------------------------------------------------------------------


def test_a_workbook_table_becomes_ees_text_with_markers_as_symbols_and_never_zero(tmp_path):
    path = outturn(
        tmp_path,
        ["E09000002", "Barking & Dagenham", "LB", 90093.94, 837721.14],
        ["E06000016", "Leicester City UA", "UA", "[x]", "[z]"],
        ["E08000016", "Barnsley MBC", "MD", 86661, "[note 4]"],
        ["E06000999", "Not in the crosswalk UA", "UA", 1, 2],
    )
    frame = read_workbook(path, WorkbookLayout(**OUTTURN), CROSSWALK)

    assert list(frame.columns) == [*EES_GEOGRAPHY, SPEND, TOTAL, "_row", "_file"]
    assert (frame.drop(columns="_row").map(type) == str).all().all()  # text, as read_csv(dtype=str) gives
    barking = by_code(frame, "E09000002")
    assert barking[[SPEND, TOTAL, "_row"]].tolist() == ["90093.94", "837721.14", 6]  # spreadsheet row 6
    assert barking[["time_period", "time_identifier", "old_la_code", "la_name", "region_name"]].tolist() == [
        "2025",
        "Financial year",
        "301",
        "Barking and Dagenham",
        "Outer London",
    ]  # DfE's name, not MHCLG's
    assert by_code(frame, "E06000016")[[SPEND, TOTAL]].tolist() == ["x", "z"]
    assert by_code(frame, "E08000016")[[SPEND, TOTAL, "old_la_code"]].tolist() == ["86661", "x", "370"]
    england = by_code(frame, "E92000001")
    assert england[[SPEND, TOTAL, "old_la_code", "region_code"]].tolist() == [
        "16878876.02917",
        "178313622.3888",
        "",
        "",
    ]
    # the district, the council the crosswalk does not know and the second table are left out
    assert sorted(frame["geographic_level"]) == ["Local authority"] * 3 + ["National"]
    assert "0" not in set(frame[SPEND]) | set(frame[TOTAL])


def test_an_unknown_marker_is_refused_naming_file_row_and_column(tmp_path):
    path = outturn(tmp_path, ["E09000002", "Barking & Dagenham", "LB", "[c]", 1])
    with pytest.raises(InputError) as err:
        read_workbook(path, WorkbookLayout(**OUTTURN), CROSSWALK)
    assert err.value.file == str(path)
    assert "row 6" in err.value.where and SPEND in err.value.where and "Barking & Dagenham" in err.value.where
    assert err.value.found == "'[c]'" and "'[x]'" in err.value.expected


def test_a_blank_cell_is_an_error_unless_the_layout_says_what_it_means(tmp_path):
    path = outturn(tmp_path, ["E09000002", "Barking & Dagenham", "LB", None, 1])
    with pytest.raises(InputError, match="blank cell") as err:
        read_workbook(path, WorkbookLayout(**OUTTURN), CROSSWALK)
    assert "row 6" in err.value.where
    frame = read_workbook(path, WorkbookLayout(**OUTTURN | {"blank": "x"}), CROSSWALK)
    assert by_code(frame, "E09000002")[SPEND] == "x"


def test_a_missing_column_is_named(tmp_path):
    path = outturn(tmp_path, ["E09000002", "Barking & Dagenham", "LB", 1, 2])
    layout = WorkbookLayout(**OUTTURN | {"measures": [SPEND, "Education services - Total Expenditure (C3 = C1 + C2)"]})
    with pytest.raises(InputError, match="no column 'Education services") as err:
        read_workbook(path, layout, CROSSWALK)
    assert "row 4" in err.value.where and "RSX_LA_Data_202425" in err.value.where


def test_the_period_comes_from_the_file_name(tmp_path):
    council = ["E09000002", "Barking & Dagenham", "LB", 1, 2]
    older = outturn(tmp_path, council, name="RSX_LA_Data_2023-24_data_by_LA.ods", sheet="RSX_LA_Data_2023-24")
    assert read_workbook(older, WorkbookLayout(**OUTTURN), CROSSWALK)["time_period"].unique().tolist() == ["2024"]
    with pytest.raises(InputError, match="no period in its file name"):
        read_workbook(outturn(tmp_path, council, name="RSX.ods"), WorkbookLayout(**OUTTURN), CROSSWALK)
    with pytest.raises(InputError, match="financial year") as err:
        read_workbook(outturn(tmp_path, council, name="RSX_2023-25.ods"), WorkbookLayout(**OUTTURN), CROSSWALK)
    assert err.value.found == "'2023-25'"


def test_a_sheet_is_found_by_pattern_and_a_missing_one_named(tmp_path):
    path = outturn(tmp_path, ["E09000002", "Barking & Dagenham", "LB", 1, 2], sheet="Table_1")
    with pytest.raises(InputError, match="no sheet matching 'RSX_LA_Data_\\*'") as err:
        read_workbook(path, WorkbookLayout(**OUTTURN), CROSSWALK)
    assert "'Table_1'" in err.value.found


def test_no_council_in_the_crosswalk_is_an_error(tmp_path):
    path = outturn(tmp_path, ["E09000002", "Barking & Dagenham", "LB", 1, 2])
    with pytest.raises(InputError, match="crosswalk") as err:
        read_workbook(
            path, WorkbookLayout(**OUTTURN), {"E10000002": ("825", "Buckinghamshire", "E12000008", "South East")}
        )
    assert "E09000002" in err.value.found


def test_a_judgement_becomes_a_grade_and_a_declared_blank_a_symbol(tmp_path):
    path = write_ods(
        tmp_path / "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
        {
            "Inspections_as_at_31_March": [
                ["Local authority inspection judgements as at 31 March 2025"],
                [],
                [
                    "Local authority area code",
                    "Local authority name",
                    "Overall effectiveness",
                    "The experiences and progress of care leavers",
                ],
                ["E09000002", "Barking and Dagenham", "Requires improvement to be good", "Good"],
                ["E08000016", "Barnsley", "Outstanding", None],  # inspected before the care leavers' judgement existed
                ["E06000016", "Leicester", " Requires  improvement to be good", "Inadequate"],
                [],
                ["Source: Ofsted"],
            ]
        },
    )
    layout = WorkbookLayout(
        sheet="Inspections_as_at_31_March",
        header_row=3,
        code_column="Local authority area code",
        period={"from_file_name": r"31_March_(\d{4})", "time_identifier": "Reporting year"},
        measures=["Overall effectiveness", "The experiences and progress of care leavers"],
        categories={"Outstanding": 1, "Good": 2, "Requires improvement to be good": 3, "Inadequate": 4},
        blank="z",
    )
    frame = read_workbook(path, layout, CROSSWALK)
    grades = frame.set_index("old_la_code")[["Overall effectiveness", "The experiences and progress of care leavers"]]
    assert grades.to_dict("index") == {
        "301": {"Overall effectiveness": "3", "The experiences and progress of care leavers": "2"},
        "370": {"Overall effectiveness": "1", "The experiences and progress of care leavers": "z"},
        "856": {"Overall effectiveness": "3", "The experiences and progress of care leavers": "4"},
    }
    assert frame["time_period"].unique().tolist() == ["2025"] and frame["_row"].tolist() == [4, 5, 6]

    with pytest.raises(InputError, match="marker") as err:  # a judgement the layout does not know
        read_workbook(path, layout.model_copy(update={"categories": {"Good": 2}}), CROSSWALK)
    assert err.value.where == "sheet 'Inspections_as_at_31_March', row 4, column 'Overall effectiveness'"


def test_a_council_under_either_of_its_gss_codes_is_found(tmp_path):
    path = outturn(tmp_path, ["E08000038", "Barnsley MBC", "MD", 5, 6])
    assert by_code(read_workbook(path, WorkbookLayout(**OUTTURN), CROSSWALK), "E08000038")["old_la_code"] == "370"


def test_a_layout_is_strict():
    with pytest.raises(ValueError, match="levels"):
        WorkbookLayout(**OUTTURN | {"levels": None})
    with pytest.raises(ValueError, match="header_rows"):
        WorkbookLayout(**OUTTURN | {"header_rows": 7})
    with pytest.raises(ValueError, match="one group"):
        WorkbookLayout(**OUTTURN | {"period": {"from_file_name": r"\d{4}"}})


# ---- Fingertips: hand-made ---------------------------------------------------------------------

FT_HEADER = "Indicator ID,Area Code,Area Name,Area Type,Sex,Age,Category Type,Category,Time period,Value,Count,Denominator,Value note"
FT_LAYOUT = FingertipsLayout(
    indicator_id=90284,
    filters={"Sex": "Persons", "Category Type": ""},
    levels={
        "National": ["England"],
        "Regional": ["Regions (statistical)"],
        "Local authority": ["Counties & UAs (from Apr 2023)"],
    },
)
LA_TYPE = "Counties & UAs (from Apr 2023)"


def test_a_fingertips_export_becomes_ees_text_and_a_blank_value_is_x_not_zero(tmp_path):
    path = write_csv(
        tmp_path / "la_hospital_admissions_2324.csv",
        FT_HEADER,
        "90284,E92000001,England,England,Persons,<15 yrs,,,2023/24,72.71223,72293,9942344,",
        "90284,E92000001,England,England,Persons,<15 yrs,,,2023/24,72.71223,72293,9942344,",  # twice, as exported
        f"90284,E09000002,Barking and Dagenham,{LA_TYPE},Persons,<15 yrs,,,2023/24,48.52285,260,53583,",
        f"90284,E09000002,Barking and Dagenham,{LA_TYPE},Male,<15 yrs,,,2023/24,50.1,140,27000,",
        f"90284,E09000002,Barking and Dagenham,{LA_TYPE},Persons,<15 yrs,Deprivation deciles,Most deprived,2023/24,60,1,2,",
        f"90284,E06000016,Leicester,{LA_TYPE},Persons,<15 yrs,,,2023/24,,,73400,Value for Leicester not presented",
        "90284,E07000223,Adur,Districts & UAs,Persons,<15 yrs,,,2023/24,10,1,1000,",
        "90284,E12000007,London region (statistical),Regions (statistical),Persons,<15 yrs,,,2022/23,59.07065,9345,1582004,",
        bom=True,
    )
    frame = read_fingertips(path, FT_LAYOUT, CROSSWALK)

    assert list(frame.columns) == [*EES_GEOGRAPHY, "Value", "Count", "Denominator", "_row", "_file"]
    barking = by_code(frame, "E09000002")
    assert barking[
        ["time_period", "time_identifier", "old_la_code", "Value", "Count", "Denominator", "_row"]
    ].tolist() == ["2024", "Financial year", "301", "48.52285", "260", "53583", 4]
    assert by_code(frame, "E06000016")[["Value", "Count", "Denominator"]].tolist() == ["x", "x", "73400"]
    assert by_code(frame, "E92000001")["_row"] == 2  # the England row once
    london = frame[frame["geographic_level"] == "Regional"].iloc[0]
    assert london[["time_period", "region_code", "region_name"]].tolist() == ["2023", "E12000007", "London"]
    assert len(frame) == 4  # Male, a deprivation decile and the district left out


def test_fingertips_exports_are_read_together_and_a_clash_is_refused(tmp_path):
    row = f"90284,E09000002,Barking and Dagenham,{LA_TYPE},Persons,<15 yrs,,,2023/24,48.52285,260,53583,"
    la = write_csv(tmp_path / "la.csv", FT_HEADER, row)
    region = write_csv(
        tmp_path / "region.csv",
        FT_HEADER,
        "90284,E12000003,Yorkshire and the Humber region (statistical),"
        "Regions (statistical),Persons,<15 yrs,,,2023/24,81.72719,7890,965407,",
        row,
    )
    frame = read_fingertips([la, region], FT_LAYOUT, CROSSWALK)
    assert len(frame) == 2 and by_code(frame, "E09000002")["_file"] == "la.csv"
    assert frame.loc[frame["geographic_level"] == "Regional", "region_name"].tolist() == ["Yorkshire and The Humber"]

    other = write_csv(tmp_path / "other.csv", FT_HEADER, row.replace("48.52285", "48.6"))
    with pytest.raises(InputError, match="two different figures") as err:
        read_fingertips([la, other], FT_LAYOUT, CROSSWALK)
    assert err.value.file == "other.csv" and err.value.where == "row 2" and "la.csv row 2" in err.value.found


def test_fingertips_refuses_an_unknown_marker_a_missing_column_and_an_unknown_period(tmp_path):
    marked = write_csv(
        tmp_path / "marked.csv",
        FT_HEADER,
        f"90284,E09000002,Barking and Dagenham,{LA_TYPE},Persons,<15 yrs,,,2023/24,*,260,53583,",
    )
    with pytest.raises(InputError, match="marker") as err:
        read_fingertips(marked, FT_LAYOUT, CROSSWALK)
    assert (err.value.file, err.value.where, err.value.found) == (str(marked), "row 2, column 'Value'", "'*'")

    no_count = write_csv(tmp_path / "no_count.csv", FT_HEADER.replace(",Count", ""), "")
    with pytest.raises(InputError, match="missing required columns") as err:
        read_fingertips(no_count, FT_LAYOUT, CROSSWALK)
    assert err.value.expected == "Count"

    header_alone = write_csv(tmp_path / "header_alone.csv", FT_HEADER)
    with pytest.raises(InputError, match="has a header but no rows") as err:
        read_fingertips(header_alone, FT_LAYOUT, CROSSWALK)
    assert (
        err.value.file == str(header_alone)
        and err.value.found == f"the header alone ({FT_HEADER.count(',') + 1} columns)"
    )

    calendar = write_csv(
        tmp_path / "calendar.csv",
        FT_HEADER,
        f"90284,E09000002,Barking and Dagenham,{LA_TYPE},Persons,<15 yrs,,,2023,1,2,3,",
    )
    with pytest.raises(InputError, match="time period") as err:
        read_fingertips(calendar, FT_LAYOUT, CROSSWALK)
    assert err.value.where == "row 2, column 'Time period'" and err.value.found == "'2023'"

    with pytest.raises(InputError, match="Indicator ID is '12345'"):
        read_fingertips(marked, FT_LAYOUT.model_copy(update={"indicator_id": 12345}), CROSSWALK)


# ---- the real published files, read in place -----------------------------------------------------

needs_published = pytest.mark.skipif(not PUBLISHED_DATA.is_dir(), reason="published DfE files not beside the project")


@pytest.fixture(scope="module")
def crosswalk():
    """Built as a caller would: from the EES files in the same folder."""
    frames = [
        pd.read_csv(PUBLISHED_DATA / name, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        for name in ("b1_children_in_need_2013_to_2025.csv", "csww_indicators_2017_to_2025.csv")
    ]
    return crosswalk_from(frames)


def published(name: str) -> Path:
    path = PUBLISHED_DATA / name
    if not path.exists():
        pytest.skip(f"{name} not in {PUBLISHED_DATA}")
    return path


def sheet_by_code(path: Path, sheet: str, header_row: int, code_column: str) -> pd.DataFrame:
    """The sheet read independently of the adapter: pandas' own header, indexed by GSS code."""
    raw = pd.read_excel(path, sheet_name=sheet, header=header_row - 1, engine="calamine")
    return raw.dropna(subset=[code_column]).drop_duplicates(code_column).set_index(code_column)


MHCLG = OUTTURN | {"header_row": 7, "symbols": {"[x]": "x", "[z]": "z", "[note 4]": "x", "[n]": "x", "[Y]": "z"}}


@needs_published
def test_rsx_childrens_social_care_and_total_service_spend(crosswalk):
    path = published("RSX_LA_Data_2024-25_data_by_LA.ods")
    frame = read_workbook(path, WorkbookLayout(**MHCLG | {"sheet": "RSX_LA_Data_*"}), crosswalk)
    cells = sheet_by_code(path, "RSX_LA_Data_202425", 7, "ONS Code")

    assert frame["geographic_level"].value_counts().to_dict() == {"Local authority": 153, "National": 1}
    for code in ("E09000002", "E06000016", "E92000001"):  # Barking and Dagenham, Leicester, England
        row = by_code(frame, code)
        assert float(row[SPEND]) == cells.loc[code, SPEND]
        assert float(row[TOTAL]) == cells.loc[code, TOTAL]
    assert by_code(frame, "E09000002")[[SPEND, TOTAL, "_row"]].tolist() == ["90093.94", "837721.14", 16]
    assert by_code(frame, "E06000016")["_row"] == 201
    # Birmingham sent no return: "[x]", which is x and not 0
    assert by_code(frame, "E08000025")[[SPEND, TOTAL]].tolist() == ["x", "x"]


@needs_published
def test_ro3_childrens_social_care_lines(crosswalk):
    path = published("RO3_LA_Data_2024-25_data_by_LA.ods")
    total = "TOTAL CHILDREN SOCIAL CARE - Total Expenditure (C3 = C1 + C2)"
    cla = "Children's social care - Children Looked After - Total Expenditure (C3 = C1 + C2)"
    fostering = (
        "Children's social care - Children Looked After of which fostering services - Total Expenditure (C3 = C1 + C2)"
    )
    frame = read_workbook(
        path, WorkbookLayout(**MHCLG | {"sheet": "RO3_LA_Data_*", "measures": [total, cla, fostering]}), crosswalk
    )
    cells = sheet_by_code(path, "RO3_LA_Data_202425", 7, "ONS Code")

    for code in ("E09000002", "E06000016"):
        assert float(by_code(frame, code)[total]) == cells.loc[code, total]
        assert float(by_code(frame, code)[cla]) == cells.loc[code, cla]
    # the same figure as RSX's Children Social Care total (Barking and Dagenham)
    assert by_code(frame, "E09000002")[[total, cla]].tolist() == ["90093.94", "38966.94"]
    # Gateshead gave no breakdown of its children looked after: "[note 4]" in the cell
    gateshead = by_code(frame, "E08000037")
    assert gateshead[fostering] == "x" and cells.loc["E08000037", fostering] == "[note 4]"
    assert float(gateshead[cla]) == cells.loc["E08000037", cla]


@needs_published
def test_ofsted_judgements_as_grades(crosswalk):
    path = published("LA_Inspection_Outcomes_as_at_31_March_2025.ods")
    overall, leavers = "Overall effectiveness", "The experiences and progress of care leavers"
    grades = {"Outstanding": 1, "Good": 2, "Requires improvement to be good": 3, "Inadequate": 4}
    layout = WorkbookLayout(
        sheet="Inspections_as_at_31_March",
        header_row=3,
        code_column="Local authority area code",
        name_column="Local authority name",
        period={"from_file_name": r"31_March_(\d{4})", "time_identifier": "Reporting year"},
        measures=[overall, leavers],
        categories=grades,
        blank="z",
    )
    frame = read_workbook(path, layout, crosswalk)
    cells = sheet_by_code(path, "Inspections_as_at_31_March", 3, "Local authority area code")

    assert len(frame) == 153 and set(frame["geographic_level"]) == {"Local authority"}
    assert set(frame["time_period"]) == {"2025"}
    for code in ("E09000002", "E06000016"):
        assert by_code(frame, code)[overall] == str(grades[cells.loc[code, overall]])
    assert by_code(frame, "E09000002")[[overall, leavers, "_row"]].tolist() == ["3", "2", 4]
    assert by_code(frame, "E06000016")[[overall, leavers]].tolist() == ["3", "3"]
    # a council inspected before the care leavers' judgement existed: blank, so z
    blank = cells.index[cells[leavers].isna()]
    assert len(blank) == (frame[leavers] == "z").sum() > 0
    assert by_code(frame, blank[0])[leavers] == "z"


@needs_published
def test_fingertips_hospital_admissions(crosswalk):
    paths = [published("la_hospital_admissions_2324.csv"), published("region_hospital_admissions_2324.csv")]
    layout = FT_LAYOUT.model_copy(update={"filters": {"Sex": "Persons", "Age": "<15 yrs", "Category Type": ""}})
    frame = read_fingertips(paths, layout, crosswalk)
    raw = pd.read_csv(paths[0], dtype=str, keep_default_na=False)

    latest = frame[frame["time_period"] == "2024"]
    assert latest["geographic_level"].value_counts().to_dict() == {"Local authority": 153, "Regional": 9, "National": 1}
    for code, line in (("E09000002", 7157), ("E06000016", 7072)):
        row = by_code(latest, code)
        source = raw.iloc[line - 2]  # the file's own line (header = line 1)
        assert row["_row"] == line and source["Area Code"] == code and source["Time period"] == "2023/24"
        assert row[["Value", "Count", "Denominator"]].tolist() == source[["Value", "Count", "Denominator"]].tolist()
        # the value is the crude rate per 10,000 children aged 0 to 14
        assert float(row["Value"]) == pytest.approx(int(row["Count"]) / int(row["Denominator"]) * 10_000, abs=1e-4)
    assert by_code(latest, "E09000002")["Value"] == "48.52285"
    england = by_code(latest, "E92000001")  # twice in the council export, kept once
    assert england[["Value", "Count"]].tolist() == ["72.71223", "72293"]
    # the Isles of Scilly's value is combined with Cornwall's: blank in the export, so x
    assert by_code(latest, "E06000053")[["Value", "Count"]].tolist() == ["x", "x"]
