"""The one markdown parser narrative is read with (markdown-it-py: CommonMark plus tables and
strikethrough), and the check that a narrative can be shown faithfully.

Checked when the edition is read, before any notebook runs; the renderer (render/narrative.py)
uses the same parser, so what passes here is what the report shows.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from sefbook.errors import InputError
from sefbook.inputs.files import resolves_inside

# markdown-it stops reading a document, silently, at this depth of nesting (a list item inside
# a list counts two). CommonMark's default of 20 lost everything after a list ten deep; 100
# keeps any list a person writes (about 50 deep), and deeper is refused rather than cut short.
MAX_NESTING = 100

PARSER = MarkdownIt("commonmark", {"html": True, "typographer": True, "maxNesting": MAX_NESTING}).enable(
    ["table", "strikethrough", "replacements", "smartquotes"]
)


IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}


@lru_cache(maxsize=256)
def _tokens(markdown: str) -> tuple[Token, ...]:
    """A narrative parsed once per process while its text is the same (every notebook of a build
    reads the whole edition, and a warm kernel runs several). Only read, never changed."""
    return tuple(PARSER.parse(markdown))


def images(markdown: str) -> list[tuple[str, str, int]]:
    """The images a narrative shows: (source as written, alt text, line)."""
    found = []
    for block in _tokens(markdown):
        for token in block.children or []:
            if token.type == "image":
                found.append((str(token.attrGet("src") or ""), token.content, (block.map or [0])[0] + 1))
    return found


def image_file(folder: Path, source: str) -> Path | None:
    """The file an image's source names, inside the narrative folder (None if it names none)."""
    if not source or "://" in source or source.startswith(("/", "data:")):
        return None
    path = folder / source
    return path.resolve() if resolves_inside(path, [folder]) else None


def _points_to(folder: Path, source: str) -> str:
    """Where a picture outside the narrative folder is, for the message (a link, or ../)."""
    if not source or "://" in source or source.startswith("data:"):
        return ""
    try:
        resolved = (folder / source).resolve()
    except (OSError, RuntimeError):
        return " (a loop of links)"
    return "" if resolved.is_relative_to(folder.resolve()) else f" (resolves to {resolved})"


def check_renders_faithfully(path: Path, markdown: str, folder: Path | None = None) -> None:
    """Refuse, naming the line, a narrative nested so deep that the parser would drop the rest,
    and an image that cannot be shown (a case study's photograph) or has no alt text."""
    if folder is not None:
        _check_images(path, markdown, folder)
    tokens = _tokens(markdown)
    deepest = max(tokens, key=lambda t: t.level, default=None)
    if deepest is not None and deepest.level >= MAX_NESTING - 1:
        first = next((t.map[0] + 1 for t in tokens if t.map and t.level >= MAX_NESTING - 2), None)
        raise InputError(
            path,
            "nests lists or quotes too deep to be shown in full",
            where=f"line {first}" if first else "",
            expected=f"fewer than {MAX_NESTING // 2} levels",
            found="deeper nesting: everything after it would be lost",
        )


def _check_images(path: Path, markdown: str, folder: Path) -> None:
    """Each image is a picture in the narrative folder, with alt text."""
    for source, alt, line in images(markdown):
        file = image_file(folder, source)
        if file is None or not file.is_file() or file.suffix.lower() not in IMAGE_TYPES:
            raise InputError(
                path,
                "shows an image that is not a picture in the narrative folder",
                where=f"line {line}",
                expected="a .png, .jpg, .gif, .svg or .webp file beside the narrative (the report "
                "carries it inside: nothing is fetched)",
                found=repr(source) + _points_to(folder, source),
            )
        if not alt.strip():
            raise InputError(
                path,
                "shows an image with no alt text",
                where=f"line {line}",
                expected="![what the picture shows](" + source + ")",
                found=f"![]({source})",
            )
