"""Grade one submission: make the calls in the sandbox, compare, collect a result.

The only module that knows both the expected answers and how answers are
obtained; it hands each problem's result to ``on_update`` as soon as it is
final, so reports can be written while grading goes on.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


import grader
from grader import compare as comparators
from grader import feedback, judge, judging
from grader.compare.context import Context, expected_shapes
from grader.compare.verdict import Verdict
from grader.locate import definition_sites
from grader.result import (
    ERROR, FAILED, INCOMPLETE, INVALID, NOT_GRADABLE, NOT_RUN, PARTIAL, PASSED, UNGRADED,
    CaseResult, GradeResult, ProblemResult,
)
from grader.sandbox.session import OK, Call, Outcome, Sandbox, Session
from grader.spec import Assignment, BrokenProblem, CaseSpec, ProblemSpec
from grader.submission import open_session, preload_for
from grader.trusted import TrustedCode

Update = Callable[[GradeResult], None]


def new_result(assignment: Assignment, submission: Path, isolation: dict[str, Any] | None = None, only: set[str] | None = None) -> GradeResult:
    """A result with every problem (or ``only`` those named) "not run", broken ones "invalid":
    what a report shows before grading."""
    problems = []
    sites = definition_sites(submission)
    for p in assignment.entries:
        if only is not None and p.id not in only:
            continue
        if isinstance(p, BrokenProblem):
            problems.append(ProblemResult(p.id, p.id, p.id, "", 0.0, status=INVALID, messages=[str(p.error)], file=str(p.file)))
            continue
        problems.append(
            ProblemResult(
                id=p.id, title=p.title, target=p.target, compare=p.compare, max_score=p.points,
                prompt=p.prompt, cases=[_case_result(c) for c in p.cases],
                options=p.cases[0].options if p.cases else {}, file=str(p.file.name), sha256=p.sha256,
                defined_at=sites.get(p.target),
            )
        )
    return GradeResult(
        assignment={"name": assignment.name, "title": assignment.title, "path": str(assignment.root), "sha256": dict(assignment.sha256)},
        submission={"path": str(submission), "sha256": _sha256(submission)},
        problems=problems,
        isolation=isolation or {},
        grader={"name": "grader", "version": grader.__version__},
        started_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        status=INCOMPLETE,
    )


def grade(
    assignment: Assignment,
    submission: Path,
    sandbox: Sandbox,
    *,
    only: set[str] | None = None,
    timeout: float | None = None,
    limits: dict[str, Any] | None = None,
    on_update: Update | None = None,
    warm: Callable[[], None] | None = None,
    session: Session | None = None,
    student: str | None = None,
) -> GradeResult:
    """Grade ``submission`` against every (or ``only`` the named) problem of ``assignment``.

    Resource limits: the sandbox's defaults, then ``assignment.yaml``'s ``limits``, then ``limits``
    (the command line's). ``warm`` (e.g. compiling report templates) runs in a background thread
    while the main thread waits on student code. ``session`` is a session already launched
    for ``submission`` (see :func:`grader.submission.launch`); it is used if its limits are the ones that apply."""
    started = time.perf_counter()
    isolation = {"level": sandbox.config.isolation, "protections": list(getattr(sandbox, "protections", []))}
    config = replace(sandbox.config, **{**assignment.limits, **(limits or {})})
    if session is None or session.config != replace(config, isolation=session.config.isolation):
        if session is not None:
            session.stop()  # launched with other limits than assignment.yaml sets
        session = open_session(sandbox, submission, preload_for(submission), config)
        session.launch()
    trusted = TrustedCode(sandbox)
    from grader.cases import prepare
    from grader.spec import cache

    # while the student's child imports (kept on disk beside a cached assignment)
    assignment, case_errors = cache.prepared(assignment, student, only, lambda: prepare(assignment, student, trusted, only))
    result = new_result(assignment, submission, isolation, only)
    result.student = student
    notify = on_update or (lambda r: None)
    notify(result)
    specs = [p for p in assignment.problems if only is None or p.id in only]
    warming = _warm_up(specs, warm)
    try:
        imported = session.start(import_timeout=assignment.defaults.import_timeout)
        result.imported = _import_info(imported)
        if not imported.ok:
            result.status = NOT_GRADABLE
            for pr in result.problems:
                if pr.status == NOT_RUN:
                    pr.status = NOT_GRADABLE
                    pr.messages = ["not gradable: the submission could not be imported"]
            return result
        by_id = {pr.id: pr for pr in result.problems}
        shapes = expected_shapes(assignment.problems)
        for spec in specs:
            if warming is not None and spec.compare == "symbolic":
                warming.join()  # no other thread may run when the symbolic checks fork
                warming = None
            if spec.id in case_errors:
                pr = by_id[spec.id]
                pr.status, pr.score, pr.messages = ERROR, 0.0, [case_errors[spec.id]]
                notify(result)
                continue
            try:
                grade_problem(spec, session, by_id[spec.id], timeout, shapes=shapes, trusted=trusted)
            except Exception as exc:  # noqa: BLE001 - a grader fault costs this problem only
                pr = by_id[spec.id]
                pr.status, pr.score = ERROR, 0.0
                pr.messages = [f"the grader failed on this problem ({type(exc).__name__}: {exc}); please report it"]
            notify(result)
        result.status = "graded" if all(pr.status != NOT_RUN for pr in result.problems) else INCOMPLETE
    finally:
        if warming is not None:
            warming.join()
        session.stop()
        trusted.close()
        result.seconds = round(time.perf_counter() - started, 4)
        notify(result)
    return result


def grade_problem(spec: ProblemSpec, session: Session, pr: ProblemResult, timeout: float | None,
                  shapes: dict[str, list[tuple[int, ...]]] | None = None, trusted: TrustedCode | None = None) -> ProblemResult:
    """Make every call of ``spec`` and compare; never raises for anything the student did.
    ``shapes``: the expected answers' shapes of every numeric problem (for diagnoses)."""
    started = time.perf_counter()
    try:
        compare = comparators.get(spec.compare)
    except ImportError as exc:
        pr.status = UNGRADED
        pr.messages = [f"could not grade: the {spec.compare} comparison is unavailable ({exc})"]
        return pr
    cases = []
    missing: CaseResult | None = None
    ahead = _calls_ahead(spec)
    upcoming: Any = None  # the next case's call, handed to the child before this case is compared
    for i, case in enumerate(spec.cases):
        if missing is not None:  # the name is missing: the same for every case, say it once
            cr = _case_result(case, spec)
            cr.status, cr.message = FAILED, "not run: see the first case"
            cases.append(cr)
            continue
        if upcoming is None:
            outcome = session.call(_call(spec, case, timeout))
        else:
            outcome = upcoming if isinstance(upcoming, Outcome) else session.receive(upcoming)
            upcoming = None
        if ahead and outcome.ok and i + 1 < len(spec.cases):
            upcoming = session.send(_call(spec, spec.cases[i + 1], timeout))
        cr = grade_case(spec, case, session, compare, timeout, shapes, trusted, outcome=outcome)
        if _is_missing(cr):
            missing = cr
        cases.append(cr)
    pr.cases = cases
    pr.seconds = round(time.perf_counter() - started, 4)
    score_problem(spec, pr)
    if missing is not None:
        pr.messages = [missing.message]
    return pr


def _calls_ahead(spec: ProblemSpec) -> bool:
    """Whether the next case's call may go to the child while this case is compared (the child
    computes while the grader compares): only where comparing never calls the student again
    (no properties, checks or explanations) and calls are independent (no class scenario)."""
    return spec.kind == "function" and spec.checking is None


def _is_missing(cr: CaseResult) -> bool:
    """The target is not defined (or bound to None, or not callable): no student code ran."""
    return bool(cr.error) and cr.error.get("type") in ("MissingName", "NotCallable")


def score_problem(spec: ProblemSpec, pr: ProblemResult) -> ProblemResult:
    """Points from case scores: weighted shares, or all-or-nothing without partial credit."""
    total_w = sum(c.weight for c in pr.cases) or 1.0
    fraction = sum(c.score * c.weight for c in pr.cases) / total_w
    if not spec.partial_credit and fraction < 1.0:
        fraction = 0.0
    pr.score = round(spec.points * fraction, 6)
    n_ok = sum(c.status == PASSED for c in pr.cases)
    if n_ok == len(pr.cases):
        pr.status = PASSED
    elif pr.score > 0:
        pr.status = PARTIAL
    else:
        pr.status = FAILED
    if pr.status != PASSED and len(pr.cases) > 1:
        pr.messages = [f"{n_ok} of {len(pr.cases)} cases right" + ("" if spec.partial_credit else " (all cases are needed for any points)")]
    elif pr.status != PASSED and pr.cases:
        pr.messages = [pr.cases[0].message]
    return pr


def _case_result(case: CaseSpec, spec: ProblemSpec | None = None) -> CaseResult:
    """A case's result before it is graded: what it is, not yet how it went."""
    inputs = None if spec is not None and spec.kind != "function" else (case.shown_inputs or case.inputs)
    return CaseResult(case.name, weight=case.weight, inputs=inputs, expected=case.expected,
                      visibility=case.visibility, seed=case.seed, expected_from=case.expected_from)


def grade_case(spec: ProblemSpec, case: CaseSpec, session: Session, compare: comparators.Comparator, timeout: float | None,
               shapes: dict[str, list[tuple[int, ...]]] | None = None, trusted: TrustedCode | None = None,
               outcome: Outcome | None = None) -> CaseResult:
    """Make the case's call (unless ``outcome`` is its result already) and judge what came back."""
    cr = _case_result(case, spec)
    if case.options != spec.cases[0].options:
        cr.options = case.options
    if outcome is None:
        outcome = session.call(_call(spec, case, timeout))
    cr.seconds = round(outcome.seconds, 6)
    cr.stdout, cr.stderr = outcome.stdout.text, outcome.stderr.text
    cr.notes = list(outcome.notes)
    if outcome.status != OK:
        cr.status, cr.score = ERROR, 0.0
        cr.error = outcome.error or {"type": outcome.status, "message": outcome.detail, "traceback": ""}
        cr.message = outcome.detail or cr.error.get("message", "")
        if _is_missing(cr):
            cr.status, cr.message = FAILED, cr.error["message"]
        return cr
    inputs, limit = _inputs(spec, case), timeout if timeout is not None else case.timeout
    diag = Context(case.inputs, shapes or {}, spec.id)
    part_lines: list[str] = []

    def compare_answer(e: Any, o: Any, opts: dict[str, Any]) -> Verdict:  # parts and metrics (grader.judge)
        v, lines = judge.judge(spec, case.name, e, o, opts, compare, trusted, diag)
        part_lines.extend(lines)
        return v

    verdict, cr.observed = judging.judge(spec, case, outcome.value, inputs, session, limit, compare_answer)
    cr.feedback += part_lines
    explained, check_errors = judging.explain(spec, case, cr.observed, inputs, session, limit, verdict.passed)
    if check_errors:  # an instructor's explain check failed: say so, never at the student's cost
        verdict = Verdict(verdict.score, "error" if verdict.passed else verdict.status, "; ".join([verdict.message, *check_errors]).strip("; "), verdict.details)
    cr.feedback += explained
    cr.score = verdict.score
    cr.status = PASSED if verdict.passed else (ERROR if verdict.status == "error" else FAILED)
    cr.message, cr.details = verdict.message, verdict.details
    context = {"expected": case.expected, "observed": outcome.value, "message": verdict.message, "case": case.name}
    template = spec.feedback.pass_ if verdict.passed else spec.feedback.fail
    if not verdict.passed:
        declared = judge.mistake_feedback(spec, case, outcome.value, compare)
        cr.feedback += [feedback.render(t, **context) for t in declared]
        if declared:  # a declared mistake's feedback has priority over the automatic diagnosis
            cr.message = feedback.without_diagnosis(verdict.message, verdict.details)
            cr.details = {**cr.details, "mistakes": [{"feedback": t} for t in declared]}  # counted by the class report
    if template:
        cr.feedback.append(feedback.render(template, **context))
    return cr


def _warm_up(specs: list[ProblemSpec], extra: Callable[[], None] | None) -> "threading.Thread | None":
    """Import slow comparators (and run ``extra``) in a background thread.

    The main thread mostly waits on the child in ``select`` (the GIL released), so importing
    SymPy (~0.4 s) or compiling report templates costs little wall-clock time when the other
    core is free. The thread is joined before anything forks in this process.
    """
    slow = sorted({p.compare for p in specs} & {"symbolic"})
    if not slow and extra is None:
        return None

    def warm() -> None:
        for kind in slow:
            try:
                comparators.warm_up(kind, [(c.expected, c.options) for p in specs if p.compare == kind for c in p.cases])
            except Exception:  # noqa: BLE001 - reported when the problem is graded
                pass
        if extra is not None:
            try:
                extra()
            except Exception:  # noqa: BLE001 - whatever failed fails again, visibly, when it is used
                pass

    thread = threading.Thread(target=warm, name="grader-warm-up", daemon=True)
    thread.start()
    return thread


def _call(spec: ProblemSpec, case: CaseSpec, timeout: float | None) -> Call:
    limit = timeout if timeout is not None else case.timeout
    if spec.kind == "value":
        return Call(spec.target, "value", timeout=limit)
    scenario_call = judging.call_for(spec, case, _inputs(spec, case), limit)
    if scenario_call is not None:
        return scenario_call
    from grader.cases import call_args

    args, kwargs = call_args(spec, case)
    return Call(spec.target, "function", args, kwargs, limit)


def _inputs(spec: ProblemSpec, case: CaseSpec) -> dict[str, Any]:
    from grader.cases import as_input

    return {k: as_input(v, spec.array_inputs) for k, v in case.inputs.items()}


def _import_info(outcome: Outcome) -> dict[str, Any]:
    return {
        "ok": outcome.ok,
        "status": outcome.status,
        "detail": outcome.detail,
        "error": outcome.error,
        "seconds": round(outcome.seconds, 6),
        "stdout": outcome.stdout.text,
        "stderr": outcome.stderr.text,
        "notes": list(outcome.notes),
    }


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def exit_code(result: GradeResult) -> int:
    """0 when every problem earned full marks, 2 when a problem file is invalid, else 1."""
    if any(p.status == INVALID for p in result.problems):
        return 2
    return 0 if result.all_full_marks else 1
