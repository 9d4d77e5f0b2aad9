"""sefbook: children's services self-evaluations built from data and narrative files.

Data files -> inputs (adapters, one canonical table) -> analysis (comparisons, headlines)
-> render (HTML parts) -> notebook (what notebooks call) -> build (papermill, join, export).

`sefbook.load()` gives a council's figures as DataFrames, for notebooks and scripts (workbook.py).
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["load"]


def __getattr__(name: str) -> object:
    # `load` is imported when first asked for: `import sefbook` (and the CLI, which imports the
    # package first) does not pay for pandas and the analysis modules
    if name == "load":
        from sefbook.workbook import load

        return load
    raise AttributeError(f"module 'sefbook' has no attribute {name!r}")


def __dir__() -> list[str]:  # `sefbook.<Tab>` in JupyterLab offers load
    return sorted([*globals(), *__all__])
