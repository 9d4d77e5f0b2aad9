"""Figures are rounded for display as the DfE rounds them: a half goes up (away from zero), in
one function every printed figure goes through (sefbook.inputs.published.rounding)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from helpers import PUBLISHED_DATA
from hypothesis import given
from hypothesis import strategies as st

from sefbook.inputs.published.registry import Indicator
from sefbook.inputs.published.rounding import half_up, shown
from sefbook.render.formatting import format_change, format_value


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (8.5, 0, 9.0),
        (12.25, 1, 12.3),
        (0.125, 2, 0.13),
        (2.675, 2, 2.68),
        (20.45, 1, 20.5),
        (-2.5, 0, -3.0),
        (-12.25, 1, -12.3),  # dfeR's round_five_up: away from zero on the half
        (20.449999999, 1, 20.4),  # really below the half: stays below
        (20.449999999999996, 1, 20.5),  # 20.45 as float arithmetic leaves it (a mean of ten): the half
        (sum([20.1, 20.8]) / 2, 1, 20.5),
    ],
)
def test_a_half_goes_up(value, decimals, expected):
    assert half_up(value, decimals) == expected


def test_printed_figures_round_half_up_and_never_show_minus_zero():
    percent = Indicator.model_validate(
        {
            "id": "p",
            "title": "P",
            "unit": "percent",
            "decimals": 1,
            "polarity": "lower_better",
            "section": "context",
            "period": "year to 31 March",
            "publication": "p",
            "definition": "p",
            "source": {"file": "p.csv", "value": "v"},
        }
    )
    assert format_value(percent, 12.25) == "12.3%"
    assert format_value(percent, -0.04) == "0.0%"
    assert shown(62410.5, 0) == "62,411"
    assert format_change(percent, 20.45, 20.0) == "+0.5 points"  # 20.5 - 20.0, the figures as printed
    assert format_change(percent, 20.0, 20.45) == "\u22120.5 points"


decimal_text = st.decimals(min_value=-(10**6), max_value=10**6, places=4, allow_nan=False, allow_infinity=False)


@given(decimal_text, st.integers(min_value=0, max_value=3))
def test_agrees_with_decimal_half_up_on_decimal_inputs(value, decimals):
    expected = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert half_up(float(value), decimals) == float(expected)
    assert (
        shown(float(value), decimals, thousands=False) == f"{expected + 0 if expected else abs(expected):.{decimals}f}"
    )


@pytest.mark.slow
@pytest.mark.skipif(not PUBLISHED_DATA.is_dir(), reason="published DfE files not beside the project")
def test_kent_rereferrals_neighbour_mean_is_printed_as_the_dfe_rounds_it():
    from sefbook.analysis.compare import comparison_table
    from sefbook.inputs.load import load_pack_inputs

    inputs = load_pack_inputs("886", PUBLISHED_DATA, sections=["help_and_protection"])
    indicator = inputs.registry["rereferral_12m"]
    row = comparison_table(inputs.table, inputs.place, [indicator]).loc[("rereferral_12m", 2025)]
    assert row["neighbours_count"] == 10
    assert format_value(indicator, row["neighbours_mean"]) == "20.5%"  # the mean of ten is 20.45
