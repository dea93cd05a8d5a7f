"""The outcome of one comparison: what every comparator returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PASSED = "passed"
FAILED = "failed"
ERROR = "error"  # the comparison itself could not be made (e.g. unparsable answer)


@dataclass(frozen=True)
class Verdict:
    """Score in [0, 1], a status, a one-line message a student can act on, and
    JSON-serialisable details (mismatching cells, counterexample, parsed answer...)."""

    score: float
    status: str
    message: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.status == PASSED


def passed(message: str = "", **details: Any) -> Verdict:
    return Verdict(1.0, PASSED, message, details)


def failed(message: str, score: float = 0.0, **details: Any) -> Verdict:
    return Verdict(score, FAILED, message, details)


def error(message: str, **details: Any) -> Verdict:
    return Verdict(0.0, ERROR, message, details)
