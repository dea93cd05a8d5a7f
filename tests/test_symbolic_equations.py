"""Equations are compared by solution set, also with parameters and implicit relations
between several symbols."""

import pytest

from grader.symbolic import equivalent

C = {"x": {}, "y": {}, "b": {}}  # unrestricted: complex
REAL = {"x": {"real": True}, "y": {"real": True}, "b": {"real": True}}


@pytest.mark.parametrize(
    "expected, answer, symbols",
    [
        ("Eq(x*y, 1)", "Eq(y, 1/x)", C),
        ("Eq(x*y, 1)", "Eq(x, 1/y)", REAL),
        ("Eq(x + y, b)", "Eq(y, b - x)", C),
        ("Eq(x**2 + y**2, 1)", "Eq(y**2, 1 - x**2)", REAL),
        ("Eq(y, exp(x))", "Eq(x, log(y))", {"x": {"real": True}, "y": {"positive": True}}),
        ("Eq(x*y + x, 2)", "Eq(x*(y + 1), 2)", C),
    ],
)
def test_implicit_relations_with_the_same_solutions_are_equivalent(expected, answer, symbols):
    r = equivalent(expected, answer, symbols)
    assert r.equivalent is True, r.reason


@pytest.mark.parametrize(
    "expected, answer, symbols",
    [
        ("Eq(x**3, b)", "Eq(x, b**(1/3))", C),  # two of the three cube roots are lost
        ("Eq(x**2, b)", "Eq(x, sqrt(b))", REAL),  # x = -sqrt(b) is lost
        ("Eq(x*y, 0)", "Eq(y, 0)", C),  # x = 0 with any y is lost
        ("Eq(y, exp(x))", "Eq(x, log(y))", C),  # log's branch: x = 2*pi*I solves only the first
        ("Eq(x*(y - 1), 0)", "Eq(x, 0)", C),  # y = 1 with any x is lost
        ("Eq(sin(x)/x, 0)", "Eq(sin(x), 0)", REAL),  # x = 0 solves only the answer
    ],
)
def test_equations_with_parameters_and_different_solutions_are_not_equivalent(expected, answer, symbols):
    r = equivalent(expected, answer, symbols)
    assert r.equivalent is False, r.reason
    assert "solves" in r.reason


def test_the_lost_solution_is_named():
    r = equivalent("Eq(x**3, b)", "Eq(x, b**(1/3))", C)
    assert "solves the expected equation but not yours" in r.reason
    assert {"x", "b", "expected", "observed"} <= set(r.counterexample)
