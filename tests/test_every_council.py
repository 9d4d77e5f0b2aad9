"""Every one of the 153 current councils gets a pack from the DfE's files as published: its
place (name, region, neighbours) is found and every table and page of its pack renders with
no figure printed as nan, inf or None (the same functions the pack's notebooks call; the
comparisons are computed once per council, so this takes about half a second each). Charts
are drawn for the unusual councils. The full `sefbook pack` builds of all 153 are timed by
`sefbook pack --all` (bench/speed.py), not here."""

from __future__ import annotations

import csv
import re

import pytest
from helpers import PUBLISHED_DATA, with_key_indicators

from sefbook.inputs.load import pack_inputs
from sefbook.inputs.published.reader import PublishedData, read_published
from sefbook.inputs.published.registry import default_registry
from sefbook.inputs.sections import SECTIONS
from sefbook.render import pages
from sefbook.render.section import SectionView

pytestmark = [
    pytest.mark.skipif(not PUBLISHED_DATA.is_dir(), reason="published DfE files not beside the project"),
    pytest.mark.slow,
]  # every council: no kernel, but minutes

# Among them, councils whose data is unusual: the smallest (City of London 201, Isles of Scilly
# 420), a joint workforce return (Kingston 314), a GSS code changed (North Yorkshire 815), a new
# council (Cumberland 942), a code that differs in one file (Barnsley 370), and the 2021
# neighbour file's edge (Rutland 857).


def current_councils() -> list[str]:
    """Old LA codes with a child population in the latest year of the ONS file."""
    if not PUBLISHED_DATA.is_dir():
        return []
    with next(PUBLISHED_DATA.glob("ons_mid-year_population_estimates_*.csv")).open(encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f) if r["geographic_level"] == "Local authority"]
    latest = max(r["time_period"] for r in rows)
    return sorted({r["old_la_code"] for r in rows if r["time_period"] == latest})


@pytest.fixture(scope="module")
def published():
    return read_published(PUBLISHED_DATA, default_registry(), leave_out="unreadable")


def test_every_current_council_has_a_place_and_neighbours(published):
    councils = current_councils()
    assert len(councils) == 153
    for code in councils:
        inputs = pack_inputs(published, code, PUBLISHED_DATA, default_registry(), list(SECTIONS))
        assert inputs.place.la_name and inputs.place.region_code, code
        assert len(inputs.place.neighbour_codes) >= 8, (code, inputs.place.neighbour_codes)
        assert inputs.place.la_code not in inputs.place.neighbour_codes, code


@pytest.mark.parametrize("code", current_councils() or ["none"])
def test_every_council_renders_every_table_and_page(published, code):
    inputs = pack_inputs(published, code, PUBLISHED_DATA, default_registry(), list(SECTIONS))
    html = pages.front_matter_html(inputs) + pages.headlines_html(inputs) + pages.about_html(inputs)
    for name in inputs.edition.section_names:
        html += SectionView(inputs.edition.section(name), inputs).performance_table_html()
    assert inputs.place.la_name.replace("'", "&#39;") in html
    assert not re.search(r"\b(nan|inf|None)\b", html), re.search(r".{60}\b(nan|inf|None)\b.{20}", html).group(0)


@pytest.mark.parametrize("code", ["201", "420"])  # the smallest councils: most suppressed, fewest figures
def test_the_smallest_councils_charts_say_nothing_false(published, code):
    every = with_key_indicators(default_registry(), set(default_registry().ids))  # all it would chart
    inputs = pack_inputs(published, code, PUBLISHED_DATA, every, list(SECTIONS))
    charts = [
        c for name in inputs.edition.section_names for c in SectionView(inputs.edition.section(name), inputs).charts()
    ]
    assert len(charts) > 50
    for chart in charts:
        assert b"<svg" in chart.svg and inputs.place.la_name in chart.alt
        assert not re.search(r"\b(nan|inf|None)\b", chart.alt), chart.alt


def test_what_every_councils_pack_shares_gives_each_council_what_it_would_work_out_alone(published):
    """A process building many packs works out once what is the same for every council (the
    councils by period, their new codes, the regions' codes, each area's rows and every council's
    ranks, the table's digests); each council's place and comparisons are then the ones worked out afresh."""
    from dataclasses import replace

    from sefbook.analysis.assess import comparisons
    from sefbook.analysis.compare import comparison_table
    from sefbook.build.keys import figures_key

    for code in ["201", "314", "370", "815", "857", "942", "420"]:  # the unusual councils, one after another
        shared = pack_inputs(published, code, PUBLISHED_DATA, default_registry(), list(SECTIONS))
        alone = pack_inputs(
            PublishedData(published.table, published.files_read, published.left_out, published.absent),
            code,
            PUBLISHED_DATA,
            default_registry(),
            list(SECTIONS),
        )
        assert shared.shared is published.shared and alone.shared is not published.shared
        assert shared.place == alone.place and shared.edition.config == alone.edition.config, code
        present = set(alone.table["indicator"].unique())  # once: a set of the column is a pass over every row
        indicators = [i for i in default_registry().indicators if i.id in present]
        pd_testing = pytest.importorskip("pandas.testing")
        pd_testing.assert_frame_equal(comparisons(shared), comparison_table(alone.table, alone.place, indicators))
        assert figures_key(shared) == figures_key(replace(alone, derived={}, shared={}))
    assert any(isinstance(key, str) and key.startswith("rows ") for key in published.shared)  # compare.TableRows
