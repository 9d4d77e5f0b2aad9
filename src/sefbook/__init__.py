"""sefbook: children's services self-evaluations built from data and narrative files.

Data files -> adapters -> canonical table -> comparisons -> section notebooks -> one report.
"""

__version__ = "0.1.0"
