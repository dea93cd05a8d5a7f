"""Layered equivalence of a student's answer with the expected one, within a time budget.

1. cheap exact checks (structural equality after canonicalisation: function
   definitions substituted, derivatives evaluated);
2. randomized numeric evaluation at many points of the declared domain
   (:mod:`grader.symbolic.numeric`), which refutes wrong answers with a counterexample;
3. a symbolic proof (expand / cancel / trigsimp / simplify of the difference).

Stages 1-3 run in a forked child killed at the deadline (:mod:`grader.symbolic.budget`);
the child reports after each stage so the best verdict found in time is kept. Once the
numeric stage agrees, the proof gets at most ``proof_time`` more seconds (a proof only
turns "numerically equivalent" into "proved"; both score as right by default).

Verdict kinds: ``proved``, ``numeric`` (numerically equivalent, not proved),
``not_equivalent`` (with a counterexample when one was found) and ``undecided``.
"""

from __future__ import annotations

import random
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from grader.symbolic import asymptotic
from grader.symbolic.budget import Report, run_with_deadline
from grader.symbolic.diagnose import diagnose
from grader.symbolic.equations import compare_equations, equation_part, prove_equations
from grader.symbolic.forms import check_forms
from grader.symbolic.names import Namespace
from grader.symbolic.numeric import compare_at_points

PROVED, NUMERIC, NOT_EQUIVALENT, UNDECIDED = "proved", "numeric", "not_equivalent", "undecided"
_RANK = {NOT_EQUIVALENT: 0, UNDECIDED: 1, NUMERIC: 2, PROVED: 3}


@dataclass
class Result:
    """Outcome of one check. ``equivalent`` is True (proved or numerically equivalent),
    False (not equivalent) or None (undecided within the time limit)."""

    equivalent: bool | None
    kind: str
    reason: str
    counterexample: dict[str, Any] | None = None
    component: int | None = None  # index of the offending element of a tuple/list/matrix
    forms_failed: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    #: for a wrong answer: why, from :mod:`grader.symbolic.diagnose` ({"names", "message", ...})
    diagnoses: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Options:
    """How to compare: see :func:`check`."""

    rtol: float | None = None
    time_limit: float = 2.0
    proof_time: float = 0.12
    mode: str = "equivalent"  # or "asymptotic"
    variables: tuple[str, ...] | None = None
    forms: tuple[str, ...] = ()
    points: int = 24


# --------------------------------------------------------------------- structure


def _flatten(value: Any) -> tuple[str, Any, list[Any]]:
    """(shape kind, shape, elements) of a parsed value."""
    if isinstance(value, sympy.MatrixBase):
        return "matrix", value.shape, list(value)
    if isinstance(value, tuple):
        return "tuple", len(value), list(value)
    if isinstance(value, list):
        return "list", len(value), list(value)
    return "scalar", None, [value]


def _describe(kind: str, shape: Any) -> str:
    if kind == "matrix":
        return f"a {shape[0]}x{shape[1]} matrix"
    if kind in ("tuple", "list"):
        return f"a {kind} of {shape} element{'s' if shape != 1 else ''}"
    return "a single expression"


def _pairs(expected: Any, answer: Any) -> list[tuple[Any, Any]] | str:
    ek, es, ee = _flatten(expected)
    ak, as_, ae = _flatten(answer)
    same_kind = ek == ak or {ek, ak} == {"tuple", "list"}
    if not same_kind or es != as_:
        return f"expected {_describe(ek, es)}, your answer is {_describe(ak, as_)}"
    return list(zip(ee, ae))


# --------------------------------------------------------------------- canonical form


def canonical(value: Any, ns: Namespace) -> Any:
    """Substitute declared function definitions and evaluate derivatives and ``Subs``."""
    if not isinstance(value, sympy.Basic):
        return value
    for decl in ns.functions.values():
        if decl.definition is not None and value.has(decl.func):
            lam = decl.definition
            value = value.replace(decl.func, lambda *args, lam=lam: lam(*args))
    if value.has(sympy.Derivative, sympy.Subs):
        value = value.replace(lambda e: isinstance(e, (sympy.Derivative, sympy.Subs)), lambda e: e.doit())
    return value


def _instantiate_undefined(exprs: list[Any], rng: random.Random) -> list[Any]:
    """Replace undefined functions by one random concrete function (the same on both
    sides), so that they can be evaluated; derivatives of them are then evaluated."""
    funcs: set[tuple[Any, int]] = set()
    for e in exprs:
        if isinstance(e, sympy.Basic):
            funcs |= {(app.func, len(app.args)) for app in e.atoms(AppliedUndef)}
    if not funcs:
        return exprs
    out = exprs
    for func, nargs in sorted(funcs, key=str):  # f(x) and f(x, y) are different functions
        ts = sympy.symbols(f"_t0:{nargs}")
        r = lambda lo, hi: sympy.Rational(rng.randint(lo, hi), rng.randint(2, 5))  # noqa: E731
        body = sum((r(1, 9) * sympy.sin(r(1, 7) * t + r(0, 5)) + r(-5, 5) * t for t in ts), sympy.Integer(0))
        body += r(1, 5) * sympy.exp(sum(ts, sympy.Integer(0)) / 7) + r(1, 9)
        lam = sympy.Lambda(ts, body)

        def instance(*args: Any, func: Any = func, nargs: int = nargs, lam: Any = lam) -> Any:
            return lam(*args) if len(args) == nargs else func(*args)

        out = [e.replace(func, instance) if isinstance(e, sympy.Basic) else e for e in out]
    return [
        e.replace(lambda x: isinstance(x, (sympy.Derivative, sympy.Subs)), lambda x: x.doit()) if isinstance(e, sympy.Basic) else e
        for e in out
    ]


# --------------------------------------------------------------------- the stages


def _is_expr(v: Any) -> bool:
    return isinstance(v, sympy.Expr)


def _type_mismatch(a: Any, b: Any) -> str | None:
    def kind(v: Any) -> str:
        if isinstance(v, sympy.Expr):
            return "an expression"
        if isinstance(v, sympy.Equality):
            return "an equation"
        if isinstance(v, (sympy.Rel, sympy.logic.boolalg.Boolean)):
            return "a condition"
        return "an expression"

    ka, kb = kind(a), kind(b)
    if ka != kb and not (isinstance(a, sympy.Equality) and b in (sympy.true, sympy.false)):
        return f"expected {ka}, your answer is {kb}"
    return None


def _infinite(e: Any) -> bool:
    """``oo``, ``-oo``, ``zoo``, ``nan`` and other constant infinities (``I*oo``)."""
    return isinstance(e, sympy.Expr) and not e.free_symbols and (e is sympy.nan or e.is_infinite is True)


def _infinities_differ(a: Any, b: Any) -> bool:
    """A constant infinity against a different infinity, a finite constant or an
    expression of the symbols (which is finite where it is defined)."""
    for one, other in ((a, b), (b, a)):
        if _infinite(one) and isinstance(other, sympy.Expr):
            if _infinite(other) or other.free_symbols or other.is_finite is True:
                return True
    return False


def _arities(e: Any) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    if isinstance(e, sympy.Basic):
        for app in e.atoms(AppliedUndef):
            out.setdefault(str(app.func), set()).add(len(app.args))
    return out


def _arity_mismatch(a: Any, b: Any) -> str | None:
    """"your answer applies f to 2 arguments, the expected answer to 1" when they differ."""
    ea, eb = _arities(a), _arities(b)
    for name in sorted(set(ea) & set(eb)):
        if ea[name] != eb[name]:
            show = lambda ns: " or ".join(map(str, sorted(ns)))  # noqa: E731
            mine = "argument" if eb[name] == {1} else "arguments"
            return f"your answer applies {name} to {show(eb[name])} {mine}, the expected answer to {show(ea[name])}"
    return None


def _cheap(a: Any, b: Any) -> dict[str, Any] | None:
    mismatch = _type_mismatch(a, b)
    if mismatch:
        return {"kind": NOT_EQUIVALENT, "reason": mismatch}
    if a == b:
        return {"kind": PROVED, "reason": "identical after canonical simplification"}
    if _infinities_differ(a, b):
        return {"kind": NOT_EQUIVALENT, "reason": f"expected {a}, your answer is {b}"}
    if _is_expr(a) and _is_expr(b) and (a - b) == 0:
        return {"kind": PROVED, "reason": "identical after canonical simplification"}
    return None


def _numeric(a: Any, b: Any, rng: random.Random, opts: Options, deadline: float) -> dict[str, Any]:
    if isinstance(a, sympy.Equality) or isinstance(b, sympy.Equality):
        return _numeric_equation(a, b, rng, opts, deadline)
    if not (_is_expr(a) and _is_expr(b)):
        return {"kind": UNDECIDED, "reason": "conditions are only compared exactly"}
    a_eval, b_eval = _instantiate_undefined([a, b], rng)
    symbols = sorted(a_eval.free_symbols | b_eval.free_symbols, key=str)
    res = compare_at_points(a_eval, b_eval, symbols, rng, rtol=opts.rtol, points=opts.points, deadline=deadline)
    if res.kind == "differ":
        reason = _arity_mismatch(a, b) or "the values differ"
        return {"kind": NOT_EQUIVALENT, "reason": reason, "counterexample": res.counterexample, "_pair": (a_eval, b_eval)}
    if res.kind == "agree":
        return {"kind": NUMERIC, "reason": f"equal at {res.agreeing} random points", "points": res.agreeing}
    return {"kind": UNDECIDED, "reason": "too few points where both sides are defined"}


def _is_rational_over_q(e: Any) -> bool:
    """A rational function of the symbols with rational coefficients: ``cancel`` is then a
    canonical form, so a non-zero result proves the difference is not zero."""
    return all(
        isinstance(n, (sympy.Add, sympy.Mul, sympy.Symbol, sympy.Rational)) or (isinstance(n, sympy.Pow) and n.exp.is_Integer)
        for n in sympy.preorder_traversal(e)
    )


def _refute_exactly(a: Any, b: Any, opts: Options) -> str | None:
    """Why ``a - b`` is certainly not zero, for rational functions that agreed numerically
    (``x*(1 + 10**-40)`` against ``x`` agrees to 30 digits); None when not decided so."""
    if opts.rtol is not None or not (_is_expr(a) and _is_expr(b)):
        return None
    d = b - a
    if not _is_rational_over_q(d):
        return None
    c = sympy.cancel(d)
    if c == 0:
        return None
    shown = str(c)
    return f"your answer differs from the expected one by {shown}" if len(shown) <= 60 else "your answer differs from the expected one by a non-zero rational function"


def _prove(a: Any, b: Any, ns: Namespace) -> str | None:
    """Name of the transformation that reduces ``a - b`` to 0, or None."""
    if isinstance(a, sympy.Equality) and isinstance(b, sympy.Equality):
        return _prove_equation(a, b)
    if not (_is_expr(a) and _is_expr(b)):
        return "logic" if sympy.simplify_logic(sympy.Equivalent(a, b)) is sympy.true else None
    d = a - b
    steps = (
        ("expand", sympy.expand),
        ("cancel", sympy.cancel),
        ("together", lambda e: sympy.expand(sympy.together(e))),
        ("trigsimp", sympy.trigsimp),
        ("simplify", sympy.simplify),
        ("rewrite(exp)", lambda e: sympy.simplify(e.rewrite(sympy.exp))),
    )
    for name, step in steps:
        if step(d) == 0:
            return name
    return None


# --------------------------------------------------------------------- equations


def _numeric_equation(a: Any, b: Any, rng: random.Random, opts: Options, deadline: float) -> dict[str, Any]:
    """Equations are equivalent when they have the same solution set (:mod:`grader.symbolic.equations`)."""
    da, db = equation_part(a), equation_part(b)
    if da is None or db is None:
        return {"kind": NOT_EQUIVALENT, "reason": _type_mismatch(a, b) or "not an equation"}
    if b is sympy.false:
        return {"kind": NOT_EQUIVALENT, "reason": "your equation has no solutions"}
    da, db = _instantiate_undefined([da, db], rng)
    return compare_equations(da, db, rng, deadline)


def _prove_equation(a: Any, b: Any) -> str | None:
    da, db = equation_part(a), equation_part(b)
    if da is None or db is None:
        return None
    return prove_equations(da, db)


# --------------------------------------------------------------------- orchestration


def _combine(states: list[dict[str, Any] | None], forms_failed: list[str] | None) -> dict[str, Any]:
    worst_i = min(range(len(states)), key=lambda i: _RANK[(states[i] or {"kind": UNDECIDED})["kind"]])
    worst = dict(states[worst_i] or {"kind": UNDECIDED, "reason": "not checked in time"})
    if len(states) > 1 and worst["kind"] in (NOT_EQUIVALENT, UNDECIDED):
        worst["component"] = worst_i
    if forms_failed is not None:
        worst["forms_failed"] = forms_failed
    return worst


def _work(
    pairs: list[tuple[Any, Any]],
    raw_answer: Any,
    decimals: bool,
    ns: Namespace,
    opts: Options,
    seed: int,
    report: Report,
    start: float,
) -> None:
    deadline = start + opts.time_limit
    rng = random.Random(seed)
    prepared = [(canonical(a, ns), canonical(b, ns)) for a, b in pairs]
    forms_failed = check_forms(raw_answer, list(opts.forms), decimals) if opts.forms else []
    if opts.mode == "asymptotic":
        _work_asymptotic(prepared, ns, opts, rng, deadline, forms_failed, report)
        return
    states: list[dict[str, Any] | None] = [_cheap(a, b) for a, b in prepared]
    if all(s is not None for s in states):
        report(_combine(states, forms_failed))
        return
    numeric_deadline = start + 0.6 * opts.time_limit
    for i, (a, b) in enumerate(prepared):
        if states[i] is None:
            # solving equations is the decision itself: it may use the proof's share too
            equation = isinstance(a, sympy.Equality) or isinstance(b, sympy.Equality)
            states[i] = _numeric(a, b, rng, opts, start + 0.9 * opts.time_limit if equation else numeric_deadline)
            if states[i]["kind"] == NOT_EQUIVALENT:
                pair = states[i].pop("_pair", None)
                report(_combine(states, forms_failed))
                if pair is not None and opts.rtol is None:  # the verdict is sent: the diagnosis is a bonus
                    found = diagnose(*pair, rng)
                    if found:
                        states[i]["diagnoses"] = found
                        report(_combine(states, forms_failed))
                return
    snapshot = _combine(states, forms_failed)
    if snapshot["kind"] == NUMERIC:
        snapshot["__deadline__"] = time.monotonic() - start + opts.proof_time
    report(snapshot)
    for i, (a, b) in enumerate(prepared):
        if states[i]["kind"] in (NUMERIC, UNDECIDED):
            refuted = _refute_exactly(a, b, opts)
            if refuted:
                states[i] = {"kind": NOT_EQUIVALENT, "reason": refuted}
                report(_combine(states, forms_failed))
                return
            method = _prove(a, b, ns)
            if method:
                states[i] = {"kind": PROVED, "reason": f"proved ({method})"}
                report(_combine(states, forms_failed))


def _work_asymptotic(
    prepared: list[tuple[Any, Any]],
    ns: Namespace,
    opts: Options,
    rng: random.Random,
    deadline: float,
    forms_failed: list[str],
    report: Report,
) -> None:
    names = opts.variables if opts.variables is not None else tuple(ns.symbols)
    variables = [ns.symbols[n] for n in names if n in ns.symbols]
    states: list[dict[str, Any] | None] = []
    for a, b in prepared:
        mismatch = _type_mismatch(a, b)
        if mismatch or not (_is_expr(a) and _is_expr(b)):
            states.append({"kind": NOT_EQUIVALENT, "reason": mismatch or "expected a cost expression"})
            continue
        if a == b:
            states.append({"kind": PROVED, "reason": "identical"})
            continue
        state = asymptotic.compare_growth(a, b, variables, rng, deadline)
        states.append(state)
    report(_combine(states, forms_failed))
    for i, (a, b) in enumerate(prepared):
        if states[i]["kind"] == NUMERIC and asymptotic.proved_same_order(a, b, variables):
            states[i] = {"kind": PROVED, "reason": "proved: the ratio is a positive constant"}
            report(_combine(states, forms_failed))


def _to_result(outcome_last: dict[str, Any] | None, error: str, elapsed: float, time_limit: float) -> Result:
    if outcome_last is None:
        reason = f"could not decide within {time_limit:g} s" if not error else f"the check failed: {error}"
        return Result(None, UNDECIDED, reason, elapsed=elapsed)
    kind = outcome_last["kind"]
    equivalent = {PROVED: True, NUMERIC: True, NOT_EQUIVALENT: False}.get(kind)
    reason = str(outcome_last.get("reason", ""))
    if kind == UNDECIDED and error:
        reason = f"{reason}; the check failed: {error}"
    return Result(
        equivalent,
        kind,
        reason,
        counterexample=outcome_last.get("counterexample"),
        component=outcome_last.get("component"),
        forms_failed=list(outcome_last.get("forms_failed", [])),
        elapsed=elapsed,
        diagnoses=list(outcome_last.get("diagnoses", [])),
    )


def check(
    expected: Any,
    answer: Any,
    ns: Namespace,
    opts: Options = Options(),
    *,
    decimals: bool = False,
    started: float | None = None,
    seed: int | None = None,
) -> Result:
    """Compare parsed values ``expected`` and ``answer`` (SymPy objects, tuples, lists or
    matrices) under ``opts``, returning within ``opts.time_limit`` seconds of ``started``
    (a ``time.monotonic()`` value, default now: the caller's parsing counts when given).
    ``seed`` fixes the random points (default: from the printed values)."""
    started = time.monotonic() if started is None else started
    pairs = _pairs(expected, answer)
    if isinstance(pairs, str):
        return Result(False, NOT_EQUIVALENT, pairs, elapsed=time.monotonic() - started)
    rtol_applies = opts.rtol is not None and decimals
    opts_used = opts if rtol_applies or opts.rtol is None else Options(**{**opts.__dict__, "rtol": None})
    if seed is None:  # callers holding the texts pass their checksum: printing a long answer is slow
        seed = zlib.crc32(f"{expected}|{answer}".encode())

    def work(report: Report) -> None:
        _work(pairs, answer, decimals, ns, opts_used, seed, report, started)

    outcome = run_with_deadline(work, opts.time_limit, deadline_key="__deadline__", started=started)
    return _to_result(outcome.last, outcome.error, outcome.elapsed, opts.time_limit)


def normalise_symbols(symbols: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    return {str(k): dict(v or {}) for k, v in (symbols or {}).items()}
