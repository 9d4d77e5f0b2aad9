"""The HTML parts' Jinja templates (src/sefbook/templates/parts/), autoescaped and strict."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@lru_cache(maxsize=1)
def templates() -> Environment:
    return Environment(loader=PackageLoader("sefbook", "templates/parts"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render(template: str, **context: object) -> str:
    return templates().get_template(template).render(**context)
