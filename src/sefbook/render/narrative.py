"""Narrative markdown to safe HTML.

Narrative is written by people, sometimes pasted from Word or email. It is rendered with a real
markdown parser (markdown-it-py: CommonMark plus tables and strikethrough; see inputs/edition/markdown.py), then cleaned with
nh3 (the ammonia sanitiser): anything that could run (script, style, iframes, event handlers,
javascript: links) is removed, while lists, tables, emphasis and ordinary links are kept.
Headings move down a level so that a narrative's '## What we are proud of' sits under the
section's own heading in the report.
"""

from __future__ import annotations

import base64
import re
from html import escape
from pathlib import Path

import nh3

from sefbook.inputs.edition.markdown import IMAGE_TYPES, PARSER, image_file, images

_md = PARSER  # the same parser the edition is checked with (inputs/edition/markdown.py)

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "s",
    "del",
    "sup",
    "sub",
    "small",
    "abbr",
    "code",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "th": {"scope", "colspan", "rowspan", "style"},
    "td": {"colspan", "rowspan", "style"},
    "ol": {"start"},
    **{f"h{n}": {"id"} for n in range(3, 7)},
}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


_CHECKLIST_ITEM = re.compile(r"^(\s*[-*+]\s+)\[( |x|X)\]\s+", re.MULTILINE)


def _checklist_in_words(markdown: str) -> str:
    """'- [x] ...' and '- [ ] ...' (what we said we would do) read as words, not boxes."""
    return _CHECKLIST_ITEM.sub(
        lambda m: m.group(1) + ("**Done:** " if m.group(2) != " " else "**Not yet done:** "), markdown
    )


def render_markdown(
    markdown: str, *, shift_headings: int = 1, id_prefix: str = "", images_from: Path | None = None
) -> str:
    tokens = _md.parse(_checklist_in_words(markdown))
    for i, token in enumerate(tokens):
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1]) + shift_headings)
            token.tag = f"h{level}"
            if token.type == "heading_open" and id_prefix:
                token.attrSet("id", f"{id_prefix}-{slug(tokens[i + 1].content)}")
    html = _md.renderer.render(tokens, _md.options, {})
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        filter_style_properties={"text-align"},
    )
    embedded = _embed_images(clean, markdown, images_from) if images_from is not None else clean
    return _NOT_EMBEDDED.sub("", embedded)  # a picture from elsewhere would be fetched: never shown


_NOT_EMBEDDED = re.compile(r'<img\b(?![^>]*\bsrc="data:)[^>]*>')


def _embed_images(html: str, markdown: str, folder: Path) -> str:
    """Pictures travel inside the report (an email attachment shows them): each image the edition
    checked is put in as a data URI, after sanitising, so no other data: URL ever gets through."""
    for source, _, _ in images(markdown):
        file = image_file(folder, source)
        if file is None or not file.is_file():
            continue
        data = base64.b64encode(file.read_bytes()).decode("ascii")
        uri = f"data:{IMAGE_TYPES[file.suffix.lower()]};base64,{data}"
        html = html.replace(f'src="{escape(source)}"', f'src="{uri}"')
    return html
