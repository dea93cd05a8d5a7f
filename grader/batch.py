"""Grade many submissions against one assignment: a gradebook for instructors.

Every submission runs in its own child forked from the same warm fork server,
so one hostile or broken submission costs only its own grade. Results go to
one JSON file per submission (the canonical result) and one CSV gradebook.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from grader.grade import grade
from grader.result import GradeResult
from grader.spec import Assignment


def collect(paths: Iterable[str | Path]) -> list[tuple[str, Path]]:
    """(student id, file) for each submission: files as given, folders expanded.

    A folder holding one student's work counts once (its ``submission.py``,
    or its only ``.py`` file); a folder of many files counts each file. The
    id is the file's stem, or the folder's name for a ``submission.py``.
    """
    found: list[tuple[str, Path]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            single = path / "submission.py"
            files = [single] if single.is_file() else sorted(path.glob("*.py"))
            subdirs = sorted(p for p in path.iterdir() if p.is_dir() and (p / "submission.py").is_file())
            found += [(_student_id(f), f) for f in files] + [(d.name, d / "submission.py") for d in subdirs]
        else:
            found.append((_student_id(path), path))
    seen: dict[str, int] = {}
    unique = []
    for sid, file in found:
        seen[sid] = seen.get(sid, 0) + 1
        unique.append((sid if seen[sid] == 1 else f"{sid}-{seen[sid]}", file))
    return unique


def _student_id(file: Path) -> str:
    return file.parent.name if file.name == "submission.py" and file.parent.name else file.stem


def grade_many(
    assignment: Assignment,
    submissions: list[tuple[str, Path]],
    sandbox: Any,
    *,
    timeout: float | None = None,
    limits: dict[str, Any] | None = None,
    on_result: Callable[[str, GradeResult], None] | None = None,
) -> dict[str, GradeResult]:
    """Grade each submission in turn; ``on_result`` sees each result as soon as it is final."""
    results: dict[str, GradeResult] = {}
    for sid, file in submissions:
        result = grade(assignment, file, sandbox, timeout=timeout, limits=limits, student=sid)
        results[sid] = result
        if on_result is not None:
            on_result(sid, result)
    return results


def gradebook(assignment: Assignment, results: dict[str, GradeResult]) -> str:
    """CSV: one row per student, the total and one column per problem id."""
    ids = [p.id for p in assignment.problems]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", "total", "max_total", "status", *ids, "submission_sha256"])
    for sid, r in results.items():
        scores = {p.id: p.score for p in r.problems}
        writer.writerow([sid, _num(r.total), _num(r.max_total), r.status, *(_num(scores.get(i, 0.0)) for i in ids), r.submission.get("sha256", "")])
    return out.getvalue()


def _num(x: float) -> str:
    return f"{x:g}"
