"""sefbook: children's services self-evaluations built from data and narrative files.

Data files -> inputs (adapters, one canonical table) -> analysis (comparisons, headlines)
-> render (HTML parts) -> notebook (what notebooks call) -> build (papermill, join, export).
"""

__version__ = "0.1.0"
