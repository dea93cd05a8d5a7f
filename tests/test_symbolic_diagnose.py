"""A wrong symbolic answer that is the expected one up to a constant factor, a sign or an
additive constant is diagnosed: names from the shared vocabulary in ``details["diagnosis"]``,
the sentence at the head of the message and in ``details["diagnoses"]``."""

import pytest

from grader.compare.symbolic import compare
from grader.compare.transforms import VOCABULARY
from grader.feedback import without_diagnosis

REAL = {"symbols": {"x": {"real": True}, "y": {"real": True}}}


@pytest.mark.parametrize(
    "expected, answer, names, sentence",
    [
        ("x**2*sin(x)", "2*x**2*sin(x)", ["constant_factor"], "your answer is the expected one times 2"),
        ("x*y", "x*y*pi/2", ["constant_factor"], "your answer is the expected one times pi/2"),
        ("x - y", "y - x", ["sign"], "your answer is the expected one with the opposite sign"),
        ("exp(x)", "1000*exp(x)", ["power_of_ten"], "your answer is the expected one times 10**3"),
        ("exp(x)", "-exp(x)/100", ["power_of_ten", "sign"], "your answer is the expected one times -10**-2"),
        ("x**3/3", "x**3/3 + 1", ["offset"], "your answer is the expected one plus 1"),
        ("sin(x)**2", "-cos(x)**2", ["offset"], "your answer is the expected one minus 1"),
        ("1/2", "1", ["constant_factor"], "your answer is the expected one times 2"),
    ],
)
def test_a_constant_away_from_the_expected_answer_is_diagnosed(expected, answer, names, sentence):
    verdict = compare(expected, answer, REAL)
    assert verdict.status == "failed"
    assert verdict.details["diagnosis"] == names
    assert verdict.details["diagnoses"][0]["message"] == sentence
    assert verdict.message.startswith(sentence + "; Not equivalent")


def test_the_names_are_from_the_shared_vocabulary():
    found = set()
    for answer in ("2*x", "-x", "10*x", "x + 1"):
        found |= set(compare("x", answer, REAL).details["diagnosis"])
    assert found == {"constant_factor", "sign", "power_of_ten", "offset"} and found <= set(VOCABULARY)


def test_the_factor_or_constant_is_given_exactly():
    assert compare("x", "3*x/2", REAL).details["diagnoses"][0]["factor"] == "3/2"
    assert compare("x", "x - 1/2", REAL).details["diagnoses"][0]["constant"] == "-1/2"


@pytest.mark.parametrize(
    "expected, answer",
    [("x", "x**2"), ("sin(x)", "cos(x)"), ("1/2", "1/3"), ("x + y", "x + 2*y"), ("exp(x)", "exp(x) + x")],
)
def test_an_answer_not_a_constant_away_is_not_diagnosed(expected, answer):
    verdict = compare(expected, answer, REAL)
    assert verdict.status == "failed" and "diagnosis" not in verdict.details


def test_a_wrong_element_of_a_tuple_is_diagnosed_as_that_element():
    verdict = compare("(x, y)", "(x, 3*y)", REAL)
    assert verdict.details["diagnosis"] == ["constant_factor"]
    assert verdict.message.startswith("element [1] of your answer is the expected one times 3")  # 0-based


def test_a_right_answer_has_no_diagnosis():
    assert "diagnosis" not in compare("2*x", "x + x", REAL).details


def test_a_declared_mistake_can_drop_the_sentence_but_keep_the_names():
    verdict = compare("x", "2*x", REAL)
    assert without_diagnosis(verdict.message, verdict.details).startswith("Not equivalent")
    assert verdict.details["diagnosis"] == ["constant_factor"]
