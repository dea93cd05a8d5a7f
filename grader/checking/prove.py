"""Prove one problem file: mutants, stubs, tolerances and declared mistakes, with what it found.

The expected answers are taken where they are known: the answers the reference run was compared
with (``CaseResult.expected``), else the problem file's. Everything here is pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from grader import compare as comparators
from grader.checking.mistakes import mistake_problems
from grader.checking.mutants import CaseToProve, MutantScore, mutants, score_mutant
from grader.checking.parts import part_mutants
from grader.checking.tolerance import lint_case
from grader.spec import ProblemSpec

DEFAULT_STUB_SHARE = 0.25
PROVED_KINDS = ("numeric", "exact", "symbolic")


@dataclass
class ProblemProof:
    """What ``grade check`` found for one problem (one row of its table, and its errors)."""

    id: str
    file: str
    cases: int
    scores: list[MutantScore] = field(default_factory=list)
    tolerance: str = ""
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    max_stub_share: float = DEFAULT_STUB_SHARE

    @property
    def caught(self) -> tuple[int, int]:
        """(mutants that lose points, mutants that change some answer); stubs excluded."""
        real = [s for s in self.scores if not s.stub and s.changed]
        return sum(not s.full_marks for s in real), len(real)

    @property
    def stub(self) -> MutantScore | None:
        """The stub that earns the most."""
        stubs = [s for s in self.scores if s.stub]
        return max(stubs, key=lambda s: s.share) if stubs else None


def cases_to_prove(spec: ProblemSpec, graded: Any = None) -> list[CaseToProve]:
    """The problem's cases with the expected answers known now: those of ``graded`` (the
    :class:`~grader.result.ProblemResult` of the reference run: generated cases and answers computed
    by the reference are there), else the problem file's."""
    if graded is not None and graded.cases:
        return [CaseToProve(c.name, c.weight, c.expected, dict(c.options or graded.options)) for c in graded.cases]
    return [CaseToProve(c.name, c.weight, c.expected, dict(c.options)) for c in spec.cases]


def prove_problem(spec: ProblemSpec, graded: Any = None, mistake_values: dict[str, dict[int, Any]] | None = None) -> ProblemProof:
    """Grade every mutant and stub of ``spec``'s answers (those ``graded``, the reference run's
    result for it, was compared with), lint its tolerances and its mistakes (``mistake_values``:
    case name -> mistake index -> what that mistake implementation returns there)."""
    cases = cases_to_prove(spec, graded)
    proof = ProblemProof(spec.id, spec.file.name, len(cases))
    settings = spec.proof
    proof.max_stub_share = settings.max_stub_share if settings is not None else DEFAULT_STUB_SHARE
    allowed = set(settings.allow_mutants) if settings is not None else set()
    checking = getattr(spec, "checking", None)
    if getattr(spec, "metric", None) is not None or (checking is not None and (checking.judges or checking.scenario)):
        proof.notes.append("not mutation-checked: judged by a metric, properties, a check or a scenario")
        return proof
    if spec.compare not in PROVED_KINDS or any(c.expected is None for c in cases):
        proof.notes.append(f"not mutation-checked (compare: {spec.compare})")
        return proof
    try:
        compare = comparators.get(spec.compare)
    except ImportError as exc:
        proof.notes.append(f"not mutation-checked: the {spec.compare} comparison is unavailable ({exc})")
        return proof
    quiet = (lambda o: {**o, "diagnose": False}) if spec.compare == "numeric" else (lambda o: o)

    def score(expected_value: Any, answer: Any, options: dict[str, Any]) -> float:
        """The comparator's score as grading gives it (parts included, see grader.judge)."""
        from grader.judge import judge

        return judge(spec, "", expected_value, answer, quiet(options), compare)[0].score

    if not all(score(c.expected, c.expected, c.options) >= 1.0 for c in cases):
        proof.notes.append("not mutation-checked: the right answers are not accepted when compared with themselves")
        return proof
    mode = cases[0].options.get("mode", "equivalent") if cases else "equivalent"
    parts = getattr(spec, "parts", None)
    made = part_mutants(cases, parts, spec.compare, mode) if parts else mutants(cases, spec.compare, mode)
    best_stub: dict[str, MutantScore] = {}  # per kind of stub (zeros, constant, example): the best
    for name, stub, make in made:
        result = score_mutant(name, stub, make, cases, score, spec.partial_credit)
        if result is None:
            continue
        proof.scores.append(result)
        if stub:
            kind = name.split()[0]
            if kind not in best_stub or result.share > best_stub[kind].share:
                best_stub[kind] = result
        elif result.changed and result.full_marks and name not in allowed:
            proof.errors.append(f"mutant '{name}' earns full marks; cases that let it through: {_names(result.accepted)}")
        elif not result.changed:
            proof.notes.append(f"mutant '{name}' changes no answer (not tested by these cases)")
    for result in best_stub.values():
        if result.share > proof.max_stub_share + 1e-9:
            proof.errors.append(f"stub '{result.name}' earns {result.share:.0%} of the points (more than {proof.max_stub_share:.0%}); "
                                f"cases that let it through: {_names(result.accepted)}")
    if spec.compare == "numeric":
        lines = {c.name: c.line for c in spec.cases}
        for c in cases:
            where = f" (line {lines[c.name]})" if lines.get(c.name) else ""
            for label, value, options in _linted(c, parts):
                for problem in lint_case(value, options, spec.prompt):
                    proof.errors.append(f"case {c.name!r}{where}{label}: {problem}")
        proof.tolerance = _tolerance_words([CaseToProve(c.name, c.weight, value, options) for c in cases
                                            for _, value, options in _linted(c, parts)[:1]])
    else:
        proof.tolerance = spec.compare
    proof.errors += mistake_problems(spec.mistakes, cases, compare, mistake_values)
    if settings is not None:
        proof.notes.append(f"proof settings: {settings.reason}")
    proof.errors = list(dict.fromkeys(proof.errors))
    return proof


def _tolerance_words(cases: list[CaseToProve]) -> str:
    from grader.compare.numeric import tolerance_rule

    rules = []
    for c in cases:
        try:
            rule = tolerance_rule(c.options, c.expected)
        except (ValueError, TypeError):
            continue
        if rule not in rules:
            rules.append(rule)
    return rules[0] + (f" (+{len(rules) - 1} other)" if len(rules) > 1 else "") if rules else ""


def _linted(case: CaseToProve, parts: Any) -> list[tuple[str, Any, dict[str, Any]]]:
    """(label, expected, options) to lint: the whole answer, or each part with its own options."""
    if not parts:
        return [("", case.expected, case.options)]
    from grader.compare.parts import pick

    out = []
    for j, part in enumerate(parts):
        try:
            out.append((f", part {part.name}", pick(case.expected, part, j), {**case.options, **part.options}))
        except (KeyError, IndexError, TypeError):
            continue
    return out


def _names(cases: list[str]) -> str:
    return ", ".join(repr(n) for n in cases) or "none"
