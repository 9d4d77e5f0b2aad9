"""Named errors. Raised where a fault is seen; turned into a message and an exit code in cli.py.

An InputError carries what a person needs to fix the input: the file, the row or key, what was
expected and what was found. A NotebookError names the notebook and the cell that failed.
"""

from __future__ import annotations

import sys
import traceback
import unicodedata
from collections.abc import Iterable
from pathlib import Path

# What a terminal may act on rather than show: C0 and C1 controls and DEL (Cc), format characters
# such as bidirectional overrides (Cf), line and paragraph separators, and lone surrogates (an
# undecodable byte of a file's name)
UNSHOWN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def escape_controls(text: str) -> str:
    """`text` with every character a terminal could act on written as a Python escape (ESC as
    \\x1b, a newline as \\x0a, U+202E as \\u202e): names from a data folder or an edition are
    echoed in messages, and a terminal must show them, never run them."""
    if text.isprintable():
        return text
    return "".join(_escape(ch) if unicodedata.category(ch) in UNSHOWN else ch for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


class SefbookError(Exception):
    """Base class for errors sefbook reports to its user."""

    def _render_traceback_(self) -> list[str]:
        """What IPython (a notebook, JupyterLab, papermill's output) shows for this error: its message
        and how to see the rest, not the 30 to 60 lines of sefbook's own frames above it. IPython
        asks here while the failed cell's error is being handled; `%tb`, run later, asks again with
        no error being handled, and gets the full traceback."""
        if sys.exception() is not self:
            return full_traceback(self)
        return [*str(self).splitlines(), f"({type(self).__name__}: run %tb in a new cell for the full traceback)"]


def full_traceback(error: BaseException) -> list[str]:
    """The whole traceback of `error`, as lines: IPython's own rendering inside a kernel, else Python's."""
    from IPython import get_ipython  # imported only when asked: a command-line run never loads IPython

    shell = get_ipython()
    if shell is not None:
        return shell.InteractiveTB.structured_traceback(type(error), error, error.__traceback__)
    return "".join(traceback.format_exception(error)).splitlines()


WITHHELD = "(reference withheld from logs: sefbook check, run at a terminal, shows it)"


class InputError(SefbookError):
    """Bad input: an edition, narrative or data file that cannot be used as it is.

    `child`: the reference of the child whose record is at fault, in a council's child-level
    returns, kept apart from `where` (which may place it: "row 5, {child}, column DECOM") so
    that a message bound for a log can withhold it
    (`describe(show_child=False)`); `personal`: whether what was found is itself a child's
    personal data (a reference, a UPN, a date of birth), withheld the same way."""

    def __init__(
        self,
        file: str | Path,
        problem: str,
        *,
        where: str | None = None,
        expected: str | None = None,
        found: str | None = None,
        child: str | None = None,
        personal: bool = False,
    ) -> None:
        self.file = str(file)
        self.problem = problem
        self.where = where
        self.expected = expected
        self.found = found
        self.child = child
        self.personal = personal
        # str() (a traceback, an executed notebook's output) withholds the child's reference: only
        # the command line, at a terminal, prints it (cli.py)
        super().__init__(self.describe(show_child=False))

    @property
    def message(self) -> str:
        """The whole message, the child's reference included: for the analyst at a terminal."""
        return self.describe(show_child=True)

    @property
    def names_a_child(self) -> bool:
        return self.child is not None or (self.personal and self.found is not None)

    def describe(self, show_child: bool) -> str:
        """The message; without `show_child`, the child's reference and any personal data found are
        withheld (the file, the row and the column still say where to look)."""
        where = self.where or ""
        if self.child is not None:  # `{child}` in `where` places it (row, then child, then column)
            named = f"child {self.child if show_child else WITHHELD}"
            where = where.replace("{child}", named) if "{child}" in where else ", ".join(filter(None, [where, named]))
        head = self.file + (f", {where}" if where else "")
        parts = [f"{head}: {self.problem}"]
        if self.expected is not None:
            parts.append(f"expected {self.expected}")
        if self.found is not None:
            parts.append(f"found {self.found if show_child or not self.personal else '(withheld: personal data)'}")
        return "; ".join(parts)


class InputErrors(InputError):
    """Several bad inputs found in one pass (`sefbook check` lists them all at once): the first
    gives the file and fields; the message has each on its own line."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = tuple(errors)
        first = self.errors[0]
        super().__init__(
            first.file,
            first.problem,
            where=first.where,
            expected=first.expected,
            found=first.found,
            child=first.child,
            personal=first.personal,
        )

    @property
    def names_a_child(self) -> bool:
        return any(e.names_a_child for e in self.errors)

    def describe(self, show_child: bool) -> str:
        return "\n".join(e.describe(show_child) for e in self.errors)


def refuse_all(problems: list[InputError]) -> None:
    """Raise the problems found in one pass: one as itself, several at once."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise InputErrors(problems)


def missing_columns(file: str | Path, missing: Iterable[str], columns: Iterable[str]) -> InputError:
    """A file without columns it must have: the refusal names those it lacks and those it has."""
    return InputError(
        file, "is missing required columns", expected=", ".join(missing), found="columns " + ", ".join(columns)
    )


class MissingDataFile(InputError):
    """No file in the data folder matches an indicator's source. A data-only pack leaves such an
    indicator out (and says so); an edition's build stops."""


class NotebookError(SefbookError):
    """A section notebook raised an error while it was executed."""

    def __init__(self, notebook: str, cell: int | None, detail: str) -> None:
        self.notebook = notebook
        self.cell = cell
        self.detail = detail
        where = f"cell {cell}" if cell is not None else "unknown cell"
        super().__init__(f"{notebook}, {where}: {detail}")


class OutputError(SefbookError):
    """The report cannot be written where it was asked for: the output path is a file, the disk
    is full or read-only. The last good report is left as it was."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class Stopped(BaseException):
    """The build was asked to stop (Ctrl-C or SIGTERM). A BaseException, like KeyboardInterrupt,
    so that nothing on the way out mistakes it for a failure to recover from."""

    def __init__(self, signal_name: str, exit_status: int) -> None:
        self.signal_name = signal_name
        self.exit_status = exit_status
        super().__init__(signal_name)
