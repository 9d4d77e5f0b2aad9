"""Values that cannot be right are refused where they enter, naming the file, the row, the
column, what was expected and what was found; nothing is guessed. One table of cases: adding a
bad input found in the wild is one line."""

from __future__ import annotations

import math

import pytest
from helpers import write_csv

from sefbook.errors import InputError
from sefbook.inputs.published.reader import load_canonical
from sefbook.inputs.published.registry import Registry

GEO = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name"
LA = "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,991,E06000991,Kingsmere"


def _registry() -> Registry:
    base = {
        "title": "T",
        "decimals": 1,
        "polarity": "lower_better",
        "section": "help_and_protection",
        "definition": "D",
        "period": "year to 31 March",
        "publication": "P",
    }
    return Registry.model_validate(
        {
            "populations": {"children": {"file": "pop_*.csv", "value": "population_estimate", "period_offset": -1}},
            "indicators": [
                dict(base, id="share", unit="percent", source={"file": "c1_*.csv", "value": "m"}),
                dict(base, id="size", unit="count", source={"file": "b1_*.csv", "value": "m"}),
                dict(
                    base,
                    id="rate",
                    unit="rate",
                    per=10000,
                    source={"file": "d5_*.csv", "count": "m", "per": 10000, "population": "children"},
                ),
            ],
        }
    )


FILES = {"share": "c1_x.csv", "size": "b1_x.csv", "rate": "d5_x.csv"}

# indicator, what the measure cell holds, and what the message must say
BAD_VALUES = {
    "infinity": ("share", "inf", ["row 2, column m", "neither a number nor a known symbol", "'inf'"]),
    "not a number": ("share", "nan", ["row 2, column m", "'nan'"]),
    "decimal comma": ("share", '"1,5"', ["row 2, column m", "decimal point", "'1,5'"]),
    "thousands separator": ("size", '"1,234"', ["row 2, column m", "no thousands separator", "'1,234'"]),
    "percentage over 100": (
        "share",
        "250",
        ["row 2, column m", "cannot be right", "a percentage from 0 to 100", "found 250"],
    ),
    "negative count": ("size", "-3", ["row 2, column m", "a count that is not negative", "found -3"]),
    "rate too large to compute": (
        "rate",
        "1.797693134862316e+307",
        ["row 2, column m", "too large to compute"],
    ),  # fuzzing found it
    "population of zero": (
        "rate",
        "12",
        ["pop_x.csv", "row 2, column population_estimate", "population that is not positive", "found 0"],
    ),
}


@pytest.mark.parametrize("case", BAD_VALUES)
def test_a_value_that_cannot_be_right_is_refused_by_file_row_and_column(tmp_path, case):
    indicator, cell, fragments = BAD_VALUES[case]
    write_csv(tmp_path / FILES[indicator], GEO + ",m", f"{LA},{cell}")
    population = "0" if case == "population of zero" else "1000"
    write_csv(tmp_path / "pop_x.csv", GEO + ",population_estimate", LA.replace("2025,", "2024,", 1) + f",{population}")
    with pytest.raises(InputError) as err:
        load_canonical(tmp_path, _registry(), [indicator])
    for fragment in fragments:
        assert fragment in err.value.message, (fragment, err.value.message)
    assert FILES[indicator] in err.value.message or "pop_x.csv" in err.value.message


@pytest.mark.parametrize("level", ["Local Authority", "local  authority", " LOCAL AUTHORITY "])
def test_a_geographic_level_in_another_case_or_spacing_is_the_same_level(tmp_path, level):
    write_csv(tmp_path / "c1_x.csv", GEO + ",m", LA.replace("Local authority", level) + ",12.5")
    table = load_canonical(tmp_path, _registry(), ["share"])
    assert table["geographic_level"].tolist() == ["Local authority"] and table["value"].tolist() == [12.5]


def test_good_values_pass_with_symbols_kept(tmp_path):
    write_csv(
        tmp_path / "c1_x.csv",
        GEO + ",m",
        f"{LA},100",
        LA.replace("2025,", "2024,", 1) + ",c",
        LA.replace("2025,", "2023,", 1) + ",0.0",
    )
    table = load_canonical(tmp_path, _registry(), ["share"]).set_index("time_period")
    assert table.loc[2025, "value"] == 100 and table.loc[2023, "value"] == 0
    assert math.isnan(table.loc[2024, "value"]) and table.loc[2024, "symbol"] == "c"


def test_minus_zero_is_shown_as_zero_not_minus_zero(tmp_path):  # fuzzing found "-0" printed as "-0.0"
    write_csv(tmp_path / "c1_x.csv", GEO + ",m", f"{LA},-0")
    value = load_canonical(tmp_path, _registry(), ["share"])["value"].iloc[0]
    assert value == 0 and math.copysign(1, value) == 1
