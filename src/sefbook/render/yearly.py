"""The yearly cycle: the plan on a page, the areas for improvement, what changed since last
year's edition, and starting next year's edition from this one.

Pure functions from validated inputs to HTML parts (shown by notebooks) or files (`sefbook new`).
"""

from __future__ import annotations

import math
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sefbook.analysis.compare import direction, performance_row
from sefbook.inputs.edition import EDITION_FILE, NARRATIVE_DIR, QUOTES_FILE, Edition, load_edition
from sefbook.errors import InputError
from sefbook.render.formatting import format_value
from sefbook.analysis.headlines import CLASSIFICATIONS
from sefbook.inputs.load import Inputs
from sefbook.inputs.plan import STATUSES, target_status
from sefbook.inputs.sections import NARRATIVE_HEADINGS, SECTIONS
from sefbook.render.view import DIRECTIONS, assess, render, section_anchor, section_indicators

PLANS_HEADING = NARRATIVE_HEADINGS[-1]  # "Our plans for the next twelve months"
REPORTED_HEADING = "What we said we would do"
OUTCOME_SEPARATOR = " — "


# --- plan on a page ------------------------------------------------------------------------

def plan_html(inputs: Inputs) -> str:
    plan, place = inputs.edition.plan, inputs.place
    if plan is None:
        return ""
    ambitions = []
    for ambition in plan.ambitions:
        measures = []
        for m in plan.measures_of(ambition.id):
            ind = inputs.registry[m.indicator]
            r = performance_row(inputs.table, ind, place)
            measures.append(dict(
                title=ind.title, period=r.period_label, latest=format_value(ind, r.latest, r.latest_symbol),
                target="" if m.target is None else format_value(ind, m.target)
                + (f" by {m.target_year}" if m.target_year else ""),
                trend=DIRECTIONS[r.direction][1], trend_symbol=DIRECTIONS[r.direction][0],
                status=target_status(ind, r.latest, m.target)))
        actions = plan.actions_of(ambition.id)
        counts = Counter(a.status for a in actions)
        ambitions.append(dict(
            id=ambition.id, title=ambition.title, description=ambition.description,
            priorities=plan.priorities_of(ambition.id), measures=measures,
            progress=[(status, counts[status]) for status in STATUSES if counts[status]],
            total=len(actions)))
    overdue = sorted((a for a in plan.actions if a.overdue(plan.as_at)), key=lambda a: a.due)
    return render("plan.html.j2", plan=plan, ambitions=ambitions, overdue=overdue,
                  as_at=plan.as_at.strftime("%d %B %Y").lstrip("0"), la_name=place.la_name)


# --- areas for improvement -----------------------------------------------------------------

def improvement_html(inputs: Inputs) -> str:
    afi = inputs.edition.improvement
    if afi is None:
        return ""
    areas = []
    for area in afi.areas:
        evidence = []
        for indicator_id in area.indicators:
            ind = inputs.registry[indicator_id]
            r = performance_row(inputs.table, ind, inputs.place)
            evidence.append(dict(title=ind.title, latest=format_value(ind, r.latest, r.latest_symbol),
                                 period=r.period_label, trend=DIRECTIONS[r.direction][1].lower()))
        areas.append(dict(area=area, evidence=evidence))
    return render("improvement.html.j2", inspection=afi.inspection, areas=areas)


# --- last year's promises ------------------------------------------------------------------

def _section_body(markdown: str, heading: str) -> str:
    match = re.search(rf"^##\s+{re.escape(heading)}\s*#*\s*$(.*?)(?=^##\s|\Z)", markdown, re.M | re.S | re.I)
    return match.group(1) if match else ""


def promises(markdown: str) -> list[str]:
    """The items under 'Our plans for the next twelve months'."""
    return [m.group(1).strip() for m in re.finditer(r"^\s*[-*+]\s+(.+)$", _section_body(markdown, PLANS_HEADING), re.M)]


@dataclass(frozen=True)
class Reported:
    promise: str
    done: bool | None  # None: not reported on this year
    outcome: str


def reported(markdown: str) -> list[Reported]:
    """The checklist under 'What we said we would do': '- [x] promise — outcome'."""
    items = []
    for m in re.finditer(r"^\s*[-*+]\s+\[( |x|X)\]\s+(.+)$", _section_body(markdown, REPORTED_HEADING), re.M):
        promise, _, outcome = m.group(2).partition(OUTCOME_SEPARATOR)
        items.append(Reported(promise.strip(), m.group(1).lower() == "x", outcome.strip()))
    return items


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def promises_kept(before: Edition, now: Edition) -> list[tuple[str, Reported]]:
    """Each of last year's promises, section by section, with what this year says of it."""
    rows = []
    for section in before.section_names:
        told = {_key(r.promise): r for r in reported(now.narrative.get(section, ""))}
        for promise in promises(before.narrative.get(section, "")):
            rows.append((section, told.get(_key(promise), Reported(promise, None, ""))))
    return rows


# --- what changed ----------------------------------------------------------------------------

def what_changed_html(now: Inputs, before: Inputs, top: int = 5) -> str:
    moved = []
    for section in now.edition.section_names:
        for ind in section_indicators(now, section):
            a, b = assess(now, ind), (assess(before, ind) if ind.id in set(before.table["indicator"]) else None)
            r = a.row
            if b is None or math.isnan(r.latest) or math.isnan(b.row.latest) or b.row.latest == 0:
                continue
            relative = (r.latest - b.row.latest) / abs(b.row.latest)
            judgement = direction(ind, r.latest, b.row.latest)
            moved.append(dict(title=ind.title, before=format_value(ind, b.row.latest), before_period=b.row.period,
                              now=format_value(ind, r.latest), now_period=r.period, relative=relative,
                              judgement=judgement, symbol=DIRECTIONS[judgement][0], words=DIRECTIONS[judgement][1],
                              anchor=section_anchor(section) + "-performance",
                              headline_now=a.classification, headline_before=b.classification))
    better = sorted((m for m in moved if m["judgement"] == "better"), key=lambda m: -abs(m["relative"]))[:top]
    worse = sorted((m for m in moved if m["judgement"] == "worse"), key=lambda m: -abs(m["relative"]))[:top]
    appeared = [m for m in moved if m["headline_now"] in ("highlight", "targeted") and m["headline_now"] != m["headline_before"]]
    went = [m for m in moved if m["headline_before"] in ("highlight", "targeted") and m["headline_now"] != m["headline_before"]]
    kept = [dict(section=SECTIONS[s].title, promise=r.promise, done=r.done, outcome=r.outcome)
            for s, r in promises_kept(before.edition, now.edition)]
    return render("changes.html.j2", now=now.edition.config.year, before=before.edition.config.year,
                  better=better, worse=worse, appeared=appeared, went=went, classes=CLASSIFICATIONS,
                  promises=kept, done=sum(1 for k in kept if k["done"]), total=len(kept))


# --- next year's edition -------------------------------------------------------------------

def _next_years(text: str) -> str:
    return re.sub(r"\b(19|20)(\d\d)\b", lambda m: str(int(m.group(0)) + 1), text)


def new_edition(new: str | Path, old: str | Path) -> Path:
    """Start next year's edition from this one: configuration carried over with the year moved
    on, last year's plans carried forward as a checklist to report against, the four headings
    ready to write. Refuses to overwrite anything."""
    new, old = Path(new), Path(old)
    if new.exists():
        raise InputError(new, "already exists: sefbook new never overwrites an edition",
                         expected="a folder name not yet used")
    before = load_edition(old)  # only a valid edition can be carried forward
    config_text = (old / EDITION_FILE).read_text(encoding="utf-8-sig").replace("\r\n", "\n")

    def set_key(text: str, key: str, value: str | None) -> str:
        pattern = rf"^{key}:.*$"
        if value is None:
            return re.sub(pattern + r"\n?", "", text, flags=re.M)
        if re.search(pattern, text, re.M):
            return re.sub(pattern, f"{key}: {value}", text, count=1, flags=re.M)
        return text.rstrip("\n") + f"\n{key}: {value}\n"

    c = before.config
    config_text = set_key(config_text, "year", str(c.year + 1))
    config_text = set_key(config_text, "reporting_period", _next_years(c.reporting_period))
    if c.title:
        config_text = set_key(config_text, "title", _next_years(c.title))
    config_text = set_key(config_text, "status", "draft")
    config_text = set_key(config_text, "local_figures", None)  # next year's own figures are still to come
    config_text = set_key(config_text, "previous_edition", f"../{old.name}" if old.parent.resolve() == new.parent.resolve()
                          else str(old.resolve()))
    new.mkdir(parents=True)
    try:
        for key in ("plan", "areas_for_improvement"):  # files inside the edition roll forward with it
            value = getattr(c, key)
            if value and (old / value).resolve().parent == old.resolve():
                shutil.copy2(old / value, new / value)
        (new / EDITION_FILE).write_text(config_text, encoding="utf-8")
        (new / QUOTES_FILE).write_text("# Quotes from children, young people and families for this year.\n"
                                       "# Each: section, text, who (e.g. \"young person, 15\"), where.\nquotes: []\n",
                                       encoding="utf-8")
        (new / NARRATIVE_DIR).mkdir()
        for section in before.section_names:
            checklist = "\n".join(f"- [ ] {p}{OUTCOME_SEPARATOR}" for p in promises(before.narrative[section]))
            body = [f"## {REPORTED_HEADING}\n\nLast year's plans: tick each one done (`[x]`) and say what happened "
                    f"after the dash.\n\n{checklist or '- [ ] (no plans were listed last year)'}\n"]
            body += [f"## {h}\n\n_To write._\n" for h in NARRATIVE_HEADINGS]
            (new / NARRATIVE_DIR / SECTIONS[section].narrative).write_text("\n".join(body), encoding="utf-8")
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    return new
