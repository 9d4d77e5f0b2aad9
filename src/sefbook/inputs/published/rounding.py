"""Rounding a figure for display as the DfE does: a half goes up, away from zero (its R package
dfeR's round_five_up, github.com/dfe-analytical-services/dfeR R/round_five_up.R, rounds
abs(value) half up and puts the sign back; its dashboard's true_round likewise), never to even
as Python's round() and format specs do (8.5 -> 9, 12.25 -> 12.3, -2.5 -> -3).

The rule, so the true value is rounded, not a float's artefact of it:
1. the float's shortest decimal form (repr: 12.25 is 12.25, not 12.2499999999999998...);
2. that to SIGNIFICANT figures: arithmetic on published figures (a mean of ten) may leave an
   error in the 15th or 16th figure (20.449999999999996 for 20.45), which this removes, while a
   figure that really is below the half (20.449999999, eleven figures) stays below it;
3. then half up to the decimals shown.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal

SIGNIFICANT = 12  # figures kept before rounding: beyond float arithmetic's error, within any published figure's
_WIDE = Context(prec=400)  # room for any finite float's every figure


def half_up(value: float, decimals: int = 0) -> float:
    """The value rounded half up (away from zero) to `decimals` places; NaN and infinities as given."""
    if value is None or not math.isfinite(value):
        return value
    return float(half_up_decimal(value, decimals))


def half_up_decimal(value: float, decimals: int = 0) -> Decimal:
    """As `half_up`, as a Decimal (for printing with exactly `decimals` places)."""
    exact = Decimal(repr(float(value)))
    if exact:
        # SIGNIFICANT figures: the exponent of the last figure kept
        exact = exact.quantize(Decimal(1).scaleb(exact.adjusted() - SIGNIFICANT + 1), ROUND_HALF_EVEN, _WIDE)
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP, _WIDE)
    return rounded.copy_abs() if rounded.is_zero() else rounded  # never a "-0.0"


def shown(value: float, decimals: int, *, sign: bool = False, thousands: bool = True) -> str:
    """The value as printed to `decimals` places, rounded half up: '20.5', '62,410', '+1.5'."""
    if not math.isfinite(value):
        return f"{value:{'+' if sign else ''}.{decimals}f}"
    rounded = half_up_decimal(value, decimals)
    return f"{rounded:{'+' if sign else ''}{',' if thousands else ''}.{decimals}f}"
