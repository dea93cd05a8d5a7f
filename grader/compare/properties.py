"""Declarative properties of an answer: shape, dtype, finite, range, sums to a value, symmetric,
mean and variance, unchanged under an input transformation, reproducible, different for other inputs.

Pure: :func:`check` takes the property (a mapping as written in YAML, already validated),
the observed answer, the values its expressions may use (the case's inputs and the problem's
``let`` values) and, for the properties that need the student's function called again, an
``again(inputs) -> answer`` function (the grader passes one that goes through the sandbox).
Each property has a name a student can read ("rows sum to 1"), and a failure says what was
found ("row 2 sums to 1.37").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.compare.coerce import NotComparable, as_array
from grader.compare.verdict import FAILED, PASSED, Verdict
from grader.expressions import evaluate

#: the property keys; exactly one of them in each property
KINDS = ("shape", "dtype", "finite", "range", "sums_to", "symmetric", "mean", "variance",
         "unchanged_under", "reproducible", "differs_under")
#: properties that call the student's function again
CALLING = frozenset({"unchanged_under", "reproducible", "differs_under"})
DTYPE_KINDS = {"bool": "b", "int": "iu", "float": "f", "complex": "c"}

Again = Callable[[dict[str, Any]], Any]


@dataclass(frozen=True)
class Outcome:
    """One property checked: its name, whether it holds, what was found; ``skipped`` when its
    ``when`` is false (it then does not count)."""

    name: str
    passed: bool
    message: str = ""
    skipped: bool = False
    weight: float = 1.0


class AgainFailed(Exception):
    """Calling the student's function again failed (it raised or timed out): the student's error."""


def kind_of(prop: Mapping[str, Any]) -> str:
    found = [k for k in KINDS if prop.get(k) is not None]
    if len(found) != 1:
        raise ValueError(f"a property has exactly one of {', '.join(KINDS)}; got {', '.join(found) or 'none'}")
    return found[0]


def check(prop: Mapping[str, Any], observed: Any, env: Mapping[str, Any], again: Again | None = None) -> Outcome:
    """Whether ``observed`` has property ``prop``; expressions are evaluated in ``env``."""
    kind = kind_of(prop)
    name = prop.get("name") or describe(prop, env)
    weight = float(prop.get("weight", 1.0))
    if prop.get("when") is not None and not bool(np.all(evaluate(prop["when"], env))):
        return Outcome(name, True, "not applicable here", skipped=True, weight=weight)
    if kind in ("shape", "dtype"):
        try:
            arr = as_array(observed)
        except NotComparable as exc:
            return Outcome(name, False, str(exc), weight=weight)
        return Outcome(name, *_CHECKS[kind](prop, arr, env), weight=weight)
    if kind in CALLING:
        if again is None:
            return Outcome(name, False, "cannot be checked here (no way to call the function again)", weight=weight)
        try:
            ok, message = _CHECKS[kind](prop, observed, env, again)
        except AgainFailed as exc:
            ok, message = False, f"calling it again failed: {exc}"
        return Outcome(name, ok, message, weight=weight)
    try:
        arr = as_array(observed).astype(float) if kind != "finite" else as_array(observed)
    except (NotComparable, TypeError, ValueError) as exc:
        return Outcome(name, False, str(exc), weight=weight)
    return Outcome(name, *_CHECKS[kind](prop, arr, env), weight=weight)


def check_all(props: list[Mapping[str, Any]], observed: Any, env: Mapping[str, Any], again: Again | None = None) -> Verdict:
    """Every property as one verdict: the weighted share that holds; the message names each one that fails."""
    outcomes = [check(p, observed, env, again) for p in props]
    counted = [o for o in outcomes if not o.skipped]
    total = sum(o.weight for o in counted) or 1.0
    score = sum(o.weight for o in counted if o.passed) / total
    details = {"properties": [{"name": o.name, "passed": o.passed, "message": o.message, "skipped": o.skipped} for o in outcomes]}
    failing = [o for o in counted if not o.passed]
    if not failing:
        return Verdict(1.0, PASSED, "", details)
    said = "; ".join(f"{o.name}: {o.message}" if o.message else o.name for o in failing)
    return Verdict(round(score, 6), FAILED, f"{len(failing)} of {len(counted)} properties fail: {said}", details)


def describe(prop: Mapping[str, Any], env: Mapping[str, Any] | None = None) -> str:
    """The property in words, for reports ("entries in [0, 1]", "rows sum to 1")."""
    kind = kind_of(prop)
    v = prop[kind]
    if kind == "shape":
        return f"shape ({', '.join(_show(evaluate(s, env or {})) if env is not None else str(s) for s in v)})"
    if kind == "dtype":
        return f"{v} values"
    if kind == "finite":
        return "finite (no NaN or inf)"
    if kind == "range":
        lo, hi = (_show(evaluate(x, env)) for x in v) if env is not None else v
        return f"entries in [{lo}, {hi}]"
    if kind == "sums_to":
        axis = prop.get("axis", -1)
        where = "rows" if axis in (-1, None) else f"sums along axis {axis}"
        return f"{where} sum to {_show(evaluate(v, env)) if env is not None else v}"
    if kind == "symmetric":
        return "symmetric"
    if kind in ("mean", "variance"):
        return f"{kind} close to {_show(evaluate(v, env)) if env is not None else v}"
    if kind == "unchanged_under":
        return "unchanged when " + ", ".join(f"{k} becomes {e}" for k, e in v.items())
    if kind == "reproducible":
        return "the same answer when called again with the same inputs"
    return "a different answer when " + ", ".join(f"{k} becomes {e}" for k, e in v.items())


# ----------------------------------------------------------------------------- the checks


def _shape(prop: Mapping[str, Any], arr: np.ndarray, env: Mapping[str, Any]) -> tuple[bool, str]:
    want = tuple(int(evaluate(s, env)) for s in prop["shape"])
    if arr.shape == want:
        return True, ""
    hint = " (the transpose)" if arr.ndim == 2 and arr.shape[::-1] == want else ""
    return False, f"got shape {_tuple(arr.shape)}{hint}, expected {_tuple(want)}"


def _dtype(prop: Mapping[str, Any], arr: np.ndarray, env: Mapping[str, Any]) -> tuple[bool, str]:
    ok = arr.dtype.kind in DTYPE_KINDS[prop["dtype"]]
    return ok, "" if ok else f"got dtype {arr.dtype}"


def _finite(prop: Mapping[str, Any], arr: np.ndarray, env: Mapping[str, Any]) -> tuple[bool, str]:
    if arr.dtype.kind not in "biufc":
        return False, f"not numbers (dtype {arr.dtype})"
    bad = ~np.isfinite(arr)
    if not bad.any():
        return True, ""
    n_nan = int(np.isnan(arr).sum())
    return False, f"{int(bad.sum())} of {arr.size} entries are not finite ({n_nan} NaN, {int(bad.sum()) - n_nan} inf)"


def _range(prop: Mapping[str, Any], arr: np.ndarray, env: Mapping[str, Any]) -> tuple[bool, str]:
    lo, hi = (float(evaluate(x, env)) for x in prop["range"])
    slack = _tol(prop, env, scale=max(abs(lo), abs(hi)))
    if arr.size == 0:
        return True, ""
    if np.isnan(arr).any():
        return False, "contains NaN"
    below, above = arr < lo - slack, arr > hi + slack
    if not (below.any() or above.any()):
        return True, ""
    return False, f"{int(below.sum() + above.sum())} of {arr.size} entries are outside; smallest {_show(arr.min())}, largest {_show(arr.max())}"


def _sums_to(prop: Mapping[str, Any], arr: np.ndarray, env: Mapping[str, Any]) -> tuple[bool, str]:
    target = float(evaluate(prop["sums_to"], env))
    axis = prop.get("axis", -1)
    if arr.ndim == 0:
        return False, "a single number has no rows"
    sums = np.atleast_1d(arr.sum(axis=axis))
    tol = _tol(prop, env, scale=abs(target), default_atol=1e-6)
    bad = ~(np.abs(sums - target) <= tol)
    if not bad.any():
        return True, ""
    first = np.unravel_index(int(np.argmax(bad)), sums.shape)
    where = f"row {first[0]}" if sums.ndim == 1 and axis in (-1, arr.ndim - 1) and arr.ndim == 2 else f"at {list(map(int, first))}"
    verb = "sums"
    if arr.ndim == 1:
        where, verb = "the entries", "sum"
    return False, f"{where} {verb} to {_show(sums[first])}" + (f" ({int(bad.sum())} of {sums.size} sums are off)" if sums.size > 1 else "")


def _symmetric(prop: Mapping[str, Any], arr: np.ndarray, env: Mapping[str, Any]) -> tuple[bool, str]:
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
        return False, f"not a square matrix (shape {_tuple(arr.shape)})"
    tol = _tol(prop, env, scale=float(np.abs(arr).max()) if arr.size else 0.0, default_atol=1e-9)
    diff = np.abs(arr - arr.T)
    if (diff <= tol).all():
        return True, ""
    i, j = np.unravel_index(int(np.argmax(diff)), diff.shape)
    return False, f"entry [{i}, {j}] is {_show(arr[i, j])} but [{j}, {i}] is {_show(arr[j, i])}"


def _moment(kind: str) -> Callable[[Mapping[str, Any], np.ndarray, Mapping[str, Any]], tuple[bool, str]]:
    def run(prop: Mapping[str, Any], arr: np.ndarray, env: Mapping[str, Any]) -> tuple[bool, str]:
        target = float(evaluate(prop[kind], env))
        if arr.size < 2:
            return False, "too few entries to measure"
        got = float(arr.mean()) if kind == "mean" else float(arr.var(ddof=1))
        tol = _tol(prop, env, scale=abs(target))
        if abs(got - target) <= tol:
            return True, ""
        return False, f"the sample {kind} is {_show(got)}, expected {_show(target)} within {_show(tol)}"

    return run


def _unchanged_under(prop: Mapping[str, Any], observed: Any, env: Mapping[str, Any], again: Again) -> tuple[bool, str]:
    changed = _transformed(prop["unchanged_under"], env)
    other = again(changed)
    same, why = _close(observed, other, prop, env)
    return (True, "") if same else (False, f"the answer changed ({why})")


def _reproducible(prop: Mapping[str, Any], observed: Any, env: Mapping[str, Any], again: Again) -> tuple[bool, str]:
    other = again({})
    same, why = _close(observed, other, prop, env, exact=True)
    return (True, "") if same else (False, f"a second call with the same inputs gave a different answer ({why})")


def _differs_under(prop: Mapping[str, Any], observed: Any, env: Mapping[str, Any], again: Again) -> tuple[bool, str]:
    changed = _transformed(prop["differs_under"], env)
    other = again(changed)
    same, _ = _close(observed, other, prop, env, exact=True)
    return (False, "the answer is the same: " + ", ".join(f"{k} = {_show(v)}" for k, v in changed.items()) + " gave an identical answer") if same else (True, "")


_CHECKS: dict[str, Any] = {
    "shape": _shape, "dtype": _dtype, "finite": _finite, "range": _range, "sums_to": _sums_to,
    "symmetric": _symmetric, "mean": _moment("mean"), "variance": _moment("variance"),
    "unchanged_under": _unchanged_under, "reproducible": _reproducible, "differs_under": _differs_under,
}


# ----------------------------------------------------------------------------- helpers


def _tol(prop: Mapping[str, Any], env: Mapping[str, Any], scale: float, default_atol: float = 0.0) -> float:
    atol = float(evaluate(prop["atol"], env)) if prop.get("atol") is not None else default_atol
    rtol = float(evaluate(prop["rtol"], env)) if prop.get("rtol") is not None else 0.0
    return atol + rtol * scale


def _transformed(changes: Mapping[str, str], env: Mapping[str, Any]) -> dict[str, Any]:
    return {name: evaluate(expr, env) for name, expr in changes.items()}


def _close(a: Any, b: Any, prop: Mapping[str, Any], env: Mapping[str, Any], exact: bool = False) -> tuple[bool, str]:
    try:
        x, y = as_array(a), as_array(b)
    except NotComparable as exc:
        return False, str(exc)
    if x.shape != y.shape:
        return False, f"shape {_tuple(x.shape)} then {_tuple(y.shape)}"
    if x.size == 0:
        return True, ""
    if exact and prop.get("atol") is None and prop.get("rtol") is None:
        same = bool(np.array_equal(x, y, equal_nan=x.dtype.kind in "fc" and y.dtype.kind in "fc"))
        return same, "" if same else f"{int((x != y).sum())} of {x.size} entries differ"
    xf, yf = x.astype(float), y.astype(float)
    tol = _tol(prop, env, scale=float(np.abs(xf).max()), default_atol=1e-9) + (1e-7 * np.abs(xf) if prop.get("rtol") is None else 0)
    bad = ~(np.abs(xf - yf) <= tol)
    if not bad.any():
        return True, ""
    i = np.unravel_index(int(np.argmax(np.where(bad, np.abs(xf - yf), -1))), xf.shape)
    return False, f"{int(bad.sum())} of {x.size} entries differ; at {list(map(int, i))}: {_show(xf[i])} then {_show(yf[i])}"


def _show(x: Any) -> str:
    x = x.item() if hasattr(x, "item") else x
    if isinstance(x, float):
        return f"{x:.6g}"
    return str(x)


def _tuple(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"
