"""ONS mid-year population estimates of children aged 0 to 17 and 10 to 17."""

from __future__ import annotations

from .areas import AGE_0_17, AGE_10_17, AREAS, POPULATION_YEARS, geography
from .world import World


def ons_population(w: World):
    columns = ["age_group", "population_estimate"]
    rows = []
    for year in reversed(POPULATION_YEARS):
        for area in AREAS:
            for age in (AGE_0_17, AGE_10_17):
                rows.append(
                    {
                        **geography(year, area),
                        "age_group": age,
                        "population_estimate": str(w.population[area.key, age, year]),
                    }
                )
    return columns, rows
