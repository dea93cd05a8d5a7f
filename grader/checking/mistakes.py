"""Declared ``mistakes:`` must be wrong answers, and each must trigger its own feedback."""

from __future__ import annotations

from typing import Any

from collections.abc import Sequence

from grader import feedback
from grader.checking.mutants import CaseToProve
from grader.spec.models import Mistake

TEMPLATE_ERROR = "[feedback template error"


def mistake_problems(mistakes: Sequence[Mistake], cases: Sequence[CaseToProve], compare: Any) -> list[str]:
    """Why each declared mistake would mislead: it is accepted as right for a case, its value does
    not trigger its own feedback there, or its feedback template does not render."""
    found = []
    for i, m in enumerate(mistakes):
        if m.implementation is not None:
            continue  # its values are computed per student's inputs (grader.cases); matched by grader.judge
        for case in cases:
            if m.case is not None and m.case != case.name:
                continue
            try:
                right = compare(case.expected, m.observed, case.options).passed
            except Exception:  # noqa: BLE001
                right = False
            if right:
                found.append(f"mistake {i + 1} is accepted as right for case {case.name!r}; its feedback would mislead")
                continue
            triggered = feedback.known_mistakes(list(mistakes), case.name, m.observed, lambda e, o: compare(e, o, case.options))
            if m.feedback not in triggered:
                found.append(f"mistake {i + 1} is not recognised for case {case.name!r} when a student gives exactly its value: "
                             "its feedback is never shown")
                continue
            text = feedback.render(m.feedback, expected=case.expected, observed=m.observed, message="", case=case.name)
            if TEMPLATE_ERROR in text:
                found.append(f"mistake {i + 1}: its feedback does not render: {text[text.index(TEMPLATE_ERROR):]}")
    return list(dict.fromkeys(found))
