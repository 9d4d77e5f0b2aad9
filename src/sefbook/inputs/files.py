"""Reading what people write: text and YAML files into validated models.

Every input file sefbook reads (an edition's sef.yml, narrative, quotes, plan and areas for
improvement, and the indicator registry) comes through here, so every problem is reported the
same way: an InputError naming the file, the key or line, what was expected and what was found.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any, Self, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from sefbook.cache import KEPT_SMALL, keep, recall
from sefbook.digests import code_digest, digest
from sefbook.errors import InputError


class Strict(BaseModel):
    """The base of every model read from a file: an unknown key is an error (a misspelling is
    never silently ignored) and a loaded model cannot be changed."""

    model_config = ConfigDict(extra="forbid", frozen=True)


M = TypeVar("M", bound=BaseModel)


def regular_file(path: Path) -> Path:
    """The path, if it is a regular file that can be read; otherwise an InputError saying what it
    is instead. Checked before opening: a FIFO named like a data file would block a read for ever."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(
                path, "is a link to a file that is not there", expected="a file", found=f"a link to {os.readlink(path)}"
            ) from None
        raise InputError(path, "file not found") from None
    except OSError as exc:
        raise InputError(path, "cannot be read", found=exc.strerror or str(exc)) from None
    if stat.S_ISDIR(mode):
        raise InputError(path, "is a folder, not a file", expected="a file")
    if not stat.S_ISREG(mode):
        raise InputError(
            path,
            "is not a regular file",
            expected="a file",
            found="a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device or socket",
        )
    if not os.access(path, os.R_OK):
        raise InputError(path, "cannot be read", expected="a file sefbook may read", found="no read permission")
    return path


def the_one_file(folder: Path, suffix: str, what: str, expected: str) -> Path:
    """The one file in `folder` ending in `suffix` (a return's folder holds exactly one of its kind)."""
    found = sorted(p for p in folder.glob("*") if p.suffix.lower() == suffix and not p.name.startswith("~$"))
    if not found:
        raise InputError(
            folder,
            f"has no {what}",
            expected=f"one {suffix} file {expected}",
            found=", ".join(sorted(p.name for p in folder.iterdir())) or "an empty folder",
        )
    if len(found) > 1:
        raise InputError(
            folder, f"has two {what}s", expected=f"one {suffix} file", found=", ".join(p.name for p in found)
        )
    return regular_file(found[0])


def resolves_inside(path: Path, roots: Iterable[Path]) -> bool:
    """Whether `path`, links followed, is inside one of `roots`: the one rule for what an edition
    may read (inside), and for its pictures (markdown.image_file)."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return False
    return any(resolved.is_relative_to(root.resolve()) for root in roots)


def inside(
    path: Path,
    roots: Iterable[Path],
    what: str,
    *,
    named_in: Path | None = None,
    key: str | None = None,
    written: str | None = None,
) -> Path:
    """`path` if it resolves, links followed, inside one of `roots` (`what`: the edition's folder,
    or one it declares); otherwise an InputError naming the file as written and where it points:
    an edition received from someone else must not put any readable file of the machine into a
    report. `named_in`, `key`, `written`: the file and key naming `path` and what they say (sef.yml,
    key plan, '../x.yml'); without them `path` itself is named (a narrative that is a link)."""
    roots = list(roots)
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        raise InputError(
            named_in or path,
            "names a link that goes round a loop of links",
            where=key and f"key {key}",
            expected="a file",
            found=repr(written) if named_in else str(path),
        ) from None
    if resolves_inside(path, roots):
        return path
    expected = "a file inside " + " or ".join(f"{root.resolve()}{os.sep}" for root in roots)
    if named_in is not None:
        raise InputError(
            named_in,
            f"reads a file outside {what}",
            where=key and f"key {key}",
            expected=expected,
            found=f"{written!r} (resolves to {resolved})",
        )
    raise InputError(path, f"is a link to a file outside {what}", expected=expected, found=f"a link to {resolved}")


def read_text(path: Path) -> str:
    """Read a text file whatever its line endings or byte-order mark (files come from Windows too)."""
    regular_file(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except UnicodeDecodeError as exc:
        raise InputError(
            path, "is not UTF-8 text", where=f"byte {exc.start}", expected="a file saved as UTF-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _StrictLoader(yaml.SafeLoader):
    """YAML as people write it for sefbook: a key given twice is an error (the second would
    silently win), and aliases (*name) are refused, so that a file cannot expand without limit."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.YAMLError(
                _Problem(f"uses a YAML alias (*{event.anchor}); write the value out instead", event.start_mark)
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: dict[object, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:  # `? [a, b]`: a list or mapping as a key (fuzzing found it)
                raise yaml.YAMLError(
                    _Problem("uses a list or mapping as a key; a key is a name", key_node.start_mark)
                ) from None
            if key in seen:
                raise yaml.YAMLError(
                    _Problem(
                        f"gives the key {key!r} twice (first at line "
                        f"{seen[key].start_mark.line + 1}); the second would silently win",
                        key_node.start_mark,
                    )
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:  # 2025-02-30 looks like a date but is none
            raise yaml.YAMLError(
                _Problem(f"{node.value!r} is not a date ({exc})", node.start_mark, "has a date that is not a date")
            ) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


class _Problem(str):
    """A YAML problem with the place it was seen, for InputError's 'where'."""

    mark: yaml.Mark
    headline: str

    def __new__(cls, text: str, mark: yaml.Mark, headline: str = "is not valid sefbook YAML") -> Self:
        problem = super().__new__(cls, text)
        problem.mark, problem.headline = mark, headline
        return problem


def read_yaml(path: Path) -> object:
    return parse_yaml(path, read_text(path))


def parse_yaml(path: Path, text: str) -> object:
    """YAML text read from `path` (a whole file, or a block of one padded to keep its line numbers).
    A text read before is recalled from sefbook's cache folder: every notebook of a build reads
    the edition's files, and PyYAML's pure-Python parser is most of what that costs."""
    key = digest(code_digest(), text)  # the parse depends on the text and the loader's rules alone
    kept = recall("yaml", key)
    if isinstance(kept, tuple):
        return kept[0]
    parsed = _parse_yaml(path, text)
    keep("yaml", key, (parsed,), most=KEPT_SMALL)  # kept only once it parsed: a bad file is refused every time
    return parsed


def _parse_yaml(path: Path, text: str) -> object:
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        problem = exc.args[0] if exc.args and isinstance(exc.args[0], _Problem) else None
        if problem is not None:
            mark = problem.mark
            raise InputError(
                path, problem.headline, where=f"line {mark.line + 1}, column {mark.column + 1}", found=str(problem)
            ) from None
        raise _yaml_error(path, exc) from None


def _yaml_error(path: Path, exc: yaml.YAMLError) -> InputError:
    """PyYAML's error as sefbook's: the line and column, and what was wrong there."""
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    problem = problem.removeprefix("found ")  # the message says "found ..." itself
    context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and start:  # where the unclosed bracket or quote began, which is what to fix
        problem += f" ({context} that starts at line {start.line + 1}, column {start.column + 1})"
    return InputError(path, "is not valid YAML", where=where, found=problem)


def validation_error(path: Path, exc: ValidationError) -> InputError:
    """A pydantic error as sefbook's message: the file, the key, what was expected and found."""
    errors = exc.errors()
    # An unknown key usually explains a missing one (a misspelling), so it is reported first.
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")  # sections[1].facts[2]
    found = err.get("input")
    where = f"key {loc}" if loc else None
    if err["type"] == "missing":
        return InputError(path, "is missing a required key", where=where)
    if err["type"] == "extra_forbidden":
        return InputError(path, "has a key sefbook does not know (a misspelling?)", where=where)
    if err["type"] == "bool_type":  # a strict boolean: "no" is a string, not false
        return InputError(path, "has an invalid value", where=where, expected="true or false", found=repr(found))
    return InputError(
        path, "has an invalid value", where=where, expected=err["msg"].removeprefix("Value error, "), found=repr(found)
    )


def load_model(path: Path, model: type[M], text: str | None = None) -> M:
    """Read a YAML file (or `text` taken from it) into a validated model; an error names the
    file and the key."""
    raw = read_yaml(path) if text is None else parse_yaml(path, text)
    if not isinstance(raw, dict):
        raise InputError(path, "is not a mapping of keys to values", found=type(raw).__name__)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise validation_error(path, exc) from None
