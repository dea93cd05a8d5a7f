"""Report files written while grading goes on, atomically, by the grader only.

Each update re-renders every requested file into a temporary file beside it
and renames it into place, so a reader (or a crash of the grader) never sees
a half-written report: problems not graded yet show as "not run".
"""

from __future__ import annotations

from pathlib import Path

from grader.atomic import write_atomic
from grader.result import GradeResult

__all__ = ["ReportWriter", "write_atomic"]


class ReportWriter:
    def __init__(self, files: list[tuple[str, Path]]) -> None:
        self.files = files

    def update(self, result: GradeResult) -> None:
        if not self.files:
            return
        from grader.report import render

        data = result.to_dict()
        for fmt, path in self.files:
            write_atomic(path, render(fmt, data))
