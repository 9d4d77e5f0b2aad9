"""What the report shows that is rendered from the edition's text and settings alone, never from
the data: a section's words (its narrative under the four headings, and its quotes) and the
report's front matter from the facts a build worked out.

Kept apart, and free of pandas, so that a rebuild after a narrative edit can render them in a
process that never reads the data (build/words.py): render/section.py and render/pages.py call
the same functions, so the two ways never differ.
"""

from __future__ import annotations

from datetime import datetime

from sefbook.domain import ReportKind
from sefbook.inputs.edition.contents import Edition
from sefbook.inputs.pack import Pack
from sefbook.paths import NARRATIVE_DIR
from sefbook.render.narrative import render_markdown
from sefbook.render.parts import section_anchor
from sefbook.render.templates import render

# A section notebook's narrative cell says in its output's metadata where the words begin in its
# HTML (after the heading and key facts): {OPENING: {WORDS_FROM: offset}}
OPENING, WORDS_FROM = "sefbook", "words_from"


def narrative_html(edition: Edition | Pack, section: str) -> str:
    markdown = edition.narrative.get(section)
    if markdown is None:  # a data-only pack has no narrative; a quarterly report may have none
        return ""
    folder = edition.folder
    body = render_markdown(
        markdown,
        shift_headings=1,
        id_prefix=section_anchor(section),
        images_from=folder / NARRATIVE_DIR if folder else None,
    )
    return f'<div class="sef-narrative">{body}</div>'


def quotes_html(edition: Edition | Pack, section: str, kind: ReportKind) -> str:
    if kind is ReportKind.quarterly:  # a quarterly performance report carries figures, not voices
        return ""
    return render("quotes.html.j2", quotes=edition.quotes_for(section))


def section_words_html(edition: Edition | Pack, section: str, kind: ReportKind) -> str:
    """A section's words: its narrative, then its quotes (the end of the section's opening)."""
    return narrative_html(edition, section) + quotes_html(edition, section, kind)


def front_matter_html(facts: dict[str, object], built: datetime | None = None) -> str:
    """The report's title block and table of contents from `facts` (render/pages.py works them
    out from the inputs), dated `built` (by default today)."""
    return render("front_matter.html.j2", **facts, built=(built or datetime.now()).strftime("%d %B %Y"))
