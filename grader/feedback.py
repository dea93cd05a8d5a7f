"""Instructor feedback: Jinja strings for pass/fail and known mistakes.

Templates are rendered in a sandboxed Jinja environment with plain data only
(expected, observed, message, case), so a feedback string can show a student's
answer but never call into it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from grader.compare.verdict import Verdict
from grader.spec.models import Mistake

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


def known_mistakes(
    mistakes: list[Mistake],
    case_name: str,
    observed: Any,
    compare: Callable[[Any, Any], Verdict],
) -> list[str]:
    """The feedback of every known mistake that ``observed`` matches."""
    found = []
    for m in mistakes:
        if m.case is not None and m.case != case_name:
            continue
        try:
            matches = compare(m.observed, observed).passed
        except Exception:  # noqa: BLE001
            matches = False
        if matches:
            found.append(m.feedback)
    return found


def without_diagnosis(message: str, details: dict[str, Any]) -> str:
    """``message`` without the automatic diagnosis sentences the comparator put first: shown when
    a declared mistake explains the answer (the instructor's words have priority). The names stay
    in ``details["diagnosis"]`` for class statistics."""
    parts = message.split("; ")
    said = {d.get("message") for d in details.get("diagnoses", [])}
    return "; ".join(p for p in parts if p not in said)
