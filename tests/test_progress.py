"""The progress line on a terminal."""

from __future__ import annotations

import io

from grader.result import PASSED, GradeResult, ProblemResult


def _result(statuses: list[str]) -> GradeResult:
    problems = [ProblemResult(f"p{i}", "", "", "numeric", 1.0, status=s) for i, s in enumerate(statuses)]
    return GradeResult(assignment={}, submission={}, problems=problems)


def test_progress_names_the_last_graded_problem_and_the_count() -> None:
    from grader.progress import Progress

    out = io.StringIO()
    Progress(out, enabled=True).update(_result([PASSED, PASSED, "not_run"]))
    assert "[2/3] graded p1" in out.getvalue()


def test_progress_is_silent_when_not_a_terminal() -> None:
    from grader.progress import Progress

    out = io.StringIO()  # isatty() is False
    Progress(out).update(_result([PASSED, "not_run"]))
    assert out.getvalue() == ""


def test_progress_line_is_cleared_at_the_end() -> None:
    from grader.progress import Progress

    out = io.StringIO()
    progress = Progress(out, enabled=True)
    progress.update(_result([PASSED, "not_run"]))
    progress.clear()
    assert out.getvalue().endswith("\r\x1b[K")
