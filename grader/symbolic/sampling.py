"""Where to look for a difference: sample points chosen from the expressions themselves.

Random points over a few magnitudes miss answers that are right only on part of the
domain: ``Abs(x - 3) + 3`` equals ``x`` only for ``x >= 3``, ``Abs(x + 10**6) - 10**6``
only for ``x >= -10**6``, ``Max(x, 10**-6)`` only for ``x >= 10**-6``. This module adds:

- **sign patterns**: every combination of signs of the real symbols (up to four), so
  ``sqrt(x)*sqrt(y)`` against ``sqrt(x*y)`` is tried with both negative;
- **magnitudes**: each symbol at ``±10**-8`` and ``±10**8`` (integers at ``±10**6``);
- **switch points**: the real zeros of every expression at which the value can change
  form (the arguments of ``Abs``, ``sign``, ``Heaviside``, ``floor``, ``ceiling``; the
  differences of the arguments of ``Max``/``Min``; the two sides of ``Piecewise``
  conditions; the bases of roots and non-integer powers and the arguments of ``log``
  (branch points); ``±1`` for ``asin``, ``acos``, ``atanh``, ``acosh``...). Each zero is
  found in each symbol with the other symbols held at a base point (exactly when the
  expression is linear in it, else by a sign-change scan over ``±10**-9 … ±10**12`` and
  bisection), and the points just below and just above it, between consecutive zeros and
  beyond the outermost ones are sampled.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction
from typing import Any

import mpmath
import sympy

from grader.symbolic.evaluate import compile_expr

MAX_SWITCHES = 16  # switch expressions looked at per check
MAX_POINTS = 48  # special points per check
_INVERSE_TRIG = ("asin", "acos", "atanh", "acoth", "asec", "acsc", "acosh")
_GRID = sorted(
    {Fraction(sign * m) * Fraction(10) ** k for sign in (1, -1) for m in (1, 3) for k in range(-9, 13)} | {Fraction(0)}
)


def switch_expressions(exprs: list[Any]) -> list[Any]:
    """Expressions whose sign change can change the form of one of ``exprs``."""
    found: list[Any] = []

    def add(u: Any) -> None:
        if isinstance(u, sympy.Expr) and u.free_symbols and u not in found and len(found) < MAX_SWITCHES:
            found.append(u)

    for e in exprs:
        if not isinstance(e, sympy.Basic):
            continue
        for node in sympy.preorder_traversal(e):
            name = type(node).__name__
            if name in ("Abs", "sign", "Heaviside", "floor", "ceiling", "frac", "log"):
                add(node.args[0])
            elif isinstance(node, (sympy.Max, sympy.Min)):
                for p, q in itertools.combinations(node.args, 2):
                    add(p - q)
            elif isinstance(node, sympy.Piecewise):
                for _value, cond in node.args:
                    for rel in cond.atoms(sympy.Rel) if isinstance(cond, sympy.Basic) else ():
                        add(rel.lhs - rel.rhs)
            elif isinstance(node, sympy.Pow) and not node.exp.is_integer:
                add(node.base)
            elif name in _INVERSE_TRIG:
                add(node.args[0] - 1)
                add(node.args[0] + 1)
            elif name == "atan2":
                add(node.args[0])
                add(node.args[1])
    return found


def fits(sym: sympy.Symbol, v: Fraction) -> bool:
    """Whether the real value ``v`` lies in the domain ``sym``'s assumptions declare."""
    if sym.is_positive and v <= 0:
        return False
    if sym.is_nonnegative and v < 0:
        return False
    if sym.is_negative and v >= 0:
        return False
    if sym.is_nonpositive and v > 0:
        return False
    if sym.is_nonzero and v == 0:
        return False
    if sym.is_integer and v.denominator != 1:
        return False
    if sym.is_even and v.numerator % 2:
        return False
    if sym.is_odd and not v.numerator % 2:
        return False
    if sym.is_prime and not sympy.isprime(int(v)):
        return False
    return True


def _real_domain(sym: sympy.Symbol) -> bool:
    """Symbols that real points are valid for (real ones, and unrestricted complex ones)."""
    return sym.is_real is not False and not sym.is_imaginary


def _linear_root(u: Any, s: sympy.Symbol) -> list[Fraction] | None:
    """The exact root of ``u`` in ``s`` when ``u`` is linear in ``s`` with rational coefficients."""
    try:
        poly = sympy.Poly(u, s)
    except sympy.PolynomialError:
        return None
    if poly.degree() != 1:
        return None
    a, b = poly.all_coeffs()
    if not (a.is_Rational and b.is_Rational) or a == 0:
        return None
    r = -b / a
    return [Fraction(int(r.p), int(r.q))]


def _real_value(fn: Any, env: dict[Any, Any]) -> Any:
    try:
        v = fn(env)
    except (ArithmeticError, ValueError, TypeError, OverflowError, ZeroDivisionError):
        return None
    if isinstance(v, mpmath.mpc):
        if v.imag != 0:
            return None
        v = v.real
    try:
        return v if mpmath.isfinite(v) else None
    except (TypeError, ValueError):
        return None


def _scan_roots(u: Any, s: sympy.Symbol, base: dict[Any, Any]) -> list[Fraction]:
    """Real zeros of ``u`` as a function of ``s`` over ``±10**-9 … ±10**12``, by sign changes."""
    fn = compile_expr(u)
    roots: list[Fraction] = []
    with mpmath.workdps(30):
        env = {k: _mp(v) for k, v in base.items()}
        previous: tuple[Fraction, Any] | None = None
        for g in _GRID:
            env[s] = _mp(g)
            v = _real_value(fn, env)
            if v is None:
                previous = None
                continue
            if v == 0:
                roots.append(g)
            elif previous is not None and (previous[1] < 0) != (v < 0):
                root = _bisect(fn, env, s, previous[0], g, previous[1])
                if root is not None:
                    roots.append(root)
            previous = (g, v)
            if len(roots) >= 6:
                break
    return roots


def _bisect(fn: Any, env: dict[Any, Any], s: sympy.Symbol, lo: Fraction, hi: Fraction, f_lo: Any) -> Fraction | None:
    a, b = mpmath.mpf(lo.numerator) / lo.denominator, mpmath.mpf(hi.numerator) / hi.denominator
    for _ in range(80):
        mid = (a + b) / 2
        env[s] = mid
        v = _real_value(fn, env)
        if v is None:
            return None  # not continuous here: a pole, not a zero
        if v == 0:
            a = b = mid
            break
        if (v < 0) == (f_lo < 0):
            a = mid
        else:
            b = mid
    r = (a + b) / 2
    env[s] = r
    v = _real_value(fn, env)
    if v is None or abs(v) > mpmath.mpf(10) ** -10 * max(1, abs(r)):
        return None  # a jump (pole or discontinuity), not a zero
    return _to_fraction(r)


def _mp(v: Any) -> Any:
    if isinstance(v, tuple):
        return mpmath.mpc(_mp(v[0]), _mp(v[1]))
    return mpmath.mpf(v.numerator) / v.denominator


def _to_fraction(v: Any) -> Fraction:
    """A short decimal close to ``v`` (12 significant digits): readable in a counterexample."""
    return Fraction(Decimal(mpmath.nstr(v, 12, min_fixed=-30, max_fixed=30)))


def _around(roots: list[Fraction]) -> list[Fraction]:
    """Points just below/above each zero, between consecutive zeros and beyond the outermost."""
    roots = sorted(set(roots))
    values: list[Fraction] = []
    for r in roots:
        scale = max(Fraction(1), abs(r))
        values += [r - scale / 1000, r + scale / 1000, r]
        values += [r - scale / 10**7, r + scale / 10**7]
    for lo, hi in zip(roots, roots[1:]):
        values.append((lo + hi) / 2)
    if roots:
        values += [roots[0] - max(Fraction(1), abs(roots[0])), roots[-1] + max(Fraction(1), abs(roots[-1]))]
    return values


def real_zeros(u: Any, s: sympy.Symbol, base: dict[sympy.Symbol, Any]) -> list[Fraction]:
    """Real zeros of ``u`` in ``s``, the other symbols at ``base``: exact when linear,
    else found by a sign-change scan over ``±10**-9 … ±10**12``."""
    others = {k: v for k, v in base.items() if k != s and k in u.free_symbols}
    sub = u.subs({k: _sympy_value(v) for k, v in others.items()})
    roots = _linear_root(sub, s)
    if roots is None:
        roots = _scan_roots(sub, s, {k: v for k, v in others.items() if k in sub.free_symbols})
    return roots


def switch_points(
    exprs: list[Any], symbols: list[sympy.Symbol], base: dict[sympy.Symbol, Any]
) -> list[dict[sympy.Symbol, Any]]:
    """Points next to the switch points (kinks, jumps, branch points) of ``exprs``; every
    symbol but one is at ``base``."""
    points: list[dict[sympy.Symbol, Any]] = []
    for u in switch_expressions(exprs):
        for s in sorted(u.free_symbols & set(symbols), key=str):
            if not _real_domain(s):
                continue
            for v in _around(real_zeros(u, s, base)):
                if fits(s, v):
                    points.append({**base, s: v})
                    if len(points) >= MAX_POINTS:
                        return points
    return points


def _sympy_value(v: Any) -> Any:
    if isinstance(v, tuple):
        return sympy.Rational(v[0].numerator, v[0].denominator) + sympy.I * sympy.Rational(v[1].numerator, v[1].denominator)
    return sympy.Rational(v.numerator, v.denominator)


def sign_patterns(symbols: list[sympy.Symbol], magnitudes: dict[sympy.Symbol, Fraction]) -> list[dict[sympy.Symbol, Any]]:
    """Every combination of signs of up to four real symbols (others at their magnitude)."""
    real = [s for s in symbols if s.is_real and not s.is_integer][:4]
    points = []
    for signs in itertools.product((1, -1), repeat=len(real)):
        p: dict[sympy.Symbol, Any] = {s: magnitudes[s] for s in symbols}
        for s, sign in zip(real, signs):
            p[s] = sign * abs(magnitudes[s])
        if all(fits(s, v) for s, v in p.items() if not isinstance(v, tuple)) and p not in points:
            points.append(p)
    return points if len(points) > 1 else []


def magnitude_points(symbols: list[sympy.Symbol], base: dict[sympy.Symbol, Any]) -> list[dict[sympy.Symbol, Any]]:
    """Each symbol in turn very small and very large, of both signs."""
    points = []
    for s in symbols:
        if s.is_imaginary:
            continue
        if s.is_integer:
            values = [Fraction(10**6), Fraction(-(10**6))]
        else:
            tiny, huge = Fraction(1, 10**8), Fraction(10**8)
            values = [tiny, -tiny, huge, -huge]
        for v in values:
            if fits(s, v):
                points.append({**base, s: v})
    return points


def special_points(
    exprs: list[Any], symbols: list[sympy.Symbol], base: dict[sympy.Symbol, Any]
) -> list[dict[sympy.Symbol, Any]]:
    """Sign patterns, magnitudes and switch points for ``exprs`` (at most ``MAX_POINTS``
    switch points); ``base`` gives each symbol a value in its domain."""
    real_base = {s: v for s, v in base.items() if not isinstance(v, tuple)}
    magnitudes = {s: real_base.get(s, Fraction(1)) for s in symbols}
    points = sign_patterns(symbols, magnitudes)
    points += magnitude_points(symbols, base)
    points += switch_points(exprs, symbols, base)
    return points
