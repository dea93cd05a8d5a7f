"""The YAML assignment format: loading, validation with positions, JSON Schema."""

from grader.spec.load import Assignment, BrokenProblem, CaseSpec, ProblemSpec, load_assignment
from grader.spec.errors import SpecError

__all__ = ["Assignment", "BrokenProblem", "CaseSpec", "ProblemSpec", "SpecError", "load_assignment"]
