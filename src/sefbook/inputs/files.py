"""Reading what people write: text and YAML files into validated models.

Every input file sefbook reads (an edition's sef.yml, narrative, quotes, plan and areas for
improvement, and the indicator registry) comes through here, so every problem is reported the
same way: an InputError naming the file, the key or line, what was expected and what was found.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from sefbook.errors import InputError


class Strict(BaseModel):
    """The base of every model read from a file: an unknown key is an error (a misspelling is
    never silently ignored) and a loaded model cannot be changed."""

    model_config = ConfigDict(extra="forbid", frozen=True)


M = TypeVar("M", bound=BaseModel)


def read_text(path: Path) -> str:
    """Read a text file whatever its line endings or byte-order mark (files come from Windows too)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, "is not UTF-8 text", where=f"byte {exc.start}",
                         expected="a file saved as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_yaml(path: Path) -> object:
    text = read_text(path)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and start:  # where the unclosed bracket or quote began, which is what to fix
            problem += f" ({context} that starts at line {start.line + 1}, column {start.column + 1})"
        raise InputError(path, "is not valid YAML", where=where, found=problem) from None


def validation_error(path: Path, exc: ValidationError) -> InputError:
    """A pydantic error as sefbook's message: the file, the key, what was expected and found."""
    errors = exc.errors()
    # An unknown key usually explains a missing one (a misspelling), so it is reported first.
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = ".".join(str(p) for p in err["loc"])
    found = err.get("input")
    where = f"key {loc}" if loc else None
    if err["type"] == "missing":
        return InputError(path, "is missing a required key", where=where)
    if err["type"] == "extra_forbidden":
        return InputError(path, "has a key sefbook does not know (a misspelling?)", where=where)
    return InputError(path, "has an invalid value", where=where,
                      expected=err["msg"].removeprefix("Value error, "), found=repr(found))


def load_model(path: Path, model: type[M]) -> M:
    """Read a YAML file into a validated model; an error names the file and the key."""
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise InputError(path, "is not a mapping of keys to values", found=type(raw).__name__)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise validation_error(path, exc) from None
