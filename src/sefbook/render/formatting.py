"""Figures as the report prints them: units, rounding and symbols."""

from __future__ import annotations

import datetime as dt
import math

from sefbook.analysis.compare import PerformanceRow
from sefbook.inputs.published.registry import Indicator
from sefbook.inputs.published.rounding import half_up, shown

GRADES = {1: "Outstanding", 2: "Good", 3: "Requires improvement", 4: "Inadequate"}  # Ofsted's judgements


def format_value(indicator: Indicator, value: float, symbol: str = "") -> str:
    """'18.2%', '530.1', '62,410' or the symbol itself ('c', 'x', ...). Never a zero for a symbol."""
    if symbol:
        return symbol
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "x"
    if indicator.unit == "grade" and float(value).is_integer() and int(value) in GRADES:
        return GRADES[int(value)]
    text = shown(value, indicator.decimals)  # half up, as the DfE rounds
    return text + "%" if indicator.unit == "percent" else text


PROVISIONAL = "(provisional)"  # the council's own figure, not yet published: marked wherever it is printed


def format_latest(indicator: Indicator, value: float, symbol: str = "", provisional: bool = False) -> str:
    """A figure as printed, marked when it is the council's own, not yet published."""
    text = format_value(indicator, value, symbol)
    return f"{text} {PROVISIONAL}" if provisional and not symbol else text


def format_change(indicator: Indicator, latest: float, previous: float) -> str:
    if math.isnan(latest) or math.isnan(previous):
        return ""
    if indicator.unit == "grade":  # a judgement changes in words, never by a number of grades
        return "unchanged" if latest == previous else f"was {format_value(indicator, previous)}"
    # the change between the figures as printed, so it is what a reader works out from them
    change = half_up(latest, indicator.decimals) - half_up(previous, indicator.decimals)
    unit = " points" if indicator.unit == "percent" else ""
    if half_up(change, indicator.decimals) == 0:
        return f"{shown(0, indicator.decimals)}{unit}"
    return f"{shown(change, indicator.decimals, sign=True)}{unit}".replace("-", "\u2212")


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st ..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def period_label(year: int, quarter: int = 0) -> str:
    """A reporting year as printed, or a quarter of it: 2025 -> '2025'; 2026, 2 -> '2025-26 Q2'."""
    return f"{year - 1}-{year % 100:02d} Q{quarter}" if quarter else str(year)


def period_in_words(indicator: Indicator, year: int | None, quarter: int = 0, date: str = "") -> str:
    """What a figure's period covers, as an inspector would check it against the publication:
    'year to 31 March 2025', 'on 30 September 2024', '2024/25 academic year', or a quarter. An
    Ofsted judgement with its inspection's `date` (ISO): 'inspected 23 September 2024'."""
    if year is None:
        return "–"
    if indicator.unit == "grade" and date:  # judged then, whatever day the list it is published in is "as at"
        return f"inspected {date_in_words(date)}"
    if quarter:
        return period_label(year, quarter)  # a quarter of the reporting year: "2025-26 Q2"
    return {
        "year to 31 March": f"year to 31 March {year}",
        "on 31 March": f"on 31 March {year}",
        "on 30 September": f"on 30 September {year}",
        "academic year": f"{year - 1}/{year % 100:02d} academic year",
        "financial year": f"{year - 1}-{year % 100:02d} financial year",
        "calendar year": f"calendar year {year}",
        "mid-year": f"mid-{year} estimate",
        "census day": f"census day {year}",
    }[indicator.period]


def latest_period(period: int | None, quarter: int = 0) -> str:
    """The period a performance row's latest figure is for, or a dash when it has none."""
    return "–" if period is None else period_label(period, quarter)


def year_label(indicator: Indicator, year: int) -> str:
    """A figure's year, short, as its period is named: a financial year '2023-24', an academic
    year '2023/24', any other the year itself ('2024')."""
    if indicator.period == "financial year":
        return f"{year - 1}-{year % 100:02d}"
    if indicator.period == "academic year":
        return f"{year - 1}/{year % 100:02d}"
    return str(year)


def date_in_words(date: str, *, day: bool = True) -> str:
    """An ISO date as the report prints it: '2024-09-23' -> '23 September 2024' (or 'September 2024')."""
    when = dt.date.fromisoformat(date)
    return f"{when.day} {when:%B %Y}" if day else f"{when:%B %Y}"


GOOD_WORDS = "good or better"


def judged_good(good: int, judged: int) -> str:
    """Councils' Ofsted judgements as a distribution, never an average: '7 of 10 good or better'
    ('x' when none was judged)."""
    return f"{good} of {judged} {GOOD_WORDS}" if judged else "x"


def neighbours_cell(indicator: Indicator, row: PerformanceRow) -> str:
    """The neighbours' cell of a performance row: their mean, or for a judgement how many of them
    were judged good or better."""
    if indicator.unit == "grade":
        return judged_good(row.neighbours_good, row.neighbours_count)
    return format_value(indicator, row.neighbours_mean) if not math.isnan(row.neighbours_mean) else "x"


def comparator_cell(indicator: Indicator, row: PerformanceRow, where: str) -> str:
    """The region's or England's cell ('region' or 'england'): its figure, or for a judgement how
    many of its councils were judged good or better."""
    if indicator.unit == "grade":
        return judged_good(getattr(row, f"{where}_good"), getattr(row, f"{where}_judged"))
    return format_value(indicator, getattr(row, where))


def neighbours_note(indicator: Indicator, count: int, expected: int) -> str:
    """Why the neighbours' cell rests on fewer than all of them."""
    if indicator.unit == "grade":
        return f"{count} of {expected} neighbours have this judgement"
    return f"mean of {count} of {expected} neighbours with a published figure"


def period_short(indicator: Indicator, year: int | None, quarter: int = 0, date: str = "") -> str:
    """A figure's period as a table cell prints it, the words being in About the figures:
    '2025', '2024-25', '2024/25', 'Mar 2025', 'Sep 2024', a quarter ('2025-26 Q2'), or an
    Ofsted judgement's inspection in full ('inspected 23 September 2024': the date is the fact)."""
    if year is None:
        return "–"
    if indicator.unit == "grade" and date:
        return period_in_words(indicator, year, quarter, date)
    if quarter:
        return period_label(year, quarter)
    month = {"on 31 March": "Mar", "on 30 September": "Sep"}.get(indicator.period)
    if month:
        return f"{month} {year}"
    if indicator.period == "mid-year":
        return f"mid-{year}"
    return year_label(indicator, year)
