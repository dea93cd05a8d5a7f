"""Symbolic answers through SymPy: safe parsing, equivalence that is right and fast
within a time budget, and asymptotic (big-O) grading.

``equivalent(expected, answer, symbols=..., functions=...)`` is the entry point; the
``symbolic`` comparator (:mod:`grader.compare.symbolic`) builds on the same pieces.
Importing this package imports SymPy; ``import grader`` alone does not.
"""

from grader.symbolic.api import equivalent
from grader.symbolic.equivalence import NOT_EQUIVALENT, NUMERIC, PROVED, UNDECIDED, Options, Result, check
from grader.symbolic.names import Namespace, make_namespace
from grader.symbolic.parse import Limits, ParseError, Parsed, UnknownNameError, parse

__all__ = [
    "NOT_EQUIVALENT",
    "NUMERIC",
    "PROVED",
    "UNDECIDED",
    "Limits",
    "Namespace",
    "Options",
    "ParseError",
    "Parsed",
    "Result",
    "UnknownNameError",
    "check",
    "equivalent",
    "make_namespace",
    "parse",
]
