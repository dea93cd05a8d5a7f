"""The assignment format: what instructors write in ``assignment.yaml`` and problem files.

Validated with msgspec (strict: unknown keys are errors); the JSON Schema
published by ``grade schema`` is generated from these structs. msgspec was
chosen over pydantic for start-up: it imports and validates in a few
milliseconds, where pydantic's import and model building alone cost more
than importing numpy.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

import msgspec
from msgspec import Meta

from grader.spec.bounds import MAX_SECONDS, Points, Seconds, Weight

Identifier = Annotated[str, Meta(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
Kind = Literal["numeric", "exact", "symbolic"]

UNSET: Any = msgspec.UNSET


class _Model(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, omit_defaults=True):
    pass


class Feedback(_Model):
    """Jinja templates shown after a case; variables: expected, observed, message, case."""

    pass_: Annotated[Optional[str], Meta(description="shown when the answer is right")] = msgspec.field(default=None, name="pass")
    fail: Annotated[Optional[str], Meta(description="shown when the answer is wrong")] = None


class Mistake(_Model):
    """A known wrong answer and the feedback that explains it."""

    observed: Annotated[Any, Meta(description="the wrong answer, compared with the problem's comparator")]
    feedback: Annotated[str, Meta(description="Jinja template shown when a student gives this answer")]
    case: Annotated[Optional[str], Meta(description="only for the case with this name")] = None


class Case(_Model):
    """One call of the student's function: keyword inputs and the expected result."""

    expected: Annotated[Any, Meta(description="the right answer")]
    name: Optional[str] = None
    inputs: Annotated[dict[str, Any], Meta(description="argument name -> value")] = {}
    weight: Annotated[Weight, Meta(description="share of the problem's points, relative to the other cases")] = 1.0
    options: Annotated[dict[str, Any], Meta(description="comparator options for this case")] = {}
    timeout: Annotated[Optional[Seconds], Meta(description="seconds for this call")] = None


class Proof(_Model):
    """What ``grade check`` may let through for this problem, and why (README: grade check)."""

    reason: Annotated[str, Meta(min_length=1, description="why this problem needs it (shown by grade check)")]

    max_stub_share: Annotated[float, Meta(ge=0, le=1, description="largest share of the points a stub (zeros, a constant, the example's answer) may earn; default 0.25")] = 0.25
    allow_mutants: Annotated[list[str], Meta(description="mutants that may earn full marks (e.g. transposed for a symmetric answer)")] = []


class Problem(_Model):
    """A problem: a function called on cases, or a module-level value."""

    id: Annotated[Identifier, Meta(description="stable id used in reports and gradebooks")]
    title: Optional[str] = None
    points: Annotated[Points, Meta(description="points for the problem (0 to 1e6)")] = 1.0
    prompt: Annotated[str, Meta(description="Markdown shown to students")] = ""
    target: Annotated[Optional[Identifier], Meta(description="name in the student module (default: id)")] = None
    args: Annotated[Optional[list[str]], Meta(description="parameter order: cases are passed positionally")] = None
    compare: Kind = "numeric"
    options: Annotated[dict[str, Any], Meta(description="comparator options (by compare kind)")] = {}
    partial_credit: Annotated[bool, Meta(description="each case earns its share; false: all cases or nothing")] = True
    array_inputs: Annotated[bool, Meta(description="pass nested numeric lists in inputs as numpy arrays")] = True
    timeout: Annotated[Optional[Seconds], Meta(description="seconds per call")] = None
    cases: Optional[Annotated[list[Case], Meta(min_length=1)]] = None
    expected: Annotated[Any, Meta(description="the right value of a module-level name (instead of cases)")] = UNSET
    feedback: Feedback = msgspec.field(default_factory=Feedback)
    mistakes: list[Mistake] = []
    proof: Annotated[Optional[Proof], Meta(description="grade check's mutation-check settings for this problem, with a reason")] = None


class Limits(_Model):
    """Resource limits of the process that runs a submission (README: Security model)."""

    memory_mb: Annotated[Optional[Annotated[int, Meta(ge=64, le=1 << 20)]], Meta(description="address-space limit, MiB (default 2048)")] = None
    cpu_seconds: Annotated[Optional[Annotated[int, Meta(ge=1, le=int(MAX_SECONDS))]], Meta(description="CPU seconds for the whole submission (default 120)")] = None
    wall_seconds: Annotated[Optional[Seconds], Meta(description="wall-clock seconds for the whole submission (default 300)")] = None
    output_bytes: Annotated[Optional[Annotated[int, Meta(ge=0, le=1 << 30)]], Meta(description="bytes kept from the head and from the tail of each output stream (default 8192)")] = None
    file_size_mb: Annotated[Optional[Annotated[int, Meta(ge=1, le=1 << 20)]], Meta(description="largest file the submission may write, MiB (default 64)")] = None
    max_open_files: Annotated[Optional[Annotated[int, Meta(ge=16, le=1 << 20)]], Meta(description="open files (default 256)")] = None
    max_processes: Annotated[Optional[Annotated[int, Meta(ge=1, le=1 << 16)]], Meta(description="processes (default 64)")] = None


class Defaults(_Model):
    """Settings every problem inherits unless it sets its own."""

    timeout: Annotated[Seconds, Meta(description="seconds per call")] = 5.0
    import_timeout: Annotated[Seconds, Meta(description="seconds to import the submission")] = 10.0
    options: Annotated[dict[Kind, dict[str, Any]], Meta(description="comparator options by compare kind")] = {}
    limits: Limits = msgspec.field(default_factory=Limits)


class AssignmentFile(_Model):
    """assignment.yaml: the assignment's title, defaults and its problems in order."""

    title: str
    problems: Annotated[list[str], Meta(min_length=1, description="problem files, relative to this folder, in order")]
    description: str = ""
    solution: Annotated[Optional[str], Meta(description="reference solution, relative to this file")] = None
    defaults: Defaults = msgspec.field(default_factory=Defaults)


def field_names(struct: type[msgspec.Struct]) -> list[str]:
    """The keys a YAML mapping for ``struct`` may use."""
    return list(struct.__struct_encode_fields__)
