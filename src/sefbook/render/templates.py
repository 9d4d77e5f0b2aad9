"""The HTML parts' Jinja templates (src/sefbook/templates/parts/), autoescaped and strict; and
the cache of compiled templates that they and the report page's (build/join.py) share."""

from __future__ import annotations

import shutil
from functools import lru_cache

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.bccache import Bucket

from sefbook.cache import usable_cache_dir
from sefbook.digests import code_digest


class _KeptTemplates(FileSystemBytecodeCache):
    """Compiled templates kept in sefbook's cache folder (written beside, then renamed), keyed by
    each template's name, path and source, in a folder of the package's code digest (which holds
    the environments' options and nbconvert's and Jinja's versions, which change the compiled
    code but not the source), so a process that exports a report need not compile them again. A
    cache that cannot be written is done without."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


@lru_cache(maxsize=1)
def compiled_templates() -> BytecodeCache | None:
    root = usable_cache_dir()
    if root is None:  # a cache folder that cannot be used (the command line says so): compiled each time
        return None
    folder = root / "templates" / code_digest()[:16]
    if not folder.is_dir():
        shutil.rmtree(folder.parent, ignore_errors=True)  # compiled by other code: never read again
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # then nothing is kept, and each process compiles them
    return _KeptTemplates(str(folder))


@lru_cache(maxsize=1)
def templates() -> Environment:
    return Environment(
        loader=PackageLoader("sefbook", "templates/parts"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=compiled_templates(),
    )


def render(template: str, **context: object) -> str:
    return templates().get_template(template).render(**context)
