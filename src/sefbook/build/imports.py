"""Modules a build's processes never need, marked absent before anything imports them; those a
build needs late, imported early on a thread of their own; and the Jupyter libraries imported by
one of sefbook's threads at a time.

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
    threading.Thread(target=import_now, args=names, name="sefbook-imports", daemon=True).start()


# Two threads importing at once modules that import one another can each find the other's half
# made: papermill's import (through nbclient) met a kernel's start importing jupyter_client, and
# failed with "cannot import name 'AsyncKernelManager' from partially initialized module
# 'jupyter_client.manager'". sefbook's threads import the Jupyter libraries through import_now.
_ONE_AT_A_TIME = threading.Lock()


def import_now(*names: str) -> None:
    """Import these modules in turn, each not yet imported while no other thread of sefbook's is
    importing one (a module imported already, or being imported, is Python's to hand out)."""
    for name in names:
        if name not in sys.modules:
            with _ONE_AT_A_TIME:
                importlib.import_module(name)
