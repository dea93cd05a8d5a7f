"""The transformations that real mistakes make to a right answer, in one table.

Each entry names a mistake from the diagnosis vocabulary and lists the arrays that mistake turns
the expected answer into (its *variants*). Two users share the table:

- :mod:`grader.compare.diagnose` asks whether a wrong answer is one of the variants of the
  expected answer ("your answer is the expected array transposed");
- :mod:`grader.checking.mutants` grades the variants of the reference answers as mutants, to
  prove that a problem's cases and tolerances reject them.

Adding a mistake is one :class:`Transform` entry in :data:`TRANSFORMS`; the order is the order in
which they are tried (the first that explains an answer names it, so the more specific come first). Everything here is pure
numpy on bounded arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

#: the diagnosis vocabulary: ``details["diagnosis"]`` only ever holds these names
VOCABULARY: dict[str, str] = {
    "transposed": "the answer is the expected array transposed",
    "flipped": "the expected array reversed along an axis (e.g. a flipped kernel: convolution vs correlation in 1-D)",
    "rotated": "the expected array rotated by 180 degrees (e.g. a convolution instead of a cross-correlation)",
    "negated": "the expected array with every sign changed",
    "scaled": "the expected array times a constant factor (reported)",
    "offset": "the expected answer plus a constant (reported; for integers, off by one)",
    "shifted": "the expected array shifted by one position along an axis",
    "cropped": "one row/column more or fewer than expected, the rest right (an off-by-one window count)",
    "reshaped": "the right numbers in the right order, in another shape",
    "permuted": "the right values in another order",
    "rounded": "the expected answer rounded or truncated (to integers, decimals or fewer significant figures)",
    "wrong_axis": "normalised or reduced along the wrong axis (e.g. a softmax over columns instead of rows)",
    "returned_input": "one of the inputs returned unchanged",
    "sign": "a scalar with the wrong sign",
    "power_of_ten": "a scalar off by a factor 10^k",
    "constant_factor": "off by a constant factor (scalars: 2 or 1/2; symbolic answers: any constant)",
    "other_problem_shape": "the shape of another problem's answer, not of this one's",
}

MAX_DIAGNOSED = 4096  # elements: larger answers are diagnosed by the cheap transformations only
MAX_CHEAP = 1_000_000  # elements: larger answers are not diagnosed at all

Variants = Callable[[np.ndarray, "np.ndarray | None"], Iterator[tuple[np.ndarray, dict[str, Any]]]]


@dataclass(frozen=True)
class Transform:
    """A mistake: its vocabulary name, the arrays it makes of ``expected`` (fitted to ``observed``
    when one is given) and the sentence that explains it (``describe(params)``)."""

    name: str
    variants: Variants
    describe: Callable[[dict[str, Any]], str]
    scalar: bool = False  # for 0-d answers (else for arrays)
    mutant: bool = True  # graded as a mutant by ``grade check``


def _axes(exp: np.ndarray) -> Iterator[int]:
    return (a for a in range(exp.ndim) if exp.shape[a] > 1)


def _transposed(exp: np.ndarray, obs: np.ndarray | None) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
    if exp.ndim >= 2:
        yield np.swapaxes(exp, -1, -2), {}
        if exp.ndim > 2:
            yield exp.T, {"axes": "all"}


def _flipped(exp: np.ndarray, obs: np.ndarray | None) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
    for axis in _axes(exp):
        yield np.flip(exp, axis), {"axis": axis}


def _rotated(exp: np.ndarray, obs: np.ndarray | None) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
    if exp.ndim >= 2 and exp.shape[-1] > 1 and exp.shape[-2] > 1:
        yield np.flip(exp, (-2, -1)), {}


def _negated(exp: np.ndarray, obs: np.ndarray | None) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
    yield -exp, {}


def _fitted_factor(exp: np.ndarray, obs: np.ndarray | None) -> float | None:
    if obs is None:
        return 2.0
    e, o = exp.astype(float).ravel(), obs.astype(float).ravel()
    denom = float(e @ e)
    if not denom or not np.isfinite(denom):
        return None
    return float(e @ o) / denom


def _scaled(exp: np.ndarray, obs: np.ndarray | None) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
    c = _fitted_factor(exp, obs)
    if c is None or not np.isfinite(c) or abs(c) < 1e-12 or abs(c - 1) < 1e-9 or abs(c + 1) < 1e-9:
        return
    yield exp * c, {"factor": _nice(c)}


def _offset(exp: np.ndarray, obs: np.ndarray | None) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
    d = 1.0 if obs is None else float(np.mean(obs.astype(float) - exp.astype(float)))
    if np.isfinite(d) and d != 0:
        yield exp + d, {"constant": _nice(d)}


def _shifted(exp: np.ndarray, obs: np.ndarray | None) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
    """Shifted by one along an axis; the cell that comes in at the edge is not compared (it takes
    the observed value, or the edge value for a mutant)."""
    if obs is not None and obs.shape != exp.shape:
        return
    for axis in (a for a in range(exp.ndim) if exp.shape[a] >= 3):
        for step in (1, -1):
            cand = np.roll(exp, step, axis=axis)
            edge = [slice(None)] * exp.ndim
            edge[axis] = 0 if step == 1 else -1
            cand[tuple(edge)] = (obs if obs is not None else exp)[tuple(edge)]
            yield cand, {"axis": axis, "by": step}


def _windows(big: tuple[int, ...], small: tuple[int, ...]) -> Iterator[tuple[slice, ...]]:
    """Every placement of a ``small`` window inside ``big`` (sizes differing by at most 2 per axis)."""
    import itertools

    ranges = [range(b - s + 1) for b, s in zip(big, small)]
    for start in itertools.product(*ranges):
        yield tuple(slice(i, i + s) for i, s in zip(start, small))


def _cropped(exp: np.ndarray, obs: np.ndarray | None) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
    """One window more or fewer per axis: the observed is a sub-window of the expected (too few
    windows) or the expected is a sub-window of the observed (too many), the overlap right."""
    if obs is None:  # mutant: the last row/column dropped, as ``range(n - k)`` instead of ``range(n - k + 1)``
        if exp.ndim and all(n > 1 for n in exp.shape):
            yield exp[tuple(slice(0, n - 1) for n in exp.shape)], {"fewer": [1] * exp.ndim}
        return
    if obs.ndim != exp.ndim or obs.shape == exp.shape or not exp.ndim:
        return
    diff = [o - e for o, e in zip(obs.shape, exp.shape)]
    if not all(-2 <= d <= 2 for d in diff) or not (all(d <= 0 for d in diff) or all(d >= 0 for d in diff)):
        return
    if any(n == 0 for n in obs.shape):
        return
    if all(d <= 0 for d in diff):
        for win in _windows(exp.shape, obs.shape):
            yield exp[win], {"fewer": [-d for d in diff], "start": [s.start for s in win]}
    else:
        for win in _windows(obs.shape, exp.shape):
            cand = obs.astype(float).copy()
            cand[win] = exp
            yield cand, {"more": diff, "start": [s.start for s in win]}


def _reshaped(exp: np.ndarray, obs: np.ndarray | None) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
    if obs is None:
        if exp.ndim >= 1 and exp.size > 1:
            yield exp.reshape(-1, 1) if exp.ndim == 1 else exp.ravel(), {}
        return
    if obs.shape != exp.shape and obs.size == exp.size:
        yield exp.reshape(obs.shape), {"shape": list(obs.shape)}


def _permuted(exp: np.ndarray, obs: np.ndarray | None) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
    if obs is None:
        flat = exp.ravel()
        if flat.size > 1:
            yield np.roll(flat, 1).reshape(exp.shape), {}
        return
    if obs.size != exp.size or obs.size > MAX_DIAGNOSED or exp.dtype.kind == "c" or obs.dtype.kind == "c":
        return
    order = np.argsort(obs.ravel(), kind="stable")
    cand = np.empty(obs.size, dtype=float)
    cand[order] = np.sort(exp.astype(float).ravel())
    yield cand.reshape(obs.shape), {}


def _rounded(exp: np.ndarray, obs: np.ndarray | None) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
    if exp.dtype.kind not in "f" or np.all(exp == np.round(exp)):
        return
    candidates = [(fn(exp), {"how": how, "to": "integers"})
                  for how, fn in (("rounded", np.round), ("truncated", np.trunc), ("floored", np.floor), ("ceiled", np.ceil))]
    candidates += [(np.round(exp, d), {"how": "rounded", "to": f"{d} decimal{'s' if d > 1 else ''}"}) for d in (1, 2, 3, 4)]
    for cand, params in candidates:
        if np.any(cand != 0):  # all zeros is a stub, not a rounding
            yield cand, params


def _wrong_axis(exp: np.ndarray, obs: np.ndarray | None) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
    """A normalisation (softmax, division by a sum) along the wrong axis of a 2-D answer.

    The expected ``e`` sums to 1 along one axis: ``e = w / w.sum(axis)`` for some positive ``w``, so
    ``w = e * a`` with one factor ``a_k`` per slice along the other axis. Normalising that ``w``
    along the other axis is the mistake; ``a`` is fitted from the observed answer (log-ratios
    separable by rows and columns) and the candidate must then be matched within tolerance."""
    if exp.ndim != 2 or exp.dtype.kind == "c" or exp.size > MAX_DIAGNOSED or min(exp.shape) < 2:
        return
    e = exp.astype(float)
    if not (np.all(np.isfinite(e)) and np.all(e > 0)):
        return
    for axis in (0, 1):
        if not np.allclose(e.sum(axis=axis), 1.0, rtol=1e-6, atol=1e-9):
            continue
        other = 1 - axis
        if obs is None:
            yield e / e.sum(axis=other, keepdims=True), {"axis": other, "expected_axis": axis}
            continue
        o = obs.astype(float)
        if o.shape != e.shape or not np.all(o > 0):
            return
        log_ratio = np.log(o) - np.log(e)
        a = np.exp(log_ratio.mean(axis=axis, keepdims=True))  # one factor per slice along ``other``
        w = e * a
        yield w / w.sum(axis=other, keepdims=True), {"axis": other, "expected_axis": axis}


def _scalar_sign(exp: np.ndarray, obs: np.ndarray | None) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
    if exp.dtype.kind != "b" and exp != 0:
        yield -exp, {}


def _scalar_ratio(exp: np.ndarray, obs: np.ndarray | None, ratios: list[float]) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
    if exp.dtype.kind in "bc" or exp == 0:
        return
    for r in ratios:
        for sign in (1, -1):
            yield exp * (sign * r), {"factor": _nice(sign * r), "negated": sign < 0}


def _power_of_ten(exp: np.ndarray, obs: np.ndarray | None) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
    ratios = [10.0**k for k in (1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6)] if obs is not None else [10.0]
    yield from _scalar_ratio(exp, obs, ratios)


def _constant_factor(exp: np.ndarray, obs: np.ndarray | None) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
    yield from _scalar_ratio(exp, obs, [2.0, 0.5])


def _scalar_offset(exp: np.ndarray, obs: np.ndarray | None) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
    """Off by one for integer answers (a count or a size computed with one step too many or few)."""
    if exp.dtype.kind in "iu":  # an integer answer (a count, a size); 1.0 for a fraction is not one
        for d in (1, -1):
            yield exp + d, {"constant": d}


def _scalar_rounded(exp: np.ndarray, obs: np.ndarray | None) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
    """Rounded to fewer significant figures than the tolerance asks (or truncated)."""
    if exp.dtype.kind != "f" or not np.isfinite(exp) or exp == 0 or float(exp) == round(float(exp)):
        return
    x = float(exp)
    magnitude = int(np.floor(np.log10(abs(x))))
    for digits in range(1, 8):
        scale = 10.0 ** (digits - 1 - magnitude)
        for how, fn in (("rounded", np.round), ("truncated", np.trunc)):
            yield np.asarray(fn(x * scale) / scale), {"how": how, "to": f"{digits} significant figure{'s' if digits > 1 else ''}", "digits": digits}


def _nice(x: float) -> float | str:
    """A factor as the student would think of it: 2, 0.5, -1/3 (as a string), else rounded."""
    frac = Fraction(x).limit_denominator(12)
    if frac.denominator > 1 and abs(float(frac) - x) <= 1e-9 * max(1.0, abs(x)) and frac.denominator not in (2, 4, 5, 8, 10):
        return f"{frac.numerator}/{frac.denominator}"
    return float(f"{x:.6g}")


def _num(x: float | str, absolute: bool = False) -> str:
    if isinstance(x, str):
        return x.lstrip("-") if absolute else x
    return f"{abs(x) if absolute else x:g}"


def _axis_word(axis: int, ndim: int) -> str:
    if ndim == 2:
        return {0: "upside down (its rows in reverse order, axis 0)", 1: "mirrored (each row reversed, axis 1)"}[axis]
    if ndim == 1:
        return "in reverse order"
    return f"reversed along axis {axis}"


def _shift_text(p: dict[str, Any]) -> str:
    direction = "forward" if p["by"] == 1 else "back"
    return f"your answer is the expected array shifted by one position {direction} along axis {p['axis']}"


def _crop_text(p: dict[str, Any]) -> str:
    if "fewer" in p:
        return (f"your answer is a sub-window of the expected array (starting at {p.get('start')}) with "
                f"{_per_axis(p['fewer'])} fewer: one window too few (an off-by-one in the window count)")
    return (f"your answer holds the expected array (at {p['start']}) with {_per_axis(p['more'])} more: "
            "one window too many (an off-by-one in the window count)")


def _per_axis(counts: list[int]) -> str:
    return ", ".join(f"{n} along axis {a}" for a, n in enumerate(counts) if n)


TRANSFORMS: list[Transform] = [
    Transform("transposed", _transposed, lambda p: "your answer is the expected array transposed"),
    Transform("rotated", _rotated, lambda p: "your answer is the expected array rotated by 180°"),
    Transform("flipped", _flipped, lambda p: "your answer is the expected array " + p["_word"]),
    Transform("negated", _negated, lambda p: "your answer is the expected array with the sign of every element changed"),
    Transform("wrong_axis", _wrong_axis, lambda p: (
        f"your answer is normalised along axis {p['axis']}, the expected one along axis {p['expected_axis']}: "
        "check the axis of your sum (e.g. keepdims and axis=-1)"), mutant=False),
    Transform("rounded", _rounded, lambda p: f"your answer is the expected array {p['how']} to {p['to']}"),
    Transform("scaled", _scaled, lambda p: f"your answer is the expected array times {_num(p['factor'])}"),
    Transform("offset", _offset, lambda p: f"your answer is the expected array plus {_num(p['constant'])}"),
    Transform("shifted", _shifted, _shift_text),
    Transform("cropped", _cropped, _crop_text),
    Transform("reshaped", _reshaped, lambda p: "your answer has the right numbers in the right order but the wrong shape (check reshape/squeeze)"),
    Transform("permuted", _permuted, lambda p: "your answer has the right values but in another order"),
    Transform("sign", _scalar_sign, lambda p: "your answer has the wrong sign", scalar=True),
    Transform("power_of_ten", _power_of_ten, lambda p: (
        f"your answer is {'minus ' if p['negated'] else ''}the expected value times {_num(p['factor'], absolute=True)}: check the units or a power of ten"), scalar=True),
    Transform("constant_factor", _constant_factor, lambda p: (
        f"your answer is {'minus ' if p['negated'] else ''}the expected value times {_num(p['factor'], absolute=True)}: a missing or extra factor of 2?"), scalar=True),
    Transform("offset", _scalar_offset, lambda p: f"your answer is off by {p['constant']:+d}: check for an off-by-one", scalar=True),
    Transform("rounded", _scalar_rounded, lambda p: f"your answer is the expected value {p['how']} to {p['to']}: give more digits", scalar=True),
]


def transforms_for(exp: np.ndarray) -> list[Transform]:
    """The table's entries that apply to an answer of ``exp``'s dimensionality."""
    scalar = exp.ndim == 0
    return [t for t in TRANSFORMS if t.scalar == scalar]


def describe(t: Transform, params: dict[str, Any], ndim: int) -> str:
    """The sentence for a found transform (the flip sentence depends on the array's rank)."""
    if t.name == "flipped":
        params = {**params, "_word": _axis_word(params["axis"], ndim)}
    return t.describe(params)
