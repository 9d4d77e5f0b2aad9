"""The report's pages that are not sections: the title block and contents, the headlines, what
changed since last year, the plan on a page and the areas for improvement."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from html import escape
from typing import Any

from sefbook.analysis.assess import assess, indicators_present, section_indicators
from sefbook.analysis.changes import Movement, what_changed
from sefbook.analysis.compare import MIN_COUNCILS_RANKED
from sefbook.analysis.headlines import Headline, importance_of, significance
from sefbook.domain import SYMBOL_MEANINGS, ReportKind
from sefbook.inputs.edition.plan import STATUSES, target_status
from sefbook.inputs.load import Inputs, parse_period
from sefbook.render.formatting import (
    format_latest,
    format_value,
    latest_period,
    period_in_words,
    period_label,
    year_label,
)
from sefbook.render.parts import headlines_part, report_parts, section_anchor
from sefbook.render.prose import front_matter_html as render_front_matter
from sefbook.render.section import SectionView
from sefbook.render.templates import render
from sefbook.render.wording import DIRECTIONS, HEADLINES, comparator_words, how_computed, sentence

KIND_WORDS = {
    ReportKind.annual: "Self-evaluation of social work practice",
    ReportKind.quarterly: "Quarterly performance report",
    ReportKind.pack: "Benchmarking pack from published statistics",
}


def report_title(inputs: Inputs) -> str:
    if inputs.kind is ReportKind.quarterly:
        year, quarter = parse_period(inputs.period)
        return f"{inputs.edition.config.la_name} children's services quarterly performance report, {period_label(year, quarter)}"
    return inputs.edition.title


def sign_off(inputs: Inputs) -> str:
    """The cover's sign-off line (sef.yml's signed_off_by and signed_off_on; a pack is never signed off)."""
    c = inputs.edition.config
    if inputs.kind is ReportKind.pack:
        return ""
    if c.signed_off_by and c.signed_off_on:
        return f"Signed off by {c.signed_off_by}, {c.signed_off_on.day} {c.signed_off_on:%B %Y}"
    return "Not yet signed off"


def front_matter(inputs: Inputs) -> dict[str, object]:
    """What the report's title block and table of contents say (all but the date they are built)."""
    edition, c = inputs.edition, inputs.edition.config
    neighbours = inputs.table[inputs.table["area_code"].isin(inputs.place.neighbour_codes)]
    names = dict(zip(neighbours["area_code"], neighbours["area_name"]))
    return {
        "title": report_title(inputs),
        "status": "" if inputs.kind is ReportKind.pack else c.status,  # a pack is drafted, never "final"
        "la_name": c.la_name,
        "region_name": c.region_name,
        "reporting_period": (
            period_label(*parse_period(inputs.period)) if inputs.kind is ReportKind.quarterly else c.reporting_period
        ),
        "built_from": (
            f"{len(inputs.files_read)} files of published statistics"
            if inputs.kind is ReportKind.pack
            else f"edition {edition.name}"
        ),  # never a local path: the report travels
        "signed_off": sign_off(inputs),
        "neighbours": ", ".join(names.get(code, code) for code in inputs.place.neighbour_codes),
        "kind": KIND_WORDS[inputs.kind],
        "sections": [
            {"anchor": part.anchor, "title": part.title, "number": part.number or ""} for part in report_parts(inputs)
        ],
    }


def front_matter_html(inputs: Inputs, built: datetime | None = None) -> str:
    """The report's title block and table of contents."""
    return render_front_matter(front_matter(inputs), built)


def headline_titles(kind: ReportKind) -> dict[Headline, tuple[str, str]]:
    """Each headline group's title, and what it says when it is empty: an annual self-evaluation's summary speaks
    as the council (what it is proud of, what worries it and what it does about it); a pack, which nobody wrote,
    and a quarterly report keep the neutral words."""
    if kind is ReportKind.annual:
        return {
            Headline.highlight: ("What we are proud of", "No figure stands out for the better this year."),
            Headline.targeted: (
                "What we are worried about, and our response",
                "No figure stands out for the worse this year.",
            ),
        }
    return {
        Headline.highlight: ("Highlights", "No highlights this year."),
        Headline.targeted: ("Areas for targeted activity", "No areas for targeted activity this year."),
    }


def headline_groups(inputs: Inputs) -> list[dict]:
    """The highlights and the areas for targeted activity the headlines page shows: pinned first,
    then the weightiest, then the most significant (as many as sef.yml's `headlines:` asks for),
    each with its indicator's id, its sentence and the council's response where a narrative (its
    front matter) or the areas for improvement give one."""
    c, rules = inputs.edition.config, inputs.edition.config.headlines
    # each candidate: (pinned, importance, significance, entry)
    candidates: dict[Headline, list[tuple[bool, int, float, dict]]] = {Headline.highlight: [], Headline.targeted: []}
    responses = {
        i: area.response
        for area in (inputs.edition.improvement.areas if inputs.edition.improvement else [])
        for i in area.indicators
    } | inputs.edition.responses  # a narrative's own response is the more specific
    seen: set[str] = set()  # an indicator a spotlight chapter shows again is headlined once, where it first appears
    for name in inputs.edition.section_names:
        for ind in section_indicators(inputs, name):
            if ind.id in seen or ind.id in rules.drop:
                continue
            seen.add(ind.id)
            a = assess(inputs, ind)
            if a.headline in candidates:
                weight = (ind.id in rules.pin, importance_of(ind, rules), significance(a.row, rules))
                candidates[a.headline].append(
                    (
                        *weight,
                        {
                            "id": ind.id,
                            "sentence": rules.reword.get(ind.id) or sentence(a.row, rules, c.region_name),
                            "response": responses.get(ind.id, "") if a.headline is Headline.targeted else "",
                            "section": inputs.edition.section(name).title,
                            "anchor": section_anchor(name) + "-performance",
                        },
                    )
                )
    limits = {Headline.highlight: rules.highlights, Headline.targeted: rules.areas}
    groups = []
    for key, (title, empty) in headline_titles(inputs.kind).items():
        # pinned first, then the weightiest (importance 1 first), then the most significant
        ranked = sorted(candidates[key], key=lambda item: (not item[0], item[1], -item[2]))
        pinned = sum(1 for item in ranked if item[0])
        shown = [entry for *_, entry in ranked[: max(limits[key], pinned)]]
        groups.append(
            {
                "key": key,
                "title": title,
                "empty": empty,
                "symbol": HEADLINES[key][0],
                "entries": shown,
                "of": len(ranked),
            }
        )
    return groups


def headlines_html(inputs: Inputs) -> str:
    """The summary after the foreword (a pack's or a quarterly report's performance headlines): the headlines
    chosen (headline_groups), in words with their years, and the rules that chose them."""
    c, rules = inputs.edition.config, inputs.edition.config.headlines
    return render(
        "headlines.html.j2",
        title=headlines_part(inputs.kind).title,
        la_name=c.la_name,
        region_name=c.region_name,
        groups=headline_groups(inputs),
        comparator=comparator_words(rules, c.region_name),
        tolerance=f"{rules.worsening_tolerance:g}",
        neighbour_model=inputs.place.neighbour_model or "as listed in the edition's sef.yml",
        few_children=c.few_children,
    )


def chart_annex_html(inputs: Inputs) -> str:
    """Every section's charts (its key indicators'), under the section's name, for an edition that gathers them."""
    blocks = []
    for name in inputs.edition.section_names:
        charts = SectionView(inputs.edition.section(name), inputs).charts_html(annex=True)
        if charts:
            anchor = f"charts-{section_anchor(name)}"
            blocks.append(f'<h3 id="{anchor}">{escape(inputs.edition.section(name).title)}</h3>{charts}')
    return (
        f'<section class="sef-chart-annex" aria-labelledby="charts"><h2 id="charts">Annex: charts</h2>'
        f"<p>The key indicators of each section against their comparators over time (where there are "
        f"at least three years of figures), and the council among its statistical neighbours (where at "
        f"least five councils have a figure). Every other indicator is in the sections' tables.</p>"
        f"{''.join(blocks)}</section>"
    )


def plan_html(inputs: Inputs) -> str:
    """The plan on a page: ambitions, priorities, measures against targets, action progress."""
    plan, place = inputs.edition.plan, inputs.place
    if plan is None:
        return ""
    ambitions = []
    for ambition in plan.ambitions:
        measures = []
        for m in plan.measures_of(ambition.id):
            ind = inputs.registry[m.indicator]
            r = assess(inputs, ind).row
            measures.append(
                {
                    "title": ind.title,
                    "period": latest_period(r.period, r.quarter),
                    "latest": format_latest(ind, r.latest, r.latest_symbol, r.provisional),
                    "target": ""
                    if m.target is None
                    else format_value(ind, m.target) + (f" by {m.target_year}" if m.target_year else ""),
                    "trend": DIRECTIONS[r.direction][1],
                    "trend_symbol": DIRECTIONS[r.direction][0],
                    "status": target_status(ind, r.latest, m.target),
                }
            )
        actions = plan.actions_of(ambition.id)
        counts: Counter[str] = Counter(a.status for a in actions)
        ambitions.append(
            {
                "id": ambition.id,
                "title": ambition.title,
                "description": ambition.description,
                "priorities": plan.priorities_of(ambition.id),
                "measures": measures,
                "progress": [(status, counts[status]) for status in STATUSES if counts[status]],
                "total": len(actions),
            }
        )
    overdue = sorted((a for a in plan.actions if a.overdue(plan.as_at)), key=lambda a: a.due)
    return render(
        "plan.html.j2",
        plan=plan,
        ambitions=ambitions,
        overdue=overdue,
        as_at=plan.as_at.strftime("%d %B %Y").lstrip("0"),
        la_name=place.la_name,
    )


def improvement_html(inputs: Inputs) -> str:
    """The last inspection's areas for improvement, with response, impact and latest figures."""
    afi = inputs.edition.improvement
    if afi is None:
        return ""
    areas = []
    for area in afi.areas:
        evidence = []
        for indicator_id in area.indicators:
            ind = inputs.registry[indicator_id]
            r = assess(inputs, ind).row
            evidence.append(
                {
                    "title": ind.title,
                    "latest": format_latest(ind, r.latest, r.latest_symbol, r.provisional),
                    "period": latest_period(r.period, r.quarter),
                    "trend": DIRECTIONS[r.direction][1].lower(),
                }
            )
        areas.append({"area": area, "evidence": evidence})
    return render("improvement.html.j2", inspection=afi.inspection, areas=areas)


def _moved(m: Movement) -> dict:
    ind, now, before = m.now.row.indicator, m.now.row, m.before.row
    provisional = now.provisional and not now.latest_symbol  # marked once, beside its period
    return {
        "title": ind.title,
        "before": format_value(ind, before.latest, before.latest_symbol),
        "before_period": year_label(ind, before.period) if before.period is not None else "",
        "now": format_value(ind, now.latest, now.latest_symbol),
        "now_period": (year_label(ind, now.period) if now.period is not None else "")
        + (", provisional" if provisional else ""),
        "symbol": DIRECTIONS[m.judgement][0],
        "words": DIRECTIONS[m.judgement][1],
        "anchor": section_anchor(m.section) + "-performance",
        "headline_now": m.now.headline,
        "headline_before": m.before.headline,
    }


def what_changed_html(now: Inputs, before: Inputs, top: int = 5) -> str:
    """What changed since the previous edition (named in sef.yml)."""
    changes = what_changed(now, before, top)

    def title(name: str) -> str:  # a promise made under last year's section or chapter
        edition = now.edition if name in now.edition.section_names else before.edition
        return edition.section(name).title

    # Each section prints what this year says of its promises; here they are counted, and only
    # the promises this year does not report on (printed nowhere else) are listed.
    sections: dict[str, dict[str, Any]] = {}  # a section's title, anchor and counts
    for name, r in changes.promises:
        counts = sections.setdefault(
            name,
            {
                "title": title(name),
                "done": 0,
                "total": 0,
                "anchor": section_anchor(name) if name in now.edition.section_names else "",
            },
        )
        counts["total"] += 1
        counts["done"] += bool(r.done)
    unreported = [{"section": title(s), "promise": r.promise} for s, r in changes.promises if r.done is None]
    return render(
        "changes.html.j2",
        now=now.edition.config.year,
        before=before.edition.config.year,
        better=[_moved(m) for m in changes.better],
        worse=[_moved(m) for m in changes.worse],
        appeared=[_moved(m) for m in changes.appeared],
        went=[_moved(m) for m in changes.went],
        turned=[_moved(m) for m in changes.turned],
        classes=HEADLINES,
        sections=list(sections.values()),
        unreported=unreported,
        done=sum(1 for _, r in changes.promises if r.done),
        total=len(changes.promises),
    )


def about_html(inputs: Inputs) -> str:
    """About the figures: how to read the performance tables (said once for every table), each
    indicator shown with its definition, period and source, and the indicators left out because
    their data could not be read (and why)."""
    shown_ids = [ind.id for name in inputs.edition.section_names for ind in section_indicators(inputs, name)]
    shown_ids += [i for i in inputs.edition.linked_indicators if i in indicators_present(inputs)]
    files = inputs.table.groupby("indicator")["source_file"].unique()
    published = inputs.table[~inputs.table["provisional"] & (inputs.table["quarter"] == 0)]
    # The release read is named by the newest period it holds (as the publisher names a
    # release by its reporting year); a provisional local figure is not part of any release.
    newest = published.groupby("indicator")["time_period"].max()
    shown = []
    for indicator_id in dict.fromkeys(shown_ids):
        ind = inputs.registry[indicator_id]
        shown.append(
            {
                "id": ind.id,
                "title": ind.title,
                "definition": ind.definition,
                "period": ind.period,
                "publication": ind.publication,
                "files": sorted(files.get(ind.id, [])),
                "local": ind.local,
                "computed": how_computed(ind, inputs.registry),
                "release": period_in_words(ind, int(newest[ind.id]))
                if ind.id in newest.index and not ind.local
                else "",
            }
        )
    folder = f"{inputs.data_dir}/"  # the report travels: files are named, the local folder is not
    left_out = [
        {"title": inputs.registry[i].title if i in inputs.registry else i, "reason": reason.replace(folder, "")}
        for i, reason in inputs.left_out.items()
    ]
    absent = [inputs.registry[i].title for i in inputs.absent if i in inputs.registry]
    returns_left_out = [
        {
            "title": inputs.registry[x.indicator].title if x.indicator in inputs.registry else x.indicator,
            "source": x.source,
            "reason": x.reason,
        }
        for x in inputs.returns_left_out
    ]
    rules = inputs.edition.config.headlines
    return render(
        "about.html.j2",
        shown=shown,
        left_out=left_out,
        returns_left_out=returns_left_out,
        absent=absent,
        notes=inputs.notes,
        neighbours=inputs.place.neighbour_model or inputs.edition.config.statistical_neighbour_model,
        neighbour_count=len(inputs.place.neighbour_codes),
        comparator=comparator_words(rules, inputs.place.region_name),
        directions=list(DIRECTIONS.values()),
        headlines=list(HEADLINES.values()),
        min_ranked=MIN_COUNCILS_RANKED,
        symbols=SYMBOL_MEANINGS,
        config=inputs.edition.config,
    )
