"""The canonical JSON result is plain data: what json.dumps(allow_nan=False) accepts."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from grader.result import jsonable


@dataclass
class _Part:
    name: str
    values: tuple


def test_non_finite_numbers_in_a_list_become_strings():
    assert jsonable([1.0, float("nan"), float("-inf"), 2]) == [1.0, "nan", "-inf", 2]


def test_arrays_become_nested_lists_with_non_finite_numbers_as_strings():
    assert jsonable(np.array([[1.0, np.inf], [np.nan, 0.5]])) == [[1.0, "inf"], ["nan", 0.5]]
    assert jsonable(np.arange(3, dtype=np.int8)) == [0, 1, 2]


def test_dataclasses_become_dicts_and_tuples_lists():
    data = jsonable({"part": _Part("dx", (np.float32(1.5), True, None))})
    assert data == {"part": {"name": "dx", "values": [1.5, True, None]}}
    json.dumps(data, allow_nan=False)


def test_a_list_is_copied_not_shared():
    values = [1, 2, 3]
    assert jsonable(values) is not values


def test_the_json_report_holds_no_nan_or_infinity_tokens():
    from grader.report import render

    def refuse(token):
        raise AssertionError(f"{token} is not JSON")

    text = render("json", {"observed": jsonable(np.array([np.nan, np.inf, 1e-05]))})
    assert json.loads(text, parse_constant=refuse) == {"observed": ["nan", "inf", 1e-05]}

