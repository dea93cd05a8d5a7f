"""A failing case's inputs in every report: small arrays in full, large ones summarised, with the seed."""

from __future__ import annotations

import pytest

from grader.report import render
from grader.report.values import brief
from grader.result import FAILED, CaseResult, GradeResult, ProblemResult


def _result(inputs: dict, seed: int | None = None) -> dict:
    case = CaseResult("random 1", FAILED, 0.0, message="expected 1, got 2", inputs=inputs, expected=1, observed=2, seed=seed)
    problem = ProblemResult("f", "f", "f", "numeric", 1.0, 0.0, FAILED, ["expected 1, got 2"], cases=[case])
    return GradeResult({"name": "hw", "title": "HW", "path": ".", "sha256": {}}, {"path": "s.py", "sha256": "0" * 64},
                       [problem], status="graded", grader={"name": "grader", "version": "0"}).to_dict()


def test_a_small_array_is_shown_in_full():
    assert brief([[1, 2], [3, 4]]) == "[[1, 2], [3, 4]]"


def test_a_large_array_is_shown_by_shape_type_range_and_first_values():
    value = [[float(i * 10 + j) for j in range(10)] for i in range(8)]
    assert brief(value) == "shape (8, 10) float, values 0 to 79: [0, 1, 2, 3, 4, 5, ...]"


def test_a_long_string_is_cut_with_its_length():
    assert brief("a" * 500).endswith("... (500 characters)")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "junit", "gradescope"])
def test_every_report_shows_the_inputs_and_the_seed_of_a_generated_case(fmt):
    out = render(fmt, _result({"n": 3, "x": [1.5, 2.5]}, seed=1234))
    assert "n = 3" in out and "x = [1.5, 2.5]" in out
    assert "seed 1234" in out
