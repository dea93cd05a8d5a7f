"""``grade check``: prove an assignment sound before students see it.

Every file must validate (all its errors are listed), the reference solution must earn full marks
on every problem, and every problem must prove itself (:mod:`grader.checking`): no mutant of the
reference's answers earns full marks, no stub earns more than its allowed share, the tolerances
are sound and every declared mistake is wrong and triggers its own feedback. A problem that could
not be graded is named, never counted as passed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

from grader.checking.prove import ProblemProof, prove_problem
from grader.custom_checks import every_check
from grader.grade import grade
from grader.result import INVALID, PASSED, UNGRADED, GradeResult
from grader.spec import Assignment, SpecError, load_assignment

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2
PROBLEM_SUFFIXES = (".yaml", ".yml")


def check_assignments(paths: list[Path], sandbox: Any, *, timeout: float | None, out: TextIO, limits: dict[str, Any] | None = None) -> int:
    """Check each assignment; the worst exit code wins (2 invalid > 1 failed > 0)."""
    worst = EXIT_OK
    for path in paths:
        worst = max(worst, check_assignment(path, sandbox, timeout=timeout, out=out, limits=limits))
    return worst


def check_assignment(path: Path, sandbox: Any, *, timeout: float | None, out: TextIO, limits: dict[str, Any] | None = None) -> int:
    """Check one assignment folder; prints what it finds to ``out`` and returns the exit code."""
    try:
        assignment = load_assignment(path)
    except SpecError as exc:
        print(f"{exc}", file=out)
        return EXIT_INVALID
    for b in assignment.broken:
        print(str(b.error), file=out)
    for file in unlisted_files(assignment):
        print(f"{file}: warning: not listed under `problems:` in {assignment.root / 'assignment.yaml'}; it is never graded", file=out)
    code = EXIT_INVALID if assignment.broken else EXIT_OK
    print(f"{assignment.name}: {len(assignment.problems)} of {len(assignment.entries)} problem files valid", file=out)
    if assignment.solution is None:
        print(f"{assignment.root / 'assignment.yaml'}: no `solution:` given; cannot prove the expected answers", file=out)
        return max(code, EXIT_FAILED)
    if not assignment.solution.is_file():
        print(f"{assignment.root / 'assignment.yaml'}: solution {assignment.solution} does not exist", file=out)
        return EXIT_INVALID
    with every_check():  # explanations run on the reference's right answers too: every check is proved
        result = grade(assignment, assignment.solution, sandbox, timeout=timeout, limits=limits)
    if not result.imported.get("ok"):
        print(f"{assignment.solution}: the reference solution cannot be imported: {result.imported.get('detail')}", file=out)
        return max(code, EXIT_FAILED)
    lost, ungraded = _reference_losses(assignment, result, out)
    proofs = _prove(assignment, result, _mistake_values(assignment, sandbox))
    weak = 0
    for proof in proofs:
        for error in proof.errors:
            print(f"{assignment.root / proof.file}: {proof.id}: {error}", file=out)
        weak += bool(proof.errors)
    print_table(proofs, out)
    for line in reference_answers(result):
        print(line, file=out)
    ref = f"reference solution {assignment.solution.name} scores {result.total:g}/{result.max_total:g}"
    if lost or ungraded or weak:
        print(f"{assignment.name}: FAILED: {ref}; {lost} problem(s) lost points, {ungraded} could not be graded, "
              f"{weak} problem(s) let a stub or mutant through or have unsound tolerances or mistakes", file=out)
        return max(code, EXIT_FAILED)
    if code != EXIT_OK:
        print(f"{assignment.name}: INVALID: {len(assignment.broken)} problem file(s) rejected (listed above); "
              f"the {len(assignment.problems)} valid one(s) are sound ({ref})", file=out)
        return code
    print(f"{assignment.name}: OK: reference solution {assignment.solution.name} earns full marks "
          f"({result.total:g}/{result.max_total:g}) on all {len(assignment.problems)} problems, "
          "and every problem rejects its stubs and mutants", file=out)
    return code


def _reference_losses(assignment: Assignment, result: GradeResult, out: TextIO) -> tuple[int, int]:
    """Name every case where the reference solution loses points; (problems that lost, ungraded)."""
    by_id = {p.id: p for p in assignment.problems}
    lost = ungraded = 0
    for pr in result.problems:
        spec = by_id.get(pr.id)
        if spec is None or pr.status in (PASSED, INVALID):
            continue
        if pr.status == UNGRADED:
            ungraded += 1
            print(f"{spec.file}: {pr.id}: NOT GRADED, {'; '.join(pr.messages)}", file=out)
            continue
        lost += 1
        for case, cr in zip(spec.cases, pr.cases):
            if cr.status != PASSED:
                print(f"{spec.file}:{case.line}: {pr.id} ({cr.name}): reference solution earns no marks: {cr.message}", file=out)
    return lost, ungraded


def _mistake_values(assignment: Assignment, sandbox: Any) -> dict[str, dict[str, dict[int, Any]]]:
    """Problem id -> case name -> what each mistake implementation returns on that case's inputs
    (the default student's cases, as the reference run graded them; cached by grader.answer_cache)."""
    if not any(m.implementation for p in assignment.problems for m in p.mistakes):
        return {}
    from grader.cases import prepare
    from grader.trusted import TrustedCode

    trusted = TrustedCode(sandbox)
    try:
        prepared, _errors = prepare(assignment, None, trusted)
    finally:
        trusted.close()
    return {p.id: {c.name: dict(c.mistake_values) for c in p.cases} for p in prepared.problems
            if any(m.implementation for m in p.mistakes)}


def _prove(assignment: Assignment, result: GradeResult, mistake_values: dict[str, dict[str, dict[int, Any]]] | None = None) -> list[ProblemProof]:
    """Prove each problem the reference passed, on the expected answers its cases were graded with
    (and on what its mistake implementations return there)."""
    graded = {pr.id: pr for pr in result.problems if pr.status != INVALID}
    proofs = []
    for spec in assignment.problems:
        pr = graded.get(spec.id)
        if pr is None or pr.status != PASSED:
            continue
        try:
            proofs.append(prove_problem(spec, pr, (mistake_values or {}).get(spec.id)))
        except Exception as exc:  # noqa: BLE001 - a fault in one proof is reported, never counted as proved
            failed = ProblemProof(spec.id, spec.file.name, len(pr.cases))
            failed.errors.append(f"could not be proved (grader fault {type(exc).__name__}: {exc}); please report it")
            proofs.append(failed)
    return proofs


def unlisted_files(assignment: Assignment) -> list[Path]:
    """YAML files in the assignment folder that ``problems:`` does not list (never graded)."""
    listed = {p.file.resolve() for p in assignment.entries}
    head = (assignment.root / "assignment.yaml").resolve()
    return sorted(f for f in assignment.root.iterdir()
                  if f.suffix in PROBLEM_SUFFIXES and f.is_file() and f.resolve() not in listed and f.resolve() != head)


def print_table(proofs: list[ProblemProof], out: TextIO) -> None:
    """One row per problem: cases, mutants caught, the best stub's share, the tolerance."""
    if not proofs:
        return
    rows = [("problem", "cases", "mutants caught", "stub share", "tolerance", "")]
    for p in proofs:
        caught, total = p.caught
        stub = p.stub
        share = f"{stub.share:.0%} ({stub.name})" if stub is not None else "-"
        status = "FAIL" if p.errors else "ok"
        rows.append((p.id, str(p.cases), f"{caught}/{total}" if total else "-", share, p.tolerance, status))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip(), file=out)


def reference_answers(result: GradeResult) -> list[str]:
    """One line per problem whose answers the reference computed on the default student's cases:
    how many, how many cases were generated and how many are hidden."""
    lines = []
    for pr in result.problems:
        computed = [c for c in pr.cases if c.expected_from == "solution"]
        generated = sum(c.seed is not None for c in pr.cases)
        hidden = sum(c.visibility != "visible" for c in pr.cases)
        if computed:
            lines.append(f"{pr.id}: {len(computed)} of {len(pr.cases)} answers computed by the reference "
                         f"({generated} generated cases for the default student, {hidden} hidden)")
    return lines

