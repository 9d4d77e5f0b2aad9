"""The reference pages generated from the code, so they cannot drift from it: docs/cli.md from the command
line's parser and docs/indicator-list.md from the registry. `make docs` (or `python -m sefbook.reference`)
writes them; tests/test_docs.py checks the committed pages are what this writes today."""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

from sefbook.cli import Command, command_line
from sefbook.inputs.published.registry import Indicator, load_registry
from sefbook.paths import PACKAGE_DIR

DOCS = PACKAGE_DIR.parents[1] / "docs"  # the checkout's docs/ (src/sefbook -> project root)
REGENERATE = "make docs"
_WIDTH = 100  # usage lines wrapped the same whatever the terminal's width


def _cell(text: object) -> str:
    """Text for a table cell: on one line, a pipe kept out of the table's columns and <edition> kept from
    being read as an HTML tag."""
    return " ".join(str(text).split()).replace("|", "\\|").replace("<", "\\<")


def _usage(parser: argparse.ArgumentParser) -> str:
    parser.formatter_class = functools.partial(argparse.HelpFormatter, width=_WIDTH)
    return parser.format_usage().strip()


def _option_rows(command: Command) -> list[str]:
    rows = []
    for action in command.arguments:
        names = ", ".join(f"`{s}`" for s in action.option_strings) or f"`{action.dest.upper()}`"
        if action.option_strings and action.nargs != 0:
            metavar = action.metavar or action.dest.upper()
            names = f"`{', '.join(action.option_strings)} {metavar}{' ...' if action.nargs == '+' else ''}`"
        notes = []
        if action.required:
            notes.append("required")
        if action.default not in (None, False, "", argparse.SUPPRESS) and "default" not in (action.help or ""):
            default = ",".join(action.default) if isinstance(action.default, tuple) else action.default
            notes.append(f"default: {default}")
        what = _cell(action.help or "")
        rows.append(f"| {names} | {what}{' (' + '; '.join(notes) + ')' if notes else ''} |")
    return rows


def cli_page() -> str:
    """docs/cli.md: every subcommand's usage and options, as the parser has them."""
    commands = command_line().commands
    lines = [
        "# The command line",
        "",
        (
            f"Generated from `sefbook.cli`'s parser by `{REGENERATE}` (or `python -m sefbook.reference`): "
            "do not edit by hand."
        ),
        "",
        (
            "Every command also runs as `python -m sefbook ...`. Exit statuses are in the "
            "[README](../README.md#exit-codes)."
        ),
        "",
    ]
    lines += [f"- [`sefbook {c.name}`](#sefbook-{c.name}): {_cell(c.help)}" for c in commands]
    for c in commands:
        lines += ["", f"## sefbook {c.name}", "", _cell(c.help) + ".", "", "```text", _usage(c.parser), "```", ""]
        lines += ["| argument | what it does |", "|---|---|", *_option_rows(c)]
    return "\n".join(lines) + "\n"


def _unit(ind: Indicator) -> str:
    return f"rate per {ind.per:,}" if ind.unit == "rate" else ind.unit


def _indicator_rows(indicators: list[Indicator], last: str) -> list[str]:
    rows = [f"| id | title | unit | section | importance | period | {last} |", "|---|---|---|---|---|---|---|"]
    for ind in indicators:
        where = ind.publication if last == "publication" else ", ".join(ind.computed_from or [])
        rows.append(
            f"| `{ind.id}` | {_cell(ind.title)} | {_unit(ind)} | {ind.section} | {ind.importance} | "
            f"{ind.period} | {_cell(where)} |"
        )
    return rows


def indicator_page() -> str:
    """docs/indicator-list.md: every indicator of the registry (src/sefbook/inputs/published/indicators/)."""
    registry = load_registry()
    lines = [
        "# The indicators",
        "",
        (
            f"Generated from the registry (`src/sefbook/inputs/published/indicators/`) by `{REGENERATE}` "
            "(or `python -m sefbook.reference`): do not edit by hand. How an entry is written, and how to add "
            "one: [indicators.md](indicators.md). "
            "Importance: 1 key (charted by default, headlined first), 2 usual, 3 background."
        ),
        "",
        f"## Published ({len(registry.indicators)})",
        "",
        "Read from the publications' files; `sefbook indicators --data DIR` says which a folder holds.",
        "",
        *_indicator_rows(registry.indicators, "publication"),
        "",
        f"## Computed only from the council's returns ({len(registry.returns_only)})",
        "",
        "No publication has them for each council: shown where an edition names them, never ranked.",
        "",
        *_indicator_rows(registry.returns_only, "computed from"),
    ]
    return "\n".join(lines) + "\n"


def pages() -> dict[Path, str]:
    """Each generated page's path and its text today."""
    return {DOCS / "cli.md": cli_page(), DOCS / "indicator-list.md": indicator_page()}


def write() -> list[Path]:
    written = []
    for path, text in pages().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            written.append(path)
    return written


if __name__ == "__main__":
    for path in write():
        print(path, file=sys.stderr)
