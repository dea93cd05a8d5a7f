"""The result of grading one submission: the one object every report format renders.

``GradeResult.to_dict()`` is the canonical, versioned JSON result (see the
README's "JSON result" section); text, Markdown, JUnit and Gradescope output
are all rendered from that dictionary.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

import numpy as np

from grader.sandbox.values import SympyText, Unsupported

SCHEMA_VERSION = "1.0"

# problem and case statuses
PASSED = "passed"  # full marks
PARTIAL = "partial"  # some cases right
FAILED = "failed"  # the answer is wrong (or missing, raised, timed out...)
ERROR = "error"  # student code raised / timed out / crashed (cases only)
NOT_GRADABLE = "not_gradable"  # the submission could not be imported
NOT_RUN = "not_run"  # not graded (yet): a report written mid-run, or the grader stopped
INVALID = "invalid"  # the problem file itself is broken
UNGRADED = "ungraded"  # the grader could not compare this kind of answer

# top-level statuses of a result (besides NOT_GRADABLE and NOT_RUN)
GRADED = "graded"  # every problem was graded
INCOMPLETE = "incomplete"  # a partial report: written while grading goes on, or the grader stopped

STATUSES = (PASSED, PARTIAL, FAILED, ERROR, NOT_GRADABLE, NOT_RUN, INVALID, UNGRADED)


@dataclass
class CaseResult:
    name: str
    status: str = NOT_RUN
    score: float = 0.0  # fraction of this case earned, 0..1
    weight: float = 1.0
    message: str = ""
    inputs: Any = None
    expected: Any = None
    observed: Any = None
    details: dict[str, Any] = field(default_factory=dict)
    feedback: list[str] = field(default_factory=list)
    error: dict[str, str] | None = None
    notes: list[str] = field(default_factory=list)  # what the sandbox saw: output dropped, peak memory...
    options: dict[str, Any] = field(default_factory=dict)  # comparator options, when this case overrides the problem's
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0
    visibility: str = "visible"  # visible | hidden | after_due_date | after_published (grader.visibility)
    seed: int | None = None  # the seed a generated case was drawn from; None for cases written in the YAML
    expected_from: str = "literal"  # literal (written in the YAML) | solution (computed by the reference)


@dataclass
class ProblemResult:
    id: str
    title: str
    target: str
    compare: str
    max_score: float
    score: float = 0.0
    status: str = NOT_RUN
    messages: list[str] = field(default_factory=list)
    prompt: str = ""
    cases: list[CaseResult] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)  # comparator options used (tolerances)
    file: str = ""
    sha256: str = ""
    seconds: float = 0.0
    defined_at: dict[str, Any] | None = None  # {"path", "line"} of the target in the submission (for CI annotations)
    hidden: dict[str, int] | None = None  # set in a student-facing view: this problem's hidden cases graded and passed


@dataclass
class GradeResult:
    assignment: dict[str, Any]
    submission: dict[str, Any]
    problems: list[ProblemResult]
    status: str = NOT_RUN  # graded | not_gradable | incomplete | not_run
    imported: dict[str, Any] = field(default_factory=dict)
    isolation: dict[str, Any] = field(default_factory=dict)
    grader: dict[str, str] = field(default_factory=dict)
    started_at: str = ""
    seconds: float = 0.0
    student: str | None = None  # the id the per-student cases were drawn for (None: the default cases)
    hidden: dict[str, int] | None = None  # set in a student-facing view: hidden cases graded and passed (grader.visibility)
    schema_version: str = SCHEMA_VERSION

    @property
    def total(self) -> float:
        return round(sum(p.score for p in self.problems), 6)

    @property
    def max_total(self) -> float:
        return round(sum(p.max_score for p in self.problems), 6)

    @property
    def all_full_marks(self) -> bool:
        return all(p.status == PASSED for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        data = jsonable(self)
        data["total"] = self.total
        data["max_total"] = self.max_total
        data["counts"] = {s: sum(p.status == s for p in self.problems) for s in STATUSES}
        ordered = {"schema_version": data.pop("schema_version")}
        ordered.update(data)
        return ordered


_PLAIN = (bool, int, str, type(None))
_SCALARS = frozenset((bool, int, float, str, type(None)))
_FIELDS: dict[type, tuple[str, ...]] = {}


def jsonable(value: Any) -> Any:
    """Plain JSON data: dataclasses to dicts, arrays to lists, non-finite floats to "nan"/"inf"
    strings, tuples to lists. One pass, exact types first: a result holds tens of thousands of numbers."""
    kind = type(value)
    if kind is float:
        return value if math.isfinite(value) else str(value)
    if kind in _PLAIN:
        return value
    if kind is dict:
        return {str(k): jsonable(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        if all(type(v) in _SCALARS for v in value) and all(math.isfinite(v) for v in value if type(v) is float):
            return list(value)
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "biu" or (value.dtype.kind == "f" and np.isfinite(value).all()):
            return value.tolist()  # plain ints and finite floats already
        return jsonable(value.tolist())
    if kind in _FIELDS or (is_dataclass(value) and not isinstance(value, type)):
        names = _FIELDS.get(kind) or _FIELDS.setdefault(kind, tuple(f.name for f in fields(value)))
        return {name: jsonable(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return jsonable(value.item())
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, complex):
        return {"real": jsonable(value.real), "imag": jsonable(value.imag)}
    if isinstance(value, SympyText):
        return value.text
    if isinstance(value, Unsupported):
        return str(value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return repr(value)
