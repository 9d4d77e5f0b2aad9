"""What a build returns, and how long each of its steps took."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    report: Path
    manifest: Path
    seconds: float
    steps: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)  # parts whose kept output was used (inputs unchanged)
    reworded: list[str] = field(default_factory=list)  # sections whose words alone changed: rendered here, no kernel
    up_to_date: bool = False  # nothing changed since the last good report: nothing was built


class Timer:
    """Records how long each named step takes, for the manifest."""

    def __init__(self) -> None:
        self.steps: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.steps[name] = round(time.perf_counter() - start, 3)
