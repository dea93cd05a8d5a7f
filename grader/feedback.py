"""Instructor feedback: Jinja strings for pass/fail and known mistakes.

Templates are rendered in a bounded, immutable sandboxed Jinja environment
(grader/spec/templates.py) with plain data only (expected, observed, message,
case), so a feedback string can show a student's answer but never call into it,
hang, or build a huge string.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from grader.compare.verdict import Verdict
from grader.spec import bounds, templates
from grader.spec.models import Mistake

MAX_FEEDBACK = bounds.TEMPLATE_OUTPUT
#: The start of the text shown in place of a feedback template that failed to render.
TEMPLATE_ERROR = "[feedback template error"


def render(template: str, **context: Any) -> str:
    """Render one feedback string within the bounds of :mod:`grader.spec.templates`.

    A template that fails (a bound reached, an error in it) is the instructor's error: the student
    sees a note saying so, never the raw template or its data; the grade is not affected."""
    try:
        return templates.render(template, context)
    except Exception as exc:  # noqa: BLE001 - an instructor's template error must not cost a grade
        return (f"{TEMPLATE_ERROR}: the instructor's feedback for this case could not be shown "
                f"({templates.failure(exc)}); this says nothing about your answer, please tell your instructor]")


def known_mistakes(
    mistakes: list[Mistake],
    case_name: str,
    observed: Any,
    compare: Callable[[Any, Any], Verdict],
) -> list[str]:
    """The feedback of every known mistake that ``observed`` matches."""
    found = []
    for m in mistakes:
        if (m.case is not None and m.case != case_name) or m.implementation is not None:
            continue  # a mistake implementation's values are matched per case by grader.judge
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
