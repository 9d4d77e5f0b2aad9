"""The package's shape: imports flow one way (inputs, then analysis, then render, then the
notebook module and the build), with no cycle, and notebooks import only sefbook.notebook."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
from helpers import NOTEBOOKS, ROOT

PACKAGE = ROOT / "src" / "sefbook"

# Each module's floor. A module may import from its own floor or any floor below it.
FLOORS = {
    "sefbook.domain": 0,
    "sefbook.errors": 0,
    "sefbook.paths": 0,
    "sefbook.digests": 0,
    "sefbook.cache": 0,
    "sefbook.inputs": 1,
    "sefbook.analysis": 2,
    "sefbook.render": 3,
    "sefbook.notebook": 4,
    "sefbook.scaffold": 4,
    "sefbook.workbook": 4,
    "sefbook.build": 5,
    "sefbook.cli": 6,
    "sefbook.__main__": 7,
    "sefbook.reference": 7,
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _floor(module: str) -> int:
    if module == "sefbook":  # the package's __init__: its version, and `load` (workbook.py) when first asked for
        return FLOORS["sefbook.workbook"]
    for prefix in sorted(FLOORS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return FLOORS[prefix]
    raise AssertionError(f"{module} has no floor in this test: add it to FLOORS")


def _imports(path: Path) -> set[str]:
    """Every sefbook module this file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}: relative import; write sefbook.<floor>.<module>"
            if node.module and node.module.split(".")[0] == "sefbook":
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "sefbook"}
    return found


GRAPH = {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_has_a_floor():
    for module in GRAPH:
        _floor(module)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_never_climb_to_a_higher_floor(module):
    upward = sorted(m for m in GRAPH[module] if m != "sefbook" and _floor(m) > _floor(module))
    assert not upward, f"{module} (floor {_floor(module)}) imports from a higher floor: {upward}"


def test_no_import_cycle():
    def visit(module: str, path: tuple[str, ...]) -> None:
        for imported in GRAPH.get(module, ()):
            if imported in path:
                raise AssertionError("import cycle: " + " -> ".join(path[path.index(imported) :] + (imported,)))
            if imported not in done:
                visit(imported, path + (imported,))
        done.add(module)

    done: set[str] = set()
    for module in GRAPH:
        visit(module, (module,))


def test_the_cycle_check_finds_a_cycle():
    """The check above can fail: a made-up graph with a cycle is caught."""
    GRAPH["sefbook.inputs.fake_a"] = {"sefbook.inputs.fake_b"}
    GRAPH["sefbook.inputs.fake_b"] = {"sefbook.inputs.fake_a"}
    try:
        with pytest.raises(AssertionError, match="import cycle"):
            test_no_import_cycle()
    finally:
        del GRAPH["sefbook.inputs.fake_a"], GRAPH["sefbook.inputs.fake_b"]


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebooks_import_only_the_notebook_module(path):
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code":
            for line in cell.source.splitlines():
                if "import" in line and "sefbook" in line:
                    # or, in the analyst's notebook, the package's public API (sefbook.load), not its modules
                    assert line.startswith("from sefbook.notebook import") or line == "import sefbook", line


def test_the_readme_module_table_matches_the_package():
    """docs/architecture.md's module table names every module, and only modules that exist."""
    readme = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = readme[readme.index("| module | what it does |") :]
    table = table[: table.index("\n\n")]
    named = set()
    for cell in (row.split("|")[1] for row in table.splitlines()[2:]):
        named |= {name for name in re.findall(r"`([\w/]+\.(?:py|yml))`", cell)}
    modules = {
        str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if p.name not in ("__init__.py", "__main__.py")
    }
    assert named == modules, (
        f"only in docs/architecture.md: {sorted(named - modules)}; only in the package: {sorted(modules - named)}"
    )
