"""Answers right on only part of the domain are refuted: both signs, tiny and huge
magnitudes, and both sides of the kinks, jumps and branch points of the expressions."""

import pytest

from grader.symbolic import equivalent
from grader.symbolic.sampling import switch_expressions, switch_points

REAL = {"x": {"real": True}, "y": {"real": True}, "z": {"real": True}}
POS = {"x": {"positive": True}, "y": {"positive": True}}


@pytest.mark.parametrize(
    "expected, answer, symbols",
    [
        ("x", "Abs(x + 10**6) - 10**6", REAL),  # equal for x >= -10**6 only
        ("x", "Min(x, 10**7)", POS),  # equal below 10**7 only
        ("x", "Max(x, 10**-6)", POS),  # equal above 10**-6 only
        ("x", "Abs(x - 1/1000) + 1/1000", POS),  # kink inside the smallest random decade
        ("1", "Heaviside(x + 50000)", REAL),  # a jump far from the usual samples
        ("x", "Piecewise((x, x < 0.61), (x, x > 0.62), (0, True))", REAL),  # wrong on a narrow band
        ("sqrt(x*y*z)", "sqrt(x)*sqrt(y)*sqrt(z)", REAL),  # differs when exactly two are negative
        ("log(x - 20000)", "log(Abs(x - 20000))", REAL),  # branch point far from the samples
        ("sqrt((x - 3000)**2)", "x - 3000", REAL),  # a root form equal for x >= 3000 only
        ("floor(x/10**5)", "0", POS),  # a step beyond the random magnitudes
    ],
)
def test_answer_right_on_part_of_the_domain_is_refuted(expected, answer, symbols):
    r = equivalent(expected, answer, symbols)
    assert r.equivalent is False, r.reason


def test_a_root_form_is_right_when_the_symbol_is_declared_positive():
    assert equivalent("x - 3000", "sqrt((x - 3000)**2)", {"x": {"positive": True}}).equivalent is False
    assert equivalent("x", "sqrt(x**2)", {"x": {"positive": True}}).equivalent is True
    assert equivalent("sqrt(x)*sqrt(y)", "sqrt(x*y)", POS).equivalent is True


def test_identities_that_hold_everywhere_still_hold_at_the_extreme_points():
    assert equivalent("Abs(x)", "sqrt(x**2)", REAL).equivalent is True
    assert equivalent("sqrt(1 - x)*sqrt(1 + x)", "sqrt(1 - x**2)", REAL).equivalent is True
    assert equivalent("Max(x, y)", "(x + y + Abs(x - y))/2", REAL).equivalent is True
    assert equivalent("log(exp(x))", "x", REAL).equivalent is True


def test_the_counterexample_lies_beside_the_kink():
    r = equivalent("x", "Abs(x + 10**6) - 10**6", REAL)
    assert float(r.counterexample["x"]) < -(10**6)


def test_switch_expressions_are_the_arguments_that_change_form():
    import sympy

    x, y = sympy.symbols("x y", real=True)
    found = switch_expressions([sympy.Abs(x - 3) + sympy.Max(x, y) + sympy.sqrt(x + 5) + sympy.asin(y)])
    assert {x - 3, x - y, x + 5, y - 1, y + 1} <= set(found) or {x - 3, y - x, x + 5, y - 1, y + 1} <= set(found)


def test_switch_points_sit_on_both_sides_of_a_zero_found_by_scanning():
    import sympy
    from fractions import Fraction

    x = sympy.Symbol("x", real=True)
    points = switch_points([sympy.Abs(x**3 - 7)], [x], {x: Fraction(1, 2)})
    values = sorted(float(p[x]) for p in points)
    root = 7 ** (1 / 3)
    assert any(root - 0.01 < v < root for v in values) and any(root < v < root + 0.01 for v in values)
