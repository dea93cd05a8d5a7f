"""Declared ``mistakes:`` must be wrong answers, and each must trigger its own feedback."""

from __future__ import annotations

from typing import Any

from collections.abc import Mapping, Sequence

from grader import feedback
from grader.checking.mutants import CaseToProve
from grader.spec.models import Mistake

TEMPLATE_ERROR = "[feedback template error"


def mistake_problems(mistakes: Sequence[Mistake], cases: Sequence[CaseToProve], compare: Any,
                     implemented: Mapping[str, Mapping[int, Any]] | None = None) -> list[str]:
    """Why each declared mistake would mislead: it is accepted as right for a case, its value does
    not trigger its own feedback there, or its feedback template does not render. A mistake
    implementation (its values ``implemented``: case name -> mistake index -> value) must be wrong
    on at least one case, and its feedback must render on its own values."""
    found = []
    for i, m in enumerate(mistakes):
        if m.implementation is not None:
            found += _implementation_problems(i, m, cases, compare, implemented or {})
            continue
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


def _implementation_problems(i: int, m: Mistake, cases: Sequence[CaseToProve], compare: Any,
                             implemented: Mapping[str, Mapping[int, Any]]) -> list[str]:
    """A mistake implementation that gives the right answer on every case it ran on can never be
    told apart from a right answer: its feedback is never shown (it is not a mistake these cases see)."""
    ran = [(case, implemented[case.name][i]) for case in cases if i in implemented.get(case.name, {})]
    if not ran:
        return []
    wrong = []
    for case, value in ran:
        try:
            right = compare(case.expected, value, case.options).passed
        except Exception:  # noqa: BLE001 - an answer the comparator cannot relate is a wrong one
            right = False
        if not right:
            wrong.append((case, value))
    if not wrong:
        return [f"mistake {i + 1} ({m.implementation}) gives the right answer on all {len(ran)} cases: "
                "no student who makes it is ever told its feedback; make it wrong, or add a case where it is"]
    case, value = wrong[0]
    text = feedback.render(m.feedback, expected=case.expected, observed=value, message="", case=case.name)
    if TEMPLATE_ERROR in text:
        return [f"mistake {i + 1}: its feedback does not render: {text[text.index(TEMPLATE_ERROR):]}"]
    return []
