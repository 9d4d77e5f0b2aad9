"""Rounding and printing figures as the publications do, symbols (c, k, z) included."""

from __future__ import annotations

import math

from .areas import LOCAL, Area


def half_up(x: float) -> int:
    # Python's round() rounds halves to even; the publications round halves up.
    return math.floor(x + 0.5)


def published(area: Area, x: float) -> int:
    """A count as printed: DfE round national and regional counts to the nearest 10."""
    n = half_up(x)
    return n if area.level == LOCAL else 10 * half_up(n / 10)


def ratio(num: int, den: int, scale: int = 100, dp: int = 1) -> str:
    """num/den*scale rounded half up in whole-number arithmetic, printed without a trailing .0
    (the real files print 21, not 21.0)."""
    units = 10**dp
    n = (2 * scale * units * num + den) // (2 * den)
    whole, frac = divmod(n, units)
    return str(whole) if frac == 0 else f"{whole}.{frac:0{dp}d}"


def tenths(t: int) -> str:
    """An FTE held in tenths, printed to one decimal place as the workforce file does."""
    return ratio(t, 10, scale=1, dp=1)


def care_leaver_percent(n: int, total: int) -> str:
    # "k": a percentage that rounds to zero but is not zero.
    shown = ratio(n, total, dp=0)
    return "k" if n > 0 and shown == "0" else shown


def unit(area: Area) -> int:
    """What a count is rounded to: 1 for a council, 10 for England and a region."""
    return 1 if area.level == LOCAL else 10


def apportion(total: int, weights: list[float], step: int = 1) -> list[int]:
    """Split a printed count into parts (multiples of `step`) in proportion to `weights`, the
    largest remainders rounding up, so the parts always add up to the total."""
    units = total // step
    whole = sum(weights)
    raw = [units * wt / whole for wt in weights]
    parts = [math.floor(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))[: units - sum(parts)]:
        parts[i] += 1
    return [part * step for part in parts]


def count_shown(area: Area, n: int) -> str:
    """A count as printed in the files added later: a council's count of 1 to 5 is "c"."""
    return "c" if area.level == LOCAL and 0 < n < 6 else str(n)


def percent_shown(area: Area, n: int, of: int, dp: int = 0, scale: int = 100, suppress: bool = True) -> str:
    """A percentage of a printed count: "c" with its count, "z" with no one to count, and "k"
    where it rounds to zero but is not zero (as the children looked after files print it)."""
    if suppress and count_shown(area, n) == "c":
        return "c"
    if of == 0:
        return "z"
    shown = ratio(n, of, scale=scale, dp=dp)
    return "k" if n > 0 and shown == "0" else shown


def remainder_weights(*shares: float, floor: float = 5) -> list[float]:
    """Shares (per cent) of a whole, with a last part that takes what is left."""
    return [*shares, max(floor, 100 - sum(shares))]
