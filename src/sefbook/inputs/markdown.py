"""The one markdown parser narrative is read with (markdown-it-py: CommonMark plus tables and
strikethrough), and the check that a narrative can be shown faithfully.

Checked when the edition is read, before any notebook runs; the renderer (render/narrative.py)
uses the same parser, so what passes here is what the report shows.
"""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from sefbook.errors import InputError

# markdown-it stops reading a document, silently, at this depth of nesting (a list item inside
# a list counts two). CommonMark's default of 20 lost everything after a list ten deep; 100
# keeps any list a person writes (about 50 deep), and deeper is refused rather than cut short.
MAX_NESTING = 100

PARSER = (MarkdownIt("commonmark", {"html": True, "typographer": True, "maxNesting": MAX_NESTING})
          .enable(["table", "strikethrough", "replacements", "smartquotes"]))


def check_renders_faithfully(path: Path, markdown: str) -> None:
    """Refuse, naming the line, a narrative nested so deep that the parser would drop the rest."""
    tokens = PARSER.parse(markdown)
    deepest = max(tokens, key=lambda t: t.level, default=None)
    if deepest is not None and deepest.level >= MAX_NESTING - 1:
        line = next((t.map[0] + 1 for t in tokens if t.map and t.level >= MAX_NESTING - 2), None)
        raise InputError(path, "nests lists or quotes too deep to be shown in full",
                         where=f"line {line}" if line else "", expected=f"fewer than {MAX_NESTING // 2} levels",
                         found="deeper nesting: everything after it would be lost")
