"""Statistical-neighbour files in both published layouts: small hand-written files for every
case, and the real 2025 model (read in place) when the published data folder is present."""

import csv

import pytest
from helpers import PUBLISHED_DATA, write_csv

from sefbook.errors import InputError
from sefbook.inputs.published.neighbours import find_neighbour_model, read_neighbour_model

HEADER_2025 = "old_la_code,la_name,region_ind,region_name," + ",".join(f"SN_{n},SN_{n}P" for n in range(1, 11))
# As published: SNP repeated ten times, and a trailing comma on the header and on every row.
HEADER_2021 = "LA num,LA Name,LA number,GOInd,GOReg," + ",".join(f"SN{n},SNP" for n in range(1, 11)) + ","
CODES = [str(code) for code in range(301, 312)]  # eleven councils: each has the other ten as neighbours
DEGREES = [
    "Extremely Close",
    "Very Close",
    "Very Close",
    "Close",
    "Close",
    "Somewhat close",
    "Somewhat close",
    "Not Close",
    "Not Close",
    "Not Close",
]


def others(code: str) -> list[str]:
    return [other for other in CODES if other != code]


def row_2025(code: str, name: str, neighbours: list[str], degree: str = "Close ") -> str:
    return f"{code},{name},3,London," + ",".join(f"{n},{degree}" for n in neighbours)


def row_2021(code: str, name: str, neighbours: list[str]) -> str:
    return f"{code},{name},{code},3,London (Outer)," + ",".join(f"{n},{d}" for n, d in zip(neighbours, DEGREES)) + ","


def file_2025(tmp_path, *rows, name="sn_model_2025_wide.csv", **kwargs):
    return write_csv(tmp_path / name, HEADER_2025, *rows, **kwargs)


def test_2025_layout_read_with_bom_crlf_and_trailing_spaces(tmp_path):
    path = file_2025(
        tmp_path, *(row_2025(code, f"Council {code}", others(code)) for code in CODES), bom=True, newline="\r\n"
    )
    model = read_neighbour_model(path)
    assert model.source_file == "sn_model_2025_wide.csv" and model.model_year == 2025
    assert len(model.groups) == 11
    assert model.groups["301"] == tuple(CODES[1:])
    assert model.neighbours_of("302") == ("301", *CODES[2:])
    assert model.closeness["301"] == ("Close",) * 10  # "Close " stripped
    assert model.names["311"] == "Council 311"
    assert model.source_rows["301"] == 2 and model.source_rows["311"] == 12  # header is line 1


def test_2021_layout_read_by_position_despite_repeated_snp_headers(tmp_path):
    rows = [row_2021(code, f"Council {code}", others(code)) for code in CODES]
    rows[1] = rows[1].replace("Council 302", '"Bristol, City of"')
    path = write_csv(
        tmp_path / "New_Statistical_Neighbour_Groupings_April_2021.csv",
        HEADER_2021,
        *rows,
        ",,,,,,,,,,,,,,,,,,,,,,,,,",
        ",Old SNs:,,,,,,,,,,,,,,,,,,,,,,,,",
        row_2021("928", "Northamptonshire", CODES[:10]),
        bom=True,
        newline="\r\n",
    )
    model = read_neighbour_model(path)
    assert model.model_year == 2021
    assert model.groups["303"] == ("301", "302", *CODES[3:])
    assert model.closeness["303"] == tuple(DEGREES)  # each SNP column kept, in order
    assert model.names["302"] == "Bristol, City of"
    assert "928" not in model.groups  # superseded groupings after "Old SNs:" are not read
    assert len(model.groups) == 11


def test_codes_written_as_numbers_padded_or_spaced_and_missing_closeness(tmp_path):
    neighbours = ["0302", " 303 ", *CODES[3:]]
    path = file_2025(tmp_path, " 0301 ," + row_2025("301", "A", neighbours, degree="").split(",", 1)[1])
    model = read_neighbour_model(path)
    assert model.groups["301"] == ("302", "303", *CODES[3:])
    assert model.closeness["301"] == ("",) * 10


def test_model_year_defaults_to_the_layout_when_the_name_has_no_year(tmp_path):
    assert read_neighbour_model(file_2025(tmp_path, name="sn_model_wide.csv")).model_year == 2025
    path = write_csv(tmp_path / "groupings.csv", HEADER_2021, row_2021("301", "A", others("301")))
    assert read_neighbour_model(path).model_year == 2021


def test_an_unknown_header_is_named_with_both_known_layouts(tmp_path):
    path = write_csv(tmp_path / "sn_model_2025_long.csv", "old_la_code,la_name,SN_rank,SN_code")
    with pytest.raises(InputError) as err:
        read_neighbour_model(path)
    message = err.value.message
    assert "sn_model_2025_long.csv: is not a statistical neighbour file sefbook knows" in message
    assert "expected the 2025 model's columns old_la_code" in message and "LA num, LA Name" in message
    assert "found columns old_la_code, la_name, SN_rank, SN_code" in message


def test_2021_header_with_one_snp_renamed_is_unknown(tmp_path):
    path = write_csv(
        tmp_path / "New_Statistical_Neighbour_Groupings_2021.csv", HEADER_2021.replace("SN3,SNP", "SN3,SN3P")
    )
    with pytest.raises(InputError, match="is not a statistical neighbour file sefbook knows"):
        read_neighbour_model(path)


def test_a_code_that_is_not_three_digits_names_row_column_and_value(tmp_path):
    path = file_2025(
        tmp_path, row_2025("301", "A", others("301")), row_2025("302", "B", ["301", "303", "E09000004", *CODES[4:]])
    )
    with pytest.raises(InputError) as err:
        read_neighbour_model(path)
    assert err.value.message == (
        f"{path}, row 3, column SN_3: has an LA code that is not an old 3-digit code; "
        "expected an old LA code of 3 digits, such as 301; found 'E09000004'"
    )
    with pytest.raises(InputError, match=r"row 2, column LA number: .* found '30'"):
        read_neighbour_model(write_csv(tmp_path / "g.csv", HEADER_2021, row_2021("30", "A", others("301"))))


def test_a_row_with_fewer_than_ten_neighbours_is_named(tmp_path):
    short = row_2025("301", "A", others("301")).rsplit(",", 2)[0] + ",,"
    path = file_2025(tmp_path, short)
    with pytest.raises(InputError) as err:
        read_neighbour_model(path)
    assert err.value.message == (
        f"{path}, row 2: has fewer than 10 neighbours for council 301; "
        "expected an old LA code in each of SN_1 to SN_10; found 9: " + ", ".join(CODES[1:10])
    )
    truncated = row_2021("301", "A", others("301")).split(",Not Close,")[0]  # a row cut short
    with pytest.raises(InputError, match=r"g.csv, row 2: has fewer than 10 neighbours .* SN1 to SN10; found 8"):
        read_neighbour_model(write_csv(tmp_path / "g.csv", HEADER_2021, truncated))


def test_a_council_listed_twice_is_named_with_both_rows(tmp_path):
    path = file_2025(tmp_path, *(row_2025(code, "A", others(code)) for code in ("301", "302", "301")))
    with pytest.raises(InputError) as err:
        read_neighbour_model(path)
    assert err.value.message == (
        f"{path}, row 4: lists council 301 twice; expected each council once; found rows 2 and 4"
    )


def test_an_unknown_council_names_the_file_and_the_code(tmp_path):
    model = read_neighbour_model(file_2025(tmp_path, row_2025("301", "A", others("301"))))
    with pytest.raises(InputError) as err:
        model.neighbours_of("991")
    assert err.value.message == (
        "sn_model_2025_wide.csv: has no statistical neighbours for LA code '991'; "
        "expected one of the 1 old LA codes it lists; found '991'"
    )


def test_a_file_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "sn_model_2025_wide.csv"
    path.write_bytes((HEADER_2025 + "\n301,Caf\xe9").encode("latin-1"))
    with pytest.raises(InputError, match="is not UTF-8 text"):
        read_neighbour_model(path)


def test_find_neighbour_model_chooses_the_newest(tmp_path):
    assert find_neighbour_model(tmp_path) is None
    write_csv(
        tmp_path / "New_Statistical_Neighbour_Groupings_April_2021.csv",
        HEADER_2021,
        row_2021("301", "A", others("301")),
    )
    assert find_neighbour_model(tmp_path).model_year == 2021
    file_2025(tmp_path, row_2025("301", "A", others("301")))
    assert find_neighbour_model(tmp_path).source_file == "sn_model_2025_wide.csv"
    file_2025(tmp_path, row_2025("301", "A", others("301")), name="sn_model_2025_copy.csv")
    with pytest.raises(
        InputError,
        match="more than one statistical neighbour file for 2025; .* found "
        "sn_model_2025_copy.csv, sn_model_2025_wide.csv",
    ):
        find_neighbour_model(tmp_path)


REAL_2025 = PUBLISHED_DATA / "sn_model_2025_wide.csv"


@pytest.mark.skipif(not REAL_2025.exists(), reason="published DfE data not present")
def test_the_published_2025_model():
    model = read_neighbour_model(REAL_2025)
    assert model.model_year == 2025 and len(model.groups) == 153
    with REAL_2025.open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["old_la_code"]: (line, row) for line, row in enumerate(csv.DictReader(handle), start=2)}
    assert len(rows) == 153
    for code in ("301", "816"):  # Barking and Dagenham, and York (the last row)
        line, row = rows[code]
        assert model.groups[code] == tuple(row[f"SN_{n}"] for n in range(1, 11))
        assert model.closeness[code] == tuple(row[f"SN_{n}P"].strip() for n in range(1, 11))
        assert model.names[code] == row["la_name"] and model.source_rows[code] == line
    assert model.names["301"] == "Barking and Dagenham" and model.neighbours_of("301")[0] == "308"
    assert find_neighbour_model(PUBLISHED_DATA).source_file == REAL_2025.name
