"""Mutation check: grade wrong answers made from the reference's answers, with the problem's own
comparator, and measure what each earns.

A *stub* is code that knows nothing of the answer (zeros, the best constant, the example case's
answer returned for every input); a *mutant* is a right answer spoiled the way real mistakes spoil
it (the transformations of :mod:`grader.compare.transforms`, ones, another case's answer). A sound
problem gives no mutant full marks and no stub more than a small share of the points. Pure: no
student process, only the comparator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grader.compare.transforms import transforms_for

STUBS = ("zeros", "constant", "example")
Answer = Any
Make = Callable[[int, Answer], "Answer | None"]  # (case index, right answer) -> wrong answer, None = no change


@dataclass(frozen=True)
class CaseToProve:
    """One case as the mutation check sees it: its name, weight, right answer and comparator options."""

    name: str
    weight: float
    expected: Any
    options: dict[str, Any]


@dataclass
class MutantScore:
    """What one mutant earned: its share of the points and the cases that accepted it."""

    name: str
    stub: bool
    share: float
    accepted: list[str] = field(default_factory=list)
    changed: int = 0  # cases where the mutant differs from the right answer

    @property
    def full_marks(self) -> bool:
        return self.share >= 1.0 - 1e-9


def mutants(cases: Sequence[CaseToProve], compare_kind: str, symbolic_mode: str = "equivalent") -> Iterator[tuple[str, bool, Make]]:
    """Every (name, is_stub, make) for a problem's cases; ``make`` returns the wrong answer for one
    case, or None where the mistake leaves that case's answer unchanged."""
    if compare_kind == "symbolic":
        yield from _symbolic_mutants(symbolic_mode)
        return
    if compare_kind == "exact":
        yield from _exact_mutants(cases)
        return
    yield "zeros", True, lambda i, e: np.zeros_like(np.asarray(e, dtype=float))
    yield "ones", False, lambda i, e: np.ones_like(np.asarray(e, dtype=float))
    for value in _constants(cases):
        yield f"constant {value:g}", True, (lambda v: lambda i, e: np.full_like(np.asarray(e, dtype=float), v))(value)
    if len(cases) > 1:
        example = cases[_example_index(cases)].expected
        yield "example", True, lambda i, e: example
        yield "another case's answer", False, lambda i, e: cases[(i + 1) % len(cases)].expected
    names = []
    for c in cases:
        arr = _array(c.expected)
        for t in transforms_for(arr) if arr is not None else []:
            if t.mutant and t.name not in names:
                names.append(t.name)
    for name in names:
        yield name, False, (lambda n: lambda i, e: _transformed(n, e))(name)


def _array(value: Any) -> np.ndarray | None:
    """``value`` as a numeric array, or None (a ragged tuple of parts, text, ...)."""
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError):
        return None
    return arr if arr.dtype.kind in "biuf" else None


def _transformed(name: str, expected: Any) -> Any:
    exp = _array(expected)
    if exp is None:
        return None
    exp = exp.astype(float)
    for t in transforms_for(exp):
        if t.name == name:
            with np.errstate(all="ignore"):
                for cand, _ in t.variants(exp, None):
                    return np.asarray(cand)
    return None


def _constants(cases: Sequence[CaseToProve]) -> list[float]:
    """The constants a stub might return: 1, -1 and every value some case's whole answer is
    (a scalar, or an array filled with one value): the best of them is the "constant" stub."""
    values = [1.0, -1.0]
    for c in cases:
        arr = _array(c.expected)
        if arr is not None and arr.size and np.all(arr == arr.flat[0]):
            v = float(arr.flat[0])
            if v != 0 and v not in values:
                values.append(v)
    return values[:12]


def _example_index(cases: Sequence[CaseToProve]) -> int:
    """The example case: the first whose name starts with "example", else the first case."""
    return next((i for i, c in enumerate(cases) if c.name.lower().startswith("example")), 0)


def _exact_mutants(cases: Sequence[CaseToProve]) -> Iterator[tuple[str, bool, Make]]:
    yield "zeros", True, lambda i, e: _leaves(e, lambda x: False if isinstance(x, bool) else 0 if isinstance(x, (int, float)) else x)
    values: list[Any] = []
    for c in cases:
        if isinstance(c.expected, (bool, int, float, str)) and c.expected not in values and len(values) < 12:
            values.append(c.expected)
    for v in [True, False] if any(isinstance(c.expected, bool) for c in cases) else []:
        if v not in values:
            values.append(v)
    for v in values:
        yield f"constant {v!r}", True, (lambda v: lambda i, e: v)(v)
    if len(cases) > 1:
        example = cases[_example_index(cases)].expected
        yield "example", True, lambda i, e: example
        yield "another case's answer", False, lambda i, e: cases[(i + 1) % len(cases)].expected
    yield "negated", False, lambda i, e: _leaves(e, lambda x: (not x) if isinstance(x, bool) else -x if isinstance(x, (int, float)) else x)
    yield "offset", False, lambda i, e: _leaves(e, lambda x: x if isinstance(x, bool) else x + 1 if isinstance(x, (int, float)) else x)


def _leaves(value: Any, fn: Callable[[Any], Any]) -> Any:
    if isinstance(value, dict):
        return {k: _leaves(v, fn) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_leaves(v, fn) for v in value]
    return fn(value)


def _symbolic_mutants(mode: str) -> Iterator[tuple[str, bool, Make]]:
    yield "zeros", True, lambda i, e: "0"
    yield "ones", False, lambda i, e: "1"
    if mode == "equivalent":  # in asymptotic mode a constant factor is right
        yield "negated", False, lambda i, e: f"-({e})" if isinstance(e, str) else None
        yield "scaled", False, lambda i, e: f"2*({e})" if isinstance(e, str) else None


def score_mutant(
    name: str,
    stub: bool,
    make: Make,
    cases: Sequence[CaseToProve],
    accepts: Callable[[Any, Any, dict[str, Any]], float],
    partial_credit: bool,
) -> MutantScore | None:
    """Grade one mutant on every case; ``accepts(expected, answer, options)`` is the comparator's
    score in [0, 1]. A case the mutant leaves unchanged earns its share as a right answer would;
    None when the mutant cannot be made of some case's answer."""
    total = sum(c.weight for c in cases) or 1.0
    earned, accepted, changed = 0.0, [], 0
    for i, c in enumerate(cases):
        try:
            answer = make(i, c.expected)
        except (ValueError, TypeError, IndexError):
            return None  # this mistake cannot be made of these answers (e.g. a tuple of arrays)
        if answer is None or _same(answer, c.expected):
            earned += c.weight  # the mistake does not show on this case: it lets the mutant through
            accepted.append(c.name)
            continue
        changed += 1
        try:
            score = accepts(c.expected, answer, c.options)
        except Exception:  # noqa: BLE001 - a comparator that cannot take the mutant rejects it
            score = 0.0
        earned += score * c.weight
        if score >= 1.0:
            accepted.append(c.name)
    share = earned / total
    if not partial_credit and share < 1.0 - 1e-9:
        share = 0.0
    return MutantScore(name, stub, share, accepted, changed)


def _same(a: Any, b: Any) -> bool:
    """Identical values (not merely close): a mutant that equals the right answer is not a mutant."""
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    try:
        x, y = np.asarray(a), np.asarray(b)
        return x.shape == y.shape and x.dtype.kind in "biuf" and y.dtype.kind in "biuf" and bool(np.array_equal(x, y))
    except (ValueError, TypeError):
        if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):  # a ragged tuple of parts, e.g. (dx, dw)
            return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
        try:
            return bool(a == b)
        except (ValueError, TypeError):
            return False
