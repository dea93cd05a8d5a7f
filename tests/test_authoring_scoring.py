"""Multi-part answers, threshold scoring and the student-facing view of a result (pure functions)."""

from __future__ import annotations

import json

import msgspec
import numpy as np

from grader import metrics
from grader.compare import numeric
from grader.compare.parts import compare_parts
from grader.report import render
from grader.result import CaseResult, GradeResult, ProblemResult
from grader.spec import models
from grader.visibility import student_view

OPTIONS = {"rtol": 1e-5, "atol": 1e-8}
PARTS = [msgspec.convert({"name": "dx"}, models.Part), msgspec.convert({"name": "dw", "weight": 3}, models.Part)]


def test_parts_are_scored_by_weight_and_the_message_names_the_wrong_one():
    verdict, per_part = compare_parts(numeric.compare, ([1.0, 2.0], [3.0]), ([1.0, 2.0], [4.0]), PARTS, [OPTIONS, OPTIONS])
    assert verdict.score == 0.25
    assert verdict.message.startswith("dx is right; dw is wrong: ")
    assert [v.passed for _, v in per_part] == [True, False]


def test_a_dict_answer_is_compared_by_key():
    verdict, _ = compare_parts(numeric.compare, {"dx": 1.0, "dw": 2.0}, {"dw": 2.0, "dx": 1.0}, PARTS, [OPTIONS, OPTIONS])
    assert verdict.passed


def test_a_tuple_of_the_wrong_length_fails_clearly():
    verdict, _ = compare_parts(numeric.compare, (1.0, 2.0), (1.0,), PARTS, [OPTIONS, OPTIONS])
    assert verdict.score == 0 and "expected 2 parts (dx, dw), got 1" in verdict.message


def test_linear_accuracy_and_thresholds():
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [2.0, 1.0], [-2.0, 1.0]])
    y = np.array([1, 0, 1, 0])
    assert metrics.linear_accuracy((np.array([[1.0], [0.0]]), 0.0), X, y) == 1.0  # w of any shape that flattens to 2
    assert metrics.linear_accuracy((np.zeros(2), 0.0), X, y) == 0.5
    assert metrics.score(0.95, {0.9: 1.0, 0.8: 0.5}) == 1.0
    assert metrics.score(0.85, {0.9: 1.0, 0.8: 0.5}) == 0.5
    assert metrics.score(0.5, {0.9: 1.0}) == 0.0
    assert metrics.score(float("nan"), {0.9: 1.0}) == 0.0
    assert metrics.score(0.2, {0.3: 1.0}, higher_is_better=False) == 1.0


def test_a_malformed_answer_cannot_be_measured():
    import pytest

    with pytest.raises(metrics.MetricError, match="w has 3 values; expected 2"):
        metrics.linear_accuracy((np.zeros(3), 0.0), np.zeros((4, 2)), np.zeros(4))


def _result() -> GradeResult:
    visible = CaseResult("example", "passed", 1.0, inputs={"x": [1.5]}, expected=[3.0], observed=[3.0])
    secret = CaseResult("random N=3", "failed", 0.0, message="expected 8.123456, got 9.654321", inputs={"x": [4.0617281]},
                        expected=[8.123456], observed=[9.654321], details={"mask": [True]}, feedback=["you gave 9.654321"],
                        stdout="debug 4.0617281", visibility="hidden", seed=12345)
    problem = ProblemResult("double", "double", "double", "numeric", 1.0, score=0.5, status="partial",
                            messages=["1 of 2 cases right"], cases=[visible, secret])
    return GradeResult(assignment={"name": "hw", "title": "HW", "path": "hw", "sha256": {}},
                       submission={"path": "s.py", "sha256": ""}, problems=[problem], status="graded",
                       grader={"name": "grader", "version": "0"})


def test_the_student_view_keeps_scores_and_drops_every_value_of_a_hidden_case():
    full = _result()
    view = student_view(full)
    hidden = view.problems[0].cases[1]
    assert (hidden.status, hidden.score, hidden.visibility) == ("failed", 0.0, "hidden")
    assert hidden.inputs is hidden.expected is hidden.observed is hidden.seed is None
    assert hidden.details == {} and hidden.feedback == [] and hidden.stdout == "" and hidden.name == "hidden case 2"
    assert view.problems[0].hidden == {"graded": 1, "passed": 0} and view.hidden == {"graded": 1, "passed": 0}
    assert full.problems[0].cases[1].observed == [9.654321]  # the full result is unchanged


def test_no_report_format_shows_a_hidden_value_and_each_says_how_many_hidden_cases_passed():
    data = student_view(_result()).to_dict()
    for fmt in ("text", "markdown", "html", "junit", "gradescope", "json"):
        out = render(fmt, data)
        for secret in ("4.0617281", "8.123456", "9.654321", "12345"):
            assert secret not in out, (fmt, secret)
    assert "hidden cases: 1 graded, 0 passed" in render("text", data)
    assert "Hidden cases: 1 graded, 0 passed" in render("markdown", data)
    assert json.loads(render("json", data))["problems"][0]["cases"][1]["visibility"] == "hidden"
