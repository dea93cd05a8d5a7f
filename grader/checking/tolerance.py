"""Tolerance lint: numeric tolerances that accept what they should not, or reject float noise.

Checked per case on the expected answer the case ends up with:
- a relative tolerance on an expected 0 with no absolute part: only an exact 0 passes there;
- an absolute tolerance as large as the answer: any answer of the right size passes;
- a tolerance that accepts the zero array for an answer that is not zero;
- ``sigfig``/``decimals`` (or a relative tolerance) looser than the digits the prompt asks for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np

_DIGITS = re.compile(r"(\d+|one|two|three|four|five|six|seven|eight)\s+(significant\s+(?:figures|digits)|sig\.?\s*figs?|decimal\s+(?:places|digits))", re.I)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}


def asked_digits(prompt: str) -> tuple[str, int] | None:
    """What the prompt asks for: ("sigfig", 3) for "to 3 significant figures", ("decimals", 2)
    for "2 decimal places"; the strictest when it says several; None when it says nothing."""
    found: dict[str, int] = {}
    for count, what in _DIGITS.findall(prompt or ""):
        n = int(count) if count.isdigit() else _WORDS[count.lower()]
        kind = "decimals" if what.lower().startswith("decimal") else "sigfig"
        found[kind] = max(found.get(kind, 0), n)
    if not found:
        return None
    kind = "sigfig" if "sigfig" in found else "decimals"
    return kind, found[kind]


def lint_case(expected: Any, options: Mapping[str, Any], prompt: str = "") -> list[str]:
    """What is wrong with the tolerance of one numeric case (empty when it is sound)."""
    from grader.compare.numeric import accepts, tolerance

    try:
        exp = np.asarray(expected)
    except ValueError:  # a ragged tuple of parts, e.g. (dx, dw): each part is linted on its own
        if isinstance(expected, (list, tuple)):
            return list(dict.fromkeys(p for part in expected for p in lint_case(part, options, prompt)))
        return []
    if exp.dtype.kind not in "biuf" or not exp.size:
        return []
    e = exp.astype(float)
    finite = np.isfinite(e)
    if not finite.any():
        return []
    tol = tolerance(e, options)
    problems = []
    zero = (e == 0) & finite
    if zero.any() and np.any(tol[zero] == 0):
        problems.append("a relative tolerance on an expected 0 with no absolute tolerance: only an exact 0 passes there "
                        "(set atol or scaled_atol)")
    nonzero = (e != 0) & finite
    scale = float(np.abs(e[finite]).max())
    if nonzero.any() and not (options.get("sigfig") or options.get("decimals") is not None):
        absolute = float(options.get("atol", 0.0)) + float(options.get("scaled_atol", 0.0)) * scale
        if absolute >= float(np.abs(e[nonzero]).max()):
            problems.append(f"an absolute tolerance ({absolute:.3g}) as large as the answer (max |expected| {scale:.3g})")
    if nonzero.any() and accepts(e, np.zeros_like(e), options):
        problems.append("the tolerance accepts the zero array for an answer that is not zero")
    asked = asked_digits(prompt)
    if asked is not None:
        problems += _looser_than_asked(asked, options, e)
    return problems


def _looser_than_asked(asked: tuple[str, int], options: Mapping[str, Any], e: np.ndarray) -> list[str]:
    kind, n = asked
    what = f"{n} significant figures" if kind == "sigfig" else f"{n} decimal places"
    if options.get("sigfig"):
        if kind == "sigfig" and int(options["sigfig"]) < n:
            return [f"sigfig: {options['sigfig']} is looser than the {what} the prompt asks for"]
        return []
    if options.get("decimals") is not None:
        if kind == "decimals" and int(options["decimals"]) < n:
            return [f"decimals: {options['decimals']} is looser than the {what} the prompt asks for"]
        return []
    if kind == "sigfig":  # a relative tolerance wider than half a unit in the n-th digit
        limit = 0.5 * 10.0 ** (1 - n)
        if float(options.get("rtol", 0.0)) > limit:
            return [f"rtol {options.get('rtol'):g} is looser than the {what} the prompt asks for (at most {limit:g})"]
    elif float(options.get("atol", 0.0)) > 0.5 * 10.0 ** (-n):
        return [f"atol {options.get('atol'):g} is looser than the {what} the prompt asks for (at most {0.5 * 10.0 ** (-n):g})"]
    return []
