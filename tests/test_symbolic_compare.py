"""The ``symbolic`` comparator: options, observed values, verdicts and their details."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from grader.compare import get
from grader.compare.symbolic import OPTION_NAMES, compare
from grader.sandbox.values import SympyText, Unsupported

REAL_XY = {"symbols": {"x": {"real": True}, "y": {"real": True}}}
SOFTMAX = {"symbols": {"p_i": {"positive": True}, "p_j": {"positive": True}}}
COMPLEXITY = {"symbols": {"N": {"positive": True}, "K": {"positive": True}}, "mode": "asymptotic"}


def test_registry_resolves_the_symbolic_kind():
    assert get("symbolic") is compare


def test_option_names_are_exposed_for_the_schema():
    assert "symbols" in OPTION_NAMES and "forms" in OPTION_NAMES and isinstance(OPTION_NAMES, frozenset)


def test_unknown_option_is_rejected_naming_key_and_allowed_ones():
    with pytest.raises(ValueError, match=r"symbol\b.*allowed: .*symbols"):
        compare("x", "x", {"symbol": {}})


def test_bad_form_requirement_is_rejected():
    with pytest.raises(ValueError, match="require"):
        compare("x", "x", {"forms": [{"require": "pretty"}]})


def test_correct_answer_passes_with_parsed_forms_in_details():
    v = compare("p_i*(1 - p_i)", SympyText("p_i - p_i**2", "Add"), SOFTMAX)
    assert v.passed and v.score == 1.0
    assert v.details["kind"] == "proved"
    assert v.details["parsed"] == "-p_i**2 + p_i"
    assert "p_{i}" in v.details["latex"] and v.details["pretty"] and "<m" in v.details["mathml"]
    json.dumps(v.details)


def test_wrong_answer_fails_with_counterexample_in_message_and_details():
    v = compare("-p_i*p_j", "p_i + p_j", SOFTMAX)  # not a constant away: no diagnosis first
    assert not v.passed and v.details["kind"] == "not_equivalent"
    ce = v.details["counterexample"]
    assert {"p_i", "p_j", "expected", "observed"} <= set(ce)
    assert v.message.startswith("Not equivalent: at p_i = ")
    assert "\n" not in v.message
    json.dumps(v.details)


def test_wrong_symbol_name_gets_its_own_message():
    v = compare("p_i*(1 - p_i)", "p*(1 - p)", SOFTMAX)
    assert v.status == "error"
    assert "your answer uses `p` but the problem's symbols are `p_i`, `p_j`" in v.message


def test_unparsable_answer_reports_the_position():
    v = compare("x*y", "x +* y", REAL_XY)
    assert v.status == "error" and v.details["position"] == {"offset": 3, "line": 1, "col": 3}
    assert v.details["pointer"].endswith("   ^")


@pytest.mark.parametrize(
    "observed, phrase",
    [(None, "None"), (Unsupported("numpy.ufunc"), "numpy.ufunc"), (3.5, "number"), (["x"], "single expression"), (True, "boolean")],
)
def test_values_that_are_not_answers_fail_clearly(observed, phrase):
    v = compare("x*y", observed, REAL_XY)
    assert v.status == "failed" and phrase in v.message


def test_number_is_accepted_when_a_constant_is_expected():
    assert compare("1/2", 0.5, {}).passed
    assert compare("sqrt(4)", 2, {}).passed


def test_list_answer_for_a_tuple_problem():
    assert compare("(x, y)", ["x", SympyText("y", "Symbol")], REAL_XY).passed


def test_wrong_element_is_named():
    v = compare("(x, y)", ("x", "x"), REAL_XY)
    assert v.message.startswith("Element [1] of your answer") and v.details["component"] == 1  # 0-based, as every index in the reports


def test_numeric_only_verdict_scores_as_configured():
    opts = {**REAL_XY, "rtol": 1e-4}
    assert compare("sqrt(2)*x", "1.41421*x", opts).passed
    v = compare("sqrt(2)*x", "1.41421*x", {**opts, "numeric_scores": False})
    assert not v.passed and v.details["kind"] == "numeric"


def test_undecided_scores_as_wrong_by_default_and_configurable():
    slow = "Sum(x**k/factorial(k), (k, 0, oo))"
    v = compare(slow, "exp(x)", {**REAL_XY, "time_limit": 0.001})
    assert (v.status, v.details["kind"]) == ("failed", "undecided") and "Could not decide" in v.message
    assert compare(slow, "exp(x)", {**REAL_XY, "time_limit": 0.001, "undecided_scores": True}).passed


def test_form_requirement_with_its_own_feedback():
    opts = {"symbols": {"x": {}}, "forms": [{"require": "expanded", "feedback": "Multiply it out."}]}
    v = compare("(x + 1)**2", "(x + 1)**2", opts)
    assert not v.passed and v.message == "Equivalent, but Multiply it out." and v.details["forms_failed"] == ["expanded"]
    assert compare("(x + 1)**2", "x**2 + 2*x + 1", opts).passed


def test_wrong_answer_reports_inequivalence_before_forms():
    opts = {"symbols": {"x": {}}, "forms": [{"require": "expanded"}]}
    assert compare("(x + 1)**2", "(x + 2)**2", opts).details["kind"] == "not_equivalent"


def test_asymptotic_mode_accepts_big_o_and_constant_factors():
    assert compare("N**2*K", "O(2*N**2*K + N**2)", COMPLEXITY).passed
    v = compare("N**2*K", "N**2*K**2", COMPLEXITY)
    assert not v.passed and "grows faster" in v.message


def test_bad_expected_is_an_error_verdict_not_an_exception():
    v = compare("x +", "x", REAL_XY)
    assert v.status == "error" and v.details["kind"] == "problem_error"


def test_importing_grader_does_not_import_sympy():
    code = "import sys, grader, grader.compare, grader.compare.verdict; print('sympy' in sys.modules)"
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip() == "False"
