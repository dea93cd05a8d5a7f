"""Fast arbitrary-precision evaluation of SymPy expressions with mpmath.

:func:`compile_expr` turns an expression tree into nested Python closures once
(microseconds per node, no code generation or ``eval``); calling the result with a
dict of mpmath values evaluates it at the current ``mpmath.mp`` precision. Nodes
without a direct mpmath counterpart (``Sum``, ``Integral``...) fall back to ``evalf``.
Undefined points raise :class:`Undefined` (or an arithmetic error), and are skipped by
the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath
import sympy

Env = dict[Any, Any]
Fn = Callable[[Env], Any]


class Undefined(ArithmeticError):
    """The expression has no finite value at this point."""


class PrecisionLoss(ArithmeticError):
    """A sum cancelled to exactly zero: the value at this precision cannot be trusted."""


#: digits lost to cancellation in sums during the current evaluation (see :func:`run`)
_LOSS = [0.0]
#: whether a sum has absorbed a term entirely (1 + 1e-300 == 1) during this evaluation
_ABSORBED = [False]


def run(fn: Fn, env: Env) -> tuple[Any, float]:
    """Evaluate ``fn`` at ``env``; also return the number of decimal digits lost to
    cancellation in sums (so the caller knows how many digits of the value are right)."""
    _LOSS[0] = 0.0
    _ABSORBED[0] = False
    value = fn(env)
    return value, _LOSS[0]


_MP_FUNCS: dict[str, Callable[..., Any]] = {
    "exp": mpmath.exp,
    "log": mpmath.log,
    "sin": mpmath.sin,
    "cos": mpmath.cos,
    "tan": mpmath.tan,
    "cot": mpmath.cot,
    "sec": mpmath.sec,
    "csc": mpmath.csc,
    "asin": mpmath.asin,
    "acos": mpmath.acos,
    "atan": mpmath.atan,
    "acot": mpmath.acot,
    "asec": mpmath.asec,
    "acsc": mpmath.acsc,
    "sinh": mpmath.sinh,
    "cosh": mpmath.cosh,
    "tanh": mpmath.tanh,
    "coth": mpmath.coth,
    "sech": mpmath.sech,
    "csch": mpmath.csch,
    "asinh": mpmath.asinh,
    "acosh": mpmath.acosh,
    "atanh": mpmath.atanh,
    "acoth": mpmath.acoth,
    "asech": mpmath.asech,
    "acsch": mpmath.acsch,
    "Abs": abs,
    "gamma": mpmath.gamma,
    "loggamma": mpmath.loggamma,
    "erf": mpmath.erf,
    "erfc": mpmath.erfc,
    "factorial": mpmath.factorial,
    "factorial2": mpmath.fac2,
    "binomial": mpmath.binomial,
    "beta": mpmath.beta,
    "re": mpmath.re,
    "im": mpmath.im,
    "conjugate": mpmath.conj,
    "arg": mpmath.arg,
    "atan2": lambda y, x: mpmath.atan2(_real(y), _real(x)),
    "floor": lambda v: mpmath.floor(_real(v)),
    "ceiling": lambda v: mpmath.ceil(_real(v)),
    "frac": lambda v: _real(v) - mpmath.floor(_real(v)),
    "sign": lambda v: mpmath.sign(v),
    "Heaviside": lambda v, *h: _heaviside(_real(v), h),
    "Mod": lambda a, b: _real(a) - _real(b) * mpmath.floor(_real(a) / _real(b)),
    "Min": lambda *a: min(_real(v) for v in a),
    "Max": lambda *a: max(_real(v) for v in a),
    "KroneckerDelta": lambda a, b: mpmath.mpf(1) if a == b else mpmath.mpf(0),
}


def _heaviside(v: Any, h: tuple[Any, ...]) -> Any:
    if v > 0:
        return mpmath.mpf(1)
    if v < 0:
        return mpmath.mpf(0)
    if h:
        return h[0]
    raise Undefined("Heaviside(0)")


def _real(v: Any) -> Any:
    if isinstance(v, mpmath.mpc):
        if v.imag != 0:
            raise Undefined("a real-only function got a complex value")
        return v.real
    return v


def compile_expr(expr: Any) -> Fn:
    """A function ``env -> mpmath value`` for ``expr`` (``env`` maps symbols to values)."""
    return _compile(expr)


def _compile(e: Any) -> Fn:
    if isinstance(e, sympy.Symbol):
        return lambda env, s=e: env[s]
    if isinstance(e, sympy.Integer):
        n = int(e)
        return lambda env: mpmath.mpf(n)
    if isinstance(e, sympy.Rational):
        p, q = int(e.p), int(e.q)
        return lambda env: mpmath.mpf(p) / q
    if isinstance(e, sympy.Float):
        s = str(e)
        return lambda env: mpmath.mpf(s)
    if e is sympy.pi:
        return lambda env: +mpmath.pi
    if e is sympy.E:
        return lambda env: mpmath.e()
    if e is sympy.I:
        return lambda env: mpmath.mpc(0, 1)
    if e is sympy.EulerGamma:
        return lambda env: +mpmath.euler
    if e is sympy.GoldenRatio:
        return lambda env: +mpmath.phi
    if e in (sympy.oo, sympy.zoo, sympy.nan) or e is sympy.S.NegativeInfinity:
        return _undefined
    if isinstance(e, sympy.Add):
        parts = [_compile(a) for a in e.args]
        return lambda env: _sum(parts, env)
    if isinstance(e, sympy.Mul):
        parts = [_compile(a) for a in e.args]
        return lambda env: _product(parts, env)
    if isinstance(e, sympy.Pow):
        return _compile_pow(e)
    if isinstance(e, sympy.Piecewise):
        branches = [(_compile(v), _compile_bool(c)) for v, c in e.args]
        return lambda env: _piecewise(branches, env)
    if isinstance(e, (sympy.Sum, sympy.Product)) and len(e.limits) == 1 and len(e.limits[0]) == 3:
        return _compile_sum(e)
    if isinstance(e, sympy.Integral) and len(e.limits) == 1 and len(e.limits[0]) == 3:
        return _compile_integral(e)
    if isinstance(e, sympy.Function):
        name = type(e).__name__
        fn = _MP_FUNCS.get(name)
        if fn is not None:
            parts = [_compile(a) for a in e.args]
            return lambda env: fn(*[p(env) for p in parts])
    return _fallback(e)


MAX_TERMS = 2000


def _compile_sum(e: Any) -> Fn:
    """Finite sums and products term by term; infinite sums with ``mpmath.nsum``."""
    body = _compile(e.function)
    var, lo_e, hi_e = e.limits[0]
    lo, hi = _compile(lo_e), _compile(hi_e)
    infinite = hi_e is sympy.oo
    is_sum = isinstance(e, sympy.Sum)

    def run(env: Env) -> Any:
        start = _integer(lo(env))

        def term(k: Any) -> Any:
            return body({**env, var: mpmath.mpf(k)})

        if infinite:
            if not is_sum:
                raise Undefined("infinite product")
            return mpmath.nsum(term, [start, mpmath.inf])
        stop = _integer(hi(env))
        if stop - start + 1 > MAX_TERMS:
            raise Undefined("too many terms to sum numerically")
        if is_sum:
            return mpmath.fsum(term(k) for k in range(start, stop + 1))
        result = mpmath.mpf(1)
        for k in range(start, stop + 1):
            result *= term(k)
        return result

    return run


def _compile_integral(e: Any) -> Fn:
    body = _compile(e.function)
    var, lo_e, hi_e = e.limits[0]
    lo, hi = _compile(lo_e), _compile(hi_e)

    def run(env: Env) -> Any:
        value, error = mpmath.quad(lambda t: body({**env, var: t}), [lo(env), hi(env)], error=True)
        _distrust(value, error)
        return value

    return run


#: how far a quadrature's own error estimate is trusted (it can be 100x optimistic)
ESTIMATE_SAFETY_DIGITS = 3


def _distrust(value: Any, error: Any) -> None:
    """Count the digits a numerical integral did not get right (from its own
    error estimate, with a safety margin) as lost, so the caller raises the precision or
    skips the point instead of trusting them (exp(-t**2) over [0, 10**8] is right to 29
    digits only at 40)."""
    if not value or not error:
        return
    right = float(mpmath.log10(abs(value)) - mpmath.log10(abs(error))) - ESTIMATE_SAFETY_DIGITS
    lost = mpmath.mp.dps - right
    if lost > 0:
        _LOSS[0] += lost


def _integer(v: Any) -> int:
    v = _real(v)
    if v != mpmath.floor(v):
        raise Undefined("a summation bound is not an integer")
    return int(v)


def _undefined(env: Env) -> Any:
    raise Undefined("infinite or undefined constant")


def _sum(parts: list[Fn], env: Env) -> Any:
    values = [p(env) for p in parts]
    total = mpmath.fsum(values)
    sizes = [abs(v) for v in values if v]
    if sizes:
        biggest = max(sizes)
        if not total:
            exact_below = mpmath.mpf(10) ** (mpmath.mp.dps - 2)
            if not _ABSORBED[0] and biggest < exact_below and all(mpmath.isint(v) for v in values):
                return total  # integers cancelling: an exact zero (ceiling(2) - floor(2))
            raise PrecisionLoss("a sum cancelled to zero")
        if min(sizes) < abs(total) * mpmath.mpf(10) ** (2 - mpmath.mp.dps):
            _ABSORBED[0] = True
        lost_bits = mpmath.mag(biggest) - mpmath.mag(total)
        if lost_bits > 3:
            _LOSS[0] += lost_bits * 0.30103
    return total


def _product(parts: list[Fn], env: Env) -> Any:
    result = mpmath.mpf(1)
    for p in parts:
        result = result * p(env)
    return result


def _compile_pow(e: Any) -> Fn:
    base = _compile(e.base)
    exp = e.exp
    if isinstance(exp, sympy.Integer):
        n = int(exp)
        if n < 0:
            return lambda env: _inverse(base(env) ** (-n))
        return lambda env: base(env) ** n
    if exp == sympy.S.Half:
        return lambda env: mpmath.sqrt(base(env))
    if e.base is sympy.E:
        ex = _compile(exp)
        return lambda env: mpmath.exp(ex(env))
    ex = _compile(exp)
    return lambda env: _power(base(env), ex(env))


def _inverse(v: Any) -> Any:
    if v == 0:
        raise Undefined("division by zero")
    return 1 / v


def _power(b: Any, x: Any) -> Any:
    if b == 0:
        if mpmath.re(x) > 0:
            return mpmath.mpf(0)
        raise Undefined("0 to a non-positive power")
    return mpmath.power(b, x)


def _piecewise(branches: list[tuple[Fn, Callable[[Env], bool]]], env: Env) -> Any:
    for value, cond in branches:
        if cond(env):
            return value(env)
    raise Undefined("no Piecewise branch applies")


_RELATIONS: dict[type, Callable[[Any, Any], bool]] = {
    sympy.StrictLessThan: lambda a, b: a < b,
    sympy.LessThan: lambda a, b: a <= b,
    sympy.StrictGreaterThan: lambda a, b: a > b,
    sympy.GreaterThan: lambda a, b: a >= b,
    sympy.Equality: lambda a, b: a == b,
    sympy.Unequality: lambda a, b: a != b,
}


def _compile_bool(c: Any) -> Callable[[Env], bool]:
    if c is sympy.true:
        return lambda env: True
    if c is sympy.false:
        return lambda env: False
    rel = _RELATIONS.get(type(c))
    if rel is not None:
        lhs, rhs = _compile(c.lhs), _compile(c.rhs)
        if type(c) in (sympy.Equality, sympy.Unequality):
            return lambda env: rel(lhs(env), rhs(env))
        return lambda env: rel(_real(lhs(env)), _real(rhs(env)))
    if isinstance(c, sympy.And):
        parts = [_compile_bool(a) for a in c.args]
        return lambda env: all(p(env) for p in parts)
    if isinstance(c, sympy.Or):
        parts = [_compile_bool(a) for a in c.args]
        return lambda env: any(p(env) for p in parts)
    if isinstance(c, sympy.Not):
        inner = _compile_bool(c.args[0])
        return lambda env: not inner(env)

    def fallback(env: Env) -> bool:
        value = c.subs(_sympy_env(env))
        if value is sympy.true:
            return True
        if value is sympy.false:
            return False
        raise Undefined("condition cannot be decided")

    return fallback


def _sympy_env(env: Env) -> dict[Any, Any]:
    out = {}
    for k, v in env.items():
        if isinstance(v, mpmath.mpc):
            out[k] = sympy.Float(v.real, mpmath.mp.dps) + sympy.I * sympy.Float(v.imag, mpmath.mp.dps)
        else:
            out[k] = sympy.Float(v, mpmath.mp.dps)
    return out


def _fallback(e: Any) -> Fn:
    """Evaluate with SymPy's ``evalf`` (slow but general: sums, integrals...)."""

    def run(env: Env) -> Any:
        value = e.evalf(mpmath.mp.dps, subs=_sympy_env(env))
        if not value.is_number or value.has(sympy.zoo, sympy.oo, sympy.nan, sympy.S.NegativeInfinity):
            raise Undefined("not a finite number")
        re_part, im_part = value.as_real_imag()
        try:
            re_v = mpmath.mpf(sympy.Float(re_part, mpmath.mp.dps)._mpf_)
            im_v = mpmath.mpf(sympy.Float(im_part, mpmath.mp.dps)._mpf_)
        except (TypeError, ValueError, AttributeError):
            raise Undefined("not a number") from None
        return mpmath.mpc(re_v, im_v) if im_v != 0 else re_v

    return run


def is_finite(v: Any) -> bool:
    """True for a finite mpmath real or complex value."""
    try:
        return bool(mpmath.isfinite(v))
    except (TypeError, ValueError):
        return False
