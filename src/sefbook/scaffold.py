"""`sefbook new`: start next year's edition from this one; `sefbook init`: a council's first.

`new`: the configuration is carried over with the year moved on, last year's plans become a
checklist to report against under 'What we said we would do', and the four headings wait to be
written. `init`: everything a first edition needs is found in a folder of the DfE's files (the
council, its region and neighbours, the year, the usual indicators it holds), and every
narrative says what is still to be written.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sefbook.errors import InputError, escape_controls
from sefbook.inputs.edition.config import EditionConfig
from sefbook.inputs.edition.promises import OUTCOME_SEPARATOR, REPORTED_HEADING, promises
from sefbook.inputs.edition.read import load_edition
from sefbook.inputs.load import pack_inputs
from sefbook.inputs.published.reader import data_folder, read_published
from sefbook.inputs.published.registry import Registry, default_registry
from sefbook.inputs.sections import NARRATIVE_HEADINGS, SECTIONS
from sefbook.paths import EDITION_FILE, NARRATIVE_DIR, QUOTES_FILE

YEARS = re.compile(r"\b(?P<start>\d{4})(?:(?P<sep>\s*[-\u2013/]\s*)(?P<end>\d{4}|\d{2}))?\b")


def next_years(text: str, year: int) -> str:
    """Move the edition's own years on by one, and nothing else: with year 2025, '2024-25'
    becomes '2025-26' and '1 April 2024 to 31 March 2025' becomes '1 April 2025 to 31 March
    2026', while 'the Children Act 1989' stays as it is."""

    def moved(match: re.Match) -> str:
        start = int(match["start"])
        if start not in (year - 1, year):
            return match.group(0)
        if match["end"] is None:
            return str(start + 1)
        end = match["end"]
        end_year = int(end) if len(end) == 4 else start // 100 * 100 + int(end) + (100 if int(end) < start % 100 else 0)
        if end_year != start + 1:  # not a year such as 2024-25: a range of other things
            return match.group(0)
        return f"{start + 1}{match['sep']}{end_year + 1 if len(end) == 4 else f'{(end_year + 1) % 100:02d}'}"

    return YEARS.sub(moved, text)


def _quoted(text: str | None) -> str:
    """A YAML scalar that reads back as the same text (a title may hold a colon or a quote)."""
    return json.dumps(text, ensure_ascii=False)


def new_edition(new: str | Path, old: str | Path) -> Path:
    """Start next year's edition from this one: configuration carried over with the year moved
    on, last year's plans carried forward as a checklist to report against, the four headings
    ready to write. Refuses to overwrite anything."""
    new, old = Path(new), Path(old)
    if new.exists():
        raise InputError(
            new, "already exists: sefbook new never overwrites an edition", expected="a folder name not yet used"
        )
    before = load_edition(old)  # only a valid edition can be carried forward
    config_text = (old / EDITION_FILE).read_text(encoding="utf-8-sig").replace("\r\n", "\n")

    def set_key(text: str, key: str, value: str | None) -> str:
        pattern = rf"^{key}:.*$"
        if value is None:
            return re.sub(pattern + r"\n?", "", text, flags=re.MULTILINE)
        if re.search(pattern, text, re.MULTILINE):
            return re.sub(pattern, f"{key}: {value}", text, count=1, flags=re.MULTILINE)
        return text.rstrip("\n") + f"\n{key}: {value}\n"

    c = before.config
    config_text = set_key(config_text, "year", str(c.year + 1))
    config_text = set_key(config_text, "reporting_period", _quoted(next_years(c.reporting_period, c.year)))
    if c.title:
        config_text = set_key(config_text, "title", _quoted(next_years(c.title, c.year)))
    config_text = set_key(config_text, "status", "draft")
    for key in ("signed_off_by", "signed_off_on"):  # next year's draft is not signed off
        config_text = set_key(config_text, key, None)
    config_text = set_key(config_text, "local_figures", None)  # next year's own figures are still to come
    config_text = set_key(config_text, "returns", None)  # and so are its returns
    config_text = set_key(
        config_text,
        "previous_edition",
        f"../{old.name}" if old.parent.resolve() == new.parent.resolve() else str(old.resolve()),
    )
    with _new_folder(new):
        for key in ("plan", "areas_for_improvement", "local_indicators"):  # files inside the edition roll forward
            value = getattr(c, key)
            if value and (old / value).resolve().parent == old.resolve():
                shutil.copy2(old / value, new / value)
        (new / EDITION_FILE).write_text(config_text, encoding="utf-8")
        (new / QUOTES_FILE).write_text(
            "# Quotes from children, young people and families for this year.\n"
            '# Each: section, text, who (e.g. "young person, 15"), where.\nquotes: []\n',
            encoding="utf-8",
        )
        (new / NARRATIVE_DIR).mkdir()
        for name in before.section_names:
            section = before.section(name)
            if not section.sef_headings:  # a chapter of the edition's own: a fresh page to write
                (new / NARRATIVE_DIR / section.narrative).write_text(
                    f"_To write: {section.title}._\n", encoding="utf-8"
                )
                continue
            checklist = "\n".join(f"- [ ] {p}{OUTCOME_SEPARATOR}" for p in promises(before.narrative[name]))
            body = [
                (
                    f"## {REPORTED_HEADING}\n\nLast year's plans: tick each one done (`[x]`) and say what happened "
                    f"after the dash.\n\n{checklist or '- [ ] (no plans were listed last year)'}\n"
                )
            ]
            body += [f"## {h}\n\n_To write._\n" for h in NARRATIVE_HEADINGS]
            (new / NARRATIVE_DIR / section.narrative).write_text("\n".join(body), encoding="utf-8")
    return new


@contextmanager
def _new_folder(folder: Path) -> Iterator[None]:
    """Create the edition's folder for the block to fill; if the block fails, nothing is left behind."""
    try:
        folder.mkdir(parents=True)
    except OSError as exc:  # a parent that is a file, a read-only disk
        raise InputError(
            folder, "cannot be created", expected="a new folder for the edition", found=exc.strerror or str(exc)
        ) from None
    try:
        yield
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


# The indicators a SEF usually reports, by section: the example edition's lists
# (sefs/example-2026/sef.yml; tests/test_init.py keeps the two the same).
USUAL_INDICATORS: dict[str, tuple[str, ...]] = {
    "context": (
        "child_population",
        "children_in_need_count",
        "child_protection_plan_count",
        "children_looked_after_count",
        "referrals_count",
    ),
    "early_help": (
        "early_help_assessment_rate",
        "referrals_no_further_action",
        "referrals_assessed_not_in_need",
        "young_carers_identified_rate",
        "youth_justice_fte_rate",
        "hospital_admissions_injury_0_14",
    ),
    "help_and_protection": (
        "referral_rate",
        "rereferral_12m",
        "assessments_45_days",
        "cin_rate",
        "s47_rate",
        "icpc_15_days",
        "cpp_rate",
        "cpp_subsequent",
        "cpp_two_years",
    ),
    "children_in_care": (
        "cla_rate",
        "cla_started_rate",
        "cla_three_placements",
        "cla_long_term_stability",
        "cla_placed_over_20_miles",
        "cla_placement_foster",
        "cla_health_assessments",
        "cla_sdq_average",
        "persistent_absence_cla",
        "adoption_a1_days",
        "adoption_a10_days",
        "adoption_a2_days",
    ),
    "care_leavers": (
        "care_leavers_eet",
        "care_leavers_eet_17_18",
        "care_leavers_neet_19_21",
        "care_leavers_higher_education_19_21",
        "care_leavers_activity_not_known_19_21",
        "care_leavers_suitable_accommodation",
        "care_leavers_suitable_accommodation_17_18",
        "care_leavers_in_touch",
    ),
    "leadership": (
        "sw_turnover_rate",
        "sw_agency_rate",
        "sw_vacancy_rate",
        "sw_average_caseload",
        "sw_absence_rate",
        "sw_per_10k_children",
        "cla_three_social_workers",
        "sw_ethnic_minority",
    ),
}
USUAL_FACTS: dict[str, tuple[str, ...]] = {"context": ("child_population", "children_looked_after_count")}
# The size of the council's work: the latest year the folder holds for these is the edition's year
CORE_SECTION = "context"

# What each section's narrative is about, for its prompts
FOCUS = {
    "context": "who the council's children and families are, how much help they need and what shapes it locally",
    "early_help": "how families find help early, how the front door decides what happens next, and what "
    "early help changes for them",
    "help_and_protection": "how quickly and how well children who need help and protection are seen, assessed "
    "and helped, and whether their plans make them safer",
    "children_in_care": "where children in care live, how settled, healthy and well educated they are, and "
    "whether they are heard",
    "care_leavers": "where care leavers live, what they are doing, and whether they have someone to turn to",
    "leadership": "how leaders know the quality of practice and what they do about it, the workforce and caseloads",
}
HEADING_PROMPTS = {
    "What we are proud of": "the strengths here, each with the evidence that shows it (a figure in this "
    "section's table, an audit, what children and families said).",
    "What we are worried about": "what is not yet good enough, how you know, and what the figures cannot show.",
    "How we have made a difference": "what changed for children this year because of what you did, and the "
    "evidence for it.",
    "Our plans for the next twelve months": "what you will do next, who leads it, by when, and how you will know "
    "it has worked.",
}
TO_BE_WRITTEN = "To be written:"  # every prompt starts so: the draft report says what is still to write
FOREWORD = (
    "a short foreword, usually from the Director of Children's Services: what the year was like for "
    "children and families, what you are proud of, what worries you and what comes next."
)


@dataclass(frozen=True)
class Started:
    """A first edition written by `init_edition`, and what the command line says of it."""

    folder: Path
    la_name: str
    old_la_code: str
    new_la_code: str
    year: int
    shown: int  # usual indicators the data folder holds for the council
    not_shown: int  # usual indicators named in a comment, with what would bring them


def _comment(text: str | Path) -> str:
    """Text from the data folder (a file's name, a message) made safe for one YAML comment line."""
    return " ".join(escape_controls(str(text)).split())


def _unknown_council(table: pd.DataFrame, code: str, data_dir: Path) -> InputError:
    """The refusal of a code no council has, with the nearest codes or names the folder holds."""
    las = table[table["geographic_level"] == "Local authority"].sort_values("time_period")
    las = las.drop_duplicates("old_la_code", keep="last")
    named = {
        f"{old} ({name})": (old, new, name.lower())
        for old, new, name in zip(las["old_la_code"], las["area_code"], las["area_name"])
        if old
    }
    keys = {key: label for label, keys in named.items() for key in keys}
    near = list(dict.fromkeys(keys[k] for k in difflib.get_close_matches(code.lower(), keys, n=3, cutoff=0.6)))
    return InputError(
        data_dir,
        "has no council with this LA code",
        where="--la",
        expected="an old (3-digit) or new (9-character) LA code of a council in the data files"
        + (f", such as {', '.join(near)}" if near else ""),
        found=repr(code),
    )


def _why_not_shown(
    indicator_id: str, registry: Registry, left_out: dict[str, str], absent: dict[str, str], la_name: str, year: int
) -> str:
    indicator = registry[indicator_id]
    if indicator.computed_from:
        return (
            f"computed from the council's own returns ({' or '.join(indicator.computed_from)}): "
            "name their folder in returns: below"
        )
    files = " or ".join(indicator.source.files) if indicator.source else "the council's local figures file"
    if indicator_id in absent:
        return f"its file is not in the data folder ({files})"
    if indicator_id in left_out:
        return f"left out, its file cannot be read as the registry says: {left_out[indicator_id]}"
    return f"no figures for {la_name} up to {year} in {files}"


def _section_yaml(name: str, shown: list[str], facts: list[str], not_shown: dict[str, str]) -> str:
    lines = [f"  - name: {name}"]
    if facts:
        lines += [
            "    facts:",
            *(f"      - {i}" for i in facts),
            "      # a fact of the council's own, with its source:",
            "      # - label: Family hubs",
            '      #   value: "the number, and where they are"',
            '      #   source: "the strategy or plan it comes from"',
        ]
    lines.append(f"    indicators: [{', '.join(shown)}]")
    if not_shown:
        lines.append(
            "    # not shown (add the id to the list above once the data folder holds it; "
            "sefbook sources says where to download each file):"
        )
        lines += [f"    #   {i}: {_comment(why)}" for i, why in not_shown.items()]
    return "\n".join(lines)


def _config_yaml(
    config: EditionConfig,
    year: int,
    sections: list[str],
    neighbours: list[str],
    names: dict[str, str],
    dropped: list[str],
    data_dir: Path,
) -> str:
    listed = ", ".join(f"{c} {names.get(c, '')}".strip() for c in neighbours)
    title = f"{config.la_name} children's services self-evaluation {year}"
    lines = [
        f"# {_comment(config.la_name)}: the council's self-evaluation, started by sefbook init from the DfE files in",
        f"# {_comment(data_dir)}. Keys follow the DfE's column names where one exists.",
        f"la_name: {_quoted(config.la_name)}",
        f'old_la_code: "{config.old_la_code}"          # old 3-digit LA code, as in DfE files',
        f"new_la_code: {config.new_la_code}      # new 9-character LA code",
        f"region_name: {_quoted(config.region_name)}",
        f"year: {year}                      # the latest year the data folder holds for the council's core figures",
        f'reporting_period: "1 April {year - 1} to 31 March {year}"',
        "status: draft",
        f"title: {_quoted(title)}",
        "",
        "# Ten statistical neighbours, by old LA code (closest first), from the DfE's model:",
        f"# {_comment(listed)}",
        *([f"# (not in the data files, so left out: {', '.join(dropped)})"] if dropped else []),
        f"statistical_neighbours: [{', '.join(_quoted(c) for c in neighbours)}]",
        f"statistical_neighbour_model: {_quoted(config.statistical_neighbour_model)}",
        "",
        "# Sections in report order, each with the indicators a SEF usually reports that the data folder",
        "# holds for the council (ids from the registry: sefbook indicators lists them all). Each section's",
        "# narrative is narrative/<name>.md, with the four headings; the foreword is free prose.",
        "sections:",
        "  - name: foreword",
        "    title: Foreword",
        *sections,
        "",
        "# How performance headlines are drafted (see the example edition for the keys), e.g.:",
        "# headlines:",
        "#   compare_with: neighbours_mean   # neighbours_mean | neighbours_median | region | england",
        "#   worsening_tolerance: 5",
        "",
        "# The departmental plan and the last inspection's areas for improvement: plan.yml and",
        "# areas_for_improvement.yml are templates, not yet valid (each needs at least one entry).",
        "# Fill one in, then take the # off its line here:",
        "# plan: plan.yml",
        "# areas_for_improvement: areas_for_improvement.yml",
        "",
        "# Last year's edition, for 'what changed' (relative to this folder), once there is one:",
        "# previous_edition: ../last-years-edition",
        "# The council's own child-level returns (a folder of ssda903-<year>/ and cin-<year>/ folders), for",
        "# provisional figures of a year not yet published; kept on a secure share:",
        "# returns: /path/to/the/returns",
        "",
        "# internal: everything shown. publication: figures resting on fewer than suppression_threshold",
        '# children are shown as "c", and quotes marked publish: false are left out.',
        "audience: internal",
        "suppression_threshold: 5",
    ]
    return "\n".join(lines) + "\n"


QUOTES_TEMPLATE = """\
# Quotes from children, young people and families for this year: each with the section it belongs
# to, who said it (never a name) and where. For example (replace [] with entries like this one):
#   - section: care_leavers
#     text: "what the young person said, in their own words"
#     who: care leaver, 19
#     where: the feedback session it was said at, and when
#     publish: true      # false: for internal versions only
quotes: []
"""

PLAN_TEMPLATE = """\
# The departmental plan: vision, ambitions, priorities, measures (registry indicator ids, with
# targets) and the action plan. Not yet named in sef.yml: a plan needs at least one ambition and
# one priority. Fill it in from this example entry (take the # off each line), then take the # off
# `plan: plan.yml` in sef.yml.
# title: "the plan's title"
# period: 2025 to 2028
# as_at: {year}-03-31          # when the action statuses were last updated
# vision: "the plan's vision, in a sentence"
# ambitions:
#   - id: A1
#     title: "an ambition"
# priorities:
#   - id: P1.1
#     ambition: A1
#     title: "a priority under that ambition"
# measures:
#   - indicator: {indicator}
#     priority: P1.1
#     target: 10          # the figure you aim for, in the indicator's unit
#     target_year: {next_year}
# actions:
#   - id: ACT1
#     priority: P1.1
#     action: "what will be done"
#     lead: "who leads it"
#     due: {next_year}-03-31
#     status: not started    # complete | on track | at risk | off track | not started
"""

AREAS_TEMPLATE = """\
# The last inspection's areas for improvement, each with the council's response, its impact and
# the indicators that evidence it. Not yet named in sef.yml: at least one area is needed. Fill it
# in from this example entry (take the # off each line), then take the # off
# `areas_for_improvement: areas_for_improvement.yml` in sef.yml.
# inspection: "ILACS inspection, and its month and year"
# areas:
#   - id: AFI1
#     area: "the area for improvement, as the inspection letter words it"
#     response: "what the council has done about it"
#     impact: "the difference it has made so far, and how you know"
#     indicators: [{indicator}]
"""


def _narrative(name: str) -> str:
    if name not in SECTIONS:
        return f"_{TO_BE_WRITTEN} {FOREWORD}_\n"
    body = [f"_{TO_BE_WRITTEN} an opening paragraph on {FOCUS[name]}._\n"]
    body += [f"## {h}\n\n_{TO_BE_WRITTEN} {HEADING_PROMPTS[h]}_\n" for h in NARRATIVE_HEADINGS]
    return "\n".join(body)


def init_edition(folder: str | Path, la_code: str, data_dir: str | Path, registry: Registry | None = None) -> Started:
    """A council's first edition from a folder of the DfE's files alone: its name, codes, region
    and statistical neighbours from the files; the latest year they hold for its core figures;
    the six sections and a foreword, each with the usual indicators the folder holds for the
    council (the others named in a comment, with what would bring them); narratives whose every
    paragraph says what is to be written. Refuses to overwrite anything."""
    folder, code = Path(folder), str(la_code).strip()
    if folder.exists():
        raise InputError(
            folder, "already exists: sefbook init never overwrites an edition", expected="a folder name not yet used"
        )
    registry = registry or default_registry()
    data_dir = data_folder(data_dir)
    usual = [i for ids in USUAL_INDICATORS.values() for i in ids]
    # an indicator whose file cannot be read is left out, as in a pack, and the comment says why
    published = read_published(data_dir, registry, [i for i in usual if not registry[i].local], leave_out="unreadable")
    table = published.table
    if not (
        (table["geographic_level"] == "Local authority")
        & ((table["old_la_code"] == code) | (table["area_code"] == code))
    ).any():
        raise _unknown_council(table, code, data_dir)
    pack = pack_inputs(published, code, data_dir, registry, list(SECTIONS))  # the council, region and neighbours
    config = pack.edition.config
    ours = table[
        (table["geographic_level"] == "Local authority")
        & (table["old_la_code"] == config.old_la_code)
        & (table["quarter"] == 0)
    ]
    core = ours[ours["indicator"].isin(USUAL_INDICATORS[CORE_SECTION])]
    year = int((core if len(core) else ours)["time_period"].max())
    held = set(ours.loc[ours["time_period"] <= year, "indicator"].unique())

    sections, shown_ids, not_shown_count = [], [], 0
    for name, ids in USUAL_INDICATORS.items():
        shown = [i for i in ids if i in held]
        not_shown = {
            i: _why_not_shown(i, registry, published.left_out, published.absent, config.la_name, year)
            for i in ids
            if i not in held
        }
        facts = [i for i in USUAL_FACTS.get(name, ()) if i in held]
        sections.append(_section_yaml(name, shown, facts, not_shown))
        shown_ids += shown
        not_shown_count += len(not_shown)
    # a neighbour the edition's files never name (a council since reorganised) would be refused by check
    present = set(
        table.loc[
            (table["geographic_level"] == "Local authority")
            & (table["time_period"] <= year)
            & table["indicator"].isin(shown_ids),
            "old_la_code",
        ].unique()
    )
    neighbours = [c for c in config.statistical_neighbours if c in present]
    dropped = [c for c in config.statistical_neighbours if c not in present]
    named = table[["old_la_code", "area_name"]].drop_duplicates("old_la_code", keep="last")  # as dict(zip) keeps
    names = dict(zip(named["old_la_code"], named["area_name"]))
    example = shown_ids[0] if shown_ids else "cla_rate"
    with _new_folder(folder):
        (folder / EDITION_FILE).write_text(
            _config_yaml(config, year, sections, neighbours, names, dropped, data_dir), encoding="utf-8"
        )
        (folder / QUOTES_FILE).write_text(QUOTES_TEMPLATE, encoding="utf-8")
        (folder / "plan.yml").write_text(
            PLAN_TEMPLATE.format(year=year, next_year=year + 1, indicator=example), encoding="utf-8"
        )
        (folder / "areas_for_improvement.yml").write_text(AREAS_TEMPLATE.format(indicator=example), encoding="utf-8")
        (folder / NARRATIVE_DIR).mkdir()
        for name in ["foreword", *USUAL_INDICATORS]:
            (folder / NARRATIVE_DIR / f"{name}.md").write_text(_narrative(name), encoding="utf-8")
    return Started(
        folder, config.la_name, config.old_la_code, config.new_la_code, year, len(shown_ids), not_shown_count
    )
