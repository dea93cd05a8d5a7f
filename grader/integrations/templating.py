"""The Jinja environment of the integration files (workflows, scripts): plain text, shell-quoted values."""

from __future__ import annotations

import json
import shlex
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("grader.integrations", "templates"),
        autoescape=False, keep_trailing_newline=True, undefined=jinja2.StrictUndefined,
    )
    env.filters.update(shell_quote=lambda v: shlex.quote(str(v)), tojson=lambda v: json.dumps(v))
    return env


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)
