"""What a diagnosis of a wrong answer may use beyond the two answers (kept apart from
:mod:`grader.compare.diagnose`, which is imported only when an answer is wrong)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Context:
    """What a diagnosis may use beyond the two answers: the case's inputs and, by problem id, the
    shapes of the other problems' expected answers."""

    inputs: Mapping[str, Any] = field(default_factory=dict)
    other_shapes: Mapping[str, list[tuple[int, ...]]] = field(default_factory=dict)
    problem: str = ""


def expected_shapes(problems: Iterable[Any]) -> dict[str, list[tuple[int, ...]]]:
    """Problem id -> the shapes of its cases' expected answers, for every numeric problem with
    array answers (``problems``: objects with ``id``, ``compare`` and ``cases[].expected``)."""
    out: dict[str, list[tuple[int, ...]]] = {}
    for p in problems:
        if getattr(p, "compare", None) != "numeric":
            continue
        shapes = []
        for case in p.cases:
            try:
                shape = np.shape(case.expected)
            except (ValueError, TypeError):
                continue
            if shape and shape not in shapes:
                shapes.append(shape)
        if shapes:
            out[p.id] = shapes
    return out
