"""Instructor feedback: Jinja strings for pass/fail, parts and known mistakes (matched in :mod:`grader.judge`).

Templates are rendered in a sandboxed Jinja environment with plain data only
(expected, observed, message, case), so a feedback string can show a student's
answer but never call into it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


MAX_FEEDBACK = 2000


@lru_cache(maxsize=1)
def _env() -> Any:
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=False, trim_blocks=True, lstrip_blocks=True)


def render(template: str, **context: Any) -> str:
    """Render one feedback string; a broken template shows its error instead of failing the grade."""
    if "{" not in template:
        return template
    try:
        text = _env().from_string(template).render(**context)
    except Exception as exc:  # noqa: BLE001 - an instructor's template error must not cost a grade
        return f"{template} [feedback template error: {exc}]"
    return text[:MAX_FEEDBACK]
