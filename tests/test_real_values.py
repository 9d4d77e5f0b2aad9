"""Figures the DfE really publishes are read as published, through the real registry.

The rows are cut, unchanged, from the DfE's own files (as its children's social care dashboard
repository holds them, dfe-analytical-services/CSC_outcomes_and_enablers, data-raw/); the files
themselves are not in ../shared/data/dfe. Where a whole file is there, a test reads it too."""

from __future__ import annotations

import pytest
from helpers import PUBLISHED_DATA, write_csv

from sefbook.errors import InputError
from sefbook.inputs.published.reader import load_canonical
from sefbook.inputs.published.registry import Registry, default_registry

C4 = "c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv"
C4_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "old_la_code,new_la_code,la_name,category,Section47,Section47_child,ICPC,ICPC_child,Duration_0-10_days,"
    "Duration_11-15_days,Duration_16-20_days,Duration_21+_days,Duration_25th_Percentile,Duration_median,"
    "Duration_75th_Percentile"
)
C4_CATEGORY = "Section 47s and Initial Child Protection Conferences"
C4_ROWS = [  # Herefordshire 2017: more conferences (175) than the year's enquiries (169)
    f'2017,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,884,E06000019,"Herefordshire, County of",{C4_CATEGORY},169,169,175,175,91,64,7,11,0,10,14',
    f'2025,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,884,E06000019,"Herefordshire, County of",{C4_CATEGORY},804,669,246,242,53,152,19,22,11,12,14',
    f"2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,856,E06000016,Leicester,{C4_CATEGORY},1660,1263,614,614,25,435,108,46,13,14,16",
]

CEASED = "la_children_who_ceased_during_the_year.csv"
CEASED_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "old_la_code,la_name,new_la_code,cla_group,characteristic,number,percentage"
)
DURHAM = "2023,Reporting year,Local authority,E92000001,England,E12000001,North East,840,County Durham,E06000047"
CEASED_ROWS = [
    f"{DURHAM},Reason episode ceased,Adopted,65,17",
    f"{DURHAM},Reason episode ceased,Residence order or child arrangement order granted,25,7",
    f"{DURHAM},Reason episode ceased,Special guardianship orders,67,18",
    f"{DURHAM},Reason episode ceased,Total,372,100",
]

SWCOUNT = "la_cla_swcount.csv"
SWCOUNT_GEO = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "old_la_code,la_name,new_la_code,cla_group,sw_stability"
)
HARTLEPOOL = "2025,Reporting year,Local authority,E92000001,England,E12000001,North East,805,Hartlepool,E06000001"
SWCOUNT_ROWS = [
    f"{HARTLEPOOL},CLA 2 years on 31 March,Total children,253,100",
    f"{HARTLEPOOL},CLA 2 years on 31 March,3 or more social workers during the previous 2 years,88,35",
    f"{HARTLEPOOL},CLA on 31 March,Total children,332,100",
    f"{HARTLEPOOL},CLA on 31 March,3 or more social workers during the year,10,3",
]


def _value(table, old_la_code: str, year: int) -> float:
    row = table[(table["old_la_code"] == old_la_code) & (table["time_period"] == year)]
    assert len(row) == 1, table
    return float(row["value"].iloc[0])


def test_more_conferences_than_enquiries_is_read_as_published(tmp_path):
    write_csv(tmp_path / C4, C4_HEADER, *C4_ROWS)
    table = load_canonical(tmp_path, default_registry(), ["s47_to_icpc"])
    assert _value(table, "884", 2017) == pytest.approx(175 / 169 * 100)  # 103.55: unusual, not impossible
    assert _value(table, "884", 2025) == pytest.approx(246 / 804 * 100)
    assert _value(table, "856", 2025) == pytest.approx(614 / 1660 * 100)


def test_a_negative_conversion_ratio_is_still_refused_with_its_file_and_row(tmp_path):
    write_csv(tmp_path / C4, C4_HEADER, C4_ROWS[0], C4_ROWS[1].replace(",804,669,246,", ",804,669,-246,"))
    with pytest.raises(InputError) as err:
        load_canonical(tmp_path, default_registry(), ["s47_to_icpc"])
    for fragment in (C4, "row 3", "cannot be right", "a percentage that is not negative", "found -30.597"):
        assert fragment in err.value.message, (fragment, err.value.message)


def test_a_share_of_a_whole_over_100_is_still_refused_with_its_file_and_row(tmp_path):
    rows = [r.replace("Special guardianship orders,67,18", "Special guardianship orders,67,118") for r in CEASED_ROWS]
    write_csv(tmp_path / CEASED, CEASED_HEADER, *rows)
    with pytest.raises(InputError) as err:
        load_canonical(tmp_path, default_registry(), ["cla_ceased_sgo"])
    for fragment in (CEASED, "row 4, column percentage", "a percentage from 0 to 100", "found 118"):
        assert fragment in err.value.message, (fragment, err.value.message)


def test_leaving_care_through_a_special_guardianship_order_is_read_under_the_dfes_label(tmp_path):
    write_csv(tmp_path / CEASED, CEASED_HEADER, *CEASED_ROWS)
    table = load_canonical(tmp_path, default_registry(), ["cla_ceased_sgo", "cla_ceased_cao", "cla_ceased_adopted"])
    by_id = {i: _value(table[table["indicator"] == i], "840", 2023) for i in table["indicator"].unique()}
    assert by_id == {"cla_ceased_sgo": 18, "cla_ceased_cao": 7, "cla_ceased_adopted": 17}


def test_a_filter_value_the_file_does_not_hold_names_the_nearest_it_does(tmp_path):
    write_csv(tmp_path / CEASED, CEASED_HEADER, *CEASED_ROWS)
    entry = default_registry()["cla_ceased_sgo"].model_dump()
    entry["source"]["filters"] = {"characteristic": "Special guardianship order"}  # the registry's old label
    registry = Registry(populations={}, indicators=[entry])
    with pytest.raises(InputError) as err:
        load_canonical(tmp_path, registry, ["cla_ceased_sgo"])
    for fragment in (
        CEASED,
        "no rows where characteristic is 'Special guardianship order'",
        "the nearest it holds: 'Special guardianship orders'",
    ):
        assert fragment in err.value.message, (fragment, err.value.message)


@pytest.mark.parametrize("counts", ["children_count,children_percent", "number,percentage"])
def test_three_social_workers_in_two_years_is_read_from_either_release(tmp_path, counts):
    # the 2025 release names the columns children_count, children_percent; the 2024 release number,
    # percentage (that release has no two-year rows: here the 2025 rows under its names)
    write_csv(tmp_path / SWCOUNT, f"{SWCOUNT_GEO},{counts}", *SWCOUNT_ROWS)
    table = load_canonical(
        tmp_path, default_registry(), ["cla_three_social_workers", "cla_three_social_workers_2_years"]
    )
    by_id = {i: _value(table[table["indicator"] == i], "805", 2025) for i in table["indicator"].unique()}
    assert by_id == {"cla_three_social_workers": 3, "cla_three_social_workers_2_years": 35}


# Neither UASC file nor the care leavers' accommodation file is in ../shared/data/dfe or the
# dashboard's repository: these rows have the DfE's shape and labels, and made-up counts.
ONS = "ons_mid-year_population_estimates_2012_to_2024.csv"
ONS_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "old_la_code,new_la_code,la_name,age_group,population_estimate"
)
LEICESTER_ONS = "2024,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,856,E06000016,Leicester,Children aged 0 to 17 years,90763"
CLA_GEO = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "old_la_code,la_name,new_la_code"
)
LEICESTER = "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,856,Leicester,E06000016"


@pytest.mark.parametrize("label", ["UASC", "Unaccompanied asylum-seeking children"])
def test_unaccompanied_children_are_read_under_the_dfes_label_and_its_older_one(tmp_path, label):
    write_csv(tmp_path / ONS, ONS_HEADER, LEICESTER_ONS)  # cut from the real file
    other = "Non-UASC" if label == "UASC" else "Non-unaccompanied asylum-seeking children"
    for name in (
        "la_cla_on_31_march_by_characteristics.csv",
        "la_children_who_started_to_be_looked_after_during_the_year.csv",
    ):
        write_csv(
            tmp_path / name,
            f"{CLA_GEO},cla_group,characteristic,number,percentage",
            f"{LEICESTER},Unaccompanied asylum-seeking children,{label},91,12",
            f"{LEICESTER},Unaccompanied asylum-seeking children,{other},668,88",
        )
    table = load_canonical(tmp_path, default_registry(), ["uasc_cla_rate", "uasc_started_rate"])
    for indicator in ("uasc_cla_rate", "uasc_started_rate"):
        assert _value(table[table["indicator"] == indicator], "856", 2025) == pytest.approx(91 / 90763 * 10000)


@pytest.mark.parametrize(
    "columns",
    [
        "care_leaver_age,breakdown,care_leaver_count,care_leaver_percent",
        "age,accommodation_suitability,number,percentage",
    ],
)
def test_suitable_accommodation_at_19_to_21_is_read_from_either_release_like_17_to_18(tmp_path, columns):
    write_csv(
        tmp_path / "la_care_leavers_accommodation_suitability.csv",
        f"{CLA_GEO},{columns}",
        f"{LEICESTER},17 to 18 years,Accommodation considered suitable,80,90",
        f"{LEICESTER},19 to 21 years,Accommodation considered suitable,300,87",
    )
    table = load_canonical(
        tmp_path,
        default_registry(),
        ["care_leavers_suitable_accommodation_17_18", "care_leavers_suitable_accommodation"],
    )
    by_id = {i: _value(table[table["indicator"] == i], "856", 2025) for i in table["indicator"].unique()}
    assert by_id == {"care_leavers_suitable_accommodation_17_18": 90, "care_leavers_suitable_accommodation": 87}


def test_s47_to_icpc_from_the_real_folder_when_it_holds_the_c4_file():
    if not list(PUBLISHED_DATA.glob("c4_children_in_need_section_47s_and_icpcs_*.csv")):
        pytest.skip("the c4 file is not in ../shared/data/dfe")
    table = load_canonical(PUBLISHED_DATA, default_registry(), ["s47_to_icpc"])
    assert _value(table, "884", 2017) == pytest.approx(175 / 169 * 100)


def test_a_councils_own_figure_over_100_passes_only_for_a_ratio(tmp_path):
    from sefbook.inputs.published.reader import read_local_figures

    header = f"{C4_HEADER.split(',category')[0]},indicator,value"
    area = "2026,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,884,E06000019,Herefordshire"
    path = write_csv(tmp_path / "local_figures.csv", header, f"{area},s47_to_icpc,103.6")
    assert read_local_figures(path, default_registry(), "884", "E06000019")["value"].tolist() == [103.6]
    write_csv(path, header, f"{area},s47_to_icpc,103.6", f"{area},rereferral_12m,103.6")
    with pytest.raises(InputError) as err:
        read_local_figures(path, default_registry(), "884", "E06000019")
    for fragment in ("local_figures.csv", "row 3, column value", "a percentage from 0 to 100", "found 103.6"):
        assert fragment in err.value.message, (fragment, err.value.message)
