"""`sefbook new`: start next year's edition from this one.

The configuration is carried over with the year moved on, last year's plans become a checklist
to report against under 'What we said we would do', and the four headings wait to be written.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from sefbook.inputs.promises import OUTCOME_SEPARATOR, REPORTED_HEADING, promises
from sefbook.errors import InputError
from sefbook.inputs.edition import load_edition
from sefbook.paths import EDITION_FILE, NARRATIVE_DIR, QUOTES_FILE
from sefbook.inputs.sections import NARRATIVE_HEADINGS


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


def _quoted(text: str) -> str:
    """A YAML scalar that reads back as the same text (a title may hold a colon or a quote)."""
    return json.dumps(text, ensure_ascii=False)


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
    config_text = set_key(config_text, "reporting_period", _quoted(next_years(c.reporting_period, c.year)))
    if c.title:
        config_text = set_key(config_text, "title", _quoted(next_years(c.title, c.year)))
    config_text = set_key(config_text, "status", "draft")
    config_text = set_key(config_text, "local_figures", None)  # next year's own figures are still to come
    config_text = set_key(config_text, "returns", None)  # and so are its returns
    config_text = set_key(config_text, "previous_edition", f"../{old.name}" if old.parent.resolve() == new.parent.resolve()
                          else str(old.resolve()))
    try:
        new.mkdir(parents=True)
    except OSError as exc:  # a parent that is a file, a read-only disk
        raise InputError(new, "cannot be created", expected="a new folder for the edition",
                         found=exc.strerror or str(exc)) from None
    try:
        for key in ("plan", "areas_for_improvement", "local_indicators"):  # files inside the edition roll forward
            value = getattr(c, key)
            if value and (old / value).resolve().parent == old.resolve():
                shutil.copy2(old / value, new / value)
        (new / EDITION_FILE).write_text(config_text, encoding="utf-8")
        (new / QUOTES_FILE).write_text("# Quotes from children, young people and families for this year.\n"
                                       "# Each: section, text, who (e.g. \"young person, 15\"), where.\nquotes: []\n",
                                       encoding="utf-8")
        (new / NARRATIVE_DIR).mkdir()
        for name in before.section_names:
            section = before.section(name)
            if not section.sef_headings:  # a chapter of the edition's own: a fresh page to write
                (new / NARRATIVE_DIR / section.narrative).write_text(f"_To write: {section.title}._\n", encoding="utf-8")
                continue
            checklist = "\n".join(f"- [ ] {p}{OUTCOME_SEPARATOR}" for p in promises(before.narrative[name]))
            body = [f"## {REPORTED_HEADING}\n\nLast year's plans: tick each one done (`[x]`) and say what happened "
                    f"after the dash.\n\n{checklist or '- [ ] (no plans were listed last year)'}\n"]
            body += [f"## {h}\n\n_To write._\n" for h in NARRATIVE_HEADINGS]
            (new / NARRATIVE_DIR / section.narrative).write_text("\n".join(body), encoding="utf-8")
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    return new
