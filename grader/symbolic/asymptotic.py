"""Asymptotic (big-O) comparison: do two cost expressions have the same order of growth
as the listed variables grow?

"Same order" means Θ: the ratio answer/expected stays between two positive constants
as all the variables go to infinity, in any relative way (so constant factors and
lower-order terms don't matter: ``2*N**2*K + N**2`` is ``N**2*K``, but ``N**2*K**2``
is not, and neither is ``N**3*K``, a looser bound).

Proof: the ratio cancels to a positive constant. Otherwise the ratio is measured
along several growth directions ``v_i = T**a_i`` (``a_i`` in [1/4, 1]) at two huge
scales, ``T = 10**64`` and ``T = 10**4096`` (mpmath handles such magnitudes): a ratio
that changes by more than a factor ``e**0.5`` between the scales grows or shrinks
like a power or a logarithm of the variables, i.e. a different order.
"""

from __future__ import annotations

import itertools
import random
import time
from fractions import Fraction
from typing import Any

import mpmath
import sympy

from grader.symbolic.evaluate import compile_expr, is_finite
from grader.symbolic.numeric import sample_points, show_input, to_mp

SCALES = (64, 4096)  # T = 10**scale
THRESHOLD = mpmath.mpf("0.5")  # allowed change of log(ratio) between the two scales
DPS = 30


def directions(n: int, rng: random.Random, count: int = 12) -> list[tuple[Fraction, ...]]:
    """Growth directions: corners of [1/4, 1]**n first, then random ones."""
    corners = list(itertools.product((Fraction(1), Fraction(1, 4)), repeat=n))[: count // 2] if n else [()]
    out = list(corners)
    while len(out) < count and n:
        out.append(tuple(Fraction(rng.randint(25, 100), 100) for _ in range(n)))
    return out


def proved_same_order(expected: Any, answer: Any, variables: list[sympy.Symbol]) -> bool:
    """The ratio cancels to a positive constant (free of the growing variables)."""
    ratio = sympy.cancel(sympy.together(answer / expected))
    return not ratio.free_symbols & set(variables) and bool(ratio.is_positive)


def compare_growth(
    expected: Any,
    answer: Any,
    variables: list[sympy.Symbol],
    rng: random.Random,
    deadline: float | None = None,
) -> dict[str, Any]:
    """A state dict: kind "numeric" (same order), "not_equivalent" or "undecided"."""
    others = sorted((expected.free_symbols | answer.free_symbols) - set(variables), key=str)
    fixed = sample_points(others, rng, 1)[0] if others else {}
    fe, fa = compile_expr(expected), compile_expr(answer)
    measured = 0
    for direction in directions(len(variables), rng):
        if deadline is not None and time.monotonic() > deadline:
            break
        logs = []
        for scale in SCALES:
            with mpmath.workdps(DPS):
                env = {s: to_mp(v) for s, v in fixed.items()}
                for v, a in zip(variables, direction):
                    env[v] = mpmath.power(10, mpmath.mpf(scale) * a.numerator / a.denominator)
                try:
                    ve, va = fe(env), fa(env)
                    ratio = va / ve
                except (ArithmeticError, ValueError, TypeError, OverflowError):
                    break
                if not (is_finite(ve) and is_finite(va)) or ratio == 0:
                    break
                if isinstance(ratio, mpmath.mpc) and abs(ratio.imag) > abs(ratio.real) * mpmath.mpf("1e-20"):
                    return _differ(variables, direction, fixed, "your expression is not real for large values")
                ratio = mpmath.re(ratio)
                if ratio < 0:
                    return _differ(variables, direction, fixed, "your expression is negative for large values")
                logs.append(mpmath.log(ratio))
        if len(logs) < len(SCALES):
            continue
        measured += 1
        change = logs[1] - logs[0]
        if abs(change) > THRESHOLD:
            trend = "grows faster" if change > 0 else "grows slower"
            return _differ(variables, direction, fixed, f"your answer {trend} than the expected order")
    if measured >= 2:
        return {"kind": "numeric", "reason": f"same order of growth along {measured} directions"}
    return {"kind": "undecided", "reason": "the growth rates could not be measured"}


def _differ(variables: list[sympy.Symbol], direction: tuple[Fraction, ...], fixed: dict[Any, Any], why: str) -> dict[str, Any]:
    example: dict[str, Any] = {str(s): show_input(v) for s, v in fixed.items()}
    growth = ", ".join(f"{v} = T**{show_input(a)}" if a != 1 else f"{v} = T" for v, a in zip(variables, direction))
    example["growth"] = f"{growth}, T -> oo" if growth else ""
    return {"kind": "not_equivalent", "reason": why + (f" (e.g. as {growth} with T -> oo)" if growth else ""), "counterexample": example}
