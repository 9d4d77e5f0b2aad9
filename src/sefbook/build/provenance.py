"""Where every figure came from, written beside the report.

figures.csv: every figure the report shows, one row each, traceable to its file and row. One
row per indicator and period charted for the council (the table's latest and previous year
are among them), with the comparator values shown beside it and where the council's value came
from. Values are written as the report prints them, symbols as symbols.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import platform
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from sefbook.analysis.assess import assess, comparisons, section_indicators
from sefbook.inputs.load import Inputs
from sefbook.inputs.registry import REGISTRY_FILE
from sefbook.render.formatting import format_value

RECORDED_PACKAGES = ("sefbook", "pandas", "matplotlib", "papermill", "nbconvert", "nbformat",
                     "ipykernel", "pyyaml", "pydantic", "markdown-it-py", "jinja2")

COLUMNS = [
    "section", "indicator_id", "indicator", "la_code", "old_la_code", "la_name", "time_period",
    "value_shown", "symbol", "provisional", "neighbours_mean", "neighbours_median", "neighbours_with_figure",
    "region", "england", "rank", "rank_of", "quartile", "headline", "source_file", "source_row",
]


def figure_rows(inputs: Inputs) -> list[dict[str, object]]:
    place, config = inputs.place, inputs.edition.config
    # every indicator's comparisons, one period to a row, read out of the table once: a pack's
    # hundred indicators asked for one by one took a quarter of a second of its worker
    series_of: dict[str, list[tuple[int, dict]]] = {}
    table = comparisons(inputs)
    for (indicator_id, period), record in zip(table.index, table.to_dict("records")):
        series_of.setdefault(indicator_id, []).append((period, record))
    rows = []
    for section in inputs.edition.section_names:
        for ind in section_indicators(inputs, section):
            series = series_of.get(ind.id, [])
            latest_headline = assess(inputs, ind).headline
            shown = lambda v: "" if math.isnan(v) else format_value(ind, v)  # noqa: E731
            for period, s in series:
                rows.append({
                    "section": section, "indicator_id": ind.id, "indicator": ind.title,
                    "la_code": place.la_code, "old_la_code": config.old_la_code, "la_name": place.la_name,
                    "time_period": period,
                    "value_shown": format_value(ind, s["council"], s["council_symbol"]),
                    "symbol": s["council_symbol"],
                    "provisional": "yes" if s["provisional"] else "",
                    "neighbours_mean": shown(s["neighbours_mean"]),
                    "neighbours_median": shown(s["neighbours_median"]),
                    "neighbours_with_figure": int(s["neighbours_count"]),
                    "region": shown(s["region"]), "england": shown(s["england"]),
                    "rank": "" if math.isnan(s["rank"]) else int(s["rank"]),
                    "rank_of": "" if math.isnan(s["rank_of"]) else int(s["rank_of"]),
                    "quartile": "" if math.isnan(s["quartile"]) else int(s["quartile"]),
                    "headline": latest_headline if period == series[-1][0] else "",
                    "source_file": s["source_file"], "source_row": int(s["source_row"]) or "",
                })
    return rows


def write_figures(path: Path, inputs: Inputs) -> None:
    # utf-8-sig so that Excel, where most analysts will open it, reads the characters correctly
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(figure_rows(inputs))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(path: Path, inputs: Inputs, notebooks: list[Path], steps: dict[str, float],
                   build: dict[str, object] | None = None) -> None:
    files = [*inputs.edition.input_files(), *inputs.files_read, REGISTRY_FILE, *dict.fromkeys(notebooks)]
    known = (build or {}).get("files", {})  # digests the build record made a moment ago: each file read once
    versions = {}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    manifest = {
        "edition": inputs.edition.name or inputs.name,  # a pack has no edition folder
        "title": inputs.edition.title,
        "status": inputs.edition.config.status,
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "packages": versions,
        "inputs": [{"path": str(f.resolve()), "sha256": known.get(str(f.resolve())) or _sha256(f)} for f in files],
        "steps_seconds": steps,
        "build": build or {},  # what the next build compares to tell whether anything changed (build/cache.py)
    }
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
