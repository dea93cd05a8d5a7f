"""Randomized numeric comparison: refutes wrong answers fast and finds counterexamples.

Both sides are evaluated with mpmath at points drawn from each symbol's domain (its
SymPy assumptions: integer, positive, real, complex...), starting with small "nice"
values so that a counterexample is readable, then random values over several
magnitudes. Points where either side is undefined are skipped.

Agreement is *relative* (no absolute tolerance, so ``1e-50*sin(x)`` is not
``1e-50*cos(x)``): evaluation starts at 40 significant digits, the evaluator counts
the digits lost to cancellation in sums and adds precision until at least 35 digits
are trusted; the sides must then agree to within 1e-30 relative. A disagreement must
show up the same at two precisions before it counts, so catastrophic cancellation
cannot produce a false counterexample. With ``rtol`` (answers with
hand-computed decimals) the sides must agree to ``rtol`` instead.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import mpmath
import sympy

from grader.symbolic.evaluate import PrecisionLoss, compile_expr, is_finite, run
from grader.symbolic.sampling import fits as _fits
from grader.symbolic.sampling import special_points

START_DPS, MAX_DPS = 40, 400
TRUSTED_DIGITS = 35  # digits that must survive cancellation before a value is used
SLACK_DIGITS = 5  # the sides must agree to (trusted digits - slack): 1e-30 at least
DECISIVE_DIGITS = 12  # with fewer trusted digits than TRUSTED_DIGITS, only a gross difference counts


@dataclass
class NumericResult:
    """``kind`` is "agree", "differ" or "unknown" (too few points could be evaluated)."""

    kind: str
    agreeing: int = 0
    tried: int = 0
    counterexample: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)


def _nice_values(sym: sympy.Symbol) -> list[Fraction | complex]:
    if sym.is_integer:
        base = [2, 3, -1, 5, 1, -2, 4, 7, -3, 0]
    else:
        base = [Fraction(1, 2), 2, Fraction(3, 2), -1, 3, Fraction(-5, 2), Fraction(2, 3), 1, -2, Fraction(7, 4)]
    return [v for v in map(Fraction, base) if _fits(sym, v)] or [Fraction(1)]


def _random_value(sym: sympy.Symbol, rng: random.Random) -> Any:
    """A value in the symbol's domain: a Fraction, or a pair of Fractions for complex."""
    for _ in range(50):
        if sym.is_integer:
            hi = rng.choice([6, 20, 100, 1000])
            v: Any = Fraction(rng.randint(-hi, hi))
            if sym.is_prime:
                v = Fraction(sympy.prime(rng.randint(1, 30)))
        else:
            exponent = rng.choice([-3, -2, -1, -1, 0, 0, 0, 0, 1, 1, 2, 3])
            mantissa = rng.uniform(1, 10)
            v = Fraction(round(mantissa * 10**3)) * Fraction(10) ** (exponent - 3)
            if rng.random() < 0.5:
                v = -v
        if sym.is_positive or sym.is_nonnegative:
            v = abs(v)
        elif sym.is_negative or sym.is_nonpositive:
            v = -abs(v)
        if _fits(sym, v):
            if sym.is_real or sym.is_integer or sym.is_rational:
                return v
            if sym.is_imaginary:
                return (Fraction(0), v if v != 0 else Fraction(1))
            im = Fraction(round(rng.uniform(-10, 10) * 100), 100) * Fraction(10) ** rng.choice([-1, 0, 0, 1])
            return (v, im)
    return Fraction(1)


def _nice_complex(sym: sympy.Symbol, v: Fraction, k: int) -> Any:
    if sym.is_real is None and not sym.is_integer and not sym.is_rational and not sym.is_imaginary:
        return (v, Fraction([1, -1, Fraction(1, 2), 2, -Fraction(3, 2)][k % 5])) if k >= 2 and k % 3 != 2 else v
    return v


def sample_points(
    symbols: list[sympy.Symbol], rng: random.Random, count: int, exprs: list[Any] | None = None
) -> list[dict[sympy.Symbol, Any]]:
    """``count`` points: a few with nice small values first, then random ones. With
    ``exprs``, the special points of :mod:`grader.symbolic.sampling` (sign patterns, tiny
    and huge magnitudes, both sides of kinks and branch points) come after the nice ones."""
    n_nice = min(8, count)
    required = required_points(symbols, exprs)
    return required[:n_nice] + required[8:] + random_points(symbols, rng, count - n_nice)


def required_points(symbols: list[sympy.Symbol], exprs: list[Any] | None = None) -> list[dict[sympy.Symbol, Any]]:
    """The points every numeric comparison tries: nice values, then (with ``exprs``) the
    special points."""
    points = []
    nice = {s: _nice_values(s) for s in symbols}
    for k in range(8):  # deterministic: symbol i takes the (k + i)-th nice value
        points.append({s: _nice_complex(s, nice[s][(k + i) % len(nice[s])], k) for i, s in enumerate(symbols)})
    if exprs is not None and symbols:
        base = {s: (Fraction(0), Fraction(1)) if s.is_imaginary else nice[s][0] for s in symbols}
        points += special_points(exprs, symbols, base)
    return points


def random_points(symbols: list[sympy.Symbol], rng: random.Random, count: int) -> list[dict[sympy.Symbol, Any]]:
    return [{s: _random_value(s, rng) for s in symbols} for _ in range(count)]


def to_mp(v: Any) -> Any:
    if isinstance(v, tuple):
        return mpmath.mpc(mpmath.mpf(v[0].numerator) / v[0].denominator, mpmath.mpf(v[1].numerator) / v[1].denominator)
    return mpmath.mpf(v.numerator) / v.denominator


def show_input(v: Any) -> str:
    """A sample value as students write it: 2, -5/2, 0.3172, 1/2 + I."""
    if isinstance(v, tuple):
        re_s = show_input(v[0])
        im_abs = "I" if abs(v[1]) == 1 else f"{show_input(abs(v[1]))}*I"
        if v[0] == 0:
            return im_abs if v[1] > 0 else f"-{im_abs}"
        sign = "-" if v[1] < 0 else "+"
        return f"{re_s} {sign} {im_abs}"
    if v.denominator == 1:
        return str(v.numerator)
    if v.denominator <= 12:
        return f"{v.numerator}/{v.denominator}"
    s = format(float(v), ".6g")
    return s


def show_value(v: Any, digits: int = 10) -> str:
    """A computed value to ``digits`` significant digits."""
    if isinstance(v, mpmath.mpc):
        if v.imag == 0:
            v = v.real
        else:
            re_s = mpmath.nstr(v.real, digits)
            im_s = mpmath.nstr(abs(v.imag), digits)
            return f"{re_s} {'-' if v.imag < 0 else '+'} {im_s}*I"
    return mpmath.nstr(v, digits)


def _scale(a: Any, b: Any) -> Any:
    return max(abs(a), abs(b))


def _evaluate(fa: Any, fb: Any, env: dict[Any, Any], dps: int) -> tuple[Any, Any, float] | None:
    """Both values and the digits lost to cancellation (``inf`` when a sum cancelled to
    exactly zero); None where either side is undefined."""
    with mpmath.workdps(dps):
        try:
            mp_env = {k: to_mp(v) for k, v in env.items()}
            va, loss_a = run(fa, mp_env)
            vb, loss_b = run(fb, mp_env)
        except PrecisionLoss:
            return mpmath.mpf(0), mpmath.mpf(0), float("inf")
        except (ArithmeticError, ValueError, TypeError, OverflowError, RecursionError, AttributeError):
            return None
        if not (is_finite(va) and is_finite(vb)):
            return None
        return va, vb, max(loss_a, loss_b)


def _compare_point(fa: Any, fb: Any, env: dict[Any, Any], rtol: float | None) -> tuple[str, Any, Any]:
    """("agree" | "differ" | "skip", expected value, answer value) at one point.

    Starts at 40 digits and adds digits while cancellation eats them; a difference
    counts only when it shows up, the same, at two precisions."""
    dps = START_DPS
    previous: Any = None
    while dps <= MAX_DPS:
        got = _evaluate(fa, fb, env, dps)
        if got is None:
            return "skip", None, None
        va, vb, loss = got
        trusted = dps - loss
        if trusted < TRUSTED_DIGITS:
            if trusted >= DECISIVE_DIGITS and rtol is None:
                # too few digits to call it equal, but enough to see a difference far
                # beyond them (an infinite series off by 1e-6)
                with mpmath.workdps(dps):
                    diff = va - vb
                    if abs(diff) > mpmath.mpf(10) ** (SLACK_DIGITS - trusted) * _scale(va, vb):
                        if previous is not None and abs(diff - previous) <= mpmath.mpf("1e-6") * abs(diff):
                            return "differ", va, vb
                        previous = diff
            dps = dps * 2 if loss == float("inf") else int(loss) + TRUSTED_DIGITS + 10
            continue
        with mpmath.workdps(dps):
            tol = mpmath.mpf(rtol) if rtol is not None else mpmath.mpf(10) ** (SLACK_DIGITS - trusted)
            diff = va - vb
            if abs(diff) <= tol * _scale(va, vb):
                return "agree", va, vb
            if previous is not None and abs(diff - previous) <= mpmath.mpf("1e-6") * abs(diff):
                return "differ", va, vb
            previous = diff
        dps += 40
    return "skip", None, None


def compare_at_points(
    a: Any,
    b: Any,
    symbols: list[sympy.Symbol],
    rng: random.Random,
    *,
    rtol: float | None = None,
    points: int = 24,
    max_tries: int = 80,
    deadline: float | None = None,
) -> NumericResult:
    """Compare expressions ``a`` (expected) and ``b`` (answer) at random points."""
    fa, fb = compile_expr(a), compile_expr(b)
    result = NumericResult("unknown")
    required = required_points(symbols, [a, b])
    for env in required + random_points(symbols, rng, max_tries):
        if result.tried >= len(required) and result.agreeing >= points:
            break
        if deadline is not None and time.monotonic() > deadline:
            break
        result.tried += 1
        verdict, va, vb = _compare_point(fa, fb, env, rtol)
        if verdict == "agree":
            result.agreeing += 1
        elif verdict == "differ":
            result.kind = "differ"
            result.counterexample = _counterexample(env, va, vb)
            return result
    needed = min(points, 6)
    result.kind = "agree" if result.agreeing >= needed else "unknown"
    return result


def _counterexample(env: dict[Any, Any], va: Any, vb: Any) -> dict[str, Any]:
    out: dict[str, Any] = {str(s): show_input(v) for s, v in sorted(env.items(), key=lambda kv: str(kv[0]))}
    digits = 10
    while show_value(va, digits) == show_value(vb, digits) and digits < 60:
        digits += 5  # show enough digits for the two values to differ visibly
    out["expected"] = show_value(va, digits)
    out["observed"] = show_value(vb, digits)
    return out
