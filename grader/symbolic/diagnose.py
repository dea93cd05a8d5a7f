"""Diagnoses of a wrong symbolic answer: is it the expected one up to a constant factor,
a sign, or an additive constant?

Both sides are evaluated at sample points; when ``answer/expected`` (or ``answer -
expected``) takes one value everywhere, that value is named exactly when it is simple
(``nsimplify`` against ``pi`` and ``E``), and the diagnosis is kept only if ``c*expected``
(``expected + c``) then agrees with the answer under the same rigorous numeric comparison
that decides equivalence. The names come from the vocabulary the numeric diagnoses use
(:data:`grader.compare.transforms.VOCABULARY`): ``sign`` (the opposite sign),
``power_of_ten`` (a factor ``10**k``), ``constant_factor`` (any other constant factor) and
``offset`` (an additive constant: a forgotten ``+ C``, a dropped term).
"""

from __future__ import annotations

import random
from typing import Any

import mpmath
import sympy

from grader.symbolic.evaluate import PrecisionLoss, compile_expr, is_finite, run
from grader.symbolic.numeric import compare_at_points, random_points, required_points, to_mp

AGREE = mpmath.mpf(10) ** -20  # the ratios (differences) must agree this closely to be one constant
MIN_POINTS = 4
MAX_TEXT = 40  # longer constants are not named in a message


def diagnose(expected: Any, answer: Any, rng: random.Random) -> list[dict[str, Any]]:
    """Diagnoses of ``answer`` (not equivalent to ``expected``), each ``{"names": [...],
    "message": ..., "factor" | "constant": text}``; empty when none applies."""
    if not (isinstance(expected, sympy.Expr) and isinstance(answer, sympy.Expr)):
        return []
    symbols = sorted(expected.free_symbols | answer.free_symbols, key=str)
    values = _values(expected, answer, symbols, rng)
    if len(values) < MIN_POINTS:
        return []
    constant_only = not symbols
    ratios = [vb / va for va, vb in values if va != 0]
    factor = _common(ratios)
    if factor is not None:
        c = _exact(factor)
        if c is not None and (not constant_only or _notable_factor(c)) and _confirmed(c * expected, answer, symbols, rng):
            return [_factor_diagnosis(c)]
    if constant_only:
        return []  # any two constants differ by a constant: not a diagnosis
    offset = _common([vb - va for va, vb in values], absolute=max(abs(va) for va, _ in values))
    if offset is not None:
        c = _exact(offset)
        if c is not None and c != 0 and _confirmed(expected + c, answer, symbols, rng):
            shown = _text(c)
            sign, size = ("minus", _text(-c)) if c.could_extract_minus_sign() else ("plus", shown)
            return [{"names": ["offset"], "message": f"your answer is the expected one {sign} {size}", "constant": shown}]
    return []


def _values(expected: Any, answer: Any, symbols: list[Any], rng: random.Random) -> list[tuple[Any, Any]]:
    fa, fb = compile_expr(expected), compile_expr(answer)
    out = []
    for point in required_points(symbols)[:8] + random_points(symbols, rng, 8):
        with mpmath.workdps(40):
            try:
                env = {s: to_mp(v) for s, v in point.items()}
                (va, lost_a), (vb, lost_b) = run(fa, env), run(fb, env)
            except (PrecisionLoss, ArithmeticError, ValueError, TypeError, OverflowError):
                continue
            if is_finite(va) and is_finite(vb) and max(lost_a, lost_b) < 15:
                out.append((va, vb))
        if not symbols:
            break
    return out * (MIN_POINTS if not symbols else 1)


def _common(values: list[Any], absolute: Any = 0) -> Any:
    """The one value all of ``values`` take (to 1e-20), or None."""
    if len(values) < MIN_POINTS:
        return None
    first = values[0]
    scale = max(abs(first), absolute, mpmath.mpf(10) ** -30)
    return first if all(abs(v - first) <= AGREE * scale for v in values) else None


def _exact(value: Any) -> Any:
    """A simple exact constant for the mpmath ``value`` (2, -1/2, 10**3, pi/2...), or None."""
    if isinstance(value, mpmath.mpc):
        if abs(value.imag) > AGREE * abs(value):
            return None
        value = value.real
    text = mpmath.nstr(value, 30)
    try:
        c = sympy.nsimplify(sympy.Float(text, 30), [sympy.pi, sympy.E], tolerance=1e-25, rational=False)
    except (ValueError, TypeError, sympy.SympifyError):
        return None
    if not c.is_number or len(str(c)) > MAX_TEXT:
        return None
    return c


def _notable_factor(c: Any) -> bool:
    """For constant answers every ratio is "a factor": only a sign, a power of ten or a
    factor 2 or 1/2 says something."""
    return abs(c) in (2, sympy.Rational(1, 2)) or _power_of_ten(abs(c)) is not None or c == -1


def _power_of_ten(c: Any) -> int | None:
    if c.is_Rational and c > 0 and c != 1:
        for k in range(1, 31):
            if c == 10**k:
                return k
            if c == sympy.Rational(1, 10**k):
                return -k
    return None


def _confirmed(candidate: Any, answer: Any, symbols: list[Any], rng: random.Random) -> bool:
    return compare_at_points(candidate, answer, symbols, rng, points=12).kind == "agree"


def _text(c: Any) -> str:
    return str(c)


def _factor_diagnosis(c: Any) -> dict[str, Any]:
    shown = _text(c)
    if c == -1:
        return {"names": ["sign"], "message": "your answer is the expected one with the opposite sign", "factor": shown}
    k = _power_of_ten(abs(c))
    if k is not None:
        names = ["power_of_ten"] + (["sign"] if c < 0 else [])
        return {"names": names, "message": f"your answer is the expected one times {'-' if c < 0 else ''}10**{k}", "factor": shown}
    return {"names": ["constant_factor"], "message": f"your answer is the expected one times {shown}", "factor": shown}
