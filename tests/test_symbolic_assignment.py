"""The reference assignment's symbolic problems, graded through the comparator.

f = (x^2 + sigma(y)) / (3x + y - sigma(x)), sigma the logistic sigmoid."""

import pytest

from grader.compare.symbolic import compare

F = "(x**2 + sigma(y)) / (3*x + y - sigma(x))"
# a generous time limit: the suite runs these beside heavy tests on two cores, where the default
# 2 s can run out ("undecided"); what is tested here is the verdict, not the speed
CHAIN = {"symbols": {"x": {"real": True}, "y": {"real": True}}, "functions": {"sigma": "1/(1 + exp(-t))"}, "time_limit": 20}
DF_DX = f"Derivative({F}, x)"
DF_DY = f"Derivative({F}, y)"
D = "(3*x + y - sigma(x))"
D_EXP = "(3*x + y - 1/(1 + exp(-x)))"


@pytest.mark.parametrize(
    "answer",
    [
        f"(2*x*{D} - (x**2 + sigma(y))*(3 - sigma(x)*(1 - sigma(x))))/{D}**2",
        f"2*x/{D} - (x**2 + sigma(y))*(3 - sigma(x) + sigma(x)**2)/{D}**2",
        f"(2*x*{D_EXP} - (x**2 + 1/(1 + exp(-y)))*(3 - exp(-x)/(1 + exp(-x))**2))/{D_EXP}**2",
        f"(2*x*{D} - (x**2 + sigma(y))*(3 - Derivative(sigma(x), x)))/{D}**2",
        f"Derivative({F}, x)",
    ],
    ids=["sigma_form", "expanded_sigma", "exp_form", "unevaluated_derivative", "whole_derivative"],
)
def test_df_dx_accepts_every_correct_form(answer):
    assert compare(DF_DX, answer, CHAIN).passed


@pytest.mark.parametrize(
    "answer",
    [
        f"sigma(y)*(1 - sigma(y))/{D} - (x**2 + sigma(y))/{D}**2",
        f"exp(-y)/(1 + exp(-y))**2/{D_EXP} - (x**2 + 1/(1 + exp(-y)))/{D_EXP}**2",
        f"Derivative(sigma(y), y)/{D} - (x**2 + sigma(y))/{D}**2",
    ],
    ids=["sigma_form", "exp_form", "unevaluated_derivative"],
)
def test_df_dy_accepts_every_correct_form(answer):
    assert compare(DF_DY, answer, CHAIN).passed


@pytest.mark.parametrize(
    "expected, answer",
    [
        (DF_DX, f"(2*x*{D} - (x**2 + sigma(y))*(3 - sigma(x)))/{D}**2"),  # forgot sigma' = sigma(1-sigma)
        (DF_DX, f"(2*x*{D} + (x**2 + sigma(y))*(3 - sigma(x)*(1 - sigma(x))))/{D}**2"),  # sign
        (DF_DY, f"sigma(y)*(1 - sigma(y))/{D} + (x**2 + sigma(y))/{D}**2"),  # sign
        (DF_DY, f"sigma(y)*(1 - sigma(y))/{D}"),  # quotient rule half done
    ],
)
def test_chain_rule_mistakes_are_refuted_with_a_counterexample(expected, answer):
    v = compare(expected, answer, CHAIN)
    assert v.details["kind"] == "not_equivalent" and {"x", "y"} <= set(v.details["counterexample"])


def test_sigma_as_an_undefined_function_in_student_code_is_substituted():
    # what the sandbox sends for sympy.Function('sigma') used by the student
    from grader.sandbox.values import SympyText

    text = "(2*x*(3*x + y - sigma(x)) - (x**2 + sigma(y))*(3 - Derivative(sigma(x), x)))/(3*x + y - sigma(x))**2"
    assert compare(DF_DX, SympyText(text, "Mul"), CHAIN).passed


SOFT_I = {"symbols": {"p_i": {"positive": True}}}
SOFT_IJ = {"symbols": {"p_i": {"positive": True}, "p_j": {"positive": True}}}


def test_softmax_diag():
    assert compare("p_i*(1 - p_i)", "p_i - p_i**2", SOFT_I).passed
    assert compare("p_i*(1 - p_i)", "p_i^2 - p_i", SOFT_I).details["kind"] == "not_equivalent"


def test_softmax_offdiag():
    assert compare("-p_i*p_j", "-p_j*p_i", SOFT_IJ).passed
    assert "symbols are `p_i`, `p_j`" in compare("-p_i*p_j", "-p*q", SOFT_IJ).message


def test_denoised_variance_where_sigma_is_a_symbol():
    opts = {"symbols": {"sigma": {"positive": True}, "N": {"positive": True}}}
    assert compare("sigma**2/N", "sigma^2/N", opts).passed
    assert not compare("sigma**2/N", "sigma/N", opts).passed
    assert "did you mean `N`" in compare("sigma**2/N", "sigma**2/n", opts).message


COMPLEXITY = {"symbols": {"N": {"positive": True}, "K": {"positive": True}}, "mode": "asymptotic"}


def test_complexity_separable():
    for right in ("2*N**2*K + N**2", "O(N**2*K)", "N**2*K"):
        assert compare("N**2*K", right, COMPLEXITY).passed, right
    assert not compare("N**2*K", "N**2*K**2", COMPLEXITY).passed


def test_complexity_full():
    assert compare("N**2*K**2", "O(N**2*K**2)", COMPLEXITY).passed
    assert not compare("N**2*K**2", "N**2*K", COMPLEXITY).passed


def test_pi_is_the_constant():
    assert compare("pi*r**2", "r**2*pi", {"symbols": {"r": {"positive": True}}}).passed
