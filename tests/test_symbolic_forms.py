"""Form requirements: checked on the answer as written, after equivalence."""

import pytest
import sympy

from grader.compare.symbolic import compare
from grader.symbolic.forms import check_forms, is_expanded, is_factored

x, y = sympy.symbols("x y")


def test_expanded_form():
    assert is_expanded(x**2 + 2 * x + 1)
    assert not is_expanded((x + 1) ** 2)
    assert not is_expanded(x * (x + 1))


def test_factored_form():
    assert is_factored((x + 1) * (x - 1))
    assert is_factored(2 * (x - 1) ** 2)
    assert is_factored(x**2 + 1)  # irreducible over the rationals
    assert not is_factored(x**2 - 1)
    assert not is_factored((x + 1) * (x**2 - 1))


def test_no_derivatives_form():
    f = sympy.Function("f")
    assert check_forms(sympy.Derivative(f(x), x), ["no_derivatives"], False) == ["no_derivatives"]
    assert check_forms(2 * x, ["no_derivatives"], False) == []


def test_no_decimals_form_uses_the_text():
    assert check_forms(x / 2, ["no_decimals"], decimals=True) == ["no_decimals"]


@pytest.mark.parametrize(
    "answer, passes",
    [("Derivative(sigma(x), x)", False), ("sigma(x)*(1 - sigma(x))", True)],
)
def test_unevaluated_derivative_is_equivalent_but_fails_the_form(answer, passes):
    opts = {
        "symbols": {"x": {"real": True}},
        "functions": {"sigma": "1/(1 + exp(-t))"},
        "forms": [{"require": "no_derivatives", "feedback": "Work the derivative out."}],
    }
    v = compare("sigma(x)*(1 - sigma(x))", answer, opts)
    assert v.passed is passes
    if not passes:
        assert v.message == "Equivalent, but Work the derivative out." and v.details["kind"] in ("proved", "numeric")


def test_default_feedback_when_none_is_given():
    v = compare("x**2 - 1", "(x - 1)*(x + 1)", {"symbols": {"x": {}}, "forms": [{"require": "expanded"}]})
    assert "expanded" in v.message
