"""Form requirements on a student's answer ("give it expanded", "no unevaluated
derivatives"...). Each check looks at the answer as the student wrote it (before
function definitions are substituted), and returns True when the form is met."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy


def _expressions(value: Any) -> list[Any]:
    if isinstance(value, (tuple, list)):
        return [x for v in value for x in _expressions(v)]
    if isinstance(value, sympy.MatrixBase):
        return list(value)
    if isinstance(value, sympy.Equality):
        return [value.lhs, value.rhs]
    return [value]


def is_expanded(expr: Any) -> bool:
    """No product or integer power of a sum is left to multiply out."""
    if not isinstance(expr, sympy.Expr):
        return True
    return bool(expr == sympy.expand(expr, power_exp=False, power_base=False, log=False))


def _irreducible(f: Any) -> bool:
    try:
        _, factors = sympy.factor_list(f)
    except (sympy.PolynomialError, sympy.polys.polyerrors.PolificationFailed, ValueError, TypeError):
        return True
    non_constant = [(g, m) for g, m in factors if not g.is_number]
    return len(non_constant) == 1 and non_constant[0][1] == 1 or not non_constant


def is_factored(expr: Any) -> bool:
    """A product of irreducible factors (over the rationals, up to constants)."""
    if not isinstance(expr, sympy.Expr):
        return True
    factors = sympy.Mul.make_args(expr)
    for f in factors:
        base = f.base if isinstance(f, sympy.Pow) and f.exp.is_Integer and f.exp > 0 else f
        if isinstance(base, sympy.Add) and not _irreducible(base):
            return False
    return True


def has_no(*classes: type) -> Callable[[Any], bool]:
    def check(expr: Any) -> bool:
        return not (isinstance(expr, sympy.Basic) and expr.has(*classes))

    return check


#: requirement name -> check on one expression
CHECKS: dict[str, Callable[[Any], bool]] = {
    "expanded": is_expanded,
    "factored": is_factored,
    "no_derivatives": has_no(sympy.Derivative, sympy.Subs),
    "no_integrals": has_no(sympy.Integral),
    "no_sums": has_no(sympy.Sum, sympy.Product),
    "no_undefined_functions": lambda e: not (isinstance(e, sympy.Basic) and e.atoms(sympy.core.function.AppliedUndef)),
}

#: requirements decided from the text rather than the expression
TEXT_CHECKS = frozenset({"no_decimals"})
REQUIREMENTS = frozenset(CHECKS) | TEXT_CHECKS

DEFAULT_FEEDBACK = {
    "expanded": "give your answer fully expanded (multiply out products and powers of sums)",
    "factored": "give your answer factored into irreducible factors",
    "no_derivatives": "evaluate the derivatives in your answer (no Derivative(...) left)",
    "no_integrals": "evaluate the integrals in your answer (no Integral(...) left)",
    "no_sums": "evaluate the sums and products in your answer",
    "no_undefined_functions": "write your answer without undefined functions",
    "no_decimals": "give an exact answer (fractions, sqrt(...), pi...), not decimals",
}


def check_forms(value: Any, requirements: list[str], decimals: bool) -> list[str]:
    """The requirements from ``requirements`` that ``value`` does not meet."""
    failed = []
    for req in requirements:
        if req == "no_decimals":
            ok = not decimals
        else:
            ok = all(CHECKS[req](e) for e in _expressions(value))
        if not ok:
            failed.append(req)
    return failed
