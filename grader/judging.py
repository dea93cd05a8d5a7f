"""Which judge a case gets: the comparator, the problem's properties or check, or a scenario's parts;
and the explanations of a wrong answer. :mod:`grader.grade` calls these two functions only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from grader import custom_checks, scenario
from grader.compare.verdict import Verdict

Compare = Callable[[Any, Any, dict[str, Any]], Verdict]


def call_for(spec: Any, case: Any, inputs: dict[str, Any], limit: float) -> Any:
    """The scenario call for a class problem (None for an ordinary call)."""
    checking = spec.checking
    if checking is None or not checking.scenario:
        return None
    return scenario.call_for(spec.target, checking.scenario, inputs, limit)


def judge(spec: Any, case: Any, value: Any, inputs: dict[str, Any], session: Any, limit: float,
          compare: Compare) -> tuple[Verdict, Any]:
    """(verdict, the observed value to report) for one case whose call returned ``value``."""
    checking = spec.checking
    if checking is not None and checking.scenario:
        observed = value.get("parts") if isinstance(value, dict) else value
        return scenario.compare_parts(compare, checking.scenario, spec.target, case.expected, value, case.options), observed
    if checking is not None and checking.judges:
        student = proxy(spec, inputs, session, limit)
        return custom_checks.judge(checking, inputs, value, case.expected, student, case.name), value
    return compare(case.expected, value, case.options), value


def explain(spec: Any, case: Any, observed: Any, inputs: dict[str, Any], session: Any, limit: float,
            right: bool) -> tuple[list[str], list[str]]:
    """(feedback lines, instructor errors) from the problem's ``explain`` items."""
    checking = spec.checking
    if checking is None or not checking.explain:
        return [], []
    return custom_checks.explain(checking, inputs, observed, case.expected, proxy(spec, inputs, session, limit), case.name, right)


def proxy(spec: Any, inputs: dict[str, Any], session: Any, limit: float) -> custom_checks.StudentProxy:
    return custom_checks.StudentProxy(session, spec.target, limit, dict(inputs), spec.args)
