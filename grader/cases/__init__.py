"""Making one student's cases: literal cases with their data files loaded, generated cases drawn
from per-student seeds, and every answer that comes from instructor code (the reference
solution's, the mistake implementations') computed on those very inputs.

:func:`prepare` turns a loaded :class:`~grader.spec.Assignment` (its problems hold templates:
``generate`` blocks and ``FROM_SOLUTION`` markers) into one with concrete cases only. It runs in
the grader's process; instructor code runs in trusted children (:mod:`grader.trusted`), and
what it computes is cached on disk (:mod:`grader.answer_cache`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from grader import answer_cache
from grader.cases import data, seeds
from grader.cases.draws import GeneratorCall, draw_case
from grader.spec import Assignment, CaseSpec, ProblemSpec
from grader.spec.authoring import describe_data, split_ref
from grader.spec.load import FROM_SOLUTION
from grader.spec.models import DataRef
from grader.trusted import InstructorError, TrustedCode


class CaseError(RuntimeError):
    """A problem's cases could not be made (instructor code failed, a data file is wrong)."""


def prepare(assignment: Assignment, student: str | None, trusted: TrustedCode, only: set[str] | None = None) -> tuple[Assignment, dict[str, str]]:
    """(the assignment with concrete cases for ``student``, problem id -> why its cases could not be made)."""
    errors: dict[str, str] = {}
    entries: list[Any] = []
    trusted.expect(instructor_files(assignment, only))
    for entry in assignment.entries:
        if not isinstance(entry, ProblemSpec) or (only is not None and entry.id not in only):
            entries.append(entry)
            continue
        try:
            entries.append(prepare_problem(assignment, entry, student, trusted))
        except (InstructorError, data.DataError, CaseError) as exc:
            errors[entry.id] = f"instructor error (not the student's): {exc}"
            entries.append(replace(entry, generate=[]))
    return replace(assignment, entries=entries), errors


def instructor_files(assignment: Assignment, only: set[str] | None = None) -> list[Path]:
    """Every instructor file that making these cases may call: the reference, mistake
    implementations and input generators (started together when the first one is needed)."""
    files: list[Path] = []
    base = assignment.solution.parent if assignment.solution is not None else assignment.root
    for spec in assignment.problems:
        if only is not None and spec.id not in only:
            continue
        if assignment.solution is not None and spec.needs_solution:
            files.append(assignment.solution)
        files += [base / split_ref(m.implementation)[0] for m in spec.mistakes if m.implementation]
        files += [assignment.root / split_ref(d.generator)[0] for g in spec.generate for d in g.inputs.values() if d.generator]
    return list(dict.fromkeys(files))


def prepare_problem(assignment: Assignment, spec: ProblemSpec, student: str | None, trusted: TrustedCode) -> ProblemSpec:
    """``spec`` with concrete cases: data loaded, generated cases drawn, answers computed."""
    if spec.kind != "function":
        return spec
    cases = [_load_data(c, assignment.root) for c in spec.cases]
    cases += _generated(assignment, spec, student)
    cases = _run_generators(assignment.root, cases, trusted)
    spec = replace(spec, cases=cases, generate=[])
    if any(c.expected is FROM_SOLUTION for c in cases):
        if assignment.solution is None:
            raise CaseError("answers from the solution, but assignment.yaml has no `solution:`")
        answers = instructor_values(trusted, assignment.solution, spec.target, spec, [c for c in cases if c.expected is FROM_SOLUTION])
        it = iter(answers)
        cases = [replace(c, expected=next(it)) if c.expected is FROM_SOLUTION else c for c in cases]
    for i, m in enumerate(spec.mistakes):
        if m.implementation is None:
            continue
        file, name = split_ref(m.implementation)
        base = assignment.solution.parent if assignment.solution is not None else assignment.root
        wanted = [c for c in cases if m.case is None or m.case == c.name]
        got = dict(zip((id(c) for c in wanted), instructor_values(trusted, base / file, name, spec, wanted)))
        cases = [replace(c, mistake_values={**c.mistake_values, i: got[id(c)]}) if id(c) in got else c for c in cases]
    return replace(spec, cases=cases)


def call_args(spec: ProblemSpec, case: CaseSpec) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """How ``case`` is passed: positionally in ``args`` order, else by keyword (nested numeric lists as arrays)."""
    inputs = {k: as_input(v, spec.array_inputs) for k, v in case.inputs.items()}
    if spec.args is not None:
        return tuple(inputs[a] for a in spec.args if a in inputs), {}
    return (), inputs


def as_input(value: Any, array_inputs: bool) -> Any:
    """Nested numeric lists become numpy arrays (what a numpy course expects)."""
    if not array_inputs or not isinstance(value, list):
        return value
    try:
        arr = np.asarray(value)
    except ValueError:
        return value
    return arr if arr.dtype.kind in "biuf" else value


def instructor_values(trusted: TrustedCode, file: Path, function: str, spec: ProblemSpec, cases: list[CaseSpec]) -> list[Any]:
    """``function`` of ``file`` called on each case's inputs (from the cache when it has them)."""
    _need(file)
    if spec.checking is not None and spec.checking.scenario:
        return scenario_answers(trusted, file, function, spec, cases)
    calls = [call_args(spec, c) for c in cases]
    k = answer_cache.key(file, function, [list(a) + [kw] for a, kw in calls])
    cached = answer_cache.get(k)
    if cached is not answer_cache.MISS and isinstance(cached, list) and len(cached) == len(cases):
        return cached
    try:
        out = trusted.map(file, function, calls, timeout=max(30.0, sum(c.timeout for c in cases)))
    except InstructorError:  # find the case that fails, for a message naming it
        out = []
        for c, (args, kwargs) in zip(cases, calls):
            try:
                out.append(trusted.call(file, function, args, kwargs, timeout=max(c.timeout, 30.0)))
            except InstructorError as exc:
                raise InstructorError(f"{exc} (on case {c.name!r})") from None
    answer_cache.put(k, out)
    return out


def scenario_answers(trusted: TrustedCode, file: Path, cls: str, spec: ProblemSpec, cases: list[CaseSpec]) -> list[Any]:
    """The parts the reference's class records when each case's scenario runs on it (cached, the
    steps in the key); a step of the reference that raises is the instructor's error."""
    from grader.scenario import answer_of, call_for

    steps = spec.checking.scenario if spec.checking is not None else None
    assert steps
    wires = [call_for(cls, steps, {k: as_input(v, spec.array_inputs) for k, v in c.inputs.items()}, c.timeout).args[0] for c in cases]
    k = answer_cache.key(file, f"{cls} (scenario)", wires)
    cached = answer_cache.get(k)
    if cached is not answer_cache.MISS and isinstance(cached, list) and len(cached) == len(cases):
        return cached
    out = []
    for c, wire in zip(cases, wires):
        try:
            value = trusted.call(file, cls, (wire,), {}, timeout=max(c.timeout, 30.0), kind="scenario")
            out.append(answer_of(value, steps, cls))
        except (InstructorError, ValueError) as exc:
            raise InstructorError(f"{file.name}:{cls} failed: {exc} (on case {c.name!r})") from None
    answer_cache.put(k, out)
    return out


def _judged_without_answers(spec: ProblemSpec) -> bool:
    """Scored by properties or a check, with no `answers: solution`: generated cases need no answer."""
    return spec.checking is not None and spec.checking.judges and not spec.checking.answers


def _need(file: Path) -> None:
    """Instructor code that must be here (the reference is not shipped to students, for example)."""
    if not file.is_file():
        raise InstructorError(f"{file} does not exist: answers computed by instructor code can only be graded "
                              "where that code is (e.g. the reference solution on the instructor's machine or Gradescope)")


def _load_data(case: CaseSpec, root: Path) -> CaseSpec:
    if not any(isinstance(v, DataRef) for v in case.inputs.values()):
        return case
    inputs = {k: data.load(root, v.data, v.key, v.columns) if isinstance(v, DataRef) else v for k, v in case.inputs.items()}
    return replace(case, inputs=inputs)


def _generated(assignment: Assignment, spec: ProblemSpec, student: str | None) -> list[CaseSpec]:
    out: list[CaseSpec] = []
    for b, g in enumerate(spec.generate):
        options = spec.generate_options[b] if b < len(spec.generate_options) else (spec.cases[0].options if spec.cases else {})
        line = spec.generate_line[b] if b < len(spec.generate_line) else 0
        for i in range(g.count):
            if g.seed is not None:
                seed = seeds.fixed_seed(g.seed, spec.id, b, i)
            else:
                seed = seeds.case_seed(assignment.name, assignment.seed, student, spec.id, b, i)
            params, inputs = draw_case(g, seed, assignment.root)
            visibility = g.visibility or spec.visibility
            if g.hidden is not None:
                visibility = "hidden" if i >= g.count - g.hidden else "visible"
            name = (g.name or "generated {i}").format(i=i + 1, seed=seed, **params)
            shown = {k: describe_data(_ref(g.inputs[k])) for k in inputs if g.inputs[k].data is not None} or None
            if shown:
                shown = {k: shown.get(k, v) for k, v in inputs.items()}
            answered = spec.metric is None and not _judged_without_answers(spec)
            out.append(CaseSpec(name, inputs, FROM_SOLUTION if answered else None, g.weight, options,
                                g.timeout or spec.timeout_default, line,
                                visibility=visibility, seed=seed, shown_inputs=shown,
                                expected_from="solution" if spec.metric is None else "literal"))
    return out


def _ref(d: Any) -> DataRef:
    return DataRef(data=d.data, key=d.key, columns=d.columns)


def _run_generators(root: Path, cases: list[CaseSpec], trusted: TrustedCode) -> list[CaseSpec]:
    """Replace every :class:`GeneratorCall` input by what the instructor's generator returns."""
    pending: dict[str, list[tuple[int, str, GeneratorCall]]] = {}
    for ci, c in enumerate(cases):
        for name, v in c.inputs.items():
            if isinstance(v, GeneratorCall):
                pending.setdefault(v.ref, []).append((ci, name, v))
    if not pending:
        return cases
    cases = list(cases)
    for ref, calls in pending.items():
        file, function = split_ref(ref)
        path = root / file
        _need(path)
        k = answer_cache.key(path, function, [[g.seed, dict(g.params)] for _, _, g in calls])
        got = answer_cache.get(k)
        if got is answer_cache.MISS or not isinstance(got, list) or len(got) != len(calls):
            got = trusted.map(path, function, [((g.seed,), dict(g.params)) for _, _, g in calls])
            answer_cache.put(k, got)
        for (ci, name, _), value in zip(calls, got):
            c = cases[ci]
            cases[ci] = replace(c, inputs={**c.inputs, name: value})
    return cases
