"""How one case's answer becomes a verdict: the problem's comparator on the whole answer, part by
part (``parts:``), or a metric mapped to points (``metric:`` + ``thresholds:``); and which known
mistakes the answer matches (pasted values, or what a mistake implementation returned on the
same inputs).

Called by :mod:`grader.grade` once the student's value has come back as plain data; it never
talks to the student's child. Instructor metric functions run through :class:`TrustedCode`.
"""

from __future__ import annotations

from typing import Any

import msgspec
import numpy as np

from grader import feedback, metrics
from grader.compare import Comparator
from grader.compare.parts import compare_parts
from grader.compare.verdict import FAILED, PASSED, Verdict
from grader.spec import CaseSpec, ProblemSpec
from grader.spec.authoring import split_ref
from grader.trusted import InstructorError, TrustedCode


def judge(spec: ProblemSpec, case_name: str, expected: Any, observed: Any, options: dict[str, Any], compare: Comparator,
          trusted: TrustedCode | None = None, context: Any = None) -> tuple[Verdict, list[str]]:
    """(the verdict, feedback lines from parts) for ``observed`` against ``expected``; ``context``
    (a :class:`grader.compare.diagnose.Context`) lets a comparator diagnose a whole wrong answer."""
    if spec.metric is not None:
        return judge_metric(spec, observed, trusted), []
    if spec.parts:
        verdict, per_part = compare_parts(compare, expected, observed, spec.parts, _part_options(spec, options))
        lines = []
        for part, v in per_part:
            template = part.pass_ if v.passed else part.fail
            if template:
                lines.append(feedback.render(template, message=v.message, case=case_name, part=part.name))
        return verdict, lines
    return safe_compare(compare, expected, observed, options, context), []


def _part_options(spec: ProblemSpec, options: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**options, **part.options} for part in spec.parts]


def matches(spec: ProblemSpec, case: CaseSpec, answer: Any, observed: Any, compare: Comparator) -> bool:
    """``observed`` is accepted as ``answer`` by the problem's comparator (parts included)."""
    if spec.parts:
        return compare_parts(compare, answer, observed, spec.parts, _part_options(spec, case.options))[0].passed
    return safe_compare(compare, answer, observed, case.options).passed


def mistake_feedback(spec: ProblemSpec, case: CaseSpec, observed: Any, compare: Comparator) -> list[str]:
    """The feedback templates of every known mistake ``observed`` matches on this case."""
    found = []
    for i, m in enumerate(spec.mistakes):
        if m.case is not None and m.case != case.name:
            continue
        if m.implementation is not None:
            if i not in case.mistake_values:
                continue
            wrong = case.mistake_values[i]
        elif m.observed is not msgspec.UNSET:
            wrong = m.observed
        else:
            continue
        try:
            if matches(spec, case, wrong, observed, compare):
                found.append(m.feedback)
        except Exception:  # noqa: BLE001 - a mistake that cannot be compared is not matched
            pass
    return found


def safe_compare(compare: Comparator, expected: Any, observed: Any, options: dict[str, Any], context: Any = None) -> Verdict:
    """``compare`` that never raises (a comparator bug costs this case only)."""
    from grader import compare as comparators

    try:
        if context is not None and comparators.takes_context(compare):
            return compare(expected, observed, options, context=context)  # type: ignore[call-arg]
        return compare(expected, observed, options)
    except Exception as exc:  # noqa: BLE001 - a comparator bug must not cost the other problems
        return Verdict(0.0, "error", f"the grader could not compare this answer ({type(exc).__name__}: {exc})")


def judge_metric(spec: ProblemSpec, observed: Any, trusted: TrustedCode | None) -> Verdict:
    """The metric's value on the student's answer, mapped through the thresholds."""
    m = spec.metric
    assert m is not None
    from grader.cases.draws import draw, random

    root = spec.file.parent
    # (a generator only where a draw is random: numpy.random costs 7 ms to import, held-out data nothing)
    data = {k: draw(d, np.random.default_rng(0) if random(d) else None, {}, root, 0) for k, d in m.data.items()}
    label = m.label or m.function
    try:
        if ":" in m.function:
            if trusted is None:
                raise InstructorError("no trusted child to run the metric in")
            file, name = split_ref(m.function)
            value = trusted.call(root / file, name, (observed,), data)
        else:
            value = metrics.BUILTIN[m.function](observed, **data)
        value = float(value)
    except metrics.MetricError as exc:
        return Verdict(0.0, FAILED, f"cannot compute the {label} of this answer: {exc}")
    except (InstructorError, TypeError, ValueError) as exc:
        return Verdict(0.0, "error", f"instructor error (not the student's): the {label} could not be computed: {exc}")
    fraction = metrics.score(value, spec.thresholds, m.higher_is_better)
    rule = metrics.describe(spec.thresholds, m.higher_is_better)
    details = {"metric": {"name": label, "value": value, "thresholds": {str(k): v for k, v in spec.thresholds.items()}}}
    message = f"{label} {value:.4g} ({rule})"
    return Verdict(fraction, PASSED if fraction >= 1.0 else FAILED, message, details)
