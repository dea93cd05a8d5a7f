"""Threshold scoring: a number computed on the trusted side from the student's answer (the
accuracy of returned weights on a test split, say), mapped to a score fraction.

Built-in metrics run here, in the grader's process, on plain data only (the student's answer
as the codec decoded it); an instructor's ``checks.py:function`` runs in a trusted child. The
student's child never sees the metric's data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from grader.compare.coerce import NotComparable, as_array


class MetricError(ValueError):
    """The answer cannot be measured (wrong shape, not numbers): the student's answer is wrong."""


def linear_accuracy(answer: Any, X: Any, y: Any) -> float:
    """Accuracy of ``(X @ w + b > 0)`` against ``y`` for an answer ``(w, b)``; ``w`` may have any
    shape that flattens to the number of columns of ``X``."""
    if not isinstance(answer, (list, tuple)) or len(answer) != 2:
        raise MetricError(f"expected a pair (w, b), got {_what(answer)}")
    X, y = np.asarray(X, dtype=float), np.asarray(y).reshape(-1)
    w = _numbers(answer[0], "w").reshape(-1)
    b = _numbers(answer[1], "b").reshape(-1)
    if w.size != X.shape[1]:
        raise MetricError(f"w has {w.size} values; expected {X.shape[1]} (one per feature)")
    if b.size != 1:
        raise MetricError(f"b should be one number, got {b.size} values")
    with np.errstate(all="ignore"):
        predicted = (X @ w + b[0]) > 0
    return float(np.mean(predicted == (y > 0)))


def accuracy(answer: Any, y: Any) -> float:
    """Fraction of predicted labels ``answer`` equal to ``y``."""
    pred = _numbers(answer, "the predictions").reshape(-1)
    y = np.asarray(y).reshape(-1)
    if pred.size != y.size:
        raise MetricError(f"expected {y.size} predictions, got {pred.size}")
    return float(np.mean(pred == y))


def mse(answer: Any, y: Any) -> float:
    """Mean squared error of ``answer`` against ``y``."""
    return float(np.mean((_same_size(answer, y)) ** 2))


def mae(answer: Any, y: Any) -> float:
    """Mean absolute error of ``answer`` against ``y``."""
    return float(np.mean(np.abs(_same_size(answer, y))))


BUILTIN = {"linear_accuracy": linear_accuracy, "accuracy": accuracy, "mse": mse, "mae": mae}


def score(value: float, thresholds: Mapping[float, float], higher_is_better: bool = True) -> float:
    """The fraction of the best threshold ``value`` reaches (0 when it reaches none, or is NaN)."""
    if not isinstance(value, (int, float)) or math.isnan(value):
        return 0.0
    reached = [f for t, f in thresholds.items() if (value >= t if higher_is_better else value <= t)]
    return max(reached, default=0.0)


def describe(thresholds: Mapping[float, float], higher_is_better: bool = True) -> str:
    """``>= 0.9: full marks`` style text for reports."""
    op = ">=" if higher_is_better else "<="
    parts = [f"{op} {t:g}: {'full marks' if f == 1 else f'{f:g} of the points'}" for t, f in sorted(thresholds.items(), reverse=higher_is_better)]
    return "; ".join(parts)


def _same_size(answer: Any, y: Any) -> np.ndarray:
    a = _numbers(answer, "the answer").reshape(-1)
    y = np.asarray(y, dtype=float).reshape(-1)
    if a.size != y.size:
        raise MetricError(f"expected {y.size} values, got {a.size}")
    return a - y


def _numbers(value: Any, what: str) -> np.ndarray:
    try:
        arr = as_array(value)
    except NotComparable as exc:
        raise MetricError(f"{what}: {exc}") from None
    if arr.dtype.kind not in "biuf":
        raise MetricError(f"{what} should be numbers, got dtype {arr.dtype}")
    return arr.astype(float)


def _what(value: Any) -> str:
    return "None" if value is None else f"a {type(value).__name__}"
