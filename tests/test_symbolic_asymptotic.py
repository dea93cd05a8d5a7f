"""Asymptotic (big-O / Θ) grading: same order of growth as the listed variables grow."""

import pytest

from grader.compare.symbolic import compare

NK = {"symbols": {"N": {"positive": True}, "K": {"positive": True}}, "mode": "asymptotic"}


def kind(expected: str, answer: str, opts=NK) -> str:
    return compare(expected, answer, opts).details["kind"]


@pytest.mark.parametrize("answer", ["2*N**2*K + N**2", "N**2*K", "O(N**2*K)", "3*N**2*K", "N*K*N + 5*N*K + 7", "O(N**2*K + N*K)"])
def test_same_order_is_accepted(answer):
    assert compare("N**2*K", answer, NK).passed


@pytest.mark.parametrize("answer", ["N**2*K**2", "N**3*K", "N*K", "N**2", "N**2*K*log(N)", "N**2 + K", "2**N*K"])
def test_different_order_is_rejected(answer):
    assert kind("N**2*K", answer) == "not_equivalent"


def test_looser_upper_bound_is_not_the_tight_order():
    assert kind("N**2*K", "N**2*K**2") == "not_equivalent"


def test_constant_multiple_is_proved():
    assert kind("N**2*K", "O(5*K*N**2)") == "proved"


def test_lower_order_terms_are_numeric_agreement():
    assert kind("N**2*K", "2*N**2*K + N**2") == "numeric"


def test_full_complexity_problem():
    assert compare("N**2*K**2", "(N*K)**2 + N**2*K", NK).passed
    assert not compare("N**2*K**2", "N**2*K", NK).passed


def test_logarithmic_factors_are_distinguished_and_bases_ignored():
    opts = {"symbols": {"n": {"positive": True}}, "mode": "asymptotic"}
    assert compare("n*log(n)", "n*log(n, 2) + n", opts).passed
    assert not compare("n*log(n)", "n", opts).passed
    assert not compare("n*log(n)", "n*log(log(n))", opts).passed


def test_only_listed_variables_grow():
    opts = {**NK, "variables": ["N"]}
    assert compare("N**2*K", "N**2*K**2", opts).passed  # K is a constant here
    assert not compare("N**2*K", "N**3", opts).passed


def test_negative_leading_term_is_rejected():
    assert kind("N**2*K", "N*K - N**2*K") == "not_equivalent"


def test_o_wrapper_is_not_accepted_outside_asymptotic_mode():
    v = compare("N**2", "O(N**2)", {"symbols": {"N": {"positive": True}}})
    assert v.status == "error" and "growth-rate" in v.message
