"""The student-facing view of a result: hidden cases keep their score and status but lose every
value that could reveal them (inputs, expected, observed, details, messages, feedback, output,
the seed they were drawn from, a name built from their params).

Applied once, before any format renders (text, Markdown, HTML, JUnit, Gradescope and the JSON a
student's CI writes), so no template can leak what it never receives. Each problem with
non-visible cases gets ``hidden = {"graded": n, "passed": k}`` and the whole result the sum, so
reports can say "2 hidden cases graded, 1 passed" and never "all passed" when one failed.
``after_due_date`` and ``after_published`` cases are redacted like hidden ones (a report is
written at submission time, before either moment); Gradescope's own ``visibility`` field says
when its platform may show the test. ``grade --show-hidden`` (instructors) skips this view.
"""

from __future__ import annotations

from dataclasses import replace

from grader.result import NOT_RUN, PASSED, CaseResult, GradeResult, ProblemResult

VISIBLE = "visible"
LEVELS = ("visible", "hidden", "after_due_date", "after_published")


def is_hidden(case: CaseResult) -> bool:
    return case.visibility != VISIBLE


def student_view(result: GradeResult) -> GradeResult:
    """A copy of ``result`` with every non-visible case redacted (``result`` itself is unchanged)."""
    problems = [_problem(p) for p in result.problems]
    graded = sum(p.hidden["graded"] for p in problems if p.hidden)
    passed = sum(p.hidden["passed"] for p in problems if p.hidden)
    any_hidden = any(p.hidden for p in problems)
    return replace(result, problems=problems, hidden={"graded": graded, "passed": passed} if any_hidden else None)


def _problem(p: ProblemResult) -> ProblemResult:
    hidden = [c for c in p.cases if is_hidden(c)]
    if not hidden:
        return p
    secret = {c.message for c in hidden if c.message} | {f for c in hidden for f in c.feedback}
    visible_messages = {c.message for c in p.cases if not is_hidden(c)}
    messages = [m if m not in secret or m in visible_messages else _summary(hidden) for m in p.messages]
    cases = [_redact(c, i) if is_hidden(c) else c for i, c in enumerate(p.cases, start=1)]
    graded = [c for c in hidden if c.status != NOT_RUN]
    return replace(p, cases=cases, messages=messages,
                   hidden={"graded": len(graded), "passed": sum(c.status == PASSED for c in graded)})


def _summary(hidden: list[CaseResult]) -> str:
    graded = [c for c in hidden if c.status != NOT_RUN]
    ok = sum(c.status == PASSED for c in graded)
    return f"a hidden case is wrong ({ok} of {len(graded)} hidden cases passed)"


def _redact(c: CaseResult, number: int) -> CaseResult:
    error = {"type": c.error.get("type", "Error"), "message": "", "traceback": ""} if c.error else None
    message = {"passed": "hidden case: passed", NOT_RUN: "hidden case: not run"}.get(c.status, f"hidden case: {c.status}")
    if error is not None:
        message = f"hidden case: {c.status} ({error['type']})"
    return CaseResult(
        name=f"hidden case {number}", status=c.status, score=c.score, weight=c.weight, message=message,
        inputs=None, expected=None, observed=None, details={}, feedback=[], error=error, notes=[],
        options={}, stdout="", stderr="", seconds=c.seconds, visibility=c.visibility, seed=None,
        expected_from=c.expected_from,
    )
