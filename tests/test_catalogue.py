"""`sefbook indicators`: the registry listed, and what a data folder holds of it."""

from __future__ import annotations

import csv
import io

import pytest
from helpers import PUBLISHED_DATA

from sefbook import cli
from sefbook.inputs.published.registry import default_registry


def _listing(capsys, *args) -> list[dict]:
    assert cli.main(["indicators", *args]) == 0
    out = capsys.readouterr().out
    return list(csv.DictReader(io.StringIO(out), delimiter="\t"))


def test_every_registry_indicator_is_listed_with_section_source_and_period(capsys):
    rows = _listing(capsys)
    registry = default_registry()
    assert [r["id"] for r in rows] == [
        i
        for s in ("context", "early_help", "help_and_protection", "children_in_care", "care_leavers", "leadership")
        for i in [ind.id for ind in registry.for_section(s)]
    ]
    assert len(rows) >= 90
    refs = next(r for r in rows if r["id"] == "rereferral_12m")
    assert refs["period"] == "year to 31 March" and refs["files"].startswith("c1_children_in_need_referrals")


@pytest.mark.slow
@pytest.mark.skipif(not PUBLISHED_DATA.is_dir(), reason="published DfE files not beside the project")
def test_with_the_published_files_it_says_what_was_found_and_for_how_many_councils(capsys):
    rows = {r["id"]: r for r in _listing(capsys, "--data", str(PUBLISHED_DATA))}
    # recomputed from the file: councils with a number for re-referrals in its latest year
    with next(PUBLISHED_DATA.glob("c1_*.csv")).open(encoding="utf-8-sig", newline="") as f:
        data = [r for r in csv.DictReader(f) if r["geographic_level"] == "Local authority"]
    latest = max(r["time_period"] for r in data)
    numbers = {
        r["old_la_code"]
        for r in data
        if r["time_period"] == latest and r["rereferral_percent"].replace(".", "", 1).isdigit()
    }
    assert rows["rereferral_12m"]["status"] == "found"
    assert rows["rereferral_12m"]["latest"] == latest and int(rows["rereferral_12m"]["councils"]) == len(numbers)
    assert rows["care_leavers_in_touch"]["status"] == "not in folder"
    assert sum(r["status"] == "found" for r in rows.values()) >= 90
