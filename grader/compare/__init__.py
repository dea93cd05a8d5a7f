"""Comparators: pure functions ``compare(expected, observed, options) -> Verdict``.

Each kind lives in its own module and is imported only when a problem of that
kind is graded (so SymPy is never imported for a purely numeric assignment).
Adding a kind is one new module plus one line in ``KINDS``.
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable, Mapping
from typing import Any

from grader.compare.verdict import Verdict

Comparator = Callable[[Any, Any, Mapping[str, Any]], Verdict]

#: comparison kind -> module defining ``compare``
KINDS: dict[str, str] = {
    "numeric": "grader.compare.numeric",
    "exact": "grader.compare.exact",
    "symbolic": "grader.compare.symbolic",
}


def get(kind: str) -> Comparator:
    """The comparator for ``kind`` (imports its module on first use)."""
    try:
        module = KINDS[kind]
    except KeyError:
        raise KeyError(f"unknown comparison kind {kind!r}; choose one of {', '.join(sorted(KINDS))}") from None
    return importlib.import_module(module).compare


def warm_up(kind: str, problems: list[tuple[Any, Any]]) -> None:
    """Import what comparing ``kind`` needs ahead of time (from a background thread); a
    comparator module may define ``warm_up(problems)`` (``(expected, options)`` pairs) to
    decide what that is."""
    module = importlib.import_module(KINDS[kind])
    hook = getattr(module, "warm_up", None)
    if hook is not None:
        hook(problems)


@functools.lru_cache(maxsize=32)
def takes_context(compare: Comparator) -> bool:
    """Whether ``compare`` accepts a ``context`` keyword (case inputs, other problems' shapes)
    for diagnosing wrong answers; comparators without one are called with three arguments."""
    try:
        return "context" in inspect.signature(compare).parameters
    except (TypeError, ValueError):
        return False


__all__ = ["KINDS", "Comparator", "Verdict", "get", "takes_context", "warm_up"]
