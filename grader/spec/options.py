"""Comparator options as instructors write them in YAML, one model per comparison kind.

They live here (not beside the comparators) so that validating an assignment
never imports a comparator, and so the JSON Schema can describe them.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NumericOptions(_Options):
    """Numbers and arrays, compared elementwise as ``|obs - exp| <= atol_eff + rtol * |exp|``."""

    rtol: float = Field(1e-7, ge=0, description="relative tolerance")
    atol: float = Field(1e-12, ge=0, description="absolute tolerance, so an expected 0 can be met")
    scaled_atol: float = Field(
        0.0, ge=0, description="absolute tolerance as a fraction of max |expected| (added to atol)"
    )
    sigfig: Optional[int] = Field(
        None, ge=1, le=17, description="accept answers correct to this many significant figures"
    )
    decimals: Optional[int] = Field(None, ge=0, le=17, description="accept answers correct to this many decimal places")
    check_shape: bool = Field(True, description="the shape must match exactly")
    dtype: Optional[Literal["bool", "int", "float", "complex"]] = Field(
        None, description="the kind of dtype the answer must have (none: any numeric)"
    )
    equal_nan: bool = Field(True, description="an expected NaN is met by a NaN")


class ExactOptions(_Options):
    """Bools, ints, strings and containers of them, compared for equality."""

    strict_types: bool = Field(
        False, description="require the same Python type (otherwise 3.0 equals 3, a tuple equals a list)"
    )
    case_sensitive: bool = Field(True, description="compare strings with case")
    strip: bool = Field(True, description="ignore leading and trailing whitespace in strings")


class FormRequirement(_Options):
    require: Literal["expanded", "factored", "no_derivatives", "simplified", "no_floats"]
    feedback: Optional[str] = None


class SymbolicOptions(_Options):
    """Mathematical equivalence of SymPy expressions (see docs: symbolic answers)."""

    symbols: dict[str, dict[str, bool]] = Field(
        default_factory=dict, description="symbol name -> SymPy assumptions, e.g. {x: {real: true}}"
    )
    functions: dict[str, Optional[str]] = Field(
        default_factory=dict, description="function name -> definition in t (e.g. '1/(1+exp(-t))'), or null"
    )
    mode: Literal["equivalent", "asymptotic"] = "equivalent"
    variables: Optional[list[str]] = Field(None, description="asymptotic mode: the symbols that grow")
    rtol: Optional[float] = Field(None, gt=0, description="compare answers with decimals numerically")
    time_limit: float = Field(2.0, gt=0, le=60, description="seconds per equivalence check")
    forms: list[FormRequirement] = Field(default_factory=list)
    numeric_scores: bool = Field(True, description="numerically equivalent but not proved counts as right")
    undecided_scores: bool = Field(False, description="undecided (budget exhausted) counts as right")


OPTIONS_BY_KIND: dict[str, type[_Options]] = {
    "numeric": NumericOptions,
    "exact": ExactOptions,
    "symbolic": SymbolicOptions,
}
