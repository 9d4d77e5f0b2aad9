"""What the example's Annex A lists share, for scripts/make_example_annex_a.py: the day the lists were run, the period they cover, the columns every list begins with, and a day or an age as the lists write them."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd

RUN_ON = date(2025, 10, 14)


PERIOD_STARTS = date(2024, 10, 15)  # twelve months before the run


COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]


def uk(day: object) -> str | None:
    return day.strftime("%d/%m/%Y") if isinstance(day, (date, datetime)) and pd.notna(day) else None


def age(born: date | None) -> int | None:
    return None if born is None else RUN_ON.year - born.year - ((RUN_ON.month, RUN_ON.day) < (born.month, born.day))


def identity(child: str, people: dict[str, dict]) -> list:
    who = people.get(child, {})
    return [child, who.get("gender"), who.get("ethnicity"), uk(who.get("born")), age(who.get("born"))]


def read_csvs(returns: Path, name: str) -> pd.DataFrame:
    frames = [
        pd.read_csv(returns / folder / name, dtype=str, keep_default_na=False)
        for folder in ("ssda903-2025", f"ssda903-2026-to-{RUN_ON}")
    ]
    return pd.concat(frames[::-1])
