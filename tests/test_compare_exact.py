"""The exact comparator: equality after documented coercions, and where a difference is."""

from __future__ import annotations

import numpy as np

from grader.compare.exact import compare
from grader.spec.options import resolve

def opts(**kw):
    """Options as the loader resolves them: the defaults of grader.spec.options with ``kw`` applied."""
    return resolve("exact", kw)


def test_an_integer_valued_float_is_accepted_for_an_int():
    assert compare(81, 81.0, opts()).passed


def test_a_non_integer_float_is_not_accepted_for_an_int():
    assert not compare(81, 81.5, opts()).passed


def test_a_bool_is_not_an_int():
    assert not compare(1, True, opts()).passed
    assert not compare(True, 1, opts()).passed


def test_a_numpy_bool_is_accepted_for_a_bool():
    assert compare(True, np.bool_(True), opts()).passed
    assert not compare(True, np.bool_(False), opts()).passed


def test_a_numpy_int_is_accepted_for_an_int():
    assert compare(7, np.int64(7), opts()).passed


def test_a_tuple_equals_a_list_and_a_numpy_array_equals_its_list():
    assert compare([1, 24, 24, 20], (1, 24, 24, 20), opts()).passed
    assert compare([[1, 2], [3, 4]], np.array([[1, 2], [3, 4]]), opts()).passed


def test_nested_difference_names_the_path():
    v = compare({"shapes": [[1, 2], [3, 4]], "rf": 5}, {"shapes": [[1, 2], [3, 9]], "rf": 5}, opts())
    assert not v.passed
    assert "['shapes'][1][1]" in v.message
    assert v.details["path"] == "['shapes'][1][1]"


def test_a_missing_dict_key_is_named():
    v = compare({"a": 1, "b": 2}, {"a": 1}, opts())
    assert not v.passed and "'b'" in v.message


def test_a_list_of_the_wrong_length_says_both_lengths():
    v = compare([1, 2, 3], [1, 2], opts())
    assert not v.passed and "3" in v.message and "2" in v.message


def test_strict_types_rejects_a_float_for_an_int():
    assert not compare(2, 2.0, opts(strict_types=True)).passed


def test_strict_types_rejects_a_tuple_for_a_list():
    assert not compare([1, 2], (1, 2), opts(strict_types=True)).passed


def test_strings_ignore_surrounding_whitespace_but_not_case_by_default():
    assert compare("valid", "  valid\n", opts()).passed
    assert not compare("valid", "Valid", opts()).passed
    assert compare("valid", "Valid", opts(case_sensitive=False)).passed


def test_none_for_a_value_fails_with_a_hint_about_return():
    v = compare(3, None, opts())
    assert not v.passed and "return" in v.message
