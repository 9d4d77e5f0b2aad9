"""Modules a build's processes never need, marked absent before anything imports them; and those
a build needs late, imported early on a thread of their own.

jsonschema imports each of its optional format checkers that is installed (JupyterLab installs
them all), and nbformat, papermill and nbconvert import jsonschema. Notebook validation checks
no formats, and one checker (rfc3987_syntax) compiles some forty grammars as it is imported.
"""

from __future__ import annotations

import importlib
import sys
import threading

# idna is left alone: other libraries need it
UNUSED_FORMAT_CHECKERS = (
    "rfc3987_syntax",
    "rfc3987",
    "rfc3986_validator",
    "rfc3339_validator",
    "fqdn",
    "webcolors",
    "jsonpointer",
    "uri_template",
    "isoduration",
)


def skip_unused_format_checkers() -> None:
    """Mark jsonschema's optional format checkers absent in this process (None in sys.modules, Python's
    documented mark of a module that cannot be imported), so that jsonschema goes without them. Only for a
    process of sefbook's own (the command, a local pack worker): a Jupyter server or a kernel is left alone."""
    for name in UNUSED_FORMAT_CHECKERS:
        # typeshed allows only modules in sys.modules
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]


def import_ahead(*names: str) -> None:
    """Start importing these modules, slow to import and needed later in the build, in turn on a
    thread of their own (papermill, which runs the parts: while the data is read and the first
    kernel starts, rather than when the first part could run)."""
    threading.Thread(target=_import_in_turn, args=(names,), name="sefbook-imports", daemon=True).start()


def _import_in_turn(names: tuple[str, ...]) -> None:
    for name in names:
        importlib.import_module(name)
