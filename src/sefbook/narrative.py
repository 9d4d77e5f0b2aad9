"""Narrative markdown to safe HTML.

Narrative is written by people in a text editor; raw HTML in it is shown as text, never run.
Headings move down a level so that a narrative's '## What we are proud of' sits under the
section's own heading in the report.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(["replacements", "smartquotes"])


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def render_markdown(markdown: str, *, shift_headings: int = 1, id_prefix: str = "") -> str:
    tokens = _md.parse(markdown)
    for i, token in enumerate(tokens):
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1]) + shift_headings)
            token.tag = f"h{level}"
            if token.type == "heading_open" and id_prefix:
                token.attrSet("id", f"{id_prefix}-{slug(tokens[i + 1].content)}")
    return _md.renderer.render(tokens, _md.options, {})
