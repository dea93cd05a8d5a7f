"""Comparator options as instructors write them in YAML, one struct per comparison kind.

They live here (not beside the comparators) so that validating an assignment
never imports a comparator, and so the JSON Schema can describe them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

import msgspec
from msgspec import Meta

from grader.spec.bounds import NonNegative, Positive


class _Options(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    pass


class NumericOptions(_Options):
    """Numbers and arrays, compared elementwise as |obs - exp| <= atol + scaled_atol * max|exp| + rtol * |exp|."""

    rtol: Annotated[NonNegative, Meta(description="relative tolerance")] = 1e-7
    atol: Annotated[NonNegative, Meta(description="absolute tolerance, so an expected 0 can be met")] = 1e-12
    scaled_atol: Annotated[
        NonNegative, Meta(description="absolute tolerance as a fraction of max |expected| (added to atol)")
    ] = 0.0
    sigfig: Annotated[Optional[Annotated[int, Meta(ge=1, le=17)]], Meta(description="accept answers correct to this many significant figures")] = None
    decimals: Annotated[Optional[Annotated[int, Meta(ge=0, le=17)]], Meta(description="accept answers correct to this many decimal places")] = None
    check_shape: Annotated[bool, Meta(description="the shape must match exactly")] = True
    dtype: Annotated[
        Optional[Literal["bool", "int", "float", "complex"]],
        Meta(description="the kind of dtype the answer must have (null: any numeric)"),
    ] = None
    equal_nan: Annotated[bool, Meta(description="an expected NaN is met by a NaN")] = True
    diagnose: Annotated[bool, Meta(description="name the known mistake a wrong answer makes (transposed, negated, ...)")] = True


class ExactOptions(_Options):
    """Bools, ints, strings and containers of them, compared for equality."""

    strict_types: Annotated[bool, Meta(description="require the same Python type (otherwise 3.0 equals 3, a tuple equals a list)")] = False
    case_sensitive: Annotated[bool, Meta(description="compare strings with case")] = True
    strip: Annotated[bool, Meta(description="ignore leading and trailing whitespace in strings")] = True


class FormRequirement(_Options):
    """A form the answer must have, beyond being equivalent."""

    require: Literal[
        "expanded", "factored", "no_derivatives", "no_integrals", "no_sums", "no_undefined_functions", "no_decimals"
    ]
    feedback: Optional[str] = None


class SymbolicOptions(_Options):
    """Mathematical equivalence of SymPy expressions (README: symbolic answers)."""

    symbols: Annotated[dict[str, dict[str, bool]], Meta(description="symbol name -> SymPy assumptions, e.g. {x: {real: true}}")] = {}
    functions: Annotated[
        dict[str, Optional[str]], Meta(description="function name -> definition in t (e.g. '1/(1+exp(-t))'), or null")
    ] = {}
    mode: Literal["equivalent", "asymptotic"] = "equivalent"
    variables: Annotated[Optional[list[str]], Meta(description="asymptotic mode: the symbols that grow")] = None
    rtol: Annotated[Optional[Positive], Meta(description="compare answers with decimals numerically")] = None
    time_limit: Annotated[Annotated[float, Meta(gt=0, le=60)], Meta(description="seconds per equivalence check")] = 2.0
    forms: list[FormRequirement] = []
    numeric_scores: Annotated[bool, Meta(description="numerically equivalent but not proved counts as right")] = True
    undecided_scores: Annotated[bool, Meta(description="undecided (budget exhausted) counts as right")] = False


OPTIONS_BY_KIND: dict[str, type[_Options]] = {
    "numeric": NumericOptions,
    "exact": ExactOptions,
    "symbolic": SymbolicOptions,
}


def resolve(kind: str, values: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every option of ``kind`` with ``values`` applied: what a comparator receives."""
    struct = msgspec.convert(values or {}, OPTIONS_BY_KIND[kind])
    return msgspec.to_builtins(struct)
