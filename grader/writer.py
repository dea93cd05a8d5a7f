"""Report files written while grading goes on, atomically, by the grader only.

Each update re-renders every requested file into a temporary file beside it
and renames it into place, so a reader (or a crash of the grader) never sees
a half-written report: problems not graded yet show as "not run".
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from grader.result import GradeResult


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


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o777  # keep the mode of the file we replace
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask  # what open() would have given a new file
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
