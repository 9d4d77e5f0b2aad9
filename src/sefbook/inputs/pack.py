"""A data-only benchmarking pack: any council, from published files alone.

Its configuration is made from the data (the council's name and codes, its region, its DfE
statistical neighbours, the latest year, the sections with figures), and nothing of it is
written by the council: no folder, narrative, quotes, plan or areas for improvement. The class
says so to the code that renders an edition or a pack alike; code that needs an edition's folder
asks for an Edition."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from sefbook.inputs.edition.config import Configured
from sefbook.inputs.edition.contents import Quote


@dataclass(frozen=True, kw_only=True)
class Pack(Configured):
    folder: ClassVar[None] = None
    name: ClassVar[str] = ""  # no edition's name: the report is named by the council's code
    quotes: ClassVar[tuple[Quote, ...]] = ()
    plan: ClassVar[None] = None
    improvement: ClassVar[None] = None
    warnings: ClassVar[tuple[str, ...]] = ()

    @property
    def narrative(self) -> dict[str, str]:
        return {}

    @property
    def responses(self) -> dict[str, str]:
        return {}

    @property
    def linked_indicators(self) -> list[str]:
        """Indicator ids the facts blocks name (a pack has no plan or areas for improvement)."""
        return list(dict.fromkeys(i for s in self.config.sections for i in self.fact_ids(s.name)))

    def quotes_for(self, section: str) -> list[Quote]:
        return []

    def narrative_files(self, section: str) -> list[Path]:
        return []

    def input_files(self) -> list[Path]:
        return []
