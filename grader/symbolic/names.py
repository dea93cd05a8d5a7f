"""What a parsed answer may refer to: the problem's declared symbols and functions,
plus SymPy's standard functions and constants under their SymPy names.

A :class:`Namespace` is built once per problem from the instructor's declarations
(``symbols``: name -> assumptions, ``functions``: name -> definition in ``t`` or
``None``) and shared by the parser and the comparison engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy

#: SymPy functions a student (or the child's printed text) may call, by their SymPy name.
STANDARD_FUNCTIONS: dict[str, Any] = {
    name: getattr(sympy, name)
    for name in (
        "sqrt cbrt root exp log ln "
        "sin cos tan cot sec csc asin acos atan acot asec acsc atan2 "
        "sinh cosh tanh coth sech csch asinh acosh atanh acoth asech acsch "
        "Abs sign factorial factorial2 binomial gamma loggamma erf erfc beta "
        "floor ceiling frac Min Max Mod Heaviside DiracDelta KroneckerDelta "
        "re im conjugate arg Piecewise Sum Product Derivative Integral Subs "
        "Eq Ne Lt Le Gt Ge And Or Not Matrix Rational"
    ).split()
}
STANDARD_FUNCTIONS["diff"] = sympy.Derivative  # unevaluated here; doit() happens before comparing

#: Constants under their SymPy names.
CONSTANTS: dict[str, Any] = {
    "I": sympy.I,
    "pi": sympy.pi,
    "E": sympy.E,
    "oo": sympy.oo,
    "zoo": sympy.zoo,
    "nan": sympy.nan,
    "EulerGamma": sympy.EulerGamma,
    "GoldenRatio": sympy.GoldenRatio,
}

#: Friendly hints for names students commonly mistype.
HINTS: dict[str, str] = {
    "e": "for Euler's number write E or exp(1)",
    "i": "for the imaginary unit write I",
    "j": "for the imaginary unit write I",
    "inf": "for infinity write oo",
    "infinity": "for infinity write oo",
    "Pi": "for π write pi",
    "PI": "for π write pi",
    "abs": "write Abs(...) for the absolute value",
    "ceil": "write ceiling(...)",
    "arcsin": "write asin(...)",
    "arccos": "write acos(...)",
    "arctan": "write atan(...)",
    "min": "write Min(...)",
    "max": "write Max(...)",
    "sigmoid": "",
}

from sympy.core.assumptions import _assume_defined  # noqa: E402

ASSUMPTION_KEYS = frozenset(_assume_defined)


@dataclass(frozen=True)
class FunctionDecl:
    """A named function of the problem: the SymPy undefined function used while parsing
    and, when declared, its definition (a ``Lambda``) substituted before comparing."""

    func: Any  # sympy UndefinedFunction
    definition: Any | None  # sympy.Lambda or None


@dataclass
class Namespace:
    """Declared symbols (with assumptions) and functions of one problem."""

    symbols: dict[str, sympy.Symbol] = field(default_factory=dict)
    functions: dict[str, FunctionDecl] = field(default_factory=dict)

    @property
    def symbol_names(self) -> list[str]:
        return sorted(self.symbols)


def make_namespace(
    symbols: Mapping[str, Mapping[str, Any] | None] | None,
    functions: Mapping[str, str | None] | None = None,
) -> Namespace:
    """Build the namespace from declarations; raises ``ValueError`` for bad declarations."""
    ns = Namespace()
    for name, assumptions in (symbols or {}).items():
        _check_identifier(name, "symbol")
        assumptions = dict(assumptions or {})
        unknown = set(assumptions) - ASSUMPTION_KEYS
        if unknown:
            raise ValueError(f"symbol {name!r}: unknown assumption(s) {sorted(unknown)}")
        ns.symbols[name] = sympy.Symbol(name, **{k: bool(v) for k, v in assumptions.items()})
    for name in functions or {}:
        _check_identifier(name, "function")
        if name in ns.symbols:
            raise ValueError(f"{name!r} is declared both as a symbol and as a function")
        ns.functions[name] = FunctionDecl(sympy.Function(name), None)
    for name, definition in (functions or {}).items():
        if definition is None:
            continue
        from grader.symbolic.parse import parse_trusted  # local: parse imports this module

        t = sympy.Symbol("t")
        inner = Namespace(dict(ns.symbols, t=t), {k: v for k, v in ns.functions.items() if k != name})
        body = parse_trusted(str(definition), inner)
        ns.functions[name] = FunctionDecl(ns.functions[name].func, sympy.Lambda(t, body))
    return ns


def _check_identifier(name: str, what: str) -> None:
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"{what} name {name!r} is not an identifier")


def namespace_from_names(names: set[str], called: set[str]) -> Namespace:
    """An unrestricted namespace for ``equivalent(..., symbols=None)``: every free name of
    the expected answer is a complex symbol, every unknown called name an undefined function."""
    return make_namespace({n: {} for n in sorted(names)}, {n: None for n in sorted(called)})
