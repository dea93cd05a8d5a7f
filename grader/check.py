"""``grade check``: prove an assignment sound before students see it.

Every file must validate, every known mistake must differ from the right
answer, and the reference solution must earn full marks on every problem;
a problem that could not be graded is named, never counted as passed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

from grader import compare as comparators
from grader.grade import grade
from grader.result import PASSED, UNGRADED
from grader.spec import Assignment, SpecError, load_assignment

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


def check_assignments(paths: list[Path], sandbox: Any, *, timeout: float | None, out: TextIO, limits: dict[str, Any] | None = None) -> int:
    """Check each assignment; the worst exit code wins (2 invalid > 1 failed > 0)."""
    worst = EXIT_OK
    for path in paths:
        worst = max(worst, check_assignment(path, sandbox, timeout=timeout, out=out, limits=limits))
    return worst


def check_assignment(path: Path, sandbox: Any, *, timeout: float | None, out: TextIO, limits: dict[str, Any] | None = None) -> int:
    try:
        assignment = load_assignment(path)
    except SpecError as exc:
        print(f"{exc}", file=out)
        return EXIT_INVALID
    problems: list[str] = [str(b.error) for b in assignment.broken]
    problems += mistakes_that_are_right(assignment)
    code = EXIT_INVALID if problems else EXIT_OK
    for line in problems:
        print(line, file=out)
    n_valid = len(assignment.problems)
    print(f"{assignment.name}: {n_valid} of {len(assignment.entries)} problem files valid", file=out)
    if assignment.solution is None:
        print(f"{assignment.root / 'assignment.yaml'}: no `solution:` given; cannot prove the expected answers", file=out)
        return max(code, EXIT_FAILED)
    if not assignment.solution.is_file():
        print(f"{assignment.root / 'assignment.yaml'}: solution {assignment.solution} does not exist", file=out)
        return EXIT_INVALID
    result = grade(assignment, assignment.solution, sandbox, timeout=timeout, limits=limits)
    if not result.imported.get("ok"):
        print(f"{assignment.solution}: the reference solution cannot be imported: {result.imported.get('detail')}", file=out)
        return max(code, EXIT_FAILED)
    by_id = {p.id: p for p in assignment.problems}
    lost = ungraded = 0
    for pr in result.problems:
        spec = by_id.get(pr.id)
        if spec is None or pr.status == PASSED:
            continue
        if pr.status == UNGRADED:
            ungraded += 1
            print(f"{spec.file}: {pr.id}: NOT GRADED, {'; '.join(pr.messages)}", file=out)
            continue
        lost += 1
        for case, cr in zip(spec.cases, pr.cases):
            if cr.status != PASSED:
                print(f"{spec.file}:{case.line}: {pr.id} ({cr.name}): reference solution earns no marks: {cr.message}", file=out)
    rel = assignment.solution
    if lost or ungraded:
        print(
            f"{assignment.name}: FAILED: reference solution {rel.name} scores {result.total:g}/{result.max_total:g}; "
            f"{lost} problem(s) lost points, {ungraded} could not be graded",
            file=out,
        )
        return max(code, EXIT_FAILED)
    print(f"{assignment.name}: OK: reference solution {rel.name} earns full marks ({result.total:g}/{result.max_total:g}) on all {len(result.problems)} problems", file=out)
    return code


def mistakes_that_are_right(assignment: Assignment) -> list[str]:
    """Known mistakes that the comparator would accept as right: their feedback would mislead."""
    found = []
    for spec in assignment.problems:
        if not spec.mistakes:
            continue
        try:
            compare = comparators.get(spec.compare)
        except ImportError:
            continue
        for i, m in enumerate(spec.mistakes):
            for case in spec.cases:
                if m.case is not None and m.case != case.name:
                    continue
                try:
                    same = compare(case.expected, m.observed, case.options).passed
                except Exception:  # noqa: BLE001
                    same = False
                if same:
                    found.append(f"{spec.file}: {spec.id}: mistake {i + 1} is accepted as right for case {case.name!r}; its feedback would mislead")
    return found
