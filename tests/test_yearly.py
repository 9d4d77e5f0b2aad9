"""The yearly cycle: the plan as data, areas for improvement, last year's promises, and
`sefbook new` (next year's edition from this one). Small hand-written inputs throughout."""

from __future__ import annotations

import math
from datetime import date

import pytest
import yaml
from helpers import EXAMPLE_DATA, set_key

from sefbook import cli
from sefbook.analysis.changes import promises_kept
from sefbook.analysis.compare import performance_row
from sefbook.errors import InputError
from sefbook.inputs.edition.improvement import load_areas_for_improvement
from sefbook.inputs.edition.plan import load_plan, target_status
from sefbook.inputs.edition.promises import promises, reported
from sefbook.inputs.edition.read import load_edition
from sefbook.inputs.load import load_inputs
from sefbook.inputs.published.registry import default_registry
from sefbook.render.formatting import format_value, latest_period
from sefbook.render.pages import plan_html
from sefbook.scaffold import new_edition

REG = default_registry()

PLAN = {
    "title": "Kingsmere Children's Services Plan 2024 to 2027",
    "period": "2024 to 2027",
    "as_at": "2025-03-31",
    "vision": "Every child in Kingsmere safe, loved and ready for life.",
    "ambitions": [{"id": "A1", "title": "Children are safe at home"}, {"id": "A2", "title": "Care leavers thrive"}],
    "priorities": [
        {"id": "P1.1", "ambition": "A1", "title": "Help that lasts"},
        {"id": "P2.1", "ambition": "A2", "title": "Work and learning"},
    ],
    "measures": [
        {"indicator": "rereferral_12m", "priority": "P1.1", "target": 18.0, "target_year": 2026},
        {"indicator": "care_leavers_eet", "priority": "P2.1", "target": 99},
    ],
    "actions": [
        {
            "id": "1.1a",
            "priority": "P1.1",
            "action": "Relaunch step-down",
            "lead": "Head of Service, Front Door",
            "due": "2024-12-31",
            "status": "at risk",
            "update": "Delayed by recruitment.",
        },
        {
            "id": "1.1b",
            "priority": "P1.1",
            "action": "Audit repeat referrals",
            "lead": "Head of Quality",
            "due": "2025-01-31",
            "status": "complete",
        },
        {
            "id": "2.1a",
            "priority": "P2.1",
            "action": "Apprenticeships",
            "lead": "Virtual School Head",
            "due": "2025-09-30",
            "status": "on track",
        },
    ],
}


def _write_plan(tmp_path, mutate=None):
    raw = yaml.safe_load(yaml.safe_dump(PLAN))
    if mutate:
        mutate(raw)
    path = tmp_path / "plan.yml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


def test_a_valid_plan_loads_with_dates_and_links(tmp_path):
    plan = load_plan(_write_plan(tmp_path), REG)
    assert plan.as_at == date(2025, 3, 31)
    assert [p.id for p in plan.priorities_of("A1")] == ["P1.1"]
    assert [a.id for a in plan.actions_of("A1")] == ["1.1a", "1.1b"]
    assert [a.id for a in plan.actions if a.overdue(plan.as_at)] == ["1.1a"]  # 1.1b is complete


@pytest.mark.parametrize(
    "mutate, fragments",
    [
        (
            lambda r: r["measures"][0].update(indicator="happiness_index"),
            ["key measures[0].indicator", "unknown indicator id", "'happiness_index'"],
        ),
        (lambda r: r["actions"].append(dict(r["actions"][0])), ["duplicate action id", "key actions[3].id", "'1.1a'"]),
        (
            lambda r: r["priorities"][1].update(ambition="A9"),
            ["priority with no ambition", "key priorities[1].ambition", "'A9'"],
        ),
        (lambda r: r["actions"][2].update(due="30/09/2025"), ["key actions[2].due", "'30/09/2025'"]),
        (lambda r: r["actions"][2].update(status="green"), ["key actions[2].status", "'green'"]),
    ],
)
def test_bad_plans_are_named(tmp_path, mutate, fragments):
    with pytest.raises(InputError) as err:
        load_plan(_write_plan(tmp_path, mutate), REG)
    assert "plan.yml" in err.value.message
    for fragment in fragments:
        assert fragment in err.value.message, err.value.message


def test_target_status_follows_polarity_at_shown_precision():
    assert target_status(REG["rereferral_12m"], 17.96, 18.0) == "target met"  # shows as 18.0%
    assert target_status(REG["rereferral_12m"], 18.1, 18.0) == "not yet met"
    assert target_status(REG["care_leavers_eet"], 61.0, 60.0) == "target met"
    assert target_status(REG["care_leavers_eet"], math.nan, 60.0) == "not known"
    assert target_status(REG["care_leavers_eet"], 61.0, None) == "no target"


def test_areas_for_improvement_name_unknown_indicators(tmp_path):
    path = tmp_path / "afi.yml"
    path.write_text(
        yaml.safe_dump(
            {
                "inspection": "ILACS, January 2023",
                "areas": [
                    {
                        "id": "AFI1",
                        "area": "Supervision",
                        "response": "New policy",
                        "impact": "Clearer plans",
                        "indicators": ["cpp_subsequent", "supervision_rate"],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(
        InputError, match=r"key areas\[0\].indicators\[1\]: names an unknown indicator id.*'supervision_rate'"
    ):
        load_areas_for_improvement(path, REG)


NARRATIVE_2024 = """Intro.

## What we are proud of

Text.

## What we are worried about

Text.

## How we have made a difference

Text.

## Our plans for the next twelve months

- Open two more family hubs by December 2024.
- Recruit 20 foster carers.
"""

NARRATIVE_2025 = """## What we said we would do

- [x] Open two more family hubs by December 2024. — Both opened in November.
- [ ] recruit 20 foster carers — We approved 14.

## What we are proud of
"""


def test_promises_and_what_was_reported_of_them():
    assert promises(NARRATIVE_2024) == ["Open two more family hubs by December 2024.", "Recruit 20 foster carers."]
    told = reported(NARRATIVE_2025)
    assert [(r.done, r.outcome) for r in told] == [(True, "Both opened in November."), (False, "We approved 14.")]


@pytest.mark.slow
def test_plan_on_a_page_and_promises_kept_on_the_example(edition_copy, tmp_path):
    _write_plan(edition_copy)
    sef = edition_copy / "sef.yml"
    set_key(sef, "plan", "plan.yml")
    inputs = load_inputs(edition_copy, EXAMPLE_DATA, sections=[], include_linked=True)
    html = plan_html(inputs)
    assert "Every child in Kingsmere safe" in html and "A1. Children are safe at home" in html
    assert "18.0% by 2026" in html
    assert "Not yet met" in html or "Target met" in html
    assert "1 at risk, 1 complete" not in html  # counts follow the order of statuses
    assert "1 complete, 1 at risk" in html
    assert "Relaunch step-down" in html and "2.1a" not in html.split("Overdue actions")[1]  # only overdue listed
    before = load_edition(edition_copy)
    now_text = {"context": NARRATIVE_2025}
    now = before.__class__(
        folder=before.folder, config=before.config, narrative=now_text, quotes=(), registry=before.registry
    )
    earlier = before.__class__(
        folder=before.folder,
        config=before.config,
        narrative={"context": NARRATIVE_2024},
        quotes=(),
        registry=before.registry,
    )
    kept = promises_kept(earlier, now)
    assert [(s, r.done) for s, r in kept] == [("context", True), ("context", False)]


def test_sefbook_new_starts_next_years_edition_and_never_overwrites(edition_copy, capsys):
    old = edition_copy
    (old / "narrative" / "context.md").write_text(NARRATIVE_2024, encoding="utf-8")
    new = old.parent / "example-2026"
    assert cli.main(["new", str(new), "--from", str(old)]) == 0
    edition = load_edition(new)  # a valid edition straight away
    assert edition.config.year == 2026 and edition.config.status == "draft"
    assert edition.config.reporting_period == "1 April 2025 to 31 March 2026"
    assert edition.config.previous_edition == f"../{old.name}"
    assert edition.config.local_figures is None
    assert edition.quotes == ()
    context = edition.narrative["context"]
    assert "## What we said we would do" in context
    assert "- [ ] Open two more family hubs by December 2024. — " in context
    assert [r.promise for r in reported(context)] == promises(NARRATIVE_2024)
    assert cli.main(["new", str(new), "--from", str(old)]) == 2
    assert "already exists" in capsys.readouterr().err


# --- the quarterly performance report -----------------------------------------------------


@pytest.mark.slow
def test_a_quarter_adds_the_councils_own_figures_as_the_latest(edition_copy):
    annual = load_inputs(edition_copy, EXAMPLE_DATA)
    assert (annual.table["quarter"] == 0).all()  # the annual report never shows quarters
    quarterly = load_inputs(edition_copy, EXAMPLE_DATA, period="2025-Q2")
    row = performance_row(quarterly.table, REG["rereferral_12m"], quarterly.place)
    local = (edition_copy / "local_figures.csv").read_text(encoding="utf-8").splitlines()
    q2 = next(line for line in local if line.startswith("202526,Q2,") and ",rereferral_12m," in line)
    assert latest_period(row.period, row.quarter) == "2025-26 Q2" and row.provisional
    assert row.latest == float(q2.rsplit(",", 1)[1])
    annual_row = performance_row(annual.table, REG["rereferral_12m"], annual.place)
    assert row.previous == annual_row.latest  # the quarter is judged against the last full year
    # no one else publishes quarters: the comparison is with the latest year the others published, named
    assert row.comparators_period == annual_row.period == 2025
    assert (row.neighbours_mean, row.region, row.england) == (
        annual_row.neighbours_mean,
        annual_row.region,
        annual_row.england,
    )


@pytest.mark.slow
def test_a_quarterly_report_needs_no_narrative_but_a_real_quarter(edition_copy):
    (edition_copy / "narrative" / "care_leavers.md").unlink()
    with pytest.raises(InputError, match="narrative file not found"):
        load_inputs(edition_copy, EXAMPLE_DATA)
    assert load_inputs(edition_copy, EXAMPLE_DATA, period="2025-Q1").period == "2025-Q1"
    with pytest.raises(InputError, match=r"--period: is not a quarter sefbook knows.*'2025-Q5'"):
        load_inputs(edition_copy, EXAMPLE_DATA, period="2025-Q5")


def test_a_quarter_written_with_a_wrong_financial_year_is_named(edition_copy):
    path = edition_copy / "local_figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], lines[1].replace("202526", "202527", 1)]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"local_figures.csv, row 2: has a quarter whose financial year.*'202527'"):
        load_inputs(edition_copy, EXAMPLE_DATA, period="2025-Q1")


def test_sefbook_new_on_the_example_carries_every_plan_forward_and_builds_its_checks(edition_copy):
    new = new_edition(edition_copy.parent / "example-2026", edition_copy)
    before, after = load_edition(edition_copy), load_edition(new)
    for section in before.section_names:
        assert [r.promise for r in reported(after.narrative[section])] == promises(before.narrative[section])
    assert after.plan == before.plan and after.improvement == before.improvement  # rolled forward
    # It passes its own check (next year's figures are not out yet, and the check says so) ...
    assert cli.main(["check", str(new), "--data", str(EXAMPLE_DATA)]) == 0
    assert load_inputs(new, EXAMPLE_DATA, require_year=False).edition.config.year == 2026
    # ... but a report of a year with no figures is refused, not built from last year's.
    with pytest.raises(InputError, match=r"key year: names a year with no figures for the council.*found 2026"):
        load_inputs(new, EXAMPLE_DATA)


@pytest.mark.slow
def test_a_provisional_figure_stays_marked_in_headlines_what_changed_the_plan_and_charts(edition_copy):
    from sefbook.render.charts import trend_figure
    from sefbook.render.pages import headlines_html, plan_html

    inputs = load_inputs(edition_copy, EXAMPLE_DATA)  # youth justice 2025 is the council's own figure
    ind = REG["youth_justice_fte_rate"]
    row = performance_row(inputs.table, ind, inputs.place)
    assert row.provisional
    figure = format_value(ind, row.latest)
    assert f"{figure} (provisional)" in plan_html(inputs)
    headlines = headlines_html(inputs)
    assert figure not in headlines or f"{figure} (provisional)" in headlines
    from sefbook.analysis.compare import comparator_series

    chart = trend_figure(ind, comparator_series(inputs.table, ind, inputs.place), "Kingsmere", "East Midlands")
    assert "provisional" in [t.get_text() for t in chart.axes[0].texts]
