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


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_batch_progress_on_a_terminal_is_a_bar_with_done_total_and_errors() -> None:
    from grader.progress import BatchProgress

    term, lines = _Terminal(), []
    progress = BatchProgress(lines.append, stream=term, lines=False)
    progress.start(2, 0)
    progress.update("alice", {"status": "graded", "total": 3, "max_total": 3, "problems": []})
    progress.update("bob", {"status": "not_gradable", "total": 0, "max_total": 3, "problems": []})
    progress.close()
    assert "2/2" in term.getvalue() and "errors 1" in term.getvalue()
    assert lines == []


def test_batch_progress_elsewhere_is_one_plain_line_per_submission() -> None:
    from grader.progress import BatchProgress

    lines: list[str] = []
    progress = BatchProgress(lines.append, stream=io.StringIO())
    progress.start(1, 4)
    progress.update("alice", {"status": "graded", "total": 3, "max_total": 3, "problems": []})
    progress.close()
    assert lines[0] == "4 results still valid, kept (--force regrades them); 1 to grade"
    assert lines[1].split() == ["alice", "3/3", "graded"]
