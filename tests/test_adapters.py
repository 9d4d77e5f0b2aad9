"""Adapters read DfE-shaped files as published: BOMs, CRLF, quoted empty fields, column order,
symbols. Inputs are small files written here, so every expected value is worked out by hand."""

import math

import pytest
from helpers import write_csv

from sefbook.errors import InputError
from sefbook.inputs.published.reader import load_canonical
from sefbook.inputs.published.registry import Registry
from sefbook.inputs.published.shape import read_published_csv

GEO = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name"
GEO_LA_NAME_FIRST = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,la_name,new_la_code"


def registry(**indicators) -> Registry:
    base = {
        "title": "T",
        "unit": "percent",
        "decimals": 1,
        "polarity": "lower_better",
        "section": "help_and_protection",
        "definition": "D",
        "period": "year to 31 March",
        "publication": "P",
    }
    return Registry.model_validate(
        {
            "populations": {
                "children": {
                    "file": "pop_*.csv",
                    "value": "population_estimate",
                    "filters": {"age_group": "0 to 17"},
                    "period_offset": -1,
                }
            },
            "indicators": [dict(base, id=key, **value) for key, value in indicators.items()],
        }
    )


def test_value_column_read_with_bom_crlf_and_quoted_empty_fields(tmp_path):
    write_csv(
        tmp_path / "c1_refs.csv",
        GEO + ",category,rereferral_percent",
        '2025,Reporting year,National,E92000001,England,"","","","","",Referrals,22.6',
        '2025,Reporting year,Regional,E92000001,England,E12000004,East Midlands,"","","",Referrals,21.0',
        "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,991,E06000991,Kingsmere,Referrals,18.2",
        bom=True,
        newline="\r\n",
    )
    reg = registry(rr={"source": {"file": "c1_*.csv", "value": "rereferral_percent"}})
    table = load_canonical(tmp_path, reg)
    by_area = table.set_index("area_code")
    assert by_area.loc["E92000001", "value"] == 22.6
    assert by_area.loc["E12000004", "value"] == 21.0
    assert by_area.loc["E06000991", "value"] == 18.2
    assert by_area.loc["E06000991", "old_la_code"] == "991"
    assert by_area.loc["E06000991", "area_name"] == "Kingsmere"
    assert by_area.loc["E06000991", "source_row"] == 4  # header is line 1
    assert by_area.loc["E06000991", "source_file"] == "c1_refs.csv"


def test_symbols_stay_symbols_and_never_become_zero(tmp_path):
    write_csv(
        tmp_path / "d5.csv",
        GEO_LA_NAME_FIRST + ",CPP_At31,2_years_or_more_percent",
        "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,981,Ashcombe,E06000981,40,c",
        "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,982,Brackenridge,E06000982,40,low",
        "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,983,Calderbury,E06000983,40,:",
        "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,984,Dunmoor,E06000984,40,",
        "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,985,Elmsford,E06000985,40,0",
    )
    reg = registry(two={"source": {"file": "d5.csv", "value": "2_years_or_more_percent"}})
    table = load_canonical(tmp_path, reg).set_index("old_la_code")
    assert table.loc["981", "symbol"] == "c" and math.isnan(table.loc["981", "value"])
    assert table.loc["982", "symbol"] == "low" and math.isnan(table.loc["982", "value"])
    assert table.loc["983", "symbol"] == ":"
    assert table.loc["984", "symbol"] == "x"  # a blank cell is "not available", not zero
    assert table.loc["985", "symbol"] == "" and table.loc["985", "value"] == 0.0


def test_unknown_text_in_a_measure_names_file_row_column_and_value(tmp_path):
    write_csv(
        tmp_path / "d5.csv",
        GEO + ",2_years_or_more_percent",
        "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,981,E06000981,Ashcombe,3.1",
        "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,982,E06000982,Brackenridge,n/a",
    )
    reg = registry(two={"source": {"file": "d5.csv", "value": "2_years_or_more_percent"}})
    with pytest.raises(InputError) as err:
        load_canonical(tmp_path, reg)
    message = err.value.message
    assert "d5.csv" in message and "row 3" in message and "column 2_years_or_more_percent" in message
    assert "'n/a'" in message and "c, x, z, low" in message


def test_a_missing_column_is_named(tmp_path):
    write_csv(tmp_path / "c1.csv", GEO + ",rereferral_count", "2025,Reporting year,National,E92000001,England,,,,,,100")
    reg = registry(rr={"source": {"file": "c1.csv", "value": "rereferral_percent"}})
    with pytest.raises(InputError, match=r"c1.csv: is missing required columns; expected rereferral_percent"):
        load_canonical(tmp_path, reg)


def test_bands_over_a_total_and_a_suppressed_band_suppresses_the_result(tmp_path):
    write_csv(
        tmp_path / "c4.csv",
        GEO + ",ICPC,Duration_0-10_days,Duration_11-15_days",
        "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,991,E06000991,Kingsmere,200,120,50",
        "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,981,E06000981,Ashcombe,40,c,30",
        "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,982,E06000982,Brackenridge,0,0,0",
    )
    reg = registry(
        icpc={
            "source": {
                "file": "c4.csv",
                "numerator": ["Duration_0-10_days", "Duration_11-15_days"],
                "denominator": "ICPC",
                "scale": 100,
            }
        }
    )
    table = load_canonical(tmp_path, reg).set_index("old_la_code")
    assert table.loc["991", "value"] == pytest.approx(85.0)  # (120 + 50) / 200
    assert table.loc["981", "symbol"] == "c"
    assert table.loc["982", "symbol"] == "z"  # nothing to divide by


def test_rate_per_population_uses_the_previous_mid_year_estimate(tmp_path):
    write_csv(
        tmp_path / "c1.csv",
        GEO + ",referral_count",
        "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,991,E06000991,Kingsmere,3100",
        "2024,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,991,E06000991,Kingsmere,2900",
    )
    write_csv(
        tmp_path / "pop_2023_2024.csv",
        GEO + ",age_group,population_estimate",
        "2024,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,991,E06000991,Kingsmere,0 to 17,62000",
        "2024,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,991,E06000991,Kingsmere,10 to 17,27000",
    )
    reg = registry(
        ref={
            "unit": "rate",
            "per": 10000,
            "source": {"file": "c1.csv", "count": "referral_count", "per": 10000, "population": "children"},
        }
    )
    table = load_canonical(tmp_path, reg).set_index("time_period")
    assert table.loc[2025, "value"] == pytest.approx(3100 / 62000 * 10000)  # 500.0, with the mid-2024 estimate
    assert table.loc[2024, "symbol"] == "x"  # no mid-2023 estimate in the data: not available


def test_filters_pick_the_breakdown_and_a_missing_breakdown_is_named(tmp_path):
    write_csv(
        tmp_path / "leavers.csv",
        GEO_LA_NAME_FIRST + ",care_leaver_age,breakdown,care_leaver_percent",
        "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,991,Kingsmere,E06000991,19 to 21 years,Total,100",
        "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,991,Kingsmere,E06000991,19 to 21 years,In touch,95",
        "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,991,Kingsmere,E06000991,17 to 18 years,In touch,97",
    )
    ok = registry(
        t={
            "source": {
                "file": "leavers.csv",
                "value": "care_leaver_percent",
                "filters": {"care_leaver_age": "19 to 21 years", "breakdown": "In touch"},
            }
        }
    )
    assert load_canonical(tmp_path, ok)["value"].tolist() == [95.0]
    renamed = registry(
        t={"source": {"file": "leavers.csv", "value": "care_leaver_percent", "filters": {"breakdown": "In contact"}}}
    )
    with pytest.raises(InputError, match="no rows where breakdown is 'In contact'"):
        load_canonical(tmp_path, renamed)


def test_no_matching_file_and_two_matching_files_are_errors(tmp_path):
    reg = registry(rr={"source": {"file": "c1_*.csv", "value": "rereferral_percent"}})
    with pytest.raises(InputError, match="no data file matches 'c1_\\*.csv'"):
        load_canonical(tmp_path, reg)
    for name in ("c1_2013_to_2024.csv", "c1_2013_to_2025.csv"):
        write_csv(tmp_path / name, GEO + ",rereferral_percent")
    with pytest.raises(InputError, match="more than one data file"):
        load_canonical(tmp_path, reg)


def test_rows_keep_their_line_numbers_and_other_levels_are_left_out(tmp_path):
    path = write_csv(
        tmp_path / "x.csv",
        GEO + ",m",
        "2025,Reporting year,Local authority district,E92000001,England,,,,E07000001,Somewhere,1",
        "2025,Reporting year,National,E92000001,England,,,,,,2",
    )
    frame = read_published_csv(path)
    assert frame["_row"].tolist() == [3]
    assert frame["area_code"].tolist() == ["E92000001"]


def test_an_older_release_with_renamed_columns_fills_the_years_the_newer_one_lacks(tmp_path):
    write_csv(
        tmp_path / "csww_indicators_2023_to_2025.csv",
        GEO + ",turnover_rate_fte",
        "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,991,E06000991,Kingsmere,14.2",
        "2023,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,991,E06000991,Kingsmere,16.0",
    )
    write_csv(
        tmp_path / "csww_headline_measures_2017_to_2022.csv",
        GEO + ",turnover_rate_fte_%",
        "2023,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,991,E06000991,Kingsmere,99.9",
        "2022,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,991,E06000991,Kingsmere,17.5",
        bom=True,
    )
    reg = Registry.model_validate(
        {
            "populations": {},
            "renamed_columns": {"turnover_rate_fte_%": "turnover_rate_fte"},
            "indicators": [
                {
                    "id": "t",
                    "title": "T",
                    "unit": "percent",
                    "polarity": "lower_better",
                    "section": "leadership",
                    "definition": "D",
                    "period": "on 30 September",
                    "publication": "P",
                    "source": {
                        "file": ["csww_indicators_*.csv", "csww_headline_measures_*.csv"],
                        "value": "turnover_rate_fte",
                    },
                }
            ],
        }
    )
    table = load_canonical(tmp_path, reg).set_index("time_period").sort_index()
    assert table["value"].tolist() == [17.5, 16.0, 14.2]  # 2023 from the newer release, not 99.9
    assert table.loc[2022, "source_file"] == "csww_headline_measures_2017_to_2022.csv"
    assert table.loc[2025, "source_file"] == "csww_indicators_2023_to_2025.csv"


# --- the registry reads each publication by its published name and columns --------------------

from sefbook.inputs.published.registry import default_registry

LA = "Local authority,E92000001,England,E12000004,East Midlands,991,E06000991,Kingsmere"
LA_NAME_FIRST = "Local authority,E92000001,England,E12000004,East Midlands,991,Kingsmere,E06000991"


def _population(tmp_path, children=62000):
    write_csv(
        tmp_path / "ons_mid-year_population_estimates_2012_to_2024.csv",
        GEO + ",age_group,population_estimate",
        f"2024,Reporting year,{LA},Children aged 0 to 17 years,{children}",
    )


def test_section_47s_and_icpcs_as_published(tmp_path):
    _population(tmp_path)
    write_csv(
        tmp_path / "c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv",
        GEO + ",Section47,ICPC,Duration_0-10_days,Duration_11-15_days,Duration_more_than_15_days",
        f"2025,Reporting year,{LA},1240,400,250,90,60",
        bom=True,
    )
    table = load_canonical(tmp_path, default_registry(), ["s47_rate", "icpc_15_days"]).set_index("indicator")
    assert table.loc["s47_rate", "value"] == pytest.approx(1240 / 62000 * 10000)  # 200.0
    assert table.loc["icpc_15_days", "value"] == pytest.approx(85.0)  # (250 + 90) / 400


def test_care_leavers_accommodation_and_new_placements_as_published(tmp_path):
    write_csv(
        tmp_path / "la_care_leavers_accommodation_suitability.csv",
        GEO_LA_NAME_FIRST + ",care_leaver_age,breakdown,care_leaver_count,care_leaver_percent",
        f"2025,Reporting year,{LA_NAME_FIRST},19 to 21 years,Accommodation considered suitable,180,90",
        f"2025,Reporting year,{LA_NAME_FIRST},19 to 21 years,Total,200,100",
        f"2025,Reporting year,{LA_NAME_FIRST},17 to 18 years,Accommodation considered suitable,c,c",
        bom=True,
    )
    # The new placements file as the DfE publishes it (the case): more than 20 miles is two
    # rows, inside and outside the council's boundary, summed over all new placements.
    location = "Location of new placements during the year"
    write_csv(
        tmp_path / "la_cla_during_year_new_placements.csv",
        GEO_LA_NAME_FIRST + ",characteristic,breakdown,children_count,children_percent",
        f"2025,Reporting year,{LA_NAME_FIRST},{location},Placed inside LA boundary less than 20 miles from home,150,75",
        f"2025,Reporting year,{LA_NAME_FIRST},{location},Placed inside LA boundary more than 20 miles from home,12,6",
        f"2025,Reporting year,{LA_NAME_FIRST},{location},Placed outside LA boundary less than 20 miles from home,0,0",
        f"2025,Reporting year,{LA_NAME_FIRST},{location},Placed outside LA boundary more than 20 miles from home,30,15",
        f"2025,Reporting year,{LA_NAME_FIRST},{location},Distance not known or not recorded,8,4",
        f"2025,Reporting year,{LA_NAME_FIRST},{location},Total new placements,200,100",
        f"2024,Reporting year,{LA_NAME_FIRST},{location},Placed inside LA boundary more than 20 miles from home,c,c",
        f"2024,Reporting year,{LA_NAME_FIRST},{location},Placed outside LA boundary more than 20 miles from home,30,15",
        f"2024,Reporting year,{LA_NAME_FIRST},{location},Total new placements,190,100",
    )
    table = load_canonical(
        tmp_path, default_registry(), ["care_leavers_suitable_accommodation", "cla_placed_over_20_miles"]
    )
    assert table.set_index("indicator").loc["care_leavers_suitable_accommodation", "value"] == 90.0
    far = table[table["indicator"] == "cla_placed_over_20_miles"].set_index("time_period")
    assert far.loc[2025, "value"] == (12 + 30) / 200 * 100
    assert math.isnan(far.loc[2024, "value"]) and far.loc[2024, "symbol"] == "c"  # a suppressed part, never zero


def test_older_workforce_file_with_percent_suffixed_columns(tmp_path):
    write_csv(
        tmp_path / "csww_headline_measures_2017_to_2022.csv",
        GEO + ",turnover_rate_fte_%,agency_rate_fte_%,vacancy_rate_fte_%,caseload_fte",
        f"2022,Reporting year,{LA},17.1,x,low,16.2",
    )
    table = load_canonical(tmp_path, default_registry(), ["sw_turnover_rate", "sw_agency_rate", "sw_vacancy_rate"])
    by = table.set_index("indicator")
    assert by.loc["sw_turnover_rate", "value"] == 17.1
    assert by.loc["sw_agency_rate", "symbol"] == "x"
    assert by.loc["sw_vacancy_rate", "symbol"] == "low"


def test_a_published_file_without_an_expected_column_is_named_with_what_it_has(tmp_path):
    write_csv(
        tmp_path / "c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv",
        GEO + ",Section47,ICPC,Duration_0_10_days,Duration_11_15_days",
        f"2025,Reporting year,{LA},1240,400,250,90",
    )
    with pytest.raises(InputError) as err:
        load_canonical(tmp_path, default_registry(), ["icpc_15_days"])
    message = err.value.message
    assert "c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv: is missing required columns" in message
    assert "expected Duration_0-10_days, Duration_11-15_days" in message
    assert "Duration_0_10_days" in message  # what it has instead


@pytest.mark.parametrize(
    "header, renames",
    [
        ("AGENCY_RATE_FTE_%", {}),  # case and a '%' suffix never need a rename
        ("agency_worker_rate_fte_%", {"agency_worker_rate_fte": "agency_rate_fte"}),  # renamed, and with a suffix
    ],
)
def test_a_column_is_found_whatever_its_case_or_percent_suffix(tmp_path, header, renames):
    write_csv(
        tmp_path / "csww_headline_measures_2017_to_2022.csv",
        GEO + "," + header,
        "2022,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,991,E06000991,Kingsmere,7.5",
    )
    reg = registry(agency={"source": {"file": "csww_*.csv", "value": "agency_rate_fte", "renamed_columns": renames}})
    assert load_canonical(tmp_path, reg)["value"].tolist() == [7.5]


def test_an_indicator_left_out_says_why_and_a_required_one_is_never_left_out(tmp_path):
    from sefbook.inputs.published.reader import read_published

    write_csv(
        tmp_path / "c1_refs.csv",
        GEO + ",rereferral_percent",
        "2025,Reporting year,National,E92000001,England,,,,,,22.6",
    )
    write_csv(
        tmp_path / "d3_plans.csv", GEO + ",something_else", "2025,Reporting year,National,E92000001,England,,,,,,1"
    )
    reg = registry(
        rereferrals={"source": {"file": "c1_*.csv", "value": "rereferral_percent"}},
        subsequent={"source": {"file": "d3_*.csv", "value": "CPP_subsequent_percent"}},
        absent={"source": {"file": "nowhere_*.csv", "value": "v"}},
    )
    with pytest.raises(InputError, match="no data file matches 'nowhere_"):
        read_published(tmp_path, reg, ["rereferrals", "absent"])  # leave_out="none": everything must be read
    ids = ["rereferrals", "absent"]
    missing = read_published(tmp_path, reg, ids, leave_out="missing")
    assert set(missing.table["indicator"]) == {"rereferrals"} and list(missing.absent) == ["absent"]
    assert not missing.left_out
    with pytest.raises(InputError, match="d3_plans.csv: is missing required columns"):
        read_published(tmp_path, reg, leave_out="missing")  # a file that is there but wrong still stops it
    lenient = read_published(tmp_path, reg, leave_out="unreadable")
    assert lenient.left_out["subsequent"].endswith(
        "d3_plans.csv: is missing required columns; expected CPP_subsequent_percent; found columns time_period, "
        "time_identifier, geographic_level, country_code, country_name, region_code, region_name, old_la_code, "
        "new_la_code, la_name, something_else"
    )
    with pytest.raises(InputError, match="no data file matches"):
        read_published(tmp_path, reg, ids, leave_out="unreadable", required=["absent"])


def test_a_folder_read_again_by_the_same_process_is_the_same_reading_until_a_file_changes(tmp_path):
    """A worker building pack after pack reads its table once and shares what is worked out from
    it; a file changed in the folder is read again, and the cache folder keeps no such results."""
    import os
    import pickle

    from sefbook.inputs.published.reader import read_published

    file = tmp_path / "c1_refs.csv"
    write_csv(file, GEO + ",rereferral_percent", "2025,Reporting year,National,E92000001,England,,,,,,22.6")
    reg = registry(rereferrals={"source": {"file": "c1_*.csv", "value": "rereferral_percent"}})
    first = read_published(tmp_path, reg)
    first.shared["worked out"] = "from this table"
    again = read_published(tmp_path, reg)
    assert again is first and again.shared == {"worked out": "from this table"}
    assert pickle.loads(pickle.dumps(first)).shared == {}  # as kept in the cache folder: the table alone
    write_csv(file, GEO + ",rereferral_percent", "2025,Reporting year,National,E92000001,England,,,,,,23.9")
    os.utime(file, ns=(1, 1))  # whatever the clock: another modification time
    changed = read_published(tmp_path, reg)
    assert changed is not first and changed.table["value"].tolist() == [23.9] and changed.shared == {}
