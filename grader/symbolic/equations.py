"""Equations compared by solution set, including equations with parameters and implicit
relations between several symbols.

Two equations are equivalent when they have the same solutions. With several symbols,
each symbol in turn is solved for while the others (the parameters) are held at a few
sample values, nice ones and complex ones where the symbols are complex: every solution
of either equation must solve the other, at every such slice. So ``Eq(x*y, 1)`` and
``Eq(y, 1/x)`` agree (``y = 1/x`` and ``x = 1/y`` on both sides), and ``Eq(x**3, b)`` is
not ``Eq(x, b**(1/3))`` over the complex numbers (two of the three cube roots of ``b``
solve only the first). A solution that one equation has and the other lacks is the
counterexample.
"""

from __future__ import annotations

import random
import time
from typing import Any

import mpmath
import sympy

from grader.symbolic.evaluate import PrecisionLoss, compile_expr
from grader.symbolic.numeric import random_points, required_points, sample_points, show_input, show_value, to_mp
from grader.symbolic.sampling import fits, real_zeros

NUMERIC, NOT_EQUIVALENT, UNDECIDED = "numeric", "not_equivalent", "undecided"
ALL = "all"  # every value of the symbol solves the equation at this slice
SLICES = 3  # parameter values per solved-for symbol
MAX_SOLUTIONS = 8
MAX_SINGULAR = 4  # extra parameter values where a denominator vanishes


def equation_part(e: Any) -> Any:
    """``lhs - rhs`` of an equation (``true`` is ``0 = 0``), else None."""
    if e is sympy.true:
        return sympy.Integer(0)
    if isinstance(e, sympy.Equality):
        return e.lhs - e.rhs
    return None


def compare_equations(da: Any, db: Any, rng: random.Random, deadline: float) -> dict[str, Any]:
    """A state dict for the equations ``da = 0`` (expected) and ``db = 0`` (answer)."""
    symbols = sorted(da.free_symbols | db.free_symbols, key=str)
    if _same_singularities(da, db) and _proportional(da, db, symbols, rng):
        return {"kind": NUMERIC, "reason": "the equations are multiples of each other"}
    matched, unknown = 0, 0
    singular = _denominators(da, db)
    for target in sorted(symbols, key=lambda t: _hard_to_solve(da, db, t)):  # cheap refutations first
        others = [s for s in symbols if s != target]
        for fixed in _slices(others, rng, singular):
            if time.monotonic() > deadline:
                return {"kind": UNDECIDED, "reason": "could not compare the solution sets in time"}
            first, second = _solutions(da, target, fixed), _solutions(db, target, fixed)
            if first is None or second is None:
                unknown += 1
                continue
            for sols, other, whose in ((first, db, "expected"), (second, da, "observed")):
                found = _not_solving(sols, other, target, fixed, rng)
                if found is not None:
                    return _refuted(found, whose)
            matched += 1
    if matched and not unknown:
        return {"kind": NUMERIC, "reason": f"the same solutions in each symbol at {matched} sample values of the others"}
    return {"kind": UNDECIDED, "reason": "could not compare the solution sets"}


def _same_singularities(da: Any, db: Any) -> bool:
    """Whether both sides have the same denominators: only then does a constant ratio
    mean the same solutions (``(x**2 - 1)/(x - 1) - y`` is ``x + 1 - y`` but for ``x = 1``)."""
    return set(_denominators(da)) == set(_denominators(db))


def _proportional(da: Any, db: Any, symbols: list[Any], rng: random.Random) -> bool:
    """(lhs - rhs) of one is a constant non-zero multiple of the other's at 8 points."""
    fa, fb = compile_expr(da), compile_expr(db)
    ratios = []
    for p in sample_points(symbols, rng, 8):
        with mpmath.workdps(40):
            try:
                env = {s: to_mp(v) for s, v in p.items()}
                va, vb = fa(env), fb(env)
                if vb != 0 and va != 0:
                    ratios.append(va / vb)
            except (ArithmeticError, ValueError, TypeError):
                continue
    return len(ratios) >= 4 and all(abs(r - ratios[0]) <= abs(ratios[0]) * 1e-25 for r in ratios)


def _slices(others: list[Any], rng: random.Random, singular: list[Any]) -> list[dict[Any, Any]]:
    """Values of the parameters: a nice real one, a nice complex one (for complex
    symbols), a random one, and those where a denominator in ``singular`` vanishes
    (``Eq(x/y, 2)`` lacks the solution ``x = 0`` of ``Eq(x, 2*y)`` only at ``y = 0``)."""
    if not others:
        return [{}]
    nice = required_points(others)
    out = [nice[0], random_points(others, rng, 1)[0]]
    if any(not s.is_real for s in others):
        out.insert(1, nice[3])  # a complex value: branches differ off the real line
    for u in singular:
        for p in sorted(u.free_symbols & set(others), key=str):
            for root in real_zeros(u, p, nice[0])[:2]:
                if fits(p, root):
                    out.append({**nice[0], p: root})
    unique: list[dict[Any, Any]] = []
    for p in out:
        if p not in unique:
            unique.append(p)
    return unique[: SLICES + MAX_SINGULAR]


def _denominators(*exprs: Any) -> list[Any]:
    """Bases of negative powers: where the equations may be undefined."""
    found: list[Any] = []
    for e in exprs:
        for p in e.atoms(sympy.Pow):
            if p.exp.is_negative and p.base.free_symbols and p.base not in found:
                found.append(p.base)
    return found[:MAX_SINGULAR]


def _exact(v: Any) -> Any:
    if isinstance(v, tuple):
        return sympy.Rational(v[0].numerator, v[0].denominator) + sympy.I * sympy.Rational(v[1].numerator, v[1].denominator)
    return sympy.Rational(v.numerator, v.denominator)


def _solutions(d: Any, target: Any, fixed: dict[Any, Any]) -> list[Any] | str | None:
    """Solutions of ``d = 0`` in ``target`` with the parameters at ``fixed``: a list,
    ``ALL`` (the slice is identically satisfied), or None (could not solve)."""
    sub = d.subs({s: _exact(v) for s, v in fixed.items()})
    if sub.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return []  # undefined on this slice: no solutions
    if target not in sub.free_symbols:
        value = _value(sub, {})
        if value is None:
            return None
        return ALL if abs(value) <= mpmath.mpf("1e-30") else []
    roots = _polynomial_roots(sub, target)
    if roots is not None:
        return [r for r in roots if _satisfies(target, r) and _solves(sub, target, r)][:MAX_SOLUTIONS]
    if not _algebraic_in(sub, target):  # periodic families: solve gives only principal ones
        found = _solveset(sub, target)
        if found is not None:
            return found
    try:  # SymPy's own check of each solution is slow: each is checked numerically instead
        found = list(sympy.solve(sub, target, check=False))
    except (NotImplementedError, ValueError, TypeError, ZeroDivisionError):
        return None
    return [sol for sol in found if _satisfies(target, sol) and _solves(sub, target, sol)][:MAX_SOLUTIONS]


def _solves(sub: Any, target: Any, sol: Any) -> bool:
    """Whether ``target = sol`` solves ``sub = 0`` (it is defined there and zero to 30 digits)."""
    with mpmath.workdps(50):
        try:
            point = compile_expr(sol)({})
            value = compile_expr(sub)({target: point})
        except PrecisionLoss:
            return True  # a sum cancelled to exactly zero
        except (ArithmeticError, ValueError, TypeError, OverflowError, KeyError):
            return False
        return bool(mpmath.isfinite(value)) and abs(value) <= mpmath.mpf("1e-30") * max(1, abs(point))


ROOT_DPS = 60


def _hard_to_solve(da: Any, db: Any, target: Any) -> int:
    """How many of the two equations are not polynomial in ``target`` (solved the slow way)."""
    hard = 0
    for d in (da, db):
        try:
            hard += not sympy.fraction(sympy.together(d))[0].is_polynomial(target)
        except (ValueError, TypeError):
            hard += 1
    return hard


def _polynomial_roots(sub: Any, target: Any) -> list[Any] | None:
    """Every root of the numerator when it is a polynomial in ``target`` with numeric
    coefficients: exact when linear, else to 60 digits (mpmath's ``polyroots``, far faster
    than ``solve`` on a cubic); None when it is not such a polynomial."""
    try:
        num, _den = sympy.fraction(sympy.together(sub))
        if not num.is_polynomial(target):
            return None
        poly = sympy.Poly(num, target)
    except (sympy.PolynomialError, ValueError, TypeError):
        return None
    coeffs = poly.all_coeffs()
    if not all(c.is_number for c in coeffs) or poly.degree() < 1:
        return None
    if poly.degree() == 1:
        return [-coeffs[1] / coeffs[0]]
    with mpmath.workdps(ROOT_DPS):
        try:
            values = [compile_expr(c)({}) for c in coeffs]
            found = mpmath.polyroots(values, maxsteps=200, extraprec=2 * ROOT_DPS)
        except (ArithmeticError, ValueError, TypeError, mpmath.libmp.NoConvergence):
            return None
        out = []
        for r in found:
            r = mpmath.mpc(r)
            re, im = r.real, r.imag
            if abs(im) <= mpmath.mpf(10) ** (10 - ROOT_DPS) * max(1, abs(r)):
                im = mpmath.mpf(0)  # a real root with rounding noise
            value = sympy.Float(re, ROOT_DPS) + (sympy.I * sympy.Float(im, ROOT_DPS) if im else 0)
            out.append(_simple(value))
    return out


def _simple(value: Any) -> Any:
    """A short exact number equal to the root to 40 digits (-2, 1/2, sqrt(2)), for readable
    counterexamples; the root itself otherwise."""
    try:
        exact = sympy.nsimplify(value, tolerance=1e-40, rational=False)
    except (ValueError, TypeError, sympy.SympifyError):
        return value
    return exact if exact.is_number and len(str(exact)) <= 24 and not exact.has(sympy.Float) else value


def _algebraic_in(e: Any, target: Any) -> bool:
    """Only sums, products and (rational) powers involve ``target``: ``solve`` then finds
    every solution, and much faster than ``solveset``."""
    for node in sympy.preorder_traversal(e):
        if isinstance(node, (sympy.Add, sympy.Mul, sympy.Symbol, sympy.Number, sympy.NumberSymbol)) or node is sympy.I:
            continue
        if isinstance(node, sympy.Pow) and (node.exp.is_Rational or not node.exp.has(target)):
            continue
        if not node.has(target):
            continue
        return False
    return True


def _solveset(sub: Any, target: Any) -> list[Any] | None:
    """Solutions from ``solveset`` (complete for periodic families: ``exp(x) = 1`` has
    ``x = 2*pi*I*n``, of which a few ``n`` are taken), restricted to the symbol's
    assumptions; None when the result is not a plain set of solutions."""
    domain = sympy.S.Reals if target.is_real else sympy.S.Complexes
    try:
        result = sympy.solveset(sub, target, domain)
    except (NotImplementedError, ValueError, TypeError, ZeroDivisionError):
        return None
    members = _members(result)
    if members is None:
        return None
    return [m for m in members if _satisfies(target, m)][:MAX_SOLUTIONS]


def _members(result: Any) -> list[Any] | None:
    if isinstance(result, sympy.FiniteSet):
        return list(result.args)
    if result is sympy.S.EmptySet:
        return []
    if isinstance(result, sympy.Union):
        out: list[Any] = []
        for part in result.args:
            members = _members(part)
            if members is None:
                return None
            out += members
        return out
    if isinstance(result, sympy.ImageSet) and len(result.lamda.variables) == 1 and result.base_sets == (sympy.S.Integers,):
        n = result.lamda.variables[0]
        return [result.lamda.expr.subs(n, k) for k in (0, 1, -1, 2)]
    return None


def _satisfies(target: Any, value: Any) -> bool:
    """Whether a solution lies in the domain the symbol's assumptions declare."""
    checks = [(target.is_positive, value.is_positive), (target.is_negative, value.is_negative),
              (target.is_nonnegative, value.is_nonnegative), (target.is_nonpositive, value.is_nonpositive),
              (target.is_integer, value.is_integer), (target.is_nonzero, value.is_nonzero)]
    return all(not required or holds is not False for required, holds in checks)


def _value(e: Any, env: dict[Any, Any]) -> Any:
    with mpmath.workdps(50):
        try:
            return compile_expr(e)(env)
        except PrecisionLoss:
            return mpmath.mpf(0)
        except (ArithmeticError, ValueError, TypeError, OverflowError):
            return None


def _not_solving(
    sols: list[Any] | str, other: Any, target: Any, fixed: dict[Any, Any], rng: random.Random
) -> tuple[dict[str, str], str] | None:
    """A solution in ``sols`` at which ``other`` is not zero: (point shown, other's value)."""
    with mpmath.workdps(50):
        base = {s: to_mp(v) for s, v in fixed.items()}
        if sols == ALL:  # every value solves it: try a few, shown as the sample value
            candidates = [(p[target], None) for p in random_points([target], rng, 3)]
        else:
            candidates = [(None, sol) for sol in sols]
        f2 = compile_expr(other)
        for sample, sol in candidates:
            env = dict(base)
            try:
                env[target] = to_mp(sample) if sol is None else compile_expr(sol)(env)
            except (ArithmeticError, ValueError, TypeError, OverflowError):
                continue
            if not mpmath.isfinite(env[target]):
                continue
            try:  # undefined there: not a solution of the other equation
                value = f2(env)
            except PrecisionLoss:  # a sum cancelled to exactly zero
                value = mpmath.mpf(0)
            except (ArithmeticError, ValueError, TypeError, OverflowError):
                value = mpmath.nan
            if not mpmath.isfinite(value) or abs(value) > mpmath.mpf("1e-30") * max(1, abs(env[target])):
                point = {str(s): show_input(v) for s, v in fixed.items()}
                if sol is None:
                    point[str(target)] = show_input(sample)
                else:
                    point[str(target)] = str(sol) if len(str(sol)) < 40 else show_value(env[target])
                return point, show_value(value) if mpmath.isfinite(value) else "undefined"
    return None


def _refuted(found: tuple[dict[str, str], str], whose: str) -> dict[str, Any]:
    point, value = found
    example = dict(point)
    example["expected"] = "0" if whose == "expected" else value
    example["observed"] = value if whose == "expected" else "0"
    who = "the expected equation" if whose == "expected" else "your equation"
    other = "yours" if whose == "expected" else "the expected one"
    shown = ", ".join(f"{k} = {v}" for k, v in point.items())
    return {"kind": NOT_EQUIVALENT, "reason": f"{shown} solves {who} but not {other}", "counterexample": example}


def prove_equations(da: Any, db: Any) -> str | None:
    """Name of the argument that proves ``da = 0`` and ``db = 0`` equivalent, or None."""
    ratio = sympy.simplify(da / db)
    if ratio.is_number and ratio != 0 and ratio.is_finite and _same_singularities(da, db):
        return "proportional"
    symbols = sorted(da.free_symbols | db.free_symbols, key=str)
    if len(symbols) == 1:
        s = symbols[0]
        domain = sympy.S.Reals if s.is_real else sympy.S.Complexes
        if sympy.solveset(da, s, domain) == sympy.solveset(db, s, domain):
            return "same solution set"
    return None
