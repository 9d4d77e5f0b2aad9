"""The README is a user's guide that stays short; docs/ holds the reference, its links resolve, and the
pages generated from the code (the command line, the indicator list) are what the code says today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import ROOT

from sefbook import reference
from sefbook.cli import command_line
from sefbook.inputs.published.registry import load_registry

README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def _prose(text: str) -> str:
    """The text without code blocks or code spans (a link written inside code is an example, not a link)."""
    return _CODE_SPAN.sub("", _FENCE.sub("", text))


def _anchors(text: str) -> set[str]:
    """The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens,
    a repeated heading numbered."""
    seen: dict[str, int] = {}
    anchors = set()
    for heading in re.findall(r"^#{1,6} +(.+?) *$", _FENCE.sub("", text), re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", _CODE_SPAN.sub(lambda m: m.group(0)[1:-1], heading).lower()).replace(" ", "-")
        anchors.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return anchors


def broken_links(page: Path) -> list[str]:
    """Each relative link in a markdown page whose file, or heading within it, is not there."""
    problems = []
    for target in _LINK.findall(_prose(page.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target):
            continue  # a web address or mailto: not checked offline
        file, _, anchor = target.partition("#")
        linked = (page.parent / file).resolve() if file else page
        if not linked.is_file():
            problems.append(f"{target}: no file {linked}")
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked.read_text(encoding="utf-8")):
            problems.append(f"{target}: no heading with anchor #{anchor} in {linked.name}")
    return problems


def test_the_readme_is_short():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= 260, f"README.md has {lines} lines: move the reference to docs/ (at most 260)"


def test_the_readme_has_a_heading_for_each_task():
    headings = re.findall(r"^#{2,3} +(.+)$", _FENCE.sub("", README.read_text(encoding="utf-8")), re.MULTILINE)
    for task in (
        "Quick start",
        "Your council",
        "Writing",
        "Building",
        "Exploring in JupyterLab",
        "Exit codes",
        "Where to read more",
    ):
        assert any(h.startswith(task) for h in headings), f"README.md has no heading for {task!r}: {headings}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(page):
    assert broken_links(page) == []


def test_every_docs_page_is_linked_from_the_readme():
    linked = {
        (ROOT / target.partition("#")[0]).resolve()
        for target in _LINK.findall(_prose(README.read_text(encoding="utf-8")))
    }
    assert [p.name for p in DOCS.glob("*.md") if p.resolve() not in linked] == []


def test_the_link_check_finds_a_missing_file_and_a_missing_heading(tmp_path):
    (tmp_path / "there.md").write_text("# A page\n\n## Exit codes\n\n## Exit codes\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "[ok](there.md#exit-codes) [second](there.md#exit-codes-1) [self](#title) `[code](gone.md)`\n"
        "[gone](gone.md) [no heading](there.md#exit-status) [web](https://example.org/x)\n\n# Title\n",
        encoding="utf-8",
    )
    assert [problem.split(":")[0] for problem in broken_links(page)] == ["gone.md", "there.md#exit-status"]


@pytest.mark.parametrize("path", sorted(reference.pages()), ids=lambda p: p.name)
def test_the_generated_pages_are_up_to_date(path):
    expected = reference.pages()[path]
    committed = path.read_text(encoding="utf-8") if path.is_file() else ""
    assert committed == expected, f"docs/{path.name} is out of date with the code: run `make docs` and commit it"


def test_the_cli_page_has_every_command_and_option():
    page = reference.cli_page()
    line = command_line()
    # the parser's own help (not the arguments kept for the page) names every command and option
    names = re.search(r"\{([a-z,]+)\}", line.parser.format_usage())
    assert names is not None and names.group(1).split(",") == [c.name for c in line.commands]
    for command in line.commands:
        section = page[page.index(f"\n## sefbook {command.name}\n") :]
        section = section[: section.find("\n## ", 1)] if "\n## " in section[1:] else section
        for option in set(re.findall(r"(?<![\w-])--?[a-z][\w-]*", command.parser.format_help())):
            if option not in ("-h", "--help"):
                assert f"`{option}" in section, f"sefbook {command.name}: {option} missing from docs/cli.md"
    assert "| `--la LA ...` | the council's old (3-digit) or new (9-character) LA code" in page
    assert "| `--data DATA` | folder of published DfE files, with a statistical neighbour file (required) |" in page


def test_the_indicator_list_has_every_indicator_once_with_its_unit_and_publication():
    registry = load_registry()
    rows = [line for line in reference.indicator_page().splitlines() if line.startswith("| `")]
    ids = [row.split("`")[1] for row in rows]
    assert ids == [ind.id for ind in [*registry.indicators, *registry.returns_only]]
    cpp = next(row for row in rows if row.startswith("| `cpp_subsequent` |"))
    assert cpp == (
        "| `cpp_subsequent` | Second or subsequent child protection plans | percent | help_and_protection | "
        f"{registry['cpp_subsequent'].importance} | year to 31 March | "
        "Characteristics of children in need (DfE) |"
    )
