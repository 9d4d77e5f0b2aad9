"""A council's own indicators (no DfE publication): declared in the edition, figures from its
local figures file, shown in sections, the plan and About the figures like registry indicators,
marked as the council's own and never ranked."""

from __future__ import annotations

import csv

import pytest
from helpers import EXAMPLE_DATA

from sefbook.errors import InputError
from sefbook.inputs.edition.read import load_edition
from sefbook.inputs.load import load_inputs
from sefbook.inputs.sections import SECTIONS
from sefbook.render.pages import about_html, plan_html
from sefbook.render.section import SectionView

LOCAL = """indicators:
  - id: return_interviews_72h
    title: Return home interviews offered within 72 hours
    unit: percent
    decimals: 0
    polarity: higher_better
    section: children_in_care
    definition: Children who went missing from care and were offered a return home interview within 72 hours.
"""
ROW = "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,991,E06000991,Kingsmere,{id},{value}\n"


def _with_local(edition, indicators=LOCAL, rows=(("return_interviews_72h", 81),)):
    (edition / "local_indicators.yml").write_text(indicators, encoding="utf-8")
    sef = edition / "sef.yml"
    sef.write_text(sef.read_text(encoding="utf-8") + "local_indicators: local_indicators.yml\n", encoding="utf-8")
    figures = edition / "local_figures.csv"
    with figures.open("a", encoding="utf-8") as f:
        for indicator_id, value in rows:
            f.write(ROW.format(id=indicator_id, value=value))
    return edition


@pytest.mark.slow
def test_a_local_indicator_is_shown_in_its_section_marked_as_the_councils_own(edition_copy):
    edition = _with_local(edition_copy)
    sef = edition / "sef.yml"
    text = sef.read_text(encoding="utf-8")
    if "name: children_in_care" in text:  # an edition that lists its indicators names it there
        text = text.replace(
            "  - name: children_in_care\n    indicators: [",
            "  - name: children_in_care\n    indicators: [return_interviews_72h, ",
        )
        sef.write_text(text, encoding="utf-8")
    inputs = load_inputs(edition, EXAMPLE_DATA, sections=["children_in_care"])
    assert inputs.registry["return_interviews_72h"].local and not inputs.registry["return_interviews_72h"].ranked
    row = next(
        r
        for r in SectionView(SECTIONS["children_in_care"], inputs).performance_rows()
        if r["title"] == "Return home interviews offered within 72 hours"
    )
    assert row["latest"] == "81%" and row["provisional"] and row["rank"] == "" and row["neighbours"] == "x"
    about = about_html(load_inputs(edition, EXAMPLE_DATA))
    assert (
        "Return home interviews offered within 72 hours" in about
        and "The council&#39;s own figures (not published): local_figures.csv (provisional; not ranked" in about
    )


@pytest.mark.slow
def test_a_plan_can_measure_a_local_indicator(edition_copy):
    edition = _with_local(edition_copy)
    plan = edition / "plan.yml"
    text = plan.read_text(encoding="utf-8")
    first_priority = text.split("priorities:")[1].split("id:")[1].split()[0]
    plan.write_text(
        text.replace(
            "measures:\n",
            f"measures:\n  - indicator: return_interviews_72h\n    priority: {first_priority}\n    target: 90\n",
            1,
        ),
        encoding="utf-8",
    )
    html = plan_html(load_inputs(edition, EXAMPLE_DATA, sections=[], include_linked=True))
    assert "Return home interviews offered within 72 hours" in html and "81%" in html and "Not yet met" in html


@pytest.mark.parametrize(
    "indicators, fragments",
    [
        (
            LOCAL.replace("return_interviews_72h", "rereferral_12m"),
            ["local_indicators.yml", "indicators[0].id", "already taken", "'rereferral_12m'"],
        ),
        (
            LOCAL.replace("children_in_care", "adoption"),
            ["local_indicators.yml", "indicators[0].section", "'adoption'"],
        ),
        (LOCAL.replace("    unit: percent\n", ""), ["local_indicators.yml", "indicators[0].unit", "missing"]),
    ],
)
def test_bad_local_indicators_are_named(edition_copy, indicators, fragments):
    with pytest.raises(InputError) as err:
        load_edition(_with_local(edition_copy, indicators))
    for fragment in fragments:
        assert fragment in err.value.message, (fragment, err.value.message)


def test_local_figures_for_an_undeclared_indicator_are_refused(edition_copy):
    edition = _with_local(edition_copy, rows=(("return_interviews_72h", 81), ("step_ups", 12)))
    with pytest.raises(InputError, match="local_figures.csv, row .*: names an unknown indicator id.*'step_ups'"):
        load_inputs(edition, EXAMPLE_DATA)


COUNTED = (
    LOCAL
    + """  - id: missing_from_care_count
    title: Children missing from care in the year
    unit: count
    decimals: 0
    polarity: contextual
    section: children_in_care
    definition: Children in care who went missing at least once in the year.
"""
)


def _listed(edition, indicator_id):
    """The edition's sef.yml, its children_in_care section listing the indicator first."""
    sef = edition / "sef.yml"
    text = sef.read_text(encoding="utf-8")
    listed = "  - name: children_in_care\n    indicators: ["
    assert listed in text
    sef.write_text(text.replace(listed, listed + indicator_id + ", "), encoding="utf-8")
    return sef


@pytest.mark.slow
@pytest.mark.parametrize("audience, shown", [("publication", "c"), ("internal", "3")])
def test_publication_mode_suppresses_the_councils_own_small_count(edition_copy, tmp_path, audience, shown):
    from helpers import set_key

    from sefbook.build.provenance import write_figures

    edition = _with_local(edition_copy, COUNTED, rows=(("return_interviews_72h", 81), ("missing_from_care_count", 3)))
    sef = _listed(edition, "missing_from_care_count")
    set_key(sef, "audience", audience)
    inputs = load_inputs(edition, EXAMPLE_DATA)
    write_figures(tmp_path / "figures.csv", inputs)
    with (tmp_path / "figures.csv").open(encoding="utf-8-sig", newline="") as f:
        ours = [
            r
            for r in csv.DictReader(f)
            if r["indicator_id"] == "missing_from_care_count"
            and r["time_period"] == "2025"
            and r["area_kind"] == "council"
        ]
    # suppressed: the symbol, and no number in `value` either (a symbol is never a figure)
    assert ours and all((r["value_shown"], r["value"]) == (shown, "" if shown == "c" else shown) for r in ours), ours


@pytest.mark.slow
def test_publication_mode_suppresses_a_local_share_of_few_children_given_its_count(edition_copy):
    from helpers import set_key

    edition = _with_local(edition_copy)
    figures = edition / "local_figures.csv"
    lines = figures.read_text(encoding="utf-8").splitlines()
    # the council says how many children its share rests on: 2 of 3 children were offered an interview
    lines = [lines[0] + ",count"] + [
        line + ("," + ("3" if "return_interviews_72h" in line else "")) for line in lines[1:]
    ]
    figures.write_text("\n".join(lines) + "\n", encoding="utf-8")
    set_key(_listed(edition, "return_interviews_72h"), "audience", "publication")
    inputs = load_inputs(edition, EXAMPLE_DATA, sections=["children_in_care"])
    ours = inputs.table[inputs.table["indicator"] == "return_interviews_72h"]
    assert list(ours["symbol"]) == ["c"] and ours["value"].isna().all()
