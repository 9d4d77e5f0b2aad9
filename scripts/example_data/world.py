"""The world of the example: every random draw, made once and in a fixed order."""

from __future__ import annotations

import random

from .areas import (
    AGE_0_17,
    AGE_10_17,
    AREAS,
    EAST_MIDLANDS,
    ENGLAND,
    KINGSMERE,
    NEIGHBOURS,
    POPULATION_YEARS,
    YEARS,
    Area,
)
from .rounding import half_up
from .stories import NEW_STORIES, STORIES


class World:
    """Every random draw happens here, once, in a fixed order; the file writers are pure."""

    def __init__(self, rng: random.Random, new_rng: random.Random):
        self.population = self._populations(rng)
        self.levels = self._levels(rng, STORIES)
        # Figures added after the first release draw from their own generator, so the draws
        # above (and every figure in the first files) stay exactly as they were.
        self.levels.update(self._levels(new_rng, NEW_STORIES))

    @staticmethod
    def _populations(rng):
        population = {}
        for area in AREAS:
            teens = area.children * area.teen_share
            for t, year in enumerate(POPULATION_YEARS):
                wobble = 1 + rng.gauss(0, 0.0008)  # estimates are revised and never smooth
                population[area.key, AGE_0_17, year] = half_up(area.children * (1 + area.growth) ** t * wobble)
                population[area.key, AGE_10_17, year] = half_up(teens * (1 + area.teen_growth) ** t * wobble)
        return population

    @staticmethod
    def _levels(rng, stories):
        levels = {}
        for name, story in stories.items():
            # A region sits close to England; each neighbour has its own level and drift.
            region_offset = rng.gauss(0, story.spread / 5)
            shape = {a.key: (rng.gauss(0, story.spread), rng.gauss(0, story.spread / 10)) for a in NEIGHBOURS}
            start, end = story.kingsmere
            for t, year in enumerate(YEARS):
                england = story.england + story.trend * t
                values = {
                    ENGLAND.key: england + rng.gauss(0, story.noise / 6),
                    EAST_MIDLANDS.key: england + region_offset + rng.gauss(0, story.noise / 4),
                }
                for area in NEIGHBOURS:
                    offset, drift = shape[area.key]
                    values[area.key] = england + offset + drift * t + rng.gauss(0, story.noise)
                values[KINGSMERE.key] = start + (end - start) * t / (len(YEARS) - 1) + rng.gauss(0, story.noise / 3)
                for key, value in values.items():
                    levels[name, key, year] = min(story.high, max(story.low, value))
        return levels

    def level(self, story: str, area: Area, year: int) -> float:
        return self.levels[story, area.key, year]

    def children(self, area: Area, year: int, age: str = AGE_0_17) -> int:
        """The population DfE divide by for reporting year `year` (mid-year before)."""
        return self.population[area.key, age, year - 1]

    def expected(self, story: str, area: Area, year: int, per=10_000, age=AGE_0_17) -> float:
        """A rate story turned back into a number of children."""
        return self.level(story, area, year) * self.children(area, year, age) / per

    def share(self, story: str, area: Area, year: int, of: float) -> float:
        """A percentage story applied to a number."""
        return of * self.level(story, area, year) / 100
