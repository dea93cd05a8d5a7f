"""The assignment format: what instructors write in ``assignment.yaml`` and problem files.

Validated with pydantic (strict: unknown keys are errors); the JSON Schema
published by ``grade schema`` is generated from these models.
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

IDENTIFIER = r"^[A-Za-z_][A-Za-z0-9_]*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Feedback(_Model):
    """Jinja templates shown after a case; variables: expected, observed, message, case."""

    pass_: Optional[str] = Field(None, alias="pass", description="shown when the answer is right")
    fail: Optional[str] = Field(None, description="shown when the answer is wrong")


class Mistake(_Model):
    """A known wrong answer and the feedback that explains it."""

    observed: Any = Field(description="the wrong answer, compared with the problem's comparator")
    feedback: str = Field(description="Jinja template shown when a student gives this answer")
    case: Optional[str] = Field(None, description="only for the case with this name")


class Case(_Model):
    """One call of the student's function: keyword inputs and the expected result."""

    name: Optional[str] = None
    inputs: dict[str, Any] = Field(default_factory=dict, description="argument name -> value")
    expected: Any = Field(description="the right answer")
    weight: float = Field(1.0, gt=0, description="share of the problem's points, relative to the other cases")
    options: dict[str, Any] = Field(default_factory=dict, description="comparator options for this case")
    timeout: Optional[float] = Field(None, gt=0, description="seconds for this call")


class Problem(_Model):
    """A problem: a function called on cases, or a module-level value."""

    id: str = Field(pattern=IDENTIFIER, description="stable id used in reports and gradebooks")
    title: Optional[str] = None
    points: float = Field(1.0, ge=0)
    prompt: str = Field("", description="Markdown shown to students")
    target: Optional[str] = Field(None, pattern=IDENTIFIER, description="name in the student module (default: id)")
    args: Optional[list[str]] = Field(None, description="parameter order: cases are passed positionally")
    compare: Literal["numeric", "exact", "symbolic"] = "numeric"
    options: dict[str, Any] = Field(default_factory=dict, description="comparator options (by compare kind)")
    partial_credit: bool = Field(True, description="each case earns its share; false: all cases or nothing")
    array_inputs: bool = Field(True, description="pass nested numeric lists in inputs as numpy arrays")
    timeout: Optional[float] = Field(None, gt=0, description="seconds per call")
    cases: Optional[list[Case]] = Field(None, min_length=1)
    expected: Any = Field(None, description="the right value of a module-level name (instead of cases)")
    feedback: Feedback = Field(default_factory=Feedback)
    mistakes: list[Mistake] = Field(default_factory=list)


class Defaults(_Model):
    """Settings every problem inherits unless it sets its own."""

    timeout: float = Field(5.0, gt=0, description="seconds per call")
    import_timeout: float = Field(10.0, gt=0, description="seconds to import the submission")
    options: dict[Literal["numeric", "exact", "symbolic"], dict[str, Any]] = Field(
        default_factory=dict, description="comparator options by compare kind"
    )


class AssignmentFile(_Model):
    """``assignment.yaml``: the assignment's title, defaults and its problems in order."""

    title: str
    description: str = ""
    solution: Optional[str] = Field(None, description="reference solution, relative to this file")
    defaults: Defaults = Field(default_factory=Defaults)
    problems: list[str] = Field(min_length=1, description="problem files, relative to this folder, in order")
