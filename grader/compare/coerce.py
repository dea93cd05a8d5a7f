"""Turning what a student returned into something comparable, with a reason when it cannot be."""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.sandbox.values import SympyText, Unsupported


class NotComparable(ValueError):
    """The observed value has the wrong kind of type; the message says what came back."""


def describe(value: Any) -> str:
    """A short description of a value's type for messages ("a list of 3 items", "None")."""
    if value is None:
        return "None (did you forget to `return`?)"
    if isinstance(value, Unsupported):
        return f"an unsupported type {value.type_name}" + (f" ({value.reason})" if value.reason else "")
    if isinstance(value, SympyText):
        return f"a SymPy {value.cls} `{value.text[:60]}`"
    source = getattr(value, "source", None)
    if isinstance(value, np.ndarray) and source:
        return f"a {source.get('type')} of shape {tuple(value.shape)} and dtype {source.get('dtype')}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} items"
    if isinstance(value, str):
        return f"a string {value[:40]!r}"
    return f"{type(value).__name__} {value!r}"


def as_array(value: Any) -> np.ndarray:
    """A numeric ndarray from numbers, arrays and (nested) lists or tuples of them."""
    if isinstance(value, SympyText) and value.numeric is not None:
        return value.numeric  # a SymPy number or matrix of numbers, evaluated in the child
    if isinstance(value, np.ndarray) and type(value) is not np.ndarray:
        return value.view(np.ndarray)  # a converted tensor or DataFrame: its numbers
    if value is None or isinstance(value, (str, dict, SympyText, Unsupported)):
        raise NotComparable(f"expected a number or an array, got {describe(value)}")
    if isinstance(value, np.ndarray):
        return value
    _check_leaves(value)
    try:
        arr = np.asarray(value)
    except ValueError:
        raise NotComparable(f"got a nested {type(value).__name__} whose rows have different lengths") from None
    if arr.dtype.kind not in "biufc":
        raise NotComparable(f"expected numbers, got {describe(value)} containing non-numbers")
    return arr


def _check_leaves(value: Any, depth: int = 0) -> None:
    if isinstance(value, (list, tuple)):
        for item in value:
            _check_leaves(item, depth + 1)
    elif value is None or isinstance(value, (str, dict, SympyText, Unsupported)):
        raise NotComparable(f"expected numbers, got an entry that is {describe(value)}")


def to_plain(value: Any) -> Any:
    """Python scalars and lists for numpy values (dicts, lists and tuples recursively)."""
    if isinstance(value, (np.ndarray, np.generic)):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return type(value)(to_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value
