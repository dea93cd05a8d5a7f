"""Automatic diagnoses of a wrong numeric answer: which known mistake turns the expected answer
into the observed one ("your answer is the expected array transposed").

Pure and bounded: it runs only on wrong answers. With the case's inputs it first asks whether the
answer is a convolution instead of a cross-correlation of two inputs (a cause proved on the inputs,
more telling than its effect, e.g. an antisymmetric kernel's flip negates the output); then it tries
the table of :data:`grader.compare.transforms.TRANSFORMS` (each candidate compared with the
problem's own tolerance), then the other mistakes that need the inputs (:data:`INPUT_DIAGNOSES`: a
reduction over the wrong axis, an input returned unchanged) and the other problems' answer shapes. The names come from the fixed vocabulary
:data:`grader.compare.transforms.VOCABULARY`, so that class statistics can count them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grader.compare.context import Context, expected_shapes  # noqa: F401 - also this module's names
from grader.compare.transforms import MAX_CHEAP, MAX_DIAGNOSED, VOCABULARY, describe, transforms_for

Close = Callable[[np.ndarray, np.ndarray], bool]


@dataclass(frozen=True)
class Diagnosis:
    """One recognised mistake: its vocabulary name(s), the sentence for the student, its parameters."""

    names: tuple[str, ...]
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"names": list(self.names), "message": self.message, **{k: v for k, v in self.params.items() if not k.startswith("_")}}


def diagnose(exp: np.ndarray, obs: np.ndarray, close: Close, context: Context | None = None) -> list[Diagnosis]:
    """The mistakes that explain ``obs`` (wrong) as a transformation of ``exp``; ``close(a, b)``
    says whether ``b`` would be accepted for an expected ``a`` (the problem's tolerance)."""
    if exp.dtype.kind not in "biufc" or obs.dtype.kind not in "biufc":
        return []
    if max(exp.size, obs.size) > MAX_CHEAP:
        return []
    big = max(exp.size, obs.size) > MAX_DIAGNOSED
    found: list[Diagnosis] = []
    if context is not None and not big:  # a proved cause first: a flipped kernel may also negate the output
        kernel = _safely(_kernel_flipped, exp, obs, close, context.inputs)
        if kernel is not None:
            return [kernel]
    for t in transforms_for(exp):
        if big and t.name not in ("transposed", "negated", "scaled", "offset"):
            continue
        try:
            hit = _first_variant(t, exp, obs, close)
        except (ValueError, TypeError, FloatingPointError, OverflowError):
            hit = None
        if hit is not None:
            names = (t.name, "sign") if hit.get("negated") else (t.name,)
            found.append(Diagnosis(names, describe(t, hit, exp.ndim), hit))
            break  # the first (most specific) explanation is the one to give
    if context is not None and not big:
        if not found:
            for finder in INPUT_DIAGNOSES:
                d = _safely(finder, exp, obs, close, context.inputs)
                if d is not None:
                    found.append(d)
                    break
        if not found and obs.shape != exp.shape:
            d = _other_problem_shape(obs.shape, context)
            if d is not None:
                found.append(d)
    return found


def _safely(finder: Callable[..., "Diagnosis | None"], *args: Any) -> "Diagnosis | None":
    try:
        return finder(*args)
    except (ValueError, TypeError, FloatingPointError, OverflowError):
        return None


def _first_variant(t: Any, exp: np.ndarray, obs: np.ndarray, close: Close) -> dict[str, Any] | None:
    with np.errstate(all="ignore"):
        for cand, params in t.variants(exp, obs):
            cand = np.asarray(cand)
            if cand.shape != obs.shape:
                continue
            if cand.shape == exp.shape and close(exp, cand):
                continue  # the mistake does not change this answer: it explains nothing
            if close(cand, obs):
                return params
    return None


def names(found: list[Diagnosis]) -> list[str]:
    """The vocabulary names of ``found``, each once, in order."""
    out: list[str] = []
    for d in found:
        out += [n for n in d.names if n not in out]
    assert all(n in VOCABULARY for n in out), out
    return out


# -- diagnoses that need the case's inputs -----------------------------------------------------

def _arrays(inputs: Mapping[str, Any]) -> list[tuple[str, np.ndarray]]:
    out = []
    for key, value in inputs.items():
        if isinstance(value, (list, tuple, np.ndarray)):
            try:
                arr = np.asarray(value, dtype=float)
            except (ValueError, TypeError):
                continue
            if 0 < arr.size <= MAX_DIAGNOSED:
                out.append((key, arr))
    return out


def _correlate2d(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """'Valid' 2-D cross-correlation (as in deep-learning frameworks)."""
    from numpy.lib.stride_tricks import sliding_window_view

    return np.einsum("ijkl,kl->ij", sliding_window_view(image, kernel.shape), kernel)


def _correlate1d(x: np.ndarray, w: np.ndarray, mode: str) -> np.ndarray:
    return np.correlate(x, w, mode=mode)


def _kernel_flipped(exp: np.ndarray, obs: np.ndarray, close: Close, inputs: Mapping[str, Any]) -> Diagnosis | None:
    """A convolution where a cross-correlation was asked (or the reverse): recognised only when
    the expected answer *is* the correlation of two of the inputs, so the claim is proved."""
    arrays = _arrays(inputs)
    for iname, image in arrays:
        for kname, kernel in arrays:
            if kname == iname or kernel.ndim != image.ndim or kernel.size >= image.size:
                continue
            if image.ndim == 2 and all(k <= n for k, n in zip(kernel.shape, image.shape)):
                flipped = np.flip(kernel, (0, 1))
                if np.array_equal(flipped, kernel):
                    continue
                pairs = [(_correlate2d(image, kernel), _correlate2d(image, flipped))]
                name, what = "rotated", f"`{kname}` rotated by 180°"
            elif image.ndim == 1:
                flipped = kernel[::-1]
                if np.array_equal(flipped, kernel):
                    continue
                pairs = [(_correlate1d(image, kernel, m), _correlate1d(image, flipped, m)) for m in ("valid", "same", "full")]
                name, what = "flipped", f"`{kname}` reversed"
            else:
                continue
            for right, wrong in pairs:
                for a, b, said in ((right, wrong, "a convolution instead of a cross-correlation"),
                                   (wrong, right, "a cross-correlation instead of a convolution")):
                    if a.shape == exp.shape and b.shape == obs.shape and close(exp, a) and close(b, obs):
                        return Diagnosis((name,), f"your answer is {said}: it uses the kernel {what}", {"input": kname})
    return None


def _softmax(x: np.ndarray, axis: int) -> np.ndarray:
    z = np.exp(x - x.max(axis=axis, keepdims=True))
    return z / z.sum(axis=axis, keepdims=True)


REDUCTIONS: dict[str, Callable[[np.ndarray, int], np.ndarray]] = {
    "sum": lambda x, a: x.sum(axis=a),
    "mean": lambda x, a: x.mean(axis=a),
    "max": lambda x, a: x.max(axis=a),
    "min": lambda x, a: x.min(axis=a),
    "argmax": lambda x, a: x.argmax(axis=a),
    "softmax": _softmax,
    "normalisation": lambda x, a: x / x.sum(axis=a, keepdims=True),
    "norm": lambda x, a: np.sqrt((x * x).sum(axis=a)),
}


def _reduced_wrong_axis(exp: np.ndarray, obs: np.ndarray, close: Close, inputs: Mapping[str, Any]) -> Diagnosis | None:
    """A reduction or normalisation of an input along the wrong axis, proved on the inputs: the
    expected answer is that reduction along one axis and the observed along another."""
    for iname, x in _arrays(inputs):
        if x.ndim < 2:
            continue
        with np.errstate(all="ignore"):
            for rname, fn in REDUCTIONS.items():
                for axis in range(x.ndim):
                    right = fn(x, axis)
                    if right.shape != exp.shape or not close(exp, right):
                        continue
                    for other in range(x.ndim):
                        if other == axis:
                            continue
                        wrong = fn(x, other)
                        if wrong.shape == obs.shape and close(wrong, obs) and not (wrong.shape == exp.shape and close(exp, wrong)):
                            return Diagnosis(("wrong_axis",), f"your answer is the {rname} of `{iname}` along axis {other}, "
                                             f"but the expected one is along axis {axis}", {"axis": other, "expected_axis": axis, "input": iname})
    return None


def _returned_input(exp: np.ndarray, obs: np.ndarray, close: Close, inputs: Mapping[str, Any]) -> Diagnosis | None:
    for iname, x in _arrays(inputs):
        if x.shape == obs.shape and close(x, obs) and not (x.shape == exp.shape and close(exp, x)):
            return Diagnosis(("returned_input",), f"your answer is the input `{iname}` unchanged", {"input": iname})
    return None


INPUT_DIAGNOSES: list[Callable[[np.ndarray, np.ndarray, Close, Mapping[str, Any]], Diagnosis | None]] = [
    _reduced_wrong_axis,
    _returned_input,
]


def _other_problem_shape(shape: tuple[int, ...], context: Context) -> Diagnosis | None:
    owners = [pid for pid, shapes in context.other_shapes.items() if pid != context.problem and tuple(shape) in {tuple(s) for s in shapes}]
    if not owners:
        return None
    listed = ", ".join(f"`{p}`" for p in owners[:3])
    return Diagnosis(("other_problem_shape",), f"your answer has the shape of {listed}'s answer, not this problem's: "
                     "did you return the result of the wrong function?", {"problems": owners[:3]})


